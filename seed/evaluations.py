"""Demo data for the evaluation work: proposals in every workflow state, evaluators' scorecards (one proposal with a
disagreement flag), and a finished pilot per verdict. Idempotent: proposals by technology name, scorecards by
(proposal, evaluator), pilots by proposal."""

from __future__ import annotations

from datetime import date
from typing import Any

from evaluations.numbers import next_number
from evaluations.scorecards import current_framework
from evaluations.tables import (
    CriterionScore,
    Evaluation,
    EvaluatorAssignment,
    Observation,
    Pilot,
    PilotMetric,
    Proposal,
)
from evaluations.transitions import record_created
from radar import audit
from radar.database import transaction
from radar.tables import Blip, Ring, User

CRITERIA = ("strategic_fit", "cost", "lock_in", "learning_curve", "maturity", "security_operability")
EVIDENCE = "https://wiki.radar.example/evaluations/"

# Extra proposals so that every state of the workflow is represented.
EXTRA_PROPOSALS: list[dict[str, Any]] = [
    {
        "kind": "promote",
        "blip": "backstage",
        "target_ring": "adopt",
        "state": "evaluating",
        "summary": "Make Backstage the one developer portal for every team.",
        "context": "Backstage has run as the Cloud Platform portal for a year; 9 of 11 teams use its templates.",
        "options": "- Status quo: Backstage in Trial, team wikis alongside\n- Adopt Backstage as the only portal",
        "scope": "All product teams.",
        "exit_considerations": "Catalogue files are plain YAML in each repository; they outlive the portal.",
        "tags": ["developer-experience", "platform"],
    },
    {
        "kind": "promote",
        "blip": "k6",
        "target_ring": "adopt",
        "state": "evaluating",
        "summary": "Adopt k6 for load tests in every payment service pipeline.",
        "context": "Load tests are ad hoc today; k6 ran in the payments pipeline for two quarters.",
        "options": "- Status quo: ad hoc JMeter runs before peak season\n- k6 in every pipeline\n- Gatling",
        "scope": "Payments Platform and Cards Engineering pipelines.",
        "exit_considerations": "Scripts are JavaScript; the results are exported to Grafana, not locked in k6.",
        "tags": ["testing", "performance"],
    },
    {
        "kind": "promote",
        "blip": "github-copilot",
        "target_ring": "adopt",
        "state": "evaluating",
        "summary": "Offer GitHub Copilot to every engineer by default.",
        "context": "A 40-engineer trial measured review time, lead time and security findings.",
        "options": "- Status quo: Copilot on request, in Trial\n- Copilot for everyone\n- No assistant",
        "scope": "All engineering.",
        "exit_considerations": "Licences are monthly; nothing in our code depends on the assistant.",
        "tags": ["ai", "developer-experience"],
    },
    {
        "kind": "add",
        "blip": "passkeys",
        "target_ring": "assess",
        "state": "published",
        "summary": "Assess passkeys for customer sign-in to the banking app.",
        "context": "Password resets are 18% of contact-centre calls; passkeys remove the password entirely.",
        "options": "- Status quo: passwords with SMS one-time codes\n- Passkeys alongside passwords",
        "scope": "Digital channels.",
        "exit_considerations": "Passwords stay as a fallback during the assessment.",
        "tags": ["security", "identity"],
    },
    {
        "kind": "hold",
        "blip": "masstransit",
        "target_ring": "hold",
        "from_ring": "adopt",
        "state": "published",
        "summary": "Put MassTransit on Hold after its licence change.",
        "context": "MassTransit v9 needs a commercial licence; v8 support ends in 2026.",
        "options": "- Status quo: keep MassTransit in Adopt and buy licences\n- Hold, and find a replacement",
        "scope": "All .NET services.",
        "exit_considerations": "Existing services keep v8 until they migrate.",
        "tags": ["dotnet", "messaging", "licensing"],
    },
]

