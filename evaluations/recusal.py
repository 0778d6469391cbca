"""Recusal (DESIGN.md §1): nobody evaluates or votes on a proposal they submitted or declared a conflict on.
The recusal is recorded with its reason, shown, and can never be turned back into a vote."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from evaluations.tables import EvaluatorAssignment, Vote
from radar import audit

PROPOSER_REASON = "Proposed this: nobody votes on their own proposal."


async def recusals_for(proposal: dict[str, Any]) -> dict[int, str]:
    """Who is recused from a proposal's ballot, with why: its proposer and everyone who declared a conflict."""
    recused = {int(proposal["proposer"]): PROPOSER_REASON}
    rows = (
        await EvaluatorAssignment.select(EvaluatorAssignment.evaluator, EvaluatorAssignment.recusal_reason)
        .where((EvaluatorAssignment.proposal == proposal["id"]) & (EvaluatorAssignment.recused.is_in([True])))
        .run()
    )
    for row in rows:
        recused.setdefault(int(row["evaluator"]), f"Declared a conflict: {row['recusal_reason']}")
    return recused


async def recuse_in_ballot(ballot_id: int, voter_id: int, reason: str, now: datetime, audited: bool = True) -> None:
    """Record a member's recusal on a locked open ballot, replacing any vote they cast; the caller holds the
    transaction and has checked the ballot is open."""
    await (
        Vote.insert(
            Vote(ballot=ballot_id, voter=voter_id, choice="recused", comment=reason, advisory=False, cast_at=now)
        )
        .on_conflict(
            target=(Vote.ballot, Vote.voter),
            action="DO UPDATE",
            values=[Vote.choice, Vote.comment, Vote.advisory, Vote.cast_at],
        )
        .run()
    )
    if audited:
        await audit.record("ballot.recuse", "ballot", str(ballot_id), voter_id, {"choice": "recused", "reason": reason})
