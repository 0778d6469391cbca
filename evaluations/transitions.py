"""The one path for every proposal state change (DESIGN.md §3).

`transition` checks the move against `evaluations/rules.py`, writes the new state, one `StateChange` row and the
audit event; when a proposal is withdrawn or declined it also cancels the proposal's open ballot. The caller holds
the transaction and the lock: `locked_proposal` inside `transaction(engine())`. No other module writes
`Proposal.state`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from evaluations import outbox
from evaluations.numbers import proposal_ref
from evaluations.rules import check_transition
from evaluations.tables import Ballot, Proposal, StateChange
from radar import audit
from radar.errors import NotFound

CANCELLING_STATES = ("withdrawn", "declined")


def engine() -> Any:
    return Proposal._meta.db


async def locked_proposal(*, number: int | None = None, proposal_id: int | None = None) -> dict[str, Any]:
    """The proposal by number or id, locked until the caller's transaction ends: SELECT ... FOR UPDATE on
    PostgreSQL; on SQLite the IMMEDIATE transaction of radar.database.transaction already holds the write lock."""
    if (number is None) == (proposal_id is None):
        raise ValueError("locked_proposal takes a number or an id")
    db = engine()
    if db.current_transaction.get() is None:
        raise RuntimeError("locked_proposal must run inside radar.database.transaction(...)")
    if isinstance(db, PostgresEngine):
        if number is not None:
            await Proposal.raw("SELECT id FROM proposal WHERE number = {} FOR UPDATE", number).run()
        else:
            await Proposal.raw("SELECT id FROM proposal WHERE id = {} FOR UPDATE", proposal_id).run()
    where = Proposal.number == number if number is not None else Proposal.id == proposal_id
    row: dict[str, Any] | None = await Proposal.select().where(where).first().output(load_json=True).run()
    if row is None:
        raise NotFound(f"No proposal {proposal_ref(number) if number is not None else f'with id {proposal_id}'}.")
    return row


async def record_created(proposal_id: int, state: str, actor_id: int | None, at: datetime, reason: str = "") -> None:
    """The first history row of a new proposal (from "" to its first state)."""
    await StateChange.insert(
        StateChange(proposal=proposal_id, from_state="", to_state=state, at=at, by=actor_id, reason=reason)
    ).run()


async def transition(
    proposal: dict[str, Any],
    action: str,
    actor_id: int | None,
    reason: str = "",
    now: datetime | None = None,
    values: dict[Any, Any] | None = None,
    detail: dict[str, Any] | None = None,
    audited: bool = True,
) -> str:
    """Apply workflow `action` to a proposal locked by `locked_proposal`; returns the new state.

    Raises TransitionRefused (saying why) when rules.py does not allow `action` from the proposal's state.
    `values` are further columns written with the state (a decline reason, a question); `detail` goes into the
    audit event. A transition caused by a change with an audit event of its own (a ballot opening or closing, an
    edition being published) passes `audited=False`, and that one event names the proposal and its move
    (`moved(...)`), so that every transition leaves exactly one event. The row passed in is updated in place.
    """
    target = check_transition(action, proposal["state"])
    now = now or audit.now()
    source = proposal["state"]
    await (
        Proposal.update({Proposal.state: target, Proposal.updated_at: now, **(values or {})})
        .where(Proposal.id == proposal["id"])
        .run()
    )
    await StateChange.insert(
        StateChange(proposal=proposal["id"], from_state=source, to_state=target, at=now, by=actor_id, reason=reason)
    ).run()
    event = {"from": source, "to": target, "reason": reason, **(detail or {})}
    if target in CANCELLING_STATES:
        why = f"The proposal was {target}" + (f": {reason}" if reason else ".")
        cancelled = await cancel_open_ballots(proposal["id"], why, now, actor_id, audited=False)
        if cancelled:
            event["cancelled_ballots"] = cancelled
    if audited:
        await audit.record(f"proposal.{action}", "proposal", proposal_ref(proposal["number"]), actor_id, event)
    await outbox.proposal_state_changed(
        proposal, target, actor_id, now, reason=reason, question=(detail or {}).get("question", "")
    )
    proposal["state"] = target
    proposal["updated_at"] = now
    return target


def moved(proposal: dict[str, Any], source: str) -> dict[str, str]:
    """What the one audit event of a ballot or an edition says about the proposal it moved."""
    return {"proposal": proposal_ref(proposal["number"]), "from": source, "to": proposal["state"]}


async def cancel_open_ballots(
    proposal_id: int, reason: str, now: datetime, actor_id: int | None, audited: bool = True
) -> list[int]:
    """Cancel the proposal's open ballot(s): no vote counts or revives them afterwards. A withdrawal or decline
    names them in its own audit event (`audited=False`)."""
    open_ballots = (
        await Ballot.select(Ballot.id).where((Ballot.proposal == proposal_id) & (Ballot.state == "open")).run()
    )
    ids = [row["id"] for row in open_ballots]
    if ids:
        await (
            Ballot.update({Ballot.state: "cancelled", Ballot.closed_at: now, Ballot.outcome_rule: reason})
            .where(Ballot.id.is_in(ids))
            .run()
        )
        for ballot_id in ids if audited else []:
            await audit.record("ballot.cancelled", "ballot", str(ballot_id), actor_id, {"reason": reason})
        named = await Proposal.select(Proposal.technology_name).where(Proposal.id == proposal_id).first().run()
        title = f"the vote on {named['technology_name']}" if named else "a vote"
        for ballot_id in ids:
            await outbox.announce(
                "ballot.closed", {"ballot": ballot_id, "title": title, "state": "cancelled", "rule": reason}, now
            )
    return ids


async def history(proposal_id: int) -> list[dict[str, Any]]:
    """The proposal's state history, oldest first, with who made each change."""
    rows: list[dict[str, Any]] = await (
        StateChange.select(
            StateChange.from_state,
            StateChange.to_state,
            StateChange.at,
            StateChange.reason,
            StateChange.by.display_name.as_alias("by_name"),
        )
        .where(StateChange.proposal == proposal_id)
        .order_by(StateChange.at)
        .order_by(StateChange.id)
        .run()
    )
    return rows
