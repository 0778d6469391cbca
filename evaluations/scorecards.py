"""The framework's versions, evaluators' scorecards, recusal and blind visibility of scores.

Blind scoring: an evaluator sees other evaluators' scores (and the aggregate) only after submitting their
own. Everyone else — the chair and the proposer included — sees the aggregate only once scoring has closed
(the chair closed it, or the proposal left Evaluating). A submitted scorecard is final: once its author has
seen the others' scores, changing it would break the blindness.

Drafts: an evaluator may save an unfinished scorecard (an Evaluation without `submitted_at`). A draft is
invisible to everyone else, counts nowhere, and becomes the scorecard when its author submits it.

Scorecards made with different framework versions are aggregated on the criteria of the newest version
among them (criterion keys are stable across versions); weights come from that version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from evaluations.numbers import next_number, proposal_ref
from evaluations.recusal import recuse_in_ballot
from evaluations.rules import STATE_LABELS
from evaluations.scoring import (
    CONFIDENCE,
    DEFAULT_CRITERIA,
    DEFAULT_GATES,
    Aggregate,
    Score,
    ScoreInput,
    aggregate,
    criterion_names,
    key_from_name,
    spider_figure,
    validate_framework,
    validate_score,
)
from evaluations.tables import Ballot, CriterionScore, Evaluation, EvaluatorAssignment, FrameworkVersion, Proposal
from evaluations.transitions import locked_proposal
from evaluations.workflow import NotAllowed, ProposalView
from radar import audit
from radar.database import transaction
from radar.errors import NotFound, ValidationFailed
from radar.limits import LINE_MAX, NOTE_MAX, too_long
from radar.tables import User


@dataclass(frozen=True)
class Framework:
    id: int
    version: int
    gates: list[dict[str, Any]]
    criteria: list[dict[str, Any]]
    note: str
    created_at: datetime
    created_by: str

    @property
    def names(self) -> dict[str, str]:
        """Criterion key -> name: the one name a criterion is shown by."""
        return criterion_names(self.criteria)

    @property
    def weight_total(self) -> float:
        return round(sum(float(c["weight"]) for c in self.criteria), 6)


def _framework(row: dict[str, Any], names: dict[int, str]) -> Framework:
    return Framework(
        id=row["id"],
        version=row["version"],
        gates=list(row["gates"]),
        criteria=list(row["criteria"]),
        note=row["note"],
        created_at=row["created_at"],
        created_by=names.get(row["created_by"] or 0, "Radar"),
    )


async def _user_names() -> dict[int, str]:
    return {row["id"]: row["display_name"] for row in await User.select(User.id, User.display_name).run()}


async def current_framework() -> Framework:
    """The newest framework version; version 1 (the DESIGN.md defaults) is created on first use."""
    row = (
        await FrameworkVersion.select()
        .order_by(FrameworkVersion.version, ascending=False)
        .first()
        .output(load_json=True)
        .run()
    )
    if row is None:
        async with transaction(FrameworkVersion._meta.db):
            if not await FrameworkVersion.exists().run():
                await FrameworkVersion.insert(
                    FrameworkVersion(
                        version=1,
                        gates=DEFAULT_GATES,
                        criteria=DEFAULT_CRITERIA,
                        note="The defaults of DESIGN.md §4.",
                        created_at=audit.now(),
                    )
                ).run()
                await audit.record("framework.create", "framework", "v1", None)
        row = (
            await FrameworkVersion.select()
            .order_by(FrameworkVersion.version, ascending=False)
            .first()
            .output(load_json=True)
            .run()
        )
    assert row is not None
    return _framework(row, await _user_names())


async def framework_versions() -> list[Framework]:
    await current_framework()
    rows = (
        await FrameworkVersion.select().order_by(FrameworkVersion.version, ascending=False).output(load_json=True).run()
    )
    names = await _user_names()
    return [_framework(row, names) for row in rows]


async def framework_version(version: int) -> Framework:
    row = (
        await FrameworkVersion.select().where(FrameworkVersion.version == version).first().output(load_json=True).run()
    )
    if row is None:
        raise NotFound(f"No framework version {version}.")
    return _framework(row, await _user_names())


def normalise_framework(gates: list[dict[str, Any]], criteria: list[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """Give new gates and criteria a key from their name; keep existing keys (so scores stay comparable)."""
    clean_gates = [
        {
            "key": gate.get("key") or key_from_name(str(gate.get("name", ""))),
            "name": str(gate.get("name", "")).strip(),
            "question": str(gate.get("question", "")).strip(),
        }
        for gate in gates
    ]
    clean_criteria = [
        {
            "key": criterion.get("key") or key_from_name(str(criterion.get("name", ""))),
            "name": str(criterion.get("name", "")).strip(),
            "weight": criterion.get("weight"),
            "anchor_5": str(criterion.get("anchor_5", "")).strip(),
            "anchor_1": str(criterion.get("anchor_1", "")).strip(),
        }
        for criterion in criteria
    ]
    return clean_gates, clean_criteria


async def save_framework(
    gates: list[dict[str, Any]], criteria: list[dict[str, Any]], note: str, actor_id: int
) -> Framework:
    """Every edit makes a new version; evaluations keep the version they were made with."""
    gates, criteria = normalise_framework(gates, criteria)
    errors = validate_framework(gates, criteria)
    for kind, rows, fields in (
        ("gate", gates, ("name", "question")),
        ("criterion", criteria, ("name", "anchor_5", "anchor_1")),
    ):
        for index, row in enumerate(rows):
            for field_name in fields:
                value = str(row.get(field_name, ""))
                if len(value) > LINE_MAX:
                    errors.setdefault(
                        f"{kind}_{index}_{field_name}", f"At most {LINE_MAX} characters (this has {len(value)})."
                    )
    if not note.strip():
        errors["note"] = "Say what changed and why."
    errors.update(too_long({"note": note.strip()}, {"note": NOTE_MAX}))
    if errors:
        raise ValidationFailed(errors)
    await current_framework()
    async with transaction(FrameworkVersion._meta.db):
        version = await next_number("framework_version")
        await FrameworkVersion.insert(
            FrameworkVersion(
                version=version,
                gates=gates,
                criteria=[{**c, "weight": float(c["weight"])} for c in criteria],
                note=note.strip(),
                created_at=audit.now(),
                created_by=actor_id,
            )
        ).run()
        await audit.record("framework.create", "framework", f"v{version}", actor_id, {"note": note.strip()})
    return await framework_version(version)


# -- scorecards ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scorecard:
    evaluator_id: int
    evaluator: str
    framework_version: int
    gate_results: dict[str, bool]
    failed_gate: str
    scores: list[ScoreInput]
    submitted_at: datetime | None


@dataclass(frozen=True)
class ScoringState:
    """What `viewer` may do and see for one proposal."""

    status: str  # assigned | submitted | recused | not_assigned | proposer
    recusal_reason: str
    can_score: bool
    can_see_scores: bool
    own: Scorecard | None


@dataclass(frozen=True)
class ScoringView:
    framework: Framework
    submitted: int
    assigned: int
    scorecards: list[Scorecard]  # empty unless the viewer may see scores
    aggregate: Aggregate | None
    figure: dict[str, Any] | None
    failed_gates: list[tuple[str, str]]  # (evaluator, gate name)


async def _proposal_row(number: int) -> dict[str, Any]:
    row: dict[str, Any] | None = await Proposal.select().where(Proposal.number == number).first().run()
    if row is None:
        raise NotFound(f"No proposal {proposal_ref(number)}.")
    return row


async def _scorecards(proposal_id: int) -> list[Scorecard]:
    evaluations = (
        await Evaluation.select(
            *Evaluation.all_columns(),
            Evaluation.framework.version.as_alias("framework_version"),
            Evaluation.evaluator.display_name.as_alias("evaluator_name"),
        )
        .where(Evaluation.proposal == proposal_id)
        .order_by(Evaluation.id)
        .output(load_json=True)
        .run()
    )
    ids = [row["id"] for row in evaluations]
    scores = (
        await CriterionScore.select().where(CriterionScore.evaluation.is_in(ids)).order_by(CriterionScore.id).run()
        if ids
        else []
    )
    return [
        Scorecard(
            evaluator_id=row["evaluator"],
            evaluator=row["evaluator_name"],
            framework_version=row["framework_version"],
            gate_results=dict(row["gate_results"] or {}),
            failed_gate=row["failed_gate"],
            scores=[
                ScoreInput(s["criterion"], s["score"], s["confidence"], s["rationale"], s["evidence_url"])
                for s in scores
                if s["evaluation"] == row["id"]
            ],
            submitted_at=row["submitted_at"],
        )
        for row in evaluations
    ]


async def scoring_state(proposal: ProposalView, viewer_id: int | None) -> ScoringState:
    """The viewer's part in scoring this proposal and whether they may see others' scores yet."""
    cards = [card for card in await _scorecards(proposal.id) if card.submitted_at is not None]
    own = next((card for card in cards if card.evaluator_id == viewer_id), None)
    assignment = next((a for a in proposal.evaluators if a.user_id == viewer_id), None)
    if viewer_id == proposal.proposer_id:
        status = "proposer"
    elif own is not None:
        status = "submitted"
    elif assignment is not None and assignment.recused:
        status = "recused"
    elif assignment is not None:
        status = "assigned"
    else:
        status = "not_assigned"
    can_score = status == "assigned" and proposal.state == "evaluating" and not proposal.scoring_closed
    can_see = viewer_id is not None and (proposal.scoring_closed or own is not None)
    return ScoringState(status, assignment.recusal_reason if assignment else "", can_score, can_see, own)


@dataclass(frozen=True)
class SubmittedScores:
    """Every submitted scorecard of a proposal, aggregated with the framework version they were made with."""

    framework: Framework
    cards: list[Scorecard]
    scores: list[Score]
    aggregate: Aggregate
    failed_gates: list[tuple[str, str]]  # (evaluator, gate name)


async def submitted_scores(proposal_id: int) -> SubmittedScores:
    """The aggregate of the submitted scorecards (those stopped by a failed gate count only as that)."""
    cards = [card for card in await _scorecards(proposal_id) if card.submitted_at is not None]
    framework = await current_framework()
    if cards:
        framework = await framework_version(max(card.framework_version for card in cards))
    gate_names = {gate["key"]: gate["name"] for gate in framework.gates}
    scores = [
        Score(card.evaluator, entry.criterion, entry.score, entry.confidence)
        for card in cards
        if not card.failed_gate
        for entry in card.scores
    ]
    failed = [
        (card.evaluator, gate_names.get(card.failed_gate, card.failed_gate)) for card in cards if card.failed_gate
    ]
    return SubmittedScores(framework, cards, scores, aggregate(framework.criteria, scores), failed)


async def scoring_view(proposal: ProposalView, viewer_id: int | None) -> ScoringView:
    """Scores, aggregate and spider chart for the viewer; without them while scoring is blind for the viewer."""
    state = await scoring_state(proposal, viewer_id)
    submitted = await submitted_scores(proposal.id)
    assigned = sum(1 for a in proposal.evaluators if not a.recused)
    if not state.can_see_scores:
        return ScoringView(submitted.framework, len(submitted.cards), assigned, [], None, None, [])
    figure = (
        spider_figure(submitted.framework.criteria, submitted.scores, submitted.aggregate) if submitted.scores else None
    )
    return ScoringView(
        submitted.framework,
        len(submitted.cards),
        assigned,
        submitted.cards,
        submitted.aggregate,
        figure,
        submitted.failed_gates,
    )


CONFLICT_STATES = ("evaluating", "voting")


async def declare_conflict(number: int, user_id: int, reason: str, now: datetime | None = None) -> None:
    """Declare a conflict of interest on a proposal in Evaluating or Voting: an assigned evaluator (before
    submitting a scorecard), or a board member eligible on its open ballot. They are recused from evaluating
    and from its ballot, now and when one opens; the reason is recorded and shown."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"conflict_reason": "Say what the conflict is (it is recorded)."})
    if errors := too_long({"conflict_reason": reason}, {"conflict_reason": NOTE_MAX}):
        raise ValidationFailed(errors)
    now = now or audit.now()
    async with transaction(Proposal._meta.db):
        row = await locked_proposal(number=number)
        if row["state"] not in CONFLICT_STATES:
            raise NotAllowed(
                f"A conflict can be declared only while a proposal is Evaluating or Voting; this one is "
                f"{STATE_LABELS[row['state']]}."
            )
        assignment = (
            await EvaluatorAssignment.select()
            .where((EvaluatorAssignment.proposal == row["id"]) & (EvaluatorAssignment.evaluator == user_id))
            .first()
            .run()
        )
        ballot = (
            await Ballot.select(Ballot.id, Ballot.rules)
            .where((Ballot.proposal == row["id"]) & (Ballot.state == "open"))
            .first()
            .output(load_json=True)
            .run()
        )
        on_ballot = ballot is not None and user_id in ballot["rules"].get("members", [])
        if assignment is None and not on_ballot:
            raise NotAllowed(
                "Only the evaluators assigned to this proposal, and board members once its ballot is open, can "
                "declare a conflict on it."
            )
        if assignment is not None:
            submitted = (
                await Evaluation.exists()
                .where(
                    (Evaluation.proposal == row["id"])
                    & (Evaluation.evaluator == user_id)
                    & Evaluation.submitted_at.is_not_null()  # a draft is not a scorecard
                )
                .run()
            )
            if submitted and not on_ballot:
                raise NotAllowed("You have already submitted a scorecard for this proposal.")
            if not submitted:
                await (
                    EvaluatorAssignment.update(
                        {EvaluatorAssignment.recused: True, EvaluatorAssignment.recusal_reason: reason}
                    )
                    .where(EvaluatorAssignment.id == assignment["id"])
                    .run()
                )
        if on_ballot and ballot is not None:
            await recuse_in_ballot(ballot["id"], user_id, f"Declared a conflict: {reason}", now)
        await audit.record("evaluation.recuse", "proposal", proposal_ref(number), user_id, {"reason": reason})


