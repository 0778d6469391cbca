"""One decoding layer in front of every route: what no handler can use is refused with a 4xx here, before any
form parser, JSON decoder or database sees it.

- Integer path parameters must fit the database's integer columns (32-bit on PostgreSQL): 404 otherwise.
- Bodies are read once, up to the size limit (413 beyond it), and handed on unchanged.
- Form and JSON bodies must be UTF-8 and carry no NUL character (PostgreSQL refuses NUL in text): 400.
- JSON may nest at most JSON_MAX_DEPTH deep, and its numbers must be finite and fit 64 bits: 400.
- Multipart bodies are refused (415) except on routes that declare `opt={"uploads": True}` (the chair's import),
  which Litestar parses under that route's own `request_max_body_size`.
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import unquote_to_bytes

from litestar.enums import ScopeType
from litestar.exceptions import ClientException, HTTPException, NotFoundException
from litestar.middleware import ASGIMiddleware
from litestar.status_codes import HTTP_413_REQUEST_ENTITY_TOO_LARGE, HTTP_415_UNSUPPORTED_MEDIA_TYPE
from litestar.types import ASGIApp, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from radar.limits import INT_MAX, INT_MIN

JSON_MAX_DEPTH = 32
BIGINT = 2**63
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class BadInput(ClientException):
    """400 with a reason the client can act on."""


def check_path_params(params: dict[str, Any]) -> None:
    for value in params.values():
        if isinstance(value, int) and not isinstance(value, bool) and not INT_MIN <= value <= INT_MAX:
            raise NotFoundException("There is nothing at this address.")


def _text(raw: bytes, what: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadInput(f"The {what} is not valid UTF-8 text.") from error
    if "\x00" in text:
        raise BadInput(f"The {what} contains a NUL character, which no field may hold.")
    return text


def check_form(body: bytes) -> None:
    """Every name and value of a URL-encoded form decodes as UTF-8 text without NUL."""
    for pair in body.split(b"&"):
        if not pair:
            continue
        name, _, value = pair.partition(b"=")
        _text(unquote_to_bytes(name.replace(b"+", b" ")), "form")
        _text(unquote_to_bytes(value.replace(b"+", b" ")), "form")


def _refuse_constant(name: str) -> Any:
    raise BadInput(f"JSON numbers must be finite; {name} is not accepted.")


def _check_json_value(value: Any) -> None:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > JSON_MAX_DEPTH:
                raise BadInput(f"The JSON body nests deeper than {JSON_MAX_DEPTH} levels.")
            if isinstance(item, dict):
                for key in item:
                    if "\x00" in key:
                        raise BadInput("The JSON body contains a NUL character, which no field may hold.")
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            if "\x00" in item:
                raise BadInput("The JSON body contains a NUL character, which no field may hold.")
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise BadInput("JSON numbers must be finite.")
        elif isinstance(item, int) and not isinstance(item, bool) and not -BIGINT <= item < BIGINT:
            raise BadInput("A JSON number is out of range.")


def check_json(body: bytes) -> None:
    text = _text(body, "JSON body")
    if not text.strip():
        return
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError as error:
        raise BadInput(f"The JSON body nests deeper than {JSON_MAX_DEPTH} levels.") from error
    except json.JSONDecodeError as error:
        raise BadInput(f"The body is not valid JSON: {error.msg} at line {error.lineno}.") from error
    _check_json_value(value)


def _content_type(scope: Scope) -> str:
    for key, value in scope["headers"]:
        if key == b"content-type":
            return value.decode("latin-1").split(";", 1)[0].strip().lower()
    return ""


def _content_length(scope: Scope) -> int | None:
    for key, value in scope["headers"]:
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                raise BadInput("The Content-Length header is not a number.") from None
    return None


class InputGuardMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(self, max_body_bytes: int) -> None:
        self.max_body_bytes = max_body_bytes

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        check_path_params(scope.get("path_params") or {})
        if scope.get("method") not in BODY_METHODS:
            await next_app(scope, receive, send)
            return
        content_type = _content_type(scope)
        handler = scope.get("route_handler")
        if content_type.startswith("multipart/"):
            if handler is not None and handler.opt.get("uploads"):
                await next_app(scope, receive, send)
                return
            raise HTTPException(
                status_code=HTTP_415_UNSUPPORTED_MEDIA_TYPE,
                detail="Send this form as application/x-www-form-urlencoded; this address takes no uploads.",
            )
        limit = self.max_body_bytes
        if handler is not None and hasattr(handler, "resolve_request_max_body_size"):
            limit = handler.resolve_request_max_body_size() or limit
        body = await self._read_body(scope, receive, limit)
        if content_type == "application/x-www-form-urlencoded":
            check_form(body)
        elif content_type == "application/json" or content_type.endswith("+json"):
            check_json(body)
        # Handlers read the body from the scope state; anything reading the raw stream gets it replayed.
        ScopeState.from_scope(scope).body = body
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await next_app(scope, replay, send)

    async def _read_body(self, scope: Scope, receive: Receive, limit: int) -> bytes:
        too_large = HTTPException(
            status_code=HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            detail=f"The request is larger than this server accepts ({limit // 1024} KiB at most).",
        )
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            raise too_large
        chunks: list[bytes] = []
        size = 0
        while True:
            message: dict[str, Any] = dict(await receive())
            if message["type"] == "http.disconnect":
                break
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)
