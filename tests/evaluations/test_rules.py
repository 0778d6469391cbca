"""The ring-move rules and the workflow's transition guards (DESIGN.md §3)."""

from __future__ import annotations

import pytest

from evaluations.rules import (
    RETIRED,
    TransitionRefused,
    allowed_moves,
    check_move,
    check_transition,
    kind_of_move,
    kinds_offered,
)

ALLOWED = [
    (None, "assess"),
    ("assess", "trial"),
    ("assess", "hold"),
    ("assess", RETIRED),
    ("trial", "adopt"),
    ("trial", "assess"),
    ("trial", "hold"),
    ("adopt", "trial"),
    ("adopt", "hold"),
    ("hold", "assess"),
    ("hold", RETIRED),
]
RINGS = [None, "adopt", "trial", "assess", "hold", RETIRED]


@pytest.mark.parametrize("current", RINGS)
@pytest.mark.parametrize("target", RINGS[1:])
def test_exactly_the_design_moves_are_allowed(current: str | None, target: str) -> None:
    kind = kind_of_move(current, target)
    refused = check_move(kind, current, target)
    assert (refused is None) == ((current, target) in ALLOWED)


def test_kinds() -> None:
    assert allowed_moves(None) == {"assess": "add"}
    assert allowed_moves("trial") == {"adopt": "promote", "assess": "demote", "hold": "hold"}
    assert allowed_moves("hold") == {"assess": "promote", RETIRED: "retire"}
    assert kinds_offered("adopt") == ["demote", "hold"]
    assert kinds_offered(None) == ["add"]
    assert kinds_offered(RETIRED) == []


def test_refusals_say_why() -> None:
    names = {"adopt": "Adopt", "assess": "Assess"}
    assert check_move("promote", "assess", "adopt", names) == (
        "A move from Assess to Adopt is not allowed; allowed: Trial, Hold, Retired."
    )
    assert check_move("promote", "trial", "hold") == "A move from Trial to Hold is a hold, not a promote."
    assert check_move("add", None, "adopt") == "A move from not on the radar to Adopt is not allowed; allowed: Assess."


@pytest.mark.parametrize(
    ("action", "state", "target"),
    [
        ("submit", "draft", "submitted"),
        ("submit", "needs_info", "submitted"),
        ("accept", "submitted", "evaluating"),
        ("ask_for_info", "submitted", "needs_info"),
        ("decline", "submitted", "declined"),
        ("withdraw", "evaluating", "withdrawn"),
        ("start_voting", "evaluating", "voting"),
    ],
)
def test_allowed_transitions(action: str, state: str, target: str) -> None:
    assert check_transition(action, state) == target


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("submit", "evaluating"),
        ("accept", "draft"),
        ("decline", "evaluating"),
        ("withdraw", "published"),
        ("withdraw", "withdrawn"),
        ("withdraw", "declined"),
        ("ask_for_info", "needs_info"),
    ],
)
def test_refused_transitions_say_why(action: str, state: str) -> None:
    with pytest.raises(TransitionRefused, match="cannot be"):
        check_transition(action, state)


def test_refusal_message() -> None:
    with pytest.raises(TransitionRefused) as refused:
        check_transition("accept", "draft")
    assert str(refused.value) == "A proposal that is Draft cannot be accepted for evaluation; it must be Submitted."
