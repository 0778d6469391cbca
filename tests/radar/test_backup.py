"""Backup and restore: a restore into an empty database reproduces every table exactly, on this engine, and a
SQLite installation moves to PostgreSQL through the CLI."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from radar import backup
from radar.changes import NewBlip, add_blip
from radar.errors import Refused
from radar.formats.detect import parse_path
from radar.importer import apply_import
from radar.tables import Quadrant, Ring, User
from tests.conftest import _empty_tables
from tests.radar.test_formats import FIXTURES

ROOT = Path(__file__).resolve().parents[2]


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def test_restore_reproduces_every_table_and_ids_continue(seeded: Any, tmp_path: Path) -> None:
    run(apply_import(parse_path(FIXTURES / "aoe"), create_missing=True))
    before = run(backup.dump())
    assert all(before[name] for name in ("blip", "ring_change", "edition", "edition_entry", "radar_user"))
    summary = run(backup.backup(tmp_path / "radar.backup"))
    assert summary.rows == sum(len(rows) for rows in before.values())
    run(_empty_tables())
    seen: list[tuple[str, int, int]] = []
    run(backup.restore(tmp_path / "radar.backup", lambda table, done, total: seen.append((table, done, total))))
    assert run(backup.dump()) == before
    assert ("blip", len(before["blip"]), len(before["blip"])) in seen

    async def add_one() -> int:
        quadrant = await Quadrant.select(Quadrant.id).first().run()
        ring = await Ring.select(Ring.id).first().run()
        return await add_blip(NewBlip("After restore", quadrant["id"], ring["id"]), datetime.now(UTC), "", "admin")

    # On PostgreSQL this needs the id sequences moved past the restored ids.
    assert run(add_one()) == max(row[0] for row in before["blip"]) + 1


def test_users_keep_their_password_hashes(seeded: Any, tmp_path: Path) -> None:
    run(backup.backup(tmp_path / "b"))
    with gzip.open(tmp_path / "b", "rt") as handle:
        text = handle.read()
    hashes = [row["password_hash"] for row in run(User.select(User.password_hash).run())]
    assert hashes and all(value.startswith("$argon2") and value in text for value in hashes)


def test_restoring_into_a_database_with_data_is_refused(seeded: Any, tmp_path: Path) -> None:
    run(backup.backup(tmp_path / "b"))
    before = run(backup.dump())
    with pytest.raises(Refused, match=r"holds data: radar_user \(\d+ rows\)"):
        run(backup.restore(tmp_path / "b"))
    assert run(backup.dump()) == before


def test_a_backup_from_other_migrations_or_not_a_backup_is_refused(tmp_path: Path) -> None:
    run(backup.backup(tmp_path / "b"))
    with gzip.open(tmp_path / "b", "rt") as handle:
        lines = handle.read().splitlines()
    header = json.loads(lines[0])
    header["migrations"] = header["migrations"][:-1]
    with gzip.open(tmp_path / "old", "wt") as handle:
        handle.write("\n".join([json.dumps(header), *lines[1:]]) + "\n")
    with pytest.raises(Refused, match="other migrations"):
        run(backup.restore(tmp_path / "old"))
    (tmp_path / "plain.txt").write_text("hello")
    with pytest.raises(Refused, match="not a Radar backup"):
        run(backup.restore(tmp_path / "plain.txt"))


def _postgres_server() -> str:
    server = os.environ.get("POSTGRES_SERVER_URL", "postgresql://postgres@127.0.0.1:5432")
    probe = subprocess.run(
        [sys.executable, "-m", "tests.postgres", "create", server, "radar_probe_9a"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"no PostgreSQL server at {server}")
    subprocess.run([sys.executable, "-m", "tests.postgres", "drop", server, "radar_probe_9a"], cwd=ROOT, check=True)
    return server


def _cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "PICCOLO_CONF": "radar.piccolo_conf"}
    return subprocess.run(
        [sys.executable, "-m", "web.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def _table_lines(path: Path) -> list[str]:
    with gzip.open(path, "rt") as handle:
        return handle.read().splitlines()[1:]  # the header holds the time of the backup


def test_a_sqlite_installation_moves_to_postgresql(tmp_path: Path) -> None:
    server = _postgres_server()
    sqlite_url = f"sqlite:///{tmp_path / 'radar.sqlite'}"
    for args in (("migrate",), ("seed",), ("import", str(FIXTURES / "aoe"), "--create-missing")):
        assert _cli(sqlite_url, *args).returncode == 0
    assert _cli(sqlite_url, "backup", str(tmp_path / "sqlite.backup")).returncode == 0
    name = f"radar_move_{os.getpid()}"
    subprocess.run([sys.executable, "-m", "tests.postgres", "create", server, name], cwd=ROOT, check=True)
    try:
        postgres_url = f"{server}/{name}"
        assert _cli(postgres_url, "migrate").returncode == 0
        restored = _cli(postgres_url, "restore", str(tmp_path / "sqlite.backup"))
        assert restored.returncode == 0, restored.stderr
        assert _cli(postgres_url, "backup", str(tmp_path / "postgres.backup")).returncode == 0
        assert _table_lines(tmp_path / "postgres.backup") == _table_lines(tmp_path / "sqlite.backup")
        again = _cli(postgres_url, "restore", str(tmp_path / "sqlite.backup"))
        assert again.returncode == 1
        assert again.stderr.count("\n") == 1 and "holds data" in again.stderr
    finally:
        subprocess.run([sys.executable, "-m", "tests.postgres", "drop", server, name], cwd=ROOT, check=True)
