"""Thoughtworks Build Your Own Radar CSV: name, ring, quadrant, isNew or status, description (HTML).

BYOR drops rows it cannot place without a word; this parser reports each one instead.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from radar.formats import (
    FormatError,
    ParsedBlip,
    ParseResult,
    Problem,
    RadarExport,
    blip_key,
    check_size,
    decode_text,
    finish,
)
from radar.formats.html import html_to_markdown, markdown_to_html

NAME = "byor-csv"
REQUIRED = ("name", "ring", "quadrant", "description")
STATUSES = {"new", "moved in", "moved out", "no change"}
TRUE, FALSE = {"true", "yes", "1"}, {"false", "no", "0", ""}


def check_columns(columns: Iterable[str], source: str) -> dict[str, str]:
    """Map our column names to the file's (case-insensitive); wrong columns fail the whole file."""
    found = {column.strip().casefold(): column for column in columns if column}
    missing = [column for column in REQUIRED if column.casefold() not in found]
    if "isnew" not in found and "status" not in found:
        missing.append("isNew or status")
    if missing:
        raise FormatError(
            f"{source} does not have the BYOR columns: missing {', '.join(missing)}. "
            f"It has {', '.join(repr(c) for c in columns) or 'no columns'}; BYOR needs name, ring, quadrant, "
            "isNew (or status) and description."
        )
    return found


def blip_from_row(row: Mapping[str, object], columns: dict[str, str], line: int, problems: list[Problem]) -> ParsedBlip:
    """One BYOR row (CSV or JSON) as a blip; an unreadable isNew/status is a problem of that row."""

    def value(column: str) -> str:
        raw = row.get(columns.get(column.casefold(), column))
        return "" if raw is None else str(raw).strip()

    name = value("name")
    if "status" in columns and value("status"):
        if value("status").casefold() not in STATUSES:
            problems.append(
                Problem(line, "status", f"{value('status')!r} is not New, Moved In, Moved Out or No Change", name)
            )
    elif "isnew" in columns and value("isNew").casefold() not in TRUE | FALSE:
        problems.append(Problem(line, "isNew", f"{value('isNew')!r} is not TRUE or FALSE", name))
    return ParsedBlip(
        key=blip_key("", name),
        name=name,
        quadrant=value("quadrant"),
        ring=value("ring"),
        line=line,
        description=html_to_markdown(value("description")),
        tags=[tag.strip() for tag in value("tags").split(",") if tag.strip()] if "tags" in columns else [],
    )


def parse(data: bytes, source: str = "radar.csv") -> ParseResult:
    result = ParseResult(NAME, source)
    try:
        check_size(data, source)
        text = decode_text(data, source)
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        columns = check_columns(reader.fieldnames or [], source)
        previous_end = 1
        for row in reader:
            line, previous_end = previous_end + 1, reader.line_num  # a quoted cell may span several lines
            name = str(row.get(columns["name"]) or "").strip()
            if None in row:
                cells = len(columns) + len(row[None])  # type: ignore[index]
                result.problems.append(Problem(line, "row", f"{cells} cells where the header has {len(columns)}", name))
                continue
            if not any((value or "").strip() for value in row.values()):
                continue
            problems: list[Problem] = []
            blip = blip_from_row(row, columns, line, problems)
            result.problems.extend(problems)
            if not problems:
                result.blips.append(blip)
    except csv.Error as error:
        return result.fail(f"{source} is not valid CSV: {error}")
    except FormatError as error:
        return result.fail(str(error))
    try:
        return finish(result)
    except FormatError as error:
        return result.fail(str(error))


def rows(radar: RadarExport) -> list[dict[str, str]]:
    """BYOR's rows: every blip with ring and quadrant names, isNew, and its description as HTML. BYOR orders rings
    by their first appearance, so rows go innermost ring first."""
    ordered = sorted(radar.blips, key=lambda blip: (radar.ring_index(blip.ring), blip.name.casefold()))
    return [
        {
            "name": blip.name,
            "ring": radar.ring(blip.ring).name,
            "quadrant": radar.quadrant(blip.quadrant).name,
            "isNew": "TRUE" if blip.movement == "new" else "FALSE",
            "description": markdown_to_html(blip.description),
        }
        for blip in ordered
    ]


def export(radar: RadarExport) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=["name", "ring", "quadrant", "isNew", "description"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(radar))
    return out.getvalue().encode()
