"""The deliverer: outbox messages become deliveries (one per webhook and per person to mail), and each
delivery is sent, logged, retried with exponential backoff, and given up as dead after N tries.

Safe with any number of workers (web processes' timers and `radar deliver` alike):
- a message is fanned out by whoever claims it: `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, the
  IMMEDIATE transaction on SQLite; its deliveries carry a unique key, so a message never fans out twice;
- a delivery is claimed the same way and leased (its next try moved past the lease, tagged with the
  worker's lease id) before it is sent outside any transaction; only the lease holder records the result.
A worker that dies mid-send leaves a lease that expires, and the delivery is tried again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from piccolo.engine.postgres import PostgresEngine

from evaluations import mailer, notices
from evaluations.mailer import SmtpConfig
from evaluations.notices import Message
from evaluations.tables import Delivery, DeliveryAttempt, OutboxMessage, Webhook
from radar import audit
from radar.database import transaction
from radar.tables import Blip, User

logger = logging.getLogger("radar.deliveries")


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


@dataclass(frozen=True)
class DeliveryConfig:
    base_url: str = "http://127.0.0.1:8000"  # links in bodies and mails
    smtp: SmtpConfig | None = None  # None: nobody is mailed, and no mail deliveries are created
    mail_from: str = "Radar <radar@localhost>"
    max_attempts: int = 8
    retry_base_seconds: int = 30
    lease_seconds: int = 300  # longer than any one send (HTTP timeout 10 s, SMTP 15 s)
    batch: int = 50
    http_timeout: float = 10.0
    concurrency: int = 8
    worker: str = field(default_factory=_worker_name)


@dataclass
class RunReport:
    messages: int = 0  # outbox messages fanned out
    created: int = 0  # deliveries created
    delivered: int = 0
    retried: int = 0  # failed tries that will be tried again
    dead: int = 0

    def add(self, other: RunReport) -> None:
        self.messages += other.messages
        self.created += other.created
        self.delivered += other.delivered
        self.retried += other.retried
        self.dead += other.dead

    def summary(self) -> str:
        return (
            f"{self.messages} message(s) fanned out into {self.created} delivery(ies); "
            f"{self.delivered} delivered, {self.retried} to retry, {self.dead} dead"
        )


def _engine() -> Any:
    return OutboxMessage._meta.db


def _is_postgres() -> bool:
    return isinstance(_engine(), PostgresEngine)


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        loaded: dict[str, Any] = json.loads(value or "{}")
        return loaded
    return dict(value or {})


# Fan-out ----------------------------------------------------------------------------------------------------


async def _users_by_id(ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    rows: list[dict[str, Any]] = (
        await User.select(User.id, User.email, User.active).where(User.id.is_in(sorted(set(ids)))).run()
    )
    return rows


async def _owner_of(blip_slug: str) -> list[dict[str, Any]]:
    """The people a blip's free-text owner names: matched on username, mail address or display name."""
    blip = await Blip.select(Blip.owner).where(Blip.slug == blip_slug).first().run()
    owner = (blip or {}).get("owner", "").strip().lower()
    if not owner:
        return []
    rows = await User.select(User.id, User.email, User.active, User.username, User.display_name).run()
    return [
        row for row in rows if owner in (row["username"].lower(), row["email"].lower(), row["display_name"].lower())
    ]


async def mail_recipients(message: Message) -> list[str]:
    """The mail addresses a message goes to: only the people whose role needs it, active and with an address."""
    p = message.payload
    people: list[dict[str, Any]] = []
    if message.topic == "ballot.opened":
        people = await _users_by_id([int(i) for i in p.get("members", [])])
    elif message.topic == "evaluator.assigned":
        people = await _users_by_id([int(i) for i in p.get("evaluators", [])])
    elif message.topic == "proposal.state_changed":
        if p.get("proposer") and p.get("proposer") != p.get("actor"):
            people = await _users_by_id([int(p["proposer"])])
    elif message.topic == "review.due":
        people = await _owner_of(str(p.get("blip", "")))
    return sorted({row["email"].strip() for row in people if row["active"] and "@" in row["email"]})


async def _claim_messages(batch: int) -> list[Message]:
    if _is_postgres():
        rows = await OutboxMessage.raw(
            "SELECT id, topic, payload, created_at FROM outbox_message WHERE delivered_at IS NULL "
            "ORDER BY id LIMIT {} FOR UPDATE SKIP LOCKED",
            batch,
        ).run()
    else:
        rows = (
            await OutboxMessage.select(
                OutboxMessage.id, OutboxMessage.topic, OutboxMessage.payload, OutboxMessage.created_at
            )
            .where(OutboxMessage.delivered_at.is_null())
            .order_by(OutboxMessage.id)
            .limit(batch)
            .run()
        )
    return [Message(row["id"], row["topic"], _json(row["payload"]), row["created_at"]) for row in rows]


