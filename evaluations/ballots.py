"""Ballots: opening them with frozen rules, casting votes, closing them, and writing the decision.

A decision is written in one transaction: the ballot, the proposal's state, the blip's ring change, the
decision record (superseding the blip's previous one), the audit event and the outbox message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from evaluations import outbox, pilot_records, scorecards
from evaluations.rules import RETIRED, RING_MOVES
from evaluations.tables import (
    Ballot,
    DecisionRecord,
    Evaluation,
    FrameworkVersion,
    Proposal,
    Vote,
)
from evaluations.voting import (
    CHOICES,
    RULE_LABELS,
    BallotRules,
    Outcome,
    Tally,
    add_months,
    closes_at_for,
    outcome,
    requirement_text,
    rule_for_move,
    rules_for,
    tally,
)
from radar import audit, changes
from radar.database import transaction
from radar.errors import NotFound, ValidationFailed
from radar.tables import Blip, Ring, RoleMembership, User

PROPOSAL_STATE_AFTER = {"passed": "approved", "failed": "declined", "no_decision": "no_decision"}
STATE_LABELS = {"open": "Open", "passed": "Passed", "failed": "Failed", "no_decision": "No decision"}


def engine() -> Any:
    return Ballot._meta.db


def adr_ref(number: int) -> str:
    return f"ADR-{number:04d}"


def ballot_title(kind: str, name: str, from_ring: str | None, to_ring: str) -> str:
    """ "Move Kotlin from Trial to Adopt", "Add Temporal to Assess", "Keep Kafka in Adopt", "Retire X from Hold"."""
    if kind == "retire":
        return f"Retire {name} from {from_ring or to_ring}"
    if from_ring is None or kind == "add":
        return f"Add {name} to {to_ring}"
    if from_ring == to_ring:
        return f"Keep {name} in {to_ring}"
    return f"Move {name} from {from_ring} to {to_ring}"


# What a ballot reads from the evaluation work: scores, pilot verdict and scorecard (rules in pilots.py, scoring.py) ---


async def scores_in(proposal_id: int) -> bool:
    """A proposal's scores are in once at least one evaluation has been submitted."""
    return bool(
        await Evaluation.exists()
        .where((Evaluation.proposal == proposal_id) & (Evaluation.submitted_at.is_not_null()))
        .run()
    )


@dataclass(frozen=True)
class MetricResult:
    name: str
    unit: str
    must_pass: bool
    baseline: float | None
    target: float | None
    observed: float | None
    status: str  # PASS | PARTIAL | FAIL | BREACH | INVALID


@dataclass(frozen=True)
class PilotVerdict:
    verdict: str | None  # PASS | CONDITIONAL | FAIL | INCONCLUSIVE; None without a pilot
    conditions: str = ""
    metrics: list[MetricResult] = field(default_factory=list)


async def pilot_verdict_for(proposal_id: int) -> PilotVerdict:
    """The verdict of the proposal's pilot, as evaluations/pilots.py judges it, in the ballot's terms."""
    pilot = await pilot_records.pilot_for(proposal_id)
    if pilot is None:
        return PilotVerdict(None)
    return PilotVerdict(
        pilot.verdict.verdict,
        pilot.conditions,
        [
            MetricResult(
                metric.name,
                metric.unit,
                metric.spec.must_pass,
                metric.spec.baseline,
                metric.spec.target,
                metric.observations[-1].value if metric.observations else None,
                metric.status.status,
            )
            for metric in pilot.metrics
        ],
    )


@dataclass(frozen=True)
class CriterionSummary:
    key: str
    name: str
    weight: float
    mean: float | None
    median: float | None
    low: int | None
    high: int | None
    count: int
    flags: list[str]


@dataclass(frozen=True)
class Scorecard:
    evaluations: int
    evaluators: list[str]
    criteria: list[CriterionSummary]
    total: float | None  # 0-100
    band: str
    failed_gates: list[str]


async def scorecard_for(proposal_id: int) -> Scorecard:
    """The submitted evaluations aggregated per criterion, as the proposal page shows them (evaluations/scoring.py)."""
    submitted = await scorecards.submitted_scores(proposal_id)
    if not submitted.cards:
        return Scorecard(0, [], [], None, "no scores yet", [])
    result = submitted.aggregate
    return Scorecard(
        len(submitted.cards),
        sorted({card.evaluator for card in submitted.cards}),
        [
            CriterionSummary(c.key, c.name, c.weight, c.mean, c.median, c.low, c.high, c.n, list(c.flags))
            for c in result.criteria
        ],
        round(result.score, 1) if result.score is not None else None,
        (result.band_label or "incomplete").lower(),
        sorted({gate for _, gate in submitted.failed_gates}),
    )


