"""The published radar as the pages and the JSON API both read it: cached per data version, filtered by the
URL's query."""

from __future__ import annotations

from typing import Any

from litestar import Request

from radar import blips
from radar.blips import Radar
from radar.filters import Filters, parse_filters
from web.caching import cached_view


def fade_after(request: Request[Any, Any, Any]) -> int:
    return int(request.app.state["settings"].fade_after_editions)


async def load_radar(request: Request[Any, Any, Any], version: str, edition: str | None = None) -> Radar:
    """The published radar (the latest edition) or a named edition, built once per data version and process."""
    fade = fade_after(request)
    if edition is None:
        return await cached_view(("published", version, fade), lambda: blips.published_radar(fade))
    return await cached_view(("edition", edition, version), lambda: blips.edition_radar(edition))


def filters_from(request: Request[Any, Any, Any], radar: Radar) -> Filters:
    return parse_filters(
        dict(request.query_params),
        [quadrant.slug for quadrant in radar.quadrants],
        [ring.slug for ring in radar.rings],
        radar.tags,
        radar.owners,
    )
