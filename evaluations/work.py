"""Work queues: what each person has to do next, each item linking to the page where the step is done.

Read-only: it only queries. One list per person, built from their roles:
- chair: proposals awaiting triage, ballots to open (scoring closed, or every assigned scorecard in),
  open ballots past their deadline or whose outcome can no longer change (close early), due and overdue
  reviews, decisions waiting for the next edition;
- evaluators (anyone assigned): scorecards to submit, with their due dates (drafts say so);
- board members: open ballots they have not voted on yet, with deadlines;
- architects: their proposals that need an answer (NeedsInfo), drafts to submit, and pilots to plan or record.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from evaluations import ballot_checks
from evaluations.board import due_reviews
from evaluations.numbers import proposal_ref
from evaluations.tables import (
    Ballot,
    Evaluation,
    EvaluatorAssignment,
    Observation,
    Pilot,
    PilotMetric,
    Proposal,
    Vote,
)
from evaluations.voting import BallotRules
from radar import audit

SCORING_DAYS = 14  # evaluators are asked to submit within two weeks of being assigned
ROLE_LABELS = {"chair": "Chair", "evaluator": "Evaluator", "board": "Board member", "architect": "Architect"}


@dataclass(frozen=True)
class WorkItem:
    role: str  # chair | evaluator | board | architect
    # triage | open_ballot | close_ballot | close_early | review | publish | score | vote | answer | draft | pilot
    kind: str
    title: str
    detail: str
    href: str
    due: date | None = None
    proposal_number: int | None = None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < audit.now().date()


def _rules(value: Any) -> BallotRules:
    return BallotRules.from_json(json.loads(value) if isinstance(value, str) else dict(value))


async def chair_items(now: datetime) -> list[WorkItem]:
    items: list[WorkItem] = []
    proposals = (
        await Proposal.select(
            Proposal.id,
            Proposal.number,
            Proposal.technology_name,
            Proposal.state,
            Proposal.submitted_at,
            Proposal.scoring_closed_at,
            Proposal.updated_at,
        )
        .where(Proposal.state.is_in(["submitted", "evaluating", "approved"]))
        .order_by(Proposal.number)
        .run()
    )
    evaluating = [p["id"] for p in proposals if p["state"] == "evaluating"]
    assigned: dict[int, set[int]] = {}
    submitted: dict[int, set[int]] = {}
    if evaluating:
        for row in (
            await EvaluatorAssignment.select(EvaluatorAssignment.proposal, EvaluatorAssignment.evaluator)
            .where(EvaluatorAssignment.proposal.is_in(evaluating) & EvaluatorAssignment.recused.is_in([False]))
            .run()
        ):
            assigned.setdefault(row["proposal"], set()).add(row["evaluator"])
        for row in (
            await Evaluation.select(Evaluation.proposal, Evaluation.evaluator)
            .where(Evaluation.proposal.is_in(evaluating) & Evaluation.submitted_at.is_not_null())
            .run()
        ):
            submitted.setdefault(row["proposal"], set()).add(row["evaluator"])
    for p in proposals:
        ref = proposal_ref(p["number"])
        if p["state"] == "submitted":
            items.append(
                WorkItem("chair", "triage", f"Triage {ref} {p['technology_name']}",
                         "Accept into evaluation, ask for information, or decline.",
                         f"/proposals/{p['number']}#triage", None, p["number"])
            )  # fmt: skip
        elif p["state"] == "evaluating":
            done = submitted.get(p["id"], set())
            everyone = assigned.get(p["id"], set())
            if done and (p["scoring_closed_at"] is not None or everyone <= done):
                why = "Scoring is closed" if p["scoring_closed_at"] else "Every assigned scorecard is in"
                items.append(
                    WorkItem("chair", "open_ballot", f"Open the ballot on {ref} {p['technology_name']}",
                             f"{why} ({len(done)} submitted).", f"/proposals/{p['number']}#board-vote",
                             None, p["number"])
                )  # fmt: skip
        elif p["state"] == "approved":
            items.append(
                WorkItem("chair", "publish", f"Publish {ref} {p['technology_name']} in the next edition",
                         "Approved by the board; the published radar shows it once an edition is published.",
                         "/editions/next", None, p["number"])
            )  # fmt: skip
    overdue = (
        await Ballot.select(Ballot.id, Ballot.closes_at, Ballot.proposal.number.as_alias("number"))
        .where((Ballot.state == "open") & (Ballot.closes_at <= now))
        .order_by(Ballot.closes_at)
        .run()
    )
    for ballot in overdue:
        items.append(
            WorkItem("chair", "close_ballot", f"Ballot {ballot['id']} is past its deadline",
                     "Close it: the result is decided by the frozen rules (or it is extended once for quorum).",
                     f"/ballots/{ballot['id']}", ballot["closes_at"].date(), ballot["number"])
        )  # fmt: skip
    open_now = (
        await Ballot.select(Ballot.id, Ballot.proposal.number.as_alias("number"))
        .where((Ballot.state == "open") & (Ballot.closes_at > now))
        .run()
    )
    for ballot in open_now:
        settled = await ballot_checks.early_outcome(ballot["id"], now)
        if settled:
            items.append(
                WorkItem("chair", "close_early", f"Close ballot {ballot['id']} early",
                         f"The outcome can no longer change: it {'passes' if settled == 'passed' else 'fails'}.",
                         f"/ballots/{ballot['id']}#close-early", None, ballot["number"])
            )  # fmt: skip
    for review in await due_reviews(now.date()):
        if review.open_ballot:
            continue
        items.append(
            WorkItem("chair", "review", f"Review {review.name} ({review.ring})",
                     f"{review.label.capitalize()}: keep it in {review.ring} or move it.",
                     "/board#due-reviews", review.due_on)
        )  # fmt: skip
    return items


async def evaluator_items(user_id: int) -> list[WorkItem]:
    rows = (
        await EvaluatorAssignment.select(
            EvaluatorAssignment.proposal,
            EvaluatorAssignment.assigned_at,
            EvaluatorAssignment.proposal.number.as_alias("number"),
            EvaluatorAssignment.proposal.technology_name.as_alias("name"),
            EvaluatorAssignment.proposal.state.as_alias("state"),
            EvaluatorAssignment.proposal.scoring_closed_at.as_alias("closed"),
        )
        .where((EvaluatorAssignment.evaluator == user_id) & EvaluatorAssignment.recused.is_in([False]))
        .run()
    )
    cards = {
        row["proposal"]: row["submitted_at"]
        for row in await Evaluation.select(Evaluation.proposal, Evaluation.submitted_at)
        .where(Evaluation.evaluator == user_id)
        .run()
    }
    items = []
    for row in sorted(rows, key=lambda r: r["assigned_at"]):
        if row["state"] != "evaluating" or row["closed"] is not None:
            continue
        if row["proposal"] in cards and cards[row["proposal"]] is not None:
            continue
        draft = row["proposal"] in cards
        due = (row["assigned_at"] + timedelta(days=SCORING_DAYS)).date()
        items.append(
            WorkItem("evaluator", "score", f"Score {proposal_ref(row['number'])} {row['name']}",
                     "Your draft is saved; finish and submit it." if draft else "Your scorecard is not started.",
                     f"/proposals/{row['number']}/evaluate", due, row["number"])
        )  # fmt: skip
    return items


async def board_items(user_id: int) -> list[WorkItem]:
    ballots = (
        await Ballot.select(
            Ballot.id,
            Ballot.rules,
            Ballot.closes_at,
            Ballot.proposal.number.as_alias("number"),
            Ballot.proposal.technology_name.as_alias("name"),
            Ballot.blip.name.as_alias("blip_name"),
        )
        .where(Ballot.state == "open")
        .order_by(Ballot.closes_at)
        .run()
    )
    voted = {
        row["ballot"]
        for row in await Vote.select(Vote.ballot)
        .where((Vote.voter == user_id) & Vote.ballot.is_in([b["id"] for b in ballots] or [0]))
        .run()
    }
    items = []
    for ballot in ballots:
        if ballot["id"] in voted or user_id not in _rules(ballot["rules"]).members:
            continue
        subject = f"{proposal_ref(ballot['number'])} {ballot['name']}" if ballot["number"] else f"{ballot['blip_name']}"
        items.append(
            WorkItem("board", "vote", f"Vote on {subject}", "You have not voted yet.",
                     f"/ballots/{ballot['id']}", ballot["closes_at"].date(), ballot["number"])
        )  # fmt: skip
    return items


async def architect_items(user_id: int) -> list[WorkItem]:
    own = (
        await Proposal.select(Proposal.id, Proposal.number, Proposal.technology_name, Proposal.state, Proposal.question)
        .where((Proposal.proposer == user_id) & Proposal.state.is_in(["draft", "needs_info", "evaluating"]))
        .order_by(Proposal.number)
        .run()
    )
    evaluating = [p["id"] for p in own if p["state"] == "evaluating"]
    pilots = {
        row["proposal"]: row["id"]
        for row in await Pilot.select(Pilot.id, Pilot.proposal).where(Pilot.proposal.is_in(evaluating or [0])).run()
    }
    metrics = (
        await PilotMetric.select(PilotMetric.id, PilotMetric.pilot)
        .where(PilotMetric.pilot.is_in(list(pilots.values()) or [0]))
        .run()
    )
    observed = {
        row["metric"]
        for row in await Observation.select(Observation.metric)
        .where(Observation.metric.is_in([m["id"] for m in metrics] or [0]))
        .run()
    }
    items = []
    for p in own:
        ref, number = proposal_ref(p["number"]), p["number"]
        if p["state"] == "needs_info":
            items.append(
                WorkItem("architect", "answer", f"Answer the chair on {ref} {p['technology_name']}",
                         p["question"] or "The chair asked for more information.",
                         f"/proposals/{number}#proposer-actions", None, number)
            )  # fmt: skip
        elif p["state"] == "draft":
            items.append(
                WorkItem("architect", "draft", f"Submit your draft {ref} {p['technology_name']}",
                         "A draft is seen by nobody else until you submit it.", f"/proposals/{number}", None, number)
            )  # fmt: skip
        elif p["id"] not in pilots:
            items.append(
                WorkItem("architect", "pilot", f"Plan the pilot of {ref} {p['technology_name']}",
                         "Dates, metrics with baselines and targets.", f"/proposals/{number}/pilot", None, number)
            )  # fmt: skip
        else:
            mine = [m for m in metrics if m["pilot"] == pilots[p["id"]]]
            missing = [m for m in mine if m["id"] not in observed]
            if not mine or missing:
                what = "Add its metrics." if not mine else f"{len(missing)} metric(s) without an observation."
                items.append(
                    WorkItem("architect", "pilot", f"Record the pilot of {ref} {p['technology_name']}", what,
                             f"/proposals/{number}/pilot", None, number)
                )  # fmt: skip
    return items


async def work_for(user_id: int, roles: Collection[str], now: datetime | None = None) -> list[WorkItem]:
    """Everything the person has to do next, grouped by role in the order chair, evaluator, board, architect."""
    now = now or audit.now()
    items: list[WorkItem] = []
    if "chair" in roles:
        items += await chair_items(now)
    items += await evaluator_items(user_id)  # anyone the chair assigned, board members included
    if "board" in roles:
        items += await board_items(user_id)
    if "architect" in roles or await Proposal.exists().where(Proposal.proposer == user_id).run():
        items += await architect_items(user_id)
    return items


async def assigned_to(user_id: int) -> set[int]:
    """Numbers of the proposals the user was asked to evaluate (and did not recuse from)."""
    rows = (
        await EvaluatorAssignment.select(EvaluatorAssignment.proposal.number.as_alias("number"))
        .where((EvaluatorAssignment.evaluator == user_id) & EvaluatorAssignment.recused.is_in([False]))
        .run()
    )
    return {row["number"] for row in rows}


def waiting_for(items: list[WorkItem]) -> set[int]:
    """Numbers of the proposals with a step waiting for this person."""
    return {item.proposal_number for item in items if item.proposal_number is not None}
