"""Static assets: versioned URLs (so browsers may cache them for a year) and plotly.js served from this server,
never a CDN: the partial polar bundle built in web/plotly_bundle, and the full bundle of the plotly package."""

from __future__ import annotations

import gzip
import hashlib
from functools import cache
from pathlib import Path

import plotly
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
