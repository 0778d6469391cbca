"""The chair's import page (upload, dry run, apply), the export links and API, and the Backstage endpoint."""

from __future__ import annotations

import asyncio
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from radar.tables import AuditEvent, Blip, Edition, ImportUpload, Quadrant, RingChange
from tests.conftest import csrf_token, login, make_user
from tests.factories import make_radar
from tests.radar.test_formats import FIXTURES, zipped
from tests.shared_data import shared_data


def counts() -> tuple[int, ...]:
    async def read() -> tuple[int, ...]:
        return tuple([await t.count().run() for t in (Blip, RingChange, Edition, Quadrant, AuditEvent)])

    return asyncio.run(read())


@pytest.fixture
def chair(client: TestClient[Any]) -> TestClient[Any]:
    make_user("chair", ["chair"])
    login(client, "chair", "correct-horse-battery")
    return client


def upload(client: TestClient[Any], name: str, content: bytes, **fields: str) -> Any:
    token = csrf_token(client, "/admin/import/")
    return client.post(
        "/admin/import/",
        data={"_csrf_token": token, **fields},
        files={"file": (name, content, "application/octet-stream")},
        follow_redirects=False,
    )


def apply(client: TestClient[Any], report: str, **fields: str) -> Any:
    token = csrf_token(client, report)
    return client.post(f"{report}/apply", data={"_csrf_token": token, **fields}, follow_redirects=False)


def test_dry_run_then_valid_rows_only(chair: TestClient[Any]) -> None:
    make_radar([])
    response = upload(chair, "byor.csv", (FIXTURES / "byor.csv").read_bytes())
    assert response.status_code == 303
    report = response.headers["location"]
    assert re.fullmatch(r"/admin/import/[0-9a-f]{64}", report)
    before = counts()
    page = chair.get(report)
    assert page.status_code == 200
    for text in ("unknown ring &#39;Deprecated&#39;", "the name is missing", "duplicate: &#39;Terraform&#39;",
                 "&#39;maybe&#39; is not TRUE or FALSE", "unknown quadrant &#39;Lab&#39;"):  # fmt: skip
        assert text in page.text
    assert "Apply the valid rows only" in page.text
    refused = apply(chair, report)  # all rows: refused, nothing written
    assert refused.status_code == 400 and "Nothing was imported: 5 row(s)" in refused.text
    assert counts() == before
    done = apply(chair, report, valid_only="1")
    assert done.status_code == 303
    assert asyncio.run(Blip.count().run()) == 4
    assert asyncio.run(ImportUpload.count().run()) == 0  # forgotten once applied
    assert chair.get(report).status_code == 404


def test_create_missing_quadrants_and_rings_from_the_page(chair: TestClient[Any]) -> None:
    make_radar([])
    report = upload(chair, "byor.csv", (FIXTURES / "byor.csv").read_bytes()).headers["location"]
    page = chair.get(f"{report}?create_missing=1")
    assert "They will be created" in page.text
    assert apply(chair, report, valid_only="1", create_missing="1").status_code == 303
    assert asyncio.run(Blip.count().run()) == 6
    assert asyncio.run(Quadrant.exists().where(Quadrant.name == "Lab").run())


def test_import_needs_the_chair_and_a_csrf_token(client: TestClient[Any]) -> None:
    make_user("architect", ["architect"])
    login(client, "architect", "correct-horse-battery")
    assert client.get("/admin/import/").status_code == 403
    make_user("chair", ["chair"])
    login(client, "chair", "correct-horse-battery")
    response = client.post("/admin/import/", files={"file": ("x.csv", b"a", "text/csv")}, follow_redirects=False)
    assert response.status_code == 403


def _slip_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../outside/radar/2024-01-15/x.md", "---\ntitle: X\nring: adopt\nsegment: tools\n---\n")
    return buffer.getvalue()


def _bomb_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("radar/2024-01-15/x.md", b"---\ntitle: X\n---\n" + b"\0" * (30 * 1024 * 1024))
    return buffer.getvalue()


LATIN_1 = "name,ring,quadrant,isNew,description\nCafé,adopt,Tools,TRUE,x\n".encode("latin-1")
BAD_FILES = [
    ("cut.json", lambda: (FIXTURES / "backstage.json").read_bytes()[:600], "the file ends early"),
    ("wrong.csv", lambda: b"title,level\nKotlin,adopt\n", "does not have the BYOR columns"),
    ("latin.csv", lambda: LATIN_1, "is not UTF-8: byte 0xE9 on line 2"),
    ("slip.zip", _slip_zip, "points outside the archive"),
    ("bomb.zip", _bomb_zip, "zip bomb"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "make", "reason"), BAD_FILES)
