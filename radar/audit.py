"""The audit trail. Call `record` inside the transaction of the change it describes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from radar.tables import AuditEvent


def now() -> datetime:
    return datetime.now(UTC)


async def record(
    action: str,
    subject_type: str,
    subject: str,
    actor_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    await AuditEvent.insert(
        AuditEvent(
            at=now(),
            actor=actor_id,
            action=action,
            subject_type=subject_type,
            subject=subject,
            detail=detail or {},
        )
    ).run()
