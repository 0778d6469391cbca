"""The drawn radar: Plotly's figure and the server-rendered SVG come from one geometry, so every mark sits on
the same pixel; marks are legible and named; nothing users typed is live HTML in either."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import plotly.graph_objects as go
import pytest

from radar.figure import (
    NUMBER_MIN_PX,
    FigureBlip,
    FigureQuadrant,
    FigureRing,
    build_figure,
    chart,
    figure_for,
    place_blips,
)
from radar.svg import TAP_TARGET_PX, legend_icon, render_svg

QUADRANTS = [
    FigureQuadrant(name, slug)
    for name, slug in [
        ("Techniques", "techniques"),
        ("Tools", "tools"),
        ("Platforms", "platforms"),
        ("Languages & Frameworks", "languages"),
    ]
]
RINGS = [
    FigureRing(n, c)
    for n, c in [("Adopt", "#2e7d32"), ("Trial", "#1565c0"), ("Assess", "#ef6c00"), ("Hold", "#c62828")]
]
MOVEMENTS = ("new", "moved_in", "moved_out", "no_change")
SVG = "{http://www.w3.org/2000/svg}"


def _blips(count: int, crowded: int = 0) -> list[FigureBlip]:
    blips = [FigureBlip(i + 1, f"crowd-{i}", f"Crowd {i}", 0, 0, "no_change", "") for i in range(crowded)]
    return blips + [
        FigureBlip(crowded + i + 1, f"b-{i}", f"Blip {i}", i % 4, (i // 4) % 4, MOVEMENTS[i % 4], "summary")
        for i in range(count - crowded)
    ]


def _plotly_pixels(figure: dict, view_width: float, view_height: float) -> list[tuple[float, float]]:
    """Where Plotly puts each mark, from its own sector placement rule (plotly.js polar updateLayout)."""
    layout = figure["layout"]
    margin = layout["margin"]
    width, height = layout["width"] - margin["l"] - margin["r"], layout["height"] - margin["t"] - margin["b"]
    start, end = layout["polar"].get("sector", [0, 360])
    angles = [start, end] + [a for a in range(-720, 721, 90) if start < a < end]
    xs = [0.0] + [math.cos(math.radians(a)) for a in angles]
    ys = [0.0] + [math.sin(math.radians(a)) for a in angles]
    dx, dy = max(xs) - min(xs), max(ys) - min(ys)
    radius = min(width / dx, height / dy)
    x_offset = margin["l"] + (width - radius * dx) / 2
    y_offset = margin["t"] + (height - radius * dy) / 2
    cx, cy = x_offset - radius * min(xs), y_offset + radius * max(ys)
    ring_count = layout["polar"]["radialaxis"]["range"][1]
    points = []
    for trace in figure["data"]:
        if trace.get("meta") == "blips":
            for r, theta in zip(trace["r"], trace["theta"], strict=True):
                angle = math.radians(90 - theta)
                points.append(
                    (cx + r / ring_count * radius * math.cos(angle), cy - r / ring_count * radius * math.sin(angle))
                )
    return points


@pytest.mark.parametrize("quadrant", [None, 0, 1, 2, 3])
def test_plotly_and_the_svg_put_every_mark_on_the_same_pixel(quadrant: int | None) -> None:
    blips = _blips(120, crowded=30)
    placed = place_blips(blips, 4, 4)
    view = chart(QUADRANTS, RINGS, blips, placed, quadrant, width=358 if quadrant is not None else None)
    figure = figure_for(view)
    go.Figure(figure)  # valid Plotly
    svg = render_svg(view)
    centres = [
        (float(c.get("cx")), float(c.get("cy")))
        for a in ET.fromstring(svg).iter(f"{SVG}a")  # noqa: S314 -- our own output
        if a.get("class", "").startswith("mark")
        for c in a.findall(f"{SVG}circle")[-1:]
    ]
    plotly = _plotly_pixels(figure, view.width, view.height)
    assert len(centres) == len(plotly) == len(view.marks) > 0
    for centre in centres:
        assert min(math.dist(centre, point) for point in plotly) < 0.02


def test_numbers_are_at_least_9_px_and_white_on_a_circle_or_not_drawn() -> None:
    for count, crowded in [(60, 0), (500, 150)]:
        blips = _blips(count, crowded)
        figure = build_figure(QUADRANTS, RINGS, blips)
        for trace in (t for t in figure["data"] if t.get("meta") == "blips"):
            assert trace["marker"]["symbol"] == "circle"
            if "text" in trace["mode"]:
                assert trace["textfont"]["size"] >= NUMBER_MIN_PX
                assert trace["textfont"]["color"] == "#ffffff"
                assert trace["marker"]["size"] >= trace["textfont"]["size"] * 1.2
    seed_sized = build_figure(QUADRANTS, RINGS, _blips(60))
    assert all("text" in t["mode"] for t in seed_sized["data"] if t.get("meta") == "blips")


def test_marks_have_accessible_names_and_links_and_tap_targets() -> None:
    blips = _blips(8)
    view = chart(QUADRANTS, RINGS, blips, place_blips(blips, 4, 4))
    root = ET.fromstring(render_svg(view))  # noqa: S314 -- our own output
    marks = [a for a in root.iter(f"{SVG}a") if a.get("class", "").startswith("mark")]
    labels = {a.get("aria-label") for a in marks}
    assert "Adopt ring, 1. Blip 0, new blip" in labels
    assert "Adopt ring, 2. Blip 1, moved in" in labels
    assert {a.get("href") for a in marks} == {f"/blips/b-{i}" for i in range(8)}
    for a in marks:
        assert 2 * float(a.find(f"{SVG}circle").get("r")) >= TAP_TARGET_PX
    quadrant_links = [a.get("href") for a in root.iter(f"{SVG}a") if a.get("class") == "quadrant-link"]
    assert quadrant_links == [f"/quadrants/{q.slug}" for q in QUADRANTS]


def test_movement_is_a_ring_for_new_and_an_arc_toward_the_move() -> None:
    blips = [
        FigureBlip(1, "in", "In", 1, 2, "moved_in", ""),
        FigureBlip(2, "out", "Out", 1, 2, "moved_out", ""),
        FigureBlip(3, "new", "New", 1, 2, "new", ""),
        FigureBlip(4, "same", "Same", 1, 2, "no_change", ""),
    ]
    view = chart(QUADRANTS, RINGS, blips, place_blips(blips, 4, 4))
    by_slug = {mark.blip.slug: mark for mark in view.marks}
    for slug, closer in (("in", True), ("out", False)):
        mark = by_slug[slug]
        arc_middle = mark.arc(view)[4]
        centre_distance = math.dist((mark.x, mark.y), (view.cx, view.cy))
        assert (math.dist(arc_middle, (view.cx, view.cy)) < centre_distance) is closer
    root = ET.fromstring(render_svg(view))  # noqa: S314 -- our own output
    shapes = {
        a.get("data-slug"): [child.tag.removeprefix(SVG) for child in a]
        for a in root.iter(f"{SVG}a")
        if a.get("data-slug")
    }
    assert shapes["new"].count("circle") == 3  # tap target, outer ring, mark
    assert "path" in shapes["in"] and "path" in shapes["out"]
    assert shapes["same"].count("circle") == 2 and "path" not in shapes["same"]
    for movement in MOVEMENTS:
        assert "#6b7780" in legend_icon(movement)  # the legend is neutral grey, not a ring colour


def test_ring_labels_have_a_lane_no_mark_enters() -> None:
    blips = _blips(500, crowded=150)
    view = chart(QUADRANTS, RINGS, blips, place_blips(blips, 4, 4))
    for label in view.labels[: len(RINGS)]:
        half_width = len(label.lines[0]) * label.size * 0.68 / 2
        for mark in view.marks:
            assert abs(mark.x - label.x) >= half_width + view.marker_px / 2 or abs(mark.y - label.y) >= label.size


def test_names_are_escaped_everywhere_plotly_or_the_svg_renders_them() -> None:
    evil = "<img src=x onerror=alert(1)>"
    quadrants = [FigureQuadrant(f"{evil} Q{i}", f"q{i}") for i in range(4)]
    rings = [FigureRing(f"{evil}{i}", "#336699") for i in range(4)]
    blips = [FigureBlip(i + 1, f"b{i}", f"<b>{evil}</b>", i % 4, i % 4, MOVEMENTS[i % 4], evil) for i in range(8)]
    placed = place_blips(blips, 4, 4)
    figure = build_figure(quadrants, rings, blips, placed)
    go.Figure(figure)
    text = repr(figure)
    assert "<img" not in text and "<b><img" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    for quadrant in (None, 0):
        svg = render_svg(chart(quadrants, rings, blips, placed, quadrant, 358))
        assert "<img" not in svg
        ET.fromstring(svg)  # noqa: S314 -- well-formed
    assert not re.search(r"<(?!/?(?:b|br|a)\b)[a-z]", " ".join(a["text"] for a in figure["layout"]["annotations"]))