def test_bad_files_write_nothing_and_say_why(chair: TestClient[Any], name: str, make: Any, reason: str) -> None:
    make_radar([])
    before = counts()
    report = upload(chair, name, make()).headers["location"]
    page = chair.get(report)
    assert "This file cannot be imported" in page.text and reason in page.text.replace("&#39;", "'")
    assert apply(chair, report, valid_only="1").status_code == 400
    assert counts() == before


def test_a_50_mb_file_is_refused_next_to_the_field(chair: TestClient[Any]) -> None:
    make_radar([])
    before = counts()
    response = upload(chair, "big.csv", b"name,ring,quadrant,isNew,description\n" + b"x" * (50 * 1024 * 1024))
    assert response.status_code == 400
    assert "big.csv is 50.0 MB; the limit is 5 MB" in response.text
    assert counts() == before and asyncio.run(ImportUpload.count().run()) == 0


def test_the_aoe_fixture_zip_becomes_editions_through_the_page(chair: TestClient[Any]) -> None:
    make_radar([])
    report = upload(chair, "techradar.zip", zipped(FIXTURES / "aoe")).headers["location"]
    page = chair.get(report)
    assert '3</span> <span class="stat-label">new editions' in page.text
    assert apply(chair, report).status_code == 303
    assert asyncio.run(Edition.count().run()) == 3
    blip = chair.get("/blips/react")
    assert "Assess" in blip.text and "Trial" in blip.text and "imported from AOE Markdown techradar.zip" in blip.text


def test_every_shared_data_file_imports_through_the_page(chair: TestClient[Any], tmp_path: Path) -> None:
    data = shared_data()
    files = {path.name: path.read_bytes() for path in data.iterdir() if path.is_file() and path.name != "README.md"}
    files["aoe-techradar.zip"] = zipped(data / "aoe-techradar")
    for name, content in sorted(files.items(), key=lambda item: item[0] == "aoe-techradar.zip"):
        from tests.conftest import _empty_tables

        asyncio.run(_empty_tables())
        make_user("chair", ["chair"])
        login(chair, "chair", "correct-horse-battery")
        make_radar([])
        report = upload(chair, name, content).headers["location"]
        page = chair.get(f"{report}?create_missing=1")
        assert page.status_code == 200 and "This file cannot be imported" not in page.text, name
        assert apply(chair, report, valid_only="1", create_missing="1").status_code == 303, name
        created = asyncio.run(Blip.count().run())
        expected = {"aoe-techradar.zip": 248, "red-gate+Tech-Radar__radar.csv": 72,
                    "thoughtworks+build-your-own-radar__radar.csv": 99, "zalando+tech-radar__docs_config.json": 81,
                    "AOEpeople+techradar__radar_2025-08-15_opentofu.md": 1}  # fmt: skip
        assert created == expected[name], name
    assert asyncio.run(Edition.count().run()) == 9  # the AOE zip was the last one imported


# --- exports ---------------------------------------------------------------------------------------------------


