"""The Atom feed of radar changes, for feed readers and chat integrations."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get

from evaluations import feed
from web.auth import PUBLIC


class FeedController(Controller):
    include_in_schema = False
    opt = PUBLIC

    @get("/feed.atom")
    async def atom(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        base = request.app.state.settings.public_url or str(request.base_url)
        return Response(
            await feed.radar_feed(base),
            media_type="application/atom+xml; charset=utf-8",
            headers={"Cache-Control": "public, max-age=300"},
        )
