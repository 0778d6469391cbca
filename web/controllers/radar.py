"""The published radar: the current radar and past editions (chart, numbered list, filters, table), the edition
list and diffs, blip pages, and publishing an edition (chair)."""

from __future__ import annotations

from dataclasses import replace
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
from radar.errors import ValidationFailed
from radar.figure import build_figure, figure_for
from radar.movements import MOVEMENT_LABELS
from radar.rendered_markdown import rendered_one
from radar.svg import empty_svg, legend_icon, render_svg
from web.assets import plotly_url, static_url
from web.auth import CHAIR, PUBLIC, SIGNED_IN, current_user
from web.caching import (
    PRIVATE,
    Body,
    body_response,
    cache_headers,
    cached_body,
    cached_view,
    etag_for,
    not_modified,
    render_page,
    shared_page,
)
from web.caching import PUBLIC as PUBLIC_CACHE
from web.csrf import SIGNED_IN_CSRF
from web.flash import flash
from web.forms import read_form
from web.radar_views import fade_after, filters_from, load_radar

HTML = "text/html"
# These handlers send bodies they compressed (and cached) themselves, and their pages have no form for signed-out
# visitors (no CSRF cookie or session for them: web.csrf).
UNCOMPRESSED = {"skip_compression": True, **SIGNED_IN_CSRF}
QUADRANT_VIEW_PX = 760  # one quadrant drawn alone on a large screen
PHONE_VIEW_PX = 358  # one quadrant on a 390 px phone, inside the page's padding


async def radar_page(
    request: Request[Any, Any, Any],
    radar: Radar,
    version: str,
    base_path: str,
    etag: str | None,
    quadrant: str | None = None,
) -> Response[Any]:
    """The radar page. Its body (the chart as SVG and as Plotly data, the quadrant views for phones, the numbered
    list, the table) is the same for every visitor, so it is rendered once per data version and URL; only the
    frame around it (navigation, sign-in state) is rendered each time. `quadrant` shows that quadrant alone."""
    view = request.query_params.get("view", "")
    view = view if view in ("chart", "table") else ""

    form_action = "/" if quadrant is not None else base_path
    quadrant_href = "/quadrants/{}" if form_action == "/" else form_action + "?quadrant={}"

    async def render_body() -> str:
        filters = filters_from(request, radar)
        if quadrant is not None:
            filters = replace(filters, quadrant=quadrant)
        visible = radar.filtered(filters)
        alone = radar.quadrant_index(filters.quadrant) if filters.quadrant else None
        drawable = bool(radar.quadrants and radar.rings) and view != "table"  # the table view draws no chart
        main = (
            radar.chart(visible, alone, QUADRANT_VIEW_PX if alone is not None else None, quadrant_href)
            if drawable
            else None
        )
        title = radar.title if alone is None else f"{radar.title}: {radar.quadrants[alone].name}"
        phone_charts = [
            (q, radar.chart(visible, index, PHONE_VIEW_PX, quadrant_href))
            for index, q in enumerate(radar.quadrants)
            if drawable and (alone is None or index == alone)
        ]
        phone_views = [
            (q, render_svg(chart, f"{radar.title}: {q.name}"), (round(chart.width), round(chart.height)))
            for q, chart in phone_charts
        ]
        engine = request.app.template_engine
        assert engine is not None
        template = engine.get_template("radar/_body.html")
        return str(
            template.render(
                radar=radar,
                filters=filters,
                visible=visible,
                alone=radar.quadrants[alone] if alone is not None else None,
                chart_svg=render_svg(main, title) if main else "",
                chart_size=(round(main.width), round(main.height)) if main else (600, 300),
                phone_views=phone_views,
                figure=figure_for(main) if main else build_figure([], [], []),  # else: says why nothing is drawn
                legend=[(key, label, legend_icon(key)) for key, label in MOVEMENT_LABELS.items()],
                base_path=base_path,
                form_action=form_action,
                quadrant_href=quadrant_href,
                view=view,
                movements=MOVEMENT_LABELS,
                fade_after=fade_after(request),
                urlencode=urlencode,
                scripts={"plotly": plotly_url(), "radar": static_url("radar.js")},
            )
        )

    key = (version, base_path, request.url.query, quadrant)

    async def render_whole() -> str:
        context = {
            "radar": radar,
            "body_html": await cached_view(("radar-body", *key), render_body),
            "base_path": base_path,
            "quadrant": quadrant,
            "intro_html": await rendered_one(radar.edition.introduction) if radar.edition else "",
        }
        return render_page(request, "radar/index.html", context)

    headers = cache_headers(etag, PRIVATE)
    if shared_page(request):  # signed out: the whole page is the same for everyone, rendered once per version
        return body_response(request, await cached_body(("radar-page", *key), render_whole), HTML, headers)
    return body_response(request, Body.of(await render_whole()), HTML, headers)


async def publish_form(
    form: dict[str, Any], errors: dict[str, str] | None = None, diff: editions.EditionDiff | None = None
) -> Template:
    """The publish form, with the user's input, the errors next to their fields, or the preview's diff."""
    context = {"form": form, "errors": errors or {}, "latest": (await blips.editions())[:1], "diff": diff}
    return Template(
        template_name="radar/publish.html",
        context=context,
        status_code=HTTP_400_BAD_REQUEST if errors else 200,
    )


