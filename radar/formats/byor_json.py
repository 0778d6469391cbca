"""Thoughtworks Build Your Own Radar JSON: a list of {name, ring, quadrant, isNew or status, description}."""

from __future__ import annotations

import json

from radar.formats import FormatError, ParseResult, Problem, RadarExport, check_size, decode_text, finish
from radar.formats.byor_csv import blip_from_row, check_columns, rows

NAME = "byor-json"


def load_json(data: bytes, source: str) -> object:
    """Parsed JSON; a truncated or malformed file raises FormatError with the line and column."""
    check_size(data, source)
    text = decode_text(data, source)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        cut = error.msg.startswith("Unterminated") or error.pos >= len(text.rstrip()) - 1
        ending = "; the file ends early: is it truncated?" if cut else ""
        raise FormatError(
            f"{source} is not valid JSON: {error.msg.lower()} (line {error.lineno}, column {error.colno}){ending}."
        ) from error


def parse(data: bytes, source: str = "radar.json") -> ParseResult:
    result = ParseResult(NAME, source)
    try:
        rows = load_json(data, source)
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise FormatError(f"{source} is not BYOR JSON: expected a list of objects with name, ring, quadrant.")
        columns = check_columns(sorted({key for row in rows for key in row}), source)
        for index, row in enumerate(rows, start=1):
            problems: list[Problem] = []
            blip = blip_from_row(row, columns, index, problems)
            result.problems.extend(problems)
            if not problems:
                result.blips.append(blip)
        return finish(result)
    except FormatError as error:
        return result.fail(str(error))


def export(radar: RadarExport) -> bytes:
    return json.dumps(rows(radar), indent=2, ensure_ascii=False).encode()
