"""Errors under /api share one shape, RFC 9457 problem details: {"type", "title", "status", "detail"}, plus
"errors" (field name -> message) for field errors."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from litestar import Request, Response

PROBLEM_MEDIA_TYPE = "application/problem+json"


def wants_json(request: Request[Any, Any, Any]) -> bool:
    """API paths, and clients that ask for JSON rather than HTML, get problem details instead of an error page."""
    if request.url.path.startswith("/api/") or request.url.path == "/api":
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


def document_problems(schema: Any) -> None:
    """Say in the OpenAPI document what the API sends on errors: problem details as application/problem+json
    (Litestar documents its generated 400 responses as application/json with its own shape)."""
    from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Schema

    text = Schema(type=OpenAPIType.STRING)
    shape = Schema(
        type=OpenAPIType.OBJECT,
        required=["type", "title", "status", "detail"],
        properties={
            "type": text,
            "title": text,
            "status": Schema(type=OpenAPIType.INTEGER),
            "detail": text,
            "errors": Schema(type=OpenAPIType.OBJECT, additional_properties=text),
        },
    )
    for path_item in (schema.paths or {}).values():
        for operation in (path_item.get, path_item.put, path_item.post, path_item.patch, path_item.delete):
            for code, response in ((operation.responses or {}) if operation else {}).items():
                if code[:1] in ("4", "5") and isinstance(response, OpenAPIResponse):
                    response.content = {PROBLEM_MEDIA_TYPE: OpenAPIMediaType(schema=shape)}
