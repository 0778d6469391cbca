"""Webhooks the chair registers, and the delivery log they read. Each change is one transaction with its
audit event; secrets are generated here when not given, returned once, and never written to the audit trail."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from evaluations.notices import EVENT_LABELS, summary_line
from evaluations.notices import Message as NoticeMessage
from evaluations.tables import DELIVERY_STATES, Delivery, DeliveryAttempt, OutboxMessage, Webhook
from radar import audit
from radar.database import transaction
from radar.errors import NotFound, ValidationFailed

MIN_SECRET_LENGTH = 16


@dataclass(frozen=True)
class WebhookView:
    id: int
    name: str
    url: str
    events: list[str]
    active: bool
    created_at: datetime
    pending: int
    delivered: int
    dead: int

    @property
    def event_labels(self) -> list[str]:
        return [EVENT_LABELS.get(event, event) for event in self.events]


@dataclass(frozen=True)
class AttemptView:
    attempt: int
    at: datetime
    status_code: int | None
    error: str
    duration_ms: int
    worker: str


@dataclass(frozen=True)
class DeliveryView:
    id: int
    channel: str
    recipient: str
    webhook: str
    event: str
    event_id: int
    summary: str
    state: str
    attempts: int
    next_attempt_at: datetime
    last_status: int | None
    last_error: str
    created_at: datetime
    delivered_at: datetime | None
    log: list[AttemptView]


def validate_webhook(name: str, url: str, events: list[str], secret: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Name the receiver, e.g. “#architecture on Slack”."
    elif len(name.strip()) > 80:
        errors["name"] = "Use at most 80 characters."
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        errors["url"] = "Enter an http:// or https:// address."
    elif len(url.strip()) > 500:
        errors["url"] = "Use at most 500 characters."
    if not events:
        errors["events"] = "Choose at least one event."
    elif any(event not in EVENT_LABELS for event in events):
        errors["events"] = "Choose among the listed events."
    if secret and not MIN_SECRET_LENGTH <= len(secret) <= 128:
        errors["secret"] = f"Use {MIN_SECRET_LENGTH} to 128 characters, or leave it empty to have one generated."
    return errors


async def create_webhook(name: str, url: str, events: list[str], secret: str, actor_id: int | None) -> tuple[int, str]:
    """Register a receiver; returns its id and the signing secret (generated when none was given)."""
    errors = validate_webhook(name, url, events, secret)
    if errors:
        raise ValidationFailed(errors)
    secret = secret or f"whsec_{secrets.token_urlsafe(32)}"
    async with transaction(Webhook._meta.db):
        hook = Webhook(
            name=name.strip(),
            url=url.strip(),
            secret=secret,
            events=[event for event in EVENT_LABELS if event in events],
            active=True,
            created_at=audit.now(),
            created_by=actor_id,
        )
        await hook.save().run()
        await audit.record("webhook.create", "webhook", str(hook.id), actor_id, {"name": hook.name, "events": events})
    return int(hook.id), secret


async def update_webhook(webhook_id: int, events: list[str], active: bool, actor_id: int | None) -> None:
    """Change what a receiver gets, or pause it (a paused receiver gets no new deliveries)."""
    if not events or any(event not in EVENT_LABELS for event in events):
        raise ValidationFailed({"events": "Choose at least one of the listed events."})
    async with transaction(Webhook._meta.db):
        if not await Webhook.exists().where(Webhook.id == webhook_id).run():
            raise NotFound(f"webhook {webhook_id}")
        ordered = [event for event in EVENT_LABELS if event in events]
        await Webhook.update({Webhook.events: ordered, Webhook.active: active}).where(Webhook.id == webhook_id).run()
        await audit.record(
            "webhook.update", "webhook", str(webhook_id), actor_id, {"events": ordered, "active": active}
        )


async def delete_webhook(webhook_id: int, actor_id: int | None) -> None:
    """Remove a receiver with its deliveries and their log."""
    async with transaction(Webhook._meta.db):
        row = await Webhook.select(Webhook.name).where(Webhook.id == webhook_id).first().run()
        if row is None:
            raise NotFound(f"webhook {webhook_id}")
        await Webhook.delete().where(Webhook.id == webhook_id).run()
        await audit.record("webhook.delete", "webhook", str(webhook_id), actor_id, {"name": row["name"]})


async def list_webhooks() -> list[WebhookView]:
    counts: dict[tuple[int, str], int] = {}
    for row in await Delivery.select(Delivery.webhook, Delivery.state).where(Delivery.webhook.is_not_null()).run():
        key = (row["webhook"], row["state"])
        counts[key] = counts.get(key, 0) + 1
    hooks = await Webhook.select(exclude_secrets=True).order_by(Webhook.id).run()
    return [
        WebhookView(
            hook["id"],
            hook["name"],
            hook["url"],
            list(hook["events"] or []),
            hook["active"],
            hook["created_at"],
            counts.get((hook["id"], "pending"), 0),
            counts.get((hook["id"], "delivered"), 0),
            counts.get((hook["id"], "dead"), 0),
        )
        for hook in hooks
    ]


async def get_webhook(webhook_id: int) -> WebhookView:
    for hook in await list_webhooks():
        if hook.id == webhook_id:
            return hook
    raise NotFound(f"webhook {webhook_id}")


async def delivery_log(
    channel: str = "", state: str = "", webhook_id: int | None = None, limit: int = 100
) -> list[DeliveryView]:
    """The newest deliveries (webhook and mail) with every try, filtered by channel, state and webhook."""
    where: Any = Delivery.id > 0
    if channel in ("webhook", "email"):
        where &= Delivery.channel == channel
    if state in DELIVERY_STATES:
        where &= Delivery.state == state
    if webhook_id is not None:
        where &= Delivery.webhook == webhook_id
    rows = (
        await Delivery.select(
            *Delivery.all_columns(exclude=[Delivery.lease]),
            Delivery.webhook.name.as_alias("webhook_name"),
            Delivery.message.topic.as_alias("topic"),
            Delivery.message.payload.as_alias("payload"),
            Delivery.message.created_at.as_alias("message_created_at"),
        )
        .where(where)
        .order_by(Delivery.id, ascending=False)
        .limit(limit)
        .output(load_json=True)
        .run()
    )
    attempts: dict[int, list[AttemptView]] = {}
    if rows:
        for row in (
            await DeliveryAttempt.select()
            .where(DeliveryAttempt.delivery.is_in([row["id"] for row in rows]))
            .order_by(DeliveryAttempt.id)
            .run()
        ):
            attempts.setdefault(row["delivery"], []).append(
                AttemptView(
                    row["attempt"], row["at"], row["status_code"], row["error"], row["duration_ms"], row["worker"]
                )
            )
    return [
        DeliveryView(
            id=row["id"],
            channel=row["channel"],
            recipient=row["recipient"],
            webhook=row["webhook_name"] or "",
            event=row["topic"],
            event_id=row["message"],
            summary=summary_line(
                NoticeMessage(row["message"], row["topic"], dict(row["payload"] or {}), row["message_created_at"])
            ),
            state=row["state"],
            attempts=row["attempts"],
            next_attempt_at=row["next_attempt_at"],
            last_status=row["last_status"],
            last_error=row["last_error"],
            created_at=row["created_at"],
            delivered_at=row["delivered_at"],
            log=attempts.get(row["id"], []),
        )
        for row in rows
    ]


async def retry_delivery(delivery_id: int, actor_id: int | None, now: datetime | None = None) -> None:
    """Give a dead delivery another round of tries, starting now."""
    async with transaction(Delivery._meta.db):
        row = await Delivery.select(Delivery.state).where(Delivery.id == delivery_id).first().run()
        if row is None:
            raise NotFound(f"delivery {delivery_id}")
        if row["state"] != "dead":
            raise ValidationFailed({"delivery": "Only a dead delivery can be retried; this one is " + row["state"]})
        await (
            Delivery.update(
                {Delivery.state: "pending", Delivery.attempts: 0, Delivery.next_attempt_at: now or audit.now()}
            )
            .where(Delivery.id == delivery_id)
            .run()
        )
        await audit.record("delivery.retry", "delivery", str(delivery_id), actor_id)


async def outbox_backlog() -> int:
    """Messages not yet fanned out (shown on the log page: a growing number means no deliverer runs)."""
    return int(await OutboxMessage.count().where(OutboxMessage.delivered_at.is_null()).run())
