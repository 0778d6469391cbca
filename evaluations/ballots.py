"""Ballots, the write side: opening them with frozen rules and evidence, casting votes, recusing, closing them.

A decision is written in one transaction by evaluations/decision_writer.py; what pages show of a ballot lives in
evaluations/ballot_reads.py (re-exported here for the callers that read and write).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from evaluations import outbox
from evaluations.ballot_reads import (
    STATE_LABELS,
    BallotView,
    PilotVerdict,
    Scorecard,
    VoteView,
    ballot_title,
    ballot_view,
    ballot_views,
    board_members,
    pilot_verdict_for,
    rings_by_id,
    rules_of,
    scorecard_for,
    scores_in,
)
from evaluations.decision_writer import frozen_evidence, record_decision
from evaluations.numbers import adr_ref, proposal_ref
from evaluations.recusal import recusals_for, recuse_in_ballot
from evaluations.rules import RING_MOVES
from evaluations.tables import Ballot, Proposal, Vote
from evaluations.transitions import cancel_open_ballots, locked_proposal, moved, transition
from evaluations.voting import CHOICES, BallotRules, Outcome, closes_at_for, outcome, rule_for_move, rules_for
from evaluations.voting_defaults import current_defaults
from radar import audit
from radar.database import transaction
from radar.errors import NotFound, ValidationFailed
from radar.limits import NOTE_MAX
from radar.tables import Blip

__all__ = [
    "STATE_LABELS",
    "BallotView",
    "PilotVerdict",
    "Scorecard",
    "VoteView",
    "adr_ref",
    "ballot_title",
    "ballot_view",
    "ballot_views",
    "board_members",
    "cast_vote",
    "close_due",
    "close_if_decided",
    "open_ballot",
    "open_review_ballot",
    "pilot_verdict_for",
    "recuse",
    "scorecard_for",
    "scores_in",
]


LOCK_FOR_SHARE = "SELECT * FROM ballot WHERE id = {} FOR SHARE"


def engine() -> Any:
    return Ballot._meta.db


# Opening ---------------------------------------------------------------------------------------------------


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
    proposal: dict[str, Any] | None,
    blip_id: int | None,
    from_ring: dict[str, Any] | None,
    to_ring: dict[str, Any],
    actor_id: int | None,
    now: datetime,
    subject: str,
    title: str,
    moves: dict[str, str] | None = None,
) -> int:
    members = await board_members()
    if not members:
        raise ValidationFailed({"ballot": "There are no board members to vote."})
    member_ids = [member["id"] for member in members]
    rule = rule_for_move(
        (from_ring["slug"], from_ring["position"]) if from_ring else None, (to_ring["slug"], to_ring["position"])
    )
    evidence = await frozen_evidence(proposal["id"] if proposal else None)
    pilot = evidence["pilot"]
    recused = {k: v for k, v in (await recusals_for(proposal) if proposal else {}).items() if k in member_ids}
    rules = rules_for(
        member_ids,
        rule,
        pilot["verdict"],
        bool(pilot["conditions"].strip()),
        await current_defaults(),
        list(recused),
    )
    ballot = Ballot(
        proposal=proposal["id"] if proposal else None,
        blip=blip_id,
        from_ring=from_ring["id"] if from_ring else None,
        to_ring=to_ring["id"],
        state="open",
        rules={**rules.to_json(), "evidence": evidence},
        opened_at=now,
        closes_at=closes_at_for(now, rules),
        opened_by=actor_id,
    )
    await ballot.save().run()
    for member, reason in recused.items():
        await recuse_in_ballot(int(ballot.id), member, reason, now, audited=False)
    await audit.record(
        "ballot.open",
        "ballot",
        str(ballot.id),
        actor_id,
        {
            "subject": subject,
            "rule": rule,
            "eligible": len(rules.members) - len(recused),
            "recused": sorted(recused),
            "closes_at": ballot.closes_at.isoformat(),
            **(moves or {}),
        },
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
            "members": [member for member in rules.members if member not in recused],  # who may vote
        },
        now,
    )
    return int(ballot.id)


async def open_ballot(proposal_id: int, actor_id: int | None, now: datetime | None = None) -> int:
    """Open the board's ballot on a proposal in Evaluating whose scores are in; the proposal moves to Voting.
    The proposer and everyone who declared a conflict are recused from it."""
    now = now or audit.now()
    async with transaction(engine()):
        proposal = await locked_proposal(proposal_id=proposal_id)
        if proposal["state"] != "evaluating":
            raise ValidationFailed(
                {"ballot": f"Only a proposal in Evaluating can go to a vote (this one is {proposal['state']})."}
            )
        if not await scores_in(proposal_id):
            raise ValidationFailed({"ballot": "The scores are not in yet: at least one evaluation must be submitted."})
        rings = await rings_by_id()
        blip = None
        if proposal["blip"]:
            blip = await Blip.select(Blip.id, Blip.ring).where(Blip.id == proposal["blip"]).first().run()
        from_ring = (
            rings[blip["ring"]] if blip else (rings.get(proposal["current_ring"]) if proposal["current_ring"] else None)
        )
        to_ring = rings[proposal["target_ring"]]  # a retirement keeps the current ring as its target
        move_to = "retired" if proposal["kind"] == "retire" else to_ring["slug"]
        _check_move(from_ring["slug"] if from_ring else None, move_to, review=False)
        await transition(
            proposal, "start_voting", actor_id, reason="The board's ballot opened.", now=now, audited=False
        )
        ballot_id = await _insert_ballot(
            proposal=proposal,
            blip_id=blip["id"] if blip else None,
            from_ring=from_ring,
            to_ring=to_ring,
            actor_id=actor_id,
            now=now,
            subject=proposal_ref(proposal["number"]),
            title=ballot_title(
                proposal["kind"], proposal["technology_name"], from_ring["name"] if from_ring else None, to_ring["name"]
            ),
            moves=moved(proposal, "evaluating"),
        )
    return ballot_id


async def open_review_ballot(
    blip_slug: str, to_ring_slug: str | None, actor_id: int | None, now: datetime | None = None
) -> int:
    """Open a review ballot on a blip: keep it in its ring (the default) or move it."""
    now = now or audit.now()
    async with transaction(engine()):
        blip = await Blip.select(Blip.id, Blip.name, Blip.ring).where(Blip.slug == blip_slug).first().run()
        if blip is None:
            raise NotFound(f"No blip called {blip_slug!r}.")
        if await Ballot.exists().where((Ballot.blip == blip["id"]) & (Ballot.state == "open")).run():
            raise ValidationFailed({"ballot": f"{blip['name']} already has an open ballot."})
        rings = await rings_by_id()
        from_ring = rings[blip["ring"]]
        by_slug = {ring["slug"]: ring for ring in rings.values()}
        to_ring = by_slug.get(to_ring_slug or from_ring["slug"])
        if to_ring is None:
            raise ValidationFailed({"to_ring": "Choose a ring."})
        _check_move(from_ring["slug"], to_ring["slug"], review=True)
        return await _insert_ballot(
            proposal=None,
            blip_id=blip["id"],
            from_ring=from_ring,
            to_ring=to_ring,
            actor_id=actor_id,
            now=now,
            subject=blip_slug,
            title=ballot_title("review", blip["name"], from_ring["name"], to_ring["name"]),
        )


# Voting and recusing ---------------------------------------------------------------------------------------


async def _locked_ballot(ballot_id: int, mode: str) -> dict[str, Any]:
    """The ballot, locked FOR SHARE (a vote: it cannot close meanwhile) or FOR UPDATE (a recusal) on PostgreSQL;
    the IMMEDIATE transaction holds SQLite's write lock."""
    if isinstance(engine(), PostgresEngine):
        sql = "SELECT * FROM ballot WHERE id = {} FOR UPDATE" if mode == "UPDATE" else LOCK_FOR_SHARE
        rows = await Ballot.raw(sql, ballot_id).run()
        row: dict[str, Any] | None = rows[0] if rows else None
    else:
        row = await Ballot.select().where(Ballot.id == ballot_id).first().run()
    if row is None:
        raise NotFound(f"No ballot with id {ballot_id}.")
    return row


