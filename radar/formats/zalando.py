"""Zalando tech-radar JSON: {date, entries: [{label, quadrant 0-3, ring 0-3, moved, active, link?}]}.

Quadrants are numbered clockwise from the bottom right, rings from the inside out. The names live in Zalando's
page, so they are mapped here: Zalando's own names by default, or the caller's. A file this project exported
carries its names in `quadrants` and `rings`, which are used when the caller gives none.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from radar.formats import (
    FormatError,
    ParsedBlip,
    ParsedQuadrant,
    ParsedRing,
    ParseResult,
    Problem,
    RadarExport,
    blip_key,
    clockwise_from_bottom_right,
    finish,
    from_bottom_right,
)
from radar.formats.byor_json import load_json

NAME = "zalando"
# Zalando's docs/index.html: quadrants 0..3 from the bottom right, clockwise; rings inside out.
ZALANDO_QUADRANTS = ("Languages", "Infrastructure", "Datastores", "Data Management")
ZALANDO_RINGS = ("ADOPT", "TRIAL", "ASSESS", "HOLD")
ZALANDO_COLOURS = ("#5ba300", "#009eb0", "#c7ba00", "#e09b96")


def _names(document: dict[str, object], key: str) -> list[str] | None:
    value = document.get(key)
    if isinstance(value, list) and value and all(isinstance(item, (str, dict)) for item in value):
        return [item if isinstance(item, str) else str(item.get("name", "")) for item in value]
    return None


def parse(
    data: bytes,
    source: str = "config.json",
    quadrant_names: Sequence[str] | None = None,
    ring_names: Sequence[str] | None = None,
) -> ParseResult:
    result = ParseResult(NAME, source)
    try:
        document = load_json(data, source)
        if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
            raise FormatError(f"{source} is not Zalando tech-radar JSON: expected an object with an 'entries' list.")
        quadrants = list(quadrant_names or _names(document, "quadrants") or ZALANDO_QUADRANTS)
        rings = list(ring_names or _names(document, "rings") or ZALANDO_RINGS)
        result.quadrants = from_bottom_right([ParsedQuadrant(name) for name in quadrants])
        colours = ZALANDO_COLOURS if rings == list(ZALANDO_RINGS) else ("",) * len(rings)
        result.rings = [ParsedRing(name, colour=colour) for name, colour in zip(rings, colours, strict=False)]
        for index, entry in enumerate(document["entries"], start=1):
            if not isinstance(entry, dict):
                result.problems.append(Problem(index, "entry", "not an object"))
                continue
            name = str(entry.get("label") or "").strip()
            placed: dict[str, str] = {}
            for field_name, names in (("quadrant", quadrants), ("ring", rings)):
                number = entry.get(field_name)
                if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number < len(names):
                    result.problems.append(
                        Problem(index, field_name, f"{number!r} is not a {field_name} number 0-{len(names) - 1}", name)
                    )
                else:
                    placed[field_name] = names[number]
            if len(placed) < 2:
                continue
            link = str(entry.get("link") or "").strip()
            result.blips.append(
                ParsedBlip(
                    key=blip_key(str(entry.get("id") or ""), name),
                    name=name,
                    quadrant=placed["quadrant"],
                    ring=placed["ring"],
                    line=index,
                    description=str(entry.get("description") or ""),
                    links=[{"title": name, "url": link}] if link.startswith(("http://", "https://")) else [],
                    featured=entry.get("active", True) is not False,
                )
            )
        return finish(result)
    except FormatError as error:
        return result.fail(str(error))


MOVED = {"moved_out": -1, "no_change": 0, "moved_in": 1, "new": 2}


def export(radar: RadarExport) -> bytes:
    """Zalando's config.json; our quadrant and ring names ride along so that an import needs no mapping."""
    if len(radar.quadrants) != 4 or len(radar.rings) != 4:
        raise ValueError(
            "Zalando's radar has exactly 4 quadrants and 4 rings; this radar has "
            f"{len(radar.quadrants)} and {len(radar.rings)}."
        )
    order = clockwise_from_bottom_right(len(radar.quadrants))
    number = {radar.quadrants[index].slug: position for position, index in enumerate(order)}
    entries = []
    for blip in radar.blips:
        entry: dict[str, object] = {
            "quadrant": number[blip.quadrant],
            "ring": radar.ring_index(blip.ring),
            "label": blip.name,
            "active": blip.drawn,
            "moved": MOVED.get(blip.movement, 0),
        }
        if blip.links:
            entry["link"] = blip.links[0][1]
        elif radar.base_url:
            entry["link"] = f"{radar.base_url}/blips/{blip.slug}"
        entries.append(entry)
    document = {
        "date": radar.on.strftime("%Y.%m"),
        "quadrants": [{"name": radar.quadrants[index].name} for index in order],
        "rings": [{"name": ring.name, "color": ring.colour} for ring in radar.rings],
        "entries": entries,
    }
    return json.dumps(document, indent=2, ensure_ascii=False).encode()
