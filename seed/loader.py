"""Load the demo radar. Idempotent: every row is looked up by its natural key first and never added twice."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from evaluations.numbers import next_number
from evaluations.tables import Proposal
from evaluations.transitions import record_created
from radar import accounts, audit, changes
from radar.database import transaction
from radar.editions import publish_edition
from radar.tables import Blip, Edition, Quadrant, Ring, User
from seed import data
from seed.ballots import load_ballot_demo
from seed.evaluations import load_evaluation_demo

REVIEW_MONTHS = {"adopt": 12, "trial": 9, "assess": 6, "hold": 12}
DEMO_USERS = [  # username, display name, roles
    ("viewer", "Vera Viewer", []),
    ("architect", "Ada Architect", ["architect"]),
    ("evaluator", "Evan Evaluator", ["evaluator"]),
    ("evaluator2", "Eli Evaluator", ["evaluator"]),
    ("board", "Bo Board", ["board", "evaluator"]),
    ("board2", "Bea Board", ["board"]),
    ("board3", "Ben Board", ["board", "architect"]),
    ("chair", "Chris Chair", ["chair", "board"]),
]


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, kind: str, count: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + count

    def summary(self) -> str:
        if not self.created:
            return "nothing new (the demo data was already there)"
        return ", ".join(f"{count} {kind}" for kind, count in self.created.items())


def demo_password(secret_key: str, username: str) -> str:
    """A per-installation demo password: derived from SECRET_KEY, so none is written in the repository."""
    digest = hmac.new(secret_key.encode(), f"demo:{username}".encode(), hashlib.sha256).hexdigest()
    return f"{username}-{digest[:10]}"


def at_nine(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(9, 0), tzinfo=UTC)


async def _load_quadrants_and_rings(report: SeedReport) -> None:
    async with transaction(Quadrant._meta.db):
        for position, (slug, name, description) in enumerate(data.QUADRANTS):
            if not await Quadrant.exists().where(Quadrant.slug == slug).run():
                await Quadrant(slug=slug, name=name, description=description, position=position).save().run()
                report.add("quadrants")
        for position, (slug, name, description, colour) in enumerate(data.RINGS):
            if not await Ring.exists().where(Ring.slug == slug).run():
                await (
                    Ring(
                        slug=slug,
                        name=name,
                        description=description,
                        position=position,
                        colour=colour,
                        review_after_months=REVIEW_MONTHS.get(slug, 12),
                    )
                    .save()
                    .run()
                )
                report.add("rings")


async def _load_blips(report: SeedReport) -> None:
    quadrant_ids = {row["slug"]: row["id"] for row in await Quadrant.select(Quadrant.id, Quadrant.slug).run()}
    ring_ids = {row["slug"]: row["id"] for row in await Ring.select(Ring.id, Ring.slug).run()}
    existing = {row["slug"] for row in await Blip.select(Blip.slug).run()}
    first_edition = date.fromisoformat(data.EDITIONS[0]["published_on"])
    async with transaction(Blip._meta.db):
        for spec in data.BLIPS:
            if spec["slug"] in existing:
                continue
            history = spec["history"]
            imported = date.fromisoformat(history[0][0]) < first_edition
            first_day, first_ring, first_reason = history[0]
            blip_id = await changes.add_blip(
                changes.NewBlip(
                    name=spec["name"],
                    quadrant_id=quadrant_ids[spec["quadrant"]],
                    ring_id=ring_ids[first_ring],
                    summary=spec["summary"],
                    description=spec["description"],
                    tags=list(spec["tags"]),
                    links=[{"title": title, "url": url} for title, url in spec["links"]],
                    owner=spec["owner"],
                    slug=spec["slug"],
                    imported=imported,
                ),
                at_nine(first_day),
                first_reason,
                "import" if imported else "seed",
            )
            for day, ring, reason in history[1:]:
                await changes.move_blip(blip_id, ring_ids[ring], at_nine(day), reason, "seed")
            if spec["slug"] not in data.FADED:
                await changes.reaffirm_blip(blip_id, at_nine(data.REAFFIRMED_ON))
            report.add("blips")
        if report.created.get("blips"):
            await audit.record("seed.blips", "radar", "demo", None, {"blips": report.created["blips"]})


async def _load_editions(report: SeedReport) -> None:
    existing = {row["slug"] for row in await Edition.select(Edition.slug).run()}
    for spec in data.EDITIONS:
        if spec["slug"] in existing:
            continue
        await publish_edition(
            spec["slug"], spec["name"], date.fromisoformat(spec["published_on"]), spec["introduction"]
        )
        report.add("editions")


async def _load_users(report: SeedReport, secret_key: str) -> None:
    existing = {row["username"] for row in await User.select(User.username).run()}
    for username, display_name, roles in DEMO_USERS:
        password = demo_password(secret_key, username)
        if username not in existing:
            await accounts.create_user(username, display_name, password, roles, email=f"{username}@radar.example")
            report.add("users")
        label = ", ".join(accounts.ROLE_LABELS[role] for role in roles) or "Viewer"
        report.logins.append((username, password, label))


async def _load_proposals(report: SeedReport) -> None:
    proposer = await User.select(User.id).where(User.username == "architect").first().run()
    if proposer is None:
        raise RuntimeError("the demo architect must be loaded before the proposals")
    quadrant_ids = {row["slug"]: row["id"] for row in await Quadrant.select(Quadrant.id, Quadrant.slug).run()}
    ring_ids = {row["slug"]: row["id"] for row in await Ring.select(Ring.id, Ring.slug).run()}
    blips = {row["slug"]: row for row in await Blip.select(Blip.id, Blip.slug, Blip.ring).run()}
    async with transaction(Proposal._meta.db):
        existing = {row["technology_name"] for row in await Proposal.select(Proposal.technology_name).run()}
        for spec in data.PROPOSALS:
            if spec["technology_name"] in existing:
                continue
            blip = blips.get(spec["blip"]) if spec["blip"] else None
            moment = audit.now()
            proposal = Proposal(
                number=await next_number("proposal"),
                kind=spec["kind"],
                state=spec["state"],
                blip=blip["id"] if blip else None,
                technology_name=spec["technology_name"],
                quadrant=quadrant_ids[spec["quadrant"]],
                current_ring=blip["ring"] if blip else None,
                target_ring=ring_ids[spec["target_ring"]],
                summary=spec["summary"],
                context=spec["context"],
                options=spec["options"],
                scope=spec["scope"],
                exit_considerations=spec["exit_considerations"],
                tags=list(spec["tags"]),
                proposer=proposer["id"],
                question=spec.get("question", ""),
                decline_reason=spec.get("decline_reason", ""),
                created_at=moment,
                updated_at=moment,
                submitted_at=None if spec["state"] == "draft" else moment,
            )
            await proposal.save().run()
            await record_created(int(proposal.id), spec["state"], None, moment, "demo data")
            report.add("proposals")
        if report.created.get("proposals"):
            await audit.record("seed.proposals", "proposal", "demo", None, {"count": report.created["proposals"]})


async def load_demo_data(secret_key: str) -> SeedReport:
    """Quadrants, rings, blips with their history, three editions, one user per role and a few proposals."""
    report = SeedReport()
    await _load_quadrants_and_rings(report)
    await _load_blips(report)
    await _load_editions(report)
    await _load_users(report, secret_key)
    await _load_proposals(report)
    await load_evaluation_demo(report)
    await load_ballot_demo(report)
    return report
