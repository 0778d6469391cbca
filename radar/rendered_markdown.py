"""Markdown rendered when it is saved, and read back by pages.

Rendering is slow (a third of a second for 20,000 characters) and pure Python, so it holds the GIL: in a thread
it would still starve the event loop. Large input is rendered in a separate worker process. `store_rendered`
renders Markdown when it is saved into RenderedMarkdown, keyed by the SHA-256 of the renderer version
(radar.markdown.RENDERER_VERSION) and the source (so every process shares it, and the same text saved twice, a
proposal's context copied into its decision record, is rendered once); `rendered` reads it back, rendering what
is missing (saved before, by other renderer settings, or by a writer that did not store it) the same way.
Previews, which are never stored, use `render_markdown_async`.
"""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
from collections.abc import Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from radar import audit
from radar.markdown import RENDERER_VERSION, render_markdown
from radar.tables import RenderedMarkdown

INLINE_MAX = 2_000  # shorter text renders in a few milliseconds: not worth a trip to another process
_pool: Executor | None = None


def _executor() -> Executor:
    global _pool
    if _pool is None:
        # spawn, not fork: the server process has threads (asyncio's, the database driver's).
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def stop_renderer() -> None:
    """Stop the worker process (the app calls this on shutdown); the next render starts a new one."""
    global _pool
    pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def digest_of(text: str) -> str:
    """The key of a text's stored HTML: the renderer's version and the text, so that HTML rendered by other
    settings (rows stored before single line breaks were kept) is ignored and rendered again."""
    return hashlib.sha256(f"{RENDERER_VERSION}\n{text}".encode()).hexdigest()


async def render_markdown_async(text: str) -> str:
    """render_markdown off the event loop: inline for short text, else in the worker process."""
    global _pool
    if len(text) <= INLINE_MAX:
        return render_markdown(text)
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(_executor(), render_markdown, text)
    except BrokenProcessPool:  # the worker died (killed, out of memory): start a new one next time
        _pool = None
        return await loop.run_in_executor(_executor(), render_markdown, text)


async def _store(found: dict[str, str], missing: dict[str, str]) -> None:
    for digest, text in missing.items():
        html = await render_markdown_async(text)
        found[text] = html
        await (
            RenderedMarkdown.insert(RenderedMarkdown(digest=digest, html=html, created_at=audit.now()))
            .on_conflict(target=RenderedMarkdown.digest, action="DO NOTHING")
            .run()
        )


async def rendered(texts: Iterable[str]) -> dict[str, str]:
    """{markdown: html} for each text: stored HTML where there is some, else rendered off the loop and stored."""
    texts = list(texts)
    wanted = {digest_of(text): text for text in texts if text and text.strip()}
    found: dict[str, str] = {}
    if wanted:
        rows = await (
            RenderedMarkdown.select(RenderedMarkdown.digest, RenderedMarkdown.html)
            .where(RenderedMarkdown.digest.is_in(list(wanted)))
            .run()
        )
        for row in rows:
            found[wanted[row["digest"]]] = row["html"]
        await _store(found, {digest: text for digest, text in wanted.items() if text not in found})
    return {text: found.get(text, "") for text in texts}


async def rendered_one(text: str) -> str:
    return (await rendered([text]))[text]


async def store_rendered(*texts: str) -> None:
    """Render and keep the HTML of Markdown just saved, so that no page view has to render it."""
    await rendered(texts)
