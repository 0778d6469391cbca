"""Browser tests: a real `radar serve` on a fresh seeded SQLite database, driven by Playwright in Debian's
chromium (never a downloaded browser). Screenshots go to $RADAR_ARTIFACTS (default test-artifacts/)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = os.environ.get("RADAR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("RADAR_ARTIFACTS", "test-artifacts"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_server(seed: bool = True, env_extra: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
    """`radar serve` on a fresh SQLite database (seeded with the demo radar unless `seed` is False) on a free
    port; yields its base URL, the demo logins, the environment and the working directory."""
    workdir = Path(tempfile.mkdtemp(prefix="radar-e2e-"))
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'e2e.sqlite'}",
        "RADAR_ENV": "development",
        "RADAR_PORT": str(port),
        "LOG_LEVEL": "warning",
        "SECRET_KEY": "e2e-secret-key-0123456789abcdef012345",
        **(env_extra or {}),
    }
    radar = [sys.executable, "-m", "web.cli"]
    subprocess.run([*radar, "migrate"], env=env, check=True, capture_output=True)
    logins = {}
    if seed:
        seeded = subprocess.run([*radar, "seed"], env=env, check=True, capture_output=True, text=True)
        for line in seeded.stdout.splitlines():
            parts = line.split()
            if len(parts) >= 2 and line.startswith("  "):
                logins[parts[0]] = parts[1]
    process = subprocess.Popen([*radar, "serve"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("radar serve did not become ready")
        yield {"base": base, "logins": logins, "env": env, "workdir": workdir, "database": workdir / "e2e.sqlite"}
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def server() -> Iterator[dict[str, Any]]:
    """The seeded app on a free port, shared by the browser tests; yields its base URL and the demo logins."""
    with running_server() as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("RADAR_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


# A full-page capture does not scroll: parts that `content-visibility: auto` skips while off-screen (the radar
# table) would come out blank. They are drawn for the capture, as a reader scrolling to them sees them.
DRAW_SKIPPED = """visible => {
  for (const node of document.querySelectorAll('*')) {
    if (visible && getComputedStyle(node).contentVisibility === 'auto') {
      node.style.contentVisibility = 'visible'; node.dataset.drawnForCapture = '';
    } else if (!visible && 'drawnForCapture' in node.dataset) {
      node.style.contentVisibility = ''; delete node.dataset.drawnForCapture;
    }
  }
}"""


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate(DRAW_SKIPPED, True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.evaluate(DRAW_SKIPPED, False)


def sign_in(page: Any, server: dict[str, Any], username: str, password: str | None = None) -> None:
    """Sign in through the login form, as a fresh visitor; people with something to do land on /work."""
    page.context.clear_cookies()
    page.goto(server["base"] + "/login")
    page.fill("#f-username", username)
    page.fill("#f-password", password if password is not None else server["logins"][username])
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/(work)?$"))
