"""Pilots of a proposal: dates and conditions, metrics, observations, each metric's status and the verdict.
Only the proposer (the architect who owns the pilot) changes them; anyone signed in may read them.

Until the verdict is final (it is frozen into the board's ballot when the ballot opens, so: while the
proposal is Evaluating) the proposer corrects metrics and observations: edits or deletes them. Every change
is audited with the old and the new values, and `history` reads them back for the pilot page.
A baseline is captured on or before the pilot's start; a later date is a field error.
"""

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
from evaluations.rules import STATE_LABELS
from evaluations.tables import Observation, Pilot, PilotMetric
from evaluations.workflow import NotAllowed, ProposalView
from radar import audit
from radar.database import transaction
from radar.errors import NotFound, ValidationFailed
from radar.limits import INT_MAX, LINE_MAX, NOTE_MAX, NUMBER_MAX, column_max, too_long
from radar.plotly_text import plotly_text
from radar.rendered_markdown import store_rendered
from radar.tables import AuditEvent, User


def _not_finite(values: dict[str, float | None]) -> dict[str, str]:
    """A field error for each number that is nan, infinite or absurdly large: charts and verdicts need real numbers."""
    return {
        field: "Enter a finite number, like 12.5."
        for field, value in values.items()
        if value is not None and not (math.isfinite(value) and abs(value) <= NUMBER_MAX)
    }


PILOT_STATES = ("evaluating", "voting", "approved", "published")
CORRECTABLE_STATES = ("evaluating",)  # the ballot freezes the verdict when it opens
METRIC_FIELDS = (
    "name",
    "unit",
    "category",
    "direction",
    "baseline",
    "baseline_captured_on",
    "target",
    "target_high",
    "guardrail",
    "must_pass",
    "minimum_window_days",
)
OBSERVATION_FIELDS = ("value", "window_start", "window_end", "sample_size")


def pilot_status(state: str) -> str:
    """Why a pilot does or does not apply to a proposal in `state`, and what comes next (for the pilot page)."""
    label = STATE_LABELS.get(state, state)
    if state in ("draft", "submitted", "needs_info"):
        waiting = {
            "draft": "the architect submits it and the chair accepts it for evaluation",
            "submitted": "the chair triages it and accepts it for evaluation",
            "needs_info": "the architect answers the chair's question and the chair accepts it for evaluation",
        }[state]
        return (
            f"No pilot yet: this proposal is {label}. A pilot runs while a proposal is being evaluated; "
            f"next, {waiting}. Then the proposer plans the pilot here."
        )
    if state in ("declined", "withdrawn", "no_decision"):
        return f"No pilot will run: this proposal is {label}. A new proposal can bring the technology back."
    if state == "evaluating":
        return (
            "The proposer plans the pilot and records it; metrics and observations can be corrected until the "
            "board's ballot opens."
        )
    return (
        f"The proposal is {label}: the verdict was frozen into the board's ballot when it opened, so the pilot "
        "can no longer be corrected."
    )


@dataclass(frozen=True)
class ObservationView:
    id: int
    value: float
    window_start: date
    window_end: date
    sample_size: int


@dataclass(frozen=True)
class Change:
    """One audited change of the pilot, with the values before and after."""

    at: Any
    actor: str
    action: str  # pilot.save | pilot.metric | pilot.metric.edit | pilot.metric.delete | pilot.observation...
    subject: str
    changes: list[tuple[str, str, str]]  # (field, old, new)

    @property
    def label(self) -> str:
        return {
            "pilot.save": "Dates and conditions saved",
            "pilot.metric": "Metric added",
            "pilot.metric.edit": "Metric corrected",
            "pilot.metric.delete": "Metric deleted",
            "pilot.observation": "Observation recorded",
            "pilot.observation.edit": "Observation corrected",
            "pilot.observation.delete": "Observation deleted",
        }.get(self.action, self.action)


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

    def form(self) -> dict[str, str]:
        """The metric as form values, for the correction form."""
        spec = self.spec
        return {
            "name": self.name,
            "unit": self.unit,
            "category": self.category,
            "direction": spec.direction,
            "baseline": _shown(spec.baseline).replace("–", ""),
            "baseline_captured_on": spec.baseline_captured_on.isoformat() if spec.baseline_captured_on else "",
            "target": _shown(spec.target).replace("–", ""),
            "target_high": _shown(spec.target_high).replace("–", ""),
            "guardrail": _shown(spec.guardrail).replace("–", ""),
            "must_pass": "on" if spec.must_pass else "",
            "minimum_window_days": str(spec.minimum_window_days),
        }

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


