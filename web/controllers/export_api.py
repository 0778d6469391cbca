"""Exports of the radar in other tools' formats, and the live endpoint Backstage's tech-radar plugin reads."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery

from radar import blips, exporter
from radar.errors import NotFound, Refused
from radar.formats import backstage
from web.auth import PUBLIC, current_user
from web.caching import PRIVATE as PRIVATE_CACHE
from web.caching import PUBLIC as PUBLIC_CACHE
from web.caching import cache_headers, etag_for, not_modified
from web.problems import problem


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
        """The published radar (the latest edition; the current radar until one is published), the edition named
        by `edition`, or with `edition=next` the radar as it stands now, unpublished changes included (board
        members and the chair, as on /editions/next), as a file: `byor-csv`, `byor-json`, `zalando`, `aoe` (a zip
        of release folders) or `backstage` (with every blip's full timeline)."""
        if edition == "next":
            me = current_user(request)
            if not me.is_authenticated:
                raise NotAuthorizedException("Sign in to export the next edition.")
            if not (me.has("board") or me.has("chair")):
                raise PermissionDeniedException("The next edition is for Board members and the Chair / admin.")
        version = await blips.data_version()
        personal = edition == "next"
        cache = PRIVATE_CACHE if personal else PUBLIC_CACHE
        etag = etag_for(request, version, personal=personal)
        if cached := not_modified(request, etag, cache):
            return cached
        if edition == "next":
            chosen = None
        elif edition:
            chosen = edition
        else:
            published = await blips.editions()
            chosen = published[0].slug if published else None
        try:
            exported = await exporter.export_radar(format_name, chosen, _base_url(request))
        except NotFound as error:
            raise NotFoundException(f"{str(error)[:1].upper()}{str(error)[1:]}.") from error
        except Refused as error:
            return problem(409, str(error))
        headers = cache_headers(etag, cache)
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
