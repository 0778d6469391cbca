"""What the board's dashboard shows: pending work, open ballots, due reviews, recent decisions, the pipeline."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from evaluations import outbox
from evaluations.ballots import BallotView, ballot_views
from evaluations.decisions import RecordView, list_records
from evaluations.rules import STATE_LABELS
from evaluations.tables import (
    PROPOSAL_STATES,
    Ballot,
    DecisionRecord,
    Evaluation,
    EvaluatorAssignment,
    OutboxMessage,
    Proposal,
    StateChange,
)
from evaluations.voting import review_status
from radar import audit
from radar.blips import last_affirmed
from radar.database import serialize, transaction
from radar.tables import Blip, Ring


@dataclass(frozen=True)
class DueReview:
    slug: str
    name: str
    ring: str
    ring_slug: str
    last_reviewed: date
    due_on: date
    state: str  # due | overdue
    days: int
    open_ballot: int | None

    @property
    def label(self) -> str:
        if self.state == "overdue":
            return f"overdue by {-self.days} days"
        return f"due in {self.days} days" if self.days else "due today"


@dataclass(frozen=True)
class PipelineRow:
    state: str
    label: str
    count: int
    median_days: float | None


@dataclass(frozen=True)
class ReadyProposal:
    id: int
    number: int
    name: str
    kind: str
    target_ring: str
    scores_in: bool


@dataclass(frozen=True)
class Dashboard:
    pending_votes: list[BallotView]
    pending_evaluations: list[dict[str, Any]]
    open_ballots: list[BallotView]
    due_reviews: list[DueReview]
    recent_decisions: list[RecordView]
    pipeline: list[PipelineRow]
    ready: list[ReadyProposal]
    now: datetime


async def due_reviews(today: date | None = None) -> list[DueReview]:
    """Blips due (within 30 days) or overdue for review: their ring's period after they last moved, were
    re-affirmed by the chair or were decided on, most overdue first. Retired blips are never due."""
    today = today or audit.now().date()
    rings = {row["id"]: row for row in await Ring.select().run()}
    moved: dict[int, date] = {blip: moment.date() for blip, moment in (await last_affirmed()).items()}
    for row in await DecisionRecord.select(DecisionRecord.blip, DecisionRecord.decided_on).run():
        if row["blip"]:
            moved[row["blip"]] = max(moved.get(row["blip"], date.min), row["decided_on"])
    open_ballots = {
        row["blip"]: row["id"]
        for row in await Ballot.select(Ballot.id, Ballot.blip).where(Ballot.state == "open").run()
        if row["blip"]
    }
    reviews = []
    current = Blip.select(Blip.id, Blip.slug, Blip.name, Blip.ring, Blip.created_at).where(Blip.retired_at.is_null())
    for blip in await current.run():
        ring = rings[blip["ring"]]
        last = moved.get(blip["id"], blip["created_at"].date())
        status = review_status(last, ring["review_after_months"], today)
        if status.state == "ok":
            continue
        reviews.append(
            DueReview(
                blip["slug"],
                blip["name"],
                ring["name"],
                ring["slug"],
                last,
                status.due_on,
                status.state,
                status.days,
                open_ballots.get(blip["id"]),
            )
        )
    return sorted(reviews, key=lambda review: (review.days, review.name))


async def announce_due_reviews(today: date | None = None) -> int:
    """Write one `review.due` outbox message (for the webhook) per blip and due date, once; returns how many."""
    today = today or audit.now().date()
    reviews = await due_reviews(today)
    async with transaction(OutboxMessage._meta.db):
        await serialize(OutboxMessage._meta.db, "review.due")  # every worker's scheduler runs this
        sent = {
            (row["payload"].get("blip"), row["payload"].get("due_on"))
            for row in await OutboxMessage.select(OutboxMessage.payload)
            .where(OutboxMessage.topic == "review.due")
            .output(load_json=True)
            .run()
        }
        new = [review for review in reviews if (review.slug, review.due_on.isoformat()) not in sent]
        for review in new:
            payload = {
                "blip": review.slug,
                "name": review.name,
                "ring": review.ring,
                "due_on": review.due_on.isoformat(),
                "state": review.state,
            }
            await outbox.announce("review.due", payload)
    return len(new)


def entered_current_state(
    proposals: list[dict[str, Any]], history: list[dict[str, Any]]
) -> dict[int, tuple[str, datetime]]:
    """Each proposal's state and when it entered it, from the state history (pure). A proposal without a history
    row for its state (one made before the history existed) counts from its creation."""
    entered: dict[int, datetime] = {}
    states = {row["id"]: row["state"] for row in proposals}
    for change in history:
        if states.get(change["proposal"]) == change["to_state"]:
            previous = entered.get(change["proposal"])
            entered[change["proposal"]] = change["at"] if previous is None else max(previous, change["at"])
    return {row["id"]: (row["state"], entered.get(row["id"], row["created_at"])) for row in proposals}


async def pipeline(now: datetime | None = None) -> list[PipelineRow]:
    """How many proposals are in each state, and the median days since they entered it (from the state history)."""
    now = now or audit.now()
    proposals = await Proposal.select(Proposal.id, Proposal.state, Proposal.created_at).run()
    history = await StateChange.select(StateChange.proposal, StateChange.to_state, StateChange.at).run()
    entered = entered_current_state(proposals, history)
    result = []
    for state in PROPOSAL_STATES:
        ages = [(now - at).total_seconds() / 86400 for current, at in entered.values() if current == state]
        result.append(
            PipelineRow(state, STATE_LABELS[state], len(ages), round(statistics.median(ages), 1) if ages else None)
        )
    return result


async def ready_for_ballot() -> list[ReadyProposal]:
    """Proposals in Evaluating, with whether their scores are in (the chair can open a ballot when they are)."""
    proposals = (
        await Proposal.select(
            Proposal.id,
            Proposal.number,
            Proposal.technology_name,
            Proposal.kind,
            Proposal.target_ring.name.as_alias("target"),
        )
        .where(Proposal.state == "evaluating")
        .order_by(Proposal.number)
        .run()
    )
    submitted = {
        row["proposal"]
        for row in await Evaluation.select(Evaluation.proposal).where(Evaluation.submitted_at.is_not_null()).run()
    }
    return [
        ReadyProposal(p["id"], p["number"], p["technology_name"], p["kind"], p["target"], p["id"] in submitted)
        for p in proposals
    ]


async def pending_evaluations(user_id: int) -> list[dict[str, Any]]:
    """Proposals in Evaluating the user was asked to score and has not submitted yet."""
    assigned = (
        await EvaluatorAssignment.select(
            EvaluatorAssignment.proposal,
            EvaluatorAssignment.proposal.number.as_alias("number"),
            EvaluatorAssignment.proposal.technology_name.as_alias("name"),
            EvaluatorAssignment.proposal.state.as_alias("state"),
        )
        .where((EvaluatorAssignment.evaluator == user_id) & (EvaluatorAssignment.recused.is_in([False])))
        .run()
    )
    done = {
        row["proposal"]
        for row in await Evaluation.select(Evaluation.proposal)
        .where((Evaluation.evaluator == user_id) & Evaluation.submitted_at.is_not_null())
        .run()
    }
    return [row for row in assigned if row["state"] == "evaluating" and row["proposal"] not in done]


async def dashboard(user_id: int, now: datetime | None = None) -> Dashboard:
    now = now or audit.now()
    open_ballots = await ballot_views(Ballot.state == "open")
    open_ballots.sort(key=lambda ballot: ballot.closes_at)
    pending = [
        ballot
        for ballot in open_ballots
        if user_id in ballot.rules.members
        and not any(member["id"] == user_id and member["vote"] for member in ballot.members)
    ]
    return Dashboard(
        pending_votes=pending,
        pending_evaluations=await pending_evaluations(user_id),
        open_ballots=open_ballots,
        due_reviews=await due_reviews(now.date()),
        recent_decisions=(await list_records())[:8],
        pipeline=await pipeline(now),
        ready=await ready_for_ballot(),
        now=now,
    )
