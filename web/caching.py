"""HTTP caching for the published radar: ETags derived from the data version, 304 on revalidation, and a small
in-process cache of radar views and whole response bodies (raw and gzipped) keyed by that version and by what
else changes the content (the URL, and whether the visitor is signed in). Safe with several workers: a key never
goes stale, since every change moves the version."""

from __future__ import annotations

import gc
import gzip
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from litestar import Request, Response
from litestar.response import Template
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
        gc.unfreeze()  # what the evicted view held may be cycles: the collector must see it again
    # A cached view is thousands of long-lived objects: frozen, out of the collector's way, a full collection no
    # longer walks them (a pause that was most of the p99 under load). Collect first, so that no garbage (a cycle
    # left by this or an earlier request) is frozen with them and kept for the life of the process.
    gc.collect()
    gc.freeze()
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


@dataclass(frozen=True)
class Body:
    """A response body kept raw and gzipped, so that a cached page costs neither rendering nor compression."""

    raw: bytes
    gzipped: bytes

    @classmethod
    def of(cls, text: str | bytes) -> Body:
        raw = text.encode() if isinstance(text, str) else text
        return cls(raw, gzip.compress(raw, compresslevel=6, mtime=0))


async def cached_body(key: tuple[Any, ...], build: Callable[[], Awaitable[str | bytes]]) -> Body:
    """The body for `key` (which must include the data version), rendered and compressed once per process."""

    async def make() -> Body:
        return Body.of(await build())

    return await cached_view(("body", *key), make)


def body_response(
    request: Request[Any, Any, Any], body: Body, media_type: str, headers: dict[str, str]
) -> Response[bytes]:
    """Send `body` gzipped when the client takes it (handlers using this opt out of the compression middleware)."""
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(body.gzipped, media_type=media_type, headers={**headers, "Content-Encoding": "gzip"})
    return Response(body.raw, media_type=media_type, headers=headers)


def render_page(request: Request[Any, Any, Any], template_name: str, context: dict[str, Any]) -> str:
    """A page rendered here rather than by the response, so that it can be cached or compressed by `Body`."""
    engine = request.app.template_engine
    assert engine is not None
    full = Template(template_name=template_name, context=context).create_template_context(request)
    return str(engine.get_template(template_name).render(**full))


def shared_page(request: Request[Any, Any, Any]) -> bool:
    """Whether this visitor sees the same page as every other anonymous visitor: signed out, no flash message."""
    user = request.scope.get("user")
    session = request.scope.get("session")
    pending = isinstance(session, dict) and bool(session.get("flash"))
    return getattr(user, "id", None) is None and not pending
