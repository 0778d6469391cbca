"""Radar file formats: pure parsers and exporters, one module per format, no database and no web framework.

Every parser takes the bytes of a file (or the files of a folder) and returns a `ParseResult`: the blips it
found, the editions and ring histories the format carries, and every problem with its line, field and reason.
A file-level problem (bad encoding, truncated JSON, wrong columns, too large, unsafe zip) leaves no blips.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from radar.limits import slugify

FORMATS = ("byor-csv", "byor-json", "zalando", "aoe", "backstage")
FORMAT_LABELS = {
    "byor-csv": "BYOR CSV",
    "byor-json": "BYOR JSON",
    "zalando": "Zalando JSON",
    "aoe": "AOE Markdown",
    "backstage": "Backstage JSON",
}
MAX_BYTES = 5 * 1024 * 1024  # one uploaded file; a zip's unpacked content has its own limit (formats/safezip.py)
MAX_ROWS = 5_000


@dataclass(frozen=True)
class Problem:
    """Something the importer cannot place: where (line or row, 0 for the whole file), which field, and why."""

    line: int
    field: str
    reason: str
    name: str = ""  # the blip's name when known, so the report reads as a list of rows
    path: str = ""  # the file inside a folder or zip, for formats with one file per blip

    def __str__(self) -> str:
        where = self.path or (f"line {self.line}" if self.line else "file")
        subject = f" ({self.name})" if self.name else ""
        return f"{where}{subject}, {self.field}: {self.reason}"


@dataclass(frozen=True)
class Revision:
    """A blip as one release or timeline step had it: ring on a date, with the text then (None: unchanged)."""

    on: date
    ring: str
    description: str | None = None
    note: str = ""  # why it moved, when the format says
    featured: bool = True  # drawn in that release


@dataclass
class ParsedBlip:
    key: str  # the file's id for the blip, or the slug of its name: the importer matches on it
    name: str
    quadrant: str
    ring: str  # the current ring, by name as the file spells it
    line: int = 0
    description: str = ""  # Markdown
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    featured: bool = True  # False: imported, kept and searchable, but not drawn
    revisions: list[Revision] = field(default_factory=list)  # oldest first; empty when the format has no history
    path: str = ""  # the file it came from, for formats with one file per blip


@dataclass
class ParsedEdition:
    slug: str
    name: str
    published_on: date
    keys: list[str]  # the blips it showed (by ParsedBlip.key)


@dataclass
class ParsedQuadrant:
    name: str
    description: str = ""


@dataclass
class ParsedRing:
    name: str
    description: str = ""
    colour: str = ""


@dataclass
class ParseResult:
    format: str
    source: str  # the file or folder name, for the report and the history entries
    blips: list[ParsedBlip] = field(default_factory=list)
    editions: list[ParsedEdition] = field(default_factory=list)
    quadrants: list[ParsedQuadrant] = field(default_factory=list)  # structure the file declares, in its order
    rings: list[ParsedRing] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """A file-level problem: nothing in the file can be imported."""
        return any(problem.line == 0 for problem in self.problems)

    def fail(self, reason: str, field_name: str = "file") -> ParseResult:
        self.blips, self.editions = [], []
        self.problems.append(Problem(0, field_name, reason))
        return self


class FormatError(Exception):
    """The file as a whole cannot be read; the message is the report's one line."""


@lru_cache(maxsize=4096)  # a thousand rows name the same few rings and quadrants
def normalise(name: str) -> str:
    """How ring and quadrant names are compared: case-insensitive, "and" equals "&", spacing ignored."""
    text = re.sub(r"\s+", " ", name.casefold().replace("&", " and ")).strip()
    return text


