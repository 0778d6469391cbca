"""The JSON API's writes for scripts and portals: create and submit a proposal, publish an edition (casting a
vote is `PUT /api/ballots/{id}/vote`). Same rules as the pages; authenticate with a write-scope API token
(`Authorization: Bearer …`, no CSRF header needed) or with the session cookie plus the `x-csrftoken` header."""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn

import msgspec
from litestar import Request, post
from litestar.exceptions import (
    ClientException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.params import FromPath, JSONBody

from evaluations import publishing, workflow
from evaluations.rules import TransitionRefused
from evaluations.workflow import NotAllowed, ProposalInput
from radar.errors import DomainError, NotFound, ValidationFailed
from web.auth import CHAIR, SIGNED_IN, current_user
from web.controllers.api import RadarApiController
from web.controllers.proposals_api import ProposalApiController, ProposalOut, proposal_out
from web.radar_views import fade_after


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
