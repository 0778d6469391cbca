"""The in-process view cache freezes what it keeps out of the collector's way, but never garbage with it."""

from __future__ import annotations

import asyncio
import gc
import weakref

from web import caching


class Node:
    """An object in a reference cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


def _cycle() -> weakref.ref[Node]:
    return weakref.ref(Node())


def test_garbage_left_before_a_view_is_cached_is_not_frozen_with_it() -> None:
    caching.clear_view_cache()
    try:
        garbage = _cycle()

        async def build() -> str:
            return "view"

        assert asyncio.run(caching.cached_view(("test-caching", 1), build)) == "view"
        gc.collect()
        assert garbage() is None, "a cycle that was garbage when the view was cached is kept for ever"
    finally:
        caching.clear_view_cache()
        gc.unfreeze()


def test_an_evicted_views_cycles_are_freed() -> None:
    caching.clear_view_cache()
    try:

        async def build_cycle() -> Node:
            return Node()

        first = weakref.ref(asyncio.run(caching.cached_view(("test-caching", 0), build_cycle)))

        async def build() -> str:
            return "view"

        for index in range(1, caching.MAX_VIEWS + 1):  # the first view is evicted by the last of these
            asyncio.run(caching.cached_view(("test-caching", index), build))
        gc.collect()
        assert first() is None, "an evicted view in a cycle stays frozen for ever"
    finally:
        caching.clear_view_cache()
        gc.unfreeze()