def blip_key(identifier: str, name: str) -> str:
    """The key a blip is matched on: the file's id when it has one, else the slug of its name."""
    return slugify(identifier or name, 100, fallback="blip")


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text (a BOM is dropped); anything else raises FormatError naming the line and the byte."""
    try:
        return codecs.decode(data, "utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start]
        hint = " It looks like Latin-1 or Windows-1252." if 0x80 <= byte <= 0xFF else ""
        raise FormatError(
            f"{source} is not UTF-8: byte 0x{byte:02X} on line {line}, column {column} cannot be decoded.{hint} "
            "Save the file as UTF-8 and try again."
        ) from error


def check_size(data: bytes, source: str, limit: int = MAX_BYTES) -> None:
    if len(data) > limit:
        raise FormatError(
            f"{source} is {len(data) / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.0f} MB. "
            "Split the file or import the radar in parts."
        )


def check_rows(count: int, source: str) -> None:
    if count > MAX_ROWS:
        raise FormatError(f"{source} has {count} rows; the limit is {MAX_ROWS}. Split the file.")


def parse_day(value: object) -> date | None:
    """A date from `2024-07-10`, `2024-07-10T12:00:00Z`, `2024-07-10 00:00:00` or `2026.05` (first of the month)."""
    text = str(value or "").strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        match = re.match(r"^(\d{4})[.-](\d{1,2})$", text)
        if match:
            return date(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None
    return None


NAME_MAX = 120  # Blip.name
SUMMARY_MAX = 200  # Blip.summary
TAG_MAX = 40  # one tag


def finish(result: ParseResult) -> ParseResult:
    """The checks every format shares: names present and not too long, no blip twice, at most MAX_ROWS."""
    from radar.limits import MARKDOWN_MAX

    if result.failed:
        return result
    check_rows(len(result.blips), result.source)
    kept: list[ParsedBlip] = []
    seen: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for blip in result.blips:
        reason = ""
        field_name = "name"
        if not blip.name.strip():
            reason = "the name is missing"
        elif len(blip.name) > NAME_MAX:
            reason = f"the name has {len(blip.name)} characters; at most {NAME_MAX}"
        elif blip.key in seen or blip.name.casefold() in seen_names:
            first = seen.get(blip.key) or seen_names.get(blip.name.casefold())
            reason = f"duplicate: {blip.name!r} is already on line {first}"
        elif len(blip.summary) > SUMMARY_MAX:
            field_name, reason = "summary", f"{len(blip.summary)} characters; at most {SUMMARY_MAX}"
        elif len(blip.description) > MARKDOWN_MAX:
            field_name, reason = "description", f"{len(blip.description)} characters; at most {MARKDOWN_MAX}"
        elif any(len(tag) > TAG_MAX for tag in blip.tags):
            field_name, reason = "tags", f"a tag is longer than {TAG_MAX} characters"
        elif not blip.quadrant.strip():
            field_name, reason = "quadrant", "the quadrant is missing"
        elif not blip.ring.strip():
            field_name, reason = "ring", "the ring is missing"
        if reason:
            result.problems.append(Problem(blip.line, field_name, reason, blip.name, blip.path))
            continue
        seen[blip.key] = blip.line
        seen_names[blip.name.casefold()] = blip.line
        kept.append(blip)
    result.blips = kept
    result.problems.sort(key=lambda problem: problem.line)
    return result


# --- what the exporters write: plain values read from the database by radar/exporter.py ---------------------


@dataclass(frozen=True)
class HistoryStep:
    on: date
    ring: str  # ring slug
    reason: str = ""


@dataclass(frozen=True)
class ExportBlip:
    slug: str
    name: str
    quadrant: str  # quadrant slug
    ring: str  # ring slug
    description: str = ""
    summary: str = ""
    tags: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (title, url)
    movement: str = "no_change"
    drawn: bool = True
    history: tuple[HistoryStep, ...] = ()  # oldest first


@dataclass(frozen=True)
class ExportQuadrant:
    slug: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class ExportRing:
    slug: str
    name: str
    colour: str
    description: str = ""


@dataclass(frozen=True)
class ExportEdition:
    slug: str
    name: str
    published_on: date
    blips: tuple[ExportBlip, ...]  # as the edition showed them


@dataclass(frozen=True)
class RadarExport:
    """A radar to write out: the current one (`edition` None) or one edition, with the editions before it."""

    title: str
    on: date  # the date the exported state stands for
    quadrants: tuple[ExportQuadrant, ...]  # in display order, clockwise from the top right
    rings: tuple[ExportRing, ...]  # innermost first
    blips: tuple[ExportBlip, ...]
    editions: tuple[ExportEdition, ...] = ()  # oldest first
    edition: str | None = None
    base_url: str = ""  # for links back to blip pages

    def quadrant(self, slug: str) -> ExportQuadrant:
        return next(quadrant for quadrant in self.quadrants if quadrant.slug == slug)

    def ring(self, slug: str) -> ExportRing:
        return next(ring for ring in self.rings if ring.slug == slug)

    def ring_index(self, slug: str) -> int:
        return next(index for index, ring in enumerate(self.rings) if ring.slug == slug)


def clockwise_from_bottom_right(count: int) -> list[int]:
    """Indexes of our quadrants (clockwise from the top right) in Zalando's and Backstage's order (clockwise
    from the bottom right). Only a four-quadrant radar has a bottom right; others keep their order."""
    return [1, 2, 3, 0] if count == 4 else list(range(count))


def from_bottom_right(items: list[ParsedQuadrant]) -> list[ParsedQuadrant]:
    """Four quadrants listed clockwise from the bottom right, in our order (clockwise from the top right)."""
    return [items[3], items[0], items[1], items[2]] if len(items) == 4 else items
