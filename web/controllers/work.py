"""My work: the page (and its JSON) listing what the signed-in person has to do next, and the count in the
header of every page."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.response import Template
from litestar.types import ASGIApp, Receive, Scope, Send

from evaluations import work
from web.auth import SIGNED_IN, current_user

NO_COUNT_PREFIXES = ("/static", "/api", "/schema", "/healthz", "/readyz")


class WorkItemOut(msgspec.Struct):
    role: str
    kind: str
    title: str
    detail: str
    href: str
    due: str | None
    overdue: bool
    proposal: int | None


async def items_for(request: Request[Any, Any, Any]) -> list[work.WorkItem]:
    user = current_user(request)
    assert user.id is not None
    return await work.work_for(user.id, user.roles)


class WorkCountMiddleware(ASGIMiddleware):
    """Count the signed-in person's work items for the header of HTML pages (GET only)."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        user = scope.get("user")
        path = str(scope.get("path", ""))
        if scope.get("method") == "GET" and getattr(user, "id", None) and not path.startswith(NO_COUNT_PREFIXES):
            state = scope.setdefault("state", {})  # type: ignore[typeddict-item]
            state["work_count"] = len(await work.work_for(user.id, user.roles))  # type: ignore[union-attr]
        await next_app(scope, receive, send)


def work_count(request: Request[Any, Any, Any]) -> int:
    value = request.scope.get("state", {}).get("work_count", 0)
    return value if isinstance(value, int) else 0


class WorkController(Controller):
    include_in_schema = False
    opt = SIGNED_IN

    @get("/work")
    async def page(self, request: Request[Any, Any, Any]) -> Template:
        items = await items_for(request)
        groups = [
            (role, label, [item for item in items if item.role == role]) for role, label in work.ROLE_LABELS.items()
        ]
        return Template(
            template_name="work/index.html",
            context={"items": items, "groups": [group for group in groups if group[2]]},
        )


class WorkApiController(Controller):
    path = "/api"
    tags = ["work"]
    opt = SIGNED_IN

    @get("/work")
    async def work_api(self, request: Request[Any, Any, Any]) -> list[WorkItemOut]:
        """What the signed-in person has to do next; `href` is the page where each step is done."""
        return [
            WorkItemOut(
                item.role,
                item.kind,
                item.title,
                item.detail,
                item.href,
                item.due.isoformat() if item.due else None,
                item.overdue,
                item.proposal_number,
            )
            for item in await items_for(request)
        ]
