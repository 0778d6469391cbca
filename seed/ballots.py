"""Demo board activity: scored proposals, open ballots, decided ballots (passed, failed, no quorum) with their
decision records, and a review ballot. Idempotent: proposals are looked up by technology name first.

Everything goes through the real services (open_ballot, cast_vote, close_due) at past moments, so the demo
records are exactly what the board would have produced.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Protocol

from evaluations import ballots
from evaluations.numbers import next_number
from evaluations.tables import (
    Ballot,
    CriterionScore,
    Evaluation,
    FrameworkVersion,
    Observation,
    Pilot,
    PilotMetric,
    Proposal,
)
from evaluations.transitions import record_created
from radar import audit
from radar.database import transaction
from radar.tables import Blip, Ring, User

FRAMEWORK_GATES = [
    {"key": "licence", "name": "Licence allowed", "question": "Is the licence on the allowed list?"},
    {"key": "security", "name": "Security baseline", "question": "Does it meet the security baseline?"},
    {"key": "data", "name": "Data and compliance", "question": "Can it hold our data under PCI DSS and GDPR?"},
    {"key": "supported", "name": "Supported", "question": "Is it supported by a vendor or a healthy community?"},
]
FRAMEWORK_CRITERIA = [
    {"key": "strategic_fit", "name": "Strategic fit", "weight": 0.25, "anchor_5": "", "anchor_1": ""},
    {"key": "cost", "name": "Cost (3-year TCO)", "weight": 0.20, "anchor_5": "", "anchor_1": ""},
    {"key": "lock_in", "name": "Lock-in / exit cost", "weight": 0.15, "anchor_5": "", "anchor_1": ""},
    {"key": "learning_curve", "name": "Learning curve", "weight": 0.15, "anchor_5": "", "anchor_1": ""},
    {"key": "maturity", "name": "Maturity & ecosystem", "weight": 0.15, "anchor_5": "", "anchor_1": ""},
    {"key": "security_operability", "name": "Security & operability", "weight": 0.10, "anchor_5": "", "anchor_1": ""},
]

# (kind, blip slug, technology, quadrant, target ring, summary, scores of evaluator / evaluator2)
DEMO_PROPOSALS: list[dict[str, Any]] = [
    {
        "kind": "promote",
        "blip": "playwright",
        "target": "trial",
        "summary": "Use Playwright for the customer web journeys' end-to-end tests.",
        "context": "Our Selenium suites for onboarding and card activation are slow and flaky (12% reruns). "
        "Two squads tried Playwright on the lending portal and cut the suite from 38 to 9 minutes.",
        "options": "1. Keep Selenium (status quo)\n2. Playwright in Trial for the web squads\n3. Cypress",
        "scores": ([4, 4, 4, 4, 5, 4], [5, 4, 4, 3, 5, 4]),
    },
    {
        "kind": "promote",
        "blip": "ai-coding-agents",
        "target": "trial",
        "summary": "Let squads use AI coding agents on production repositories.",
        "context": "Agents can open pull requests on their own. Security has not yet reviewed how they handle "
        "secrets and card data in our repositories.",
        "options": "1. Stay in Assess (status quo)\n2. Trial in two squads with guardrails",
        "scores": ([4, 3, 3, 4, 2, 1], [2, 3, 3, 4, 2, 2]),
    },
    {
        "kind": "hold",
        "blip": "redis",
        "target": "hold",
        "summary": "Stop new uses of Redis after the licence change; prefer Valkey.",
        "context": "Redis changed its licence. Existing uses are fine; the question is whether new services "
        "should still pick it.",
        "options": "1. Keep Redis in Adopt (status quo)\n2. Hold for new uses",
        "scores": ([3, 3, 2, 4, 5, 4], [3, 2, 3, 4, 5, 4]),
    },
]


class Report(Protocol):
    def add(self, kind: str, count: int = 1) -> None: ...


async def _framework() -> int:
    row = await FrameworkVersion.select(FrameworkVersion.id).order_by(FrameworkVersion.version).first().run()
    if row:
        return int(row["id"])
    framework = FrameworkVersion(version=1, gates=FRAMEWORK_GATES, criteria=FRAMEWORK_CRITERIA, created_at=audit.now())
    await framework.save().run()
    return int(framework.id)


async def _evaluate(proposal_id: int, evaluator_id: int, scores: list[int], when: datetime) -> None:
    if (
        await Evaluation.exists()
        .where((Evaluation.proposal == proposal_id) & (Evaluation.evaluator == evaluator_id))
        .run()
    ):
        return
    framework_id = await _framework()
    framework = (
        await FrameworkVersion.select().where(FrameworkVersion.id == framework_id).first().output(load_json=True).run()
    )
    criteria = framework["criteria"] if framework else FRAMEWORK_CRITERIA
    evaluation = Evaluation(
        proposal=proposal_id,
        evaluator=evaluator_id,
        framework=framework_id,
        gate_results={gate["key"]: True for gate in FRAMEWORK_GATES},
        created_at=when,
        submitted_at=when,
    )
    await evaluation.save().run()
    for criterion, score in zip(criteria, scores, strict=False):
        await (
            CriterionScore(
                evaluation=evaluation.id,
                criterion=criterion["key"],
                score=score,
                confidence=0.75,
                rationale="Demo score.",
                evidence_url="https://example.org/evidence" if score in (1, 5) else "",
            )
            .save()
            .run()
        )


async def _kotlin_pilot(proposal_id: int, when: datetime) -> None:
    if await Pilot.exists().where(Pilot.proposal == proposal_id).run():
        return
    pilot = Pilot(
        proposal=proposal_id,
        starts_on=date(2026, 6, 1),
        ends_on=date(2026, 9, 30),
        conditions="",
        created_at=when,
    )
    await pilot.save().run()
    for name, unit, direction, baseline, target, observed in [
        ("Android crash-free sessions", "%", "higher", 99.1, 99.5, 99.7),
        ("Lead time for changes", "days", "lower", 6.0, 4.0, 3.5),
    ]:
        metric = PilotMetric(
            pilot=pilot.id,
            name=name,
            unit=unit,
            category="quality" if unit == "%" else "delivery",
            direction=direction,
            baseline=baseline,
            baseline_captured_on=date(2026, 5, 25),
            target=target,
            must_pass=True,
        )
        await metric.save().run()
        await (
            Observation(
                metric=metric.id,
                value=observed,
                window_start=date(2026, 8, 1),
                window_end=date(2026, 9, 30),
                sample_size=120,
                recorded_at=when,
            )
            .save()
            .run()
        )


async def _new_proposal(spec: dict[str, Any], proposer: int, when: datetime) -> int | None:
    blip = await Blip.select().where(Blip.slug == spec["blip"]).first().run()
    if blip is None:
        return None
    if await Proposal.exists().where(Proposal.technology_name == blip["name"]).run():
        return None
    target = await Ring.select(Ring.id).where(Ring.slug == spec["target"]).first().run()
    if target is None:
        return None
    proposal = Proposal(
        number=await next_number("proposal"),
        kind=spec["kind"],
        state="evaluating",
        blip=blip["id"],
        technology_name=blip["name"],
        quadrant=blip["quadrant"],
        current_ring=blip["ring"],
        target_ring=target["id"],
        summary=spec["summary"],
        context=spec["context"],
        options=spec["options"],
        tags=["demo"],
        proposer=proposer,
        created_at=when,
        updated_at=when,
        submitted_at=when,
    )
    await proposal.save().run()
    await record_created(int(proposal.id), "evaluating", None, when, "demo data")
    return int(proposal.id)


async def load_ballot_demo(report: Report) -> None:
    """Scores for the proposals in Evaluating, three decided ballots, one open ballot and one review ballot."""
    users = {row["username"]: row["id"] for row in await User.select(User.id, User.username).run()}
    needed = ("architect", "evaluator", "evaluator2", "board", "board2", "board3", "chair")
    if any(name not in users for name in needed):
        raise RuntimeError("the demo users must be loaded before the ballots")
    now = audit.now()
    created = 0

    # Decided ballots: opened six weeks ago; the votes and the deadline decide them through the services.
    opened = now - timedelta(days=42)
    votes_by_proposal = [
        [("board", "yes", "Faster and less flaky in our own trial."), ("board2", "yes", ""), ("board3", "yes", "")],
        [("board", "no", "Security review first."), ("board2", "yes", ""), ("chair", "no", "Not with card data.")],
        [("board3", "yes", "Valkey is a drop-in replacement.")],
    ]
    for spec, votes in zip(DEMO_PROPOSALS, votes_by_proposal, strict=True):
        async with transaction(Proposal._meta.db):
            proposal_id = await _new_proposal(spec, users["architect"], opened - timedelta(days=10))
            if proposal_id is None:
                continue
            await _evaluate(proposal_id, users["evaluator"], spec["scores"][0], opened - timedelta(days=3))
            await _evaluate(proposal_id, users["evaluator2"], spec["scores"][1], opened - timedelta(days=2))
        ballot_id = await ballots.open_ballot(proposal_id, users["chair"], now=opened)
        for index, (username, choice, comment) in enumerate(votes):
            await ballots.cast_vote(ballot_id, users[username], choice, comment, now=opened + timedelta(days=index + 1))
        # The no-quorum ballot: extended at its first deadline, no decision at the second.
        await ballots.close_due(opened + timedelta(days=7, minutes=5))
        await ballots.close_due(now)
        created += 1

    # Scores for the seeded proposals in Evaluating; Kotlin also gets a passing pilot and an open ballot.
    for name, scores in [
        ("Temporal", ([4, 3, 4, 3, 4, 4], [5, 4, 4, 2, 4, 4])),
        ("Kotlin", ([5, 4, 4, 4, 5, 4], [4, 4, 4, 4, 5, 5])),
    ]:
        proposal = await Proposal.select().where(Proposal.technology_name == name).first().run()
        if proposal is None:
            continue
        async with transaction(Proposal._meta.db):
            await _evaluate(proposal["id"], users["evaluator"], scores[0], now - timedelta(days=6))
            await _evaluate(proposal["id"], users["board"], scores[1], now - timedelta(days=5))
            if name == "Kotlin":
                await _kotlin_pilot(proposal["id"], now - timedelta(days=5))
        if name == "Kotlin" and proposal["state"] == "evaluating":
            ballot_id = await ballots.open_ballot(proposal["id"], users["chair"], now=now - timedelta(days=2))
            await ballots.cast_vote(
                ballot_id, users["board2"], "yes", "The pilot met both targets.", now=now - timedelta(days=1)
            )
            await ballots.cast_vote(
                ballot_id, users["evaluator2"], "yes", "Our squad is ready.", now=now - timedelta(hours=20)
            )
            created += 1

    # A review ballot on a blip that is overdue for review.
    circuit = await Blip.select(Blip.id).where(Blip.slug == "circuit-breakers").first().run()
    if circuit and not await Ballot.exists().where(Ballot.blip == circuit["id"]).run():
        await ballots.open_review_ballot("circuit-breakers", None, users["chair"], now=now - timedelta(hours=6))
        created += 1
    if created:
        report.add("ballots", created)