def _require_correctable(proposal: ProposalView, actor_id: int) -> None:
    _require_owner(proposal, actor_id)
    if proposal.state not in CORRECTABLE_STATES:
        raise NotAllowed(
            "The pilot's verdict is final: it was frozen into the board's ballot, so it can no longer be corrected."
        )


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _diff(old: dict[str, Any], new: dict[str, Any], fields: tuple[str, ...]) -> dict[str, list[str]]:
    """{field: [old, new]} for the fields that changed, as shown to people."""
    shown = {name: [_shown(old.get(name)), _shown(new.get(name))] for name in fields}
    return {name: pair for name, pair in shown.items() if pair[0] != pair[1]}


def _baseline_error(captured_on: date | None, starts_on: date) -> str | None:
    if captured_on is not None and captured_on > starts_on:
        return (
            f"The baseline must be captured on or before the pilot starts ({starts_on.isoformat()}); "
            "a later one cannot show what the pilot changed."
        )
    return None


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
    existing = await Pilot.select().where(Pilot.proposal == proposal.id).first().run()
    if starts_on is not None and existing is not None:
        late = [
            row["name"]
            for row in await PilotMetric.select(PilotMetric.name, PilotMetric.baseline_captured_on)
            .where(PilotMetric.pilot == existing["id"])
            .run()
            if row["baseline_captured_on"] and row["baseline_captured_on"] > starts_on
        ]
        if late:
            errors["starts_on"] = (
                f"The baseline of {', '.join(late)} was captured after this date: a pilot starts on or after "
                "its baselines."
            )
    if errors:
        raise ValidationFailed(errors)
    assert starts_on is not None
    assert ends_on is not None
    async with transaction(Pilot._meta.db):
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
        before = existing or {}
        after = {"starts_on": starts_on, "ends_on": ends_on, "conditions": conditions.strip()}
        await audit.record(
            "pilot.save",
            "proposal",
            proposal.ref,
            actor_id,
            {
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "changes": _diff(before, after, ("starts_on", "ends_on", "conditions")),
            },
        )
    await store_rendered(conditions.strip())


async def _pilot_row(proposal: ProposalView) -> dict[str, Any]:
    row: dict[str, Any] | None = await Pilot.select().where(Pilot.proposal == proposal.id).first().run()
    if row is None:
        raise NotFound(f"{proposal.ref} has no pilot yet.")
    return row


async def _pilot_id(proposal: ProposalView) -> int:
    return int((await _pilot_row(proposal))["id"])


def _metric_errors(data: MetricInput, starts_on: date) -> dict[str, str]:
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
    late = _baseline_error(data.baseline_captured_on, starts_on)
    if late:
        errors["baseline_captured_on"] = late
    return errors


def _metric_values(data: MetricInput) -> dict[str, Any]:
    return {
        "name": data.name.strip(),
        "unit": data.unit.strip(),
        "category": data.category,
        "direction": data.direction,
        "baseline": data.baseline,
        "baseline_captured_on": data.baseline_captured_on,
        "target": data.target,
        "target_high": data.target_high if data.direction == "range" else None,
        "guardrail": data.guardrail,
        "must_pass": data.must_pass,
        "minimum_window_days": data.minimum_window_days,
    }


async def add_metric(proposal: ProposalView, data: MetricInput, actor_id: int) -> None:
    _require_owner(proposal, actor_id)
    pilot = await _pilot_row(proposal)
    errors = _metric_errors(data, pilot["starts_on"])
    if errors:
        raise ValidationFailed(errors)
    values = _metric_values(data)
    async with transaction(Pilot._meta.db):
        await PilotMetric.insert(PilotMetric(pilot=pilot["id"], **values)).run()
        await audit.record(
            "pilot.metric",
            "proposal",
            proposal.ref,
            actor_id,
            {"metric": values["name"], "changes": _diff({}, values, METRIC_FIELDS)},
        )


async def _metric_row(proposal: ProposalView, metric_id: int) -> dict[str, Any]:
    pilot_id = await _pilot_id(proposal)
    row: dict[str, Any] | None = (
        await PilotMetric.select().where((PilotMetric.id == metric_id) & (PilotMetric.pilot == pilot_id)).first().run()
    )
    if row is None:
        raise NotFound(f"metric {metric_id}")
    return row


async def update_metric(proposal: ProposalView, metric_id: int, data: MetricInput, actor_id: int) -> None:
    """Correct a metric's definition (until the verdict is final); audited with old and new values."""
    _require_correctable(proposal, actor_id)
    pilot = await _pilot_row(proposal)
    old = await _metric_row(proposal, metric_id)
    errors = _metric_errors(data, pilot["starts_on"])
    if errors:
        raise ValidationFailed(errors)
    values = _metric_values(data)
    changes = _diff(old, values, METRIC_FIELDS)
    if not changes:
        return
    async with transaction(Pilot._meta.db):
        await (
            PilotMetric.update({getattr(PilotMetric, k): v for k, v in values.items()})
            .where(PilotMetric.id == metric_id)
            .run()
        )
        await audit.record(
            "pilot.metric.edit", "proposal", proposal.ref, actor_id, {"metric": old["name"], "changes": changes}
        )


