"""Worked examples for the evaluation framework's arithmetic (DESIGN.md §4)."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from evaluations.scoring import (
    DEFAULT_CRITERIA,
    DEFAULT_GATES,
    Score,
    ScoreInput,
    aggregate,
    aggregate_criterion,
    band_for,
    flags_for,
    key_from_name,
    spider_figure,
    to_percent,
    validate_framework,
    validate_score,
)


def test_scores_2_4_5_are_a_disagreement() -> None:
    assert flags_for([2, 4, 5]) == ("disagreement",)


@pytest.mark.parametrize(
    ("scores", "flags"),
    [
        ([3], ("insufficient",)),
        ([], ("insufficient",)),
        ([1, 4], ("disagreement",)),  # range 3
        ([2, 4], ("disagreement",)),  # both sides although the range is 2
        ([3, 4, 5], ()),
        ([1, 2, 3], ()),
        ([5], ("insufficient",)),
        ([1, 5], ("disagreement",)),
    ],
)
def test_flags(scores: list[int], flags: tuple[str, ...]) -> None:
    assert flags_for(scores) == flags


def test_confidence_weighted_mean_median_range_and_dont_know() -> None:
    scores = [
        Score("a", "cost", 4, 1.0),
        Score("b", "cost", 2, 0.5),
        Score("c", "cost", None, 1.0),  # don't know: not a score
        Score("a", "other", 1, 1.0),
    ]
    row = aggregate_criterion("cost", "Cost", 0.2, scores)
    assert row.n == 2
    assert row.dont_know == 1
    assert row.mean == pytest.approx((4 * 1.0 + 2 * 0.5) / 1.5)  # 3.333
    assert row.median == 3.0
    assert (row.low, row.high, row.range) == (2, 4, 2)
    assert row.flags == ("disagreement",)


def test_total_on_0_to_100_with_bands() -> None:
    criteria = [
        {"key": "a", "name": "A", "weight": 0.5},
        {"key": "b", "name": "B", "weight": 0.5},
    ]
    scores = [Score("x", "a", 5), Score("y", "a", 5), Score("x", "b", 3), Score("y", "b", 4)]
    result = aggregate(criteria, scores)
    assert result.total == pytest.approx(0.5 * 5 + 0.5 * 3.5)  # 4.25
    assert result.score == pytest.approx(81.25)
    assert result.band == "recommend"
    assert result.coverage == 1.0
    assert result.evaluators == ["x", "y"]


@pytest.mark.parametrize(
    ("score", "band"),
    [(100, "recommend"), (70, "recommend"), (69.9, "conditional"), (50, "conditional"), (49.9, "not_recommended")],
)
def test_band_edges(score: float, band: str) -> None:
    assert band_for(score)[0] == band


def test_percent_scale() -> None:
    assert to_percent(1) == 0
    assert to_percent(3) == 50
    assert to_percent(5) == 100


def test_unscored_criterion_is_left_out_and_weights_renormalised() -> None:
    criteria = [{"key": "a", "name": "A", "weight": 0.75}, {"key": "b", "name": "B", "weight": 0.25}]
    result = aggregate(criteria, [Score("x", "a", 4), Score("x", "b", None)])
    assert result.total == pytest.approx(4.0)
    assert result.coverage == 0.75
    assert result.criteria[1].mean is None
    assert result.criteria[1].flags == ("insufficient",)


def test_no_scores_no_total() -> None:
    result = aggregate(DEFAULT_CRITERIA, [])
    assert result.total is None
    assert result.band is None


def test_default_framework_is_valid() -> None:
    assert validate_framework(DEFAULT_GATES, DEFAULT_CRITERIA) == {}
    assert sum(c["weight"] for c in DEFAULT_CRITERIA) == pytest.approx(1.0)


def test_weights_not_summing_to_one_are_refused() -> None:
    criteria = [dict(c) for c in DEFAULT_CRITERIA]
    criteria[0]["weight"] = 0.3
    errors = validate_framework(DEFAULT_GATES, criteria)
    assert errors["weights"] == "The weights must sum to 1; they sum to 1.050."


def test_framework_field_errors() -> None:
    criteria = [
        {"key": "a", "name": "", "weight": 0, "anchor_5": "x", "anchor_1": ""},
        {"key": "a", "name": "A", "weight": 1, "anchor_5": "x", "anchor_1": "y"},
    ]
    errors = validate_framework([{"key": "g", "name": ""}], criteria)
    assert set(errors) == {"gate_0_name", "criterion_0_name", "criterion_0_weight", "criterion_0_anchor_1", "criteria"}
    assert validate_framework([], [])["criteria"]


def test_key_from_name() -> None:
    assert key_from_name("Cost (3-year TCO)") == "cost_3_year_tco"
    assert key_from_name("3rd party") == "c_3rd_party"


@pytest.mark.parametrize(
    ("entry", "fields"),
    [
        (ScoreInput("a", 3, 0.75, "ok", ""), set()),
        (ScoreInput("a", None, 1.0, "", ""), set()),  # don't know needs nothing
        (ScoreInput("a", 5, 1.0, "great", ""), {"evidence_url"}),
        (ScoreInput("a", 1, 1.0, "bad", "https://example.com/x"), set()),
        (ScoreInput("a", 1, 1.0, "bad", "javascript:alert(1)"), {"evidence_url"}),
        (ScoreInput("a", 6, 0.3, "", ""), {"score", "confidence", "rationale"}),
    ],
)
def test_validate_score(entry: ScoreInput, fields: set[str]) -> None:
    assert set(validate_score(entry)) == fields


def test_spider_figure_is_a_valid_plotly_figure_with_a_polygon_per_evaluator_and_the_mean() -> None:
    scores = [Score("ann", c["key"], 4) for c in DEFAULT_CRITERIA] + [
        Score("bob", c["key"], 2, 0.5) for c in DEFAULT_CRITERIA
    ]
    figure = spider_figure(DEFAULT_CRITERIA, scores)
    go.Figure(figure)
    assert [trace["name"] for trace in figure["data"]] == ["ann", "bob", "Mean"]
    mean = figure["data"][-1]
    assert len(mean["r"]) == len(DEFAULT_CRITERIA) + 1  # closed polygon
    assert mean["r"][0] == mean["r"][-1] == pytest.approx(3.33, abs=0.01)
