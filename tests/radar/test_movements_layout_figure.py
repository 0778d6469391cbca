from __future__ import annotations

import itertools
import math

import plotly.graph_objects as go
import pytest

from radar.figure import FigureBlip, FigureQuadrant, FigureRing, build_figure
from radar.layout import Placement, layout, ring_bounds
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


def test_layout_is_deterministic_and_inside_each_sector() -> None:
    placements = [Placement(f"b{i}", i % 4, (i * 7) % 4) for i in range(80)]
    first = layout(placements, 4, 4)
    assert first == layout(list(reversed(placements)), 4, 4)
    bounds = ring_bounds(4)
    for placement in placements:
        position = first[placement.slug]
        assert bounds[placement.ring] < position.r < bounds[placement.ring + 1]
        assert placement.quadrant * 90 < position.theta < (placement.quadrant + 1) * 90


def test_layout_keeps_sixty_blips_apart() -> None:
    placements = [Placement(f"b{i}", i % 4, (i // 4) % 4) for i in range(60)]
    positions = layout(placements, 4, 4)
    points = [
        (p.r * math.sin(math.radians(p.theta)), p.r * math.cos(math.radians(p.theta))) for p in positions.values()
    ]
    closest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1 :])
    assert closest > 0.15  # in ring units: markers 17 px apart on a 4-ring chart ~600 px wide


@pytest.mark.parametrize("count", [2, 3, 4, 6])
def test_ring_bounds_cover_the_radius_with_inner_rings_widest(count: int) -> None:
    bounds = ring_bounds(count)
    widths = [outer - inner for inner, outer in itertools.pairwise(bounds)]
    assert bounds[0] == 0
    assert bounds[-1] == count
    assert widths == sorted(widths, reverse=True)


def test_layout_refuses_a_blip_outside_the_radar() -> None:
    with pytest.raises(ValueError, match="outside"):
        layout([Placement("x", 4, 0)], 4, 4)


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
    markers = [trace for trace in figure["data"] if trace.get("mode") == "markers+text"]
    assert sum(len(trace["r"]) for trace in markers) == 30
    assert {trace["name"] for trace in markers} == {"New", "No change"}
    slugs = {row[0] for trace in markers for row in trace["customdata"]}
    assert slugs == {blip.slug for blip in blips}


def test_markdown_is_sanitised() -> None:
    html = render_markdown("**bold** <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.com)")
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html
    assert 'href="javascript' not in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
