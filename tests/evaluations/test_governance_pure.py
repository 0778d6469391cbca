"""Pure pieces of issue 10: frozen thresholds and tie rule, recusal in the tally, voting-default forms, medians
from the state history, the pending change of a blip, and length checks from radar/limits.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from evaluations.board import entered_current_state
from evaluations.scoring import ScoreInput, validate_score
from evaluations.voting import BallotRules, VotingDefaults, check_defaults, outcome, rules_for, tally
from radar.blips import RingView, pending_change
from radar.editions import validate_edition

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_frozen_fractions_and_tie_rule_decide_the_tally() -> None:
    rules = rules_for([1, 2, 3, 4], "adopt", "PASS", defaults=VotingDefaults(adopt=(3, 4), quorum=(1, 2)))
    counts = tally(rules, {1: "yes", 2: "yes"})
    assert counts.required_yes == 3 and counts.quorum == 2
    tie = rules_for([1, 2], "simple", defaults=VotingDefaults(tie_fails=False))
    result = outcome(tie, {1: "yes", 2: "no"}, now=T0 + timedelta(days=8), closes_at=T0, extended=False)
    assert result.state == "passed" and "tie passes" in result.rule
    strict = rules_for([1, 2], "simple")
    assert outcome(strict, {1: "yes", 2: "no"}, now=T0 + timedelta(days=8), closes_at=T0, extended=False).state == (
        "failed"
    )
    again = BallotRules.from_json(rules.to_json())
    assert again == rules  # what a ballot freezes decodes to the same rules


def test_members_recused_at_opening_are_not_in_e_whatever_they_vote() -> None:
    rules = rules_for([1, 2, 3], "simple", recused=[3, 9])
    assert rules.recused == (3,)  # a non-member is never "recused" from E
    counts = tally(rules, {1: "yes", 3: "yes"})
    assert counts.eligible == 2 and counts.yes == 1 and 3 not in counts.eligible_ids and counts.recused == 1


def test_voting_defaults_form_is_checked_field_by_field() -> None:
    good = {
        "window_simple": "7",
        "window_trial": "7",
        "window_adopt": "14",
        "trial_min_yes": "3",
        "quorum_numerator": "2",
        "quorum_denominator": "3",
        "adopt_numerator": "2",
        "adopt_denominator": "3",
        "tie": "fails",
        "early_close": "on",
    }
    defaults, errors = check_defaults(good)
    assert errors == {} and defaults == VotingDefaults()
    _, errors = check_defaults({**good, "window_simple": "0", "quorum_numerator": "4", "tie": "coin"})
    assert set(errors) == {"window_simple", "quorum_numerator", "tie"}


def test_median_days_count_from_when_each_proposal_entered_its_state() -> None:
    proposals = [
        {"id": 1, "state": "evaluating", "created_at": T0},
        {"id": 2, "state": "draft", "created_at": T0 + timedelta(days=3)},
    ]
    history = [
        {"proposal": 1, "to_state": "submitted", "at": T0 + timedelta(days=1)},
        {"proposal": 1, "to_state": "evaluating", "at": T0 + timedelta(days=2)},
        {"proposal": 1, "to_state": "evaluating", "at": T0 + timedelta(days=5)},  # re-entered later
    ]
    entered = entered_current_state(proposals, history)
    assert entered == {1: ("evaluating", T0 + timedelta(days=5)), 2: ("draft", T0 + timedelta(days=3))}


def test_the_pending_change_of_a_blip_in_words() -> None:
    assess = RingView(1, "assess", "Assess", "", 2, "#000")
    hold = RingView(2, "hold", "Hold", "", 3, "#000")
    assert pending_change(assess, hold, False, True, True) == "Moves from Assess to Hold in the next edition."
    assert pending_change(None, assess, False, True, False).startswith("New: it joins the radar in Assess")
    assert pending_change(assess, assess, True, True, True).startswith("Retired")
    assert pending_change(assess, assess, False, True, True) == ""
    assert pending_change(None, assess, False, False, False) == ""  # nothing published yet: nothing pending


def test_lengths_come_from_the_limits() -> None:
    errors = validate_score(ScoreInput("fit", 4, 1.0, "r" * 4_001, "https://e.example/" + "x" * 500))
    assert set(errors) == {"rationale", "evidence_url"}
    errors = validate_edition("2026-1", "n" * 121, date(2026, 1, 1), None, "i" * 20_001)
    assert set(errors) == {"name", "introduction"}
