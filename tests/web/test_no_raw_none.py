"""No rendered page shows a raw "None" where a value is missing: every page reachable by following links from
the start pages, with the demo data, as each demo role."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest

from seed.loader import demo_password
from tests.conftest import login
from web.settings import load_settings

START = ["/", "/work", "/proposals", "/proposals/mine", "/board", "/decisions", "/editions", "/editions/new"]
SKIP = re.compile(r"^/(static|schema|api|logout)|/export|\.zip$|\.(png|svg|csv|json)$")
LIMIT = 400
NONE = re.compile(r"\bNone\b(?! of)")  # "None of these moves ..." is English, not a missing value


class _Text(HTMLParser):
    """The page's visible text, input values and links (script and style contents left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        for name in ("value", "placeholder", "title", "aria-label", "alt"):
            if values.get(name):
                self.text.append(str(values[name]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _shape(path: str) -> str:
    """Pages that differ only in a number or slug count once per 12 (enough to meet every state)."""
    return re.sub(r"\d+", "N", path)


def _walk(client: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    queue = list(START)
    while queue and len(seen) < LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        parser = _Text()
        parser.feed(response.text)
        text = " ".join(parser.text)
        hits = [text[max(0, m.start() - 60) : m.end() + 60] for m in NONE.finditer(text)]
        if hits:
            found[path] = hits
        for link in parser.links:
            url = urlparse(urldefrag(link)[0])
            if url.scheme or url.netloc or not url.path.startswith("/") or SKIP.search(url.path):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            shape = _shape(url.path)
            if target not in seen and shapes.get(shape, 0) < 12:
                shapes[shape] = shapes.get(shape, 0) + 1
                queue.append(target)
    assert len(seen) > 20, f"the walk reached only {sorted(seen)}"
    return found


@pytest.mark.parametrize("username", ["viewer", "architect", "evaluator", "board", "chair"])
def test_no_page_shows_a_raw_none(client: Any, seeded: Any, username: str) -> None:
    if username != "viewer":
        login(client, username, demo_password(load_settings().secret_key, username))
    found = _walk(client)
    assert not found, f"raw None on pages as {username}: {found}"
