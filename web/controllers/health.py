"""Liveness, readiness, and plotly.js served from the installed plotly package (no CDN)."""

from __future__ import annotations

from pathlib import Path

import plotly
from litestar import Controller, Response, get
from litestar.response import File
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE

from radar.tables import Blip
from web.auth import PUBLIC

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOTLY_VERSION = plotly.__version__


class HealthController(Controller):
    include_in_schema = False
    opt = PUBLIC

    @get("/healthz", cache=False)
    async def healthz(self) -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @get("/readyz", cache=False)
    async def readyz(self) -> Response[dict[str, str]]:
        """The database answers."""
        try:
            await Blip.raw("SELECT 1").run()
        except Exception as error:  # any failure means not ready; the reason is in the body
            return Response(
                {"status": "unavailable", "detail": type(error).__name__}, status_code=HTTP_503_SERVICE_UNAVAILABLE
            )
        return Response({"status": "ok"})

    @get("/static/vendor/plotly.min.js")
    async def plotly_js(self) -> File:
        """plotly.js from the plotly package; the URL carries the version, so it may be cached for a year."""
        return File(
            path=PLOTLY_JS,
            media_type="text/javascript; charset=utf-8",
            content_disposition_type="inline",
            headers={"Cache-Control": "public, max-age=31536000, immutable"},
        )
