"""Tests own their database: DATABASE_URL picks the engine (SQLite file by default), migrations build the
schema once per run, and every test starts from empty tables."""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="radar-tests-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_TMP / 'test.sqlite'}")
os.environ["RADAR_ENV"] = "test"
os.environ["SECRET_KEY"] = "test-secret-key-0123456789abcdef0123456789"
os.environ["DB_POOL_SIZE"] = "0"
os.environ["PICCOLO_CONF"] = "radar.piccolo_conf"

from litestar.testing import TestClient  # noqa: E402
from piccolo.apps.migrations.tables import Migration  # noqa: E402
from piccolo.conf.apps import Finder  # noqa: E402
from piccolo.table import Table  # noqa: E402

from web.app import create_app  # noqa: E402
from web.caching import clear_view_cache  # noqa: E402
from web.settings import load_settings  # noqa: E402

ENGINE = "postgres" if os.environ["DATABASE_URL"].startswith("postgres") else "sqlite"
CSRF_INPUT = re.compile(r'name="_csrf_token" value="([^"]+)"')


def all_tables() -> list[type[Table]]:
    """Our tables, parents before children."""
    return list(Finder().get_table_classes())


def _sorted_tables() -> list[type[Table]]:
    from piccolo.table import sort_table_classes

    return sort_table_classes(all_tables())


async def _reset_schema() -> None:
    from web.cli import migrate

    for table in reversed(_sorted_tables()):
        await table.alter().drop_table(if_exists=True, cascade=ENGINE == "postgres").run()
    await Migration.alter().drop_table(if_exists=True).run()
    await migrate()


async def _empty_tables() -> None:
    tables = _sorted_tables()
    if ENGINE == "postgres":
        names = ", ".join(f'"{table._meta.tablename}"' for table in tables)
        await tables[0].raw(f"TRUNCATE {names} RESTART IDENTITY CASCADE").run()
    else:
        for table in reversed(tables):
            await table.delete(force=True).run()


@pytest.fixture(scope="session", autouse=True)
def database_schema() -> None:
    asyncio.run(_reset_schema())


@pytest.fixture(autouse=True)
def empty_database(request: pytest.FixtureRequest, database_schema: None) -> None:
    # Browser tests drive their own server and database (and Playwright holds the event loop).
    if request.node.get_closest_marker("e2e") is None:
        asyncio.run(_empty_tables())
        clear_view_cache()  # emptied tables restart their ids, so a data version could repeat


@pytest.fixture
def seeded() -> Any:
    from seed.loader import load_demo_data

    return asyncio.run(load_demo_data(load_settings().secret_key))


@pytest.fixture
def client() -> Iterator[TestClient[Any]]:
    with TestClient(app=create_app(load_settings())) as test_client:
        yield test_client


def csrf_token(client: TestClient[Any], path: str) -> str:
    """The CSRF token of the form on `path` (a GET also sets the csrftoken cookie)."""
    response = client.get(path)
    match = CSRF_INPUT.search(response.text)
    assert match, f"no CSRF field on {path}"
    return match.group(1)


def login(client: TestClient[Any], username: str, password: str) -> Any:
    token = csrf_token(client, "/login")
    return client.post(
        "/login", data={"username": username, "password": password, "_csrf_token": token}, follow_redirects=False
    )


def make_user(username: str, roles: list[str], password: str = "correct-horse-battery") -> int:
    from radar import accounts

    account = asyncio.run(accounts.create_user(username, username.title(), password, roles))
    return account.id
