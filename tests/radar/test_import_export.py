"""Importing into the database (dry run, apply, idempotence, editions and history) and exporting back out:
every format round-trips through an empty database."""

from __future__ import annotations

import asyncio
import io
import zipfile
from datetime import date
from typing import Any

import pytest

from radar import blips
from radar.errors import Refused
from radar.exporter import export_radar, radar_export
from radar.formats import FORMATS, MAX_ROWS
from radar.formats.detect import parse_bytes, parse_path
from radar.importer import apply_import, plan_import
from radar.layout import ring_bounds
from radar.tables import AuditEvent, Blip, Edition, EditionEntry, Quadrant, Ring, RingChange
from tests.factories import make_radar
from tests.radar.test_formats import FIXTURES, zipped
from tests.shared_data import shared_data


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


async def counts() -> dict[str, int]:
    tables = (Blip, RingChange, Edition, EditionEntry, Quadrant, Ring, AuditEvent)
    return {table._meta.tablename: await table.count().run() for table in tables}


def test_dry_run_lists_every_row_and_writes_nothing() -> None:
    make_radar([("Kafka", "platforms", "trial")])
    before = run(counts())
    result = parse_path(FIXTURES / "byor.csv")
    plan = run(plan_import(result))
    assert run(counts()) == before
    actions = {row.name: (row.action, row.detail) for row in plan.rows}
    assert actions["Kotlin"][0] == "create" and actions["Event storming"][0] == "create"
    assert actions["Kafka"] == ("update", "description, ring Trial → Adopt")
    assert actions["Mainframe"][0] == "reject" and "unknown ring 'Deprecated'" in actions["Mainframe"][1]
    assert "unknown quadrant 'Lab'" in actions["Quantum"][1]
    # Exactly the rows that cannot be placed, with line and reason.
    assert [(p.line, p.field) for p in plan.problems] == [
        (6, "ring"),
        (7, "name"),
        (8, "quadrant"),
        (9, "name"),
        (10, "isNew"),
    ]


def test_a_file_with_problems_applies_nothing_unless_valid_rows_only() -> None:
    make_radar([])
    result = parse_path(FIXTURES / "byor.csv")
    before = run(counts())
    with pytest.raises(Refused, match="Nothing was imported: 5 row"):
        run(apply_import(result))
    assert run(counts()) == before
    plan = run(apply_import(result, valid_only=True))
    assert plan.count("create") == 4
    assert run(Blip.count().run()) == 4
    kotlin = run(blips.blip_detail("kotlin"))
    assert kotlin.imported and kotlin.ring.name == "Adopt" and kotlin.quadrant.name == "Languages & Frameworks"
    assert kotlin.history[0].source == "import" and "imported from BYOR CSV byor.csv" in kotlin.history[0].reason
    events = run(AuditEvent.select().where(AuditEvent.action == "radar.import").run())
    assert len(events) == 1 and events[0]["subject"] == "byor.csv"


def test_importing_the_same_file_twice_changes_nothing() -> None:
    make_radar([])
    result = parse_path(FIXTURES / "backstage.json")
    run(apply_import(result, valid_only=True))
    after_first = run(counts())
    plan = run(plan_import(result))
    assert plan.count("create") == 0 and plan.count("update") == 0 and plan.count("unchanged") == 2
    run(apply_import(result, valid_only=True))
    after_second = run(counts())
    assert after_second["blip"] == after_first["blip"] and after_second["ring_change"] == after_first["ring_change"]


def test_unknown_quadrants_and_rings_can_be_created() -> None:
    make_radar([])
    result = parse_path(FIXTURES / "byor.csv")
    plan = run(plan_import(result, create_missing=True))
    assert plan.missing_rings == ["Deprecated"] and plan.missing_quadrants == ["Lab"]
    run(apply_import(result, valid_only=True, create_missing=True))
    assert {row["name"] for row in run(Ring.select(Ring.name).run())} >= {"Deprecated"}
    assert run(blips.blip_detail("quantum")).quadrant.name == "Lab"


def test_backstage_timeline_is_dated_ring_history() -> None:
    make_radar([])
    run(apply_import(parse_path(FIXTURES / "backstage.json"), valid_only=True))
    history = run(blips.blip_detail("typescript")).history
    assert [(entry.changed_at.date(), entry.to_ring) for entry in history] == [
        (date(2022, 1, 10), "Assess"),
        (date(2023, 3, 1), "Trial"),
        (date(2024, 6, 1), "Adopt"),
    ]
    assert history[-1].reason == "Every new front end uses it"


