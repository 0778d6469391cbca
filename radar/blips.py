"""Reading the radar: the current radar or a past edition as one view model, and one blip with its history.

Query counts stay constant however many blips there are: each function reads whole tables once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from piccolo.query.functions.aggregate import Max

from radar.errors import NotFound
from radar.figure import (
    Chart,
    FigureBlip,
    FigureQuadrant,
    FigureRing,
    build_figure,
    chart,
    figure_for,
    place_blips,
)
from radar.filters import Filters, Searchable, matches
from radar.layout import Layout, Position
from radar.movements import MOVEMENT_LABELS, movement_between
from radar.tables import AuditEvent, Blip, Edition, EditionEntry, Quadrant, Ring, RingChange

DEFAULT_FADE_AFTER_EDITIONS = 3


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
    review_after_months: int = 12


@dataclass(frozen=True)
class BlipView:
    number: int | None  # None for faded blips, which are not drawn
    slug: str
    name: str
    quadrant: QuadrantView
    ring: RingView
    movement: str
    summary: str
    description: str
    tags: list[str]
    owner: str
    faded: bool = False
    position: Position | None = None

    @property
    def movement_label(self) -> str:
        return MOVEMENT_LABELS[self.movement]

    def searchable(self) -> Searchable:
        return Searchable(
            quadrant=self.quadrant.slug,
            ring=self.ring.slug,
            tags=tuple(self.tags),
            movement=self.movement,
            owner=self.owner,
            text=f"{self.name} {self.summary} {self.description}",
        )


@dataclass(frozen=True)
class Radar:
    """The current radar or one edition: every blip (faded ones too) and where each is drawn."""

    quadrants: list[QuadrantView]
    rings: list[RingView]
    blips: list[BlipView]
    placed: Layout
    title: str
    compared_to: str | None  # the edition movements are measured against
    edition: EditionSummary | None = None  # set when this is a published edition
    unpublished: bool = False  # the live state, shown on `/` only while no edition has been published

    @property
    def drawn(self) -> list[BlipView]:
        return [blip for blip in self.blips if not blip.faded]

    @property
    def tags(self) -> list[str]:
        return sorted({tag for blip in self.blips for tag in blip.tags})

    @property
    def owners(self) -> list[str]:
        return sorted({blip.owner for blip in self.blips if blip.owner})

    def grouped(self, visible: list[BlipView]) -> list[tuple[QuadrantView, list[tuple[RingView, list[BlipView]]]]]:
        """The drawn blips among `visible`, by quadrant then ring, in number order: the list beside the chart."""
        cells: dict[tuple[int, int], list[BlipView]] = {}
        for blip in sorted((b for b in visible if not b.faded), key=lambda b: b.number or 0):
            cells.setdefault((blip.quadrant.id, blip.ring.id), []).append(blip)
        groups = []
        for quadrant in self.quadrants:
            rings = [(ring, cells[(quadrant.id, ring.id)]) for ring in self.rings if (quadrant.id, ring.id) in cells]
            if rings:
                groups.append((quadrant, rings))
        return groups

    def filtered(self, filters: Filters) -> list[BlipView]:
        return [blip for blip in self.blips if matches(blip.searchable(), filters)]

    def quadrant_index(self, slug: str) -> int | None:
        return next((index for index, quadrant in enumerate(self.quadrants) if quadrant.slug == slug), None)

    def chart(
        self,
        visible: list[BlipView] | None = None,
        quadrant: int | None = None,
        width: float | None = None,
        quadrant_href: str = "/quadrants/{}",
    ) -> Chart:
        """The pixels of the visible blips (default: all not faded), each at its place on the whole radar: the
        whole radar, or one quadrant drawn alone `width` pixels wide."""
        shown = [blip for blip in (self.drawn if visible is None else visible) if not blip.faded]
        quadrant_index = {quadrant.id: index for index, quadrant in enumerate(self.quadrants)}
        ring_index = {ring.id: index for index, ring in enumerate(self.rings)}
        return chart(
            [FigureQuadrant(quadrant.name, quadrant.slug) for quadrant in self.quadrants],
            [FigureRing(ring.name, ring.colour) for ring in self.rings],
            [
                FigureBlip(
                    number=blip.number or 0,
                    slug=blip.slug,
                    name=blip.name,
                    quadrant=quadrant_index[blip.quadrant.id],
                    ring=ring_index[blip.ring.id],
                    movement=blip.movement,
                    summary=blip.summary,
                )
                for blip in shown
            ],
            self.placed,
            quadrant,
            width,
            quadrant_href,
        )

    def figure(
        self, visible: list[BlipView] | None = None, quadrant: int | None = None, width: float | None = None
    ) -> dict[str, Any]:
        """The Plotly figure of `chart()`."""
        if not self.quadrants or not self.rings:
            return build_figure([], [], [])
        return figure_for(self.chart(visible, quadrant, width))


@dataclass(frozen=True)
class EditionSummary:
    id: int
    slug: str
    name: str
    published_on: date
    introduction: str


@dataclass(frozen=True)
class HistoryEntry:
    changed_at: datetime
    from_ring: str | None
    to_ring: str
    reason: str
    source: str
    decision_ref: str
    edition: EditionSummary | None  # the first edition that published this change


@dataclass(frozen=True)
class EditionAppearance:
    slug: str
    name: str
    published_on: date
    ring: str
    movement: str
    faded: bool

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
    faded: bool
    history: list[HistoryEntry] = field(default_factory=list)
    editions: list[EditionAppearance] = field(default_factory=list)
    published_ring: RingView | None = None  # its ring in the latest edition; None when not in it
    pending: str = ""  # the change decided since the latest edition, waiting for the next one


async def quadrants() -> list[QuadrantView]:
    rows = await Quadrant.select().order_by(Quadrant.position).order_by(Quadrant.id).run()
    return [QuadrantView(r["id"], r["slug"], r["name"], r["description"], r["position"]) for r in rows]


async def rings() -> list[RingView]:
    rows = await Ring.select().order_by(Ring.position).order_by(Ring.id).run()
    return [
        RingView(r["id"], r["slug"], r["name"], r["description"], r["position"], r["colour"], r["review_after_months"])
        for r in rows
    ]


async def editions() -> list[EditionSummary]:
    """Every published edition, newest first."""
    rows = await (
        Edition.select(Edition.id, Edition.slug, Edition.name, Edition.published_on, Edition.introduction)
        .order_by(Edition.published_on, ascending=False)
        .order_by(Edition.id, ascending=False)
        .run()
    )
    return [EditionSummary(r["id"], r["slug"], r["name"], r["published_on"], r["introduction"]) for r in rows]


VERSION_SQL = (
    "SELECT (SELECT max(id) FROM audit_event) AS audit, (SELECT count(*) FROM blip) AS blips, "
    "(SELECT max(updated_at) FROM blip) AS updated, (SELECT max(id) FROM ring_change) AS changes, "
    "(SELECT max(id) FROM edition) AS editions, (SELECT max(id) FROM quadrant) AS quadrants, "
    "(SELECT max(id) FROM ring) AS rings"
)


async def data_version() -> str:
    """Changes whenever the radar does: every change writes an audit event in its transaction, and the newest
    rows of the radar's tables are part of it too, for changes made straight in the database."""
    rows = await AuditEvent.raw(VERSION_SQL).run()
    return "-".join(str(value) for value in rows[0].values())


