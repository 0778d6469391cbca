"""Exports of the radar in other tools' formats, and the live endpoint Backstage's tech-radar plugin reads."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery

from radar import blips, exporter
from radar.errors import NotFound, Refused
from radar.formats import backstage
from web.auth import PUBLIC
from web.caching import PUBLIC as PUBLIC_CACHE
from web.caching import cache_headers, etag_for, not_modified


def _base_url(request: Request[Any, Any, Any]) -> str:
    return str(request.base_url).rstrip("/")


class ExportApiController(Controller):
    path = "/api"
    tags = ["export"]
    opt = PUBLIC

    @get("/export/{format_name:str}")
    async def export(
        self, request: Request[Any, Any, Any], format_name: FromPath[str], edition: FromQuery[str | None] = None
    ) -> Response[bytes]:
        """The current radar, or the edition named by `edition`, as a file: `byor-csv`, `byor-json`, `zalando`,
        `aoe` (a zip of release folders) or `backstage` (with every blip's full timeline)."""
        version = await blips.data_version()
        etag = etag_for(request, version, personal=False)
        if cached := not_modified(request, etag, PUBLIC_CACHE):
            return cached
        try:
            exported = await exporter.export_radar(format_name, edition or None, _base_url(request))
        except NotFound as error:
            raise NotFoundException(f"{str(error)[:1].upper()}{str(error)[1:]}.") from error
        except Refused as error:
            return Response({"status_code": 409, "detail": str(error)}, status_code=409)  # type: ignore[arg-type]
        headers = cache_headers(etag, PUBLIC_CACHE)
        headers["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return Response(exported.content, media_type=exported.media_type, headers=headers)

    @get("/backstage/entries")
    async def backstage_entries(self, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
        """Backstage's TechRadarLoaderResponse: the published radar (the latest edition; the current radar until
        one is published) with quadrants, rings and colours, and every entry's timeline newest first. Point the
        tech-radar plugin's loader at this URL."""
        version = await blips.data_version()
        etag = etag_for(request, version, personal=False)
        if cached := not_modified(request, etag, PUBLIC_CACHE):
            return cached
        published = await blips.editions()
        radar = await exporter.radar_export(published[0].slug if published else None, _base_url(request))
        return Response(backstage.document(radar), headers=cache_headers(etag, PUBLIC_CACHE))
