"""Markdown is rendered when it is saved, never when a page is viewed, and a big Preview never holds the event
loop: while one user sends a 10 MB Preview (or the largest one allowed), /healthz answers in under 100 ms."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from radar import rendered_markdown
from radar.limits import MARKDOWN_MAX
from radar.tables import RenderedMarkdown
from tests.web.test_proposal_pages import _as, _create, _people

PASSWORD = "correct-horse-battery"
BLOCK = (
    "## Heading\n\nSome **bold** text, a [link](https://example.com) and `code`.\n\n- one\n- two\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
)


def big_markdown(size: int) -> str:
    return (BLOCK * (size // len(BLOCK) + 1))[:size]


def test_saved_markdown_is_rendered_once_and_views_only_read_it(
    client: TestClient[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _people()
    _as(client, "ada")
    context = big_markdown(MARKDOWN_MAX - 100)
    assert _create(client, context=context).status_code == 303
    digest = rendered_markdown.digest_of(context.strip())
    assert asyncio.run(RenderedMarkdown.count().where(RenderedMarkdown.digest == digest).run()) == 1

    async def no_rendering(text: str) -> str:
        raise AssertionError("a page view rendered Markdown")

    monkeypatch.setattr(rendered_markdown, "render_markdown_async", no_rendering)
    page = client.get("/proposals/1")  # would fail if the view rendered the Markdown instead of reading it
    assert page.status_code == 200
    assert "<h2>Heading</h2>" in page.text


@pytest.fixture(autouse=True)
def no_renderer_left_behind() -> Iterator[None]:
    yield
    rendered_markdown.stop_renderer()


def test_markdown_saved_without_html_is_rendered_off_the_loop_on_first_view_and_kept() -> None:
    from radar.markdown import render_markdown

    text = big_markdown(10_000)

    async def scenario() -> tuple[str, str, int]:
        first = await rendered_markdown.rendered_one(text)
        rows = await RenderedMarkdown.count().run()
        second = await rendered_markdown.rendered_one(text)
        return first, second, rows

    first, second, rows = asyncio.run(scenario())
    assert first == second == render_markdown(text)
    assert rows == 1


def test_html_stored_by_other_renderer_settings_is_ignored() -> None:
    """The key includes radar.markdown.RENDERER_VERSION: a row stored before single line breaks were kept (keyed
    by the source alone) is never shown; the text is rendered again with the current settings."""
    import hashlib

    from radar import audit
    from radar.markdown import render_markdown

    text = "First line\nsecond line"
    old_key = hashlib.sha256(text.encode()).hexdigest()
    assert rendered_markdown.digest_of(text) != old_key

    async def scenario() -> str:
        stale = RenderedMarkdown(digest=old_key, html="<p>First line\nsecond line</p>", created_at=audit.now())
        await RenderedMarkdown.insert(stale).run()
        return await rendered_markdown.rendered_one(text)

    html = asyncio.run(scenario())
    assert html == render_markdown(text)
    assert "<br" in html


def test_large_markdown_renders_in_another_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendering is pure Python: in a thread it would still hold the GIL, and with it the event loop."""
    from radar.markdown import render_markdown

    text = big_markdown(5_000)
    pids: list[int] = []

    async def scenario() -> str:
        pool = rendered_markdown._executor()
        pids.append(await asyncio.get_running_loop().run_in_executor(pool, os.getpid))
        return await rendered_markdown.render_markdown_async(text)

    try:
        assert asyncio.run(scenario()) == render_markdown(text)
    finally:
        rendered_markdown.stop_renderer()
    assert pids and os.getpid() not in pids