async def fan_out(config: DeliveryConfig, now: datetime | None = None) -> RunReport:
    """Turn undelivered outbox messages into deliveries, in one transaction per batch."""
    now = now or audit.now()
    report = RunReport()
    async with transaction(_engine()):
        messages = await _claim_messages(config.batch)
        if not messages:
            return report
        hooks = await Webhook.select(Webhook.id, Webhook.url, Webhook.events).where(Webhook.active == True).run()  # noqa: E712
        rows: list[Delivery] = []
        for message in messages:
            for hook in hooks:
                if message.topic in (hook["events"] or []):
                    rows.append(_delivery(message, "webhook", hook["url"], f"{message.id}:webhook:{hook['id']}", now))
                    rows[-1].webhook = hook["id"]
            if config.smtp is not None:
                for address in await mail_recipients(message):
                    rows.append(_delivery(message, "email", address, f"{message.id}:email:{address.lower()}", now))
        for row in rows:
            await Delivery.insert(row).on_conflict(target=Delivery.dedupe_key, action="DO NOTHING").run()
        await (
            OutboxMessage.update({OutboxMessage.delivered_at: now, OutboxMessage.attempts: OutboxMessage.attempts + 1})
            .where(OutboxMessage.id.is_in([message.id for message in messages]))
            .run()
        )
    report.messages, report.created = len(messages), len(rows)
    return report


