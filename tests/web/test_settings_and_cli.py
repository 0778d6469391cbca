from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from web.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def _radar(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "web.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=60,
    )


def test_malformed_database_url_stops_start_up_naming_the_variable() -> None:
    result = _radar("migrate", DATABASE_URL="mysql://root@localhost/radar")
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_requires_a_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RADAR_ENV", "production")
    monkeypatch.delenv("SECRET_KEY")
    with pytest.raises(SettingsError, match="SECRET_KEY is required"):
        load_settings()


def test_development_generates_a_secret_key_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RADAR_ENV", "development")
    monkeypatch.delenv("SECRET_KEY")
    first = load_settings().secret_key
    assert len(first) == 64
    assert load_settings().secret_key == first
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RADAR_PORT", "eighty"),
        ("RADAR_PORT", "70000"),
        ("LOG_LEVEL", "loud"),
        ("RADAR_ENV", "staging"),
        ("SECRET_KEY", "short"),
        ("SMTP_URL", "mail.example.com"),
        ("RADAR_PUBLIC_URL", "radar.example.com"),
        ("DELIVERY_INTERVAL", "often"),
    ],
)
def test_bad_settings_name_their_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        load_settings()


@pytest.mark.parametrize("command", ["serve", "migrate", "seed", "create-user", "publish", "deliver"])
def test_every_command_has_help(command: str) -> None:
    result = _radar(command, "--help")
    assert result.returncode == 0
    assert "usage: radar" in result.stdout


def test_create_user_command_creates_an_account_and_reports_bad_input() -> None:
    ok = _radar("create-user", "cli-user", "--name", "Cli User", "--role", "architect", "--password", "long-enough-pw")
    assert ok.returncode == 0, ok.stderr
    assert "created cli-user" in ok.stdout
    again = _radar("create-user", "cli-user", "--password", "long-enough-pw")
    assert again.returncode == 2
    assert "is taken" in again.stderr
    short = _radar("create-user", "other", "--password", "short")
    assert short.returncode == 2
    assert "password" in short.stderr


def test_publish_command_publishes_an_announced_edition_and_reports_bad_input() -> None:
    import asyncio

    from evaluations.tables import OutboxMessage
    from tests.factories import make_radar

    make_radar([("Kafka", "platforms", "trial"), ("Rust", "languages", "assess")])
    ok = _radar(
        "publish", "--name", "2026.2 — November", "--slug", "2026-2", "--date", "2026-11-20", "--introduction", "Hi"
    )
    assert ok.returncode == 0, ok.stderr
    assert "published 2026.2 — November (2026-2, 2026-11-20): 2 blips (2 new)" in ok.stdout
    topics = asyncio.run(OutboxMessage.select(OutboxMessage.topic).output(as_list=True).run())
    assert topics == ["edition.published"]
    again = _radar("publish", "--name", "Again", "--slug", "2026-2", "--date", "2026-11-21")
    assert again.returncode == 2
    assert "slug: An edition '2026-2' exists already." in again.stderr
    bad_date = _radar("publish", "--name", "X", "--slug", "x", "--date", "20.11.2026")
    assert bad_date.returncode == 2
    assert "published_on" in bad_date.stderr