async def delete_metric(proposal: ProposalView, metric_id: int, actor_id: int) -> None:
    """Delete a metric and its observations (until the verdict is final); the audit keeps what it was."""
    _require_correctable(proposal, actor_id)
    old = await _metric_row(proposal, metric_id)
    async with transaction(Pilot._meta.db):
        count = await Observation.count().where(Observation.metric == metric_id).run()
        await PilotMetric.delete().where(PilotMetric.id == metric_id).run()
        changes = _diff(old, {}, METRIC_FIELDS)
        changes["observations"] = [str(count), "–"]
        await audit.record(
            "pilot.metric.delete", "proposal", proposal.ref, actor_id, {"metric": old["name"], "changes": changes}
        )


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
    metric = await _metric_row(proposal, metric_id)
    _check_observation(value, window_start, window_end, sample_size)
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
        new = {"value": value, "window_start": window_start, "window_end": window_end, "sample_size": sample_size}
        await audit.record(
            "pilot.observation",
            "proposal",
            proposal.ref,
            actor_id,
            {"metric": metric["name"], "value": value, "changes": _diff({}, new, OBSERVATION_FIELDS)},
        )


def _check_observation(
    value: float | None, window_start: date | None, window_end: date | None, sample_size: int | None
) -> None:
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


async def _observation_row(proposal: ProposalView, observation_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    row: dict[str, Any] | None = await Observation.select().where(Observation.id == observation_id).first().run()
    if row is None:
        raise NotFound(f"observation {observation_id}")
    metric = await _metric_row(proposal, row["metric"])  # NotFound when it belongs to another pilot
    return row, metric


async def update_observation(
    proposal: ProposalView,
    observation_id: int,
    value: float | None,
    window_start: date | None,
    window_end: date | None,
    sample_size: int | None,
    actor_id: int,
) -> None:
    """Correct an observation (until the verdict is final); audited with old and new values."""
    _require_correctable(proposal, actor_id)
    old, metric = await _observation_row(proposal, observation_id)
    _check_observation(value, window_start, window_end, sample_size)
    new = {"value": value, "window_start": window_start, "window_end": window_end, "sample_size": sample_size}
    changes = _diff(old, new, OBSERVATION_FIELDS)
    if not changes:
        return
    async with transaction(Pilot._meta.db):
        await (
            Observation.update(
                {
                    Observation.value: value,
                    Observation.window_start: window_start,
                    Observation.window_end: window_end,
                    Observation.sample_size: sample_size,
                }
            )
            .where(Observation.id == observation_id)
            .run()
        )
        await audit.record(
            "pilot.observation.edit",
            "proposal",
            proposal.ref,
            actor_id,
            {"metric": metric["name"], "changes": changes},
        )


async def delete_observation(proposal: ProposalView, observation_id: int, actor_id: int) -> None:
    """Delete an observation (until the verdict is final); the audit keeps what it was."""
    _require_correctable(proposal, actor_id)
    old, metric = await _observation_row(proposal, observation_id)
    async with transaction(Pilot._meta.db):
        await Observation.delete().where(Observation.id == observation_id).run()
        await audit.record(
            "pilot.observation.delete",
            "proposal",
            proposal.ref,
            actor_id,
            {"metric": metric["name"], "changes": _diff(old, {}, OBSERVATION_FIELDS)},
        )


async def history(proposal: ProposalView) -> list[Change]:
    """Every audited change of the proposal's pilot, newest first, with old and new values."""
    rows = (
        await AuditEvent.select()
        .where(
            (AuditEvent.subject_type == "proposal")
            & (AuditEvent.subject == proposal.ref)
            & AuditEvent.action.like("pilot.%")
        )
        .order_by(AuditEvent.id, ascending=False)
        .output(load_json=True)
        .run()
    )
    names = {row["id"]: row["display_name"] for row in await User.select(User.id, User.display_name).run()}
    changes = []
    for row in rows:
        detail = row["detail"] if isinstance(row["detail"], dict) else {}
        pairs = [(name, str(values[0]), str(values[1])) for name, values in (detail.get("changes") or {}).items()]
        changes.append(
            Change(row["at"], names.get(row["actor"], "Radar"), row["action"], str(detail.get("metric", "")), pairs)
        )
    return changes


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
