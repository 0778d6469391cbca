"""The JSON API's writes for scripts and portals: create and submit a proposal, publish an edition, import a
radar file (casting a vote is `PUT /api/ballots/{id}/vote`). Same rules as the pages; authenticate with a
write-scope API token (`Authorization: Bearer …`, no CSRF header needed) or with the session cookie plus the
`x-csrftoken` header."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, NoReturn

import msgspec
from litestar import Controller, Request, post
from litestar.exceptions import (
    ClientException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from evaluations import publishing, workflow
from evaluations.rules import TransitionRefused
from evaluations.workflow import NotAllowed, ProposalInput
from radar import importer
from radar.errors import DomainError, NotFound, ValidationFailed
from radar.formats import FORMATS, MAX_BYTES
from radar.formats.detect import parse_bytes
from web.auth import CHAIR, SIGNED_IN, current_user
from web.controllers.api import RadarApiController
from web.controllers.proposals_api import ProposalApiController, ProposalOut, proposal_out
from web.radar_views import fade_after

IMPORT_BODY_LIMIT = 64 * 1024 * 1024  # above MAX_BYTES, so an oversized file gets our message, not a bare 413


class ProposalIn(msgspec.Struct):
    technology_name: str = ""
    kind: str = "add"  # add | promote | demote | hold | retire
    blip: str = ""  # the blip's slug, for every kind but add
    quadrant: str = ""  # quadrant slug (add)
    target_ring: str = ""  # ring slug
    summary: str = ""
    context: str = ""
    options: str = ""  # one per line, the status quo among them
    scope: str = ""
    exit_considerations: str = ""
    links: list[str] = msgspec.field(default_factory=list)  # URLs, or "Title https://…"
    tags: list[str] = msgspec.field(default_factory=list)
    replaces: str = ""  # slug of a blip it would replace
    submit: bool = False  # submit at once instead of saving a draft
    confirm_new: bool = False  # yes, a new technology although its name resembles a blip's


class SubmitIn(msgspec.Struct):
    answer: str = ""  # the answer to the chair's question, when the proposal needs information


class EditionIn(msgspec.Struct):
    slug: str
    name: str
    published_on: str  # YYYY-MM-DD
    introduction: str = ""


class EditionOut(msgspec.Struct):
    slug: str
    name: str
    published_on: str
    blips: int
    url: str


def _refuse(error: Exception) -> NoReturn:
    """The domain's refusals as HTTP: field errors 400, not yours 403, unknown 404, wrong state 409."""
    if isinstance(error, ValidationFailed):
        raise ValidationException(" ".join(error.errors.values()), extra=error.errors) from error
    if isinstance(error, NotAllowed):
        raise PermissionDeniedException(str(error)) from error
    if isinstance(error, NotFound):
        raise NotFoundException(str(error)) from error
    raise ClientException(str(error), status_code=409) from error


class ProposalApiWithWrites(ProposalApiController):
    """The proposals API plus its writes. Litestar cannot spread one path's methods over two controllers (each
    adds an OPTIONS handler), so the writes extend the read controller and app.py registers this class."""

    @post("/proposals", opt={"access": "architect"}, status_code=201)
    async def create_proposal(self, request: Request[Any, Any, Any], data: JSONBody[ProposalIn]) -> ProposalOut:
        """Save a new proposal as a draft, or submit it at once with `"submit": true` (architects)."""
        me = current_user(request)
        assert me.id is not None
        form = ProposalInput(
            kind=data.kind,
            blip=data.blip,
            technology_name=data.technology_name,
            quadrant=data.quadrant,
            target_ring=data.target_ring,
            summary=data.summary,
            context=data.context,
            options=data.options,
            scope=data.scope,
            exit_considerations=data.exit_considerations,
            links="\n".join(data.links),
            tags=", ".join(data.tags),
            replaces=data.replaces,
            confirm_new=data.confirm_new,
        )
        try:
            number = await workflow.create_proposal(form, me.id, submit=data.submit)
        except (DomainError, TransitionRefused, NotAllowed) as error:
            _refuse(error)
        return proposal_out(await workflow.get_proposal(number, viewer_id=me.id))

    @post("/proposals/{number:int}/submit", opt=SIGNED_IN, status_code=200)
    async def submit_proposal(
        self, request: Request[Any, Any, Any], number: FromPath[int], data: JSONBody[SubmitIn | None] = None
    ) -> ProposalOut:
        """Submit your draft (or resubmit with the answer to the chair's question); only its proposer may."""
        me = current_user(request)
        assert me.id is not None
        try:
            await workflow.get_proposal(number, viewer_id=me.id)
            await workflow.submit_proposal(number, me.id, data.answer if data else "")
        except (DomainError, TransitionRefused, NotAllowed) as error:
            _refuse(error)
        return proposal_out(await workflow.get_proposal(number, viewer_id=me.id))


