"""Every write to blips and their ring history. A board decision, an import, the seed and the admin pages call
these functions; no module outside `radar/` inserts a `Blip` or `RingChange` row.

The functions do not open a transaction: the caller holds one, so the change lands with its audit event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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


async def add_blips(
    blips: list[tuple[NewBlip, datetime]],
    reason: str,
    source: str,
    actor_id: int | None = None,
) -> list[int]:
    """Create many blips, each with its first history entry, in a few statements (an import of a thousand rows);
    every NewBlip must carry its slug. Returns the ids in the order given."""
    ids: list[int] = []
    for start in range(0, len(blips), 200):
        chunk = blips[start : start + 200]
        rows = [
            Blip(
                slug=blip.slug,
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
            for blip, at in chunk
        ]
        inserted = await Blip.insert(*rows).returning(Blip.id).run()
        chunk_ids = [int(row["id"]) for row in inserted]
        await RingChange.insert(
            *[
                RingChange(
                    blip=blip_id,
                    from_ring=None,
                    to_ring=blip.ring_id,
                    changed_at=at,
                    reason=reason,
                    source=source,
                    changed_by=actor_id,
                )
                for blip_id, (blip, at) in zip(chunk_ids, chunk, strict=True)
            ]
        ).run()
        ids.extend(chunk_ids)
    return ids