class RadarController(Controller):
    include_in_schema = False
    opt = PUBLIC

    @get("/", opt=UNCOMPRESSED)
    async def current(self, request: Request[Any, Any, Any]) -> Response[Any]:
        version = await blips.data_version()
        etag = etag_for(request, version, personal=True)
        if cached := not_modified(request, etag, PRIVATE):
            return cached
        return await radar_page(request, await load_radar(request, version), version, "/", etag)

    @get("/quadrants/{slug:str}", opt=UNCOMPRESSED)
    async def quadrant(self, request: Request[Any, Any, Any], slug: FromPath[str]) -> Response[Any]:
        """One quadrant of the current radar drawn alone, with its numbered list."""
        version = await blips.data_version()
        etag = etag_for(request, version, personal=True)
        if cached := not_modified(request, etag, PRIVATE):
            return cached
        radar = await load_radar(request, version)
        if radar.quadrant_index(slug) is None:
            raise NotFoundException(f"No quadrant called {slug!r}.")
        return await radar_page(request, radar, version, f"/quadrants/{slug}", etag, quadrant=slug)

    @get("/radar.svg", opt=UNCOMPRESSED)
    async def radar_svg(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """The current radar as a standalone SVG image (the page's filters apply), for exports and feeds."""
        version = await blips.data_version()
        etag = etag_for(request, version, personal=False)
        if cached := not_modified(request, etag, PUBLIC_CACHE):
            return cached

        async def build() -> str:
            radar = await load_radar(request, version)
            if not radar.quadrants or not radar.rings:
                return empty_svg("No quadrants or rings are set up yet.")
            filters = filters_from(request, radar)
            alone = radar.quadrant_index(filters.quadrant) if filters.quadrant else None
            view = radar.chart(radar.filtered(filters), alone, QUADRANT_VIEW_PX if alone is not None else None)
            return render_svg(view, radar.title, standalone=True)

        svg = await cached_body(("radar-svg", version, request.url.query), build)
        return body_response(request, svg, "image/svg+xml", cache_headers(etag, PUBLIC_CACHE))

    @get("/editions")
    async def edition_list(self) -> Template:
        return Template(template_name="radar/editions.html", context={"editions": await blips.editions()})

    @get("/editions/{slug:str}", opt=UNCOMPRESSED)
    async def edition(self, request: Request[Any, Any, Any], slug: FromPath[str]) -> Response[Any]:
        version = await blips.data_version()
        etag = etag_for(request, version, personal=True)
        if cached := not_modified(request, etag, PRIVATE):
            return cached
        radar = await load_radar(request, version, slug)
        return await radar_page(request, radar, version, f"/editions/{slug}", etag)

    @get("/editions/{older:str}/diff/{newer:str}")
    async def diff(self, older: FromPath[str], newer: FromPath[str]) -> Template:
        difference = await editions.diff_editions(older, newer)
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
        return await publish_form({"published_on": date.today().isoformat()})

    @post("/editions", opt=CHAIR)
    async def publish(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        """Publishing is irreversible: the form first shows the diff against the latest edition (a preview),
        and only the preview's confirmation (action=publish) publishes."""
        form = await read_form(request)
        try:
            published_on: date | None = date.fromisoformat(str(form.get("published_on", "")))
        except ValueError:
            published_on = None
        slug, name, introduction = (str(form.get(field, "")) for field in ("slug", "name", "introduction"))
        fade = fade_after(request)
        try:
            if form.get("action") != "publish":
                preview = await editions.preview_edition(slug, name, published_on, introduction, fade)
                return await publish_form(form, diff=preview)
            await publishing.publish_edition(slug, name, published_on, introduction, current_user(request).id, fade)
        except ValidationFailed as failure:
            return await publish_form(form, failure.errors)
        flash(request, f"Published the edition {form.get('name')}.")
        return Redirect(path=f"/editions/{slug.strip().lower()}", status_code=303)

    @get("/blips/{slug:str}", opt=UNCOMPRESSED)
    async def blip_page(self, request: Request[Any, Any, Any], slug: FromPath[str]) -> Response[Any]:
        """A blip. Signed out, the page is the same for everyone: built once per data version."""
        version = await blips.data_version()
        shared = shared_page(request)
        etag = etag_for(request, version, personal=True) if shared else None
        if cached := not_modified(request, etag, PRIVATE):
            return cached

        async def render() -> str:
            blip = await blips.blip_detail(slug, fade_after(request))
            # Proposals and decision records are for people who are signed in, as on their own pages.
            viewer = current_user(request).id
            related = workflow.ProposalFilter(blip=slug)
            proposals = await workflow.list_proposals(viewer, related) if viewer is not None else []
            records = await decisions.list_records(blip=slug) if viewer is not None else []
            context = {
                "blip": blip,
                "description_html": await rendered_one(blip.description),
                "proposals": proposals,
                "decisions": records,
            }
            return render_page(request, "radar/blip.html", context)

        headers = cache_headers(etag, PRIVATE)
        if shared:
            return body_response(request, await cached_body(("blip-page", version, slug), render), HTML, headers)
        return body_response(request, Body.of(await render()), HTML, headers)

    @post("/blips/{slug:str}/reaffirm", opt=CHAIR)
    async def reaffirm(self, request: Request[Any, Any, Any], slug: FromPath[str]) -> Redirect:
        """The chair confirms a blip still stands where it is, so it does not fade."""
        await editions.reaffirm_blip(slug, current_user(request).id)
        flash(request, "Re-affirmed: the blip stays on the radar.")
        return Redirect(path=f"/blips/{slug}", status_code=303)
