"""Backstage tech-radar JSON (TechRadarLoaderResponse): quadrants [{id, name}], rings [{id, name, color}],
entries [{id, key, title, quadrant, url?, description?, links?, timeline: [{date, ringId, description?, moved?}]}].
`timeline[0]` is the current state; the whole timeline becomes the blip's ring history."""

from __future__ import annotations

import json

from radar.formats import (
    FormatError,
    HistoryStep,
    ParsedBlip,
    ParsedQuadrant,
    ParsedRing,
    ParseResult,
    Problem,
    RadarExport,
    Revision,
    blip_key,
    clockwise_from_bottom_right,
    finish,
    from_bottom_right,
    parse_day,
)
from radar.formats.byor_json import load_json

NAME = "backstage"


def _links(entry: dict[str, object]) -> list[dict[str, str]]:
    links = [
        {"title": str(link.get("title") or link.get("url")), "url": str(link["url"])}
        for link in entry.get("links") or []  # type: ignore[attr-defined]
        if isinstance(link, dict) and str(link.get("url", "")).startswith(("http://", "https://"))
    ]
    url = str(entry.get("url") or "")
    if url.startswith(("http://", "https://")) and all(link["url"] != url for link in links):
        links.insert(0, {"title": str(entry.get("title") or url), "url": url})
    return links


def parse(data: bytes, source: str = "backstage.json") -> ParseResult:
    result = ParseResult(NAME, source)
    try:
        document = load_json(data, source)
        if not isinstance(document, dict) or not all(
            isinstance(document.get(key), list) for key in ("quadrants", "rings", "entries")
        ):
            raise FormatError(f"{source} is not Backstage tech-radar JSON: expected quadrants, rings and entries.")
        quadrants = {
            str(q.get("id")): str(q.get("name") or q.get("id")) for q in document["quadrants"] if isinstance(q, dict)
        }
        rings = {str(r.get("id")): str(r.get("name") or r.get("id")) for r in document["rings"] if isinstance(r, dict)}
        result.quadrants = from_bottom_right([ParsedQuadrant(name) for name in quadrants.values()])
        result.rings = [
            ParsedRing(str(r.get("name") or r.get("id")), str(r.get("description") or ""), str(r.get("color") or ""))
            for r in document["rings"]
            if isinstance(r, dict)
        ]
        for index, entry in enumerate(document["entries"], start=1):
            if not isinstance(entry, dict):
                result.problems.append(Problem(index, "entry", "not an object"))
                continue
            name = str(entry.get("title") or "").strip()
            quadrant_id = str(entry.get("quadrant") or "")
            if quadrant_id not in quadrants:
                result.problems.append(
                    Problem(index, "quadrant", f"{quadrant_id!r} is not one of the quadrants' ids", name)
                )
                continue
            timeline = entry.get("timeline")
            if not isinstance(timeline, list) or not timeline:
                result.problems.append(Problem(index, "timeline", "an entry needs at least one timeline step", name))
                continue
            steps: list[Revision] = []
            for step in timeline:
                day = parse_day(step.get("date")) if isinstance(step, dict) else None
                ring_id = str(step.get("ringId") or "") if isinstance(step, dict) else ""
                if day is None or ring_id not in rings:
                    why = "has no readable date" if day is None else f"names the unknown ring id {ring_id!r}"
                    result.problems.append(Problem(index, "timeline", f"a step {why}", name))
                    steps = []
                    break
                steps.append(Revision(day, rings[ring_id], None, str(step.get("description") or "")))
            if not steps:
                continue
            steps.sort(key=lambda revision: revision.on)  # timeline[0] is the newest; history runs oldest first
            result.blips.append(
                ParsedBlip(
                    key=blip_key(str(entry.get("id") or entry.get("key") or ""), name),
                    name=name,
                    quadrant=quadrants[quadrant_id],
                    ring=rings[str(timeline[0].get("ringId"))],
                    line=index,
                    description=str(entry.get("description") or ""),
                    links=_links(entry),
                    revisions=steps,
                )
            )
        return finish(result)
    except FormatError as error:
        return result.fail(str(error))


def document(radar: RadarExport) -> dict[str, object]:
    """The TechRadarLoaderResponse: quadrants from the bottom right, rings with colours, every entry with its
    full timeline newest first (`moved` 1 = towards the centre), and a link back to its blip page."""
    order = clockwise_from_bottom_right(len(radar.quadrants))
    entries = []
    for blip in radar.blips:
        steps = list(blip.history) or [HistoryStep(radar.on, blip.ring)]
        timeline: list[dict[str, object]] = []
        previous: int | None = None
        for step in steps:
            index = radar.ring_index(step.ring)
            moved = 0 if previous is None or previous == index else (1 if index < previous else -1)
            snapshot: dict[str, object] = {"date": step.on.isoformat(), "ringId": step.ring, "moved": moved}
            if step.reason:
                snapshot["description"] = step.reason
            timeline.append(snapshot)
            previous = index
        entry: dict[str, object] = {
            "id": blip.slug,
            "key": blip.slug,
            "title": blip.name,
            "quadrant": blip.quadrant,
            "timeline": list(reversed(timeline)),
            "description": blip.description,
            "links": [{"title": title, "url": url} for title, url in blip.links],
        }
        if radar.base_url:
            entry["url"] = f"{radar.base_url}/blips/{blip.slug}"
        entries.append(entry)
    return {
        "quadrants": [{"id": radar.quadrants[i].slug, "name": radar.quadrants[i].name} for i in order],
        "rings": [
            {"id": ring.slug, "name": ring.name, "color": ring.colour, "description": ring.description}
            for ring in radar.rings
        ],
        "entries": entries,
    }


def export(radar: RadarExport) -> bytes:
    return json.dumps(document(radar), indent=2, ensure_ascii=False).encode()