async def submit_scorecard(
    proposal: ProposalView, evaluator_id: int, gate_results: dict[str, bool | None], scores: list[ScoreInput]
) -> None:
    """Record one evaluator's scorecard. Gates first: a failed gate stops the scorecard and is recorded;
    otherwise every criterion needs a score (or "don't know") that passes `validate_score`."""
    state = await scoring_state(proposal, evaluator_id)
    if not state.can_score:
        reasons = {
            "proposer": "You proposed this: you are recused from evaluating it.",
            "recused": "You declared a conflict on this proposal: you are recused from evaluating it.",
            "submitted": "You have already submitted your scorecard; it is final.",
            "not_assigned": "The chair has not asked you to evaluate this proposal.",
        }
        raise NotAllowed(reasons.get(state.status, "Scoring of this proposal is closed."))
    framework = await current_framework()
    errors: dict[str, str] = {}
    failed_gate = ""
    for gate in framework.gates:
        result = gate_results.get(gate["key"])
        if result is None:
            errors[f"gate_{gate['key']}"] = "Answer pass or fail."
        elif result is False and not failed_gate:
            failed_gate = gate["key"]
    by_key = {entry.criterion: entry for entry in scores}
    if not failed_gate and not errors:
        for criterion in framework.criteria:
            entry = by_key.get(criterion["key"])
            if entry is None:
                errors[f"{criterion['key']}_score"] = "Score from 1 to 5, or choose “don't know”."
                continue
            for part, message in validate_score(entry).items():
                errors[f"{criterion['key']}_{part}"] = message
    if errors:
        raise ValidationFailed(errors)
    async with transaction(Evaluation._meta.db):
        entries = [] if failed_gate else [by_key[criterion["key"]] for criterion in framework.criteria]
        await _write_card(proposal.id, evaluator_id, framework.id, gate_results, failed_gate, entries, submit=True)
        await audit.record(
            "evaluation.submit",
            "proposal",
            proposal.ref,
            evaluator_id,
            {"framework": framework.version, "failed_gate": failed_gate},
        )


