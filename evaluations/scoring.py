"""The evaluation framework's arithmetic (DESIGN.md §4): framework validation, scorecard validation,
aggregation per criterion with its flags, the 0–100 total with its band, and the spider chart figure.

Pure functions on plain values: no database, no web.

Interpretations, where DESIGN.md is silent:
- "Don't know" answers are not scores: they are left out of n, mean, median and range.
- The confidence-weighted mean is sum(confidence x score) / sum(confidence).
- The range is max - min of the scores (0 for a single score).
- A criterion nobody scored has no mean and is left out of the total; the remaining weights are
  renormalised so the total stays on the 1–5 scale, and `coverage` (the weight that was scored) is reported
  next to it. With no scored criterion at all there is no total.
- The total is rounded to one decimal only for display; the band uses the unrounded value.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from radar.limits import LINE_MAX, NOTE_MAX, too_long
from radar.plotly_text import plotly_text

CONFIDENCE = {"low": 0.5, "medium": 0.75, "high": 1.0}
CONFIDENCE_LABELS = {value: label for label, value in CONFIDENCE.items()}
WEIGHT_TOLERANCE = 0.001
BANDS = (
    (70.0, "recommend", "Recommend"),
    (50.0, "conditional", "Conditional"),
    (float("-inf"), "not_recommended", "Not recommended"),
)
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)

DEFAULT_GATES: list[dict[str, str]] = [
    {"key": "licence", "name": "Licence allowed", "question": "Is the licence on the allowed list (or approved)?"},
    {"key": "security", "name": "Security baseline", "question": "Does it meet the security baseline?"},
    {
        "key": "compliance",
        "name": "Data / compliance",
        "question": "Can it be used within our data-protection and regulatory obligations?",
    },
    {"key": "supported", "name": "Supported", "question": "Is it supported (vendor or active community)?"},
]
DEFAULT_CRITERIA: list[dict[str, Any]] = [
    {
        "key": "strategic_fit",
        "name": "Strategic fit",
        "weight": 0.25,
        "anchor_5": "Enables a named objective, replaces something",
        "anchor_1": "Conflicts with target architecture or duplicates an Adopt blip",
    },
    {
        "key": "cost",
        "name": "Cost (3-year TCO)",
        "weight": 0.20,
        "anchor_5": "<= 80% of incumbent, predictable pricing",
        "anchor_1": ">= 130% or unbounded usage pricing",
    },
    {
        "key": "lock_in",
        "name": "Lock-in / exit cost",
        "weight": 0.15,
        "anchor_5": "Open standards, >= 2 implementations, tested export, exit <= 1 person-month",
        "anchor_1": "Proprietary throughout, no export, exit > 6 person-months",
    },
    {
        "key": "learning_curve",
        "name": "Learning curve",
        "weight": 0.15,
        "anchor_5": ">= 2 internal practitioners, productive in < 1 week",
        "anchor_1": "No experience, new paradigm, > 3 months",
    },
    {
        "key": "maturity",
        "name": "Maturity & ecosystem",
        "weight": 0.15,
        "anchor_5": ">= 3 independent production adopters, release/security policy",
        "anchor_1": "Experimental, single maintainer",
    },
    {
        "key": "security_operability",
        "name": "Security & operability",
        "weight": 0.10,
        "anchor_5": "Passes review, SSO, observable, documented upgrades",
        "anchor_1": "Unresolved significant gaps",
    },
]


# -- framework -------------------------------------------------------------------------------------------------


def validate_framework(gates: Sequence[Mapping[str, Any]], criteria: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Errors keyed by field (`gates`, `criteria`, `weights`, `criterion_<i>_<part>`); empty when valid."""
    errors: dict[str, str] = {}
    keys: list[str] = []
    for index, gate in enumerate(gates):
        if not all(isinstance(gate.get(part, ""), str) for part in ("key", "name", "question")):
            errors[f"gate_{index}_name"] = "Each part of a gate is one piece of text."
        elif not str(gate.get("name", "")).strip():
            errors[f"gate_{index}_name"] = "Name the gate."
        keys.append(str(gate.get("key", "")))
    if len(set(keys)) != len(keys):
        errors["gates"] = "Two gates have the same name."
    if not criteria:
        errors["criteria"] = "The framework needs at least one criterion."
        return errors
    criterion_keys: list[str] = []
    total = 0.0
    for index, criterion in enumerate(criteria):
        if not all(isinstance(criterion.get(part, ""), str) for part in ("key", "name", "anchor_5", "anchor_1")):
            errors[f"criterion_{index}_name"] = "Each part of a criterion is one piece of text."
        for part, message in (
            ("name", "Name the criterion."),
            ("anchor_5", "Say what a 5 means."),
            ("anchor_1", "Say what a 1 means."),
        ):
            if not str(criterion.get(part, "")).strip():
                errors[f"criterion_{index}_{part}"] = message
        weight = criterion.get("weight")
        if not isinstance(weight, int | float) or isinstance(weight, bool) or not 0 < weight <= 1:
            errors[f"criterion_{index}_weight"] = "A weight is a number above 0 and at most 1."
        else:
            total += float(weight)
        criterion_keys.append(str(criterion.get("key", "")))
    if len(set(criterion_keys)) != len(criterion_keys):
        errors["criteria"] = "Two criteria have the same name."
    if not any(key.startswith("criterion_") and key.endswith("_weight") for key in errors) and (
        abs(total - 1.0) > WEIGHT_TOLERANCE
    ):
        errors["weights"] = f"The weights must sum to 1; they sum to {total:.3f}."
    return errors


