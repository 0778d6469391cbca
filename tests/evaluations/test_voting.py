"""Worked examples for every voting rule of DESIGN.md §5 and the review timers of §7."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from evaluations.voting import (
    BallotRules,
    add_months,
    eligible_voters,
    outcome,
    requirement_text,
    review_status,
    rule_for_move,
    rules_for,
    tally,
    two_thirds,
)

OPENED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DEADLINE = OPENED + timedelta(days=7)
BEFORE = OPENED + timedelta(days=1)
AFTER = DEADLINE + timedelta(minutes=1)


def votes(yes: int = 0, no: int = 0, abstain: int = 0, recused: int = 0, start: int = 1) -> dict[int, str]:
    choices = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain + ["recused"] * recused
    return {start + index: choice for index, choice in enumerate(choices)}


def members(count: int) -> tuple[int, ...]:
    return tuple(range(1, count + 1))


@pytest.mark.parametrize(("size", "quorum"), [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (6, 4), (8, 6), (9, 6), (10, 7)])
def test_quorum_is_two_thirds_of_eligible_rounded_up(size: int, quorum: int) -> None:
    assert two_thirds(size) == quorum
    assert tally(BallotRules(members(size)), {}).quorum == quorum


def test_nine_members_one_recused_gives_eight_eligible_quorum_six_adopt_needs_six() -> None:
    rules = rules_for(members(9), "adopt", pilot_verdict="PASS")
    ballot = {9: "recused"}
    assert eligible_voters(rules.members, ballot) == frozenset(range(1, 9))
    counts = tally(rules, ballot)
    assert (counts.eligible, counts.quorum, counts.required_yes, counts.recused) == (8, 6, 6, 1)
    assert requirement_text(rules, counts).startswith("needs 6 yes of 8 eligible")
    five_yes = {**votes(yes=5, no=1), 9: "recused"}
    assert outcome(rules, five_yes, now=AFTER, closes_at=DEADLINE, extended=False).state == "failed"
    six_yes = {**votes(yes=6), 9: "recused"}
    result = outcome(rules, six_yes, now=AFTER, closes_at=DEADLINE, extended=False)
    assert result.state == "passed"
    assert "6 yes ≥ ⌈2/3 × 8 eligible⌉ = 6" in result.rule


def test_abstain_counts_for_quorum_never_as_yes() -> None:
    rules = rules_for(members(6), "simple")
    counts = tally(rules, votes(yes=1, abstain=3))
    assert counts.cast == 4
    assert counts.quorum_met
    assert counts.yes == 1
    result = outcome(rules, votes(yes=1, abstain=3), now=AFTER, closes_at=DEADLINE, extended=False)
    assert result.state == "passed"  # quorum 4 of 4, 1 yes > 0 no
    only_abstain = outcome(rules, votes(abstain=4), now=AFTER, closes_at=DEADLINE, extended=False)
    assert only_abstain.state == "failed"
    assert "tie fails" in only_abstain.rule


def test_tie_fails_five_yes_five_no() -> None:
    rules = rules_for(members(10), "simple")
    result = outcome(rules, votes(yes=5, no=5), now=AFTER, closes_at=DEADLINE, extended=False)
    assert result.state == "failed"
    assert "tie fails" in result.rule


def test_simple_majority_passes_for_assess_hold_and_demotions() -> None:
    assert rule_for_move(None, ("assess", 2)) == "simple"
    assert rule_for_move(("assess", 2), ("hold", 3)) == "simple"
    assert rule_for_move(("adopt", 0), ("trial", 1)) == "simple"  # a demotion, although the target is Trial
    assert rule_for_move(("trial", 1), ("trial", 1)) == "simple"  # a review that keeps the ring
    rules = rules_for(members(5), "simple")
    result = outcome(rules, votes(yes=3, no=1), now=AFTER, closes_at=DEADLINE, extended=False)
    assert result.state == "passed"
    assert "simple majority: 3 yes > 1 no" in result.rule


def test_trial_with_two_yes_of_three_eligible_fails_needs_three_yes() -> None:
    assert rule_for_move(("assess", 2), ("trial", 1)) == "trial"
    rules = rules_for(members(3), "trial")
    result = outcome(rules, votes(yes=2), now=AFTER, closes_at=DEADLINE, extended=False)
    assert result.state == "failed"
    assert "Trial needs at least 3 yes" in result.rule
    assert outcome(rules, votes(yes=3), now=AFTER, closes_at=DEADLINE, extended=False).state == "passed"


def test_adopt_with_a_fail_pilot_cannot_pass_even_unanimously() -> None:
    assert rule_for_move(("trial", 1), ("adopt", 0)) == "adopt"
    rules = rules_for(members(4), "adopt", pilot_verdict="FAIL")
    result = outcome(rules, votes(yes=4), now=AFTER, closes_at=DEADLINE, extended=False)
    assert result.state == "failed"
    assert "pilot verdict is FAIL" in result.rule
    early = outcome(rules, votes(yes=3), now=BEFORE, closes_at=DEADLINE, extended=False)
    assert early.state == "failed"  # quorum met and it can never pass: closes early


@pytest.mark.parametrize(
    ("verdict", "conditions", "state"),
    [
        ("PASS", False, "passed"),
        ("CONDITIONAL", True, "passed"),
        ("CONDITIONAL", False, "failed"),
        ("INCONCLUSIVE", False, "failed"),
        (None, False, "failed"),
    ],
)
def test_adopt_needs_a_pass_or_conditional_pilot_with_written_conditions(
    verdict: str | None, conditions: bool, state: str
) -> None:
    rules = rules_for(members(3), "adopt", pilot_verdict=verdict, pilot_conditions_written=conditions)
    assert outcome(rules, votes(yes=3), now=AFTER, closes_at=DEADLINE, extended=False).state == state


def test_early_close_only_once_the_outcome_cannot_change() -> None:
    rules = rules_for(members(9), "simple")
    # 5 yes of 9 eligible would win against 4 no, but quorum (6) is not met yet.
    assert outcome(rules, votes(yes=5), now=BEFORE, closes_at=DEADLINE, extended=False).state == "open"
    # 6 yes of 9: even if the other 3 vote no, 6 > 3 -> passes now.
    passed = outcome(rules, votes(yes=6), now=BEFORE, closes_at=DEADLINE, extended=False)
    assert passed.state == "passed"
    assert passed.rule.startswith("Closed early")
    # 4 yes 2 no: the 3 others could make it 4-5: still open.
    assert outcome(rules, votes(yes=4, no=2), now=BEFORE, closes_at=DEADLINE, extended=False).state == "open"
    # 1 yes 5 no: even 4 more yes make 5-5, a tie: fails now.
    failed = outcome(rules, votes(yes=1, no=5), now=BEFORE, closes_at=DEADLINE, extended=False)
    assert failed.state == "failed"
    # No early close before quorum, whatever the numbers.
    assert outcome(rules, votes(no=6), now=BEFORE, closes_at=DEADLINE, extended=False).state == "failed"
    assert outcome(rules, votes(no=5), now=BEFORE, closes_at=DEADLINE, extended=False).state == "open"


def test_early_close_can_be_switched_off_in_the_frozen_rules() -> None:
    rules = BallotRules(members(3), early_close=False)
    assert outcome(rules, votes(yes=3), now=BEFORE, closes_at=DEADLINE, extended=False).state == "open"


def test_quorum_missed_at_the_deadline_extends_once_then_no_decision() -> None:
    rules = rules_for(members(9), "simple")
    first = outcome(rules, votes(yes=5 - 1), now=AFTER, closes_at=DEADLINE, extended=False)
    assert first.state == "extended"
    assert "quorum missed: 4 of 6 needed" in first.rule
    second = outcome(rules, votes(yes=4), now=AFTER, closes_at=DEADLINE, extended=True)
    assert second.state == "no_decision"
    assert "after the one extension" in second.rule


def test_changing_a_vote_replaces_it() -> None:
    rules = rules_for(members(3), "simple")
    ballot = votes(yes=2, no=1)
    ballot[1] = "no"  # member 1 changes their mind: one vote per member, the latest counts
    counts = tally(rules, ballot)
    assert (counts.yes, counts.no, counts.cast) == (1, 2, 3)
    assert outcome(rules, ballot, now=AFTER, closes_at=DEADLINE, extended=False).state == "failed"


def test_advisory_votes_from_non_members_never_count() -> None:
    rules = rules_for(members(3), "simple")
    ballot = {**votes(yes=1, no=1), 100: "yes", 101: "yes"}
    counts = tally(rules, ballot)
    assert (counts.yes, counts.no, counts.eligible) == (1, 1, 3)


def test_recusal_removes_the_member_from_the_eligible_set() -> None:
    rules = rules_for(members(4), "trial")
    counts = tally(rules, {1: "recused", 2: "yes"})
    assert counts.eligible == 3
    assert counts.quorum == 2
    assert counts.outstanding == 2


def test_everyone_recused_ends_without_a_decision() -> None:
    rules = rules_for(members(2), "simple")
    ballot = {1: "recused", 2: "recused"}
    assert outcome(rules, ballot, now=BEFORE, closes_at=DEADLINE, extended=False).state == "open"
    assert outcome(rules, ballot, now=AFTER, closes_at=DEADLINE, extended=True).state == "no_decision"


def test_windows_are_seven_days_and_fourteen_for_adopt() -> None:
    assert rules_for(members(3), "simple").window_days == 7
    assert rules_for(members(3), "trial").window_days == 7
    assert rules_for(members(3), "adopt").window_days == 14


def test_rules_survive_the_json_round_trip() -> None:
    rules = rules_for([3, 1, 2], "adopt", pilot_verdict="CONDITIONAL", pilot_conditions_written=True)
    assert rules.members == (1, 2, 3)
    assert BallotRules.from_json(rules.to_json()) == rules


@pytest.mark.parametrize(
    ("last", "months", "today", "state", "due_on"),
    [
        (date(2026, 1, 10), 6, date(2026, 5, 1), "ok", date(2026, 7, 10)),  # Assess: 6 months
        (date(2026, 1, 10), 6, date(2026, 6, 20), "due", date(2026, 7, 10)),  # within 30 days
        (date(2026, 1, 10), 6, date(2026, 7, 11), "overdue", date(2026, 7, 10)),
        (date(2025, 3, 1), 9, date(2025, 12, 2), "overdue", date(2025, 12, 1)),  # Trial: 9 months
        (date(2025, 3, 1), 12, date(2025, 12, 2), "ok", date(2026, 3, 1)),  # Adopt and Hold: 12 months
        (date(2025, 8, 31), 6, date(2026, 1, 1), "ok", date(2026, 2, 28)),  # clamped to the month's end
    ],
)
def test_review_timers(last: date, months: int, today: date, state: str, due_on: date) -> None:
    status = review_status(last, months, today)
    assert (status.state, status.due_on) == (state, due_on)


def test_add_months_crosses_years() -> None:
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_the_trial_minimum_is_frozen_into_the_rules() -> None:
    rules = BallotRules(members(5), rule="trial", trial_min_yes=4)
    assert BallotRules.from_json(rules.to_json()).trial_min_yes == 4
    result = outcome(rules, votes(yes=3, no=1), now=AFTER, closes_at=DEADLINE, extended=False)
    assert result.state == "failed"
    assert "Trial needs at least 4 yes" in result.rule