def _refuse_unless_open(ballot: dict[str, Any], field: str) -> None:
    if ballot["state"] == "cancelled":
        raise ValidationFailed({field: f"This ballot was cancelled ({ballot['outcome_rule']}); nobody can vote on it."})
    if ballot["state"] != "open":
        raise ValidationFailed({field: "This ballot has closed; votes can no longer change."})


async def _proposer_of(ballot: dict[str, Any]) -> int | None:
    if not ballot["proposal"]:
        return None
    row = await Proposal.select(Proposal.proposer).where(Proposal.id == ballot["proposal"]).first().run()
    return int(row["proposer"]) if row else None


async def cast_vote(ballot_id: int, voter_id: int, choice: str, comment: str = "", now: datetime | None = None) -> str:
    """Record or replace the voter's vote (yes/no/abstain). Returns the ballot's state afterwards: a vote can
    close it early. Board members frozen into the ballot vote; anyone else's vote is advisory and never counted.
    A vote on a ballot that is not open is refused, and so is a vote by anyone recused (a recusal sticks)."""
    now = now or audit.now()
    comment = comment.strip()
    if choice == "recused":
        return await recuse(ballot_id, voter_id, comment, now)
    if choice not in CHOICES:
        raise ValidationFailed({"choice": "Choose yes, no or abstain."})
    if len(comment) > NOTE_MAX:
        raise ValidationFailed({"comment": f"At most {NOTE_MAX} characters (this has {len(comment)})."})
    async with transaction(engine()):
        ballot = await _locked_ballot(ballot_id, "SHARE")
        _refuse_unless_open(ballot, "choice")
        rules = rules_of(ballot)
        if voter_id == await _proposer_of(ballot):
            raise ValidationFailed({"choice": "You proposed this, so you are recused: you cannot vote on it."})
        mine = await Vote.select(Vote.choice).where((Vote.ballot == ballot_id) & (Vote.voter == voter_id)).first().run()
        if voter_id in rules.recused or (mine and mine["choice"] == "recused"):
            raise ValidationFailed(
                {"choice": "You are recused from this ballot; a recusal cannot be turned into a vote."}
            )
        advisory = voter_id not in rules.members
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
        await audit.record("ballot.vote", "ballot", str(ballot_id), voter_id, {"choice": choice, "advisory": advisory})
    return await close_if_decided(ballot_id, now, ballot=ballot, rules=rules)