def test_aoe_releases_become_editions_with_entries_as_of_their_dates() -> None:
    make_radar([])
    run(apply_import(parse_bytes(zipped(FIXTURES / "aoe"), "techradar.zip")))
    editions = run(blips.editions())
    assert [e.slug for e in reversed(editions)] == ["2024-01-15", "2024-07-01", "2025-02-01"]
    first = run(blips.edition_radar("2024-01-15"))
    assert {(b.name, b.ring.name) for b in first.blips} == {
        ("React", "Assess"),
        ("Jenkins", "Adopt"),
        ("Pair programming", "Trial"),
    }
    second = run(blips.edition_radar("2024-07-01"))
    react = next(b for b in second.blips if b.slug == "react")
    assert (react.ring.name, react.movement, react.description) == (
        "Trial",
        "moved_in",
        "React is a library for user interfaces.",
    )
    jenkins = next(b for b in second.blips if b.slug == "jenkins")
    assert jenkins.faded and jenkins.movement == "moved_out"  # featured: false is kept, not drawn
    assert next(b for b in second.blips if b.slug == "kubernetes").movement == "new"
    history = run(blips.blip_detail("react")).history
    assert [(h.changed_at.date().isoformat(), h.to_ring) for h in history] == [
        ("2024-01-15", "Assess"),
        ("2024-07-01", "Trial"),
        ("2025-02-01", "Adopt"),
    ]
    current = run(blips.current_radar())
    assert "jenkins" not in {b.slug for b in current.blips}  # not drawn on the current radar either


def test_bad_files_write_nothing() -> None:
    make_radar([])
    before = run(counts())
    latin = "name,ring,quadrant,isNew,description\nCafé,adopt,Tools,TRUE,x\n".encode("latin-1")
    for data, name in [(latin, "latin.csv"), (b'{"entries": [', "cut.json"), (b"a,b\n1,2\n", "wrong.csv")]:
        result = parse_bytes(data, name)
        assert result.failed
        with pytest.raises(Refused):
            run(apply_import(result, valid_only=True))
    assert run(counts()) == before


def test_row_limit_is_a_clear_message() -> None:
    rows = "".join(f"Blip {i},adopt,Tools,FALSE,x\n" for i in range(MAX_ROWS + 1))
    result = parse_bytes(("name,ring,quadrant,isNew,description\n" + rows).encode(), "many.csv")
    assert result.failed and f"the limit is {MAX_ROWS}" in result.problems[0].reason


def test_500_rows_with_150_in_one_cell_are_all_drawn_without_overlap() -> None:
    make_radar([])
    quadrants, rings = (
        ["Techniques", "Tools", "Platforms", "Languages & Frameworks"],
        ["Adopt", "Trial", "Assess", "Hold"],
    )
    lines = ["name,ring,quadrant,isNew,description"]
    lines += [f"Crowded {i},Adopt,Tools,TRUE,x" for i in range(150)]
    lines += [f"Spread {i},{rings[i % 4]},{quadrants[(i // 4) % 4]},FALSE,y" for i in range(350)]
    plan = run(apply_import(parse_bytes("\n".join(lines).encode(), "500.csv")))
    assert plan.count("create") == 500
    radar = run(blips.current_radar())
    assert len(radar.drawn) == 500
    figure = radar.figure()
    drawn = sum(len(trace["r"]) for trace in figure["data"] if trace.get("meta") == "blips")
    assert drawn == 500
    assert _min_distance_px(radar) >= radar.placed.marker_size  # no two markers overlap


def _min_distance_px(radar: Any) -> float:
    import math

    outer = ring_bounds(len(radar.rings))[-1]
    points = []
    for blip in radar.drawn:
        r = blip.position.r / outer * 300.0
        theta = math.radians(blip.position.theta)
        points.append((r * math.sin(theta), r * math.cos(theta)))
    best = math.inf
    for i, (x1, y1) in enumerate(points):
        for x2, y2 in points[i + 1 :]:
            best = min(best, math.hypot(x1 - x2, y1 - y2))
    return best


# --- export and round trip ------------------------------------------------------------------------------------


def _state() -> dict[str, Any]:
    async def read() -> dict[str, Any]:
        quadrants = {row["slug"]: row["name"] for row in await Quadrant.select().run()}
        rings = {row["slug"]: row["name"] for row in await Ring.select().run()}
        rows = await Blip.select(Blip.name, Blip.quadrant.name, Blip.ring.name).run()
        return {
            "quadrants": set(quadrants.values()),
            "rings": set(rings.values()),
            "blips": {(r["name"], r["quadrant.name"], r["ring.name"]) for r in rows},
        }

    return run(read())


