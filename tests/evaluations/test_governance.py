"""Issue 10 on the database: one path for every state change, cancelled ballots, recusal that sticks, numbers from
the database, frozen evidence and voting defaults, publishing that moves Approved to Published."""

from __future__ import annotations

from datetime import timedelta

import pytest

from evaluations import ballots, numbers, publishing, scorecards, voting_defaults, workflow
from evaluations.rules import TRANSITIONS, TransitionRefused
from evaluations.tables import Ballot, DecisionRecord, Observation, Proposal, StateChange, Vote
from evaluations.workflow import NotAllowed, ProposalInput
from radar.errors import ValidationFailed
from radar.tables import AuditEvent, Blip, RingChange
from tests import board_factories as bf

NOW = bf.NOW
CASE = ProposalInput(
    technology_name="Temporal",
    quadrant="platforms",
    target_ring="assess",
    summary="Workflows",
    context="Context",
    options="- Status quo\n- Temporal",
    exit_considerations="Drain.",
)


@pytest.fixture
def members() -> list[int]:
    bf.radar()
    return bf.board(3)


def state_of(proposal_id: int) -> str:
    return str(bf.run(Proposal.select(Proposal.state).where(Proposal.id == proposal_id).first().run())["state"])


def id_of(number: int) -> int:
    return int(bf.run(Proposal.select(Proposal.id).where(Proposal.number == number).first().run())["id"])


def number_of(proposal_id: int) -> int:
    return int(bf.run(Proposal.select(Proposal.number).where(Proposal.id == proposal_id).first().run())["number"])


def ring_of(slug: str) -> str:
    row = bf.run(Blip.select(Blip.ring.slug.as_alias("ring")).where(Blip.slug == slug).first().run())
    return str(row["ring"])


def steps(proposal_id: int, from_state: str, to_state: str) -> int:
    return int(
        bf.run(
            StateChange.count()
            .where(
                (StateChange.proposal == proposal_id)
                & (StateChange.from_state == from_state)
                & (StateChange.to_state == to_state)
            )
            .run()
        )
    )


def audits(action: str, subject: str, from_state: str) -> int:
    rows = bf.run(
        AuditEvent.select(AuditEvent.detail)
        .where((AuditEvent.action == action) & (AuditEvent.subject == subject))
        .output(load_json=True)
        .run()
    )
    return sum(1 for row in rows if row["detail"].get("from") == from_state)


EVENT_OF = {  # transitions caused by a ballot or an edition: that change's one event names the proposal
    "start_voting": "ballot.open",
    "pass_vote": "ballot.passed",
    "fail_vote": "ballot.failed",
    "lapse_vote": "ballot.no_decision",
    "publish": "edition.publish",
}


def events_naming(action: str, ref: str, from_state: str) -> int:
    """Audit events written for `action` on proposal `ref` from `from_state`."""
    if action not in EVENT_OF:
        return audits(f"proposal.{action}", ref, from_state)
    rows = bf.run(
        AuditEvent.select(AuditEvent.detail).where(AuditEvent.action == EVENT_OF[action]).output(load_json=True).run()
    )
    return sum(
        1
        for row in rows
        if (row["detail"].get("proposal") == ref or ref in row["detail"].get("proposals", []))
        and row["detail"].get("from") == from_state
    )


def assert_one_step(proposal_id: int, action: str) -> None:
    """The action left exactly one history row and one audit event (for each state it can start from)."""
    sources, target = TRANSITIONS[action]
    ref = numbers.proposal_ref(number_of(proposal_id))
    taken = [source for source in sources if steps(proposal_id, source, target)]
    assert len(taken) == 1, (action, taken)
    assert steps(proposal_id, taken[0], target) == 1
    assert events_naming(action, ref, taken[0]) == 1
    assert audits(f"proposal.{action}", ref, taken[0]) == (0 if action in EVENT_OF else 1)


