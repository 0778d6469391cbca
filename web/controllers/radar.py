"""The published radar: the current radar and past editions (chart, numbered list, filters, table), the edition
list and diffs, blip pages, and publishing an edition (chair)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from evaluations import decisions, publishing, workflow
from radar import blips, editions
from radar.blips import Radar
from radar.errors import NotFound, ValidationFailed
from radar.markdown import render_markdown
from radar.movements import MOVEMENT_LABELS
from web.assets import plotly_url, static_url
from web.auth import CHAIR, PUBLIC, SIGNED_IN, current_user
from web.caching import PRIVATE, cache_headers, cached_view, etag_for, not_modified
from web.flash import flash
from web.forms import read_form
from web.radar_views import fade_after, filters_from, load_radar


async def radar_page(
    request: Request[Any, Any, Any], radar: Radar, version: str, base_path: str, etag: str | None
) -> Response[Any]:
    """The radar page. Its body (chart data, numbered list, table) is the same for every visitor, so it is rendered
    once per data version and URL; only the frame around it (navigation, sign-in state) is rendered each time."""
    view = request.query_params.get("view", "")
    view = view if view in ("chart", "table") else ""
    filters = filters_from(request, radar)

    async def render_body() -> str:
        visible = radar.filtered(filters)
        engine = request.app.template_engine
        assert engine is not None
        template = engine.get_template("radar/_body.html")
        return str(
            template.render(
                radar=radar,
                filters=filters,
                visible=visible,
                figure=radar.figure(visible),
                base_path=base_path,
                view=view,
                movements=MOVEMENT_LABELS,
                fade_after=fade_after(request),
                urlencode=urlencode,
                scripts={"plotly": plotly_url(), "radar": static_url("radar.js")},
            )
        )

    body = await cached_view(("radar-body", version, base_path, request.url.query), render_body)
    return Template(
        template_name="radar/index.html",
        context={"radar": radar, "body_html": body, "base_path": base_path},
        headers=cache_headers(etag, PRIVATE),
    )


class RadarController(Controller):
    include_in_schema = False
    opt = PUBLIC

    @get("/")
    async def current(self, request: Request[Any, Any, Any]) -> Response[Any]:
        version = await blips.data_version()
        etag = etag_for(request, version, personal=True)
        if cached := not_modified(request, etag, PRIVATE):
            return cached
        return await radar_page(request, await load_radar(request, version), version, "/", etag)

    @get("/editions")
    async def edition_list(self) -> Template:
        return Template(template_name="radar/editions.html", context={"editions": await blips.editions()})

    @get("/editions/{slug:str}")
    async def edition(self, request: Request[Any, Any, Any], slug: FromPath[str]) -> Response[Any]:
        version = await blips.data_version()
        etag = etag_for(request, version, personal=True)
        if cached := not_modified(request, etag, PRIVATE):
            return cached
        radar = await load_radar(request, version, slug)
        return await radar_page(request, radar, version, f"/editions/{slug}", etag)

    @get("/editions/{older:str}/diff/{newer:str}")
    async def diff(self, older: FromPath[str], newer: FromPath[str]) -> Template:
        try:
            difference = await editions.diff_editions(older, newer)
        except NotFound as error:
            raise NotFoundException(str(error)) from error
        return Template(
            template_name="radar/diff.html",
            context={"diff": difference, "older": older, "newer": newer, "editions": await blips.editions()},
        )

    @get("/editions/compare")
    async def compare(self, request: Request[Any, Any, Any]) -> Redirect:
        """The edition list's compare form: two editions to their diff page."""
        older, newer = request.query_params.get("older", ""), request.query_params.get("newer", "")
        if not older or not newer:
            raise NotFoundException("Choose two editions to compare.")
        return Redirect(path=f"/editions/{older}/diff/{newer}")

    @get("/editions/next", opt=SIGNED_IN)
    async def next_edition(self, request: Request[Any, Any, Any]) -> Template:
        """Board members and the chair: the approved decisions waiting, and the diff against the latest edition."""
        me = current_user(request)
        if not (me.has("board") or me.has("chair")):
            raise PermissionDeniedException("This needs the Board member or Chair / admin role.")
        latest = await blips.editions()
        return Template(
            template_name="radar/next.html",
            context={
                "diff": await editions.next_edition_diff(),
                "waiting": await publishing.waiting_decisions(),
                "latest": latest[0] if latest else None,
            },
        )

    @get("/editions/new", opt=CHAIR)
    async def new_edition_form(self) -> Template:
        latest = await blips.editions()
        return Template(
            template_name="radar/publish.html",
            context={"form": {"published_on": date.today().isoformat()}, "errors": {}, "latest": latest[:1]},
        )

    @post("/editions", opt=CHAIR)
    async def publish(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        """Publishing is irreversible: the form first shows the diff against the latest edition (a preview),
        and only the preview's confirmation (action=publish) publishes."""
        form = await read_form(request)
        try:
            published_on: date | None = date.fromisoformat(str(form.get("published_on", "")))
        except ValueError:
            published_on = None
        if form.get("action") != "publish":
            try:
                preview = await editions.preview_edition(
                    slug=str(form.get("slug", "")),
                    name=str(form.get("name", "")),
                    published_on=published_on,
                    introduction=str(form.get("introduction", "")),
                    fade_after=fade_after(request),
                )
            except ValidationFailed as failure:
                return Template(
                    template_name="radar/publish.html",
                    context={"form": form, "errors": failure.errors, "latest": (await blips.editions())[:1]},
                    status_code=HTTP_400_BAD_REQUEST,
                )
            return Template(
                template_name="radar/publish.html",
                context={"form": form, "errors": {}, "latest": (await blips.editions())[:1], "diff": preview},
            )
        try:
            await publishing.publish_edition(
                slug=str(form.get("slug", "")),
                name=str(form.get("name", "")),
                published_on=published_on,
                introduction=str(form.get("introduction", "")),
                actor_id=current_user(request).id,
                fade_after=fade_after(request),
            )
        except ValidationFailed as failure:
            return Template(
                template_name="radar/publish.html",
                context={"form": form, "errors": failure.errors, "latest": (await blips.editions())[:1]},
                status_code=HTTP_400_BAD_REQUEST,
            )
        slug = str(form.get("slug", "")).strip().lower()
        flash(request, f"Published the edition {form.get('name')}.")
        return Redirect(path=f"/editions/{slug}", status_code=303)

    @get("/blips/{slug:str}")
    async def blip_page(self, request: Request[Any, Any, Any], slug: FromPath[str]) -> Template:
        try:
            blip = await blips.blip_detail(slug, fade_after(request))
        except NotFound as error:
            raise NotFoundException(f"No blip called {slug!r}.") from error
        # Proposals and decision records are for people who are signed in, as on their own pages.
        viewer = current_user(request).id
        related = workflow.ProposalFilter(blip=slug)
        proposals = await workflow.list_proposals(viewer, related) if viewer is not None else []
        records = await decisions.list_records(blip=slug) if viewer is not None else []
        return Template(
            template_name="radar/blip.html",
            context={
                "blip": blip,
                "description_html": render_markdown(blip.description),
                "proposals": proposals,
                "decisions": records,
            },
        )

    @post("/blips/{slug:str}/reaffirm", opt=CHAIR)
    async def reaffirm(self, request: Request[Any, Any, Any], slug: FromPath[str]) -> Redirect:
        """The chair confirms a blip still stands where it is, so it does not fade."""
        try:
            await editions.reaffirm_blip(slug, current_user(request).id)
        except NotFound as error:
            raise NotFoundException(f"No blip called {slug!r}.") from error
        flash(request, "Re-affirmed: the blip stays on the radar.")
        return Redirect(path=f"/blips/{slug}", status_code=303)