# Opening ---------------------------------------------------------------------------------------------------


async def board_members() -> list[dict[str, Any]]:
    """Active users holding the board role, by name."""
    rows = (
        await RoleMembership.select(
            RoleMembership.user.as_alias("id"), RoleMembership.user.display_name.as_alias("name")
        )
        .where((RoleMembership.role == "board") & (RoleMembership.user.active.is_in([True])))
        .run()
    )
    return sorted(rows, key=lambda row: row["name"])


async def _rings() -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in await Ring.select().run()}


def _check_move(from_slug: str | None, to_slug: str, review: bool) -> None:
    """DESIGN.md §3's ring moves (evaluations/rules.py); `to_slug` "retired" takes the blip off the radar."""
    if review and from_slug == to_slug:
        return
    if to_slug not in RING_MOVES.get(from_slug, ()):
        allowed = ", ".join(RING_MOVES.get(from_slug, ())) or "none"
        raise ValidationFailed(
            {
                "to_ring": f"The board cannot move a blip from {from_slug or 'nowhere'} to {to_slug} "
                f"(allowed: {allowed})."
            }
        )


async def _insert_ballot(
    *,
    proposal_id: int | None,
    blip_id: int | None,
    from_ring: dict[str, Any] | None,
    to_ring: dict[str, Any],
    pilot: PilotVerdict,
    actor_id: int | None,
    now: datetime,
    subject: str,
    title: str,
) -> int:
    members = await board_members()
    if not members:
        raise ValidationFailed({"ballot": "There are no board members to vote."})
    rule = rule_for_move(
        (from_ring["slug"], from_ring["position"]) if from_ring else None, (to_ring["slug"], to_ring["position"])
    )
    rules = rules_for([member["id"] for member in members], rule, pilot.verdict, bool(pilot.conditions.strip()))
    ballot = Ballot(
        proposal=proposal_id,
        blip=blip_id,
        from_ring=from_ring["id"] if from_ring else None,
        to_ring=to_ring["id"],
        state="open",
        rules=rules.to_json(),
        opened_at=now,
        closes_at=closes_at_for(now, rules),
        opened_by=actor_id,
    )
    await ballot.save().run()
    await audit.record(
        "ballot.open",
        "ballot",
        str(ballot.id),
        actor_id,
        {"subject": subject, "rule": rule, "eligible": len(rules.members), "closes_at": ballot.closes_at.isoformat()},
    )
    await outbox.announce(
        "ballot.opened",
        {
            "ballot": ballot.id,
            "title": title,
            "subject": subject,
            "rule": rule,
            "to_ring": to_ring["slug"],
            "closes_at": ballot.closes_at.isoformat(),
            "members": list(rules.members),
        },
        now,
    )
    return int(ballot.id)


async def open_ballot(proposal_id: int, actor_id: int | None, now: datetime | None = None) -> int:
    """Open the board's ballot on a proposal in Evaluating whose scores are in; the proposal moves to Voting."""
    now = now or audit.now()
    async with transaction(engine()):
        proposal = await Proposal.select().where(Proposal.id == proposal_id).first().run()
        if proposal is None:
            raise NotFound(f"proposal {proposal_id}")
        if proposal["state"] != "evaluating":
            raise ValidationFailed(
                {"ballot": f"Only a proposal in Evaluating can go to a vote (this one is {proposal['state']})."}
            )
        if not await scores_in(proposal_id):
            raise ValidationFailed({"ballot": "The scores are not in yet: at least one evaluation must be submitted."})
        rings = await _rings()
        blip = None
        if proposal["blip"]:
            blip = await Blip.select(Blip.id, Blip.ring).where(Blip.id == proposal["blip"]).first().run()
        from_ring = (
            rings[blip["ring"]] if blip else (rings.get(proposal["current_ring"]) if proposal["current_ring"] else None)
        )
        to_ring = rings[proposal["target_ring"]]  # a retirement keeps the current ring as its target
        move_to = RETIRED if proposal["kind"] == "retire" else to_ring["slug"]
        _check_move(from_ring["slug"] if from_ring else None, move_to, review=False)
        ballot_id = await _insert_ballot(
            proposal_id=proposal_id,
            blip_id=blip["id"] if blip else None,
            from_ring=from_ring,
            to_ring=to_ring,
            pilot=await pilot_verdict_for(proposal_id),
            actor_id=actor_id,
            now=now,
            subject=f"P-{proposal['number']:04d}",
            title=ballot_title(
                proposal["kind"], proposal["technology_name"], from_ring["name"] if from_ring else None, to_ring["name"]
            ),
        )
        await (
            Proposal.update({Proposal.state: "voting", Proposal.updated_at: now})
            .where(Proposal.id == proposal_id)
            .run()
        )
        await outbox.proposal_state_changed(proposal, "voting", actor_id, now, ballot=ballot_id)
    return ballot_id