def vote_all(ballot_id: int, voters: list[int], choice: str) -> str:
    state = "open"
    for index, voter in enumerate(voters):
        if state != "open":
            break
        state = bf.run(ballots.cast_vote(ballot_id, voter, choice, now=NOW + timedelta(hours=index + 1)))
    return str(state)


def test_every_transition_in_rules_is_reachable_and_leaves_one_history_row_and_one_audit_event(
    members: list[int],
) -> None:
    ada = bf.user("ada", ["architect"])
    chris = bf.user("chris", ["chair"])
    evan = bf.user("evan", ["evaluator"])
    reached: set[tuple[str, str]] = set()

    def check(proposal_id: int, action: str) -> None:
        assert_one_step(proposal_id, action)
        sources, target = TRANSITIONS[action]
        reached.update((source, target) for source in sources if steps(proposal_id, source, target))

    # submit (from Draft), ask_for_info, submit again (from NeedsInfo: the resubmission), accept
    first = bf.run(workflow.create_proposal(CASE, ada))
    bf.run(workflow.submit_proposal(first, ada))
    bf.run(workflow.ask_for_info(first, "What does it cost?", chris))
    check(id_of(first), "ask_for_info")
    bf.run(workflow.submit_proposal(first, ada, answer="Nothing."))
    assert steps(id_of(first), "draft", "submitted") == steps(id_of(first), "needs_info", "submitted") == 1
    reached.update({("draft", "submitted"), ("needs_info", "submitted")})
    bf.run(workflow.accept_proposal(first, [evan], chris))
    check(id_of(first), "accept")
    # decline (from Submitted)
    second = bf.run(workflow.create_proposal(ProposalInput(**{**CASE.__dict__, "technology_name": "Cadence"}), ada))
    bf.run(workflow.submit_proposal(second, ada))
    bf.run(workflow.decline_proposal(second, "Out of scope.", chris))
    check(id_of(second), "decline")
    # start_voting, pass_vote, then publish with an edition
    passing = bf.proposal(kind="hold", blip_slug="rust", name="Rust", target="hold")
    ballot = bf.run(ballots.open_ballot(passing, chris, now=NOW))
    check(passing, "start_voting")
    assert vote_all(ballot, members, "yes") == "passed"
    check(passing, "pass_vote")
    bf.run(publishing.publish_edition("2026-2", "2026.2", NOW.date() + timedelta(days=1), actor_id=chris))
    check(passing, "publish")
    # fail_vote
    failing = bf.proposal(kind="hold", blip_slug="kafka", name="Kafka", target="hold")
    ballot = bf.run(ballots.open_ballot(failing, chris, now=NOW))
    assert vote_all(ballot, members, "no") == "failed"
    check(failing, "fail_vote")
    # lapse_vote: no quorum at the deadline, extended once, then no decision
    lapsing = bf.proposal(kind="demote", blip_slug="postgres", name="Postgres", target="trial")
    bf.run(ballots.open_ballot(lapsing, chris, now=NOW))
    bf.run(ballots.close_due(NOW + timedelta(days=8)))
    bf.run(ballots.close_due(NOW + timedelta(days=16)))
    check(lapsing, "lapse_vote")
    # withdraw, from every state it may start from
    for index, source in enumerate(TRANSITIONS["withdraw"][0]):
        proposal = bf.proposal(
            kind="add", blip_slug=None, name=f"Gadget {index}", target="assess", state=source, proposer=ada
        )
        bf.run(workflow.withdraw_proposal(number_of(proposal), ada, reason="Changed our minds."))
        assert state_of(proposal) == "withdrawn"
        assert steps(proposal, source, "withdrawn") == 1
        assert audits("proposal.withdraw", numbers.proposal_ref(number_of(proposal)), source) == 1
        reached.add((source, "withdrawn"))

    every = {(source, target) for sources, target in TRANSITIONS.values() for source in sources}
    assert reached == every


