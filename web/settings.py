"""Settings from the environment, each with a safe default."""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from evaluations.deliveries import DeliveryConfig
from evaluations.mailer import SmtpUrlError, parse_smtp_url
from radar.database import DEFAULT_DATABASE_URL, DatabaseUrl, DatabaseUrlError, parse_database_url

ENVIRONMENTS = ("development", "production", "test")
LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the environment variable."""


@dataclass(frozen=True)
class Settings:
    environment: str
    database: DatabaseUrl
    database_url: str
    secret_key: str
    host: str
    port: int
    log_level: str
    db_pool_size: int
    fade_after_editions: int
    var_dir: Path
    ballot_close_interval: int = 60  # seconds between the scheduler's runs; 0 switches it off
    delivery_interval: int = 10  # seconds between the in-process deliverer's runs; 0 switches it off
    smtp_url: str = field(default="", repr=False)  # empty: no mail is sent and none is queued; may hold a password
    mail_from: str = "Radar <radar@localhost>"
    public_url: str = ""  # the address people reach Radar at, for links in mails, webhooks and the feed
    delivery_max_attempts: int = 8
    delivery_retry_base: int = 30  # seconds before the first retry; doubles each time, at most an hour

    def delivery_config(self) -> DeliveryConfig:
        return DeliveryConfig(
            base_url=self.public_url or f"http://{self.host}:{self.port}",
            smtp=parse_smtp_url(self.smtp_url) if self.smtp_url else None,
            mail_from=self.mail_from,
            max_attempts=self.delivery_max_attempts,
            retry_base_seconds=self.delivery_retry_base,
        )

    session_idle_minutes: int = 120  # a session unused this long ends
    session_max_hours: int = 12  # and every session ends this long after sign-in, however busy
    max_body_bytes: int = 1_048_576  # larger request bodies get 413 before they are read

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def show_demo_logins(self) -> bool:
        return self.environment == "development"


def _secret_key(environment: str, var_dir: Path) -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        if len(key) < 32:
            raise SettingsError("SECRET_KEY must be at least 32 characters long")
        return key
    if environment == "production":
        raise SettingsError("SECRET_KEY is required when RADAR_ENV=production (e.g. `openssl rand -hex 32`)")
    # Development and tests: generate once and keep it, so sessions survive a restart.
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = os.environ.get(name, str(default)).strip()
    try:
        value = int(raw)
    except ValueError as error:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from error
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
    return value


def load_settings() -> Settings:
    """Read every setting from the environment; raise SettingsError naming the variable when one is wrong."""
    environment = os.environ.get("RADAR_ENV", "development").strip().lower()
    if environment not in ENVIRONMENTS:
        raise SettingsError(f"RADAR_ENV must be one of {', '.join(ENVIRONMENTS)}, got {environment!r}")
    var_dir = Path("var")
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    try:
        database = parse_database_url(database_url)
    except DatabaseUrlError as error:
        raise SettingsError(str(error)) from error
    smtp_url = os.environ.get("SMTP_URL", "").strip()
    try:
        parse_smtp_url(smtp_url) if smtp_url else None
    except SmtpUrlError as error:
        raise SettingsError(str(error)) from error
    public_url = os.environ.get("RADAR_PUBLIC_URL", "").strip().rstrip("/")
    if public_url and not public_url.startswith(("http://", "https://")):
        raise SettingsError(f"RADAR_PUBLIC_URL must start with http:// or https://, got {public_url!r}")
    log_level = os.environ.get("LOG_LEVEL", "info").strip().lower()
    if log_level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {log_level!r}")
    return Settings(
        environment=environment,
        database=database,
        database_url=database_url,
        secret_key=_secret_key(environment, var_dir),
        host=os.environ.get("RADAR_HOST", "127.0.0.1"),
        port=_int("RADAR_PORT", 8000, 1, 65535),
        log_level=log_level,
        db_pool_size=_int("DB_POOL_SIZE", 10, 0, 200),
        fade_after_editions=_int("RADAR_FADE_AFTER_EDITIONS", 3, 1, 100),
        var_dir=var_dir,
        ballot_close_interval=_int("BALLOT_CLOSE_INTERVAL", 60, 0, 86400),
        delivery_interval=_int("DELIVERY_INTERVAL", 10, 0, 86400),
        smtp_url=smtp_url,
        mail_from=os.environ.get("MAIL_FROM", "Radar <radar@localhost>").strip(),
        public_url=public_url,
        delivery_max_attempts=_int("DELIVERY_MAX_ATTEMPTS", 8, 1, 100),
        delivery_retry_base=_int("DELIVERY_RETRY_BASE", 30, 1, 86400),
        session_idle_minutes=_int("SESSION_IDLE_MINUTES", 120, 1, 7 * 24 * 60),
        session_max_hours=_int("SESSION_MAX_HOURS", 12, 1, 30 * 24),
        max_body_bytes=_int("MAX_BODY_BYTES", 1_048_576, 65_536, 100_000_000),
    )


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