def _delivery(message: Message, channel: str, recipient: str, key: str, now: datetime) -> Delivery:
    return Delivery(
        message=message.id,
        channel=channel,
        recipient=recipient[:500],
        dedupe_key=key[:200],
        state="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


# Sending ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    id: int
    channel: str
    recipient: str
    attempts: int  # including this one
    lease: str
    message: Message
    secret: str


async def claim_due(config: DeliveryConfig, now: datetime | None = None) -> list[Claimed]:
    """Lease up to a batch of due deliveries to this worker; nobody else can take them until the lease ends."""
    now = now or audit.now()
    lease = f"{config.worker[:28]}:{uuid.uuid4().hex[:11]}"
    async with transaction(_engine()):
        if _is_postgres():
            rows = await Delivery.raw(
                "SELECT id FROM delivery WHERE state = 'pending' AND next_attempt_at <= {} "
                "ORDER BY next_attempt_at, id LIMIT {} FOR UPDATE SKIP LOCKED",
                now,
                config.batch,
            ).run()
        else:
            rows = (
                await Delivery.select(Delivery.id)
                .where((Delivery.state == "pending") & (Delivery.next_attempt_at <= now))
                .order_by(Delivery.next_attempt_at)
                .order_by(Delivery.id)
                .limit(config.batch)
                .run()
            )
        ids = [row["id"] for row in rows]
        if not ids:
            return []
        await (
            Delivery.update(
                {
                    Delivery.lease: lease,
                    Delivery.attempts: Delivery.attempts + 1,
                    Delivery.next_attempt_at: now + timedelta(seconds=config.lease_seconds),
                }
            )
            .where(Delivery.id.is_in(ids))
            .run()
        )
    deliveries = (
        await Delivery.select(
            Delivery.id,
            Delivery.channel,
            Delivery.recipient,
            Delivery.attempts,
            Delivery.webhook,
            Delivery.message.id.as_alias("message_id"),
            Delivery.message.topic.as_alias("topic"),
            Delivery.message.payload.as_alias("payload"),
            Delivery.message.created_at.as_alias("message_created_at"),
        )
        .where(Delivery.id.is_in(ids) & (Delivery.lease == lease))
        .order_by(Delivery.id)
        .run()
    )
    hook_ids = sorted({row["webhook"] for row in deliveries if row["webhook"]})
    secrets = (
        {
            row["id"]: row["secret"]
            for row in await Webhook.select(Webhook.id, Webhook.secret).where(Webhook.id.is_in(hook_ids)).run()
        }
        if hook_ids
        else {}
    )
    return [
        Claimed(
            id=row["id"],
            channel=row["channel"],
            recipient=row["recipient"],
            attempts=row["attempts"],
            lease=lease,
            message=Message(row["message_id"], row["topic"], _json(row["payload"]), row["message_created_at"]),
            secret=secrets.get(row["webhook"], ""),
        )
        for row in deliveries
    ]


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None
    error: str
    duration_ms: int


async def _send_webhook(claimed: Claimed, config: DeliveryConfig, client: httpx.AsyncClient) -> Outcome:
    body = notices.webhook_body(claimed.message, config.base_url)
    headers = notices.webhook_headers(claimed.message, claimed.id, claimed.secret, int(time.time()), body)
    started = time.perf_counter()
    try:
        response = await client.post(claimed.recipient, content=body, headers=headers)
    except httpx.HTTPError as error:
        # The exception text can carry the URL (Slack's URLs are secrets themselves): keep only its kind.
        return Outcome(False, None, f"{type(error).__name__}: could not reach the receiver", _ms(started))
    ok = notices.delivered(response.status_code)
    problem = "" if ok else f"HTTP {response.status_code}: {response.text[:300]}"
    return Outcome(ok, response.status_code, problem, _ms(started))


async def _send_mail(claimed: Claimed, config: DeliveryConfig) -> Outcome:
    started = time.perf_counter()
    if config.smtp is None:
        return Outcome(False, None, "SMTP_URL is not set", 0)
    mail = notices.mail_for(claimed.message, claimed.recipient, config.mail_from, config.base_url)
    try:
        await mailer.send_mail(config.smtp, mail)
    except Exception as failure:  # smtplib and socket errors alike are logged and retried
        return Outcome(False, None, f"{type(failure).__name__}: {str(failure)[:300]}", _ms(started))
    return Outcome(True, 250, "", _ms(started))


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


async def _finish(claimed: Claimed, outcome: Outcome, config: DeliveryConfig, now: datetime) -> str:
    """Log the try and move the delivery on: delivered, retried later, or dead. Returns the state after."""
    values: dict[Any, Any]
    if outcome.ok:
        state, values = "delivered", {Delivery.state: "delivered", Delivery.delivered_at: now}
    elif claimed.attempts >= config.max_attempts:
        state, values = "dead", {Delivery.state: "dead"}
    else:
        delay = notices.retry_delay(claimed.attempts, config.retry_base_seconds)
        state, values = "retry", {Delivery.next_attempt_at: now + delay}
    values.update({Delivery.lease: "", Delivery.last_status: outcome.status_code, Delivery.last_error: outcome.error})
    async with transaction(_engine()):
        await DeliveryAttempt.insert(
            DeliveryAttempt(
                delivery=claimed.id,
                attempt=claimed.attempts,
                at=now,
                status_code=outcome.status_code,
                error=outcome.error,
                duration_ms=outcome.duration_ms,
                worker=config.worker,
            )
        ).run()
        await Delivery.update(values).where((Delivery.id == claimed.id) & (Delivery.lease == claimed.lease)).run()
    if state == "dead":
        logger.warning("delivery %s (%s) is dead after %d tries", claimed.id, claimed.channel, claimed.attempts)
    return state


async def deliver_due(
    config: DeliveryConfig, client: httpx.AsyncClient | None = None, now: datetime | None = None
) -> RunReport:
    """Send every due delivery once (batch by batch) and record each outcome."""
    report = RunReport()
    own_client = client is None
    client = client or httpx.AsyncClient(timeout=config.http_timeout, follow_redirects=False)
    limit = asyncio.Semaphore(config.concurrency)

    async def one(claimed: Claimed) -> str:
        async with limit:
            if claimed.channel == "webhook":
                outcome = await _send_webhook(claimed, config, client)
            else:
                outcome = await _send_mail(claimed, config)
            return await _finish(claimed, outcome, config, now or audit.now())

    try:
        while True:
            batch = await claim_due(config, now)
            if not batch:
                break
            for state in await asyncio.gather(*(one(claimed) for claimed in batch)):
                if state == "delivered":
                    report.delivered += 1
                elif state == "dead":
                    report.dead += 1
                else:
                    report.retried += 1
            if now is not None:  # a fixed clock would hand back the retried ones at once
                break
    finally:
        if own_client:
            await client.aclose()
    return report


async def run_once(
    config: DeliveryConfig, client: httpx.AsyncClient | None = None, now: datetime | None = None
) -> RunReport:
    """Fan out every waiting message, then send every due delivery."""
    report = RunReport()
    while True:
        part = await fan_out(config, now)
        report.add(part)
        if part.messages < config.batch:
            break
    report.add(await deliver_due(config, client, now))
    return report


def host_of(url: str) -> str:
    """The receiver's host, for logs and lists (the full URL may itself be a secret)."""
    return urlsplit(url).hostname or "?"
