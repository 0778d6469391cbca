"""The JSON API of proposals, the framework, evaluations and pilots (documented at /schema). Same rules as the
pages: signed-in users only, drafts visible to their author, scores blind until the viewer may see them."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery, QueryParameter

from evaluations import pilot_records, scorecards, workflow
from evaluations.scorecards import Framework
from evaluations.workflow import ProposalFilter, ProposalView
from web.auth import SIGNED_IN, current_user

StateQuery = Annotated[str, QueryParameter(name="state", description="Filter by workflow state")]


class ProposalOut(msgspec.Struct):
    number: int
    ref: str
    kind: str
    state: str
    technology_name: str
    blip: str | None
    quadrant: str
    current_ring: str | None
    target_ring: str
    summary: str
    context: str
    options: str
    scope: str
    exit_considerations: str
    links: list[dict[str, str]]
    tags: list[str]
    proposer: str
    question: str
    answer: str
    decline_reason: str
    replaces: str | None
    evaluators: list[str]
    scoring_closed: bool
    created_at: str
    updated_at: str
    submitted_at: str | None


class FrameworkOut(msgspec.Struct):
    version: int
    gates: list[dict[str, Any]]
    criteria: list[dict[str, Any]]
    note: str
    created_at: str
    created_by: str


class ScoreOut(msgspec.Struct):
    criterion: str
    score: int | None
    confidence: float
    rationale: str
    evidence_url: str


class EvaluationOut(msgspec.Struct):
    evaluator: str
    framework_version: int
    gate_results: dict[str, bool]
    failed_gate: str
    scores: list[ScoreOut]
    submitted_at: str | None


class CriterionAggregateOut(msgspec.Struct):
    key: str
    name: str
    weight: float
    n: int
    dont_know: int
    mean: float | None
    median: float | None
    low: int | None
    high: int | None
    flags: list[str]


class AggregateOut(msgspec.Struct):
    framework_version: int
    scorecards: int
    criteria: list[CriterionAggregateOut]
    total: float | None
    score: float | None
    band: str | None
    coverage: float
    failed_gates: list[dict[str, str]]


class ObservationOut(msgspec.Struct):
    value: float
    window_start: str
    window_end: str
    sample_size: int
    id: int = 0


class MetricOut(msgspec.Struct):
    id: int
    name: str
    unit: str
    category: str
    direction: str
    baseline: float | None
    target: float | None
    target_high: float | None
    guardrail: float | None
    must_pass: bool
    minimum_window_days: int
    status: str
    reason: str
    observations: list[ObservationOut]


class PilotOut(msgspec.Struct):
    starts_on: str
    ends_on: str
    conditions: str
    verdict: str
    reason: str
    metrics: list[MetricOut]


def proposal_out(p: ProposalView) -> ProposalOut:
    return ProposalOut(
        number=p.number,
        ref=p.ref,
        kind=p.kind,
        state=p.state,
        technology_name=p.technology_name,
        blip=p.blip.slug if p.blip else None,
        quadrant=p.quadrant.slug,
        current_ring=p.current_ring.slug if p.current_ring else None,
        target_ring=p.target_ring.slug,
        summary=p.summary,
        context=p.context,
        options=p.options,
        scope=p.scope,
        exit_considerations=p.exit_considerations,
        links=p.links,
        tags=p.tags,
        proposer=p.proposer_username,
        question=p.question,
        answer=p.answer,
        decline_reason=p.decline_reason,
        replaces=p.replaces.slug if p.replaces else None,
        evaluators=[a.username for a in p.evaluators if not a.recused],
        scoring_closed=p.scoring_closed,
        created_at=p.created_at.isoformat(),
        updated_at=p.updated_at.isoformat(),
        submitted_at=p.submitted_at.isoformat() if p.submitted_at else None,
    )


def framework_out(f: Framework) -> FrameworkOut:
    return FrameworkOut(f.version, f.gates, f.criteria, f.note, f.created_at.isoformat(), f.created_by)


class ProposalApiController(Controller):
    path = "/api"
    tags = ["proposals"]
    opt = SIGNED_IN

    async def _proposal(self, request: Request[Any, Any, Any], number: int) -> ProposalView:
        return await workflow.get_proposal(number, viewer_id=current_user(request).id)

    @get("/proposals")
    async def proposals(
        self, request: Request[Any, Any, Any], proposal_state: StateQuery = "", quadrant: FromQuery[str] = "",
        owner: FromQuery[str] = "",
    ) -> list[ProposalOut]:  # fmt: skip
        """Proposals the caller may see (drafts only their own), newest first; filter by state, quadrant, owner."""
        user = current_user(request)
        assert user.id is not None
        views = await workflow.list_proposals(user.id, ProposalFilter(proposal_state, quadrant, owner))
        return [proposal_out(view) for view in views]

    @get("/proposals/{number:int}")
    async def proposal(self, request: Request[Any, Any, Any], number: FromPath[int]) -> ProposalOut:
        """One proposal with its case and evaluators."""
        return proposal_out(await self._proposal(request, number))

    @get("/proposals/{number:int}/evaluations")
    async def evaluations(self, request: Request[Any, Any, Any], number: FromPath[int]) -> list[EvaluationOut]:
        """Submitted scorecards: only the caller's own until the caller may see the others (blind scoring)."""
        proposal = await self._proposal(request, number)
        user = current_user(request)
        view = await scorecards.scoring_view(proposal, user.id)
        state = await scorecards.scoring_state(proposal, user.id)
        cards = view.scorecards if state.can_see_scores else [c for c in [state.own] if c is not None]
        return [
            EvaluationOut(
                evaluator=card.evaluator,
                framework_version=card.framework_version,
                gate_results=card.gate_results,
                failed_gate=card.failed_gate,
                scores=[ScoreOut(s.criterion, s.score, s.confidence, s.rationale, s.evidence_url) for s in card.scores],
                submitted_at=card.submitted_at.isoformat() if card.submitted_at else None,
            )
            for card in cards
        ]

    @get("/proposals/{number:int}/aggregate")
    async def aggregate(self, request: Request[Any, Any, Any], number: FromPath[int]) -> AggregateOut:
        """Per-criterion mean, median, range, n and flags, and the total with its band. 403 while blind."""
        proposal = await self._proposal(request, number)
        view = await scorecards.scoring_view(proposal, current_user(request).id)
        if view.aggregate is None:
            raise PermissionDeniedException(
                "Scores are blind: evaluators see them after submitting their own, everyone else once scoring closes."
            )
        agg = view.aggregate
        return AggregateOut(
            framework_version=view.framework.version,
            scorecards=view.submitted,
            criteria=[
                CriterionAggregateOut(
                    r.key, r.name, r.weight, r.n, r.dont_know, r.mean, r.median, r.low, r.high, list(r.flags)
                )
                for r in agg.criteria
            ],
            total=agg.total,
            score=agg.score,
            band=agg.band,
            coverage=agg.coverage,
            failed_gates=[{"evaluator": who, "gate": gate} for who, gate in view.failed_gates],
        )

    @get("/proposals/{number:int}/pilot")
    async def pilot(self, request: Request[Any, Any, Any], number: FromPath[int]) -> PilotOut:
        """The proposal's pilot: metrics with observations, each metric's status and the verdict."""
        proposal = await self._proposal(request, number)
        pilot = await pilot_records.get_pilot(proposal)
        if pilot is None:
            raise NotFoundException(f"Proposal {number} has no pilot.")
        return PilotOut(
            starts_on=pilot.starts_on.isoformat(),
            ends_on=pilot.ends_on.isoformat(),
            conditions=pilot.conditions,
            verdict=pilot.verdict.verdict,
            reason=pilot.verdict.reason,
            metrics=[
                MetricOut(
                    id=m.id,
                    name=m.name,
                    unit=m.unit,
                    category=m.category,
                    direction=m.spec.direction,
                    baseline=m.spec.baseline,
                    target=m.spec.target,
                    target_high=m.spec.target_high,
                    guardrail=m.spec.guardrail,
                    must_pass=m.spec.must_pass,
                    minimum_window_days=m.spec.minimum_window_days,
                    status=m.status.status,
                    reason=m.status.reason,
                    observations=[
                        ObservationOut(
                            o.value, o.window_start.isoformat(), o.window_end.isoformat(), o.sample_size, o.id
                        )
                        for o in m.observations
                    ],
                )
                for m in pilot.metrics
            ],
        )

    @get("/framework/versions")
    async def framework_versions(self) -> list[FrameworkOut]:
        """Every version of the evaluation framework, newest first."""
        return [framework_out(version) for version in await scorecards.framework_versions()]

    @get("/framework/versions/{version:int}")
    async def framework_version(self, version: FromPath[int]) -> FrameworkOut:
        """One version of the evaluation framework."""
        return framework_out(await scorecards.framework_version(version))