# proposal -> evaluator -> six scores in CRITERIA order as (score or None, confidence); None = "don't know".
SCORECARDS: dict[str, dict[str, list[tuple[int | None, float]]]] = {
    "Temporal": {  # cost: 2 vs 4 vs 5 -> disagreement
        "evaluator": [(4, 1.0), (2, 0.75), (3, 0.75), (3, 1.0), (4, 1.0), (4, 0.75)],
        "evaluator2": [(5, 1.0), (4, 0.5), (3, 1.0), (2, 0.75), (4, 0.75), (None, 0.0)],
        "board": [(4, 0.75), (5, 0.5), (4, 0.75), (3, 0.75), (5, 1.0), (4, 1.0)],
    },
    "Kotlin": {"evaluator": [(4, 1.0), (4, 0.75), (5, 1.0), (3, 0.75), (5, 1.0), (4, 1.0)]},
    "k6": {
        "evaluator": [(4, 1.0), (4, 1.0), (5, 1.0), (4, 0.75), (4, 1.0), (4, 0.75)],
        "evaluator2": [(4, 0.75), (3, 0.75), (4, 1.0), (4, 1.0), (4, 0.75), (3, 0.75)],
    },
    "Backstage": {
        "evaluator": [(5, 1.0), (3, 0.75), (4, 1.0), (3, 0.75), (4, 1.0), (4, 1.0)],
        "board": [(4, 1.0), (3, 1.0), (4, 0.75), (3, 0.75), (5, 1.0), (4, 0.75)],
    },
    "GitHub Copilot": {
        "evaluator": [(3, 0.75), (2, 0.75), (2, 1.0), (4, 1.0), (4, 0.75), (2, 1.0)],
        "evaluator2": [(4, 0.5), (3, 0.75), (2, 0.75), (5, 1.0), (4, 1.0), (3, 0.75)],
    },
    "MassTransit": {
        "evaluator": [(2, 1.0), (1, 1.0), (2, 1.0), (5, 1.0), (4, 1.0), (4, 0.75)],
        "board": [(2, 0.75), (2, 1.0), (2, 0.75), (4, 1.0), (4, 1.0), (4, 1.0)],
    },
}
ASSIGNED = {
    "Temporal": ["evaluator", "evaluator2", "board"],
    "Kotlin": ["evaluator", "evaluator2"],
    "k6": ["evaluator", "evaluator2"],
    "Backstage": ["evaluator", "board"],
    "GitHub Copilot": ["evaluator", "evaluator2"],
    "MassTransit": ["evaluator", "board"],
}
SCORING_CLOSED = {"Temporal", "k6", "Backstage", "GitHub Copilot", "MassTransit"}
REPLACES = {"Temporal": "masstransit"}
QUESTIONS = {
    "Wolverine": "Who supports Wolverine besides its two core maintainers, and how does it perform with Service Bus "
    "sessions at 400 messages per second?"
}