def test_a_withdrawn_proposal_with_an_open_ballot_stays_withdrawn_whatever_votes_arrive(members: list[int]) -> None:
    proposer = bf.user("ada", ["architect"])
    proposal = bf.proposal(kind="hold", blip_slug="rust", name="Rust", target="hold", proposer=proposer)
    ballot_id = bf.run(ballots.open_ballot(proposal, None, now=NOW))
    bf.run(ballots.cast_vote(ballot_id, members[0], "yes", now=NOW + timedelta(hours=1)))
    bf.run(workflow.withdraw_proposal(number_of(proposal), proposer, reason="We chose another tool."))

    ballot = bf.run(Ballot.select().where(Ballot.id == ballot_id).first().run())
    assert ballot["state"] == "cancelled"
    assert "withdrawn" in ballot["outcome_rule"] and "We chose another tool." in ballot["outcome_rule"]
    for member in members[1:]:
        with pytest.raises(ValidationFailed, match="cancelled"):
            bf.run(ballots.cast_vote(ballot_id, member, "yes", now=NOW + timedelta(hours=2)))
    assert bf.run(ballots.close_due(NOW + timedelta(days=30))) == []
    assert state_of(proposal) == "withdrawn"
    assert ring_of("rust") == "assess"
    assert bf.run(RingChange.count().where(RingChange.source == "decision").run()) == 0
    assert bf.run(DecisionRecord.count().run()) == 0
    assert bf.run(ballots.ballot_view(ballot_id)).state_label == "Cancelled"


def test_a_ballot_left_open_on_a_withdrawn_proposal_is_cancelled_when_it_would_close(members: list[int]) -> None:
    """Defence in depth: even if a ballot were left open, a decision never revives a withdrawn proposal."""
    proposal = bf.proposal(kind="hold", blip_slug="rust", name="Rust", target="hold")
    ballot_id = bf.run(ballots.open_ballot(proposal, None, now=NOW))
    bf.run(Proposal.update({Proposal.state: "withdrawn"}).where(Proposal.id == proposal).run())  # as old code did
    for member in members:
        bf.run(Vote.insert(Vote(ballot=ballot_id, voter=member, choice="yes", cast_at=NOW)).run())
    assert bf.run(ballots.close_if_decided(ballot_id, NOW + timedelta(hours=1))) == "cancelled"
    assert state_of(proposal) == "withdrawn"
    assert ring_of("rust") == "assess"


def test_the_proposer_is_recused_automatically_and_cannot_vote(members: list[int]) -> None:
    proposer = members[0]  # a board member who proposed
    proposal = bf.proposal(kind="hold", blip_slug="rust", name="Rust", target="hold", proposer=proposer)
    ballot_id = bf.run(ballots.open_ballot(proposal, None, now=NOW))
    view = bf.run(ballots.ballot_view(ballot_id))
    assert view.tally.eligible == 2 and view.tally.recused == 1
    mine = next(member for member in view.members if member["id"] == proposer)
    assert mine["vote"].choice == "recused" and "Proposed this" in mine["vote"].comment
    with pytest.raises(ValidationFailed, match="You proposed this"):
        bf.run(ballots.cast_vote(ballot_id, proposer, "yes", now=NOW + timedelta(hours=1)))
    assert bf.run(ballots.ballot_view(ballot_id)).tally.yes == 0
    # a non-member proposer cannot leave an advisory vote either
    outsider = bf.user("ada", ["architect"])
    other = bf.proposal(kind="hold", blip_slug="kafka", name="Kafka", target="hold", proposer=outsider)
    other_ballot = bf.run(ballots.open_ballot(other, None, now=NOW))
    with pytest.raises(ValidationFailed, match="You proposed this"):
        bf.run(ballots.cast_vote(other_ballot, outsider, "yes", now=NOW + timedelta(hours=1)))