def _history() -> set[tuple[str, str, str]]:
    rows = run(RingChange.select(RingChange.blip.name, RingChange.to_ring.name, RingChange.changed_at).run())
    return {(r["blip.name"], r["to_ring.name"], r["changed_at"].date().isoformat()) for r in rows}


def _editions() -> dict[str, set[tuple[str, str]]]:
    rows = run(EditionEntry.select(EditionEntry.edition.slug, EditionEntry.name, EditionEntry.ring.name).run())
    editions: dict[str, set[tuple[str, str]]] = {}
    for row in rows:
        editions.setdefault(row["edition.slug"], set()).add((row["name"], row["ring.name"]))
    return editions


def _empty() -> None:
    from tests.conftest import _empty_tables

    run(_empty_tables())


@pytest.mark.parametrize("format_name", FORMATS)
def test_export_then_import_into_an_empty_database_keeps_the_radar(format_name: str) -> None:
    make_radar([])
    run(apply_import(parse_bytes(zipped(FIXTURES / "aoe"), "techradar.zip")))
    run(apply_import(parse_path(FIXTURES / "backstage.json"), valid_only=True))
    state, history, editions = _state(), _history(), _editions()
    exported = run(export_radar(format_name))
    _empty()
    result = parse_bytes(exported.content, exported.filename)
    assert result.format == format_name and result.problems == []
    run(apply_import(result, create_missing=True))
    after = _state()
    if format_name.startswith("byor"):  # BYOR names only the rings and quadrants that hold blips
        state["rings"] = {ring for *_, ring in state["blips"]}
        after["rings"] = {ring for *_, ring in after["blips"]}
    assert after["quadrants"] == state["quadrants"] and after["rings"] == state["rings"]
    assert {name for name, *_ in after["blips"]} == {name for name, *_ in state["blips"]}
    by_name = {name: ring for name, _, ring in state["blips"]}
    assert {name: ring for name, _, ring in after["blips"]} == by_name
    if format_name == "backstage":
        assert _history() == history
    if format_name == "aoe":
        # Changes since the last edition travel as one more release, dated the export day.
        assert {slug: entries for slug, entries in _editions().items() if slug in editions} == editions
        assert {(n, r, d) for n, r, d in _history()} >= {("React", "Trial", "2024-07-01")}


def test_an_edition_exports_as_it_was_published() -> None:
    make_radar([])
    run(apply_import(parse_bytes(zipped(FIXTURES / "aoe"), "techradar.zip")))
    radar = run(radar_export("2024-07-01"))
    assert {(b.name, b.ring) for b in radar.blips} >= {("React", "trial"), ("Kubernetes", "trial")}
    react = next(b for b in radar.blips if b.slug == "react")
    assert [step.ring for step in react.history] == ["assess", "trial"]  # nothing after the edition's date
    assert [e.slug for e in radar.editions] == ["2024-01-15", "2024-07-01"]
    exported = run(export_radar("aoe", "2024-07-01"))
    names = zipfile.ZipFile(io.BytesIO(exported.content)).namelist()
    assert "radar/2024-07-01/react.md" in names and not any("2025-02-01" in name for name in names)


def test_zalando_export_refuses_a_radar_it_cannot_hold() -> None:
    make_radar([])
    run(Quadrant(slug="extra", name="Extra", position=9).save().run())
    with pytest.raises(Refused, match="exactly 4 quadrants"):
        run(export_radar("zalando"))


# --- the real files of ../shared/data -------------------------------------------------------------------------


def test_every_shared_data_file_imports() -> None:
    data = shared_data()
    imported = {}
    for path in sorted(data.iterdir(), key=lambda p: p.name == "aoe-techradar"):
        if path.name == "README.md":
            continue
        _empty()
        make_radar([])
        plan = run(apply_import(parse_path(path), valid_only=True, create_missing=True))
        imported[path.name] = (plan.count("create"), [str(p) for p in plan.problems])
    assert imported["red-gate+Tech-Radar__radar.csv"] == (72, [])
    assert imported["thoughtworks+build-your-own-radar__radar.csv"] == (99, [])
    assert imported["zalando+tech-radar__docs_config.json"] == (81, [])
    assert imported["AOEpeople+techradar__radar_2025-08-15_opentofu.md"] == (1, [])
    assert imported["aoe-techradar"] == (
        248,
        ["radar/2021-07-01/flowtype.md (Flow), name: duplicate: 'Flow' is already on line 79"],
    )
    assert run(Edition.count().run()) == 9
    history = run(blips.blip_detail("angular")).history
    assert [(h.changed_at.date().isoformat(), h.to_ring) for h in history] == [
        ("2017-03-01", "Assess"),
        ("2018-03-01", "Trial"),
        ("2021-07-01", "Adopt"),
    ]
