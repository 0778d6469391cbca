"""Movements are derived from ring history, never typed: pure functions on ring positions."""

from __future__ import annotations

MOVEMENT_LABELS = {
    "new": "New",
    "moved_in": "Moved in",
    "moved_out": "Moved out",
    "no_change": "No change",
}


def movement_between(previous_ring_position: int | None, current_ring_position: int) -> str:
    """The movement of a blip from one edition to the next; position 0 is the innermost ring."""
    if previous_ring_position is None:
        return "new"
    if current_ring_position < previous_ring_position:
        return "moved_in"
    if current_ring_position > previous_ring_position:
        return "moved_out"
    return "no_change"
