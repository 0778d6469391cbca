"""Every workflow transition writes exactly one audit event, in the same transaction as the state change.

Each row of TRANSITIONS puts a proposal where the transition starts, runs it through the public service, and
names the state it must reach and the audit action it must write. The second test makes the audit write fail
after its row is inserted: the transition must leave neither the event nor the state change behind.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from evaluations import ballots, publishing, rules, workflow
from evaluations.tables import Ballot, Proposal
from radar import audit
from radar.tables import AuditEvent
from tests import board_factories as bf

NOW = bf.NOW


@dataclass(frozen=True)
class Transition:
    name: str
    start: str  # the proposal's state before
    end: str  # the proposal's state after
    action: str  # the one audit action it writes
    run: Callable[[dict[str, int]], Awaitable[Any]]  # given the scene: proposal id/number, people, ballot


async def _vote_all(scene: dict[str, int], choice: str) -> None:
    for member in (scene["m1"], scene["m2"], scene["m3"]):
        await ballots.cast_vote(scene["ballot"], member, choice, now=NOW)


TRANSITIONS = [
    Transition("submit", "draft", "submitted", "proposal.submit",
               lambda s: workflow.submit_proposal(s["number"], s["architect"])),
    Transition("ask_for_info", "submitted", "needs_info", "proposal.ask_for_info",
               lambda s: workflow.ask_for_info(s["number"], "What does it cost?", s["chair"])),
    Transition("submit_again", "needs_info", "submitted", "proposal.submit",
               lambda s: workflow.submit_proposal(s["number"], s["architect"], answer="Little.")),
    Transition("accept", "submitted", "evaluating", "proposal.accept",
               lambda s: workflow.accept_proposal(s["number"], [s["evaluator"]], s["chair"])),
    Transition("decline", "submitted", "declined", "proposal.decline",
               lambda s: workflow.decline_proposal(s["number"], "Duplicates Kafka.", s["chair"])),
    Transition("withdraw", "evaluating", "withdrawn", "proposal.withdraw",
               lambda s: workflow.withdraw_proposal(s["number"], s["architect"])),
    Transition("start_voting", "evaluating", "voting", "ballot.open",
               lambda s: ballots.open_ballot(s["id"], s["chair"], now=NOW)),
    Transition("pass_vote", "voting", "approved", "ballot.passed",
               lambda s: ballots.close_if_decided(s["ballot"], now=NOW)),
    Transition("fail_vote", "voting", "declined", "ballot.failed",
               lambda s: ballots.close_if_decided(s["ballot"], now=NOW)),
    Transition("lapse_vote", "voting", "no_decision", "ballot.no_decision",
               lambda s: ballots.close_if_decided(s["ballot"], now=NOW + timedelta(days=60))),
    Transition("publish", "approved", "published", "edition.publish",
               lambda s: publishing.publish_edition("2026-11", "2026.11", NOW.date(), actor_id=s["chair"])),
]  # fmt: skip


def test_every_transition_of_the_workflow_has_a_row() -> None:
    covered = {transition.name for transition in TRANSITIONS}
    assert set(rules.TRANSITIONS) - covered == set()


def _state(proposal_id: int) -> str:
    row = bf.run(Proposal.select(Proposal.state).where(Proposal.id == proposal_id).first().run())
    return str(row["state"])


def _events() -> list[dict[str, Any]]:
    return list(bf.run(AuditEvent.select().order_by(AuditEvent.id).run()))


def _scene(transition: Transition) -> dict[str, int]:
    """Board of three, Rust in Assess, and a proposal to move it to Trial in `transition.start`."""
    bf.radar()
    members = bf.board(3)
    architect = bf.user("ada", ["architect"])
    scene = {
        "m1": members[0],
        "m2": members[1],
        "m3": members[2],
        "architect": architect,
        "chair": bf.user("chris", ["chair"]),
        "evaluator": bf.user("evan", ["evaluator"]),
    }
    start = "evaluating" if transition.start in ("voting", "approved") else transition.start
    scene["id"] = bf.proposal(blip_slug="rust", name="Rust", target="trial", state=start, proposer=architect)
    bf.run(Proposal.update({Proposal.exit_considerations: "Drain and stop."}).where(Proposal.id == scene["id"]).run())
    scene["number"] = int(
        bf.run(Proposal.select(Proposal.number).where(Proposal.id == scene["id"]).first().run())["number"]
    )
    if transition.start == "needs_info":
        bf.run(
            Proposal.update({Proposal.state: "needs_info", Proposal.question: "Cost?"})
            .where(Proposal.id == scene["id"])
            .run()
        )
    if transition.start == "voting":
        scene["ballot"] = bf.run(ballots.open_ballot(scene["id"], scene["chair"], now=NOW))
        if transition.name == "pass_vote":
            bf.run(_vote_all_without_closing(scene, "yes"))
        elif transition.name == "fail_vote":
            bf.run(_vote_all_without_closing(scene, "no"))
        else:  # no quorum: the first deadline only extends the ballot
            bf.run(Ballot.update({Ballot.extended: True}).where(Ballot.id == scene["ballot"]).run())
    if transition.start == "approved":  # the board passed it; publishing an edition is the transition under test
        scene["ballot"] = bf.run(ballots.open_ballot(scene["id"], scene["chair"], now=NOW))
        bf.run(_vote_all(scene, "yes"))  # three yes settle the Trial rule: the ballot closes early
    assert _state(scene["id"]) == transition.start
    return scene


async def _vote_all_without_closing(scene: dict[str, int], choice: str) -> None:
    """Every member votes, the ballot stays open: the closing is the transition under test."""
    original = ballots.close_if_decided

    async def keep_open(ballot_id: int, now: Any = None, actor_id: int | None = None, **decoded: Any) -> str:
        return "open"

    ballots.close_if_decided = keep_open  # type: ignore[assignment]
    try:
        await _vote_all(scene, choice)
    finally:
        ballots.close_if_decided = original  # type: ignore[assignment]


@pytest.mark.parametrize("transition", TRANSITIONS, ids=[t.name for t in TRANSITIONS])
def test_a_transition_writes_exactly_one_audit_event(transition: Transition) -> None:
    scene = _scene(transition)
    before = _events()
    bf.run(transition.run(scene))
    after = _events()
    assert _state(scene["id"]) == transition.end
    new = after[len(before) :]
    assert [event["action"] for event in new] == [transition.action]


@pytest.mark.parametrize("transition", TRANSITIONS, ids=[t.name for t in TRANSITIONS])
def test_a_transition_and_its_audit_event_share_one_transaction(
    transition: Transition, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = _scene(transition)
    before = _events()
    original = audit.record

    async def record_then_fail(*args: Any, **kwargs: Any) -> None:
        await original(*args, **kwargs)
        raise RuntimeError("the audit write failed")

    monkeypatch.setattr(audit, "record", record_then_fail)
    with pytest.raises(RuntimeError, match="audit write failed"):
        bf.run(transition.run(scene))
    monkeypatch.undo()
    assert _events() == before, "the audit event outlived its failed transaction"
    assert _state(scene["id"]) == transition.start, "the state change outlived its failed audit write"
