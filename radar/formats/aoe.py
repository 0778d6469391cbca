"""AOE technology radar: `radar/<YYYY-MM-DD>/<id>.md` per blip per release, Markdown with front matter (title,
ring, segment, tags, featured), and `config.json` naming segments and rings. Given as a folder's files or a zip.

Each release folder becomes an edition with its date; each file a revision of its blip on that date (a ring
change when the ring differs); an empty body keeps the previous text; `featured: false` is imported, not drawn.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from radar.formats import (
    MAX_BYTES,
    ExportBlip,
    FormatError,
    ParsedBlip,
    ParsedEdition,
    ParsedQuadrant,
    ParsedRing,
    ParseResult,
    Problem,
    RadarExport,
    Revision,
    blip_key,
    check_size,
    decode_text,
    finish,
    parse_day,
)
from radar.formats.safezip import MAX_UNPACKED, read_zip

NAME = "aoe"
RELEASE_FILE = re.compile(r"(?:^|[/_])(\d{4}-\d{2}-\d{2})[/_]([^/]+)\.md$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.S)


@dataclass
class _File:
    path: str
    release: date
    identifier: str
    title: str
    ring: str
    segment: str
    tags: list[str]
    featured: bool
    body: str


def _config(files: dict[str, bytes], result: ParseResult) -> tuple[dict[str, str], dict[str, str]]:
    """Segment and ring titles by id, from the shallowest config.json (empty when there is none)."""
    configs = sorted((path for path in files if Path(path).name == "config.json"), key=lambda p: p.count("/"))
    if not configs:
        return {}, {}
    try:
        config = json.loads(decode_text(files[configs[0]], configs[0]))
    except (json.JSONDecodeError, FormatError) as error:
        result.problems.append(Problem(1, "config.json", f"cannot be read: {error}", path=configs[0]))
        return {}, {}
    segments, rings = {}, {}
    for segment in config.get("segments") or config.get("quadrants") or []:
        if isinstance(segment, dict) and segment.get("id"):
            segments[str(segment["id"])] = str(segment.get("title") or segment["id"])
            result.quadrants.append(ParsedQuadrant(segments[str(segment["id"])], str(segment.get("description", ""))))
    for ring in config.get("rings") or []:
        if isinstance(ring, dict) and ring.get("id"):
            rings[str(ring["id"])] = str(ring.get("title") or ring["id"])
            result.rings.append(
                ParsedRing(rings[str(ring["id"])], str(ring.get("description", "")), str(ring.get("color", "")))
            )
    return segments, rings


def _read(path: str, data: bytes, problems: list[Problem]) -> _File | None:
    match = RELEASE_FILE.search(path)
    assert match is not None
    release = parse_day(match[1])
    try:
        text = decode_text(data, path)
    except FormatError as error:
        problems.append(Problem(1, "encoding", str(error), path=path))
        return None
    front = FRONT_MATTER.match(text)
    if release is None or front is None:
        problems.append(
            Problem(1, "front matter", "no front matter between --- lines" if release else "bad date", path=path)
        )
        return None
    try:
        meta = yaml.safe_load(front[1]) or {}
    except yaml.YAMLError as error:
        problems.append(Problem(1, "front matter", f"not valid YAML: {str(error).splitlines()[0]}", path=path))
        return None
    if not isinstance(meta, dict):
        problems.append(Problem(1, "front matter", "expected title, ring and segment", path=path))
        return None
    tags = meta.get("tags") or []
    return _File(
        path=path,
        release=release,
        identifier=match[2],
        title=str(meta.get("title") or "").strip(),
        ring=str(meta.get("ring") or "").strip(),
        segment=str(meta.get("segment") or meta.get("quadrant") or "").strip(),
        tags=[str(tag).strip() for tag in (tags if isinstance(tags, list) else [tags]) if str(tag).strip()],
        featured=meta.get("featured", True) is not False,
        body=front[2].strip(),
    )


def parse_files(files: dict[str, bytes], source: str) -> ParseResult:
    """The releases in a folder's files (path inside the folder -> bytes)."""
    result = ParseResult(NAME, source)
    segments, ring_titles = _config(files, result)
    revisions: dict[str, list[_File]] = {}
    for path in sorted(files):
        if not RELEASE_FILE.search(path):
            continue
        read = _read(path, files[path], result.problems)
        if read is not None:
            revisions.setdefault(read.identifier, []).append(read)
    if not revisions and not result.problems:
        return result.fail(f"{source} has no release files: expected radar/<YYYY-MM-DD>/<id>.md.")
    first_seen: dict[str, date] = {}
    for identifier, history in sorted(revisions.items()):
        history.sort(key=lambda item: item.release)
        text = ""
        steps: list[Revision] = []
        for revision in history:
            if revision.body:
                text = revision.body
            ring = ring_titles.get(revision.ring, revision.ring)
            steps.append(Revision(revision.release, ring, revision.body or None, featured=revision.featured))
        latest = next((item for item in reversed(history) if item.title), history[-1])
        segment = next((item.segment for item in reversed(history) if item.segment), "")
        tags = next((item.tags for item in reversed(history) if item.tags), [])
        first_seen[blip_key(identifier, latest.title)] = history[0].release
        result.blips.append(
            ParsedBlip(
                key=blip_key(identifier, latest.title),
                name=latest.title,
                quadrant=segments.get(segment, segment),
                ring=steps[-1].ring,
                line=0,
                description=text,
                tags=tags,
                featured=history[-1].featured,
                revisions=steps,
                path=history[-1].path,
            )
        )
        if not latest.title:
            result.problems.append(Problem(1, "title", "the title is missing", path=history[-1].path))
    releases = sorted({item.release for history in revisions.values() for item in history})
    for release in releases:
        keys = [key for key, seen in first_seen.items() if seen <= release]
        result.editions.append(ParsedEdition(release.isoformat(), release.isoformat(), release, keys))
    # AOE files have no line numbers in a table: the report names the file instead.
    for index, blip in enumerate(result.blips, start=1):
        blip.line = index
    return finish(result)


