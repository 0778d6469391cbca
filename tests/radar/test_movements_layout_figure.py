from __future__ import annotations

import plotly.graph_objects as go
import pytest

from radar.figure import FigureBlip, FigureQuadrant, FigureRing, build_figure
from radar.markdown import render_markdown
from radar.movements import movement_between


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [(None, 2, "new"), (2, 1, "moved_in"), (1, 3, "moved_out"), (0, 0, "no_change")],
)
def test_movement_between(previous: int | None, current: int, expected: str) -> None:
    assert movement_between(previous, current) == expected


def _blips(count: int) -> list[FigureBlip]:
    return [
        FigureBlip(i + 1, f"blip-{i}", f"Blip {i}", i % 4, (i // 4) % 4, "no_change", "summary") for i in range(count)
    ]


def test_figure_dict_is_valid_plotly_with_one_point_per_blip() -> None:
    quadrants = [FigureQuadrant(name) for name in ["Techniques", "Tools", "Platforms", "Languages"]]
    rings = [
        FigureRing(name, colour)
        for name, colour in [("Adopt", "#2e7d32"), ("Trial", "#1565c0"), ("Assess", "#ef6c00"), ("Hold", "#c62828")]
    ]
    blips = _blips(30)
    blips[0] = FigureBlip(1, "new-one", "New one", 0, 2, "new", "brand new")
    figure = build_figure(quadrants, rings, blips)
    go.Figure(figure)  # raises on anything outside Plotly's schema
    markers = [trace for trace in figure["data"] if trace.get("meta") == "blips"]
    assert [trace["name"] for trace in markers] == ["New", "Moved in", "Moved out", "No change"]  # legend
    assert sum(len(trace["r"]) for trace in markers) == 30
    slugs = {row[0] for trace in markers for row in trace["customdata"]}
    assert slugs == {blip.slug for blip in blips}
    assert {trace["marker"]["symbol"] for trace in markers} == {"circle"}  # movement is the ring or arc around it
    assert "1. New one" in markers[0]["customdata"][0][1]
    outlines = [trace for trace in figure["data"] if trace.get("meta") == "movement-marks"]
    assert len(outlines) == 1 and len(outlines[0]["r"]) == 34  # the new blip's ring: 33 points and a break


@pytest.mark.parametrize(("quadrant_count", "ring_count"), [(2, 2), (3, 5), (5, 3), (8, 6), (6, 4)])
def test_figure_works_for_2_to_8_quadrants_and_2_to_6_rings(quadrant_count: int, ring_count: int) -> None:
    quadrants = [FigureQuadrant(f"Q{index}") for index in range(quadrant_count)]
    rings = [FigureRing(f"R{index}", "#336699") for index in range(ring_count)]
    blips = [
        FigureBlip(i + 1, f"b{i}", f"B{i}", i % quadrant_count, i % ring_count, "no_change", "") for i in range(40)
    ]
    figure = build_figure(quadrants, rings, blips)
    go.Figure(figure)
    bands = [trace for trace in figure["data"] if trace["type"] == "barpolar"]
    assert len(bands) == ring_count
    names = [a["text"] for a in figure["layout"]["annotations"] if a["font"]["size"] == 14]
    assert names == [f"<b>Q{index}</b>" for index in range(quadrant_count)]


def test_empty_radar_gives_a_valid_figure_with_a_message() -> None:
    figure = build_figure([], [], [])
    go.Figure(figure)
    assert "No quadrants" in figure["layout"]["annotations"][0]["text"]


def test_markdown_is_sanitised() -> None:
    html = render_markdown("**bold** <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.com)")
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html
    assert 'href="javascript' not in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
