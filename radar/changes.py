"""Every write to blips and their ring history. A board decision, an import, the seed and the admin pages call
these functions; no module outside `radar/` inserts a `Blip` or `RingChange` row.

The functions do not open a transaction: the caller holds one, so the change lands with its audit event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from piccolo.utils.encoding import dump_json

from radar.errors import NotFound
from radar.limits import unique_slug
from radar.tables import Blip, RingChange


@dataclass(frozen=True)
class NewBlip:
    """What a new blip starts with. `slug` is derived from the name when empty."""

    name: str
    quadrant_id: int
    ring_id: int
    summary: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    owner: str = ""
    slug: str = ""
    imported: bool = False


async def add_blip(
    blip: NewBlip,
    at: datetime,
    reason: str,
    source: str,
    actor_id: int | None = None,
    decision_ref: str = "",
) -> int:
    """Create a blip in its first ring, with the history entry that put it there; returns its id."""
    slug = blip.slug or await unique_slug(Blip, blip.name, fallback="blip")
    row = Blip(
        slug=slug,
        name=blip.name,
        quadrant=blip.quadrant_id,
        ring=blip.ring_id,
        summary=blip.summary,
        description=blip.description,
        tags=list(blip.tags),
        links=list(blip.links),
        owner=blip.owner,
        imported=blip.imported,
        created_at=at,
        updated_at=at,
    )
    await row.save().run()
    blip_id = int(row.id)
    await _history(blip_id, None, blip.ring_id, at, reason, source, actor_id, decision_ref)
    return blip_id


async def move_blip(
    blip_id: int,
    to_ring_id: int,
    at: datetime,
    reason: str,
    source: str,
    actor_id: int | None = None,
    decision_ref: str = "",
) -> bool:
    """Move a blip to another ring and record it in its history; False (and nothing written) if already there."""
    current = await Blip.select(Blip.ring).where(Blip.id == blip_id).first().run()
    if current is None:
        raise NotFound(f"There is no blip with id {blip_id}.")
    if current["ring"] == to_ring_id:
        return False
    await Blip.update({Blip.ring: to_ring_id, Blip.updated_at: at}).where(Blip.id == blip_id).run()
    await _history(blip_id, current["ring"], to_ring_id, at, reason, source, actor_id, decision_ref)
    return True


async def retire_blip(blip_id: int, at: datetime) -> None:
    """Take a blip off the radar from `at` on; it keeps its history and its place in past editions."""
    await Blip.update({Blip.retired_at: at, Blip.updated_at: at}).where(Blip.id == blip_id).run()


async def reaffirm_blip(blip_id: int, at: datetime) -> None:
    """The chair (or the seed) confirms the blip stands where it is at `at`, so that it does not fade."""
    await Blip.update({Blip.reaffirmed_at: at}).where(Blip.id == blip_id).run()


async def retire_blips(blip_ids: list[int], at: datetime) -> None:
    """Take several blips off the radar at once (an import's not-featured blips)."""
    if blip_ids:
        await Blip.update({Blip.retired_at: at, Blip.updated_at: at}).where(Blip.id.is_in(blip_ids)).run()


async def update_blip(blip_id: int, values: dict[str, Any], at: datetime) -> None:
    """Change a blip's text fields (name, summary, description, tags, links, owner, quadrant); never its ring."""
    allowed = {"name", "summary", "description", "tags", "links", "owner", "quadrant", "imported"}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"update_blip cannot change {sorted(unknown)}; rings change through move_blip")
    columns: dict[Any, Any] = {Blip._meta.get_column_by_name(name): value for name, value in values.items()}
    columns[Blip.updated_at] = at
    await Blip.update(columns).where(Blip.id == blip_id).run()


async def _history(
    blip_id: int,
    from_ring: int | None,
    to_ring: int,
    at: datetime,
    reason: str,
    source: str,
    actor_id: int | None,
    decision_ref: str,
) -> None:
    await RingChange.insert(
        RingChange(
            blip=blip_id,
            from_ring=from_ring,
            to_ring=to_ring,
            changed_at=at,
            reason=reason,
            source=source,
            decision_ref=decision_ref,
            changed_by=actor_id,
        )
    ).run()


BLIP_COLUMNS = ("slug", "name", "quadrant", "ring", "summary", "description", "tags", "links", "owner", "imported",
                "created_at", "updated_at")  # fmt: skip
HISTORY_COLUMNS = ("blip", "from_ring", "to_ring", "changed_at", "reason", "source", "decision_ref", "changed_by")


def _insert_sql(table: str, columns: tuple[str, ...], rows: int, returning: bool) -> str:
    row = "(" + ", ".join("{}" for _ in columns) + ")"
    names = ", ".join(f'"{column}"' for column in columns)
    return (
        f'INSERT INTO "{table}" ({names}) VALUES '  # noqa: S608 - our table and column names only
        + ", ".join([row] * rows)
        + (' RETURNING "id"' if returning else "")
    )


async def add_blips(
    blips: list[tuple[NewBlip, datetime]],
    reason: str,
    source: str,
    actor_id: int | None = None,
    moves: list[list[tuple[int, datetime, str]]] | None = None,
) -> list[int]:
    """Create many blips, each with its first history entry and then its later ring changes (`moves[i]`: ring id,
    when, why; oldest first), in a few multi-row statements: an import of a thousand rows or of nine releases
    (building a Piccolo row object per blip costs more than the database does). Every NewBlip must carry its
    slug. Returns the ids in the order given."""
    ids: list[int] = []
    for start in range(0, len(blips), 200):
        chunk = blips[start : start + 200]
        chunk_moves = (moves or [])[start : start + 200] or [[] for _ in chunk]
        values: list[Any] = []
        for (blip, at), later in zip(chunk, chunk_moves, strict=True):
            ring, updated = (later[-1][0], later[-1][1]) if later else (blip.ring_id, at)
            text = [blip.summary, blip.description, list(blip.tags), dump_json(list(blip.links)), blip.owner]
            values += [blip.slug, blip.name, blip.quadrant_id, ring, *text, blip.imported, at, updated]
        inserted = await Blip.raw(_insert_sql("blip", BLIP_COLUMNS, len(chunk), True), *values).run()
        chunk_ids = [int(row["id"]) for row in inserted]
        history: list[Any] = []
        for blip_id, (blip, at), later in zip(chunk_ids, chunk, chunk_moves, strict=True):
            history += [blip_id, None, blip.ring_id, at, reason, source, "", actor_id]
            previous = blip.ring_id
            for ring_id, moved_at, why in later:
                history += [blip_id, previous, ring_id, moved_at, why, source, "", actor_id]
                previous = ring_id
        for offset in range(0, len(history), 8 * 300):
            part = history[offset : offset + 8 * 300]
            await RingChange.raw(_insert_sql("ring_change", HISTORY_COLUMNS, len(part) // 8, False), *part).run()
        ids.extend(chunk_ids)
    return ids