def test_export_api_serves_every_format_for_the_radar_and_an_edition(client: TestClient[Any]) -> None:
    make_radar([])
    asyncio.run(_import_aoe())
    for format_name, media in [("byor-csv", "text/csv"), ("byor-json", "application/json"),
                               ("zalando", "application/json"), ("aoe", "application/zip"),
                               ("backstage", "application/json")]:  # fmt: skip
        response = client.get(f"/api/export/{format_name}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(media)
        assert "attachment; filename=" in response.headers["content-disposition"]
    edition = client.get("/api/export/byor-json?edition=2024-01-15").json()
    assert {row["name"] for row in edition} == {"React", "Jenkins", "Pair programming"}
    assert client.get("/api/export/byor-json?edition=nope").status_code == 404
    assert client.get("/api/export/excel").status_code == 404
    asyncio.run(Quadrant(slug="fifth", name="Fifth", position=5).save().run())
    refused = client.get("/api/export/zalando")
    assert refused.status_code == 409 and "exactly 4 quadrants" in refused.json()["detail"]
    page = client.get("/editions/2024-01-15")
    assert 'href="/api/export/aoe?edition=2024-01-15"' in page.text
    assert 'href="/api/export/aoe?edition=2025-02-01"' in client.get("/").text  # the published radar: latest edition


def test_export_without_an_edition_is_the_published_radar_and_next_is_for_the_board(client: TestClient[Any]) -> None:
    make_radar([])
    asyncio.run(_import_aoe())  # Backstage's TypeScript arrives after the latest edition: not published yet
    published = {row["name"] for row in client.get("/api/export/byor-json").json()}
    assert published == {row["name"] for row in client.get("/api/export/byor-json?edition=2025-02-01").json()}
    assert "TypeScript" not in published
    assert client.get("/api/export/byor-json?edition=next").status_code == 401
    make_user("architect", ["architect"])
    login(client, "architect", "correct-horse-battery")
    assert client.get("/api/export/byor-json?edition=next").status_code == 403
    make_user("board", ["board"])
    login(client, "board", "correct-horse-battery")
    upcoming = {row["name"] for row in client.get("/api/export/byor-json?edition=next").json()}
    assert "TypeScript" in upcoming and published < upcoming
    assert 'href="/api/export/backstage?edition=next"' in client.get("/editions/next").text


async def _import_aoe() -> None:
    from radar.formats.detect import parse_path
    from radar.importer import apply_import

    await apply_import(parse_path(FIXTURES / "aoe"))
    await apply_import(parse_path(FIXTURES / "backstage.json"), valid_only=True)


# The shape of Backstage's TechRadarLoaderResponse (tech-radar-common's zod schema), checked field by field.
def _check_backstage(document: Any) -> None:
    assert set(document) == {"quadrants", "rings", "entries"}
    for quadrant in document["quadrants"]:
        assert set(quadrant) == {"id", "name"} and all(isinstance(v, str) for v in quadrant.values())
    for ring in document["rings"]:
        assert {"id", "name", "color"} <= set(ring) <= {"id", "name", "color", "description"}
        assert all(isinstance(v, str) for v in ring.values()) and re.fullmatch(r"#[0-9a-fA-F]{6}", ring["color"])
    quadrant_ids = {q["id"] for q in document["quadrants"]}
    ring_ids = {r["id"] for r in document["rings"]}
    for entry in document["entries"]:
        assert {"key", "id", "quadrant", "title", "timeline"} <= set(entry)
        assert set(entry) <= {"key", "id", "quadrant", "title", "url", "timeline", "description", "links"}
        assert entry["quadrant"] in quadrant_ids
        assert all(
            isinstance(entry[k], str) for k in ("key", "id", "quadrant", "title", "url", "description") if k in entry
        )
        for link in entry.get("links", []):
            assert set(link) == {"url", "title"}
        dates = []
        for snapshot in entry["timeline"]:
            assert {"date", "ringId"} <= set(snapshot) <= {"date", "ringId", "description", "moved"}
            assert snapshot["ringId"] in ring_ids and snapshot.get("moved", 0) in (-1, 0, 1)
            dates.append(snapshot["date"])
        assert dates == sorted(dates, reverse=True) and dates  # newest first


def test_backstage_endpoint_has_the_tech_radar_loader_shape(client: TestClient[Any]) -> None:
    make_radar([])
    asyncio.run(_import_aoe())
    document = client.get("/api/backstage/entries").json()
    _check_backstage(document)
    # The published radar: the latest edition, with history up to it.
    react = next(entry for entry in document["entries"] if entry["id"] == "react")
    assert [(s["date"], s["ringId"], s["moved"]) for s in react["timeline"]] == [
        ("2025-02-01", "adopt", 1), ("2024-07-01", "trial", 1), ("2024-01-15", "assess", 0)
    ]  # fmt: skip
    assert react["url"] == "http://testserver.local/blips/react"
    assert {q["name"] for q in document["quadrants"]} == {"Techniques", "Tools", "Platforms", "Languages & Frameworks"}
    assert document["quadrants"][0]["id"] == "tools"  # clockwise from the bottom right: our second quadrant
    assert "typescript" not in {e["id"] for e in document["entries"]}  # imported after the latest edition
    make_user("chair", ["chair"])
    login(client, "chair", "correct-horse-battery")
    exported = json.loads(client.get("/api/export/backstage?edition=next").content)
    _check_backstage(exported)
    assert "typescript" in {e["id"] for e in exported["entries"]}
