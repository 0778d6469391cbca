"""Ballots that can pass: before a ballot opens, whether its outcome is already decided (then opening is
refused, with the reason) or only at risk (then the chair confirms with a written reason, kept in the audit
and shown on the ballot page); once open, whether the chair can close it early.

`opening_check` is pure; the functions below it read what it needs and wrap ballots.py's own services.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from evaluations import ballots
from evaluations.pilots import allows_adopt
from evaluations.tables import Ballot, Evaluation, EvaluatorAssignment, Proposal, Vote
from evaluations.voting import BallotRules, outcome, rule_for_move
from radar import audit
from radar.database import transaction
from radar.errors import NotFound, Refused, ValidationFailed
from radar.tables import AuditEvent, Ring

RISK_EVENT = "ballot.risk_confirmed"


@dataclass(frozen=True)
class OpeningCheck:
    decided: str | None  # why the ballot could not pass, whatever the board votes; None when it can
    risks: list[str] = field(default_factory=list)  # why it might not pass; the chair confirms with a reason

    @property
    def needs_reason(self) -> bool:
        return self.decided is None and bool(self.risks)


def opening_check(
    rule: str,
    pilot_verdict: str | None,
    conditions: str,
    submitted: int,
    assigned: int,
    scoring_closed: bool,
    band: str | None = None,
) -> OpeningCheck:
    """Whether a ballot under `rule` can pass, from the pilot verdict and the state of scoring (pure)."""
    if rule == "adopt" and pilot_verdict is not None and not allows_adopt(pilot_verdict, conditions):
        shown = "CONDITIONAL without written conditions" if pilot_verdict == "CONDITIONAL" else pilot_verdict
        return OpeningCheck(
            f"The ballot could not pass: the Adopt rule needs a passing pilot (PASS, or CONDITIONAL with written "
            f"conditions) and this pilot's verdict is {shown}. Correct or finish the pilot first."
        )
    risks = []
    if rule == "adopt" and pilot_verdict is None:
        risks.append("There is no pilot yet, and Adopt needs a passing pilot: the ballot would fail as it stands.")
    if submitted < assigned and not scoring_closed:
        risks.append(f"Scoring is incomplete: {submitted} of {assigned} assigned scorecards are in.")
    if band == "not_recommended":
        risks.append("The score is in the “not recommended” band.")
    return OpeningCheck(None, risks)


async def check_proposal(proposal_id: int) -> OpeningCheck:
    """The opening check for the ballot on this proposal, from the database."""
    proposal = await Proposal.select().where(Proposal.id == proposal_id).first().run()
    if proposal is None:
        raise NotFound(f"proposal {proposal_id}")
    rings = {row["id"]: row for row in await Ring.select().run()}
    current = rings.get(proposal["current_ring"]) if proposal["current_ring"] else None
    target = rings[proposal["target_ring"]]
    rule = (
        "simple"
        if proposal["kind"] == "retire"
        else rule_for_move(
            (current["slug"], current["position"]) if current else None, (target["slug"], target["position"])
        )
    )
    pilot = await ballots.pilot_verdict_for(proposal_id)
    assigned = (
        await EvaluatorAssignment.count()
        .where((EvaluatorAssignment.proposal == proposal_id) & EvaluatorAssignment.recused.is_in([False]))
        .run()
    )
    submitted = (
        await Evaluation.count()
        .where((Evaluation.proposal == proposal_id) & Evaluation.submitted_at.is_not_null())
        .run()
    )
    scorecard = await ballots.scorecard_for(proposal_id)
    band = scorecard.band.replace(" ", "_") if scorecard.total is not None else None
    return opening_check(
        rule, pilot.verdict, pilot.conditions, submitted, assigned, proposal["scoring_closed_at"] is not None, band
    )


async def open_checked(proposal_id: int, actor_id: int | None, reason: str = "", now: datetime | None = None) -> int:
    """Open the board's ballot on a proposal unless its outcome is already decided (Refused, with the reason);
    when it is only at risk the chair's written reason is required, and it is audited with the opening."""
    check = await check_proposal(proposal_id)
    if check.decided:
        raise Refused(check.decided)
    if check.needs_reason and not reason.strip():
        raise ValidationFailed({"reason": "Say why the board should vote now despite the risks listed above."})
    async with transaction(Ballot._meta.db):
        ballot_id = await ballots.open_ballot(proposal_id, actor_id, now)
        if check.needs_reason:
            await audit.record(
                RISK_EVENT, "ballot", str(ballot_id), actor_id, {"reason": reason.strip(), "risks": check.risks}
            )
    return ballot_id


@dataclass(frozen=True)
class RiskNote:
    reason: str
    risks: list[str]
    at: datetime


async def risk_note(ballot_id: int) -> RiskNote | None:
    """The chair's written reason for opening this ballot despite its risks, if there was one."""
    row = (
        await AuditEvent.select(AuditEvent.detail, AuditEvent.at)
        .where((AuditEvent.action == RISK_EVENT) & (AuditEvent.subject == str(ballot_id)))
        .first()
        .output(load_json=True)
        .run()
    )
    if row is None:
        return None
    detail = row["detail"] if isinstance(row["detail"], dict) else {}
    return RiskNote(str(detail.get("reason", "")), list(detail.get("risks", [])), row["at"])


def _rules(value: Any) -> BallotRules:
    return BallotRules.from_json(json.loads(value) if isinstance(value, str) else dict(value))


async def early_outcome(ballot_id: int, now: datetime | None = None) -> str | None:
    """The outcome ("passed"/"failed") an open ballot can no longer escape before its deadline, or None while
    the outstanding votes could still change it (quorum met and the same result whatever they vote)."""
    now = now or audit.now()
    ballot = await Ballot.select().where(Ballot.id == ballot_id).first().run()
    if ballot is None:
        raise NotFound(f"ballot {ballot_id}")
    if ballot["state"] != "open" or now >= ballot["closes_at"]:
        return None
    votes = (
        await Vote.select(Vote.voter, Vote.choice)
        .where((Vote.ballot == ballot_id) & Vote.advisory.is_in([False]))
        .run()
    )
    rules = replace(_rules(ballot["rules"]), early_close=True)
    result = outcome(
        rules,
        {v["voter"]: v["choice"] for v in votes},
        now=now,
        closes_at=ballot["closes_at"],
        extended=ballot["extended"],
    )
    return result.state if result.decided else None


async def close_early(ballot_id: int, actor_id: int | None, now: datetime | None = None) -> str:
    """The chair closes a ballot whose outcome can no longer change (also when its frozen rules leave early
    closing to the chair); refused while the outstanding votes could still change it. The ballot's own
    close_if_decided writes the decision, with the early close its frozen rules would otherwise leave out."""
    now = now or audit.now()
    if await early_outcome(ballot_id, now) is None:
        raise Refused(
            "The outcome can still change: quorum is not met, or the members who have not voted could still "
            "turn the result. The ballot stays open until then or until its deadline."
        )
    ballot = await Ballot.select().where(Ballot.id == ballot_id).first().run()
    if ballot is None:
        raise NotFound(f"ballot {ballot_id}")
    state = await ballots.close_if_decided(
        ballot_id, now, actor_id, ballot=ballot, rules=replace(_rules(ballot["rules"]), early_close=True)
    )
    if state in ("open", "cancelled"):
        raise Refused("The ballot could not be closed early: its outcome can still change.")
    return state