def key_from_name(name: str) -> str:
    """A stable key for a gate or criterion named by an admin: `Cost (3-year TCO)` -> `cost_3_year_tco`."""
    key = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not key or not key[0].isalpha():
        key = f"c_{key}"
    return key[:64]


# -- scorecards ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    """One criterion of a scorecard as entered: `score` None means "don't know"."""

    criterion: str
    score: int | None
    confidence: float
    rationale: str
    evidence_url: str


def validate_score(entry: ScoreInput) -> dict[str, str]:
    """Errors for one criterion, keyed `score`, `confidence`, `rationale`, `evidence_url`."""
    errors: dict[str, str] = {}
    if entry.score is not None:
        if not 1 <= entry.score <= 5:
            errors["score"] = "Score from 1 to 5, or choose “don't know”."
        if entry.confidence not in CONFIDENCE.values():
            errors["confidence"] = "Choose low, medium or high confidence."
        if not entry.rationale.strip():
            errors["rationale"] = "Give a short rationale for the score."
        if entry.score in (1, 5) and not URL_PATTERN.match(entry.evidence_url):
            errors["evidence_url"] = "A score of 1 or 5 needs an evidence link (http or https)."
    if entry.evidence_url and not URL_PATTERN.match(entry.evidence_url):
        errors["evidence_url"] = "Enter a link starting with http:// or https://."
    errors.update(
        too_long(
            {"rationale": entry.rationale.strip(), "evidence_url": entry.evidence_url},
            {"rationale": NOTE_MAX, "evidence_url": LINE_MAX},
        )
    )
    return errors


# -- aggregation -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """One submitted score: evaluator, criterion key, 1–5 or None for "don't know", confidence 0.5–1."""

    evaluator: str
    criterion: str
    score: int | None
    confidence: float = 1.0


@dataclass(frozen=True)
class CriterionAggregate:
    key: str
    name: str
    weight: float
    n: int
    dont_know: int
    mean: float | None
    median: float | None
    low: int | None
    high: int | None
    flags: tuple[str, ...]

    @property
    def range(self) -> int | None:
        return None if self.low is None or self.high is None else self.high - self.low


@dataclass(frozen=True)
class Aggregate:
    criteria: list[CriterionAggregate]
    total: float | None  # the weighted mean on 1–5
    score: float | None  # 0–100
    band: str | None
    band_label: str | None
    coverage: float  # the share of weight with at least one score
    evaluators: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> list[CriterionAggregate]:
        return [criterion for criterion in self.criteria if criterion.flags]


def flags_for(scores: Sequence[int]) -> tuple[str, ...]:
    """`disagreement` when range >= 3 or scores on both sides (<= 2 and >= 4); `insufficient` under 2 scores."""
    flags: list[str] = []
    if scores and (max(scores) - min(scores) >= 3 or (min(scores) <= 2 and max(scores) >= 4)):
        flags.append("disagreement")
    if len(scores) < 2:
        flags.append("insufficient")
    return tuple(flags)


