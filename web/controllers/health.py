"""Liveness, readiness, and the vendored scripts (plotly.js) served gzipped from memory with a year's cache."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE

from radar.tables import Blip
from web.assets import vendor_file
from web.auth import PUBLIC


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
                {"status": "unavailable", "detail": f"The database does not answer ({type(error).__name__})."},
                status_code=HTTP_503_SERVICE_UNAVAILABLE,
                headers={"Retry-After": "5"},
            )
        return Response({"status": "ok"})

    @get("/static/vendor/{name:str}", opt={"access": "public", "skip_compression": True})
    async def vendor(self, request: Request[Any, Any, Any], name: FromPath[str]) -> Response[bytes]:
        """A vendored script; URLs carry a version, so it may be cached for a year."""
        files = vendor_file(name)
        if files is None:
            raise NotFoundException(f"No vendored file {name!r}.")
        raw, compressed = files
        headers = {"Cache-Control": "public, max-age=31536000, immutable", "Vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(compressed, media_type="text/javascript; charset=utf-8", headers=headers)
        return Response(raw, media_type="text/javascript; charset=utf-8", headers=headers)
