"""The file formats' pure parsers: no database. Fixtures are the project's own (tests/fixtures/imports)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from radar.formats import MAX_BYTES, FormatError, aoe, backstage, byor_csv, byor_json, normalise, safezip, zalando
from radar.formats.detect import detect_format, parse_bytes, parse_path
from radar.formats.html import html_to_markdown
from radar.formats.safezip import MAX_UNPACKED
from tests.shared_data import shared_data

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def zipped(folder: Path, prefix: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return buffer.getvalue()


def test_names_match_case_insensitively_and_and_equals_ampersand() -> None:
    assert normalise("Languages and Frameworks") == normalise("languages & frameworks")
    assert normalise("  ADOPT ") == normalise("adopt")


def test_byor_csv_reports_every_row_it_cannot_place_and_sanitises_html() -> None:
    result = byor_csv.parse((FIXTURES / "byor.csv").read_bytes(), "byor.csv")
    assert [blip.name for blip in result.blips] == [
        "Kotlin",
        "Terraform",
        "Event storming",
        "Kafka",
        "Mainframe",
        "Quantum",
    ]
    kotlin, _, storming, *_ = result.blips
    assert kotlin.description == "Our default for [JVM](https://kotlinlang.org) services."
    assert storming.description == "**Workshops** to model a domain."  # the script is gone, text and emphasis kept
    assert [(p.line, p.field) for p in result.problems] == [(7, "name"), (9, "name"), (10, "isNew")]
    assert "duplicate" in result.problems[1].reason and "line 3" in result.problems[1].reason


def test_byor_json_reads_status_and_reports_a_bad_one() -> None:
    result = byor_json.parse((FIXTURES / "byor.json").read_bytes(), "byor.json")
    assert [blip.name for blip in result.blips] == ["Kotlin", "Terraform"]
    assert [(p.line, p.field, p.name) for p in result.problems] == [(3, "status", "Gradle")]


def test_zalando_maps_numbers_to_zalandos_names_or_given_ones() -> None:
    data = (FIXTURES / "zalando.json").read_bytes()
    result = zalando.parse(data, "zalando.json")
    assert [(b.name, b.quadrant, b.ring) for b in result.blips[:2]] == [
        ("Kotlin", "Languages", "ADOPT"),
        ("Kubernetes", "Infrastructure", "TRIAL"),
    ]
    assert result.blips[1].links == [{"title": "Kubernetes", "url": "https://kubernetes.io"}]
    assert result.blips[2].featured is False  # active: false
    assert [(p.line, p.field) for p in result.problems] == [(5, "quadrant")]
    # Our order is clockwise from the top right; Zalando's from the bottom right.
    assert [q.name for q in result.quadrants] == ["Data Management", "Languages", "Infrastructure", "Datastores"]
    mapped = zalando.parse(
        data, "zalando.json", ["Tools", "Platforms", "Techniques", "Languages"], ["A", "T", "S", "H"]
    )
    assert (mapped.blips[0].quadrant, mapped.blips[0].ring) == ("Tools", "A")


def test_backstage_timeline_becomes_history_oldest_first() -> None:
    result = backstage.parse((FIXTURES / "backstage.json").read_bytes(), "backstage.json")
    typescript = result.blips[0]
    assert typescript.ring == "ADOPT" and typescript.key == "typescript"
    assert [(r.on, r.ring) for r in typescript.revisions] == [
        (date(2022, 1, 10), "ASSESS"),
        (date(2023, 3, 1), "TRIAL"),
        (date(2024, 6, 1), "ADOPT"),
    ]
    assert typescript.revisions[-1].note == "Every new front end uses it"
    assert typescript.links[0]["url"] == "https://www.typescriptlang.org"
    assert [(p.line, p.field) for p in result.problems] == [(3, "quadrant")]


def test_aoe_releases_become_editions_and_revisions() -> None:
    result = aoe.parse_folder(FIXTURES / "aoe")
    assert [e.slug for e in result.editions] == ["2024-01-15", "2024-07-01", "2025-02-01"]
    assert result.editions[0].keys == ["jenkins", "pair-programming", "react"]
    react = next(blip for blip in result.blips if blip.key == "react")
    assert [(r.on.isoformat(), r.ring) for r in react.revisions] == [
        ("2024-01-15", "Assess"),
        ("2024-07-01", "Trial"),
        ("2025-02-01", "Adopt"),
    ]
    assert react.revisions[1].description is None  # an empty body keeps the previous text
    assert react.description == "React is our default for web front ends."
    assert react.quadrant == "Languages & Frameworks" and react.tags == ["frontend", "coding"]
    kubernetes = next(blip for blip in result.blips if blip.key == "kubernetes")
    assert kubernetes.description == "Kubernetes runs our containers."
    jenkins = next(blip for blip in result.blips if blip.key == "jenkins")
    assert jenkins.featured is False and jenkins.ring == "Hold"
    assert result.problems == []
    assert [r.name for r in result.rings] == ["Adopt", "Trial", "Assess", "Hold"]


def test_aoe_zip_is_the_same_as_the_folder() -> None:
    folder = aoe.parse_folder(FIXTURES / "aoe")
    from_zip = aoe.parse(zipped(FIXTURES / "aoe", "techradar/"), "techradar.zip")
    assert [(b.key, b.ring, b.revisions) for b in from_zip.blips] == [
        (b.key, b.ring, b.revisions) for b in folder.blips
    ]
    assert len(from_zip.editions) == 3


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("byor.csv", "byor-csv"),
        ("byor.json", "byor-json"),
        ("zalando.json", "zalando"),
        ("backstage.json", "backstage"),
    ],
)
def test_format_is_detected_from_content(name: str, expected: str) -> None:
    assert detect_format((FIXTURES / name).read_bytes(), "upload") == expected


def test_aoe_zip_and_markdown_are_detected() -> None:
    assert detect_format(zipped(FIXTURES / "aoe"), "x") == "aoe"
    assert detect_format((FIXTURES / "aoe/radar/2024-01-15/react.md").read_bytes(), "react.md") == "aoe"


# --- bad files: nothing parsed, one clear reason --------------------------------------------------------------


def test_truncated_json_names_line_and_column() -> None:
    data = (FIXTURES / "backstage.json").read_bytes()[:700]
    result = parse_bytes(data, "cut.json")
    assert result.failed and result.blips == []
    assert "not valid JSON" in result.problems[0].reason and "truncated" in result.problems[0].reason


def test_wrong_columns_are_named() -> None:
    result = byor_csv.parse(b"title,level,area\nKotlin,adopt,Languages\n", "wrong.csv")
    assert result.failed and result.blips == []
    assert "missing name, ring, quadrant, description, isNew or status" in result.problems[0].reason


def test_latin1_csv_names_the_encoding_problem_and_the_line() -> None:
    data = "name,ring,quadrant,isNew,description\nKotlin,adopt,Tools,TRUE,ok\nCafé,adopt,Tools,TRUE,x\n"
    result = byor_csv.parse(data.encode("latin-1"), "latin1.csv")
    assert result.failed and result.blips == []
    reason = result.problems[0].reason
    assert "not UTF-8" in reason and "line 3" in reason and "0xE9" in reason and "Latin-1" in reason


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.write(b"name,ring,quadrant,isNew,description\n")
        handle.truncate(50 * 1024 * 1024)
    result = parse_path(big)
    assert result.failed and "50.0 MB" in result.problems[0].reason
    assert parse_bytes(b"x" * (MAX_BYTES + 1), "big.json", "byor-json").failed


def test_a_zip_whose_paths_leave_its_folder_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("radar/2024-01-15/ok.md", "---\ntitle: Ok\nring: adopt\nsegment: tools\n---\n")
        archive.writestr("../../etc/radar/2024-01-15/evil.md", "---\ntitle: Evil\nring: adopt\nsegment: tools\n---\n")
    result = aoe.parse(buffer.getvalue(), "slip.zip")
    assert result.failed and result.blips == []
    assert "outside the archive" in result.problems[0].reason


def test_a_zip_bomb_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("radar/2024-01-15/bomb.md", b"---\ntitle: B\n---\n" + b"\0" * (20 * 1024 * 1024))
    result = aoe.parse(buffer.getvalue(), "bomb.zip")
    assert result.failed and "zip bomb" in result.problems[0].reason


def test_a_zip_claiming_or_giving_more_than_the_limit_is_refused() -> None:
    with pytest.raises(FormatError, match="unpacks to more than"):
        safezip._check_unpacked(MAX_UNPACKED + 1, MAX_UNPACKED, "x.zip")


def test_html_to_markdown_keeps_links_lists_and_drops_unsafe_urls() -> None:
    html = '<p>See <a href="javascript:alert(1)">this</a> and <a href="https://x.org">that</a></p><ul><li>one</li></ul>'
    assert html_to_markdown(html) == "See [this] and [that](https://x.org)\n\n- one"


def test_shared_data_files_parse_when_present() -> None:
    data = shared_data()
    counts = {}
    for path in sorted(data.iterdir()):
        if path.name != "README.md":
            result = parse_path(path)
            counts[path.name] = (len(result.blips), [str(p) for p in result.problems])
    assert counts["red-gate+Tech-Radar__radar.csv"] == (72, [])
    assert counts["thoughtworks+build-your-own-radar__radar.csv"] == (99, [])
    assert counts["zalando+tech-radar__docs_config.json"] == (81, [])
    assert counts["AOEpeople+techradar__radar_2025-08-15_opentofu.md"] == (1, [])
    blips, problems = counts["aoe-techradar"]
    assert blips == 248 and len(problems) == 1 and "flowtype.md (Flow), name: duplicate" in problems[0]
    assert len(parse_path(data / "aoe-techradar").editions) == 9
