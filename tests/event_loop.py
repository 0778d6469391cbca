"""A check that the event loop stays free while something is awaited."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


async def ticks_during(awaitable: Awaitable[T]) -> tuple[T, int]:
    """The result of `awaitable`, and how many times a coroutine that ticks every 10 ms ran meanwhile: about 10
    per 0.1 s when the loop stayed free, 0 when the awaitable blocked it."""
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    try:
        result = await awaitable
    finally:
        task.cancel()
    return result, ticks