async def open_review_ballot(
    blip_slug: str, to_ring_slug: str | None, actor_id: int | None, now: datetime | None = None
) -> int:
    """Open a review ballot on a blip: keep it in its ring (the default) or move it."""
    now = now or audit.now()
    async with transaction(engine()):
        blip = await Blip.select(Blip.id, Blip.name, Blip.ring).where(Blip.slug == blip_slug).first().run()
        if blip is None:
            raise NotFound(f"blip {blip_slug!r}")
        if await Ballot.exists().where((Ballot.blip == blip["id"]) & (Ballot.state == "open")).run():
            raise ValidationFailed({"ballot": f"{blip['name']} already has an open ballot."})
        rings = await _rings()
        from_ring = rings[blip["ring"]]
        by_slug = {ring["slug"]: ring for ring in rings.values()}
        to_ring = by_slug.get(to_ring_slug or from_ring["slug"])
        if to_ring is None:
            raise ValidationFailed({"to_ring": "Choose a ring."})
        _check_move(from_ring["slug"], to_ring["slug"], review=True)
        return await _insert_ballot(
            proposal_id=None,
            blip_id=blip["id"],
            from_ring=from_ring,
            to_ring=to_ring,
            pilot=PilotVerdict(None),
            actor_id=actor_id,
            now=now,
            subject=blip_slug,
            title=ballot_title("review", blip["name"], from_ring["name"], to_ring["name"]),
        )


# Voting ----------------------------------------------------------------------------------------------------


async def _lock_for_voting(ballot_id: int) -> dict[str, Any] | None:
    """The ballot, share-locked on PostgreSQL so it cannot close while this vote is being written."""
    if isinstance(engine(), PostgresEngine):
        rows = await Ballot.raw("SELECT * FROM ballot WHERE id = {} FOR SHARE", ballot_id).run()
        return rows[0] if rows else None
    row: dict[str, Any] | None = await Ballot.select().where(Ballot.id == ballot_id).first().run()
    return row


async def cast_vote(ballot_id: int, voter_id: int, choice: str, comment: str = "", now: datetime | None = None) -> str:
    """Record or replace the voter's vote (yes/no/abstain, or "recused" with the reason as comment).

    Returns the ballot's state afterwards: a vote can close it early. Board members frozen into the ballot
    vote; anyone else's vote is advisory and never counted.
    """
    now = now or audit.now()
    comment = comment.strip()
    if choice not in (*CHOICES, "recused"):
        raise ValidationFailed({"choice": "Choose yes, no or abstain."})
    if choice == "recused" and not comment:
        raise ValidationFailed({"reason": "Say why you recuse yourself."})
    if len(comment) > 2000:
        raise ValidationFailed({"comment": "Use at most 2000 characters."})
    async with transaction(engine()):
        ballot = await _lock_for_voting(ballot_id)
        if ballot is None:
            raise NotFound(f"ballot {ballot_id}")
        if ballot["state"] != "open":
            raise ValidationFailed({"choice": "This ballot has closed; votes can no longer change."})
        rules = BallotRules.from_json(_json(ballot["rules"]))
        advisory = voter_id not in rules.members
        if advisory and choice == "recused":
            raise ValidationFailed({"reason": "Only board members eligible on this ballot can recuse."})
        await (
            Vote.insert(
                Vote(ballot=ballot_id, voter=voter_id, choice=choice, comment=comment, advisory=advisory, cast_at=now)
            )
            .on_conflict(
                target=(Vote.ballot, Vote.voter),
                action="DO UPDATE",
                values=[Vote.choice, Vote.comment, Vote.advisory, Vote.cast_at],
            )
            .run()
        )
        await audit.record(
            "ballot.recuse" if choice == "recused" else "ballot.vote",
            "ballot",
            str(ballot_id),
            voter_id,
            {"choice": choice, "advisory": advisory},
        )
    return await close_if_decided(ballot_id, now)


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        loaded: dict[str, Any] = json.loads(value)
        return loaded
    return dict(value)


