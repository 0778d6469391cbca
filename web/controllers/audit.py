"""The audit trail for the chair: the page at /admin/audit and GET /api/audit, both filtered by who, what,
object and date, a page at a time."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from litestar import Controller, get
from litestar.exceptions import ValidationException
from litestar.pagination import OffsetPagination
from litestar.params import FromQuery, QueryParameter
from litestar.response import Template

from radar import audit
from web.auth import CHAIR

PAGE_SIZE = 50
MAX_LIMIT = 200

Actor = Annotated[str, QueryParameter(name="actor", description=f"A username, or '{audit.SYSTEM_ACTOR}'")]
Action = Annotated[str, QueryParameter(name="action", description="An action, e.g. proposal.submit")]
SubjectType = Annotated[str, QueryParameter(name="subject_type", description="The object's type, e.g. proposal")]
Subject = Annotated[str, QueryParameter(name="subject", description="The object, e.g. P-0007 or a blip's slug")]
Since = Annotated[str, QueryParameter(name="since", description="From this day (YYYY-MM-DD, UTC), inclusive")]
Until = Annotated[str, QueryParameter(name="until", description="Up to this day (YYYY-MM-DD, UTC), inclusive")]


class AuditEventOut(msgspec.Struct):
    id: int
    at: datetime
    actor: str | None
    action: str
    subject_type: str
    subject: str
    detail: dict[str, Any]


def _out(entry: audit.AuditEntry) -> AuditEventOut:
    return AuditEventOut(
        id=entry.id,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        subject_type=entry.subject_type,
        subject=entry.subject,
        detail=entry.detail,
    )


class AuditController(Controller):
    path = "/admin/audit"
    include_in_schema = False
    opt = CHAIR

    @get("/")
    async def audit_page(
        self,
        actor: FromQuery[str] = "",
        action: FromQuery[str] = "",
        subject_type: FromQuery[str] = "",
        subject: FromQuery[str] = "",
        since: FromQuery[str] = "",
        until: FromQuery[str] = "",
        page: FromQuery[int] = 1,
    ) -> Template:
        filters, errors = audit.parse_filter(actor, action, subject_type, subject, since, until)
        page = min(max(page, 1), 1_000_000)
        entries, total = await audit.search(filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        form = {
            "actor": actor,
            "action": action,
            "subject_type": subject_type,
            "subject": subject,
            "since": since,
            "until": until,
        }
        kept = {key: value for key, value in form.items() if value and key not in errors}
        pages = max(1, -(-total // PAGE_SIZE))

        def page_url(number: int) -> str:
            return "/admin/audit?" + urlencode({**kept, "page": number})

        return Template(
            template_name="admin/audit.html",
            context={
                "entries": entries,
                "total": total,
                "page": page,
                "pages": pages,
                "previous_url": page_url(page - 1) if page > 1 else None,
                "next_url": page_url(page + 1) if page < pages else None,
                "form": form,
                "errors": errors,
                "choices": await audit.choices(),
                "system_actor": audit.SYSTEM_ACTOR,
                "filtered": not filters.is_empty,
            },
            status_code=400 if errors else 200,
        )


class AuditApiController(Controller):
    path = "/api/audit"
    opt = CHAIR
    tags = ["audit"]

    @get("/")
    async def audit_events(
        self,
        actor: Actor = "",
        action: Action = "",
        subject_type: SubjectType = "",
        subject: Subject = "",
        since: Since = "",
        until: Until = "",
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = PAGE_SIZE,
        offset: Annotated[int, QueryParameter(ge=0, le=10**9)] = 0,
    ) -> OffsetPagination[AuditEventOut]:
        """Audit events, newest first (chair only)."""
        filters, errors = audit.parse_filter(actor, action, subject_type, subject, since, until)
        if errors:
            raise ValidationException("Invalid filter.", extra=[{"key": k, "message": v} for k, v in errors.items()])
        entries, total = await audit.search(filters, limit=limit, offset=offset)
        return OffsetPagination(items=[_out(entry) for entry in entries], limit=limit, offset=offset, total=total)