def _number(blips: list[BlipView]) -> list[BlipView]:
    """Number the drawn blips by quadrant, ring and name, as the list beside the chart shows them."""
    ordered = sorted(blips, key=lambda b: (b.quadrant.position, b.ring.position, b.name.casefold()))
    numbered, number = [], 0
    for blip in ordered:
        if blip.faded:
            numbered.append(replace(blip, number=None))
        else:
            number += 1
            numbered.append(replace(blip, number=number))
    return numbered


def _placed(
    blips: list[BlipView],
    quadrant_list: list[QuadrantView],
    ring_list: list[RingView],
    previous: dict[str, Position],
    exact: bool = False,
) -> tuple[list[BlipView], Layout]:
    """Lay out every blip (faded ones keep their place too) and attach each position; `exact` keeps stored
    positions as they are (a published edition)."""
    quadrant_index = {quadrant.id: index for index, quadrant in enumerate(quadrant_list)}
    ring_index = {ring.id: index for index, ring in enumerate(ring_list)}
    placed = place_blips(
        [
            FigureBlip(0, b.slug, b.name, quadrant_index[b.quadrant.id], ring_index[b.ring.id], b.movement, "")
            for b in blips
        ],
        len(quadrant_list),
        len(ring_list),
        previous,
        exact,
    )
    return [replace(blip, position=placed.positions[blip.slug]) for blip in blips], placed