async def _write_card(
    proposal_id: int,
    evaluator_id: int,
    framework_id: int,
    gate_results: dict[str, bool | None],
    failed_gate: str,
    entries: list[ScoreInput],
    submit: bool,
) -> None:
    """Write the evaluator's one scorecard row (a draft is replaced); the caller holds the transaction."""
    existing = (
        await Evaluation.select(Evaluation.id, Evaluation.submitted_at)
        .where((Evaluation.proposal == proposal_id) & (Evaluation.evaluator == evaluator_id))
        .first()
        .run()
    )
    if existing is not None and existing["submitted_at"] is not None:
        raise NotAllowed("You have already submitted your scorecard; it is final.")
    moment = audit.now()
    gates = {key: bool(value) for key, value in gate_results.items() if value is not None}
    if existing is None:
        evaluation = Evaluation(
            proposal=proposal_id,
            evaluator=evaluator_id,
            framework=framework_id,
            gate_results=gates,
            failed_gate=failed_gate,
            submitted_at=moment if submit else None,
            created_at=moment,
        )
        await evaluation.save().run()
        evaluation_id = evaluation.id
    else:
        evaluation_id = existing["id"]
        await (
            Evaluation.update(
                {
                    Evaluation.framework: framework_id,
                    Evaluation.gate_results: gates,
                    Evaluation.failed_gate: failed_gate,
                    Evaluation.submitted_at: moment if submit else None,
                }
            )
            .where(Evaluation.id == evaluation_id)
            .run()
        )
        await CriterionScore.delete().where(CriterionScore.evaluation == evaluation_id).run()
    for entry in entries:
        await CriterionScore.insert(
            CriterionScore(
                evaluation=evaluation_id,
                criterion=entry.criterion,
                score=entry.score,
                confidence=entry.confidence if entry.score is not None else 0.0,
                rationale=entry.rationale.strip(),
                evidence_url=entry.evidence_url.strip(),
            )
        ).run()


