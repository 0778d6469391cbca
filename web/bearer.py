"""API tokens on the wire: `Authorization: Bearer radar_…` on /api authenticates as the token's user, limited
by its scope, and such a request needs no CSRF token (a browser never sends that header cross-site on its own).
Requests with the session cookie keep the CSRF check.
"""

from __future__ import annotations

from typing import Any

from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.middleware import ASGIMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from radar import tokens
from web.problems import is_api_path

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOKEN_AUTH = "radar_token_auth"  # noqa: S105  (a scope key: "ok" when a token authenticated, or "invalid")


def bearer_token(scope: Scope) -> str | None:
    """The token of an `Authorization: Bearer` header on an /api request, else None."""
    if not is_api_path(scope["path"]):  # a page such as /apiary/new keeps its CSRF check whatever it is sent
        return None
    header = Headers.from_scope(scope).get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


async def token_user(scope: Scope) -> tokens.TokenUser | None:
    """Authenticate the request's bearer token, noting the result in the scope; None when there is none."""
    token = bearer_token(scope)
    if token is None:
        return None
    found = await tokens.authenticate_token(token)
    scope[TOKEN_AUTH] = "ok" if found else "invalid"  # type: ignore[literal-required]
    return found


def check_token(connection: ASGIConnection[Any, Any, Any, Any], token_scope: str | None) -> None:
    """Refuse an unknown or revoked token (401), and a read token's attempt to write (403)."""
    if connection.scope.get(TOKEN_AUTH) == "invalid":
        raise NotAuthorizedException("The API token is unknown or revoked.")
    if token_scope == "read" and connection.scope.get("method") not in SAFE_METHODS:  # noqa: S105
        raise PermissionDeniedException("This API token is read-only; create a write token to change things.")


class CSRFUnlessTokenMiddleware(ASGIMiddleware):
    """Litestar's CSRF check for every request except those authenticated by an API token."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, config: CSRFConfig) -> None:
        self.config = config
        self._wrapped: dict[int, CSRFMiddleware] = {}

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope.get(TOKEN_AUTH) == "ok":
            await next_app(scope, receive, send)
            return
        csrf = self._wrapped.get(id(next_app))
        if csrf is None:
            csrf = self._wrapped[id(next_app)] = CSRFMiddleware(app=next_app, config=self.config)
        await csrf(scope, receive, send)