def test_a_recusal_sticks_and_conflicts_are_declared_only_by_those_involved(members: list[int]) -> None:
    chris = bf.user("chris", ["chair"])
    evan = bf.user("evan", ["evaluator", "board"])
    stranger = bf.user("sam", ["evaluator"])
    ada = bf.user("ada", ["architect"])
    number = bf.run(workflow.create_proposal(CASE, ada, submit=True))
    with pytest.raises(NotAllowed, match="Evaluating or Voting"):
        bf.run(scorecards.declare_conflict(number, evan, "I consult for them."))
    bf.run(workflow.accept_proposal(number, [evan], chris))
    with pytest.raises(NotAllowed, match="Only the evaluators assigned"):
        bf.run(scorecards.declare_conflict(number, stranger, "Curious."))
    bf.run(scorecards.declare_conflict(number, evan, "I consult for them."))
    # a board member on the open ballot may declare a conflict too; a recusal then never becomes a vote
    scored = bf.proposal(kind="hold", blip_slug="rust", name="Rust", target="hold")
    ballot_id = bf.run(ballots.open_ballot(scored, chris, now=NOW))
    bf.run(ballots.cast_vote(ballot_id, members[1], "yes", now=NOW + timedelta(hours=1)))
    bf.run(scorecards.declare_conflict(number_of(scored), members[1], "My brother sells it."))
    with pytest.raises(ValidationFailed, match="recusal cannot be turned into a vote"):
        bf.run(ballots.cast_vote(ballot_id, members[1], "no", now=NOW + timedelta(hours=2)))
    view = bf.run(ballots.ballot_view(ballot_id))
    assert view.tally.yes == 0 and view.tally.recused == 1 and members[1] not in view.tally.eligible_ids
    with pytest.raises(NotAllowed, match="Only the evaluators assigned"):
        bf.run(scorecards.declare_conflict(number_of(scored), stranger, "Curious."))


def test_declared_conflicts_recuse_from_the_ballot_when_it_opens(members: list[int]) -> None:
    proposal = bf.proposal(kind="hold", blip_slug="rust", name="Rust", target="hold")
    number = number_of(proposal)
    from evaluations.tables import EvaluatorAssignment

    bf.run(
        EvaluatorAssignment.insert(EvaluatorAssignment(proposal=proposal, evaluator=members[2], assigned_at=NOW)).run()
    )
    bf.run(scorecards.declare_conflict(number, members[2], "Former employer."))
    ballot_id = bf.run(ballots.open_ballot(proposal, None, now=NOW))
    view = bf.run(ballots.ballot_view(ballot_id))
    assert view.rules.recused == (members[2],)
    assert view.tally.eligible == 2
    with pytest.raises(ValidationFailed, match="recused"):
        bf.run(ballots.cast_vote(ballot_id, members[2], "yes", now=NOW + timedelta(hours=1)))


def test_numbers_come_from_the_database_counter_and_continue_after_existing_rows(members: list[int]) -> None:
    ada = bf.user("ada", ["architect"])
    first = bf.run(workflow.create_proposal(CASE, ada))
    bf.run(Proposal.update({Proposal.number: 41}).where(Proposal.number == first).run())
    from evaluations.tables import NumberCounter

    bf.run(NumberCounter.delete(force=True).run())  # a database that predates the counter
    second = bf.run(workflow.create_proposal(ProposalInput(**{**CASE.__dict__, "technology_name": "Cadence"}), ada))
    assert second == 42
    assert numbers.proposal_ref(7) == "P-0007" and numbers.adr_ref(12) == "ADR-0012"


