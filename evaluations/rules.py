"""The workflow's rules as pure functions (DESIGN.md §3): allowed ring moves, the kind of a move, and which
workflow transition may start from which state. Ring moves work on ring slugs; `None` is "not on the radar"
and `"retired"` is "taken off the radar" (there is no Retired ring).
"""

from __future__ import annotations

from collections.abc import Mapping

from radar.errors import Refused

RETIRED = "retired"
RING_MOVES: dict[str | None, tuple[str, ...]] = {
    None: ("assess",),
    "assess": ("trial", "hold", RETIRED),
    "trial": ("adopt", "assess", "hold"),
    "adopt": ("trial", "hold"),
    "hold": ("assess", RETIRED),
}
DEFAULT_RING_ORDER = ("adopt", "trial", "assess", "hold")  # inner to outer
KIND_LABELS = {
    "add": "Add a new technology",
    "promote": "Promote (move inwards)",
    "demote": "Demote (move outwards)",
    "hold": "Put on Hold",
    "retire": "Retire (take off the radar)",
}
STATE_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "needs_info": "Needs info",
    "evaluating": "Evaluating",
    "voting": "Voting",
    "approved": "Approved",
    "published": "Published",
    "declined": "Declined",
    "no_decision": "No decision",
    "withdrawn": "Withdrawn",
}
TERMINAL_STATES = ("published", "declined", "no_decision", "withdrawn")

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": (("draft", "needs_info"), "submitted"),
    "accept": (("submitted",), "evaluating"),
    "ask_for_info": (("submitted",), "needs_info"),
    "decline": (("submitted",), "declined"),
    "start_voting": (("evaluating",), "voting"),
    "pass_vote": (("voting",), "approved"),
    "fail_vote": (("voting",), "declined"),
    "lapse_vote": (("voting",), "no_decision"),
    "publish": (("approved",), "published"),
    "withdraw": (("draft", "submitted", "needs_info", "evaluating", "voting", "approved"), "withdrawn"),
}
EDITABLE_STATES = ("draft", "needs_info")


class TransitionRefused(Refused):
    """A workflow transition whose preconditions fail; the message says why, for people to read."""


def kind_of_move(current: str | None, target: str, order: tuple[str, ...] = DEFAULT_RING_ORDER) -> str:
    """add / promote / demote / hold / retire for a move from `current` (None: not on the radar) to `target`."""
    if current is None:
        return "add"
    if target == RETIRED:
        return "retire"
    if target == "hold":
        return "hold"
    if target in order and current in order and order.index(target) < order.index(current):
        return "promote"
    return "demote"


def allowed_moves(current: str | None) -> dict[str, str]:
    """The allowed target rings (slugs) from `current`, each with its kind."""
    return {target: kind_of_move(current, target) for target in RING_MOVES.get(current, ())}


def kinds_offered(current: str | None) -> list[str]:
    """The proposal kinds offered for a blip in ring `current` (None: a new technology)."""
    kinds = []
    for kind in allowed_moves(current).values():
        if kind not in kinds:
            kinds.append(kind)
    return kinds


def check_move(kind: str, current: str | None, target: str, ring_names: Mapping[str, str] | None = None) -> str | None:
    """None when `kind` from `current` to `target` is allowed; otherwise why not."""
    names = dict(ring_names or {})
    names.setdefault(RETIRED, "Retired")

    def name(slug: str | None) -> str:
        return "not on the radar" if slug is None else names.get(slug, slug.title())

    allowed = allowed_moves(current)
    if target not in allowed:
        choices = ", ".join(name(slug) for slug in allowed) or "none"
        return f"A move from {name(current)} to {name(target)} is not allowed; allowed: {choices}."
    if allowed[target] != kind:
        return f"A move from {name(current)} to {name(target)} is a {allowed[target]}, not a {kind}."
    return None


def check_transition(action: str, state: str) -> str:
    """The state `action` leads to from `state`; raises TransitionRefused saying why when it cannot start."""
    if action not in TRANSITIONS:
        raise TransitionRefused(f"Unknown workflow action {action!r}.")
    sources, target = TRANSITIONS[action]
    if state not in sources:
        allowed = " or ".join(STATE_LABELS[source] for source in sources)
        raise TransitionRefused(
            f"A proposal that is {STATE_LABELS.get(state, state)} cannot be {_PAST[action]}; it must be {allowed}."
        )
    return target


_PAST = {
    "submit": "submitted",
    "accept": "accepted for evaluation",
    "ask_for_info": "sent back for more information",
    "decline": "declined",
    "start_voting": "put to the vote",
    "pass_vote": "approved",
    "fail_vote": "declined by vote",
    "lapse_vote": "closed without decision",
    "publish": "published",
    "withdraw": "withdrawn",
}
