"""Pilot metrics and the pilot verdict (DESIGN.md §4). Pure functions on plain values.

Interpretations, where DESIGN.md is silent:
- A metric is judged on its latest observation (by window end). No observation yet is INVALID.
- INVALID comes first: no baseline, a baseline captured after the pilot started, or an observation window
  (inclusive days) shorter than the metric's minimum window.
- The guardrail is a hard limit on the bad side: a floor when higher is better, a ceiling when lower is
  better; for "within a range" it is the largest distance outside the range that is tolerated. Crossing it
  (strictly) is a BREACH, whatever the target says.
- PASS meets the target (inclusive); PARTIAL is strictly better than the baseline but misses the target;
  anything else FAILs. For a range, "better than the baseline" means closer to the range than the baseline.
- Verdict, in this order: any BREACH (must-pass or not) -> FAIL; a must-pass metric INVALID -> INCONCLUSIVE;
  no must-pass metric at all -> INCONCLUSIVE; every must-pass PASS -> PASS; every must-pass at least
  PARTIAL -> CONDITIONAL; otherwise FAIL.
- Trial -> Adopt needs a PASS pilot, or a CONDITIONAL one whose conditions are written down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

DIRECTIONS = {"higher": "Higher is better", "lower": "Lower is better", "range": "Within a range"}
CATEGORIES = {
    "delivery": "Delivery (DORA)",
    "quality": "Quality",
    "cost": "Cost",
    "performance": "Performance",
    "satisfaction": "Satisfaction",
    "custom": "Custom",
}
STATUSES = ("PASS", "PARTIAL", "FAIL", "BREACH", "INVALID")
VERDICTS = ("PASS", "CONDITIONAL", "FAIL", "INCONCLUSIVE")


@dataclass(frozen=True)
class MetricSpec:
    name: str
    direction: str  # higher | lower | range
    baseline: float | None
    target: float | None  # the lower bound when direction is "range"
    target_high: float | None = None  # the upper bound when direction is "range"
    guardrail: float | None = None
    must_pass: bool = False
    minimum_window_days: int = 14
    baseline_captured_on: date | None = None


@dataclass(frozen=True)
class Reading:
    value: float
    window_start: date
    window_end: date
    sample_size: int = 0

    @property
    def window_days(self) -> int:
        return (self.window_end - self.window_start).days + 1


@dataclass(frozen=True)
class MetricStatus:
    status: str
    reason: str


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reason: str


def validate_metric(metric: MetricSpec) -> dict[str, str]:
    """Errors keyed by field name; empty when the definition is usable."""
    errors: dict[str, str] = {}
    if not metric.name.strip():
        errors["name"] = "Name the metric."
    if metric.direction not in DIRECTIONS:
        errors["direction"] = "Choose higher, lower or within a range."
    if metric.target is None:
        errors["target"] = "Enter the target value."
    if metric.direction == "range":
        if metric.target_high is None:
            errors["target_high"] = "A range needs an upper bound."
        elif metric.target is not None and metric.target_high < metric.target:
            errors["target_high"] = "The upper bound must not be below the lower bound."
        if metric.guardrail is not None and metric.guardrail < 0:
            errors["guardrail"] = "For a range the guardrail is a distance outside the range: 0 or more."
    elif metric.guardrail is not None and metric.target is not None:
        if metric.direction == "higher" and metric.guardrail > metric.target:
            errors["guardrail"] = "When higher is better the guardrail is a floor below the target."
        if metric.direction == "lower" and metric.guardrail < metric.target:
            errors["guardrail"] = "When lower is better the guardrail is a ceiling above the target."
    if metric.minimum_window_days < 1:
        errors["minimum_window_days"] = "The minimum window is at least 1 day."
    return errors


def _distance_outside(value: float, low: float, high: float) -> float:
    return low - value if value < low else value - high if value > high else 0.0


def metric_status(metric: MetricSpec, readings: Sequence[Reading], pilot_starts_on: date | None = None) -> MetricStatus:
    """PASS / PARTIAL / FAIL / BREACH / INVALID for one metric, with the reason shown to people."""
    if metric.baseline is None:
        return MetricStatus("INVALID", "No baseline: capture one before the pilot starts.")
    if pilot_starts_on and metric.baseline_captured_on and metric.baseline_captured_on > pilot_starts_on:
        return MetricStatus("INVALID", "The baseline was captured after the pilot started.")
    if not readings:
        return MetricStatus("INVALID", "No observation recorded yet.")
    latest = max(readings, key=lambda reading: (reading.window_end, reading.window_start))
    if latest.window_days < metric.minimum_window_days:
        return MetricStatus(
            "INVALID",
            f"The latest window is {latest.window_days} days; this metric needs at least {metric.minimum_window_days}.",
        )
    value, baseline = latest.value, metric.baseline
    if metric.target is None:
        return MetricStatus("INVALID", "No target.")
    if metric.direction == "range":
        high = metric.target_high if metric.target_high is not None else metric.target
        distance = _distance_outside(value, metric.target, high)
        if metric.guardrail is not None and distance > metric.guardrail:
            return MetricStatus("BREACH", f"{value:g} is more than {metric.guardrail:g} outside the range.")
        if distance == 0:
            return MetricStatus("PASS", f"{value:g} is within {metric.target:g}–{high:g}.")
        if distance < _distance_outside(baseline, metric.target, high):
            return MetricStatus("PARTIAL", f"{value:g} is closer to the range than the baseline {baseline:g}.")
        return MetricStatus("FAIL", f"{value:g} is outside {metric.target:g}–{high:g} and no closer than the baseline.")
    higher = metric.direction == "higher"
    if metric.guardrail is not None and (value < metric.guardrail if higher else value > metric.guardrail):
        side = "below the floor" if higher else "above the ceiling"
        return MetricStatus("BREACH", f"{value:g} is {side} of {metric.guardrail:g}.")
    if value >= metric.target if higher else value <= metric.target:
        return MetricStatus("PASS", f"{value:g} meets the target {metric.target:g}.")
    if value > baseline if higher else value < baseline:
        return MetricStatus("PARTIAL", f"{value:g} beats the baseline {baseline:g} but misses the target.")
    return MetricStatus("FAIL", f"{value:g} misses the target {metric.target:g} and does not beat the baseline.")


def pilot_verdict(results: Sequence[tuple[MetricSpec, MetricStatus]]) -> Verdict:
    """PASS / CONDITIONAL / FAIL / INCONCLUSIVE from each metric's status (see the module docstring)."""
    breaches = [metric.name for metric, status in results if status.status == "BREACH"]
    if breaches:
        return Verdict("FAIL", f"Guardrail broken: {', '.join(breaches)}.")
    must = [(metric, status) for metric, status in results if metric.must_pass]
    invalid = [metric.name for metric, status in must if status.status == "INVALID"]
    if invalid:
        return Verdict("INCONCLUSIVE", f"Must-pass metric without a valid measurement: {', '.join(invalid)}.")
    if not must:
        return Verdict("INCONCLUSIVE", "No must-pass metric is defined.")
    if all(status.status == "PASS" for _, status in must):
        return Verdict("PASS", "Every must-pass metric meets its target and no guardrail is broken.")
    if all(status.status in ("PASS", "PARTIAL") for _, status in must):
        partial = [metric.name for metric, status in must if status.status == "PARTIAL"]
        return Verdict("CONDITIONAL", f"Better than baseline but short of target: {', '.join(partial)}.")
    failed = [metric.name for metric, status in must if status.status == "FAIL"]
    return Verdict("FAIL", f"Must-pass metric failed: {', '.join(failed)}.")


def allows_adopt(verdict: str, conditions: str) -> bool:
    """Trial -> Adopt needs a PASS pilot, or a CONDITIONAL one with written conditions."""
    return verdict == "PASS" or (verdict == "CONDITIONAL" and bool(conditions.strip()))
