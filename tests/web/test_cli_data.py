"""`radar import`, `radar export`, `radar backup` and `radar restore` as a user runs them."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from radar.tables import AuditEvent, Blip, Edition
from tests.factories import make_radar
from tests.radar.test_formats import FIXTURES
from tests.shared_data import shared_data
from web.cli import main


def test_import_dry_run_reports_rows_and_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    make_radar([])
    assert main(["import", str(FIXTURES / "byor.csv"), "--dry-run"]) == 1  # problems: non-zero
    out = capsys.readouterr().out
    assert "Mainframe" in out and "unknown ring 'Deprecated'" in out and "'maybe' is not TRUE or FALSE" in out
    assert "dry run, nothing written" in out and "5 rejected" in out
    assert asyncio.run(Blip.count().run()) == 0


def test_import_with_problems_fails_in_one_line_unless_valid_only(capsys: pytest.CaptureFixture[str]) -> None:
    make_radar([])
    assert main(["import", str(FIXTURES / "byor.csv")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Nothing was imported: 5 row(s)" in err
    assert main(["import", str(FIXTURES / "byor.csv"), "--valid-only"]) == 0
    assert "imported." in capsys.readouterr().out
    assert asyncio.run(Blip.count().run()) == 4
    assert asyncio.run(AuditEvent.count().where(AuditEvent.action == "radar.import").run()) == 1


def test_a_bad_file_fails_with_its_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_radar([])
    bad = tmp_path / "latin.csv"
    bad.write_bytes("name,ring,quadrant,isNew,description\nCafé,adopt,Tools,TRUE,x\n".encode("latin-1"))
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("radar: import failed: latin.csv is not UTF-8: byte 0xE9 on line 2")
    assert main(["import", str(tmp_path / "missing.csv")]) == 1


def test_export_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_radar([("Kafka", "platforms", "adopt")])
    assert main(["export", "backstage", "-o", str(tmp_path / "radar.json")]) == 0
    document = json.loads((tmp_path / "radar.json").read_text())
    assert [entry["title"] for entry in document["entries"]] == ["Kafka"]
    assert main(["export", "byor-csv", "-o", str(tmp_path / "radar.csv")]) == 0
    assert (tmp_path / "radar.csv").read_text().splitlines() == [
        "name,ring,quadrant,isNew,description",
        "Kafka,Adopt,Platforms,TRUE,<p><strong>Kafka</strong> is used here.</p>",  # new: no edition yet
    ]
    capsys.readouterr()
    assert main(["export", "aoe", "--edition", "nope", "-o", str(tmp_path / "x.zip")]) == 1
    assert capsys.readouterr().err == "radar: export failed: there is no edition called 'nope'\n"


def test_backup_and_restore_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_radar([("Kafka", "platforms", "adopt")])
    assert main(["backup", str(tmp_path / "radar.backup")]) == 0
    assert "backed up" in capsys.readouterr().out
    assert main(["restore", str(tmp_path / "radar.backup")]) == 1
    assert "restore refused: Refusing to restore into a database that holds data" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "blips"),
    [
        ("red-gate+Tech-Radar__radar.csv", 72),
        ("thoughtworks+build-your-own-radar__radar.csv", 99),
        ("zalando+tech-radar__docs_config.json", 81),
        ("AOEpeople+techradar__radar_2025-08-15_opentofu.md", 1),
    ],
)
def test_each_shared_data_file_imports_through_the_cli(
    name: str, blips: int, capsys: pytest.CaptureFixture[str]
) -> None:
    path = shared_data() / name
    make_radar([])
    assert main(["import", str(path), "--dry-run", "--create-missing"]) == 0  # detected, nothing to reject
    assert "dry run, nothing written" in capsys.readouterr().out
    assert asyncio.run(Blip.count().run()) == 0
    assert main(["import", str(path), "--create-missing"]) == 0
    assert asyncio.run(Blip.count().run()) == blips
    assert main(["import", str(path), "--create-missing"]) == 0  # the same file again changes nothing
    assert asyncio.run(Blip.count().run()) == blips


def test_the_aoe_folder_imports_through_the_cli_as_nine_editions(capsys: pytest.CaptureFixture[str]) -> None:
    data = shared_data()
    make_radar([])
    assert main(["import", str(data / "aoe-techradar"), "--valid-only", "--create-missing"]) == 0
    out = capsys.readouterr().out
    assert "flowtype.md" in out and "duplicate" in out
    assert asyncio.run(Edition.count().run()) == 9
