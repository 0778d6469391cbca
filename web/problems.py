"""Errors under /api share one shape, RFC 9457 problem details: {"type", "title", "status", "detail"}, plus
"errors" (field name -> message) for field errors."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from litestar import Litestar, Request, Response
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.openapi.spec import OpenAPI, OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Schema

# application/json rather than application/problem+json: the OpenAPI document declares JSON error responses, and
# clients (and the schema fuzzer) check the media type against it.
PROBLEM_MEDIA_TYPE = "application/json"


def is_api_path(path: str) -> bool:
    """/api and what is under it; not a page whose name merely starts with "api"."""
    return path == "/api" or path.startswith("/api/")


def wants_json(request: Request[Any, Any, Any]) -> bool:
    """API paths, and clients that ask for JSON rather than HTML, get problem details instead of an error page."""
    if is_api_path(request.url.path):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def problem_body(status: int, detail: str, errors: dict[str, str] | None = None, title: str = "") -> dict[str, Any]:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    body: dict[str, Any] = {"type": "about:blank", "title": title or phrase, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return body


def problem(
    status: int,
    detail: str,
    errors: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    title: str = "",
) -> Response[Any]:
    return Response(
        problem_body(status, detail, errors, title),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


PROBLEM_SCHEMA = Schema(
    type=OpenAPIType.OBJECT,
    required=["type", "title", "status", "detail"],
    properties={
        "type": Schema(type=OpenAPIType.STRING),
        "title": Schema(type=OpenAPIType.STRING),
        "status": Schema(type=OpenAPIType.INTEGER),
        "detail": Schema(type=OpenAPIType.STRING),
        "errors": Schema(type=OpenAPIType.OBJECT, additional_properties=Schema(type=OpenAPIType.STRING)),
    },
    description="Problem details (RFC 9457); `errors` maps each refused field to its message.",
)
PROBLEM_RESPONSE = OpenAPIResponse(
    description="Bad request: problem details, with field errors when a field was refused",
    content={"application/json": OpenAPIMediaType(schema=PROBLEM_SCHEMA)},
)


def document_problem_details(app: Litestar) -> None:
    """Make the OpenAPI document describe 400 responses as the problem details they are (Litestar documents its own
    validation error body). The document is built once and cached; this edits the cached one."""
    openapi: OpenAPI = app.plugins.get(OpenAPIPlugin).provide_openapi()
    for item in (openapi.paths or {}).values():
        for method in ("get", "put", "post", "patch", "delete"):
            operation = getattr(item, method, None)
            if operation is not None and operation.responses and "400" in operation.responses:
                operation.responses["400"] = PROBLEM_RESPONSE
