"""The JSON API of the radar (documented at /schema)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from radar import blips
from radar.errors import NotFound
from web.auth import PUBLIC


class RadarBlip(msgspec.Struct):
    number: int
    slug: str
    name: str
    quadrant: str
    ring: str
    movement: str
    summary: str
    tags: list[str]
    owner: str


class RadarOut(msgspec.Struct):
    compared_to: str | None
    quadrants: list[str]
    rings: list[str]
    blips: list[RadarBlip]


class RingChangeOut(msgspec.Struct):
    changed_at: str
    from_ring: str | None
    to_ring: str
    reason: str
    source: str


class BlipOut(msgspec.Struct):
    slug: str
    name: str
    quadrant: str
    ring: str
    summary: str
    description: str
    tags: list[str]
    links: list[dict[str, str]]
    owner: str
    history: list[RingChangeOut]


class RadarApiController(Controller):
    path = "/api"
    tags = ["radar"]
    opt = PUBLIC

    @get("/radar")
    async def radar(self) -> RadarOut:
        """The current radar: every blip with its quadrant, ring and movement since the latest edition."""
        radar = await blips.current_radar()
        return RadarOut(
            compared_to=radar.compared_to,
            quadrants=[quadrant.name for quadrant in radar.quadrants],
            rings=[ring.name for ring in radar.rings],
            blips=[
                RadarBlip(
                    blip.number,
                    blip.slug,
                    blip.name,
                    blip.quadrant.name,
                    blip.ring.name,
                    blip.movement,
                    blip.summary,
                    blip.tags,
                    blip.owner,
                )
                for blip in radar.blips
            ],
        )

    @get("/radar/figure")
    async def figure(self) -> dict[str, Any]:
        """The current radar as a Plotly figure (JSON), ready for `Plotly.newPlot`."""
        radar = await blips.current_radar()
        return radar.figure()

    @get("/blips/{slug:str}")
    async def blip(self, slug: FromPath[str]) -> BlipOut:
        """One blip with its ring history."""
        try:
            blip = await blips.blip_detail(slug)
        except NotFound as error:
            raise NotFoundException(f"No blip called {slug!r}.") from error
        return BlipOut(
            slug=blip.slug,
            name=blip.name,
            quadrant=blip.quadrant.name,
            ring=blip.ring.name,
            summary=blip.summary,
            description=blip.description,
            tags=blip.tags,
            links=blip.links,
            owner=blip.owner,
            history=[
                RingChangeOut(entry.changed_at.isoformat(), entry.from_ring, entry.to_ring, entry.reason, entry.source)
                for entry in blip.history
            ],
        )
