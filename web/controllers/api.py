"""The JSON API of the published radar (documented at /schema). Same data and filters as the pages."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get
from litestar.params import FromPath, FromQuery

from radar import blips, editions
from radar.blips import BlipView, Radar
from web.auth import PUBLIC
from web.caching import PUBLIC as PUBLIC_CACHE
from web.caching import body_response, cache_headers, cached_body, etag_for, not_modified
from web.radar_views import fade_after, filters_from, load_radar

MAX_PER_PAGE = 200


class RadarBlip(msgspec.Struct):
    number: int | None
    slug: str
    name: str
    quadrant: str
    ring: str
    movement: str
    summary: str
    tags: list[str]
    owner: str
    faded: bool
    r: float | None
    theta: float | None


class RadarOut(msgspec.Struct):
    title: str
    edition: str | None
    compared_to: str | None
    quadrants: list[str]
    rings: list[str]
    marker_size: float
    notices: list[str]
    blips: list[RadarBlip]


class RingChangeOut(msgspec.Struct):
    changed_at: str
    from_ring: str | None
    to_ring: str
    reason: str
    source: str
    decision_ref: str
    edition: str | None


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
    faded: bool
    history: list[RingChangeOut]


class EditionOut(msgspec.Struct):
    slug: str
    name: str
    published_on: str
    introduction: str


class Page(msgspec.Struct):
    items: list[Any]
    page: int
    per_page: int
    total: int


class DiffLineOut(msgspec.Struct):
    slug: str
    name: str
    quadrant: str
    before: str | None
    after: str | None


class DiffOut(msgspec.Struct):
    older: str
    newer: str
    added: list[DiffLineOut]
    removed: list[DiffLineOut]
    moved_in: list[DiffLineOut]
    moved_out: list[DiffLineOut]
    description_changed: list[DiffLineOut]
    unchanged: int


def _blip_out(blip: BlipView) -> RadarBlip:
    return RadarBlip(
        number=blip.number,
        slug=blip.slug,
        name=blip.name,
        quadrant=blip.quadrant.name,
        ring=blip.ring.name,
        movement=blip.movement,
        summary=blip.summary,
        tags=blip.tags,
        owner=blip.owner,
        faded=blip.faded,
        r=blip.position.r if blip.position else None,
        theta=blip.position.theta if blip.position else None,
    )


def _radar_out(request: Request[Any, Any, Any], radar: Radar) -> RadarOut:
    filters = filters_from(request, radar)
    return RadarOut(
        title=radar.title,
        edition=radar.edition.slug if radar.edition else None,
        compared_to=radar.compared_to,
        quadrants=[quadrant.name for quadrant in radar.quadrants],
        rings=[ring.name for ring in radar.rings],
        marker_size=radar.placed.marker_size,
        notices=list(filters.notices),
        blips=[_blip_out(blip) for blip in radar.filtered(filters)],
    )


def _page(items: list[Any], page: int, per_page: int) -> Page:
    page, per_page = max(page, 1), min(max(per_page, 1), MAX_PER_PAGE)
    return Page(items=items[(page - 1) * per_page : page * per_page], page=page, per_page=per_page, total=len(items))


async def _cached(request: Request[Any, Any, Any], build: Any) -> Response[Any]:
    """Answer 304 when the client's copy is current; otherwise the JSON body of this URL at this data version,
    encoded and compressed once per process."""
    version = await blips.data_version()
    etag = etag_for(request, version, personal=False)
    if cached := not_modified(request, etag, PUBLIC_CACHE):
        return cached

    async def encode() -> bytes:
        return msgspec.json.encode(await build(version))

    body = await cached_body(("api", version, request.url.path, request.url.query), encode)
    return body_response(request, body, "application/json", cache_headers(etag, PUBLIC_CACHE))


UNCOMPRESSED = {"skip_compression": True}  # bodies compressed (and cached) by web.caching


class RadarApiController(Controller):
    path = "/api"
    tags = ["radar"]
    opt = PUBLIC

    @get("/radar", opt=UNCOMPRESSED)
    async def radar(self, request: Request[Any, Any, Any]) -> Response[RadarOut]:
        """The current radar: every blip with quadrant, ring, movement and position. Filters as on the page:
        `quadrant`, `ring`, `tag`, `movement`, `owner` (unknown values are ignored, see `notices`) and `q`."""

        async def build(version: str) -> RadarOut:
            return _radar_out(request, await load_radar(request, version))

        return await _cached(request, build)

    @get("/radar/figure", opt=UNCOMPRESSED)
    async def figure(self, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
        """The current radar as a Plotly figure (JSON) for `Plotly.newPlot`; the same filters as /api/radar."""

        async def build(version: str) -> dict[str, Any]:
            radar = await load_radar(request, version)
            return radar.figure(radar.filtered(filters_from(request, radar)))

        return await _cached(request, build)

    @get("/editions")
    async def edition_list(self, page: FromQuery[int] = 1, per_page: FromQuery[int] = 50) -> Page:
        """Published editions, newest first."""
        items = [EditionOut(e.slug, e.name, e.published_on.isoformat(), e.introduction) for e in await blips.editions()]
        return _page(items, page, per_page)

    @get("/editions/{slug:str}", opt=UNCOMPRESSED)
    async def edition(self, request: Request[Any, Any, Any], slug: FromPath[str]) -> Response[RadarOut]:
        """One edition as it was published, with the same filters as /api/radar."""

        async def build(version: str) -> RadarOut:
            return _radar_out(request, await load_radar(request, version, slug))

        return await _cached(request, build)

    @get("/editions/{older:str}/diff/{newer:str}")
    async def diff(self, older: FromPath[str], newer: FromPath[str]) -> DiffOut:
        """What changed between two editions."""
        result = await editions.diff_editions(older, newer)

        def lines(items: list[editions.DiffLine]) -> list[DiffLineOut]:
            return [DiffLineOut(i.slug, i.name, i.quadrant, i.before, i.after) for i in items]

        return DiffOut(
            older=result.older,
            newer=result.newer,
            added=lines(result.added),
            removed=lines(result.removed),
            moved_in=lines(result.moved_in),
            moved_out=lines(result.moved_out),
            description_changed=lines(result.description_changed),
            unchanged=result.unchanged,
        )

    @get("/blips")
    async def blip_list(
        self, request: Request[Any, Any, Any], page: FromQuery[int] = 1, per_page: FromQuery[int] = 50
    ) -> Page:
        """Every blip of the current radar, faded ones included; filters as /api/radar."""
        radar = await load_radar(request, await blips.data_version())
        return _page([_blip_out(blip) for blip in radar.filtered(filters_from(request, radar))], page, per_page)

    @get("/blips/{slug:str}")
    async def blip(self, request: Request[Any, Any, Any], slug: FromPath[str]) -> BlipOut:
        """One blip with its ring history."""
        blip = await blips.blip_detail(slug, fade_after(request))
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
            faded=blip.faded,
            history=[
                RingChangeOut(
                    entry.changed_at.isoformat(),
                    entry.from_ring,
                    entry.to_ring,
                    entry.reason,
                    entry.source,
                    entry.decision_ref,
                    entry.edition.slug if entry.edition else None,
                )
                for entry in blip.history
            ],
        )
