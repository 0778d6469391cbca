"""Publishing an edition (an immutable snapshot with movements derived from ring history) and comparing two."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from radar import audit, changes
from radar.blips import (
    BlipView,
    QuadrantView,
    RingView,
    _entries,
    _placed,
    editions,
    editions_since,
    quadrants,
    rings,
)
from radar.database import transaction
from radar.errors import NotFound, ValidationFailed
from radar.layout import Position
from radar.limits import LINE_MAX, MARKDOWN_MAX, column_max, too_long
from radar.movements import MOVEMENT_LABELS, movement_between
from radar.rendered_markdown import store_rendered
from radar.tables import Blip, Edition, EditionEntry, RingChange

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]{0,62}$")


def ring_as_of(changes: list[tuple[datetime, int]], moment: datetime) -> int | None:
    """The ring a blip held at `moment`, from its (changed_at, ring id) history; None if not yet on the radar."""
    ring = None
    for changed_at, ring_id in sorted(changes):
        if changed_at <= moment:
            ring = ring_id
    return ring


def validate_edition(
    slug: str, name: str, published_on: date | None, latest: date | None, introduction: str = ""
) -> dict[str, str]:
    errors: dict[str, str] = too_long({"introduction": introduction}, {"introduction": MARKDOWN_MAX})
    if not SLUG_PATTERN.match(slug):
        errors["slug"] = "Use lowercase letters, digits, dots and dashes, e.g. 2026-2."
    if not name.strip():
        errors["name"] = "Give the edition a name, e.g. 2026.2 — November 2026."
    elif len(name.strip()) > (column_max(Edition, "name") or LINE_MAX):
        errors["name"] = f"At most {column_max(Edition, 'name')} characters (this has {len(name.strip())})."
    if published_on is None:
        errors["published_on"] = "Enter the publication date as YYYY-MM-DD."
    elif latest and published_on < latest:
        errors["published_on"] = f"Must not be before the latest edition ({latest.isoformat()})."
    return errors


async def publish_edition(
    slug: str,
    name: str,
    published_on: date | None,
    introduction: str = "",
    actor_id: int | None = None,
    fade_after: int = 3,
    audit_detail: dict[str, Any] | None = None,
) -> int:
    """Snapshot every blip as it stood at the end of `published_on`: ring, movement since the previous edition,
    fading, and the position it is drawn at (kept from the previous edition when its sector is unchanged)."""
    slug = slug.strip().lower()
    async with transaction(Edition._meta.db):
        edition_list = await editions()
        errors = validate_edition(
            slug, name, published_on, edition_list[0].published_on if edition_list else None, introduction
        )
        if any(edition.slug == slug for edition in edition_list):
            errors["slug"] = f"An edition {slug!r} exists already."
        if errors:
            raise ValidationFailed(errors)
        assert published_on is not None
        moment = datetime.combine(published_on, time.max, tzinfo=UTC)
        quadrant_list, ring_list = await quadrants(), await rings()
        quadrant_by_id = {quadrant.id: quadrant for quadrant in quadrant_list}
        ring_by_id = {ring.id: ring for ring in ring_list}
        previous_ring: dict[int, int] = {}
        previous_position: dict[str, Position] = {}
        if edition_list:
            for entry in await _entries(edition_list[0].id):
                previous_ring[entry["blip"]] = entry["ring"]
                previous_position[entry["slug"]] = Position(entry["r"], entry["theta"])
        history: dict[int, list[tuple[datetime, int]]] = {}
        for change in await RingChange.select(RingChange.blip, RingChange.changed_at, RingChange.to_ring).run():
            history.setdefault(change["blip"], []).append((change["changed_at"], change["to_ring"]))
        edition_dates = [edition.published_on for edition in edition_list] + [published_on]
        ids: dict[str, int] = {}
        snapshot: list[BlipView] = []
        for blip in await Blip.select().run():
            ring = ring_as_of(history.get(blip["id"], []), moment)
            if ring is None or (blip["retired_at"] and blip["retired_at"] <= moment):
                continue
            affirmed = [at for at, _ in history.get(blip["id"], []) if at <= moment]
            if blip["reaffirmed_at"] and blip["reaffirmed_at"] <= moment:
                affirmed.append(blip["reaffirmed_at"])
            before = previous_ring.get(blip["id"])
            ids[blip["slug"]] = blip["id"]
            snapshot.append(
                BlipView(
                    number=None,
                    slug=blip["slug"],
                    name=blip["name"],
                    quadrant=quadrant_by_id[blip["quadrant"]],
                    ring=ring_by_id[ring],
                    movement=movement_between(
                        ring_by_id[before].position if before in ring_by_id else None, ring_by_id[ring].position
                    ),
                    summary=blip["summary"],
                    description=blip["description"],
                    tags=list(blip["tags"] or []),
                    owner=blip["owner"],
                    faded=bool(affirmed) and editions_since(max(affirmed), edition_dates) >= fade_after,
                )
            )
        snapshot, _ = _placed(snapshot, quadrant_list, ring_list, previous_position)
        edition = Edition(
            slug=slug,
            name=name.strip(),
            published_on=published_on,
            introduction=introduction,
            published_by=actor_id,
            created_at=audit.now(),
        )
        await edition.save().run()
        entries = [
            EditionEntry(
                edition=edition.id,
                blip=ids[view.slug],
                quadrant=view.quadrant.id,
                ring=view.ring.id,
                movement=view.movement,
                name=view.name,
                summary=view.summary,
                description=view.description,
                tags=view.tags,
                owner=view.owner,
                faded=view.faded,
                r=view.position.r if view.position else 0.0,
                theta=view.position.theta if view.position else 0.0,
            )
            for view in snapshot
        ]
        if entries:
            await EditionEntry.insert(*entries).run()
        await audit.record(
            "edition.publish", "edition", slug, actor_id, {"entries": len(entries), **(audit_detail or {})}
        )
    await store_rendered(edition.introduction)
    return int(edition.id)


async def reaffirm_blip(slug: str, actor_id: int | None) -> None:
    """The chair confirms a blip still stands where it is, so that it does not fade."""
    async with transaction(Blip._meta.db):
        row = await Blip.select(Blip.id).where(Blip.slug == slug).first().run()
        if row is None:
            raise NotFound(f"No blip called {slug!r}.")
        await changes.reaffirm_blip(row["id"], audit.now())
        await audit.record("blip.reaffirm", "blip", slug, actor_id)


@dataclass(frozen=True)
class DiffLine:
    slug: str
    name: str
    quadrant: str
    before: str | None  # ring name in the older edition
    after: str | None  # ring name in the newer edition


@dataclass
class EditionDiff:
    older: str
    newer: str
    added: list[DiffLine] = field(default_factory=list)
    removed: list[DiffLine] = field(default_factory=list)
    moved_in: list[DiffLine] = field(default_factory=list)
    moved_out: list[DiffLine] = field(default_factory=list)
    description_changed: list[DiffLine] = field(default_factory=list)
    unchanged: int = 0

    def sections(self) -> list[tuple[str, str, list[DiffLine]]]:
        return [
            ("added", "Added", self.added),
            ("removed", "Removed", self.removed),
            ("moved_in", MOVEMENT_LABELS["moved_in"], self.moved_in),
            ("moved_out", MOVEMENT_LABELS["moved_out"], self.moved_out),
            ("description_changed", "Description changed", self.description_changed),
        ]


def diff_entries(
    older: dict[str, dict[str, object]],
    newer: dict[str, dict[str, object]],
    ring_by_id: dict[int, RingView],
    quadrant_by_id: dict[int, QuadrantView],
    names: tuple[str, str],
) -> EditionDiff:
    """Compare two snapshots keyed by blip slug (pure)."""
    diff = EditionDiff(*names)

    def line(slug: str, before: dict[str, object] | None, after: dict[str, object] | None) -> DiffLine:
        entry = after or before
        assert entry is not None
        return DiffLine(
            slug=slug,
            name=str(entry["name"]),
            quadrant=quadrant_by_id[int(str(entry["quadrant"]))].name,
            before=ring_by_id[int(str(before["ring"]))].name if before else None,
            after=ring_by_id[int(str(after["ring"]))].name if after else None,
        )

    for slug in sorted(set(older) | set(newer), key=lambda s: str((newer.get(s) or older.get(s) or {})["name"])):
        before, after = older.get(slug), newer.get(slug)
        if before is None:
            diff.added.append(line(slug, None, after))
            continue
        if after is None:
            diff.removed.append(line(slug, before, None))
            continue
        changed = False
        ring_before = ring_by_id[int(str(before["ring"]))].position
        ring_after = ring_by_id[int(str(after["ring"]))].position
        if ring_after < ring_before:
            diff.moved_in.append(line(slug, before, after))
            changed = True
        elif ring_after > ring_before:
            diff.moved_out.append(line(slug, before, after))
            changed = True
        if before["description"] != after["description"] or before["summary"] != after["summary"]:
            diff.description_changed.append(line(slug, before, after))
            changed = True
        diff.unchanged += not changed
    return diff


async def next_edition_diff() -> EditionDiff:
    """What the next edition would change against the latest one: the radar's current state (decisions taken
    since, imports, retirements) compared with the latest edition's snapshot."""
    edition_list = await editions()
    ring_by_id = {ring.id: ring for ring in await rings()}
    quadrant_by_id = {quadrant.id: quadrant for quadrant in await quadrants()}
    older = {entry["slug"]: entry for entry in await _entries(edition_list[0].id)} if edition_list else {}
    current = (
        await Blip.select(Blip.slug, Blip.name, Blip.quadrant, Blip.ring, Blip.summary, Blip.description)
        .where(Blip.retired_at.is_null())
        .run()
    )
    newer: dict[str, dict[str, object]] = {row["slug"]: row for row in current}
    names = (edition_list[0].name if edition_list else "No edition yet", "Next edition")
    return diff_entries(older, newer, ring_by_id, quadrant_by_id, names)