async def save_draft(
    proposal: ProposalView, evaluator_id: int, gate_results: dict[str, bool | None], scores: list[ScoreInput]
) -> None:
    """Save the evaluator's unfinished scorecard as a draft: nothing is checked but who may score, nobody else
    sees it, and it counts nowhere until it is submitted."""
    state = await scoring_state(proposal, evaluator_id)
    if not state.can_score:
        raise NotAllowed("You cannot score this proposal (any more).")
    framework = await current_framework()
    async with transaction(Evaluation._meta.db):
        await _write_card(proposal.id, evaluator_id, framework.id, gate_results, "", scores, submit=False)
        await audit.record("evaluation.draft", "proposal", proposal.ref, evaluator_id, {"scored": len(scores)})


async def draft_form(proposal_id: int, evaluator_id: int | None) -> dict[str, str] | None:
    """The evaluator's saved draft as form values, or None without one."""
    card = next(
        (
            card
            for card in await _scorecards(proposal_id)
            if card.evaluator_id == evaluator_id and card.submitted_at is None
        ),
        None,
    )
    if card is None:
        return None
    form = {f"gate_{key}": "pass" if passed else "fail" for key, passed in card.gate_results.items()}
    labels = {value: label for label, value in CONFIDENCE.items()}
    for entry in card.scores:
        form[f"score_{entry.criterion}"] = "dk" if entry.score is None else str(entry.score)
        form[f"confidence_{entry.criterion}"] = labels.get(entry.confidence, "high")
        form[f"rationale_{entry.criterion}"] = entry.rationale
        form[f"evidence_{entry.criterion}"] = entry.evidence_url
    return form


