"""The in-process scheduler: every BALLOT_CLOSE_INTERVAL seconds it closes ballots whose deadline has passed
and announces blips newly due for review (an outbox message each, for the webhook).

Safe with several workers, each running its own: `close_due` claims every ballot with
`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL and inside an IMMEDIATE transaction on SQLite, and re-checks
that it is still open, so a ballot is closed once. `radar close-due` does the same from cron.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from evaluations import ballots, board, deliveries
from evaluations.deliveries import DeliveryConfig
from radar import audit, throttle

logger = logging.getLogger("radar.scheduler")


class BallotScheduler:
    task_name = "radar-ballot-scheduler"
    failure = "closing due ballots failed"

    def __init__(self, interval_seconds: int) -> None:
        self.interval = interval_seconds
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self.interval > 0 and not self._running_here():
            self.task = asyncio.create_task(self._run(), name=self.task_name)

    async def stop(self) -> None:
        task, self.task = self.task, None
        if task is None:
            return
        task.cancel()
        # An app started again on another event loop (test clients do that) cannot await the old task.
        if task.get_loop() is asyncio.get_running_loop():
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _running_here(self) -> bool:
        return self.task is not None and not self.task.done() and self.task.get_loop() is asyncio.get_running_loop()

    async def tick(self) -> list[int]:
        """Close due ballots, then announce newly due reviews (outbox `review.due`)."""
        closed = await ballots.close_due()
        if closed:
            logger.info("closed or extended ballots %s", closed)
        announced = await board.announce_due_reviews()
        if announced:
            logger.info("announced %d due reviews", announced)
        await throttle.forget_before(audit.now() - timedelta(days=1))
        return closed

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.tick()
            except Exception:  # keep the loop alive; the next tick retries
                logger.exception(self.failure)


class DeliveryScheduler(BallotScheduler):
    """Every DELIVERY_INTERVAL seconds: fan new outbox messages out and send due deliveries
    (evaluations/deliveries.py claims each row, so every worker may run one)."""

    task_name = "radar-deliverer"
    failure = "delivering notifications failed"

    def __init__(self, interval_seconds: int, config: DeliveryConfig) -> None:
        super().__init__(interval_seconds)
        self.config = config

    async def tick(self) -> list[int]:
        report = await deliveries.run_once(self.config)
        if report.messages or report.delivered or report.retried or report.dead:
            logger.info("deliveries: %s", report.summary())
        return []
