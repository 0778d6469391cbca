"""HTTP caching for the published radar: ETags derived from the data version, 304 on revalidation, and a small
in-process cache of radar views keyed by that version (safe with several workers: a key never goes stale)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from litestar import Request, Response
from litestar.status_codes import HTTP_304_NOT_MODIFIED

T = TypeVar("T")
_views: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
MAX_VIEWS = 64  # radar views and rendered page bodies (~0.3 MB each at 500 blips), per data version and URL
PRIVATE = "private, no-cache"  # pages carry the visitor's name and CSRF token: revalidate, never share
PUBLIC = "public, no-cache"


async def cached_view(key: tuple[Any, ...], build: Callable[[], Awaitable[T]]) -> T:
    """The view for `key` (which must include the data version), built at most once per process."""
    if key in _views:
        _views.move_to_end(key)
        return _views[key]  # type: ignore[no-any-return]
    value = await build()
    _views[key] = value
    if len(_views) > MAX_VIEWS:
        _views.popitem(last=False)
    return value


def clear_view_cache() -> None:
    _views.clear()


def etag_for(request: Request[Any, Any, Any], version: str, personal: bool) -> str | None:
    """A strong ETag for this URL at this data version; personal pages also depend on the visitor and their
    CSRF cookie. Pages with a pending flash message get none."""
    session = request.scope.get("session")
    if personal and isinstance(session, dict) and session.get("flash"):
        return None
    parts = [version, request.url.path, request.url.query]
    if personal:
        user = request.scope.get("user")
        parts += [str(getattr(user, "id", "")), request.cookies.get("csrftoken", "")]
    return '"' + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32] + '"'


def not_modified(request: Request[Any, Any, Any], etag: str | None, cache_control: str) -> Response[Any] | None:
    if etag and etag in request.headers.get("if-none-match", ""):
        return Response(b"", status_code=HTTP_304_NOT_MODIFIED, headers={"ETag": etag, "Cache-Control": cache_control})
    return None


def cache_headers(etag: str | None, cache_control: str) -> dict[str, str]:
    headers = {"Cache-Control": cache_control, "Vary": "Accept-Encoding, Cookie"}
    if etag:
        headers["ETag"] = etag
    return headers
