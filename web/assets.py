"""Static assets: versioned URLs (so browsers may cache them for a year) and plotly.js served from this server,
never a CDN: the partial polar bundle built in web/plotly_bundle, and the full bundle of the plotly package."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from functools import cache
from pathlib import Path

import plotly
from markupsafe import Markup
from plotly.offline import get_plotlyjs_version

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"
PLOTLY_JS_VERSION: str = get_plotlyjs_version()
FULL_BUNDLE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PARTIAL_BUNDLE_NAME = f"plotly-radar-{PLOTLY_JS_VERSION}.min.js"


@cache
def static_url(path: str) -> str:
    """`/static/<path>?v=<content hash>`: the URL changes whenever the file does."""
    digest = hashlib.sha256((STATIC / path).read_bytes()).hexdigest()[:12]
    return f"/static/{path}?v={digest}"


@cache
def inline_stylesheet() -> Markup:
    """app.css for a <style> element: the radar page carries it, so that its first paint waits for no request (the
    stylesheet holds rendering back, and the page parses on meanwhile: a late one means laying out the whole page)."""
    text = (STATIC / "app.css").read_text(encoding="utf-8")
    assert "</style" not in text.lower() and "url(" not in text, "app.css cannot be inlined as it is"
    return Markup(text)  # noqa: S704  (our own stylesheet, checked above)


def plotly_url(full: bool = False) -> str:
    return (
        f"/static/vendor/plotly.min.js?v={PLOTLY_JS_VERSION}" if full else static_url(f"vendor/{PARTIAL_BUNDLE_NAME}")
    )


@cache
def vendor_file(name: str) -> tuple[bytes, bytes] | None:
    """(raw, gzipped) bytes of a vendored script, compressed once per process."""
    if name == "plotly.min.js":
        path = FULL_BUNDLE
    elif name == PARTIAL_BUNDLE_NAME:
        path = VENDOR / name
    else:
        return None
    raw = path.read_bytes()
    return raw, gzip.compress(raw, compresslevel=9, mtime=0)


async def compress_plotly_in_background() -> None:
    """At start-up: compress plotly.js in a worker thread, so that the first visitor's page does not wait for it."""
    asyncio.get_running_loop().run_in_executor(None, vendor_file, PARTIAL_BUNDLE_NAME)
