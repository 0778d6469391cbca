"""The radar chart as a plain dict in Plotly's JSON schema (building go.Figure objects is ~100x slower)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from radar.layout import RADIUS_PX, Layout, Placement, layout, ring_bounds
from radar.movements import MOVEMENT_LABELS

MOVEMENT_SYMBOLS = {
    "new": "star",
    "moved_in": "triangle-up",
    "moved_out": "triangle-down",
    "no_change": "circle",
}
MARGIN_PX = 70  # around the polar area, room for the quadrant names
NUMBERS_FROM_PX = 11.0  # blip numbers are printed inside markers at least this large


@dataclass(frozen=True)
class FigureQuadrant:
    name: str


@dataclass(frozen=True)
class FigureRing:
    name: str
    colour: str


@dataclass(frozen=True)
class FigureBlip:
    number: int
    slug: str
    name: str
    quadrant: int
    ring: int
    movement: str
    summary: str


def _rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def _empty_figure(message: str) -> dict[str, Any]:
    return {
        "data": [],
        "layout": {
            "annotations": [{"text": message, "showarrow": False, "font": {"size": 16}}],
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "height": 300,
        },
    }


def place_blips(blips: list[FigureBlip], quadrant_count: int, ring_count: int, previous: Any = None) -> Layout:
    return layout([Placement(b.slug, b.quadrant, b.ring) for b in blips], quadrant_count, ring_count, previous)


def _ring_bands(rings: list[FigureRing], quadrant_count: int) -> list[dict[str, Any]]:
    sector = 360.0 / quadrant_count
    centres = [(index + 0.5) * sector for index in range(quadrant_count)]
    bounds = ring_bounds(len(rings))
    bands: list[dict[str, Any]] = [
        {
            "type": "barpolar",
            "r": [bounds[index + 1] - bounds[index]] * quadrant_count,
            "base": [bounds[index]] * quadrant_count,
            "theta": centres,
            "width": [sector] * quadrant_count,
            "marker": {
                "color": _rgba(ring.colour, 0.10 + 0.05 * (len(rings) - index) / len(rings)),
                "line": {"color": "#ffffff", "width": 2},
            },
            "name": ring.name,
            "hoverinfo": "skip",
            "showlegend": False,
        }
        for index, ring in enumerate(rings)
    ]
    bands.append(
        {
            "type": "scatterpolar",
            "mode": "text",
            "r": [(bounds[index] + bounds[index + 1]) / 2 for index in range(len(rings))],
            "theta": [0] * len(rings),
            "text": [ring.name.upper() for ring in rings],
            "textfont": {"size": 10, "color": [ring.colour for ring in rings]},
            "hoverinfo": "skip",
            "showlegend": False,
            "cliponaxis": False,
        }
    )
    return bands


def _quadrant_names(quadrants: list[FigureQuadrant], ring_count: int) -> dict[str, Any]:
    """Quadrant names on the outer edge, each anchored away from the chart so that it reads outside it."""
    sector = 360.0 / len(quadrants)
    positions = []
    for index in range(len(quadrants)):
        angle = math.radians((index + 0.5) * sector)
        vertical = "top" if math.cos(angle) > 0.3 else "bottom" if math.cos(angle) < -0.3 else "middle"
        horizontal = "right" if math.sin(angle) > 0.3 else "left" if math.sin(angle) < -0.3 else "center"
        positions.append(f"{vertical} {horizontal}")
    return {
        "type": "scatterpolar",
        "mode": "text",
        "r": [ring_count] * len(quadrants),
        "theta": [(index + 0.5) * sector for index in range(len(quadrants))],
        "text": [f"<b>{quadrant.name}</b>" for quadrant in quadrants],
        "textposition": positions,
        "textfont": {"size": 14, "color": "#263238"},
        "hoverinfo": "skip",
        "showlegend": False,
        "cliponaxis": False,
        "meta": "quadrants",
    }


def build_figure(
    quadrants: list[FigureQuadrant],
    rings: list[FigureRing],
    blips: list[FigureBlip],
    placed: Layout | None = None,
) -> dict[str, Any]:
    """Ring bands, quadrant names, and one marker trace per movement (so the legend explains the symbols).

    `placed` is the layout of the whole radar; `blips` may be a filtered subset of it, drawn where they stand.
    """
    quadrant_count, ring_count = len(quadrants), len(rings)
    if not quadrant_count or not ring_count:
        return _empty_figure("No quadrants or rings are set up yet.")
    placed = placed or place_blips(blips, quadrant_count, ring_count)
    scale = placed.scale
    marker_px = round(placed.marker_size * scale, 2)
    traces = _ring_bands(rings, quadrant_count)
    numbered = marker_px >= NUMBERS_FROM_PX
    for movement, symbol in MOVEMENT_SYMBOLS.items():
        chosen = [blip for blip in blips if blip.movement == movement]
        traces.append(
            {
                "type": "scatterpolar",
                "mode": "markers+text" if numbered else "markers",
                "name": MOVEMENT_LABELS[movement],
                "r": [placed.positions[blip.slug].r for blip in chosen],
                "theta": [placed.positions[blip.slug].theta for blip in chosen],
                "text": [str(blip.number) for blip in chosen],
                "textfont": {"size": max(7, round(marker_px * 0.55)), "color": "#ffffff"},
                "marker": {
                    "symbol": symbol,
                    "size": marker_px,
                    "color": [rings[blip.ring].colour for blip in chosen],
                    "line": {"color": "#ffffff", "width": 1 if marker_px >= 10 else 0},
                },
                "customdata": [
                    [
                        blip.slug,
                        f"{blip.number}. {blip.name}",
                        rings[blip.ring].name,
                        quadrants[blip.quadrant].name,
                        MOVEMENT_LABELS[blip.movement],
                        blip.summary,
                    ]
                    for blip in chosen
                ],
                "hovertemplate": (
                    "<b>%{customdata[1]}</b><br>%{customdata[2]} · %{customdata[3]}"
                    "<br>%{customdata[4]}<br>%{customdata[5]}<extra></extra>"
                ),
                "meta": "blips",
                "showlegend": True,
            }
        )
    traces.append(_quadrant_names(quadrants, ring_count))
    side = round(2 * (RADIUS_PX * scale + MARGIN_PX))
    figure_layout: dict[str, Any] = {
        "polar": {
            "radialaxis": {"range": [0, ring_count], "visible": False},
            "angularaxis": {
                "rotation": 90,
                "direction": "clockwise",
                "tickvals": [index * 360.0 / quadrant_count for index in range(quadrant_count)],
                "showticklabels": False,
                "gridcolor": "#90a4ae",
                "linecolor": "#90a4ae",
            },
            "bgcolor": "rgba(0,0,0,0)",
            "bargap": 0,
        },
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.02, "title": {"text": "Movement: "}},
        "margin": {"l": MARGIN_PX, "r": MARGIN_PX, "t": MARGIN_PX, "b": MARGIN_PX},
        "height": side,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "hoverlabel": {"align": "left"},
        # Plotly emits click events on polar charts only in zoom drag mode (plotly.js issue 7612).
        "dragmode": "zoom",
        "meta": {"marker_px": marker_px, "spacing_px": round(placed.spacing_px * scale, 2)},
    }
    if scale > 1:
        figure_layout["width"] = side  # a crowded radar is drawn larger, never with overlapping markers
    return {"data": traces, "layout": figure_layout}
