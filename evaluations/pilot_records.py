"""Pilots of a proposal: dates and conditions, metrics, observations, each metric's status and the verdict.
Only the proposer (the architect who owns the pilot) changes them; anyone signed in may read them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from evaluations.pilots import (
    CATEGORIES,
    DIRECTIONS,
    MetricSpec,
    MetricStatus,
    Reading,
    Verdict,
    metric_status,
    pilot_verdict,
    validate_metric,
)
from evaluations.tables import Observation, Pilot, PilotMetric
from evaluations.workflow import NotAllowed, ProposalView
from radar import audit
from radar.database import transaction
from radar.errors import NotFound, ValidationFailed
from radar.limits import INT_MAX, LINE_MAX, NOTE_MAX, NUMBER_MAX, column_max, too_long
from radar.plotly_text import plotly_text


def _not_finite(values: dict[str, float | None]) -> dict[str, str]:
    """A field error for each number that is nan, infinite or absurdly large: charts and verdicts need real numbers."""
    return {
        field: "Enter a finite number, like 12.5."
        for field, value in values.items()
        if value is not None and not (math.isfinite(value) and abs(value) <= NUMBER_MAX)
    }


PILOT_STATES = ("evaluating", "voting", "approved", "published")


@dataclass(frozen=True)
class ObservationView:
    id: int
    value: float
    window_start: date
    window_end: date
    sample_size: int


@dataclass(frozen=True)
class MetricView:
    id: int
    name: str
    unit: str
    category: str
    spec: MetricSpec
    observations: list[ObservationView]
    status: MetricStatus

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)

    @property
    def direction_label(self) -> str:
        return DIRECTIONS.get(self.spec.direction, self.spec.direction)

    @property
    def target_label(self) -> str:
        spec = self.spec
        if spec.direction == "range":
            return f"{spec.target:g}–{spec.target_high:g}"
        sign = "≥" if spec.direction == "higher" else "≤"
        return f"{sign} {spec.target:g}"


@dataclass(frozen=True)
class PilotView:
    id: int
    starts_on: date
    ends_on: date
    conditions: str
    metrics: list[MetricView]
    verdict: Verdict

    def finished(self, today: date) -> bool:
        return today > self.ends_on


@dataclass(frozen=True)
class MetricInput:
    name: str
    unit: str
    category: str
    direction: str
    baseline: float | None
    baseline_captured_on: date | None
    target: float | None
    target_high: float | None
    guardrail: float | None
    must_pass: bool
    minimum_window_days: int


def _spec(row: dict[str, Any]) -> MetricSpec:
    return MetricSpec(
        name=row["name"],
        direction=row["direction"],
        baseline=row["baseline"],
        target=row["target"],
        target_high=row["target_high"],
        guardrail=row["guardrail"],
        must_pass=row["must_pass"],
        minimum_window_days=row["minimum_window_days"],
        baseline_captured_on=row["baseline_captured_on"],
    )


async def get_pilot(proposal: ProposalView) -> PilotView | None:
    return await pilot_for(proposal.id)


async def pilot_for(proposal_id: int) -> PilotView | None:
    """The proposal's pilot with every metric's status and the verdict (DESIGN.md §4); None without one."""
    row = await Pilot.select().where(Pilot.proposal == proposal_id).first().run()
    if row is None:
        return None
    metric_rows = await PilotMetric.select().where(PilotMetric.pilot == row["id"]).order_by(PilotMetric.id).run()
    ids = [m["id"] for m in metric_rows]
    observation_rows = (
        await Observation.select()
        .where(Observation.metric.is_in(ids))
        .order_by(Observation.window_end)
        .order_by(Observation.id)
        .run()
        if ids
        else []
    )
    metrics = []
    for m in metric_rows:
        observations = [
            ObservationView(o["id"], o["value"], o["window_start"], o["window_end"], o["sample_size"])
            for o in observation_rows
            if o["metric"] == m["id"]
        ]
        spec = _spec(m)
        readings = [Reading(o.value, o.window_start, o.window_end, o.sample_size) for o in observations]
        status = metric_status(spec, readings, row["starts_on"])
        metrics.append(MetricView(m["id"], m["name"], m["unit"], m["category"], spec, observations, status))
    verdict = pilot_verdict([(metric.spec, metric.status) for metric in metrics])
    return PilotView(row["id"], row["starts_on"], row["ends_on"], row["conditions"], metrics, verdict)


def _require_owner(proposal: ProposalView, actor_id: int) -> None:
    if proposal.proposer_id != actor_id:
        raise NotAllowed("Only the architect who proposed this owns its pilot.")
    if proposal.state not in PILOT_STATES:
        raise NotAllowed("A pilot runs once the proposal is being evaluated.")


async def save_pilot(
    proposal: ProposalView, starts_on: date | None, ends_on: date | None, conditions: str, actor_id: int
) -> None:
    """Create the pilot or change its dates and written conditions."""
    _require_owner(proposal, actor_id)
    errors: dict[str, str] = {}
    if starts_on is None:
        errors["starts_on"] = "Enter the start date."
    if ends_on is None:
        errors["ends_on"] = "Enter the end date."
    elif starts_on is not None and ends_on <= starts_on:
        errors["ends_on"] = "The pilot must end after it starts."
    errors.update(too_long({"conditions": conditions.strip()}, {"conditions": NOTE_MAX}))
    if errors:
        raise ValidationFailed(errors)
    assert starts_on is not None
    assert ends_on is not None
    async with transaction(Pilot._meta.db):
        existing = await Pilot.select(Pilot.id).where(Pilot.proposal == proposal.id).first().run()
        if existing is None:
            await Pilot.insert(
                Pilot(
                    proposal=proposal.id,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    conditions=conditions.strip(),
                    created_at=audit.now(),
                )
            ).run()
        else:
            await (
                Pilot.update({Pilot.starts_on: starts_on, Pilot.ends_on: ends_on, Pilot.conditions: conditions.strip()})
                .where(Pilot.id == existing["id"])
                .run()
            )
        await audit.record(
            "pilot.save",
            "proposal",
            proposal.ref,
            actor_id,
            {"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
        )


async def _pilot_id(proposal: ProposalView) -> int:
    row = await Pilot.select(Pilot.id).where(Pilot.proposal == proposal.id).first().run()
    if row is None:
        raise NotFound(f"{proposal.ref} has no pilot yet.")
    return int(row["id"])


async def add_metric(proposal: ProposalView, data: MetricInput, actor_id: int) -> None:
    _require_owner(proposal, actor_id)
    pilot_id = await _pilot_id(proposal)
    spec = MetricSpec(
        data.name,
        data.direction,
        data.baseline,
        data.target,
        data.target_high,
        data.guardrail,
        data.must_pass,
        data.minimum_window_days,
        data.baseline_captured_on,
    )
    numbers = {"baseline": data.baseline, "target": data.target, "target_high": data.target_high}
    errors = _not_finite({**numbers, "guardrail": data.guardrail})
    if not 0 <= data.minimum_window_days <= 3650:
        errors["minimum_window_days"] = "Enter a number of days between 0 and 3650."
    if errors:
        raise ValidationFailed(errors)
    errors = validate_metric(spec)
    if data.category not in CATEGORIES:
        errors["category"] = "Choose a category."
    errors.update(
        too_long(
            {"name": data.name.strip(), "unit": data.unit.strip()},
            {"name": column_max(PilotMetric, "name") or LINE_MAX, "unit": column_max(PilotMetric, "unit") or LINE_MAX},
        )
    )
    if errors:
        raise ValidationFailed(errors)
    async with transaction(Pilot._meta.db):
        await PilotMetric.insert(
            PilotMetric(
                pilot=pilot_id,
                name=data.name.strip(),
                unit=data.unit.strip(),
                category=data.category,
                direction=data.direction,
                baseline=data.baseline,
                baseline_captured_on=data.baseline_captured_on,
                target=data.target,
                target_high=data.target_high if data.direction == "range" else None,
                guardrail=data.guardrail,
                must_pass=data.must_pass,
                minimum_window_days=data.minimum_window_days,
            )
        ).run()
        await audit.record("pilot.metric", "proposal", proposal.ref, actor_id, {"metric": data.name.strip()})


async def add_observation(
    proposal: ProposalView,
    metric_id: int,
    value: float | None,
    window_start: date | None,
    window_end: date | None,
    sample_size: int | None,
    actor_id: int,
) -> None:
    _require_owner(proposal, actor_id)
    pilot_id = await _pilot_id(proposal)
    metric = (
        await PilotMetric.select(PilotMetric.id, PilotMetric.name)
        .where((PilotMetric.id == metric_id) & (PilotMetric.pilot == pilot_id))
        .first()
        .run()
    )
    if metric is None:
        raise NotFound(f"No metric with id {metric_id}.")
    errors: dict[str, str] = {}
    if value is None:
        errors["value"] = "Enter the observed value."
    errors.update(_not_finite({"value": value}))
    if window_start is None:
        errors["window_start"] = "Enter the first day of the window."
    if window_end is None:
        errors["window_end"] = "Enter the last day of the window."
    elif window_start is not None and window_end < window_start:
        errors["window_end"] = "The window must not end before it starts."
    if sample_size is None or not 1 <= sample_size <= INT_MAX:
        errors["sample_size"] = "Enter the sample size (1 or more)."
    if errors:
        raise ValidationFailed(errors)
    assert value is not None
    assert window_start is not None
    assert window_end is not None
    assert sample_size is not None
    async with transaction(Pilot._meta.db):
        await Observation.insert(
            Observation(
                metric=metric_id,
                value=value,
                window_start=window_start,
                window_end=window_end,
                sample_size=sample_size,
                recorded_at=audit.now(),
            )
        ).run()
        await audit.record(
            "pilot.observation", "proposal", proposal.ref, actor_id, {"metric": metric["name"], "value": value}
        )


def observation_figure(metric: MetricView, starts_on: date, ends_on: date) -> dict[str, Any]:
    """Observations (at the end of their window) against baseline, target and guardrail across the pilot's
    dates, as a Plotly figure dict."""
    xs = [o.window_end.isoformat() for o in metric.observations]
    spec = metric.spec
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Observed",
            "x": xs,
            # A non-finite value stored before they were refused is a gap, not a chart that fails for everyone.
            "y": [o.value if math.isfinite(o.value) else None for o in metric.observations],
            "line": {"color": "#1565c0", "width": 2},
        }
    ]
    ends = [min([starts_on.isoformat(), *xs]), max([ends_on.isoformat(), *xs])]

    def line(name: str, value: float | None, colour: str, dash: str) -> None:
        if value is not None and math.isfinite(value):
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": name,
                    "x": ends,
                    "y": [value, value],
                    "line": {"color": colour, "dash": dash, "width": 1.5},
                }
            )

    line("Baseline", spec.baseline, "#5f6b76", "dot")
    line("Target" if spec.direction != "range" else "Range low", spec.target, "#2e7d32", "dash")
    if spec.direction == "range":
        line("Range high", spec.target_high, "#2e7d32", "dash")
    if spec.guardrail is not None and spec.direction != "range":
        line("Guardrail", spec.guardrail, "#c62828", "dashdot")
    return {
        "data": data,
        "layout": {
            "height": 240,
            "margin": {"l": 50, "r": 20, "t": 10, "b": 40},
            "showlegend": True,
            "legend": {"orientation": "h", "y": -0.25},
            "yaxis": {"title": {"text": plotly_text(metric.unit)}},
            "xaxis": {"type": "date"},
            "paper_bgcolor": "#ffffff",
        },
    }
