"""Sending mail through the SMTP server named by SMTP_URL (stdlib smtplib, run in a worker thread)."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

TRUE = ("1", "true", "yes", "on")


class SmtpUrlError(ValueError):
    """SMTP_URL cannot be understood; the message says what is expected."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str = ""
    password: str = ""
    starttls: bool = False
    implicit_tls: bool = False  # smtps://
    timeout: float = 15.0

    def __repr__(self) -> str:  # never print the password
        return f"SmtpConfig(host={self.host!r}, port={self.port}, username={self.username!r}, starttls={self.starttls})"


def parse_smtp_url(url: str) -> SmtpConfig:
    """`smtp://[user:password@]host[:port][?starttls=1]` (port 25 by default) or `smtps://…` (TLS, port 465)."""
    expected = "expected smtp://user:password@host:587?starttls=1, smtp://host:25 or smtps://host:465"
    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise SmtpUrlError(f"SMTP_URL {url.split('@')[-1]!r} is not an SMTP URL: {expected}")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError as error:
        raise SmtpUrlError(f"SMTP_URL has an invalid port: {expected}") from error
    query = parse_qs(parts.query)
    starttls = query.get("starttls", ["0"])[-1].lower() in TRUE
    return SmtpConfig(
        host=parts.hostname,
        port=port,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        starttls=starttls,
        implicit_tls=parts.scheme == "smtps",
    )


def _send(config: SmtpConfig, mail: EmailMessage) -> None:
    context = ssl.create_default_context()
    server: smtplib.SMTP
    if config.implicit_tls:
        server = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=context)
    else:
        server = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    with server:
        if config.starttls:
            server.starttls(context=context)
        if config.username:
            server.login(config.username, config.password)
        server.send_message(mail)


async def send_mail(config: SmtpConfig, mail: EmailMessage) -> None:
    """Send one mail; raises smtplib/OS errors for the deliverer to log and retry."""
    await asyncio.to_thread(_send, config, mail)
