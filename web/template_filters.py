"""The Jinja filters every template uses, so that values look the same on every page:

- `dash`: a missing value (None, empty text or list) as "–" (or the placeholder given), never a raw "None";
  numbers without trailing zeros ("12.5", "3").
- `markdown`: a long text field as sanitised HTML with its line breaks kept (radar/markdown.py).
- `items`: text typed one per line (options considered) as a sanitised HTML list.
- `score`: a score (0–100 total or 1–5 mean) with one decimal (evaluations/scoring.py).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from evaluations.scoring import format_score
from radar.markdown import render_items, render_markdown

MISSING = "–"


def dash(value: Any, placeholder: str = MISSING) -> Any:
    if value is None or (isinstance(value, str | list | tuple | dict) and not value):
        return placeholder
    if isinstance(value, float):
        return f"{value:g}"
    return value


def markdown(text: str | None) -> Markup:
    return Markup(render_markdown(text or ""))  # noqa: S704 - sanitised by nh3 in render_markdown


def items(text: str | None) -> Markup:
    return Markup(render_items(text or ""))  # noqa: S704 - sanitised by nh3 in render_items


def register(env: Environment) -> None:
    env.filters["dash"] = dash
    env.filters["markdown"] = markdown
    env.filters["items"] = items
    env.filters["score"] = format_score
