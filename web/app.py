"""The app factory: the one place where routes, middleware, templates and error pages are registered."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from litestar import Litestar, Request, Response
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader, MutableScopeHeaders, State
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.middleware import ASGIMiddleware
from litestar.middleware.session.client_side import CookieBackendConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.template.config import TemplateConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from piccolo.engine.postgres import PostgresEngine

from radar.markdown import render_markdown
from radar.tables import Blip
from web import template_filters
from web.assets import plotly_url, static_url
from web.auth import PUBLIC, SessionLifetime, UserMiddleware, authorize, check_route_access, current_user
from web.controllers.accounts import AccountController
from web.controllers.admin import AdminUserController
from web.controllers.admin_import import AdminImportController
from web.controllers.admin_radar import AdminRadarController
from web.controllers.api import RadarApiController
from web.controllers.board import BallotController, BoardController
from web.controllers.board_api import BoardApiController
from web.controllers.decisions import DecisionController
from web.controllers.export_api import ExportApiController
from web.controllers.framework import FrameworkAdminController
from web.controllers.health import HealthController
from web.controllers.proposals import ProposalController
from web.controllers.proposals_api import ProposalApiController
from web.controllers.radar import RadarController
from web.controllers.voting_admin import VotingAdminController
from web.controllers.work import WorkApiController, WorkController, WorkCountMiddleware, work_count
from web.csrf import CsrfSessionMiddleware
from web.flash import take_flashes
from web.scheduler import BallotScheduler
from web.settings import Settings, load_settings

HERE = Path(__file__).parent
logger = logging.getLogger("radar.web")

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    # plotly.js sets inline styles on its SVG; scripts come from this server only.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    ),
}


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _error_page(request: Request[Any, Any, Any], status_code: int, detail: str) -> Response[Any]:
    if _wants_json(request):
        return Response({"status_code": status_code, "detail": detail}, status_code=status_code)
    titles = {
        400: "Bad request",
        401: "Sign in needed",
        403: "Not allowed",
        404: "Page not found",
        405: "Method not allowed",
        500: "Something went wrong",
    }
    return Template(
        template_name="errors/error.html",
        context={"status_code": status_code, "title": titles.get(status_code, "Error"), "detail": detail},
        status_code=status_code,
    )


def handle_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if isinstance(exc, NotAuthorizedException) and not _wants_json(request) and request.method == "GET":
        return Redirect(path=f"/login?next={request.url.path}")
    detail = exc.detail if exc.status_code < 500 else "The server could not finish this request."
    if exc.status_code == 404 and not _wants_json(request):
        detail = "There is nothing at this address. It may have moved, or the link may be mistyped."
    return _error_page(request, exc.status_code, detail)


def handle_server_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    logger.exception("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error_page(request, HTTP_500_INTERNAL_SERVER_ERROR, "The server could not finish this request.")


class SecurityHeadersMiddleware(ASGIMiddleware):
    """Add the security headers to every response, error pages included."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await next_app(scope, receive, send_with_headers)


def _template_engine(engine: JinjaTemplateEngine) -> None:
    engine.register_template_callable("current_user", lambda context: current_user(context["request"]))
    engine.register_template_callable("flashes", lambda context: take_flashes(context["request"]))
    engine.register_template_callable("work_count", lambda context: work_count(context["request"]))
    engine.register_template_callable("static_url", lambda context, path: static_url(path))
    engine.register_template_callable("plotly_url", lambda context: plotly_url())
    engine.engine.globals["render_markdown"] = render_markdown
    engine.engine.filters["zip"] = lambda first, second: list(zip(first, second, strict=False))
    template_filters.register(engine.engine)


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or load_settings()
    key = hashlib.sha256(settings.secret_key.encode()).digest()
    session = CookieBackendConfig(
        secret=key,
        key="radar_session",
        max_age=settings.session_max_hours * 3600,  # the absolute lifetime; UserMiddleware checks both limits
        httponly=True,
        samesite="lax",
        secure=settings.production,
    )
    db = Blip._meta.db
    scheduler = BallotScheduler(settings.ballot_close_interval)

    async def open_pool() -> None:
        if isinstance(db, PostgresEngine) and settings.db_pool_size > 0:
            await db.start_connection_pool(max_size=settings.db_pool_size)

    async def close_pool() -> None:
        if isinstance(db, PostgresEngine) and settings.db_pool_size > 0:
            await db.close_connection_pool()

    app = Litestar(
        route_handlers=[
            RadarController,
            AccountController,
            AdminUserController,
            AdminRadarController,
            AdminImportController,
            ProposalController,
            FrameworkAdminController,
            VotingAdminController,
            RadarApiController,
            ExportApiController,
            ProposalApiController,
            BoardController,
            BallotController,
            DecisionController,
            BoardApiController,
            HealthController,
            WorkController,
            WorkApiController,
            create_static_files_router(
                path="/static",
                directories=[HERE / "static"],
                opt=PUBLIC,
                include_in_schema=False,
                cache_control=CacheControlHeader(max_age=31_536_000, public=True),  # URLs carry a content hash
            ),
        ],
        middleware=[
            SecurityHeadersMiddleware(),
            session.middleware,
            CsrfSessionMiddleware(),
            UserMiddleware(SessionLifetime(settings.session_idle_minutes * 60, settings.session_max_hours * 3600)),
            WorkCountMiddleware(),
        ],
        guards=[authorize],
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_secure=settings.production,
            cookie_httponly=True,
            cookie_samesite="lax",
        ),
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=500, gzip_compress_level=6, exclude_opt_key="skip_compression"
        ),
        template_config=TemplateConfig(
            directory=HERE / "templates", engine=JinjaTemplateEngine, engine_callback=_template_engine
        ),
        openapi_config=OpenAPIConfig(
            title="Radar API", version="0.1.0", path="/schema", render_plugins=[SwaggerRenderPlugin()]
        ),
        exception_handlers={HTTPException: handle_http_exception, Exception: handle_server_error},
        on_startup=[open_pool, scheduler.start],
        on_shutdown=[scheduler.stop, close_pool],
        state=State({"settings": settings}),
        debug=False,
    )
    check_route_access(app)
    return app
