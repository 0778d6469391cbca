"""Worked examples for pilot metrics and verdicts (DESIGN.md §4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from evaluations.pilots import (
    MetricSpec,
    MetricStatus,
    Reading,
    allows_adopt,
    metric_status,
    pilot_verdict,
    validate_metric,
)

START = date(2026, 3, 1)


def reading(value: float, days: int = 28) -> Reading:
    return Reading(value, START, START + timedelta(days=days - 1), 100)


LEAD_TIME = MetricSpec("Lead time", "lower", baseline=10, target=5, guardrail=None, must_pass=True)
DEPLOYS = MetricSpec("Deploys per week", "higher", baseline=2, target=5, guardrail=1, must_pass=True)
LATENCY = MetricSpec("p99 latency", "range", baseline=400, target=100, target_high=250, guardrail=100)


@pytest.mark.parametrize(
    ("metric", "value", "status"),
    [
        (LEAD_TIME, 4, "PASS"),
        (LEAD_TIME, 5, "PASS"),  # meeting the target exactly passes
        (LEAD_TIME, 7, "PARTIAL"),
        (LEAD_TIME, 10, "FAIL"),  # no better than the baseline
        (LEAD_TIME, 12, "FAIL"),
        (DEPLOYS, 6, "PASS"),
        (DEPLOYS, 3, "PARTIAL"),
        (DEPLOYS, 2, "FAIL"),
        (DEPLOYS, 0.5, "BREACH"),
        (LATENCY, 200, "PASS"),
        (LATENCY, 300, "PARTIAL"),
        (LATENCY, 80, "PARTIAL"),  # 20 below the range, baseline was 150 above
        (LATENCY, 340, "PARTIAL"),
        (LATENCY, 351, "BREACH"),
        (MetricSpec("x", "range", baseline=260, target=100, target_high=250), 300, "FAIL"),
    ],
)
def test_metric_status(metric: MetricSpec, value: float, status: str) -> None:
    assert metric_status(metric, [reading(value)]).status == status


def test_no_baseline_is_invalid_with_the_reason() -> None:
    metric = MetricSpec("Cost", "lower", baseline=None, target=5, must_pass=True)
    result = metric_status(metric, [reading(3)])
    assert result == MetricStatus("INVALID", "No baseline: capture one before the pilot starts.")


def test_window_shorter_than_minimum_is_invalid() -> None:
    result = metric_status(LEAD_TIME, [reading(4, days=7)])
    assert result.status == "INVALID"
    assert "7 days" in result.reason
    assert "14" in result.reason


def test_baseline_after_start_and_no_observation_are_invalid() -> None:
    late = MetricSpec("x", "higher", 1, 2, baseline_captured_on=date(2026, 3, 5))
    assert metric_status(late, [reading(3)], pilot_starts_on=START).status == "INVALID"
    assert metric_status(LEAD_TIME, []).status == "INVALID"


def test_latest_window_counts() -> None:
    older = Reading(12, date(2026, 1, 1), date(2026, 1, 31))
    newer = Reading(4, date(2026, 2, 1), date(2026, 2, 28))
    assert metric_status(LEAD_TIME, [newer, older]).status == "PASS"


def _verdict(*pairs: tuple[MetricSpec, str]) -> str:
    return pilot_verdict([(metric, MetricStatus(status, "")) for metric, status in pairs]).verdict


OPTIONAL = MetricSpec("Satisfaction", "higher", baseline=3, target=4, guardrail=2)


def test_verdicts() -> None:
    assert _verdict((LEAD_TIME, "PASS"), (DEPLOYS, "PASS"), (OPTIONAL, "FAIL")) == "PASS"
    assert _verdict((LEAD_TIME, "PASS"), (DEPLOYS, "PARTIAL")) == "CONDITIONAL"
    assert _verdict((LEAD_TIME, "PASS"), (DEPLOYS, "FAIL")) == "FAIL"
    assert _verdict((LEAD_TIME, "INVALID"), (DEPLOYS, "PASS")) == "INCONCLUSIVE"
    assert _verdict((OPTIONAL, "PASS")) == "INCONCLUSIVE"  # nothing must pass


def test_a_must_pass_metric_without_a_baseline_makes_the_pilot_inconclusive() -> None:
    no_baseline = MetricSpec("Cost", "lower", baseline=None, target=5, must_pass=True)
    results = [(no_baseline, metric_status(no_baseline, [reading(3)])), (DEPLOYS, metric_status(DEPLOYS, [reading(6)]))]
    assert pilot_verdict(results).verdict == "INCONCLUSIVE"


def test_a_guardrail_broken_while_targets_pass_is_a_breach_and_fails_the_pilot() -> None:
    error_rate = MetricSpec("Error rate", "lower", baseline=1.0, target=1.0, guardrail=2.0)
    results = [
        (LEAD_TIME, metric_status(LEAD_TIME, [reading(4)])),
        (DEPLOYS, metric_status(DEPLOYS, [reading(6)])),
        (error_rate, metric_status(error_rate, [reading(2.5)])),
    ]
    assert [status.status for _, status in results] == ["PASS", "PASS", "BREACH"]
    verdict = pilot_verdict(results)
    assert verdict.verdict == "FAIL"
    assert "Error rate" in verdict.reason


def test_adopt_needs_pass_or_conditional_with_conditions() -> None:
    assert allows_adopt("PASS", "")
    assert allows_adopt("CONDITIONAL", "Only for new services")
    assert not allows_adopt("CONDITIONAL", "  ")
    assert not allows_adopt("FAIL", "x")
    assert not allows_adopt("INCONCLUSIVE", "x")


def test_validate_metric() -> None:
    assert validate_metric(LEAD_TIME) == {}
    assert validate_metric(LATENCY) == {}
    bad = MetricSpec("", "sideways", baseline=None, target=None, minimum_window_days=0)
    assert set(validate_metric(bad)) == {"name", "direction", "target", "minimum_window_days"}
    assert "guardrail" in validate_metric(MetricSpec("x", "higher", 1, 5, guardrail=6))
    assert "guardrail" in validate_metric(MetricSpec("x", "lower", 9, 5, guardrail=4))
    assert "target_high" in validate_metric(MetricSpec("x", "range", 9, 5, target_high=4))
