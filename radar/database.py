"""The database engine chosen by DATABASE_URL, and the one transaction helper every service uses."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.querystring import QueryString

DEFAULT_DATABASE_URL = "sqlite:///var/radar.sqlite"
# How long a SQLite writer waits for another writer's lock before giving up (sqlite3's busy timeout). Writes are
# short, so a queue of writers drains well within it; "database is locked" would otherwise reach the user.
SQLITE_BUSY_TIMEOUT_SECONDS = 30.0


class DatabaseUrlError(ValueError):
    """DATABASE_URL cannot be understood; the message names the variable and says what is expected."""


@dataclass(frozen=True)
class DatabaseUrl:
    engine: str  # "sqlite" or "postgres"
    sqlite_path: Path | None = None
    postgres_dsn: str | None = None

    @property
    def is_postgres(self) -> bool:
        return self.engine == "postgres"


def parse_database_url(url: str) -> DatabaseUrl:
    """Parse `sqlite:///relative.db`, `sqlite:////absolute.db` or `postgresql://user@host:port/name`."""
    expected = "expected sqlite:///path/to/file.sqlite or postgresql://user:password@host:5432/database"
    if not url or not url.strip():
        raise DatabaseUrlError(f"DATABASE_URL is empty: {expected}")
    parts = urlsplit(url.strip())
    if parts.scheme == "sqlite":
        if parts.netloc or not parts.path.startswith("/") or len(parts.path) < 2:
            raise DatabaseUrlError(f"DATABASE_URL {url!r} is not a valid SQLite URL: {expected}")
        raw = unquote(parts.path[1:])  # sqlite:///var/x.db -> var/x.db ; sqlite:////tmp/x.db -> /tmp/x.db
        return DatabaseUrl(engine="sqlite", sqlite_path=Path(raw))
    if parts.scheme in ("postgresql", "postgres", "postgresql+asyncpg"):
        try:
            _ = parts.port  # raises on a non-numeric port
        except ValueError as error:
            raise DatabaseUrlError(f"DATABASE_URL {url!r} has an invalid port: {expected}") from error
        database = parts.path.lstrip("/")
        if not parts.hostname or not database or "/" in database:
            raise DatabaseUrlError(f"DATABASE_URL {url!r} needs a host and a database name: {expected}")
        dsn = f"postgresql://{parts.netloc}/{database}"
        if parts.query:
            dsn += f"?{parts.query}"
        return DatabaseUrl(engine="postgres", postgres_dsn=dsn)
    raise DatabaseUrlError(f"DATABASE_URL {url!r} has an unsupported scheme {parts.scheme!r}: {expected}")


def database_url_from_env() -> DatabaseUrl:
    return parse_database_url(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))


def engine_for(url: DatabaseUrl) -> Engine[Any]:
    if url.is_postgres:
        return PostgresEngine(config={"dsn": url.postgres_dsn}, log_queries=False)
    assert url.sqlite_path is not None
    url.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return SQLiteEngine(path=str(url.sqlite_path), timeout=SQLITE_BUSY_TIMEOUT_SECONDS)


_readers = threading.local()


def _sqlite_reader(path: str, timeout: float) -> sqlite3.Connection:
    """This thread's kept connection to `path` (autocommit: every read sees the latest commit)."""
    connections: dict[tuple[str, float], sqlite3.Connection] = _readers.__dict__.setdefault("connections", {})
    connection = connections.get((path, timeout))
    if connection is None:
        connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connections[(path, timeout)] = connection
    return connection


def _sqlite_rows(path: str, sql: str, timeout: float = SQLITE_BUSY_TIMEOUT_SECONDS) -> list[dict[str, Any]]:
    return [dict(row) for row in _sqlite_reader(path, timeout).execute(sql).fetchall()]


async def read_rows(engine: Engine[Any], sql: str) -> list[dict[str, Any]]:
    """The rows of one small read-only query that runs on every request (the data version). On SQLite, Piccolo
    opens a new connection, in a new thread, for each query. This one reads on a kept connection that never waits
    for a lock, right on the event loop (tens of microseconds, less than handing the query to a thread); only
    while another connection is committing (the lock is taken) does it wait, in the loop's default executor."""
    if isinstance(engine, SQLiteEngine):
        path = str(engine.connection_kwargs["database"])
        try:
            return _sqlite_rows(path, sql, timeout=0)
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
        return await asyncio.get_running_loop().run_in_executor(None, _sqlite_rows, path, sql)
    rows: list[dict[str, Any]] = await engine.run_querystring(QueryString(sql))
    return rows


def transaction(engine: Engine[Any]) -> Any:
    """A write transaction: IMMEDIATE on SQLite (read-then-write would otherwise hit "database is locked")."""
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


# PostgreSQL's "the server is going away or not there": admin_shutdown, crash_shutdown, cannot_connect_now, and
# the connection exception class (08xxx).
_UNAVAILABLE_SQLSTATES = ("57P01", "57P02", "57P03", "08")


def database_unavailable(error: BaseException) -> bool:
    """True when `error` (or what caused it) means the database cannot be reached right now — down, restarting,
    unreachable, or a SQLite lock held past the busy timeout — rather than a bug. The web layer answers 503."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ConnectionError | TimeoutError):
            return True
        if isinstance(current, OSError) and current.errno is not None:
            return True  # connect() refused, host unreachable, ...
        sqlstate = getattr(current, "sqlstate", None)
        if isinstance(sqlstate, str) and sqlstate.startswith(_UNAVAILABLE_SQLSTATES):
            return True
        name = type(current).__name__
        if name in ("ConnectionDoesNotExistError", "InterfaceError") and "connection" in str(current).lower():
            return True  # asyncpg: the pool handed out a connection the server has closed
        if name == "InternalClientError" and "cannot switch to state" in str(current):
            return True  # asyncpg: the server dropped the connection in the middle of a query (shutdown, crash)
        if name == "OperationalError" and "locked" in str(current).lower():
            return True  # sqlite3: another writer held the lock for longer than the busy timeout
        current = current.__cause__ or current.__context__
    return False


async def serialize(engine: Engine[Any], name: str) -> None:
    """Inside a write transaction: wait until no other transaction holds the lock called `name`, and hold it until
    this one ends. For check-then-insert work that several processes may run at once (e.g. the schedulers).
    PostgreSQL takes a transaction-level advisory lock; SQLite's IMMEDIATE transaction already serialises writers."""
    if isinstance(engine, PostgresEngine):
        from radar.tables import AuditEvent  # any table: raw SQL runs on the current transaction's connection

        await AuditEvent.raw("SELECT pg_advisory_xact_lock(hashtext({}))", name).run()