async def diff_editions(older_slug: str, newer_slug: str) -> EditionDiff:
    """What changed from one edition to another (either order works; the older is compared to the newer)."""
    by_slug = {edition.slug: edition for edition in await editions()}
    for slug in (older_slug, newer_slug):
        if slug not in by_slug:
            raise NotFound(f"No edition called {slug!r}.")
    older, newer = sorted(
        (by_slug[older_slug], by_slug[newer_slug]), key=lambda edition: (edition.published_on, edition.id)
    )
    ring_by_id = {ring.id: ring for ring in await rings()}
    quadrant_by_id = {quadrant.id: quadrant for quadrant in await quadrants()}
    older_entries = {entry["slug"]: entry for entry in await _entries(older.id)}
    newer_entries = {entry["slug"]: entry for entry in await _entries(newer.id)}
    return diff_entries(older_entries, newer_entries, ring_by_id, quadrant_by_id, (older.name, newer.name))


class _PreviewDone(Exception):
    """Carries the preview's diff out of the transaction that is rolled back."""

    def __init__(self, diff: EditionDiff) -> None:
        super().__init__("preview")
        self.diff = diff


async def preview_edition(
    slug: str, name: str, published_on: date | None, introduction: str = "", fade_after: int = 3
) -> EditionDiff:
    """What publishing would change against the latest edition, without publishing: the edition is published
    inside a transaction that is then rolled back, so the preview is exactly what publishing does (and raises
    the same field errors)."""
    latest = await editions()
    try:
        async with transaction(Edition._meta.db):
            edition_id = await publish_edition(slug, name, published_on, introduction, None, fade_after)
            ring_by_id = {ring.id: ring for ring in await rings()}
            quadrant_by_id = {quadrant.id: quadrant for quadrant in await quadrants()}
            older = {entry["slug"]: entry for entry in await _entries(latest[0].id)} if latest else {}
            newer = {entry["slug"]: entry for entry in await _entries(edition_id)}
            names = (latest[0].name if latest else "an empty radar", name.strip())
            raise _PreviewDone(diff_entries(older, newer, ring_by_id, quadrant_by_id, names))
    except _PreviewDone as done:
        return done.diff
