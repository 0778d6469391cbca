"""The API documentation UI at /schema/swagger, from swagger-ui files this server serves (web/static/swagger-ui),
never a CDN: the radar must work on an intranet, and the CSP allows scripts from this server only."""

from __future__ import annotations

from html import escape
from typing import Any

from litestar import Request
from litestar.openapi.plugins import SwaggerRenderPlugin

from web.assets import static_url


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
