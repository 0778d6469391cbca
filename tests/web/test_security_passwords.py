"""Password hashing stays off the event loop, and only the test suite hashes with cheap parameters."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from radar import accounts
from tests.event_loop import ticks_during


def test_production_hashes_with_argon2s_recommended_cost() -> None:
    production = accounts.make_hasher("production")
    assert production.time_cost >= 3
    assert production.memory_cost >= 64 * 1024
    assert accounts.make_hasher("development").memory_cost == production.memory_cost
    assert accounts.make_hasher("test").memory_cost < production.memory_cost


def test_hashing_and_verifying_run_in_a_worker_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[int] = []
    real = accounts._hasher

    class Recording:
        def hash(self, password: str) -> str:
            threads.append(threading.get_ident())
            return real.hash(password)

        def verify(self, password_hash: str, password: str) -> Any:
            threads.append(threading.get_ident())
            return real.verify(password_hash, password)

    monkeypatch.setattr(accounts, "_hasher", Recording())

    async def scenario() -> tuple[int, bool, bool]:
        loop_thread = threading.get_ident()
        await accounts.create_user("ada", "Ada", "correct-horse-battery", ["architect"])
        good = await accounts.authenticate("ada", "correct-horse-battery") is not None
        bad = await accounts.authenticate("ada", "wrong-horse-battery") is not None
        return loop_thread, good, bad

    loop_thread, good, bad = asyncio.run(scenario())
    assert (good, bad) == (True, False)
    assert len(threads) == 3
    assert loop_thread not in threads


def test_the_event_loop_keeps_running_while_a_password_is_hashed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow hash (simulated: 0.3 s) must not stop a concurrent coroutine from ticking."""
    import time

    class Slow:
        def hash(self, password: str) -> str:
            time.sleep(0.3)
            return "x"

    monkeypatch.setattr(accounts, "_hasher", Slow())

    async def scenario() -> int:
        _, ticks = await ticks_during(accounts.hash_password("correct-horse-battery"))
        return ticks

    assert asyncio.run(scenario()) >= 10
