"""The one writer of outbox rows. Call `announce` inside the transaction of the change it announces, so a
notification exists exactly when its change committed; the deliverer (evaluations/deliveries.py) sends it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from evaluations.notices import TOPICS
from evaluations.tables import OutboxMessage
from radar import audit


async def announce(topic: str, payload: dict[str, Any], now: datetime | None = None) -> None:
    if topic not in TOPICS:
        raise ValueError(f"unknown outbox topic {topic!r}")
    await OutboxMessage.insert(OutboxMessage(topic=topic, payload=payload, created_at=now or audit.now())).run()


async def proposal_state_changed(
    proposal: dict[str, Any], to: str, actor_id: int | None, now: datetime | None = None, **extra: Any
) -> None:
    """`proposal.state_changed` for a proposal row (before the change): the proposer hears of it unless they made it."""
    await announce(
        "proposal.state_changed",
        {
            "ref": f"P-{proposal['number']:04d}",
            "number": proposal["number"],
            "name": proposal["technology_name"],
            "from": proposal["state"],
            "to": to,
            "proposer": proposal["proposer"],
            "actor": actor_id,
            **{key: value for key, value in extra.items() if value},
        },
        now,
    )
