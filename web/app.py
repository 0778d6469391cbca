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
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.middleware.session.client_side import CookieBackendConfig
from litestar.openapi import OpenAPIConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR, HTTP_503_SERVICE_UNAVAILABLE
from litestar.template.config import TemplateConfig
from litestar.types import Message, Scope
from piccolo.engine.postgres import PostgresEngine

from evaluations.numbers import adr_ref, proposal_ref
from radar.database import database_unavailable
from radar.errors import DomainError, ValidationFailed
from radar.rendered_markdown import stop_renderer
from radar.tables import Blip
from web import template_filters
from web.api_docs import API_TOKEN_COMPONENTS, LocalSwaggerRenderPlugin, complete_openapi_document_on_first_use
from web.assets import compress_plotly_in_background, inline_stylesheet, plotly_url, static_url
from web.auth import PUBLIC, SessionLifetime, UserMiddleware, authorize, check_route_access, current_user
from web.bearer import CSRFUnlessTokenMiddleware
from web.controllers.accounts import AccountController
from web.controllers.admin import AdminUserController
from web.controllers.admin_import import AdminImportController
from web.controllers.admin_radar import AdminRadarController
from web.controllers.audit import AuditApiController, AuditController
from web.controllers.board import BallotController, BoardController
from web.controllers.board_api import BoardApiController
from web.controllers.decisions import DecisionController
from web.controllers.export_api import ExportApiController
from web.controllers.feed import FeedController
from web.controllers.framework import FrameworkAdminController
from web.controllers.health import HealthController
from web.controllers.pilots import PilotController
from web.controllers.proposals import ProposalController
from web.controllers.radar import RadarController
from web.controllers.scorecards import ScorecardController
from web.controllers.tokens import TokenController
from web.controllers.voting_admin import VotingAdminController
from web.controllers.webhooks import AdminWebhookController
from web.controllers.work import WorkApiController, WorkController, WorkCountMiddleware, work_count
from web.controllers.write_api import ImportApiController, ProposalApiWithWrites, RadarApiWithWrites
from web.csrf import SIGNED_IN_CSRF, CsrfSessionMiddleware
from web.flash import take_flashes
from web.input_guard import InputGuardMiddleware
from web.problems import problem, wants_json
from web.scheduler import BallotScheduler, DeliveryScheduler
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


DATABASE_UNAVAILABLE = (
    "The database cannot be reached right now, so nothing was read or changed. Try again in a few seconds."
)
RETRY_AFTER_SECONDS = 5


ERROR_TITLES = {
    400: "Bad request",
    401: "Sign in needed",
    403: "Not allowed",
    404: "Page not found",
    405: "Method not allowed",
    413: "Request too large",
    415: "Unsupported form encoding",
    429: "Too many attempts",
    409: "Not possible now",
    500: "Something went wrong",
    503: "Back in a moment",
}


def _field_errors(extra: Any) -> dict[str, str] | None:
    """Field errors carried by an exception: a {field: message} dict, or Litestar's [{"key", "message"}] list."""
    if isinstance(extra, dict) and extra and all(isinstance(value, str) for value in extra.values()):
        return {str(key): value for key, value in extra.items()}
    if isinstance(extra, list):
        found = {
            str(item.get("key") or "body"): str(item.get("message", ""))
            for item in extra
            if isinstance(item, dict) and "message" in item
        }
        return found or None
    return None


