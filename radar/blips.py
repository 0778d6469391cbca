"""Reading the radar: the current blips with their movements, and one blip with its history.

Query counts stay constant however many blips there are: each function reads whole tables once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from radar.errors import NotFound
from radar.figure import FigureBlip, FigureQuadrant, FigureRing, build_figure
from radar.movements import MOVEMENT_LABELS, movement_between
from radar.tables import Blip, Edition, EditionEntry, Quadrant, Ring, RingChange


@dataclass(frozen=True)
class QuadrantView:
    id: int
    slug: str
    name: str
    description: str
    position: int


@dataclass(frozen=True)
class RingView:
    id: int
    slug: str
    name: str
    description: str
    position: int
    colour: str


@dataclass(frozen=True)
class BlipView:
    number: int
    slug: str
    name: str
    quadrant: QuadrantView
    ring: RingView
    movement: str
    summary: str
    tags: list[str]
    owner: str

    @property
    def movement_label(self) -> str:
        return MOVEMENT_LABELS[self.movement]


@dataclass(frozen=True)
class Radar:
    quadrants: list[QuadrantView]
    rings: list[RingView]
    blips: list[BlipView]
    compared_to: str | None  # the edition movements are measured against

    def figure(self) -> dict[str, Any]:
        quadrant_index = {quadrant.id: index for index, quadrant in enumerate(self.quadrants)}
        ring_index = {ring.id: index for index, ring in enumerate(self.rings)}
        return build_figure(
            [FigureQuadrant(quadrant.name) for quadrant in self.quadrants],
            [FigureRing(ring.name, ring.colour) for ring in self.rings],
            [
                FigureBlip(
                    number=blip.number,
                    slug=blip.slug,
                    name=blip.name,
                    quadrant=quadrant_index[blip.quadrant.id],
                    ring=ring_index[blip.ring.id],
                    movement=blip.movement,
                    summary=blip.summary,
                )
                for blip in self.blips
            ],
        )


@dataclass(frozen=True)
class HistoryEntry:
    changed_at: datetime
    from_ring: str | None
    to_ring: str
    reason: str
    source: str
    decision_ref: str


@dataclass(frozen=True)
class EditionAppearance:
    slug: str
    name: str
    published_on: date
    ring: str
    movement: str

    @property
    def movement_label(self) -> str:
        return MOVEMENT_LABELS[self.movement]


@dataclass(frozen=True)
class BlipDetail:
    slug: str
    name: str
    quadrant: QuadrantView
    ring: RingView
    summary: str
    description: str
    tags: list[str]
    links: list[dict[str, str]]
    owner: str
    imported: bool
    history: list[HistoryEntry] = field(default_factory=list)
    editions: list[EditionAppearance] = field(default_factory=list)


async def quadrants() -> list[QuadrantView]:
    rows = await Quadrant.select().order_by(Quadrant.position).run()
    return [QuadrantView(r["id"], r["slug"], r["name"], r["description"], r["position"]) for r in rows]


async def rings() -> list[RingView]:
    rows = await Ring.select().order_by(Ring.position).run()
    return [RingView(r["id"], r["slug"], r["name"], r["description"], r["position"], r["colour"]) for r in rows]


async def latest_edition() -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await Edition.select()
        .order_by(Edition.published_on, ascending=False)
        .order_by(Edition.id, ascending=False)
        .first()
        .run()
    )
    return row


async def current_radar() -> Radar:
    """Every blip in its current ring, numbered by quadrant then ring then name, with its movement since the
    latest edition."""
    quadrant_list, ring_list = await quadrants(), await rings()
    quadrant_by_id = {quadrant.id: quadrant for quadrant in quadrant_list}
    ring_by_id = {ring.id: ring for ring in ring_list}
    edition = await latest_edition()
    previous_ring: dict[int, int] = {}
    if edition is not None:
        entries = (
            await EditionEntry.select(EditionEntry.blip, EditionEntry.ring)
            .where(EditionEntry.edition == edition["id"])
            .run()
        )
        previous_ring = {row["blip"]: ring_by_id[row["ring"]].position for row in entries if row["ring"] in ring_by_id}
    rows = await Blip.select(
        Blip.id, Blip.slug, Blip.name, Blip.quadrant, Blip.ring, Blip.summary, Blip.tags, Blip.owner
    ).run()
    rows.sort(
        key=lambda row: (
            quadrant_by_id[row["quadrant"]].position,
            ring_by_id[row["ring"]].position,
            row["name"].lower(),
        )
    )
    blips = [
        BlipView(
            number=number,
            slug=row["slug"],
            name=row["name"],
            quadrant=quadrant_by_id[row["quadrant"]],
            ring=ring_by_id[row["ring"]],
            movement=movement_between(previous_ring.get(row["id"]), ring_by_id[row["ring"]].position),
            summary=row["summary"],
            tags=list(row["tags"] or []),
            owner=row["owner"],
        )
        for number, row in enumerate(rows, start=1)
    ]
    return Radar(quadrant_list, ring_list, blips, edition["name"] if edition else None)


async def blip_detail(slug: str) -> BlipDetail:
    row = await Blip.select().where(Blip.slug == slug).first().output(load_json=True).run()
    if row is None:
        raise NotFound(f"blip {slug!r}")
    ring_list = await rings()
    ring_by_id = {ring.id: ring for ring in ring_list}
    quadrant = next(q for q in await quadrants() if q.id == row["quadrant"])
    changes = await RingChange.select().where(RingChange.blip == row["id"]).order_by(RingChange.changed_at).run()
    history = [
        HistoryEntry(
            changed_at=change["changed_at"],
            from_ring=ring_by_id[change["from_ring"]].name if change["from_ring"] else None,
            to_ring=ring_by_id[change["to_ring"]].name,
            reason=change["reason"],
            source=change["source"],
            decision_ref=change["decision_ref"],
        )
        for change in changes
    ]
    appearances = (
        await EditionEntry.select(
            EditionEntry.edition.slug.as_alias("edition_slug"),
            EditionEntry.edition.name.as_alias("edition_name"),
            EditionEntry.edition.published_on.as_alias("published_on"),
            EditionEntry.ring,
            EditionEntry.movement,
        )
        .where(EditionEntry.blip == row["id"])
        .run()
    )
    appearances.sort(key=lambda entry: entry["published_on"], reverse=True)
    return BlipDetail(
        slug=row["slug"],
        name=row["name"],
        quadrant=quadrant,
        ring=ring_by_id[row["ring"]],
        summary=row["summary"],
        description=row["description"],
        tags=list(row["tags"] or []),
        links=list(row["links"] or []),
        owner=row["owner"],
        imported=row["imported"],
        history=history,
        editions=[
            EditionAppearance(
                slug=entry["edition_slug"],
                name=entry["edition_name"],
                published_on=entry["published_on"],
                ring=ring_by_id[entry["ring"]].name,
                movement=entry["movement"],
            )
            for entry in appearances
        ],
    )
