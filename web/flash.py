"""One-time messages shown on the next page (kept in the signed session cookie)."""

from __future__ import annotations

from typing import Any

from litestar import Request


def flash(request: Request[Any, Any, Any], message: str, category: str = "success") -> None:
    current = request.scope.get("session")
    session = dict(current) if isinstance(current, dict) else {}
    session["flash"] = [*session.get("flash", []), [category, message]]
    request.set_session(session)


def take_flashes(request: Request[Any, Any, Any]) -> list[tuple[str, str]]:
    current = request.scope.get("session")
    if not isinstance(current, dict) or not current.get("flash"):
        return []
    session = dict(current)
    messages = session.pop("flash", [])
    request.set_session(session)
    return [(category, message) for category, message in messages]