def read_folder(folder: Path) -> dict[str, bytes]:
    """The Markdown and config files under `folder` (symbolic links are not followed)."""
    files: dict[str, bytes] = {}
    total = 0
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.suffix not in (".md", ".json"):
            continue
        total += path.stat().st_size
        if total > MAX_UNPACKED:
            raise FormatError(f"{folder} holds more than {MAX_UNPACKED // 1_048_576} MB of radar files.")
        files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def parse(data: bytes, source: str = "radar.zip") -> ParseResult:
    """A zip of release folders, or one release file (its date and id from its name)."""
    try:
        check_size(data, source, MAX_BYTES)
        if data[:4] == b"PK\x03\x04":
            return parse_files(read_zip(data, source), source)
        return parse_files({source: data}, source)
    except FormatError as error:
        return ParseResult(NAME, source).fail(str(error))


def parse_folder(folder: Path) -> ParseResult:
    try:
        return parse_files(read_folder(folder), folder.name)
    except FormatError as error:
        return ParseResult(NAME, folder.name).fail(str(error))


def _state(blip: ExportBlip) -> tuple[object, ...]:
    return (blip.name, blip.ring, blip.quadrant, blip.description, blip.tags, blip.drawn)


def _front_matter(blip: ExportBlip, radar: RadarExport) -> str:
    meta: dict[str, object] = {
        "title": blip.name,
        "ring": blip.ring,
        "segment": blip.quadrant,
        "tags": list(blip.tags),
    }
    if not blip.drawn:
        meta["featured"] = False
    return "---\n" + str(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)) + "---\n"


def export(radar: RadarExport) -> bytes:
    """A zip of `config.json` and `radar/<date>/<id>.md`: one release folder per edition, holding the blips that
    were new, moved or re-described in it (an unchanged text is left empty), and a last release for the radar
    as exported when it differs from the latest edition."""
    config = {
        "segments": [{"id": q.slug, "title": q.name, "description": q.description} for q in radar.quadrants],
        "rings": [
            {"id": r.slug, "title": r.name, "description": r.description, "color": r.colour} for r in radar.rings
        ],
    }
    releases: list[tuple[date, tuple[ExportBlip, ...]]] = [(e.published_on, e.blips) for e in radar.editions]
    if radar.edition is None:
        latest = radar.editions[-1].blips if radar.editions else None
        state = {(b.slug, b.ring, b.quadrant, b.description, b.drawn) for b in latest} if latest is not None else None
        if state is None or state != {(b.slug, b.ring, b.quadrant, b.description, b.drawn) for b in radar.blips}:
            day = max(radar.on, radar.editions[-1].published_on) if radar.editions else radar.on
            if radar.editions and day == radar.editions[-1].published_on:
                releases[-1] = (day, radar.blips)
            else:
                releases.append((day, radar.blips))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("config.json", json.dumps(config, indent=2, ensure_ascii=False))
        before: dict[str, ExportBlip] = {}
        for day, blips in releases:
            for blip in blips:
                earlier = before.get(blip.slug)
                if earlier is not None and _state(earlier) == _state(blip):
                    continue
                text_changed = earlier is None or earlier.description != blip.description
                body = blip.description if text_changed else ""
                archive.writestr(
                    f"radar/{day.isoformat()}/{blip.slug}.md", _front_matter(blip, radar) + "\n" + body + "\n"
                )
                before[blip.slug] = blip
    return buffer.getvalue()
