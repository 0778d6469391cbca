"""Real `radar serve` processes for tests that need them (API fuzzing, faults, several processes): a scratch
database of the engine under test, a free port, the demo data when asked, and signed-in HTTP clients."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

RADAR = [sys.executable, "-m", "web.cli"]
SECRET = "live-secret-key-0123456789abcdef0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def server_url(database_url: str) -> str:
    """postgresql://user@host:port/db -> postgresql://user@host:port"""
    return database_url.rsplit("/", 1)[0]


@contextlib.contextmanager
def scratch_database(postgres_server: str | None = None, sqlite: bool = False) -> Iterator[str]:
    """A DATABASE_URL nobody else uses: a new database on the PostgreSQL server under test (or `postgres_server`),
    else (or when `sqlite`) a SQLite file in a temporary directory. Removed afterwards."""
    if not sqlite and (postgres_server or on_postgres()):
        from tests.postgres import _run

        server = postgres_server or server_url(os.environ["DATABASE_URL"])
        name = f"radar_live_{uuid.uuid4().hex[:12]}"
        asyncio.run(_run("create", server, name))
        try:
            yield f"{server}/{name}"
        finally:
            asyncio.run(_run("drop", server, name))
    else:
        workdir = Path(tempfile.mkdtemp(prefix="radar-live-"))
        try:
            yield f"sqlite:///{workdir / 'live.sqlite'}"
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


def environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RADAR_ENV": "development",
        "SECRET_KEY": SECRET,
        "LOG_LEVEL": "warning",
        "DB_POOL_SIZE": "5",
        "PICCOLO_CONF": "radar.piccolo_conf",
    }
    env.update(extra)
    return env


def prepare(env: dict[str, str], seed: bool = True) -> dict[str, str]:
    """Migrate, and seed the demo data when asked; returns the demo logins (username -> password)."""
    subprocess.run([*RADAR, "migrate"], env=env, check=True, capture_output=True)
    if not seed:
        return {}
    seeded = subprocess.run([*RADAR, "seed", "--print-logins"], env=env, check=True, capture_output=True, text=True)
    return {
        parts[0]: parts[1]
        for parts in (line.split() for line in seeded.stdout.splitlines() if line.startswith("  "))
        if len(parts) >= 2
    }


class Server:
    """One `radar serve` process (uvicorn, `workers` worker processes) on a free port."""

    def __init__(self, env: dict[str, str], workers: int = 1, port: int | None = None) -> None:
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "RADAR_PORT": str(self.port)}
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None
        self.log = Path(tempfile.mkstemp(prefix="radar-serve-", suffix=".log")[1])

    def start(self, timeout: float = 30) -> Server:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*RADAR, "serve", "--workers", str(self.workers)], env=self.env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"radar serve exited: {self.log.read_text()[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base}/readyz", timeout=1).status_code == 200:
                    return self
            time.sleep(0.1)
        raise RuntimeError(f"radar serve did not become ready: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.log.unlink(missing_ok=True)


CSRF_INPUT = re.compile(r'name="_csrf_token" value="([^"]+)"')
NEW_TOKEN = re.compile(r'<code class="break" id="new-token">([^<]+)</code>')


def signed_in(base: str, username: str, password: str, **client_options: Any) -> httpx.Client:
    """An HTTP client signed in as `username`; its `csrf` header for API writes is set."""
    client = httpx.Client(base_url=base, timeout=client_options.pop("timeout", 10), **client_options)
    page = client.get("/login")
    token = CSRF_INPUT.search(page.text)
    assert token, "no CSRF field on /login"
    response = client.post("/login", data={"username": username, "password": password, "_csrf_token": token.group(1)})
    assert response.status_code in (200, 303) and "Sign out" in client.get("/").text, f"cannot sign in as {username}"
    client.headers["x-csrftoken"] = client.cookies.get("csrftoken", "")
    return client


def api_token(client: httpx.Client, scope: str, name: str = "script") -> str:
    """A new API token of a signed-in client's user, made on /account/tokens as a person makes one (shown once)."""
    form = CSRF_INPUT.search(client.get("/account/tokens").text)
    assert form, "no CSRF field on /account/tokens"
    response = client.post("/account/tokens", data={"name": name, "scope": scope, "_csrf_token": form.group(1)})
    token = NEW_TOKEN.search(response.text)
    assert response.status_code == 200 and token, f"no new token shown: {response.status_code}"
    return token.group(1)


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own (initdb + pg_ctl as the `postgres` OS user, in a temporary
    directory, on a free port), so that a test may stop and start it. The shared server is never touched."""

    def __init__(self) -> None:
        import glob

        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
        self.bindir = Path(versions[-1]) if versions else None
        self.port = free_port()
        self.root: Path | None = None

    @staticmethod
    def unavailable_reason() -> str | None:
        import pwd

        if not sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
            return "no initdb under /usr/lib/postgresql/*/bin"
        if os.geteuid() != 0 or shutil.which("runuser") is None:
            return "needs root and runuser to run PostgreSQL as the postgres user"
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "no postgres OS user"
        return None

    def _as_postgres(self, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *command], check=check, capture_output=True, text=True, timeout=60
        )

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}"

    def __enter__(self) -> PrivatePostgres:
        import pwd

        assert self.bindir is not None
        self.root = Path(tempfile.mkdtemp(prefix="radar-pg-"))
        user = pwd.getpwnam("postgres")
        os.chown(self.root, user.pw_uid, user.pw_gid)
        self._as_postgres(
            str(self.bindir / "initdb"), "-D", str(self.root / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        self.start()
        return self

    def start(self) -> None:
        assert self.root is not None and self.bindir is not None
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root}"
        self._as_postgres(
            str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-l", str(self.root / "log"), "-o", options,
            "-w", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        assert self.root is not None and self.bindir is not None
        self._as_postgres(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", mode, "-w", "stop")

    def create_database(self, name: str) -> str:
        from tests.postgres import _run

        asyncio.run(_run("create", self.url, name))
        return f"{self.url}/{name}"

    def __exit__(self, *exc: object) -> None:
        if self.root is None:
            return
        assert self.bindir is not None
        self._as_postgres(
            str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop", check=False
        )
        shutil.rmtree(self.root, ignore_errors=True)


class Load:
    """A bounded load: `workers` threads, each sending GETs of `paths` in turn with a pause between them, recording
    every status (or the exception's name) with the time it was sent."""

    def __init__(self, base: str, paths: list[str], workers: int = 3, pause: float = 0.05) -> None:
        import threading

        self.base, self.paths, self.pause = base, paths, pause
        self.results: list[tuple[float, str, str | int]] = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(index,), daemon=True) for index in range(workers)]

    def _run(self, index: int) -> None:
        with httpx.Client(base_url=self.base, timeout=10) as client:
            turn = index
            while not self.stopping.is_set():
                path = self.paths[turn % len(self.paths)]
                turn += 1
                sent = time.monotonic()
                try:
                    status: str | int = client.get(path).status_code
                except httpx.HTTPError as error:
                    status = type(error).__name__
                self.results.append((sent, path, status))
                time.sleep(self.pause)

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=15)
