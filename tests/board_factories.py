"""Board fixtures built directly in the database: members, proposals with submitted scores, pilots."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

from evaluations.numbers import next_number
from evaluations.tables import (
    CriterionScore,
    Evaluation,
    FrameworkVersion,
    Observation,
    Pilot,
    PilotMetric,
    Proposal,
)
from evaluations.transitions import record_created
from radar import accounts
from radar.tables import Blip, Quadrant, Ring, RoleMembership, User
from tests.factories import make_radar

CRITERIA = [
    {"key": "fit", "name": "Strategic fit", "weight": 0.25, "anchor_5": "", "anchor_1": ""},
    {"key": "cost", "name": "Cost (3-year TCO)", "weight": 0.20, "anchor_5": "", "anchor_1": ""},
    {"key": "lockin", "name": "Lock-in / exit cost", "weight": 0.15, "anchor_5": "", "anchor_1": ""},
    {"key": "learning", "name": "Learning curve", "weight": 0.15, "anchor_5": "", "anchor_1": ""},
    {"key": "maturity", "name": "Maturity & ecosystem", "weight": 0.15, "anchor_5": "", "anchor_1": ""},
    {"key": "security", "name": "Security & operability", "weight": 0.10, "anchor_5": "", "anchor_1": ""},
]
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


_HASHES: dict[str, str] = {}


async def _user(username: str, roles: list[str], password: str) -> int:
    # Hash the shared test password once: argon2 is deliberately slow, and these tests are not about it.
    if password not in _HASHES:
        _HASHES[password] = await accounts.hash_password(password)
    user = User(
        username=username,
        display_name=username.title(),
        password_hash=_HASHES[password],
        created_at=NOW,
    )
    await user.save().run()
    for role in roles:
        await RoleMembership(user=user.id, role=role, granted_at=NOW).save().run()
    return int(user.id)


def user(username: str, roles: list[str], password: str = "correct-horse-battery") -> int:
    """Like tests.conftest.make_user, without hashing the password again for every user."""
    return int(asyncio.run(_user(username, roles, password)))


def board(count: int, prefix: str = "member", extra_roles: tuple[str, ...] = ()) -> list[int]:
    return [user(f"{prefix}{index}", ["board", *extra_roles]) for index in range(1, count + 1)]


async def _framework() -> int:
    row = await FrameworkVersion.select(FrameworkVersion.id).where(FrameworkVersion.version == 1).first().run()
    if row:
        return int(row["id"])
    framework = FrameworkVersion(version=1, gates=[{"key": "licence", "name": "Licence allowed"}], criteria=CRITERIA)
    framework.created_at = NOW
    await framework.save().run()
    return int(framework.id)


async def _proposal(
    kind: str, blip_slug: str | None, name: str, target: str, state: str, scored: bool, proposer: int
) -> int:
    rings = {row["slug"]: row["id"] for row in await Ring.select(Ring.id, Ring.slug).run()}
    quadrant = await Quadrant.select(Quadrant.id).first().run()
    blip = await Blip.select().where(Blip.slug == blip_slug).first().run() if blip_slug else None
    number = await next_number("proposal")
    proposal = Proposal(
        number=number,
        kind=kind,
        state=state,
        blip=blip["id"] if blip else None,
        technology_name=blip["name"] if blip else name,
        quadrant=blip["quadrant"] if blip else quadrant["id"],
        current_ring=blip["ring"] if blip else None,
        target_ring=rings[target],
        summary=f"{name} in one line",
        context=f"We need **{name}** because of the problem.",
        options="1. The status quo\n2. This",
        tags=["test"],
        proposer=proposer,
        created_at=NOW,
        updated_at=NOW,
        submitted_at=NOW,
    )
    await proposal.save().run()
    await record_created(int(proposal.id), state, proposer, NOW)
    if scored:
        framework = await _framework()
        evaluation = Evaluation(
            proposal=proposal.id, evaluator=proposer, framework=framework, created_at=NOW, submitted_at=NOW
        )
        await evaluation.save().run()
        for index, criterion in enumerate(CRITERIA):
            await (
                CriterionScore(
                    evaluation=evaluation.id, criterion=criterion["key"], score=4 if index else 5, confidence=1.0
                )
                .save()
                .run()
            )
    return int(proposal.id)


def proposal(
    kind: str = "promote",
    blip_slug: str | None = "kafka",
    name: str = "Kafka",
    target: str = "adopt",
    state: str = "evaluating",
    scored: bool = True,
    proposer: int | None = None,
) -> int:
    if proposer is None:
        proposer = user(f"proposer{name.lower().replace(' ', '')}", ["architect", "evaluator"])
    return asyncio.run(_proposal(kind, blip_slug, name, target, state, scored, proposer))


REVIEW_MONTHS = {"adopt": 12, "trial": 9, "assess": 6, "hold": 12}


async def _review_months() -> None:
    for slug, months in REVIEW_MONTHS.items():
        await Ring.update({Ring.review_after_months: months}).where(Ring.slug == slug).run()


def radar() -> None:
    """Kafka in Trial, Rust in Assess, Postgres in Adopt; rings with the review periods of DESIGN.md §7."""
    make_radar([("Kafka", "platforms", "trial"), ("Rust", "languages", "assess"), ("Postgres", "platforms", "adopt")])
    asyncio.run(_review_months())


async def _pilot(proposal_id: int, observed: float, conditions: str) -> None:
    pilot = Pilot(proposal=proposal_id, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 31), conditions=conditions)
    pilot.created_at = NOW
    await pilot.save().run()
    metric = PilotMetric(
        pilot=pilot.id, name="Deploys per week", direction="higher", baseline=2.0, target=5.0, must_pass=True
    )
    await metric.save().run()
    await (
        Observation(
            metric=metric.id,
            value=observed,
            window_start=date(2026, 9, 1),
            window_end=date(2026, 9, 1) + timedelta(days=30),
            sample_size=20,
            recorded_at=NOW,
        )
        .save()
        .run()
    )


def pilot(proposal_id: int, observed: float, conditions: str = "") -> None:
    """A pilot with one must-pass metric (baseline 2, target 5, higher is better) observed at `observed`."""
    asyncio.run(_pilot(proposal_id, observed, conditions))


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)
