"""The audit trail: `record` writes one event inside the transaction of the change it describes; `search` reads
them back for the chair's audit page and API, filtered by who, what, object and date, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from radar.tables import AuditEvent, User

SYSTEM_ACTOR = "system"  # the actor filter's value for events written by the scheduler, the seed or an import


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


@dataclass(frozen=True)
class AuditFilter:
    """Every field empty means "any". `actor` is a username or SYSTEM_ACTOR; dates are inclusive (UTC days)."""

    actor: str = ""
    action: str = ""
    subject_type: str = ""
    subject: str = ""
    since: date | None = None
    until: date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.actor or self.action or self.subject_type or self.subject or self.since or self.until)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str | None  # username; None for the system
    actor_name: str | None
    action: str
    subject_type: str
    subject: str
    detail: dict[str, Any]


def parse_filter(
    actor: str = "", action: str = "", subject_type: str = "", subject: str = "", since: str = "", until: str = ""
) -> tuple[AuditFilter, dict[str, str]]:
    """The filter from query strings, and an error per field that cannot be understood (that field is ignored)."""
    errors: dict[str, str] = {}
    dates: dict[str, date | None] = {"since": None, "until": None}
    for name, text in (("since", since), ("until", until)):
        if text.strip():
            try:
                dates[name] = date.fromisoformat(text.strip())
            except ValueError:
                errors[name] = "Enter a date as YYYY-MM-DD."
    if dates["since"] and dates["until"] and dates["since"] > dates["until"]:
        errors["until"] = "The end date is before the start date."
        dates["until"] = None
    for name, text, limit in (("actor", actor, 64), ("action", action, 64), ("subject", subject, 120)):
        if len(text) > limit:
            errors[name] = f"Use at most {limit} characters."
    if len(subject_type) > 32:
        errors["subject_type"] = "Use at most 32 characters."
    clean = AuditFilter(
        actor=actor.strip()[:64] if "actor" not in errors else "",
        action=action.strip() if "action" not in errors else "",
        subject_type=subject_type.strip() if "subject_type" not in errors else "",
        subject=subject.strip() if "subject" not in errors else "",
        since=dates["since"],
        until=dates["until"],
    )
    return clean, errors


async def _where(filters: AuditFilter) -> Any:
    """The filter as a Piccolo condition; None when it matches everything."""
    conditions: list[Any] = []
    if filters.actor == SYSTEM_ACTOR:
        conditions.append(AuditEvent.actor.is_null())
    elif filters.actor:
        conditions.append(AuditEvent.actor.username == filters.actor.lower())
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.subject_type:
        conditions.append(AuditEvent.subject_type == filters.subject_type)
    if filters.subject:
        conditions.append(AuditEvent.subject == filters.subject)
    if filters.since:
        conditions.append(AuditEvent.at >= datetime.combine(filters.since, time.min, tzinfo=UTC))
    if filters.until:
        conditions.append(AuditEvent.at < datetime.combine(filters.until + timedelta(days=1), time.min, tzinfo=UTC))
    where = None
    for condition in conditions:
        where = condition if where is None else where & condition
    return where


async def search(filters: AuditFilter, limit: int = 50, offset: int = 0) -> tuple[list[AuditEntry], int]:
    """One page of matching events, newest first, and how many match in all."""
    where = await _where(filters)
    query = AuditEvent.select(
        AuditEvent.id,
        AuditEvent.at,
        AuditEvent.actor.username.as_alias("actor_username"),
        AuditEvent.actor.display_name.as_alias("actor_name"),
        AuditEvent.action,
        AuditEvent.subject_type,
        AuditEvent.subject,
        AuditEvent.detail,
    )
    count = AuditEvent.count()
    if where is not None:
        query = query.where(where)
        count = count.where(where)
    query = query.order_by(AuditEvent.at, AuditEvent.id, ascending=False).limit(limit).offset(offset)
    rows = await query.output(load_json=True).run()
    total = int(await count.run())
    return [_entry(row) for row in rows], total


def _entry(row: dict[str, Any]) -> AuditEntry:
    detail = row["detail"]
    at = row["at"]
    if isinstance(at, datetime) and at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return AuditEntry(
        id=int(row["id"]),
        at=at,
        actor=row["actor_username"],
        actor_name=row["actor_name"],
        action=row["action"],
        subject_type=row["subject_type"],
        subject=row["subject"],
        detail=detail if isinstance(detail, dict) else {"value": detail},
    )


async def choices() -> dict[str, list[str]]:
    """The values the filters offer: actions and object types seen so far, and every username."""
    actions = await AuditEvent.select(AuditEvent.action).distinct().order_by(AuditEvent.action).run()
    types = await AuditEvent.select(AuditEvent.subject_type).distinct().order_by(AuditEvent.subject_type).run()
    users = await User.select(User.username).order_by(User.username).run()
    return {
        "actions": [row["action"] for row in actions],
        "subject_types": [row["subject_type"] for row in types],
        "actors": [row["username"] for row in users],
    }
