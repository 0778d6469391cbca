"""The read side of ballots: what a ballot shows (title, frozen rules, tally, votes, recusals) and what it reads
from the evaluation work (scores, pilot verdict, scorecard), for the pages, the API and the dashboard."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from evaluations import pilot_records, scorecards
from evaluations.tables import Ballot, DecisionRecord, Evaluation, Proposal, Vote
from evaluations.voting import BallotRules, Tally, requirement_text, tally
from radar.errors import NotFound
from radar.tables import Blip, Ring, RoleMembership, User

STATE_LABELS = {
    "open": "Open",
    "passed": "Passed",
    "failed": "Failed",
    "no_decision": "No decision",
    "cancelled": "Cancelled",
}


def decode(value: Any) -> dict[str, Any]:
    """A JSON column's value as a dict (SQLite hands JSON back as text)."""
    if isinstance(value, str):
        loaded: dict[str, Any] = json.loads(value)
        return loaded
    return dict(value)


def rules_of(ballot: dict[str, Any]) -> BallotRules:
    """The ballot's frozen rules, decoded (call once per request and pass the result on)."""
    return BallotRules.from_json(decode(ballot["rules"]))


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


async def rings_by_id() -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in await Ring.select().run()}


# Ballots as pages show them ------------------------------------------------------------------------------


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
    rings = await rings_by_id()
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
    decoded = {ballot["id"]: rules_of(ballot) for ballot in ballots}  # each ballot's frozen rules, decoded once
    member_ids = {member for rules in decoded.values() for member in rules.members}
    names = {
        row["id"]: row["display_name"]
        for row in await User.select(User.id, User.display_name).where(User.id.is_in(list(member_ids) or [0])).run()
    }
    views = []
    for ballot in ballots:
        rules = decoded[ballot["id"]]
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
                rule_label=rules.label,
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
        raise NotFound(f"No ballot with id {ballot_id}.")
    return views[0]