async def drafts_of(evaluator_id: int) -> set[int]:
    """Ids of the proposals where the evaluator has a saved draft."""
    rows = (
        await Evaluation.select(Evaluation.proposal)
        .where((Evaluation.evaluator == evaluator_id) & Evaluation.submitted_at.is_null())
        .run()
    )
    return {row["proposal"] for row in rows}


@dataclass(frozen=True)
class Comparison:
    """The scorecard of the blip a proposal would replace: its latest closed, scored proposal."""

    blip_name: str
    proposal_ref: str
    aggregate: Aggregate


async def replaced_scorecard(proposal: ProposalView) -> Comparison | None:
    """Side by side with the blip it would replace, when one is named and was itself scored."""
    if proposal.replaces is None:
        return None
    rows = await Proposal.select().order_by(Proposal.number, ascending=False).run()
    name = proposal.replaces.name.lower()
    for row in rows:
        if row["id"] == proposal.id or row["technology_name"].lower() != name:
            continue
        cards = [card for card in await _scorecards(row["id"]) if card.submitted_at and not card.failed_gate]
        closed = row["scoring_closed_at"] is not None or row["state"] not in ("submitted", "needs_info", "evaluating")
        if not cards or not closed:
            continue
        framework = await framework_version(max(card.framework_version for card in cards))
        scores = [Score(c.evaluator, e.criterion, e.score, e.confidence) for c in cards for e in c.scores]
        return Comparison(proposal.replaces.name, proposal_ref(row["number"]), aggregate(framework.criteria, scores))
    return None