# Closing and deciding --------------------------------------------------------------------------------------


async def _votes_of(ballot_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await Vote.select(
            Vote.voter, Vote.choice, Vote.comment, Vote.advisory, Vote.cast_at, Vote.voter.display_name.as_alias("name")
        )
        .where(Vote.ballot == ballot_id)
        .order_by(Vote.cast_at)
        .run()
    )
    return rows


def _outcome_of(ballot: dict[str, Any], votes: list[dict[str, Any]], now: datetime) -> Outcome:
    rules = BallotRules.from_json(_json(ballot["rules"]))
    counted = {row["voter"]: row["choice"] for row in votes if not row["advisory"]}
    return outcome(rules, counted, now=now, closes_at=ballot["closes_at"], extended=ballot["extended"])


async def _claim(ballot_id: int) -> dict[str, Any] | None:
    """The open ballot, locked for closing: FOR UPDATE SKIP LOCKED on PostgreSQL (another worker holding it
    is closing it), the IMMEDIATE transaction itself on SQLite. None when it is closed or taken."""
    if isinstance(engine(), PostgresEngine):
        rows = await Ballot.raw(
            "SELECT * FROM ballot WHERE id = {} AND state = 'open' FOR UPDATE SKIP LOCKED", ballot_id
        ).run()
        return rows[0] if rows else None
    row: dict[str, Any] | None = (
        await Ballot.select().where((Ballot.id == ballot_id) & (Ballot.state == "open")).first().run()
    )
    return row


async def close_if_decided(ballot_id: int, now: datetime | None = None, actor_id: int | None = None) -> str:
    """Close the ballot when its outcome is settled (early, or at the deadline); returns its state after."""
    now = now or audit.now()
    ballot = await Ballot.select().where(Ballot.id == ballot_id).first().run()
    if ballot is None:
        raise NotFound(f"ballot {ballot_id}")
    if ballot["state"] != "open" or _outcome_of(ballot, await _votes_of(ballot_id), now).state == "open":
        return str(ballot["state"])
    async with transaction(engine()):
        claimed = await _claim(ballot_id)
        if claimed is None:
            return str(ballot["state"])
        result = _outcome_of(claimed, await _votes_of(ballot_id), now)
        if result.state == "extended":
            rules = BallotRules.from_json(_json(claimed["rules"]))
            new_close = claimed["closes_at"] + timedelta(days=rules.window_days)
            await (
                Ballot.update({Ballot.extended: True, Ballot.closes_at: new_close}).where(Ballot.id == ballot_id).run()
            )
            await audit.record(
                "ballot.extend",
                "ballot",
                str(ballot_id),
                actor_id,
                {"rule": result.rule, "closes_at": new_close.isoformat()},
            )
            return "open"
        if result.decided:
            await _record_decision(claimed, result, now, actor_id)
            return result.state
    return "open"


async def close_due(now: datetime | None = None) -> list[int]:
    """Close every open ballot whose deadline has passed (or extend it once); returns the ids it handled."""
    now = now or audit.now()
    due = await Ballot.select(Ballot.id).where((Ballot.state == "open") & (Ballot.closes_at <= now)).run()
    handled = []
    for row in due:
        before = await Ballot.select(Ballot.closes_at).where(Ballot.id == row["id"]).first().run()
        state = await close_if_decided(row["id"], now)
        after = await Ballot.select(Ballot.closes_at).where(Ballot.id == row["id"]).first().run()
        if state != "open" or (before and after and before["closes_at"] != after["closes_at"]):
            handled.append(row["id"])
    return handled


