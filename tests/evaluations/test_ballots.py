"""The ballot service on the database under test: opening, voting, closing and the decision transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from evaluations import ballots, decision_writer
from evaluations.tables import Ballot, DecisionRecord, OutboxMessage, Proposal, Vote
from radar.errors import ValidationFailed
from radar.tables import AuditEvent, Blip, Ring, RingChange
from tests import board_factories as bf

NOW = bf.NOW


def ring_of(slug: str) -> str:
    async def read() -> str:
        blip = await Blip.select(Blip.ring.slug.as_alias("ring")).where(Blip.slug == slug).first().run()
        return str(blip["ring"])

    return str(bf.run(read()))


def proposal_state(proposal_id: int) -> str:
    return str(bf.run(Proposal.select(Proposal.state).where(Proposal.id == proposal_id).first().run())["state"])


def count(table: Any) -> int:
    return int(bf.run(table.count().run()))


@pytest.fixture
def members() -> list[int]:
    bf.radar()
    return bf.board(3)


def test_opening_freezes_the_rules_and_moves_the_proposal_to_voting(members: list[int]) -> None:
    proposal = bf.proposal(target="adopt")
    bf.pilot(proposal, observed=6.0)
    ballot_id = bf.run(ballots.open_ballot(proposal, members[0], now=NOW))
    view = bf.run(ballots.ballot_view(ballot_id))
    assert view.rules.members == tuple(sorted(members))
    assert view.rules.rule == "adopt"
    assert view.rules.pilot_verdict == "PASS"
    assert view.closes_at - view.opened_at == timedelta(days=14)
    assert view.requirement.startswith("needs 2 yes of 3 eligible")
    assert view.title == "Move Kafka from Trial to Adopt"
    assert proposal_state(proposal) == "voting"


def test_opening_is_refused_without_scores_outside_evaluating_or_for_a_forbidden_move(members: list[int]) -> None:
    unscored = bf.proposal(name="Kafka", scored=False)
    with pytest.raises(ValidationFailed, match="scores are not in"):
        bf.run(ballots.open_ballot(unscored, members[0]))
    submitted = bf.proposal(blip_slug="rust", name="Rust", target="trial", state="submitted")
    with pytest.raises(ValidationFailed, match="Only a proposal in Evaluating"):
        bf.run(ballots.open_ballot(submitted, members[0]))
    jump = bf.proposal(blip_slug="rust", name="Rust again", target="adopt")
    with pytest.raises(ValidationFailed, match="cannot move a blip from assess to adopt"):
        bf.run(ballots.open_ballot(jump, members[0]))


def test_changing_a_vote_replaces_it_one_row_per_member(members: list[int]) -> None:
    ballot_id = bf.run(ballots.open_ballot(bf.proposal(blip_slug="rust", name="Rust", target="trial"), None, now=NOW))
    bf.run(ballots.cast_vote(ballot_id, members[0], "no", "not yet", now=NOW))
    bf.run(ballots.cast_vote(ballot_id, members[0], "yes", "convinced", now=NOW))
    rows = bf.run(Vote.select(Vote.choice, Vote.comment).where(Vote.ballot == ballot_id).run())
    assert rows == [{"choice": "yes", "comment": "convinced"}]


def test_advisory_votes_are_kept_apart_and_never_counted(members: list[int]) -> None:
    ballot_id = bf.run(ballots.open_ballot(bf.proposal(blip_slug="rust", name="Rust", target="trial"), None, now=NOW))
    outsider = bf.user("outsider", ["architect"])
    bf.run(ballots.cast_vote(ballot_id, outsider, "yes", "from the team", now=NOW))
    view = bf.run(ballots.ballot_view(ballot_id))
    assert [vote.name for vote in view.advisory] == ["Outsider"]
    assert view.tally.yes == 0
    with pytest.raises(ValidationFailed, match="Only board members"):
        bf.run(ballots.cast_vote(ballot_id, outsider, "recused", "conflict", now=NOW))


def test_recusal_needs_a_reason_and_shrinks_the_eligible_set(members: list[int]) -> None:
    ballot_id = bf.run(ballots.open_ballot(bf.proposal(blip_slug="rust", name="Rust", target="hold"), None, now=NOW))
    with pytest.raises(ValidationFailed, match="Say why"):
        bf.run(ballots.cast_vote(ballot_id, members[0], "recused", "  ", now=NOW))
    bf.run(ballots.cast_vote(ballot_id, members[0], "recused", "I maintain it", now=NOW))
    view = bf.run(ballots.ballot_view(ballot_id))
    assert (view.tally.eligible, view.tally.quorum, view.tally.recused) == (2, 2, 1)


def test_a_passing_vote_closes_early_and_writes_the_whole_decision(members: list[int]) -> None:
    proposal = bf.proposal(blip_slug="rust", name="Rust", target="trial")
    ballot_id = bf.run(ballots.open_ballot(proposal, members[0], now=NOW))
    assert bf.run(ballots.cast_vote(ballot_id, members[0], "yes", now=NOW)) == "open"
    assert bf.run(ballots.cast_vote(ballot_id, members[1], "yes", now=NOW)) == "open"
    assert bf.run(ballots.cast_vote(ballot_id, members[2], "yes", now=NOW)) == "passed"
    assert ring_of("rust") == "trial"
    ballot = bf.run(Ballot.select().where(Ballot.id == ballot_id).first().run())
    assert ballot["state"] == "passed"
    assert "Trial rule: 3 yes > 0 no" in ballot["outcome_rule"]
    change = bf.run(RingChange.select().order_by(RingChange.id, ascending=False).first().run())
    assert (change["source"], change["decision_ref"]) == ("decision", "ADR-0001")
    record = bf.run(DecisionRecord.select().first().output(load_json=True).run())
    assert (record["number"], record["status"], record["title"]) == (1, "accepted", "Move Rust from Assess to Trial")
    assert record["body"]["tally"]["yes"] == 3
    assert record["next_review_on"] == date(2027, 8, 2)  # Trial: 9 months after the decision
    assert proposal_state(proposal) == "approved"
    topics = bf.run(OutboxMessage.select(OutboxMessage.topic).order_by(OutboxMessage.id).output(as_list=True).run())
    assert sorted(topics) == [
        "ballot.closed",
        "ballot.opened",
        "decision.recorded",
        "proposal.state_changed",
        "proposal.state_changed",
    ]
    assert bf.run(AuditEvent.exists().where(AuditEvent.action == "ballot.passed").run())


def test_an_accepted_record_supersedes_the_blips_previous_one(members: list[int]) -> None:
    first = bf.run(ballots.open_ballot(bf.proposal(blip_slug="rust", name="Rust", target="trial"), None, now=NOW))
    for member in members:
        bf.run(ballots.cast_vote(first, member, "yes", now=NOW))
    second = bf.run(ballots.open_review_ballot("rust", "hold", members[0], now=NOW))
    for member in members[:2]:  # 2 yes of 3 settles a simple majority
        bf.run(ballots.cast_vote(second, member, "yes", now=NOW))
    records = bf.run(DecisionRecord.select().order_by(DecisionRecord.number).output(load_json=True).run())
    assert [r["superseded_by"] for r in records] == [2, None]
    assert records[1]["body"]["supersedes"] == [1]
    assert ring_of("rust") == "hold"


def test_a_passed_add_proposal_creates_the_blip(members: list[int]) -> None:
    proposal = bf.proposal(kind="add", blip_slug=None, name="Temporal IO", target="assess")
    ballot_id = bf.run(ballots.open_ballot(proposal, None, now=NOW))
    for member in members[:2]:
        bf.run(ballots.cast_vote(ballot_id, member, "yes", now=NOW))
    assert ring_of("temporal-io") == "assess"
    assert bf.run(Proposal.select(Proposal.blip).where(Proposal.id == proposal).first().run())["blip"] is not None


def test_a_failed_ballot_is_rejected_and_leaves_the_radar_alone(members: list[int]) -> None:
    proposal = bf.proposal(blip_slug="rust", name="Rust", target="trial")
    ballot_id = bf.run(ballots.open_ballot(proposal, None, now=NOW))
    for member in members[:2]:
        bf.run(ballots.cast_vote(ballot_id, member, "no", now=NOW))
    assert ring_of("rust") == "assess"
    record = bf.run(DecisionRecord.select().first().run())
    assert record["status"] == "rejected"
    assert proposal_state(proposal) == "declined"


def test_quorum_missing_at_the_deadline_extends_once_then_no_decision(members: list[int]) -> None:
    proposal = bf.proposal(blip_slug="rust", name="Rust", target="hold")
    ballot_id = bf.run(ballots.open_ballot(proposal, None, now=NOW))
    bf.run(ballots.cast_vote(ballot_id, members[0], "yes", now=NOW))
    later = NOW + timedelta(days=7, minutes=1)
    assert bf.run(ballots.close_due(later)) == [ballot_id]
    ballot = bf.run(Ballot.select().where(Ballot.id == ballot_id).first().run())
    assert ballot["extended"]
    assert ballot["state"] == "open"
    assert bf.run(ballots.close_due(later)) == []  # not due again until the extended deadline
    assert bf.run(ballots.close_due(later + timedelta(days=7))) == [ballot_id]
    ballot = bf.run(Ballot.select().where(Ballot.id == ballot_id).first().run())
    assert ballot["state"] == "no_decision"
    assert "after the one extension" in ballot["outcome_rule"]
    assert proposal_state(proposal) == "no_decision"
    assert count(DecisionRecord) == 1


def test_the_deadline_decides_when_quorum_is_met(members: list[int]) -> None:
    ballot_id = bf.run(ballots.open_ballot(bf.proposal(blip_slug="rust", name="Rust", target="hold"), None, now=NOW))
    bf.run(ballots.cast_vote(ballot_id, members[0], "yes", now=NOW))
    bf.run(ballots.cast_vote(ballot_id, members[1], "abstain", now=NOW))
    assert bf.run(ballots.close_due(NOW + timedelta(days=8))) == [ballot_id]
    assert ring_of("rust") == "hold"


def test_a_failure_anywhere_in_the_decision_leaves_nothing_changed(
    members: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    proposal = bf.proposal(blip_slug="rust", name="Rust", target="trial")
    ballot_id = bf.run(ballots.open_ballot(proposal, None, now=NOW))
    later = NOW + timedelta(days=8)
    before = {table.__name__: count(table) for table in (RingChange, DecisionRecord, OutboxMessage, AuditEvent)}
    for member in members:
        bf.run(Vote.insert(Vote(ballot=ballot_id, voter=member, choice="yes", cast_at=NOW)).run())

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the outbox is down")

    monkeypatch.setattr(decision_writer, "_announce", broken)
    with pytest.raises(RuntimeError, match="outbox is down"):
        bf.run(ballots.close_due(later))
    assert ring_of("rust") == "assess"
    assert bf.run(Ballot.select(Ballot.state).where(Ballot.id == ballot_id).first().run())["state"] == "open"
    assert proposal_state(proposal) == "voting"
    after = {table.__name__: count(table) for table in (RingChange, DecisionRecord, OutboxMessage, AuditEvent)}
    assert after == before
    monkeypatch.undo()
    assert bf.run(ballots.close_due(later)) == [ballot_id]
    assert ring_of("rust") == "trial"


def test_review_ballot_keeping_the_ring_resets_nothing_but_records_the_decision(members: list[int]) -> None:
    ballot_id = bf.run(ballots.open_review_ballot("postgres", None, members[0], now=NOW))
    view = bf.run(ballots.ballot_view(ballot_id))
    assert view.title == "Keep Postgres in Adopt"
    assert view.rules.rule == "simple"
    with pytest.raises(ValidationFailed, match="already has an open ballot"):
        bf.run(ballots.open_review_ballot("postgres", None, members[0], now=NOW))
    for member in members[:2]:
        bf.run(ballots.cast_vote(ballot_id, member, "yes", now=NOW))
    assert ring_of("postgres") == "adopt"
    assert count(RingChange) == 3  # only the factory's
    assert bf.run(DecisionRecord.select(DecisionRecord.status).first().run())["status"] == "accepted"


@pytest.mark.parametrize(
    ("observed", "conditions", "verdict"),
    [(6.0, "", "PASS"), (3.0, "Only for batch jobs", "CONDITIONAL"), (1.0, "", "FAIL")],
)
def test_pilot_verdict_from_metrics(members: list[int], observed: float, conditions: str, verdict: str) -> None:
    proposal = bf.proposal()
    bf.pilot(proposal, observed=observed, conditions=conditions)
    assert bf.run(ballots.pilot_verdict_for(proposal)).verdict == verdict


def test_metric_statuses_and_verdicts_follow_design_section_4() -> None:
    """The ballot reads pilots through evaluations/pilots.py: the same worked examples hold there."""
    from evaluations.pilots import MetricSpec, MetricStatus, Reading, metric_status, pilot_verdict

    metric = MetricSpec("lead time", "lower", baseline=10.0, target=5.0, guardrail=20.0, must_pass=True,
                        baseline_captured_on=date(2025, 12, 1))  # fmt: skip

    def status(value: float, end: date = date(2026, 1, 31), spec: MetricSpec = metric) -> str:
        return metric_status(spec, [Reading(value, date(2026, 1, 1), end)], date(2026, 1, 1)).status

    assert status(4.0) == "PASS"
    assert status(8.0) == "PARTIAL"
    assert status(12.0) == "FAIL"
    assert status(25.0) == "BREACH"
    assert status(4.0, end=date(2026, 1, 5)) == "INVALID"
    assert status(4.0, spec=MetricSpec("x", "lower", baseline=None, target=5.0, must_pass=True)) == "INVALID"
    optional = MetricSpec("y", "lower", baseline=1.0, target=1.0)

    def verdict(*pairs: tuple[bool, str]) -> str:
        specs = [(metric if must else optional, MetricStatus(state, "")) for must, state in pairs]
        return pilot_verdict(specs).verdict

    assert verdict((True, "PASS"), (False, "FAIL")) == "PASS"
    assert verdict((True, "PASS"), (False, "BREACH")) == "FAIL"
    assert verdict((True, "PARTIAL"), (True, "PASS")) == "CONDITIONAL"
    assert verdict((True, "INVALID"), (True, "PASS")) == "INCONCLUSIVE"
    assert verdict((True, "FAIL")) == "FAIL"


def test_ring_review_months_are_read_from_the_ring(members: list[int]) -> None:
    assert {row["slug"] for row in bf.run(Ring.select(Ring.slug).run())} >= {"adopt", "trial"}


def test_the_scheduler_tick_closes_due_ballots(members: list[int]) -> None:
    from web.scheduler import BallotScheduler

    ballot_id = bf.run(ballots.open_ballot(bf.proposal(blip_slug="rust", name="Rust", target="hold"), None, now=NOW))
    for member in members[:2]:
        bf.run(Vote.insert(Vote(ballot=ballot_id, voter=member, choice="yes", cast_at=NOW)).run())
    assert bf.run(BallotScheduler(60).tick()) == [ballot_id]  # now is long after the 7-day window
    assert ring_of("rust") == "hold"

    async def start_and_stop() -> bool:
        scheduler = BallotScheduler(3600)
        await scheduler.start()
        running = scheduler.task is not None and not scheduler.task.done()
        await scheduler.stop()
        return running and scheduler.task is None

    assert bf.run(start_and_stop())


def test_several_workers_closing_at_once_decide_a_ballot_once(members: list[int]) -> None:
    """Each claim is FOR UPDATE SKIP LOCKED on PostgreSQL (an IMMEDIATE transaction on SQLite)."""
    import asyncio

    from tests.conftest import ENGINE

    ballot_id = bf.run(ballots.open_ballot(bf.proposal(blip_slug="rust", name="Rust", target="hold"), None, now=NOW))
    for member in members[:2]:
        bf.run(Vote.insert(Vote(ballot=ballot_id, voter=member, choice="yes", cast_at=NOW)).run())

    async def race() -> list[list[int]]:
        db = Ballot._meta.db
        if ENGINE == "postgres":
            await db.start_connection_pool(min_size=1, max_size=6)
        try:
            return list(await asyncio.gather(*(ballots.close_due() for _ in range(5))))
        finally:
            if ENGINE == "postgres":
                await db.close_connection_pool()

    handled = bf.run(race())
    assert sum(len(ids) for ids in handled) == 1
    assert count(DecisionRecord) == 1
    assert count(RingChange) == 4  # the factory's three and one decision


def test_due_reviews_are_listed_and_announced_once(members: list[int]) -> None:
    from evaluations import board

    today = date(2027, 1, 20)  # the factory's blips date from 2026-01-05
    reviews = bf.run(board.due_reviews(today))
    # Most overdue first: Assess after 6 months, Trial after 9, Adopt after 12.
    assert [(r.name, r.due_on) for r in reviews] == [
        ("Rust", date(2026, 7, 5)),
        ("Kafka", date(2026, 10, 5)),
        ("Postgres", date(2027, 1, 5)),
    ]
    assert {r.state for r in reviews} == {"overdue"}
    soon = bf.run(board.due_reviews(date(2026, 12, 20)))
    assert ("Postgres", "due") in [(r.name, r.state) for r in soon]
    assert bf.run(board.announce_due_reviews(today)) == 3
    assert bf.run(board.announce_due_reviews(today)) == 0
    # A decision restarts the clock: Rust, kept in Assess by the board, is no longer due.
    ballot_id = bf.run(ballots.open_review_ballot("rust", None, None, now=NOW))
    for member in members[:2]:
        bf.run(ballots.cast_vote(ballot_id, member, "yes", now=NOW))
    assert "Rust" not in [r.name for r in bf.run(board.due_reviews(date(2026, 12, 1)))]


def test_reaffirming_restarts_the_review_clock_and_retired_blips_are_never_due(members: list[int]) -> None:
    from evaluations import board
    from radar.tables import Blip

    today = date(2027, 1, 20)
    bf.run(Blip.update({Blip.reaffirmed_at: datetime(2026, 12, 1, tzinfo=UTC)}).where(Blip.slug == "kafka").run())
    bf.run(Blip.update({Blip.retired_at: datetime(2026, 12, 1, tzinfo=UTC)}).where(Blip.slug == "rust").run())
    assert [r.name for r in bf.run(board.due_reviews(today))] == ["Postgres"]


def test_a_passed_retirement_takes_the_blip_off_the_radar_but_keeps_its_history(members: list[int]) -> None:
    from radar.blips import current_radar

    proposal = bf.proposal(kind="retire", blip_slug="rust", name="Rust", target="assess")
    ballot_id = bf.run(ballots.open_ballot(proposal, members[0], now=NOW))
    assert bf.run(ballots.ballot_view(ballot_id)).title == "Retire Rust from Assess"
    for member in members[:2]:  # 2 yes of 3: the outcome cannot change, so it closes early
        bf.run(ballots.cast_vote(ballot_id, member, "yes", now=NOW))
    assert "rust" not in {blip.slug for blip in bf.run(current_radar()).blips}
    assert ring_of("rust") == "assess"  # the ring it was retired from stays in its history
    assert bf.run(DecisionRecord.select(DecisionRecord.status).first().run())["status"] == "accepted"


def test_a_retirement_is_refused_from_a_ring_that_does_not_allow_it(members: list[int]) -> None:
    proposal = bf.proposal(kind="retire", blip_slug="postgres", name="Postgres", target="adopt")
    with pytest.raises(ValidationFailed, match="cannot move a blip from adopt to retired"):
        bf.run(ballots.open_ballot(proposal, members[0], now=NOW))
