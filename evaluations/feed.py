"""The Atom feed of radar changes, read from published data only: editions, the ring changes each edition
carried (new, moved in, moved out) and the board's decisions once an edition has published them."""

from __future__ import annotations

from datetime import UTC, datetime

from evaluations.tables import DecisionRecord
from radar.atom import AtomEntry, atom_feed
from radar.movements import MOVEMENT_LABELS
from radar.tables import Edition, EditionEntry

FEED_SIZE = 50
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


async def feed_entries(base_url: str, limit: int = FEED_SIZE) -> list[AtomEntry]:
    base = base_url.rstrip("/")
    editions = await Edition.select().order_by(Edition.created_at, ascending=False).limit(limit).run()
    entries: list[AtomEntry] = []
    by_id = {edition["id"]: edition for edition in editions}
    moved = (
        await EditionEntry.select(
            EditionEntry.edition,
            EditionEntry.name,
            EditionEntry.movement,
            EditionEntry.blip.slug.as_alias("slug"),
            EditionEntry.ring.name.as_alias("ring"),
            EditionEntry.quadrant.name.as_alias("quadrant"),
        )
        .where(EditionEntry.edition.is_in(list(by_id) or [0]) & (EditionEntry.movement != "no_change"))
        .run()
    )
    counts: dict[int, int] = {}
    for row in moved:
        edition = by_id[row["edition"]]
        counts[edition["id"]] = counts.get(edition["id"], 0) + 1
        label = MOVEMENT_LABELS.get(row["movement"], row["movement"]).lower()
        entries.append(
            AtomEntry(
                id=f"{base}/editions/{edition['slug']}#{row['slug']}",
                title=f"{row['name']}: {label}, now in {row['ring']} ({edition['name']})",
                updated=edition["created_at"],
                link=f"{base}/blips/{row['slug']}",
                summary=f"{row['name']} ({row['quadrant']}) is {label} in {row['ring']} as of {edition['name']}.",
                category="ring-change",
            )
        )
    for edition in editions:
        entries.append(
            AtomEntry(
                id=f"{base}/editions/{edition['slug']}",
                title=f"Edition {edition['name']} published",
                updated=edition["created_at"],
                link=f"{base}/editions/{edition['slug']}",
                summary=(edition["introduction"] or "")[:1000]
                or f"{counts.get(edition['id'], 0)} blips new or moved in this edition.",
                category="edition",
            )
        )
    if editions:
        # A decision is news once an edition has published it (until then the radar has not changed).
        latest = max(edition["created_at"] for edition in editions)
        decided = (
            await DecisionRecord.select(
                DecisionRecord.number,
                DecisionRecord.title,
                DecisionRecord.status,
                DecisionRecord.ballot.closed_at.as_alias("closed_at"),
            )
            .where(DecisionRecord.ballot.closed_at <= latest)
            .order_by(DecisionRecord.number, ascending=False)
            .limit(limit)
            .run()
        )
        for row in decided:
            ref = f"ADR-{row['number']:04d}"
            entries.append(
                AtomEntry(
                    id=f"{base}/decisions/{row['number']}",
                    title=f"{ref} {row['status']}: {row['title']}",
                    updated=row["closed_at"],
                    link=f"{base}/decisions/{row['number']}",
                    summary=f"The review board's decision {ref}: {row['title']} ({row['status']}).",
                    category="decision",
                )
            )
    entries.sort(key=lambda entry: (entry.updated, entry.id), reverse=True)
    return entries[:limit]


async def radar_feed(base_url: str) -> bytes:
    base = base_url.rstrip("/")
    entries = await feed_entries(base)
    updated = entries[0].updated if entries else EPOCH
    return atom_feed(f"{base}/feed.atom", "Technology radar", f"{base}/feed.atom", f"{base}/", entries, updated)
