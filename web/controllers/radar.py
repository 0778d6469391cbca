"""The published radar page and blip pages."""

from __future__ import annotations

from litestar import Controller, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from radar import blips
from radar.errors import NotFound
from radar.markdown import render_markdown
from web.auth import PUBLIC
from web.controllers.health import PLOTLY_VERSION


class RadarController(Controller):
    include_in_schema = False
    opt = PUBLIC

    @get("/")
    async def radar_page(self) -> Template:
        radar = await blips.current_radar()
        return Template(
            template_name="radar/index.html",
            context={"radar": radar, "figure": radar.figure(), "plotly_version": PLOTLY_VERSION},
        )

    @get("/blips/{slug:str}")
    async def blip_page(self, slug: FromPath[str]) -> Template:
        try:
            blip = await blips.blip_detail(slug)
        except NotFound as error:
            raise NotFoundException(f"No blip called {slug!r}.") from error
        return Template(
            template_name="radar/blip.html",
            context={"blip": blip, "description_html": render_markdown(blip.description)},
        )
