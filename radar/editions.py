"""Publishing an edition: an immutable snapshot of the radar with movements derived from ring history."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from radar import audit
from radar.database import transaction
from radar.errors import ValidationFailed
from radar.movements import movement_between
from radar.tables import Blip, Edition, EditionEntry, Ring, RingChange

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def ring_as_of(changes: list[tuple[datetime, int]], moment: datetime) -> int | None:
    """The ring a blip held at `moment`, from its (changed_at, ring id) history; None if not yet on the radar."""
    ring = None
    for changed_at, ring_id in sorted(changes):
        if changed_at <= moment:
            ring = ring_id
    return ring


async def publish_edition(
    slug: str,
    name: str,
    published_on: date,
    introduction: str = "",
    actor_id: int | None = None,
) -> int:
    """Snapshot every blip as it stood at the end of `published_on`; movements compare with the previous edition."""
    errors: dict[str, str] = {}
    if not SLUG_PATTERN.match(slug):
        errors["slug"] = "Use lowercase letters, digits and dashes, e.g. 2026-2."
    if not name.strip():
        errors["name"] = "Give the edition a name, e.g. 2026.2 — November 2026."
    if errors:
        raise ValidationFailed(errors)
    moment = datetime.combine(published_on, time.max, tzinfo=UTC)
    async with transaction(Edition._meta.db):
        if await Edition.exists().where(Edition.slug == slug).run():
            raise ValidationFailed({"slug": f"An edition {slug!r} exists already."})
        newest = (
            await Edition.select(Edition.published_on).order_by(Edition.published_on, ascending=False).first().run()
        )
        if newest and newest["published_on"] > published_on:
            raise ValidationFailed(
                {"published_on": f"Must not be before the latest edition ({newest['published_on']})."}
            )
        ring_positions = {row["id"]: row["position"] for row in await Ring.select(Ring.id, Ring.position).run()}
        previous = await Edition.select(Edition.id).order_by(Edition.published_on, ascending=False).first().run()
        previous_ring: dict[int, int] = {}
        if previous:
            rows = (
                await EditionEntry.select(EditionEntry.blip, EditionEntry.ring)
                .where(EditionEntry.edition == previous["id"])
                .run()
            )
            previous_ring = {row["blip"]: row["ring"] for row in rows}
        history: dict[int, list[tuple[datetime, int]]] = {}
        for change in await RingChange.select(RingChange.blip, RingChange.changed_at, RingChange.to_ring).run():
            history.setdefault(change["blip"], []).append((change["changed_at"], change["to_ring"]))
        edition = Edition(
            slug=slug,
            name=name.strip(),
            published_on=published_on,
            introduction=introduction,
            published_by=actor_id,
            created_at=audit.now(),
        )
        await edition.save().run()
        entries = []
        for blip in await Blip.select(Blip.id, Blip.quadrant, Blip.name, Blip.summary, Blip.description).run():
            ring = ring_as_of(history.get(blip["id"], []), moment)
            if ring is None:
                continue
            before = previous_ring.get(blip["id"])
            entries.append(
                EditionEntry(
                    edition=edition.id,
                    blip=blip["id"],
                    quadrant=blip["quadrant"],
                    ring=ring,
                    movement=movement_between(
                        ring_positions[before] if before is not None else None, ring_positions[ring]
                    ),
                    name=blip["name"],
                    summary=blip["summary"],
                    description=blip["description"],
                )
            )
        if entries:
            await EditionEntry.insert(*entries).run()
        await audit.record("edition.publish", "edition", slug, actor_id, {"entries": len(entries)})
    return int(edition.id)