def aggregate_criterion(key: str, name: str, weight: float, scores: Iterable[Score]) -> CriterionAggregate:
    given = [score for score in scores if score.criterion == key]
    known = [score for score in given if score.score is not None]
    values = [int(score.score) for score in known if score.score is not None]
    mean = median = None
    if known:
        confidence = sum(score.confidence for score in known)
        mean = sum(score.confidence * value for score, value in zip(known, values, strict=True)) / confidence
        median = float(statistics.median(values))
    return CriterionAggregate(
        key=key,
        name=name,
        weight=weight,
        n=len(values),
        dont_know=len(given) - len(known),
        mean=mean,
        median=median,
        low=min(values) if values else None,
        high=max(values) if values else None,
        flags=flags_for(values),
    )


def to_percent(total: float) -> float:
    """A 1–5 weighted mean as 0–100."""
    return 100 * (total - 1) / 4


def format_score(value: float | None) -> str:
    """Every score people read (a 0–100 total or a 1–5 mean) with one decimal; "–" when there is none.

    The one place scores are rounded for display: the pages, the ballot and the decision record use it.
    """
    if value is None:
        return "–"
    return f"{value:.1f}"


def criterion_names(criteria: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Criterion key -> its name in the framework (the only name a criterion is shown by)."""
    return {str(criterion["key"]): str(criterion["name"]) for criterion in criteria}


def band_for(score: float) -> tuple[str, str]:
    """(key, label): >= 70 recommend, 50–69 conditional, < 50 not recommended."""
    for threshold, key, label in BANDS:
        if score >= threshold:
            return key, label
    raise AssertionError("unreachable")  # pragma: no cover


def aggregate(criteria: Sequence[Mapping[str, Any]], scores: Sequence[Score]) -> Aggregate:
    """Per-criterion statistics and flags, and the weighted total with its band."""
    rows = [
        aggregate_criterion(str(criterion["key"]), str(criterion["name"]), float(criterion["weight"]), scores)
        for criterion in criteria
    ]
    scored = [row for row in rows if row.mean is not None]
    coverage = sum(row.weight for row in scored)
    total = score = None
    band = band_label = None
    if scored and coverage > 0:
        total = sum(row.weight * (row.mean or 0.0) for row in scored) / coverage
        score = to_percent(total)
        band, band_label = band_for(score)
    evaluators = sorted({score.evaluator for score in scores})
    return Aggregate(rows, total, score, band, band_label, round(coverage, 6), evaluators)


# -- spider chart ----------------------------------------------------------------------------------------------

PALETTE = ("#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#558b2f", "#4e342e", "#37474f")


def spider_figure(
    criteria: Sequence[Mapping[str, Any]], scores: Sequence[Score], result: Aggregate | None = None
) -> dict[str, Any]:
    """A Plotly scatterpolar figure as a plain dict: one polygon per evaluator and the mean, closed."""
    result = result or aggregate(criteria, scores)
    names = [plotly_text(str(criterion["name"])) for criterion in criteria]
    keys = [str(criterion["key"]) for criterion in criteria]
    closed = [*names, names[0]] if names else []
    data: list[dict[str, Any]] = []
    for index, evaluator in enumerate(result.evaluators):
        by_key = {score.criterion: score.score for score in scores if score.evaluator == evaluator}
        values = [by_key.get(key) for key in keys]
        data.append(
            {
                "type": "scatterpolar",
                "name": plotly_text(evaluator),
                "r": [*values, values[0]] if values else [],
                "theta": closed,
                "mode": "lines+markers",
                "connectgaps": True,
                "line": {"color": PALETTE[index % len(PALETTE)], "width": 1.5, "dash": "dot"},
                "hovertemplate": "%{theta}: %{r}<extra>" + plotly_text(evaluator).replace("%", "&#37;") + "</extra>",
            }
        )
    means = [None if row.mean is None else round(row.mean, 2) for row in result.criteria]
    data.append(
        {
            "type": "scatterpolar",
            "name": "Mean",
            "r": [*means, means[0]] if means else [],
            "theta": closed,
            "mode": "lines+markers",
            "fill": "toself",
            "connectgaps": True,
            "line": {"color": "#102a43", "width": 3},
            "fillcolor": "rgba(16, 42, 67, 0.15)",
            "hovertemplate": "%{theta}: %{r}<extra>Mean</extra>",
        }
    )
    return {
        "data": data,
        "layout": {
            "polar": {
                "radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5], "angle": 90, "tickfont": {"size": 10}},
                "angularaxis": {"direction": "clockwise", "rotation": 90},
            },
            "showlegend": True,
            "legend": {"orientation": "h", "y": -0.12},
            "margin": {"l": 120, "r": 120, "t": 40, "b": 40},
            "height": 460,
            "paper_bgcolor": "#ffffff",
        },
    }
