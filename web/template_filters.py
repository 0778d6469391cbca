"""The Jinja filters every template uses, so that values look the same on every page:

- `dash`: a missing value (None, empty text or list) as "–" (or the placeholder given), never a raw "None";
  numbers without trailing zeros ("12.5", "3").
- `score`: a score (0–100 total or 1–5 mean) with one decimal (evaluations/scoring.py).

There is deliberately no Markdown filter: rendering is slow, so pages show the HTML stored when the Markdown was
saved, which controllers read with radar/rendered_markdown.py (rendered, rendered_one) and pass in.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from evaluations.scoring import format_score

MISSING = "–"


def dash(value: Any, placeholder: str = MISSING) -> Any:
    if value is None or (isinstance(value, str | list | tuple | dict) and not value):
        return placeholder
    if isinstance(value, float):
        return f"{value:g}"
    return value


def register(env: Environment) -> None:
    env.filters["dash"] = dash
    env.filters["score"] = format_score
