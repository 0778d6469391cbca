"""Exporting the current radar or one edition in any of the file formats: reads the database into a
`RadarExport` (plain values) and hands it to the format's pure exporter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from radar import audit, blips
from radar.errors import NotFound, Refused
from radar.formats import (
    FORMATS,
    ExportBlip,
    ExportEdition,
    ExportQuadrant,
    ExportRing,
    HistoryStep,
    RadarExport,
    aoe,
    backstage,
    byor_csv,
    byor_json,
    zalando,
)
from radar.tables import Blip, EditionEntry, RingChange

EXPORTERS: dict[str, Callable[[RadarExport], bytes]] = {
    "byor-csv": byor_csv.export,
    "byor-json": byor_json.export,
    "zalando": zalando.export,
    "aoe": aoe.export,
    "backstage": backstage.export,
}
MEDIA_TYPES = {
    "byor-csv": ("text/csv; charset=utf-8", "csv"),
    "byor-json": ("application/json", "json"),
    "zalando": ("application/json", "json"),
    "aoe": ("application/zip", "zip"),
    "backstage": ("application/json", "json"),
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str


def _links(value: Any) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(link.get("title") or link.get("url")), str(link["url"]))
        for link in value or []
        if isinstance(link, dict) and link.get("url")
    )


def _export_blip(
    row: dict[str, Any], quadrant_slugs: dict[int, str], ring_slugs: dict[int, str], links: Any, **rest: Any
) -> ExportBlip:
    """A blip or edition-entry row as exported; `rest` carries what differs (movement, drawn, history)."""
    return ExportBlip(
        slug=row["slug"],
        name=row["name"],
        quadrant=quadrant_slugs[row["quadrant"]],
        ring=ring_slugs[row["ring"]],
        description=row["description"],
        summary=row["summary"],
        tags=tuple(row["tags"] or ()),
        links=_links(links),
        **rest,
    )


async def _history(ring_slugs: dict[int, str], until: datetime | None = None) -> dict[int, list[HistoryStep]]:
    history: dict[int, list[HistoryStep]] = {}
    query = RingChange.select(RingChange.blip, RingChange.to_ring, RingChange.changed_at, RingChange.reason)
    for row in await query.order_by(RingChange.changed_at).order_by(RingChange.id).run():
        if until is not None and row["changed_at"] > until:
            continue
        history.setdefault(row["blip"], []).append(
            HistoryStep(row["changed_at"].astimezone(UTC).date(), ring_slugs[row["to_ring"]], row["reason"])
        )
    return history


async def _editions(quadrant_slugs: dict[int, str], ring_slugs: dict[int, str]) -> list[ExportEdition]:
    rows = await EditionEntry.select(
        *EditionEntry.all_columns(), EditionEntry.blip.slug.as_alias("slug"), EditionEntry.blip.links.as_alias("links")
    ).run()
    by_edition: dict[int, list[ExportBlip]] = {}
    for row in rows:
        by_edition.setdefault(row["edition"], []).append(
            _export_blip(
                row,
                quadrant_slugs,
                ring_slugs,
                links=row["links"] if isinstance(row["links"], list) else [],
                movement=row["movement"],
                drawn=not row["faded"],
            )
        )
    return [
        ExportEdition(edition.slug, edition.name, edition.published_on, tuple(by_edition.get(edition.id, [])))
        for edition in reversed(await blips.editions())
    ]


async def radar_export(edition: str | None = None, base_url: str = "", today: date | None = None) -> RadarExport:
    """The current radar (every blip, retired ones as not drawn, with full history and every edition), or one
    edition as published (history and editions up to its date)."""
    quadrant_list, ring_list = await blips.quadrants(), await blips.rings()
    quadrant_slugs = {quadrant.id: quadrant.slug for quadrant in quadrant_list}
    ring_slugs = {ring.id: ring.slug for ring in ring_list}
    quadrants = tuple(ExportQuadrant(q.slug, q.name, q.description) for q in quadrant_list)
    rings = tuple(ExportRing(r.slug, r.name, r.colour, r.description) for r in ring_list)
    edition_list = await _editions(quadrant_slugs, ring_slugs)
    if edition is not None:
        chosen = next((item for item in edition_list if item.slug == edition), None)
        if chosen is None:
            raise NotFound(f"there is no edition called {edition!r}")
        until = datetime.combine(chosen.published_on, time.max, tzinfo=UTC)
        history = await _history(ring_slugs, until)
        ids = {row["slug"]: row["id"] for row in await Blip.select(Blip.id, Blip.slug).run()}
        return RadarExport(
            title=chosen.name,
            on=chosen.published_on,
            quadrants=quadrants,
            rings=rings,
            blips=tuple(
                ExportBlip(**{**_fields(blip), "history": tuple(history.get(ids[blip.slug], ()))})
                for blip in chosen.blips
            ),
            editions=tuple(item for item in edition_list if item.published_on <= chosen.published_on),
            edition=chosen.slug,
            base_url=base_url,
        )
    current = {blip.slug: blip for blip in (await blips.current_radar()).blips}
    history = await _history(ring_slugs)
    rows = await Blip.select().order_by(Blip.name).output(load_json=True).run()
    exported = []
    for row in rows:
        view = current.get(row["slug"])
        exported.append(
            _export_blip(
                row,
                quadrant_slugs,
                ring_slugs,
                links=row["links"],
                movement=view.movement if view else "no_change",
                drawn=view is not None and not view.faded and row["retired_at"] is None,
                history=tuple(history.get(row["id"], ())),
            )
        )
    return RadarExport(
        title="Technology radar",
        on=today or audit.now().date(),
        quadrants=quadrants,
        rings=rings,
        blips=tuple(exported),
        editions=tuple(edition_list),
        base_url=base_url,
    )


def _fields(blip: ExportBlip) -> dict[str, Any]:
    return {name: getattr(blip, name) for name in ExportBlip.__dataclass_fields__}


async def export_radar(format_name: str, edition: str | None = None, base_url: str = "") -> ExportFile:
    """The radar (or an edition) as a file in `format_name`."""
    if format_name not in FORMATS:
        raise NotFound(f"there is no format {format_name!r}; use one of {', '.join(FORMATS)}")
    radar = await radar_export(edition, base_url)
    try:
        content = EXPORTERS[format_name](radar)
    except ValueError as error:
        raise Refused(str(error)) from error
    media_type, extension = MEDIA_TYPES[format_name]
    stem = f"radar-{edition or radar.on.isoformat()}-{format_name}"
    return ExportFile(content, media_type, f"{stem}.{extension}")