async def _entries(edition_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await (
        EditionEntry.select(*EditionEntry.all_columns(), EditionEntry.blip.slug.as_alias("slug"))
        .where(EditionEntry.edition == edition_id)
        .run()
    )
    return rows


def editions_since(moment: datetime, edition_dates: list[date]) -> int:
    """How many editions were published after `moment`."""
    return sum(1 for day in edition_dates if day > moment.astimezone(UTC).date())


async def last_affirmed() -> dict[int, datetime]:
    """When each blip was last re-affirmed: its latest ring change, or the chair's explicit re-affirmation."""
    changes = await (
        RingChange.select(RingChange.blip, Max(RingChange.changed_at).as_alias("latest"))
        .group_by(RingChange.blip)
        .run()
    )
    # SQLite hands aggregates back as text; PostgreSQL as datetimes.
    affirmed = {
        row["blip"]: datetime.fromisoformat(row["latest"]) if isinstance(row["latest"], str) else row["latest"]
        for row in changes
    }
    for row in await Blip.select(Blip.id, Blip.reaffirmed_at).where(Blip.reaffirmed_at.is_not_null()).run():
        affirmed[row["id"]] = max(affirmed.get(row["id"], row["reaffirmed_at"]), row["reaffirmed_at"])
    return affirmed


async def current_radar(fade_after: int = DEFAULT_FADE_AFTER_EDITIONS) -> Radar:
    """Every blip in its current ring, with its movement since the latest edition; a blip not re-affirmed for
    `fade_after` editions is faded. Blips keep the positions they had in the latest edition."""
    quadrant_list, ring_list = await quadrants(), await rings()
    quadrant_by_id = {quadrant.id: quadrant for quadrant in quadrant_list}
    ring_by_id = {ring.id: ring for ring in ring_list}
    edition_list = await editions()
    latest = edition_list[0] if edition_list else None
    previous_ring: dict[int, int] = {}
    previous_position: dict[str, Position] = {}
    if latest is not None:
        for entry in await _entries(latest.id):
            if entry["ring"] in ring_by_id:
                previous_ring[entry["blip"]] = ring_by_id[entry["ring"]].position
            previous_position[entry["slug"]] = Position(entry["r"], entry["theta"])
    affirmed = await last_affirmed()
    edition_dates = [edition.published_on for edition in edition_list]
    rows = await (
        Blip.select(
            Blip.id,
            Blip.slug,
            Blip.name,
            Blip.quadrant,
            Blip.ring,
            Blip.summary,
            Blip.description,
            Blip.tags,
            Blip.owner,
        )
        .where(Blip.retired_at.is_null())
        .run()
    )
    blips = [
        BlipView(
            number=None,
            slug=row["slug"],
            name=row["name"],
            quadrant=quadrant_by_id[row["quadrant"]],
            ring=ring_by_id[row["ring"]],
            movement=movement_between(previous_ring.get(row["id"]), ring_by_id[row["ring"]].position),
            summary=row["summary"],
            description=row["description"],
            tags=list(row["tags"] or []),
            owner=row["owner"],
            faded=row["id"] in affirmed and editions_since(affirmed[row["id"]], edition_dates) >= fade_after,
        )
        for row in rows
    ]
    blips, placed = _placed(blips, quadrant_list, ring_list, previous_position)
    return Radar(quadrant_list, ring_list, _number(blips), placed, "Technology radar", latest.name if latest else None)


async def published_radar(fade_after: int = DEFAULT_FADE_AFTER_EDITIONS) -> Radar:
    """What the published radar shows (`/`, /api/radar, the feed, the Backstage endpoint): the latest published
    edition, with its movements against the edition before it. Before any edition exists, the current state,
    marked `unpublished` so that the page can say so."""
    edition_list = await editions()
    if edition_list:
        return await edition_radar(edition_list[0].slug)
    return replace(await current_radar(fade_after), unpublished=True)


def pending_change(
    published: RingView | None, current: RingView, retired: bool, any_edition: bool, in_latest: bool
) -> str:
    """What the next edition changes for a blip, in words; "" when nothing (pure)."""
    if not any_edition:
        return ""
    if retired:
        return "Retired: it leaves the radar in the next edition." if in_latest else ""
    if not in_latest or published is None:
        return f"New: it joins the radar in {current.name} in the next edition."
    if published.id != current.id:
        return f"Moves from {published.name} to {current.name} in the next edition."
    return ""


async def edition_radar(slug: str) -> Radar:
    """A published edition exactly as it was: its blips, rings, movements, fading and positions."""
    edition_list = await editions()
    edition = next((edition for edition in edition_list if edition.slug == slug), None)
    if edition is None:
        raise NotFound(f"No edition called {slug!r}.")
    older = [e for e in edition_list if (e.published_on, e.id) < (edition.published_on, edition.id)]
    quadrant_list, ring_list = await quadrants(), await rings()
    quadrant_by_id = {quadrant.id: quadrant for quadrant in quadrant_list}
    ring_by_id = {ring.id: ring for ring in ring_list}
    entries = await _entries(edition.id)
    blips = [
        BlipView(
            number=None,
            slug=entry["slug"],
            name=entry["name"],
            quadrant=quadrant_by_id[entry["quadrant"]],
            ring=ring_by_id[entry["ring"]],
            movement=entry["movement"],
            summary=entry["summary"],
            description=entry["description"],
            tags=list(entry["tags"] or []),
            owner=entry["owner"],
            faded=entry["faded"],
        )
        for entry in entries
    ]
    stored = {entry["slug"]: Position(entry["r"], entry["theta"]) for entry in entries}
    blips, placed = _placed(blips, quadrant_list, ring_list, stored, exact=len(stored) == len(blips))
    return Radar(
        quadrant_list,
        ring_list,
        _number(blips),
        placed,
        edition.name,
        older[0].name if older else None,
        edition=edition,
    )


async def blip_detail(slug: str, fade_after: int = DEFAULT_FADE_AFTER_EDITIONS) -> BlipDetail:
    row = await Blip.select().where(Blip.slug == slug).first().output(load_json=True).run()
    if row is None:
        raise NotFound(f"No blip called {slug!r}.")
    ring_by_id = {ring.id: ring for ring in await rings()}
    quadrant = next(q for q in await quadrants() if q.id == row["quadrant"])
    edition_list = await editions()
    changes = await RingChange.select().where(RingChange.blip == row["id"]).order_by(RingChange.changed_at).run()

    def first_edition_after(moment: datetime) -> EditionSummary | None:
        later = [e for e in edition_list if e.published_on >= moment.astimezone(UTC).date()]
        return later[-1] if later else None

    history = [
        HistoryEntry(
            changed_at=change["changed_at"],
            from_ring=ring_by_id[change["from_ring"]].name if change["from_ring"] else None,
            to_ring=ring_by_id[change["to_ring"]].name,
            reason=change["reason"],
            source=change["source"],
            decision_ref=change["decision_ref"],
            edition=first_edition_after(change["changed_at"]),
        )
        for change in changes
    ]
    appearances = await (
        EditionEntry.select(
            EditionEntry.edition.slug.as_alias("edition_slug"),
            EditionEntry.edition.name.as_alias("edition_name"),
            EditionEntry.edition.published_on.as_alias("published_on"),
            EditionEntry.ring,
            EditionEntry.movement,
            EditionEntry.faded,
        )
        .where(EditionEntry.blip == row["id"])
        .run()
    )
    appearances.sort(key=lambda entry: entry["published_on"], reverse=True)
    latest_entry = (
        await EditionEntry.select(EditionEntry.ring)
        .where((EditionEntry.blip == row["id"]) & (EditionEntry.edition == edition_list[0].id))
        .first()
        .run()
        if edition_list
        else None
    )
    published_ring = ring_by_id.get(latest_entry["ring"]) if latest_entry else None
    moments = [change["changed_at"] for change in changes] + ([row["reaffirmed_at"]] if row["reaffirmed_at"] else [])
    latest_affirmation = max(moments or [row["created_at"]])
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
        faded=editions_since(latest_affirmation, [e.published_on for e in edition_list]) >= fade_after,
        history=history,
        editions=[
            EditionAppearance(
                slug=entry["edition_slug"],
                name=entry["edition_name"],
                published_on=entry["published_on"],
                ring=ring_by_id[entry["ring"]].name,
                movement=entry["movement"],
                faded=entry["faded"],
            )
            for entry in appearances
        ],
        published_ring=published_ring,
        pending=pending_change(
            published_ring,
            ring_by_id[row["ring"]],
            row["retired_at"] is not None,
            bool(edition_list),
            latest_entry is not None,
        ),
    )