Metric = dict[str, Any]
# proposal -> (starts_on, ends_on, conditions, metrics); each metric lists observations (value, start, end, n).
PILOTS: dict[str, tuple[str, str, str, list[Metric]]] = {
    "Backstage": (  # PASS
        "2026-05-04",
        "2026-07-31",
        "",
        [
            {"name": "Time to first deploy of a new service", "unit": "days", "category": "delivery",
             "direction": "lower", "baseline": 9.0, "target": 2.0, "must_pass": True,
             "observations": [(4.0, "2026-05-04", "2026-05-31", 6), (1.5, "2026-06-01", "2026-07-31", 11)]},
            {"name": "Developer satisfaction", "unit": "1-5", "category": "satisfaction", "direction": "higher",
             "baseline": 3.1, "target": 4.0, "guardrail": 2.5, "must_pass": True,
             "observations": [(4.2, "2026-07-01", "2026-07-31", 64)]},
        ],
    ),
    "k6": (  # CONDITIONAL
        "2026-04-01",
        "2026-06-30",
        "Adopt for Payments Platform now; Cards Engineering adopts once its pipelines have a load-test stage.",
        [
            {"name": "Performance regressions caught before production", "unit": "%", "category": "quality",
             "direction": "higher", "baseline": 20.0, "target": 80.0, "must_pass": True,
             "observations": [(65.0, "2026-04-01", "2026-06-30", 23)]},
            {"name": "Pipeline duration", "unit": "minutes", "category": "delivery", "direction": "lower",
             "baseline": 14.0, "target": 16.0, "guardrail": 20.0, "must_pass": True,
             "observations": [(15.5, "2026-04-01", "2026-06-30", 410)]},
        ],
    ),
    "GitHub Copilot": (  # FAIL: a guardrail breaks while the targets pass
        "2026-03-02",
        "2026-05-29",
        "",
        [
            {"name": "Lead time for changes", "unit": "hours", "category": "delivery", "direction": "lower",
             "baseline": 52.0, "target": 40.0, "must_pass": True,
             "observations": [(37.0, "2026-03-02", "2026-05-29", 388)]},
            {"name": "Security findings per 100 pull requests", "unit": "findings", "category": "quality",
             "direction": "lower", "baseline": 3.0, "target": 3.0, "guardrail": 4.0, "must_pass": False,
             "observations": [(5.2, "2026-03-02", "2026-05-29", 388)]},
        ],
    ),
    "Kotlin": (  # INCONCLUSIVE: a must-pass metric has no baseline
        "2026-06-01",
        "2026-08-28",
        "",
        [
            {"name": "Change failure rate", "unit": "%", "category": "delivery", "direction": "lower",
             "baseline": 12.0, "target": 10.0, "must_pass": True,
             "observations": [(8.0, "2026-06-01", "2026-08-28", 140)]},
            {"name": "Onboarding time to first merged change", "unit": "days", "category": "satisfaction",
             "direction": "lower", "baseline": None, "target": 5.0, "must_pass": True,
             "observations": [(4.0, "2026-06-01", "2026-08-28", 7)]},
        ],
    ),
}  # fmt: skip


async def _add_proposals(report: Any, users: dict[str, int]) -> None:
    rings = {row["slug"]: row["id"] for row in await Ring.select(Ring.id, Ring.slug).run()}
    blips = {
        row["slug"]: row for row in await Blip.select(Blip.id, Blip.slug, Blip.name, Blip.quadrant, Blip.ring).run()
    }
    async with transaction(Proposal._meta.db):
        existing = {row["technology_name"] for row in await Proposal.select(Proposal.technology_name).run()}
        for spec in EXTRA_PROPOSALS:
            blip = blips[spec["blip"]]
            if blip["name"] in existing:
                continue
            moment = audit.now()
            current = None if spec["kind"] == "add" else rings[spec.get("from_ring", "trial")]
            proposal = Proposal(
                number=await next_number("proposal"),
                kind=spec["kind"],
                state=spec["state"],
                blip=blip["id"],
                technology_name=blip["name"],
                quadrant=blip["quadrant"],
                current_ring=current,
                target_ring=rings[spec["target_ring"]],
                summary=spec["summary"],
                context=spec["context"],
                options=spec["options"],
                scope=spec["scope"],
                exit_considerations=spec["exit_considerations"],
                tags=spec["tags"],
                proposer=users["board3" if spec["blip"] == "github-copilot" else "architect"],
                created_at=moment,
                updated_at=moment,
                submitted_at=moment,
            )
            await proposal.save().run()
            await record_created(int(proposal.id), spec["state"], None, moment, "demo data")
            report.add("proposals")
        for name, question in QUESTIONS.items():
            await (
                Proposal.update({Proposal.question: question})
                .where((Proposal.technology_name == name) & (Proposal.question == ""))
                .run()
            )
        for name, slug in REPLACES.items():
            await (
                Proposal.update({Proposal.replaces: blips[slug]["id"]})
                .where((Proposal.technology_name == name) & Proposal.replaces.is_null())
                .run()
            )