async def _record_decision(ballot: dict[str, Any], result: Outcome, now: datetime, actor_id: int | None) -> int:
    """Everything a decision changes; the caller holds the transaction. Returns the record's number."""
    rings = await _rings()
    from_ring = rings.get(ballot["from_ring"]) if ballot["from_ring"] else None
    to_ring = rings[ballot["to_ring"]]
    proposal = (
        await Proposal.select().where(Proposal.id == ballot["proposal"]).first().output(load_json=True).run()
        if ballot["proposal"]
        else None
    )
    blip = await Blip.select().where(Blip.id == ballot["blip"]).first().run() if ballot["blip"] else None
    name = blip["name"] if blip else (proposal["technology_name"] if proposal else "?")
    kind = proposal["kind"] if proposal else "review"
    title = ballot_title(kind, name, from_ring["name"] if from_ring else None, to_ring["name"])
    latest = (
        await DecisionRecord.select(DecisionRecord.number)
        .order_by(DecisionRecord.number, ascending=False)
        .first()
        .run()
    )
    number = (latest["number"] if latest else 0) + 1
    ref = adr_ref(number)
    passed = result.state == "passed"
    status = "accepted" if passed else "rejected"
    decided_on = now.date()

    await (
        Ballot.update({Ballot.state: result.state, Ballot.closed_at: now, Ballot.outcome_rule: result.rule})
        .where(Ballot.id == ballot["id"])
        .run()
    )
    if proposal is not None:
        await (
            Proposal.update({Proposal.state: PROPOSAL_STATE_AFTER[result.state], Proposal.updated_at: now})
            .where(Proposal.id == proposal["id"])
            .run()
        )
        await outbox.proposal_state_changed(
            proposal, PROPOSAL_STATE_AFTER[result.state], actor_id, now, decision=ref, reason=result.rule
        )

    blip_id = blip["id"] if blip else None
    reason = f"{title}: decided by the board ({ref})."
    if passed and blip is None and proposal is not None:
        blip_id = await changes.add_blip(
            changes.NewBlip(
                name=proposal["technology_name"],
                quadrant_id=proposal["quadrant"],
                ring_id=to_ring["id"],
                summary=proposal["summary"],
                description=proposal["context"],
                tags=list(proposal["tags"] or []),
                links=proposal["links"] or [],
            ),
            now,
            reason,
            "decision",
            actor_id,
            ref,
        )
        await Proposal.update({Proposal.blip: blip_id}).where(Proposal.id == proposal["id"]).run()
        await Ballot.update({Ballot.blip: blip_id}).where(Ballot.id == ballot["id"]).run()
    elif passed and blip_id is not None:
        await changes.move_blip(blip_id, to_ring["id"], now, reason, "decision", actor_id, ref)

    if passed and blip_id is not None and kind == "retire":
        await changes.retire_blip(blip_id, now)

    supersedes: list[int] = []
    if passed and blip_id is not None:
        previous = (
            await DecisionRecord.select(DecisionRecord.number)
            .where(
                (DecisionRecord.blip == blip_id)
                & (DecisionRecord.status == "accepted")
                & DecisionRecord.superseded_by.is_null()
            )
            .run()
        )
        supersedes = [row["number"] for row in previous]
        if supersedes:
            await (
                DecisionRecord.update({DecisionRecord.superseded_by: number})
                .where(DecisionRecord.number.is_in(supersedes))
                .run()
            )
    review_ring = to_ring if passed else from_ring
    body = await _record_body(
        ballot, result, proposal, title, from_ring, to_ring, supersedes, decided_on, review_ring, name
    )
    await (
        DecisionRecord(
            number=number,
            ballot=ballot["id"],
            blip=blip_id,
            title=title,
            status=status,
            decided_on=decided_on,
            body=body,
            next_review_on=add_months(decided_on, review_ring["review_after_months"])
            if review_ring and blip_id
            else None,
        )
        .save()
        .run()
    )
    detail = {"ref": ref, "state": result.state, "rule": result.rule, "title": title}
    await audit.record(f"ballot.{result.state}", "ballot", str(ballot["id"]), actor_id, detail)
    await outbox.announce(
        "ballot.closed", {"ballot": ballot["id"], "title": title, "state": result.state, "rule": result.rule}, now
    )
    await outbox.announce(
        "decision.recorded",
        {**detail, "status": status, "blip": blip_id, "to_ring": to_ring["slug"], "decided_on": decided_on.isoformat()},
        now,
    )
    return number


