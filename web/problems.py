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