async def recuse(ballot_id: int, voter_id: int, reason: str, now: datetime | None = None) -> str:
    """A board member eligible on an open ballot declares a conflict: they leave E for good, with the reason."""
    now = now or audit.now()
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": "Say why you recuse yourself."})
    if len(reason) > NOTE_MAX:
        raise ValidationFailed({"reason": f"At most {NOTE_MAX} characters (this has {len(reason)})."})
    async with transaction(engine()):
        ballot = await _locked_ballot(ballot_id, "UPDATE")
        _refuse_unless_open(ballot, "reason")
        rules = rules_of(ballot)
        if voter_id not in rules.members:
            raise ValidationFailed({"reason": "Only board members eligible on this ballot can recuse."})
        await recuse_in_ballot(ballot_id, voter_id, reason, now)
    return await close_if_decided(ballot_id, now, ballot=ballot, rules=rules)


# Closing and deciding --------------------------------------------------------------------------------------


async def _counted_votes(ballot_id: int) -> dict[int, str]:
    rows = (
        await Vote.select(Vote.voter, Vote.choice)
        .where((Vote.ballot == ballot_id) & (Vote.advisory.is_in([False])))
        .run()
    )
    return {row["voter"]: row["choice"] for row in rows}


def _outcome_of(ballot: dict[str, Any], rules: BallotRules, votes: dict[int, str], now: datetime) -> Outcome:
    return outcome(rules, votes, now=now, closes_at=ballot["closes_at"], extended=ballot["extended"])


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


async def close_if_decided(
    ballot_id: int,
    now: datetime | None = None,
    actor_id: int | None = None,
    *,
    ballot: dict[str, Any] | None = None,
    rules: BallotRules | None = None,
) -> str:
    """Close the ballot when its outcome is settled (early, or at the deadline); returns its state after.
    `ballot` and `rules` let a caller that has already read and decoded them pass them on."""
    now = now or audit.now()
    if ballot is None:
        ballot = await Ballot.select().where(Ballot.id == ballot_id).first().run()
        if ballot is None:
            raise NotFound(f"No ballot with id {ballot_id}.")
    rules = rules or rules_of(ballot)
    if ballot["state"] != "open" or _outcome_of(ballot, rules, await _counted_votes(ballot_id), now).state == "open":
        return str(ballot["state"])
    async with transaction(engine()):
        # Lock order everywhere: the proposal, then its ballot (withdrawing takes them in this order too).
        proposal = await locked_proposal(proposal_id=ballot["proposal"]) if ballot["proposal"] else None
        claimed = await _claim(ballot_id)
        if claimed is None:  # another worker is closing it, or has closed it
            return str(ballot["state"])
        if proposal is not None and proposal["state"] != "voting":
            await cancel_open_ballots(
                proposal["id"], f"The proposal is {proposal['state']}, no longer voting.", now, actor_id
            )
            return "cancelled"
        result = _outcome_of(claimed, rules, await _counted_votes(ballot_id), now)
        if result.state == "extended":
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
            await record_decision(claimed, rules, result, proposal, await rings_by_id(), now, actor_id)
            return result.state
    return "open"


async def close_due(now: datetime | None = None) -> list[int]:
    """Close every open ballot whose deadline has passed (or extend it once); returns the ids it handled."""
    now = now or audit.now()
    due = await Ballot.select().where((Ballot.state == "open") & (Ballot.closes_at <= now)).run()
    handled = []
    for row in due:
        state = await close_if_decided(row["id"], now, ballot=row)
        after = await Ballot.select(Ballot.closes_at).where(Ballot.id == row["id"]).first().run()
        if state != "open" or (after and after["closes_at"] != row["closes_at"]):
            handled.append(row["id"])
    return handled
