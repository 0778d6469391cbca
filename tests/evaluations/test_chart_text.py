"""Text that users typed reaches the pilot and spider charts escaped: Plotly would draw `<a href>` as a live link
and `<span style>` as styled text in names, axis titles, category labels and hover text."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import plotly.graph_objects as go

from evaluations.pilot_records import MetricView, ObservationView, observation_figure
from evaluations.pilots import MetricSpec, MetricStatus
from evaluations.scoring import DEFAULT_CRITERIA, Score, spider_figure
from radar.plotly_text import plotly_text

LINK = '<a href="https://evil.example/">click</a>'
STYLED = '<span style="font-size:40px">big</span> & <b>bold</b>'


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def test_plotly_text_escapes_exactly_what_plotly_decodes() -> None:
    assert plotly_text(LINK) == '&lt;a href="https://evil.example/"&gt;click&lt;/a&gt;'
    assert plotly_text("R&D <3") == "R&amp;D &lt;3"
    assert plotly_text('Say "hi"') == 'Say "hi"'  # Plotly would show &quot; literally


def test_spider_chart_escapes_evaluator_and_criterion_names() -> None:
    criteria = [{**DEFAULT_CRITERIA[0], "name": STYLED}, *DEFAULT_CRITERIA[1:]]
    scores = [Score(LINK, c["key"], 4) for c in criteria] + [Score("100% Bob", c["key"], 2) for c in criteria]
    figure = spider_figure(criteria, scores)
    go.Figure(figure)
    texts = _strings(figure)
    assert not any("<a" in text or "<span" in text or "<b>" in text for text in texts), texts
    by_name = {trace["name"]: trace for trace in figure["data"]}
    evaluator = by_name[plotly_text(LINK)]
    assert evaluator["theta"][0] == plotly_text(STYLED)
    assert evaluator["hovertemplate"].endswith("<extra>" + plotly_text(LINK) + "</extra>")
    assert "100&#37; Bob" in by_name["100% Bob"]["hovertemplate"]  # a % in a name is not a template field


def test_pilot_chart_escapes_the_unit() -> None:
    metric = MetricView(
        id=1,
        name=LINK,
        unit=STYLED,
        category="delivery",
        spec=MetricSpec(LINK, "lower", 10.0, 5.0),
        observations=[ObservationView(1, 4.0, date(2026, 3, 1), date(2026, 3, 28), 20)],
        status=MetricStatus("PASS", ""),
    )
    figure = observation_figure(metric, date(2026, 3, 1), date(2026, 5, 31))
    go.Figure(figure)
    assert figure["layout"]["yaxis"]["title"]["text"] == plotly_text(STYLED)
    assert not any("<span" in text or "<a" in text for text in _strings(figure))
    json.dumps(figure, allow_nan=False)
