"""Small radars built directly in the database, for tests that must not depend on the demo seed."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime
from typing import Any

from radar.tables import Blip, Quadrant, Ring, RingChange

QUADRANTS = [
    ("techniques", "Techniques"),
    ("tools", "Tools"),
    ("platforms", "Platforms"),
    ("languages", "Languages & Frameworks"),
]
RINGS = [
    ("adopt", "Adopt", "#2e7d32"),
    ("trial", "Trial", "#1565c0"),
    ("assess", "Assess", "#ef6c00"),
    ("hold", "Hold", "#c62828"),
]


async def _make_radar(blips: list[tuple[str, str, str]], when: datetime) -> None:
    quadrant_ids, ring_ids = {}, {}
    for position, (slug, name) in enumerate(QUADRANTS):
        quadrant = Quadrant(slug=slug, name=name, description=f"{name} quadrant", position=position)
        await quadrant.save().run()
        quadrant_ids[slug] = quadrant.id
    for position, (slug, name, colour) in enumerate(RINGS):
        ring = Ring(slug=slug, name=name, description=f"{name} meaning", position=position, colour=colour)
        await ring.save().run()
        ring_ids[slug] = ring.id
    for name, quadrant, ring in blips:
        slug = name.lower().replace(" ", "-")
        blip = Blip(
            slug=slug,
            name=name,
            quadrant=quadrant_ids[quadrant],
            ring=ring_ids[ring],
            summary=f"{name} in one line",
            description=f"**{name}** is used here.",
            tags=["test"],
            links=[],
            owner="Team A",
            created_at=when,
            updated_at=when,
        )
        await blip.save().run()
        await (
            RingChange(blip=blip.id, to_ring=ring_ids[ring], changed_at=when, reason="added", source="admin")
            .save()
            .run()
        )


def make_radar(blips: list[tuple[str, str, str]], when: datetime | None = None) -> None:
    """Default quadrants and rings, plus blips given as (name, quadrant slug, ring slug)."""
    asyncio.run(_make_radar(blips, when or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)))


def embedded_figure(html: str) -> dict[str, Any]:
    """The Plotly figure a radar page embeds for radar.js to draw."""
    match = re.search(r'<script type="application/json" id="radar-figure">(.*?)</script>', html, re.S)
    assert match, "no embedded figure"
    figure: dict[str, Any] = json.loads(match.group(1))
    return figure