async def _record_body(
    ballot: dict[str, Any],
    result: Outcome,
    proposal: dict[str, Any] | None,
    title: str,
    from_ring: dict[str, Any] | None,
    to_ring: dict[str, Any],
    supersedes: list[int],
    decided_on: date,
    review_ring: dict[str, Any] | None,
    name: str,
) -> dict[str, Any]:
    """The MADR sections of the record (DESIGN.md §6), frozen at the moment of decision."""
    rules = BallotRules.from_json(_json(ballot["rules"]))
    votes = await _votes_of(ballot["id"])
    scorecard = await scorecard_for(proposal["id"]) if proposal else None
    pilot = await pilot_verdict_for(proposal["id"]) if proposal else PilotVerdict(None)
    framework = (
        await FrameworkVersion.select()
        .order_by(FrameworkVersion.version, ascending=False)
        .first()
        .output(load_json=True)
        .run()
    )
    counts = result.tally
    passed = result.state == "passed"
    if passed:
        if from_ring is None:
            consequence = f"{name} is added to the radar in {to_ring['name']}."
        elif from_ring["id"] == to_ring["id"]:
            consequence = f"{name} stays in {to_ring['name']}; the review clock restarts."
        else:
            consequence = f"{name} moves from {from_ring['name']} to {to_ring['name']} on the radar."
        if review_ring:
            consequence += f" Next review within {review_ring['review_after_months']} months."
    elif result.state == "failed":
        consequence = "Nothing changes on the radar" + (
            f": the blip stays in {from_ring['name']}." if from_ring else "."
        )
    else:
        consequence = "No decision was reached; nothing changes on the radar. The proposal may be brought again."
    stay = f"Keep it in {from_ring['name']}" if from_ring else "Do not add it"
    return {
        "title": title,
        "outcome": result.state,
        "rule": result.rule,
        "rule_name": RULE_LABELS[rules.rule],
        "requirement": requirement_text(rules, counts),
        "tally": {
            "yes": counts.yes,
            "no": counts.no,
            "abstain": counts.abstain,
            "recused": counts.recused,
            "eligible": counts.eligible,
            "quorum": counts.quorum,
            "cast": counts.cast,
        },
        "proposal": f"P-{proposal['number']:04d}" if proposal else None,
        "from_ring": from_ring["name"] if from_ring else None,
        "to_ring": to_ring["name"],
        "context": (proposal["context"] if proposal else "")
        or f"Review of a blip that has been in {from_ring['name'] if from_ring else 'its ring'} for its review period.",
        "options": (proposal["options"] if proposal else "") or "",
        "considered_options": [title, stay],
        "decision_makers": [
            {"name": v["name"], "vote": v["choice"], "comment": v["comment"]} for v in votes if not v["advisory"]
        ],
        "advisory": [{"name": v["name"], "vote": v["choice"], "comment": v["comment"]} for v in votes if v["advisory"]],
        "consulted": scorecard.evaluators if scorecard else [],
        "drivers": [{"name": c["name"], "weight": c["weight"]} for c in (framework["criteria"] if framework else [])],
        "gates": [g["name"] for g in (framework["gates"] if framework else [])],
        "scores": {
            "total": scorecard.total,
            "band": scorecard.band,
            "flags": {c.name: c.flags for c in scorecard.criteria if c.flags},
            "failed_gates": scorecard.failed_gates,
        }
        if scorecard
        else None,
        "pilot": {
            "verdict": pilot.verdict,
            "conditions": pilot.conditions,
            "metrics": [
                {"name": m.name, "status": m.status, "observed": m.observed, "target": m.target} for m in pilot.metrics
            ],
        },
        "consequences": consequence,
        "supersedes": supersedes,
        "decided_on": decided_on.isoformat(),
    }


# Reading ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteView:
    voter_id: int
    name: str
    choice: str
    comment: str
    cast_at: datetime


