"""Bind the CSRF token to the session, and rotate it at sign-in and sign-out.

Litestar's CSRF middleware checks that the form's token matches the `csrftoken` cookie (double submit). On its own
that token belongs to the browser, not to the session: one planted by someone else, or one issued before sign-in,
would keep working. This middleware runs before it, records the token in the (signed) session cookie, and drops a
`csrftoken` cookie that is not the one recorded, so Litestar issues a new one on the next page and refuses a form
that carries the old one.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Empty, Message, Receive, Scope, Send
from litestar.utils.empty import value_or_default
from litestar.utils.scope.state import ScopeState

CSRF_COOKIE = "csrftoken"
SESSION_KEY = "csrf"
_ROTATE = "radar.csrf_rotate"


def rotate_csrf_token(scope: Scope) -> None:
    """Forget this session's CSRF token: the response expires the cookie and the next page gets a new token."""
    scope[_ROTATE] = True  # type: ignore[literal-required]


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope["headers"]:
        if key == b"cookie":
            parsed: SimpleCookie = SimpleCookie()
            try:
                parsed.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header carries no token we issued
                return None
            if name in parsed:
                return parsed[name].value
    return None


def _drop_cookie(scope: Scope, name: str) -> None:
    """Remove one cookie from the request as the rest of the app will see it."""
    headers = []
    for key, value in scope["headers"]:
        if key == b"cookie":
            kept = [part for part in value.split(b";") if part.strip().split(b"=", 1)[0] != name.encode()]
            if not kept:
                continue
            value = b";".join(kept).strip()
        headers.append((key, value))
    scope["headers"] = headers
    state = ScopeState.from_scope(scope)
    state.cookies = Empty
    state.headers = Empty


class CsrfSessionMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        session = scope.get("session")
        bound = session.get(SESSION_KEY) if isinstance(session, dict) else None
        cookie = _cookie(scope, CSRF_COOKIE)
        if cookie is not None and cookie != bound:
            _drop_cookie(scope, CSRF_COOKIE)

        async def send_binding(message: Message) -> None:
            if message["type"] == "http.response.start":
                current: Any = scope.get("session")
                if scope.get(_ROTATE):
                    if isinstance(current, dict):
                        current.pop(SESSION_KEY, None)
                    headers = MutableScopeHeaders.from_message(message)
                    headers.add("set-cookie", f"{CSRF_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=lax")
                else:
                    token = value_or_default(ScopeState.from_scope(scope).csrf_token, None)
                    if isinstance(token, str) and token:
                        if isinstance(current, dict):
                            current[SESSION_KEY] = token
                        else:
                            scope["session"] = {SESSION_KEY: token}
            await send(message)

        await next_app(scope, receive, send_binding)