def _error_page(
    request: Request[Any, Any, Any],
    status_code: int,
    detail: str,
    errors: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    if wants_json(request):
        return problem(status_code, detail, errors, headers)
    return Template(
        template_name="errors/error.html",
        context={"status_code": status_code, "title": ERROR_TITLES.get(status_code, "Error"), "detail": detail},
        status_code=status_code,
        headers=headers,
    )


def handle_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if isinstance(exc, NotAuthorizedException) and not wants_json(request) and request.method == "GET":
        return Redirect(path=f"/login?next={request.url.path}")
    detail = exc.detail if exc.status_code < 500 else "The server could not finish this request."
    if exc.status_code == 404 and not wants_json(request):
        detail = "There is nothing at this address. It may have moved, or the link may be mistyped."
    errors = _field_errors(exc.extra) if exc.status_code < 500 else None
    return _error_page(request, exc.status_code, detail, errors, dict(exc.headers or {}) or None)


def handle_domain_error(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    """The one mapping of the domain's errors to HTTP: problem details under /api (with `errors` for field errors),
    the HTML error page elsewhere. Controllers catch a domain error only to re-render their own form."""
    errors = exc.errors if isinstance(exc, ValidationFailed) else None
    return _error_page(request, exc.status_code, str(exc), errors)


def handle_server_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if database_unavailable(exc):
        logger.warning("Database unavailable on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return _error_page(request, HTTP_503_SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, headers=retry)
    logger.exception("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error_page(request, HTTP_500_INTERNAL_SERVER_ERROR, "The server could not finish this request.")


def security_headers(production: bool) -> dict[str, str]:
    headers = dict(SECURITY_HEADERS)
    if production:  # production is served over HTTPS only (secure cookies); tell browsers never to try HTTP
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return headers


def security_headers_hook(production: bool) -> Any:
    """A before-send hook: it sees every response, including the router's own 404 and 405 and error pages."""
    headers_to_add = security_headers(production)

    async def add_security_headers(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.start":
            headers = MutableScopeHeaders.from_message(message)
            for name, value in headers_to_add.items():
                if name not in headers:
                    headers[name] = value

    return add_security_headers


def _template_engine(engine: JinjaTemplateEngine) -> None:
    engine.register_template_callable("current_user", lambda context: current_user(context["request"]))
    engine.register_template_callable("flashes", lambda context: take_flashes(context["request"]))
    engine.register_template_callable("work_count", lambda context: work_count(context["request"]))
    engine.register_template_callable("static_url", lambda context, path: static_url(path))
    engine.register_template_callable("plotly_url", lambda context: plotly_url())
    engine.register_template_callable("inline_stylesheet", lambda context: inline_stylesheet())
    engine.engine.filters["proposal_ref"] = proposal_ref
    engine.engine.filters["adr_ref"] = adr_ref
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
    deliverer = DeliveryScheduler(settings.delivery_interval, settings.delivery_config())
    csrf = CSRFConfig(
        secret=settings.secret_key,
        cookie_secure=settings.production,
        cookie_httponly=True,
        cookie_samesite="lax",
    )

    async def open_pool() -> None:
        if isinstance(db, PostgresEngine) and settings.db_pool_size > 0:
            # asyncpg opens min_size connections up front (10 by default, more than a small DB_POOL_SIZE allows).
            await db.start_connection_pool(min_size=min(2, settings.db_pool_size), max_size=settings.db_pool_size)

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
            ScorecardController,
            PilotController,
            FrameworkAdminController,
            VotingAdminController,
            RadarApiWithWrites,
            ExportApiController,
            ProposalApiWithWrites,
            ImportApiController,
            BoardController,
            BallotController,
            DecisionController,
            BoardApiController,
            HealthController,
            AdminWebhookController,
            TokenController,
            FeedController,
            WorkController,
            WorkApiController,
            AuditController,
            AuditApiController,
            create_static_files_router(
                path="/static",
                directories=[HERE / "static"],
                opt={**PUBLIC, **SIGNED_IN_CSRF},
                include_in_schema=False,
                cache_control=CacheControlHeader(max_age=31_536_000, public=True),  # URLs carry a content hash
            ),
        ],
        # CSRF after the user is known: a request signed in by an API token needs none (web/bearer.py).
        middleware=[
            InputGuardMiddleware(settings.max_body_bytes),
            session.middleware,
            CsrfSessionMiddleware(),
            UserMiddleware(SessionLifetime(settings.session_idle_minutes * 60, settings.session_max_hours * 3600)),
            CSRFUnlessTokenMiddleware(csrf),
            WorkCountMiddleware(),
        ],
        guards=[authorize],
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=500, gzip_compress_level=6, exclude_opt_key="skip_compression"
        ),
        template_config=TemplateConfig(
            directory=HERE / "templates", engine=JinjaTemplateEngine, engine_callback=_template_engine
        ),
        openapi_config=OpenAPIConfig(
            title="Radar API",
            version="0.1.0",
            path="/schema",
            render_plugins=[LocalSwaggerRenderPlugin()],
            components=API_TOKEN_COMPONENTS,
        ),
        exception_handlers={
            HTTPException: handle_http_exception,
            DomainError: handle_domain_error,
            Exception: handle_server_error,
        },
        before_send=[security_headers_hook(settings.production)],
        before_request=complete_openapi_document_on_first_use(),
        request_max_body_size=settings.max_body_bytes,
        on_startup=[open_pool, compress_plotly_in_background, scheduler.start, deliverer.start],
        on_shutdown=[deliverer.stop, scheduler.stop, close_pool, stop_renderer],
        state=State({"settings": settings}),
        debug=False,
    )
    check_route_access(app)
    return app