@dataclass(frozen=True)
class BallotView:
    id: int
    title: str
    state: str
    kind: str  # add | promote | demote | hold | retire | review
    proposal: dict[str, Any] | None
    blip_slug: str | None
    from_ring: str | None
    to_ring: str
    rules: BallotRules
    rule_label: str
    requirement: str
    tally: Tally
    opened_at: datetime
    closes_at: datetime
    closed_at: datetime | None
    extended: bool
    outcome_rule: str
    members: list[dict[str, Any]]  # {id, name, vote: VoteView | None}
    advisory: list[VoteView]
    record_number: int | None

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    def time_left(self, now: datetime) -> str:
        if self.state != "open":
            return "closed"
        seconds = (self.closes_at - now).total_seconds()
        if seconds <= 0:
            return "closing now"
        days, hours = int(seconds // 86400), int(seconds % 86400 // 3600)
        return f"{days} d {hours} h left" if days else f"{hours} h {int(seconds % 3600 // 60)} min left"


async def ballot_views(where: Any = None, limit: int | None = None) -> list[BallotView]:
    """Ballots with their tallies, newest first; each table is read once."""
    query = Ballot.select().order_by(Ballot.opened_at, ascending=False)
    if where is not None:
        query = query.where(where)
    if limit:
        query = query.limit(limit)
    ballots = await query.run()
    if not ballots:
        return []
    ids = [row["id"] for row in ballots]
    rings = await _rings()
    proposals = {
        row["id"]: row
        for row in await Proposal.select()
        .where(Proposal.id.is_in([b["proposal"] for b in ballots if b["proposal"]] or [0]))
        .run()
    }
    blips = {
        row["id"]: row
        for row in await Blip.select(Blip.id, Blip.slug, Blip.name)
        .where(Blip.id.is_in([b["blip"] for b in ballots if b["blip"]] or [0]))
        .run()
    }
    votes = (
        await Vote.select(
            Vote.ballot,
            Vote.voter,
            Vote.choice,
            Vote.comment,
            Vote.advisory,
            Vote.cast_at,
            Vote.voter.display_name.as_alias("name"),
        )
        .where(Vote.ballot.is_in(ids))
        .order_by(Vote.cast_at)
        .run()
    )
    records = {
        row["ballot"]: row["number"]
        for row in await DecisionRecord.select(DecisionRecord.ballot, DecisionRecord.number)
        .where(DecisionRecord.ballot.is_in(ids))
        .run()
    }
    member_ids = {m for b in ballots for m in BallotRules.from_json(_json(b["rules"])).members}
    names = {
        row["id"]: row["display_name"]
        for row in await User.select(User.id, User.display_name).where(User.id.is_in(list(member_ids) or [0])).run()
    }
    views = []
    for ballot in ballots:
        rules = BallotRules.from_json(_json(ballot["rules"]))
        mine = [v for v in votes if v["ballot"] == ballot["id"]]
        counted = {v["voter"]: v["choice"] for v in mine if not v["advisory"]}
        counts = tally(rules, counted)
        by_voter = {v["voter"]: VoteView(v["voter"], v["name"], v["choice"], v["comment"], v["cast_at"]) for v in mine}
        proposal = proposals.get(ballot["proposal"]) if ballot["proposal"] else None
        blip = blips.get(ballot["blip"]) if ballot["blip"] else None
        from_ring = rings[ballot["from_ring"]]["name"] if ballot["from_ring"] else None
        to_ring = rings[ballot["to_ring"]]["name"]
        name = blip["name"] if blip else (proposal["technology_name"] if proposal else "?")
        kind = proposal["kind"] if proposal else "review"
        views.append(
            BallotView(
                id=ballot["id"],
                title=ballot_title(kind, name, from_ring, to_ring),
                state=ballot["state"],
                kind=kind,
                proposal=proposal,
                blip_slug=blip["slug"] if blip else None,
                from_ring=from_ring,
                to_ring=to_ring,
                rules=rules,
                rule_label=RULE_LABELS[rules.rule],
                requirement=requirement_text(rules, counts),
                tally=counts,
                opened_at=ballot["opened_at"],
                closes_at=ballot["closes_at"],
                closed_at=ballot["closed_at"],
                extended=ballot["extended"],
                outcome_rule=ballot["outcome_rule"],
                members=[
                    {"id": member, "name": names.get(member, "?"), "vote": by_voter.get(member)}
                    for member in sorted(rules.members, key=lambda m: names.get(m, ""))
                ],
                advisory=[v for v in by_voter.values() if v.voter_id not in rules.members],
                record_number=records.get(ballot["id"]),
            )
        )
    return views


async def ballot_view(ballot_id: int) -> BallotView:
    views = await ballot_views(Ballot.id == ballot_id)
    if not views:
        raise NotFound(f"ballot {ballot_id}")
    return views[0]