class RadarApiWithWrites(RadarApiController):
    """The radar API plus publishing an edition (see ProposalApiWithWrites for why a subclass)."""

    @post("/editions", opt=CHAIR, status_code=201)
    async def publish_edition(self, request: Request[Any, Any, Any], data: JSONBody[EditionIn]) -> EditionOut:
        """Publish an edition of the radar (chair): an immutable snapshot; webhooks hear `edition.published`."""
        me = current_user(request)
        try:
            published_on: date | None = date.fromisoformat(data.published_on)
        except ValueError:
            published_on = None
        try:
            edition = await publishing.publish_edition(
                data.slug, data.name, published_on, data.introduction, me.id, fade_after(request)
            )
        except (DomainError, TransitionRefused, NotAllowed) as error:
            _refuse(error)
        base = str(request.base_url).rstrip("/")
        return EditionOut(
            edition.slug,
            edition.name,
            edition.published_on.isoformat(),
            edition.blips,
            f"{base}/editions/{edition.slug}",
        )


class ProblemOut(msgspec.Struct):
    line: int
    field: str
    reason: str
    name: str
    path: str


class PlanRowOut(msgspec.Struct):
    line: int
    name: str
    action: str  # create | update | unchanged | reject
    detail: str
    quadrant: str
    ring: str
    path: str


class ImportOut(msgspec.Struct):
    applied: bool
    format: str
    source: str
    summary: str
    created: int
    changed: int
    unchanged: int
    rejected: int
    new_editions: int
    missing_quadrants: list[str]
    missing_rings: list[str]
    rows: list[PlanRowOut]
    problems: list[ProblemOut]


class ImportApiController(Controller):
    path = "/api/import"
    tags = ["writes"]
    opt = CHAIR

    @post("/", status_code=200, request_max_body_size=IMPORT_BODY_LIMIT)
    async def import_file(
        self,
        request: Request[Any, Any, Any],
        filename: FromQuery[str] = "upload",
        format_name: Annotated[str, QueryParameter(name="format")] = "",
        apply: FromQuery[bool] = False,
        valid_only: FromQuery[bool] = False,
        create_missing: FromQuery[bool] = False,
    ) -> ImportOut:
        """Import a radar file sent as the raw request body (chair). Without `apply=true` it is a dry run that
        writes nothing: every row with what would happen to it, and every problem with its line and reason. A
        file with problems applies nothing unless `valid_only=true`. Formats: byor-csv, byor-json, zalando, aoe
        (a zip), backstage; `format` is detected when left out."""
        content = await request.body()
        if not content:
            raise ValidationException("Send the file as the request body.")
        if len(content) > MAX_BYTES:
            raise ValidationException(f"The file is over {MAX_BYTES // 1_048_576} MB; nothing was imported.")
        if format_name and format_name not in FORMATS:
            raise ValidationException(f"Unknown format {format_name!r}; use one of {', '.join(FORMATS)}.")
        result = parse_bytes(content, filename[:200], format_name or None)
        try:
            if apply:
                plan = await importer.apply_import(result, current_user(request).id, valid_only, create_missing)
            else:
                plan = await importer.plan_import(result, create_missing)
        except DomainError as error:
            _refuse(error)
        return ImportOut(
            applied=apply,
            format=plan.format,
            source=plan.source,
            summary=plan.summary(),
            created=plan.count("create"),
            changed=plan.count("update"),
            unchanged=plan.count("unchanged"),
            rejected=len(plan.problems),
            new_editions=plan.new_editions,
            missing_quadrants=plan.missing_quadrants,
            missing_rings=plan.missing_rings,
            rows=[PlanRowOut(r.line, r.name, r.action, r.detail, r.quadrant, r.ring, r.path) for r in plan.rows],
            problems=[ProblemOut(p.line, p.field, p.reason, p.name, p.path) for p in plan.problems],
        )
