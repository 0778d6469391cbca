"""Who is asking, and may they: the user middleware, the route guard and the session helpers.

Every route handler declares `opt={"access": ...}`: "public", "signed_in", or a role from radar.tables.ROLES.
A handler without it is refused (deny by default) and `check_route_access` fails start-up.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from litestar import Litestar, Request
from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from radar import accounts
from radar.accounts import ROLE_LABELS
from radar.tables import ROLES
from web import bearer
from web.csrf import rotate_csrf_token

ACCESS_LEVELS = ("public", "signed_in", *ROLES)
PUBLIC = {"access": "public"}
SIGNED_IN = {"access": "signed_in"}
CHAIR = {"access": "chair"}
# Routes that Litestar registers itself (the OpenAPI documentation) are public.
FRAMEWORK_PUBLIC_PREFIXES = ("/schema",)


@dataclass(frozen=True)
class CurrentUser:
    id: int | None
    username: str
    display_name: str
    roles: frozenset[str]
    token_scope: str | None = None  # "read" or "write" when signed in by an API token (web/bearer.py)

    @property
    def is_authenticated(self) -> bool:
        return self.id is not None

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def role_labels(self) -> list[str]:
        return [ROLE_LABELS[role] for role in ROLES if role in self.roles] or ["Viewer"]


ANONYMOUS = CurrentUser(id=None, username="", display_name="Guest", roles=frozenset())


SESSION_USER_KEYS = ("user_id", "pw", "sv", "iat", "seen")


@dataclass(frozen=True)
class SessionLifetime:
    idle_seconds: int
    max_seconds: int


class UserMiddleware(ASGIMiddleware):
    """Load the signed-in user named by the session cookie into `scope["user"]` (anonymous otherwise).

    The cookie is signed, but a copy of it stays valid only while the user's session version in the database is the
    one it carries (sign-out and password changes raise it), it was used within the idle time, and it is younger
    than the absolute lifetime. Its last-used time is refreshed on every request.
    """

    scopes = (ScopeType.HTTP,)

    def __init__(self, lifetime: SessionLifetime) -> None:
        self.lifetime = lifetime

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        session = scope.get("session")
        by_token = await _user_from_token(scope)
        if by_token is not None:
            scope["user"] = by_token
            await next_app(scope, receive, send)
            return
        if isinstance(session, dict) and "user_id" in session:
            user = await _user_from_session(session, self.lifetime, int(time.time()))
            if user.is_authenticated:
                session["seen"] = int(time.time())
            else:
                for key in SESSION_USER_KEYS:
                    session.pop(key, None)
            scope["user"] = user
        else:
            scope["user"] = ANONYMOUS
        await next_app(scope, receive, send)


async def _user_from_token(scope: Scope) -> CurrentUser | None:
    """The user of an API token (`Authorization: Bearer` on /api), acting with their roles within its scope."""
    found = await bearer.token_user(scope)
    if found is None:
        # A refused token never falls back to the session: the guard answers 401 (bearer.check_token).
        return ANONYMOUS if scope.get(bearer.TOKEN_AUTH) == "invalid" else None
    account = found.account
    return CurrentUser(account.id, account.username, account.display_name, account.roles, token_scope=found.scope)


async def _user_from_session(session: dict[str, Any], lifetime: SessionLifetime, now: int) -> CurrentUser:
    user_id, issued, seen = session.get("user_id"), session.get("iat"), session.get("seen")
    if not isinstance(user_id, int) or not isinstance(issued, int) or not isinstance(seen, int):
        return ANONYMOUS
    if now - issued > lifetime.max_seconds or now - seen > lifetime.idle_seconds:
        return ANONYMOUS
    account = await accounts.get_account(user_id)
    # Sign-out, a password change or deactivation ends every session of that user, every copy of the cookie too.
    if (
        account is None
        or not account.active
        or account.password_fingerprint != session.get("pw")
        or account.session_version != session.get("sv")
    ):
        return ANONYMOUS
    return CurrentUser(account.id, account.username, account.display_name, account.roles)


def sign_in(request: Request[Any, Any, Any], account: accounts.Account) -> None:
    """A new session (never the one the visitor came with), and a new CSRF token with it."""
    now = int(time.time())
    request.clear_session()
    request.set_session(
        {
            "user_id": account.id,
            "pw": account.password_fingerprint,
            "sv": account.session_version,
            "iat": now,
            "seen": now,
        }
    )
    rotate_csrf_token(request.scope)


async def sign_out(request: Request[Any, Any, Any]) -> None:
    """End this user's sessions everywhere: the cookie in this browser and any copy of it."""
    user = current_user(request)
    if user.id is not None:
        await accounts.end_sessions(user.id)
    request.clear_session()
    rotate_csrf_token(request.scope)


def current_user(connection: ASGIConnection[Any, Any, Any, Any]) -> CurrentUser:
    user = connection.scope.get("user")
    return user if isinstance(user, CurrentUser) else ANONYMOUS


async def authorize(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """The app-wide guard: the handler's declared access level against the current user's roles. Async although it
    awaits nothing: Litestar runs a sync guard in a worker thread, a thread hop on every request."""
    access = handler.opt.get("access")
    if access is None and connection.scope["path"].startswith(FRAMEWORK_PUBLIC_PREFIXES):
        return
    if access not in ACCESS_LEVELS:
        raise PermissionDeniedException("This route declares no access level.")
    bearer.check_token(connection, current_user(connection).token_scope)
    if access == "public":
        return
    user = current_user(connection)
    if not user.is_authenticated:
        raise NotAuthorizedException("Sign in to continue.")
    if access != "signed_in" and not user.has(access):
        raise PermissionDeniedException(f"This needs the {ROLE_LABELS[access]} role.")


def check_route_access(app: Litestar) -> None:
    """Fail start-up if any route of ours forgot to declare its access level."""
    missing = [
        f"{route.path} ({handler.handler_name})"
        for route in app.routes
        for handler in getattr(route, "route_handlers", [])
        if handler.opt.get("access") not in ACCESS_LEVELS and not route.path.startswith(FRAMEWORK_PUBLIC_PREFIXES)
    ]
    if missing:
        raise RuntimeError(f"Routes without an access level: {', '.join(missing)}")
