"""Which format a file is in, from its content (and its name when the content cannot tell), and one entry
point that parses any of them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from radar.formats import FORMATS, ParseResult, aoe, backstage, byor_csv, byor_json, zalando
from radar.formats.aoe import FRONT_MATTER


def detect_format(data: bytes, source: str = "") -> str | None:
    """The format of `data`, or None when it looks like none of them."""
    if data[:4] == b"PK\x03\x04":
        return "aoe"
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"---") or source.endswith(".md"):
        try:
            if FRONT_MATTER.match(data.decode("utf-8-sig")):
                return "aoe"
        except UnicodeDecodeError:
            return "aoe" if source.endswith(".md") else None
    if head[:1] in (b"{", b"["):
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            # Broken JSON still goes to a JSON parser so the report says where it breaks.
            return "byor-json" if head[:1] == b"[" else "backstage" if b'"timeline"' in data else "zalando"
        if isinstance(document, list):
            return "byor-json"
        if isinstance(document, dict):
            if (
                "rings" in document
                and "quadrants" in document
                and any(isinstance(entry, dict) and "timeline" in entry for entry in document.get("entries") or [])
            ):
                return "backstage"
            if isinstance(document.get("entries"), list):
                return "zalando"
        return None
    if source.endswith((".csv", ".txt")) or b"," in head.split(b"\n", 1)[0]:
        return "byor-csv"
    return None


def parse_bytes(
    data: bytes,
    source: str,
    format_name: str | None = None,
    quadrant_names: Sequence[str] | None = None,
    ring_names: Sequence[str] | None = None,
) -> ParseResult:
    """Parse `data` in `format_name` (detected when None); an unknown format is a file-level problem."""
    chosen = format_name or detect_format(data, source)
    if chosen not in FORMATS:
        return ParseResult(chosen or "unknown", source).fail(
            f"The format of {source} could not be recognised; choose one of: {', '.join(FORMATS)}.", "format"
        )
    if chosen == "byor-csv":
        return byor_csv.parse(data, source)
    if chosen == "byor-json":
        return byor_json.parse(data, source)
    if chosen == "zalando":
        return zalando.parse(data, source, quadrant_names, ring_names)
    if chosen == "backstage":
        return backstage.parse(data, source)
    return aoe.parse(data, source)


def parse_path(path: Path, format_name: str | None = None, **names: Sequence[str] | None) -> ParseResult:
    """A file of any format, or a folder of AOE releases."""
    if path.is_dir():
        return aoe.parse_folder(path)
    size = path.stat().st_size
    from radar.formats import MAX_BYTES

    if size > MAX_BYTES:
        return ParseResult(format_name or "unknown", path.name).fail(
            f"{path.name} is {size / 1_048_576:.1f} MB; the limit is {MAX_BYTES / 1_048_576:.0f} MB. "
            "Split the file or import the radar in parts."
        )
    return parse_bytes(path.read_bytes(), path.name, format_name, **names)
