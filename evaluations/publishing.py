"""Publishing an edition together with the decisions waiting for it: the snapshot (radar/editions.py) and the
move of each approved proposal it includes from Approved to Published, in one transaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from evaluations import outbox
from evaluations.numbers import adr_ref, proposal_ref
from evaluations.tables import Ballot, DecisionRecord, Proposal
from evaluations.transitions import locked_proposal, transition
from radar import editions
from radar.database import transaction
from radar.tables import Edition, EditionEntry


@dataclass(frozen=True)
class WaitingDecision:
    """An approved proposal whose ring change waits for the next edition."""

    number: int
    ref: str
    technology_name: str
    kind: str
    decided_at: datetime | None
    record_number: int | None  # the decision record that approved it

    @property
    def decision(self) -> str:
        return adr_ref(self.record_number) if self.record_number else ""


async def waiting_decisions() -> list[WaitingDecision]:
    """Approved proposals, oldest decision first, with the decision record that approved each."""
    proposals = (
        await Proposal.select(Proposal.id, Proposal.number, Proposal.technology_name, Proposal.kind)
        .where(Proposal.state == "approved")
        .run()
    )
    ids = [row["id"] for row in proposals] or [0]
    passed = {
        row["proposal"]: row
        for row in await Ballot.select(Ballot.id, Ballot.proposal, Ballot.closed_at)
        .where(Ballot.proposal.is_in(ids) & (Ballot.state == "passed"))
        .run()
    }
    records = {
        row["ballot"]: row["number"]
        for row in await DecisionRecord.select(DecisionRecord.ballot, DecisionRecord.number)
        .where(DecisionRecord.ballot.is_in([b["id"] for b in passed.values()] or [0]))
        .run()
    }
    waiting = []
    for row in proposals:
        ballot = passed.get(row["id"])
        record = records.get(ballot["id"]) if ballot else None
        waiting.append(
            WaitingDecision(
                row["number"],
                proposal_ref(row["number"]),
                row["technology_name"],
                row["kind"],
                ballot["closed_at"] if ballot else None,
                record,
            )
        )
    return sorted(waiting, key=lambda w: (w.decided_at or datetime.min.replace(tzinfo=UTC), w.number))


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
    """Publish the edition and move every approved proposal decided by the end of `published_on` to Published;
    the edition's one audit event names the proposals it published, and `edition.published` announces it."""
    async with transaction(Proposal._meta.db):
        moment = datetime.combine(published_on, time.max, tzinfo=UTC) if published_on else None
        included = [
            waiting.number
            for waiting in await waiting_decisions()
            if moment is not None and waiting.decided_at is not None and waiting.decided_at <= moment
        ]
        detail = {"proposals": [proposal_ref(number) for number in included], "from": "approved", "to": "published"}
        edition_id = await editions.publish_edition(
            slug, name, published_on, introduction, actor_id, fade_after, audit_detail=detail if included else None
        )
        for number in included:
            proposal = await locked_proposal(number=number)
            reason = f"Published in the edition {name.strip()}."
            await transition(proposal, "publish", actor_id, reason=reason, audited=False)
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
