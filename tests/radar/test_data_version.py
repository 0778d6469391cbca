"""The data version every radar request reads: on SQLite it is read on the event loop without waiting for a lock,
and only while another connection holds the lock does it wait, in a thread, with the loop free meanwhile."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from typing import Any

import pytest

from radar import blips
from radar.tables import AuditEvent
from tests.conftest import ENGINE
from tests.event_loop import ticks_during

pytestmark = pytest.mark.skipif(ENGINE != "sqlite", reason="SQLite's locks and kept reader connections")


def _database_path() -> str:
    return str(AuditEvent._meta.db.connection_kwargs["database"])


def test_an_unlocked_read_takes_no_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    async def read() -> str:
        loop = asyncio.get_running_loop()

        def no_thread(*args: Any) -> Any:
            raise AssertionError("the data version went to a thread although nothing held the lock")

        monkeypatch.setattr(loop, "run_in_executor", no_thread)
        return await blips.data_version()

    assert asyncio.run(read()) == asyncio.run(read())


def test_a_read_during_a_commit_waits_in_a_thread_and_sees_the_commit() -> None:
    async def read_while_locked() -> tuple[str, str, float, int]:
        before = await blips.data_version()
        writer = sqlite3.connect(_database_path(), isolation_level=None, check_same_thread=False)
        writer.execute("BEGIN EXCLUSIVE")
        writer.execute(
            "INSERT INTO audit_event (at, actor, action, subject_type, subject, detail) "
            "VALUES ('2026-12-05 00:00:00', NULL, 'test.lock', 'test', '0', '{}')"
        )
        threading.Timer(0.3, writer.commit).start()
        start = time.perf_counter()
        after, ticks = await ticks_during(blips.data_version())
        waited = time.perf_counter() - start
        writer.close()
        return before, after, waited, ticks

    before, after, waited, ticks = asyncio.run(read_while_locked())
    assert waited >= 0.25, "the read did not wait for the lock"
    assert ticks >= 10, "the event loop was blocked while the read waited"
    assert after != before, "the read after the commit did not see it"
