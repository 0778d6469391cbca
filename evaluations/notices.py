"""What a notification says and how it is signed: pure functions from an outbox message to a webhook body,
a Slack-compatible line, a mail, an HMAC signature and the retry schedule. No database, no network."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

# Webhook events a chair can subscribe to, with the label shown on the admin page.
EVENT_LABELS = {
    "edition.published": "Edition published",
    "ballot.opened": "Ballot opened",
    "ballot.closed": "Ballot closed",
    "decision.recorded": "Decision recorded",
    "review.due": "Review due",
}
# Topics that only ever become mail.
MAIL_ONLY_TOPICS = ("proposal.state_changed", "evaluator.assigned")
TOPICS = (*EVENT_LABELS, *MAIL_ONLY_TOPICS)

SIGNATURE_HEADER = "X-Radar-Signature"
TIMESTAMP_HEADER = "X-Radar-Timestamp"
EVENT_HEADER = "X-Radar-Event"
EVENT_ID_HEADER = "X-Radar-Event-Id"
DELIVERY_HEADER = "X-Radar-Delivery"

STATE_NAMES = {
    "draft": "Draft",
    "submitted": "Submitted",
    "needs_info": "Needs information",
    "evaluating": "Evaluating",
    "voting": "Voting",
    "approved": "Approved",
    "published": "Published",
    "declined": "Declined",
    "no_decision": "No decision",
    "withdrawn": "Withdrawn",
}


@dataclass(frozen=True)
class Message:
    """An outbox row as the deliverer reads it."""

    id: int
    topic: str
    payload: dict[str, Any]
    created_at: datetime


def _base(base_url: str) -> str:
    return base_url.rstrip("/")


def link_for(message: Message, base_url: str) -> str:
    """The page a reader of this notification should open."""
    p, base = message.payload, _base(base_url)
    if message.topic == "edition.published":
        return f"{base}/editions/{p.get('slug', '')}"
    if message.topic in ("ballot.opened", "ballot.closed"):
        return f"{base}/ballots/{p.get('ballot', '')}"
    if message.topic == "decision.recorded":
        ref = str(p.get("ref", ""))
        return (
            f"{base}/decisions/{int(ref[4:])}" if ref.startswith("ADR-") and ref[4:].isdigit() else f"{base}/decisions"
        )
    if message.topic == "review.due":
        return f"{base}/blips/{p.get('blip', '')}"
    if message.topic in MAIL_ONLY_TOPICS:
        return f"{base}/proposals/{p.get('number', '')}"
    return base + "/"


def summary_line(message: Message) -> str:
    """One plain sentence saying what happened (the Slack `text` without the link, and the mail subject)."""
    p, topic = message.payload, message.topic
    if topic == "edition.published":
        counts = p.get("movements", {})
        detail = ", ".join(
            f"{counts[key]} {label}"
            for key, label in (("new", "new"), ("moved_in", "moved in"), ("moved_out", "moved out"))
            if counts.get(key)
        )
        blips = f"{p.get('entries', 0)} blips" + (f": {detail}" if detail else "")
        return f"Radar edition {p.get('name', p.get('slug', ''))} published ({blips})"
    if topic == "ballot.opened":
        return (
            f"Ballot opened: {p.get('title', '')}, open until {str(p.get('closes_at', ''))[:16].replace('T', ' ')} UTC"
        )
    if topic == "ballot.closed":
        return f"Ballot closed: {p.get('title', '')} ({str(p.get('state', '')).replace('_', ' ')})"
    if topic == "decision.recorded":
        return f"{p.get('ref', '')} {p.get('status', '')}: {p.get('title', '')}"
    if topic == "review.due":
        when = "is overdue for review" if p.get("state") == "overdue" else "is due for review"
        return f"{p.get('name', p.get('blip', ''))} in {p.get('ring', '')} {when} (due {p.get('due_on', '')})"
    if topic == "proposal.state_changed":
        to = STATE_NAMES.get(str(p.get("to", "")), str(p.get("to", "")))
        return f"{p.get('ref', '')} {p.get('name', '')} is now {to}"
    if topic == "evaluator.assigned":
        return f"You are asked to evaluate {p.get('ref', '')} {p.get('name', '')}"
    return topic


def slack_text(message: Message, base_url: str) -> str:
    """Slack (and Mattermost, Teams workflows) show `text`: the sentence and a link in Slack's <url|label> form."""
    return f"{summary_line(message)} <{link_for(message, base_url)}|Open in Radar>"


def webhook_body(message: Message, base_url: str) -> bytes:
    """The JSON body a webhook receives; its bytes are what the signature covers."""
    body = {
        "id": str(message.id),
        "event": message.topic,
        "created_at": message.created_at.isoformat(),
        "text": slack_text(message, base_url),
        "url": link_for(message, base_url),
        "data": message.payload,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=` + hex HMAC-SHA256 of "<timestamp>.<body>" with the webhook's secret."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(secret: str, timestamp: str, body: bytes, header: str, now: int, tolerance: int = 300) -> bool:
    """What a receiver does: recompute, compare in constant time, refuse old timestamps (replays)."""
    if not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, int(timestamp), body), header)


def webhook_headers(message: Message, delivery_id: int, secret: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "Radar-Webhooks/1",
        EVENT_HEADER: message.topic,
        EVENT_ID_HEADER: str(message.id),
        DELIVERY_HEADER: str(delivery_id),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }


def retry_delay(attempts: int, base_seconds: int, cap_seconds: int = 3600) -> timedelta:
    """Exponential backoff after the `attempts`-th failed try: base, 2×base, 4×base … up to the cap."""
    return timedelta(seconds=min(cap_seconds, base_seconds * 2 ** max(0, attempts - 1)))


def delivered(status_code: int) -> bool:
    """Any 2xx is a delivery; everything else is retried."""
    return 200 <= status_code < 300


# Mail -------------------------------------------------------------------------------------------------------

MAIL_REASONS = {
    "ballot.opened": "You are a board member eligible to vote on this ballot.",
    "evaluator.assigned": "The chair assigned you to score this proposal.",
    "proposal.state_changed": "You proposed this.",
    "review.due": "You own this blip.",
}


def mail_for(message: Message, to: str, sender: str, base_url: str) -> EmailMessage:
    """The plain-text mail for one person: what happened, the page to open, and their work queue."""
    mail = EmailMessage()
    mail["Subject"] = f"[Radar] {summary_line(message)}"
    mail["From"] = sender
    mail["To"] = to
    mail["Message-ID"] = f"<radar-{message.id}-{hashlib.sha256(to.encode()).hexdigest()[:12]}@radar>"
    p = message.payload
    lines = [summary_line(message) + "."]
    if message.topic == "ballot.opened":
        lines.append(f"Cast your vote before {str(p.get('closes_at', ''))[:16].replace('T', ' ')} UTC.")
    if message.topic == "proposal.state_changed" and p.get("reason"):
        lines.append(f"Reason: {p['reason']}")
    if message.topic == "proposal.state_changed" and p.get("question"):
        lines.append(f"The chair asks: {p['question']}")
    lines += [
        "",
        f"Open it: {link_for(message, base_url)}",
        f"Everything waiting for you: {_base(base_url)}/work",
        "",
        f"-- \n{MAIL_REASONS.get(message.topic, '')}",
    ]
    mail.set_content("\n".join(lines) + "\n")
    return mail