def test_the_decision_record_uses_the_evidence_frozen_when_the_ballot_opened(members: list[int]) -> None:
    proposal = bf.proposal(target="adopt")
    bf.pilot(proposal, observed=6.0)  # PASS when the ballot opens
    ballot_id = bf.run(ballots.open_ballot(proposal, None, now=NOW))
    bf.run(Observation.update({Observation.value: 1.0}).where(Observation.id > 0).run())  # FAIL afterwards
    assert bf.run(ballots.pilot_verdict_for(proposal)).verdict == "FAIL"
    assert vote_all(ballot_id, members, "yes") == "passed"
    record = bf.run(DecisionRecord.select().first().output(load_json=True).run())
    assert record["body"]["pilot"]["verdict"] == "PASS"
    assert record["body"]["pilot"]["metrics"][0]["status"] == "PASS"
    assert record["body"]["framework_version"] == 1


def test_voting_defaults_apply_to_ballots_opened_after_the_change(members: list[int]) -> None:
    before = bf.run(
        ballots.open_ballot(bf.proposal(kind="hold", blip_slug="rust", name="Rust", target="hold"), None, now=NOW)
    )
    form = {
        **voting_defaults.as_form(bf.run(voting_defaults.current_defaults())),
        "window_simple": "3",
        "quorum_numerator": "1",
        "quorum_denominator": "2",
        "tie": "passes",
        "note": "Smaller board.",
    }
    bf.run(voting_defaults.save_defaults({k: str(v) for k, v in form.items()}, None))
    after = bf.run(
        ballots.open_ballot(bf.proposal(kind="hold", blip_slug="kafka", name="Kafka", target="hold"), None, now=NOW)
    )
    old, new = bf.run(ballots.ballot_view(before)), bf.run(ballots.ballot_view(after))
    assert old.rules.window_days == 7 and old.rules.quorum == (2, 3) and old.rules.tie_fails
    assert new.rules.window_days == 3 and new.rules.quorum == (1, 2) and not new.rules.tie_fails
    assert new.tally.quorum == 2  # ⌈1/2 × 3⌉
    bf.run(ballots.cast_vote(after, members[0], "yes", now=NOW + timedelta(hours=1)))
    bf.run(ballots.cast_vote(after, members[1], "no", now=NOW + timedelta(hours=2)))
    assert bf.run(ballots.close_due(NOW + timedelta(days=4))) == [after]
    assert bf.run(ballots.ballot_view(after)).state == "passed"  # a tie passes under the frozen rules
    with pytest.raises(ValidationFailed) as failure:
        bf.run(
            voting_defaults.save_defaults(
                {
                    **{k: str(v) for k, v in form.items()},
                    "adopt_numerator": "5",
                    "adopt_denominator": "3",
                    "window_trial": "x",
                    "note": "",
                },
                None,
            )
        )
    assert set(failure.value.errors) == {"adopt_numerator", "window_trial", "note"}


def test_publishing_moves_approved_proposals_decided_by_the_edition_date(members: list[int]) -> None:
    proposal = bf.proposal(kind="hold", blip_slug="rust", name="Rust", target="hold")
    ballot_id = bf.run(ballots.open_ballot(proposal, None, now=NOW))
    assert vote_all(ballot_id, members, "yes") == "passed"
    waiting = bf.run(publishing.waiting_decisions())
    assert [(w.ref, w.decision) for w in waiting] == [(numbers.proposal_ref(number_of(proposal)), "ADR-0001")]
    bf.run(publishing.publish_edition("old", "Backdated", NOW.date() - timedelta(days=1)))
    assert state_of(proposal) == "approved"
    bf.run(publishing.publish_edition("new", "Current", NOW.date()))
    assert state_of(proposal) == "published"
    assert bf.run(publishing.waiting_decisions()) == []


def test_a_refused_transition_inside_a_transaction_writes_nothing(members: list[int]) -> None:
    ada = bf.user("ada", ["architect"])
    number = bf.run(workflow.create_proposal(CASE, ada))
    before = bf.run(StateChange.count().run())
    with pytest.raises(TransitionRefused):
        bf.run(workflow.decline_proposal(number, "No.", bf.user("chris", ["chair"])))
    assert bf.run(StateChange.count().run()) == before