async def _add_scorecards(report: Any, users: dict[str, int]) -> None:
    framework = await current_framework()
    proposals = {row["technology_name"]: row for row in await Proposal.select().run()}
    async with transaction(Proposal._meta.db):
        for name, evaluators in ASSIGNED.items():
            proposal = proposals.get(name)
            if proposal is None:
                continue
            for username in evaluators:
                if (
                    not await EvaluatorAssignment.exists()
                    .where(
                        (EvaluatorAssignment.proposal == proposal["id"])
                        & (EvaluatorAssignment.evaluator == users[username])
                    )
                    .run()
                ):
                    await EvaluatorAssignment.insert(
                        EvaluatorAssignment(proposal=proposal["id"], evaluator=users[username], assigned_at=audit.now())
                    ).run()
            for username, scores in SCORECARDS.get(name, {}).items():
                if (
                    await Evaluation.exists()
                    .where((Evaluation.proposal == proposal["id"]) & (Evaluation.evaluator == users[username]))
                    .run()
                ):
                    continue
                evaluation = Evaluation(
                    proposal=proposal["id"],
                    evaluator=users[username],
                    framework=framework.id,
                    gate_results={gate["key"]: True for gate in framework.gates},
                    submitted_at=audit.now(),
                    created_at=audit.now(),
                )
                await evaluation.save().run()
                for key, (score, confidence) in zip(CRITERIA, scores, strict=True):
                    await CriterionScore.insert(
                        CriterionScore(
                            evaluation=evaluation.id,
                            criterion=key,
                            score=score,
                            confidence=confidence,
                            rationale="Don't know yet." if score is None else f"{key.replace('_', ' ')}: see notes.",
                            evidence_url=f"{EVIDENCE}{key}" if score in (1, 5) else "",
                        )
                    ).run()
                report.add("scorecards")
            if name in SCORING_CLOSED and proposal["scoring_closed_at"] is None:
                await (
                    Proposal.update({Proposal.scoring_closed_at: audit.now()})
                    .where(Proposal.id == proposal["id"])
                    .run()
                )


async def _add_pilots(report: Any) -> None:
    proposals = {
        row["technology_name"]: row for row in await Proposal.select(Proposal.id, Proposal.technology_name).run()
    }
    async with transaction(Pilot._meta.db):
        for name, (starts, ends, conditions, metrics) in PILOTS.items():
            proposal = proposals.get(name)
            if proposal is None or await Pilot.exists().where(Pilot.proposal == proposal["id"]).run():
                continue
            pilot = Pilot(
                proposal=proposal["id"],
                starts_on=date.fromisoformat(starts),
                ends_on=date.fromisoformat(ends),
                conditions=conditions,
                created_at=audit.now(),
            )
            await pilot.save().run()
            for spec in metrics:
                metric = PilotMetric(
                    pilot=pilot.id,
                    name=spec["name"],
                    unit=spec["unit"],
                    category=spec["category"],
                    direction=spec["direction"],
                    baseline=spec["baseline"],
                    baseline_captured_on=date.fromisoformat(starts) if spec["baseline"] is not None else None,
                    target=spec["target"],
                    guardrail=spec.get("guardrail"),
                    must_pass=spec["must_pass"],
                    minimum_window_days=14,
                )
                await metric.save().run()
                for value, start, end, sample in spec["observations"]:
                    await Observation.insert(
                        Observation(
                            metric=metric.id,
                            value=value,
                            window_start=date.fromisoformat(start),
                            window_end=date.fromisoformat(end),
                            sample_size=sample,
                            recorded_at=audit.now(),
                        )
                    ).run()
            report.add("pilots")


async def load_evaluation_demo(report: Any) -> None:
    """Proposals in every state, scorecards (Temporal's cost scores disagree) and one pilot per verdict."""
    users = {row["username"]: row["id"] for row in await User.select(User.id, User.username).run()}
    await _add_proposals(report, users)
    await _add_scorecards(report, users)
    await _add_pilots(report)