# -- a live server: the event loop stays free ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def live() -> Iterator[str]:
    if os.environ["DATABASE_URL"].startswith("postgres"):
        pytest.skip("the event-loop check does not depend on the database; it runs on SQLite")
    workdir = Path(tempfile.mkdtemp(prefix="radar-live-"))
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'live.sqlite'}",
        "RADAR_ENV": "test",
        "RADAR_PORT": str(port),
        "LOG_LEVEL": "warning",
        "BALLOT_CLOSE_INTERVAL": "0",
    }
    radar = [sys.executable, "-m", "web.cli"]
    subprocess.run([*radar, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run(
        [*radar, "create-user", "ada", "--role", "architect", "--password", PASSWORD],
        env=env,
        check=True,
        capture_output=True,
    )
    process = subprocess.Popen([*radar, "serve"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("radar serve did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def _signed_in(base: str) -> tuple[httpx.Client, str]:
    session = httpx.Client(base_url=base, timeout=60)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', session.get("/login").text)
    assert token
    response = session.post("/login", data={"username": "ada", "password": PASSWORD, "_csrf_token": token.group(1)})
    assert response.status_code in (200, 303)
    form = session.get("/proposals/new")
    token = re.search(r'name="_csrf_token" value="([^"]+)"', form.text)
    assert token
    return session, token.group(1)


PROBE = """
import sys, time, httpx
base, stop = sys.argv[1], sys.argv[2]
import os
with httpx.Client(base_url=base, timeout=5) as probe:
    while not os.path.exists(stop):
        started = time.perf_counter()
        assert probe.get("/healthz").status_code == 200
        print(time.perf_counter() - started, flush=True)
        time.sleep(0.02)
"""


class HealthProbe:
    """Asks /healthz every 20 ms from another process (so this one's work cannot delay it) and keeps the latencies."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.latencies: list[float] = []
        self.stop = Path(tempfile.mkdtemp(prefix="radar-probe-")) / "stop"

    def __enter__(self) -> HealthProbe:
        self.process = subprocess.Popen(
            [sys.executable, "-c", PROBE, self.base, str(self.stop)], stdout=subprocess.PIPE, text=True
        )
        time.sleep(0.5)
        return self

    def __exit__(self, *exc: object) -> None:
        time.sleep(0.2)
        self.stop.touch()
        out, _ = self.process.communicate(timeout=10)
        self.latencies = [float(line) for line in out.split()]
        self.latencies = self.latencies[2:]  # the first requests open the connection


def assert_healthz_fast(latencies: list[float]) -> None:
    """/healthz answers in under 100 ms while the big request runs. The test machine is shared (2 cores, several
    test suites at once), so one answer in ten may be late for reasons of its own; before the fix every answer
    during a preview waited for it (37 s for four 2 MB fields)."""
    assert len(latencies) >= 5
    ordered = sorted(latencies)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    print(
        f"healthz over {len(ordered)} requests: median {statistics.median(ordered) * 1000:.0f} ms, "
        f"p90 {p90 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms"
    )
    assert statistics.median(ordered) < 0.1, ordered
    assert p90 < 0.1, ordered


def _preview(session: httpx.Client, token: str, fields: dict[str, str], chunked: bool = False) -> httpx.Response:
    form = {
        "blip": "",
        "technology_name": "Temporal",
        "quadrant": "",
        "target_ring": "assess",
        "action": "preview",
        "_csrf_token": token,
        **fields,
    }
    body = str(httpx.QueryParams(form)).encode()
    headers = {"content-type": "application/x-www-form-urlencoded"}
    if chunked:

        def chunks() -> Iterator[bytes]:
            for start in range(0, len(body), 65536):
                yield body[start : start + 65536]

        return session.post("/proposals/new", content=chunks(), headers=headers)
    return session.post("/proposals/new", content=body, headers=headers)


@pytest.mark.parametrize("chunked", [False, True])
def test_a_10_mb_preview_gets_413_and_healthz_stays_fast(live: str, chunked: bool) -> None:
    session, token = _signed_in(live)
    context = big_markdown(10_000_000)
    with HealthProbe(live) as probe:
        response = _preview(session, token, {"context": context}, chunked=chunked)
    assert response.status_code == 413
    assert "Request too large" in response.text
    assert "content-security-policy" in response.headers
    assert_healthz_fast(probe.latencies)


def test_the_largest_allowed_preview_renders_off_the_event_loop(live: str) -> None:
    session, token = _signed_in(live)
    fields = {name: big_markdown(MARKDOWN_MAX) for name in ("context", "options", "scope", "exit_considerations")}
    with HealthProbe(live) as probe:
        started = time.perf_counter()
        response = _preview(session, token, fields)
        preview_seconds = time.perf_counter() - started
    assert response.status_code == 200
    assert response.text.count("<h2>Heading</h2>") > 100
    print(f"preview {preview_seconds:.2f} s; ", end="")
    assert_healthz_fast(probe.latencies)
