"""The API documentation: the OpenAPI document's edits that Litestar cannot make from the handlers (problem details,
API tokens), and the UI at /schema/swagger, from swagger-ui files this server serves (web/static/swagger-ui), never
a CDN: the radar must work on an intranet, and the CSP allows scripts from this server only."""

from __future__ import annotations

from html import escape
from typing import Any

from litestar import Litestar, Request
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, OpenAPI, SecurityRequirement, SecurityScheme

from web.assets import static_url
from web.problems import document_problem_details, is_api_path

BEARER_SCHEME = "apiToken"
API_TOKEN_COMPONENTS = Components(
    security_schemes={
        BEARER_SCHEME: SecurityScheme(
            type="http",
            scheme="bearer",
            bearer_format="radar_…",
            description=(
                "A personal API token from /account/tokens, as `Authorization: Bearer radar_…`. It acts as its owner, "
                "with their roles, within its scope: `read` may only read, `write` may also change things. A request "
                "with a token needs no CSRF header. An unknown or revoked token gets 401, a read token's write 403."
            ),
        )
    }
)
TOKEN_REQUIRED: list[SecurityRequirement] = [{BEARER_SCHEME: []}]
TOKEN_OPTIONAL: list[SecurityRequirement] = [{}, {BEARER_SCHEME: []}]  # `{}`: anonymous requests are answered too


def document_token_security(app: Litestar) -> None:
    """Put the API token on every /api operation: required where the route's access level needs a signed-in user,
    optional where it is public. The access level is the handler's own `opt["access"]`, so the two cannot drift."""
    openapi: OpenAPI = app.plugins.get(OpenAPIPlugin).provide_openapi()
    for route in app.routes:
        item = (openapi.paths or {}).get(route.path_format)
        if item is None or not is_api_path(route.path):
            continue
        for handler in getattr(route, "route_handlers", []):
            security = TOKEN_OPTIONAL if handler.opt.get("access") == "public" else TOKEN_REQUIRED
            for method in handler.http_methods:
                operation = getattr(item, method.lower(), None)
                if operation is not None:
                    operation.security = security


def complete_openapi_document_on_first_use() -> Any:
    """An app-level before-request hook: edit the OpenAPI document the first time /schema is asked for (building it
    takes a few hundred milliseconds, too much for every app the tests create). The document is built once and
    cached; this edits the cached one."""
    done = False

    async def before_request(request: Request[Any, Any, Any]) -> None:
        nonlocal done
        if not done and request.url.path.startswith("/schema"):
            document_problem_details(request.app)
            document_token_security(request.app)
            done = True

    return before_request


class LocalSwaggerRenderPlugin(SwaggerRenderPlugin):
    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        title = escape(str(openapi_schema.get("info", {}).get("title", "API")))
        schema_url = escape(
            f"{request.app.openapi_config.path if request.app.openapi_config else '/schema'}/openapi.json"
        )
        return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title}</title>
  <link rel="icon" href="{static_url("favicon.svg")}" type="image/svg+xml">
  <link rel="stylesheet" href="{static_url("swagger-ui/swagger-ui.css")}">
</head>
<body>
  <main id="swagger-ui" data-openapi-url="{schema_url}"></main>
  <script src="{static_url("swagger-ui/swagger-ui-bundle.js")}"></script>
  <script src="{static_url("swagger-init.js")}"></script>
</body>
</html>
""".encode()
