"""Publishing an edition together with what it announces: radar's snapshot and the `edition.published`
outbox message commit in one transaction (radar/ cannot write evaluations' outbox itself)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from evaluations import outbox
from radar import editions
from radar.database import transaction
from radar.tables import Edition, EditionEntry


@dataclass(frozen=True)
class PublishedEdition:
    id: int
    slug: str
    name: str
    published_on: date
    blips: int
    movements: dict[str, int]


async def publish_edition(
    slug: str,
    name: str,
    published_on: date | None,
    introduction: str = "",
    actor_id: int | None = None,
    fade_after: int = 3,
) -> PublishedEdition:
    """Publish (see radar.editions.publish_edition) and announce it, in one transaction."""
    async with transaction(Edition._meta.db):
        edition_id = await editions.publish_edition(slug, name, published_on, introduction, actor_id, fade_after)
        edition = await Edition.select().where(Edition.id == edition_id).first().run()
        assert edition is not None
        movements = Counter(
            row["movement"]
            for row in await EditionEntry.select(EditionEntry.movement).where(EditionEntry.edition == edition_id).run()
        )
        await outbox.announce(
            "edition.published",
            {
                "slug": edition["slug"],
                "name": edition["name"],
                "published_on": edition["published_on"].isoformat(),
                "entries": sum(movements.values()),
                "movements": dict(movements),
                "actor": actor_id,
            },
        )
    return PublishedEdition(
        edition_id, edition["slug"], edition["name"], edition["published_on"], sum(movements.values()), dict(movements)
    )
