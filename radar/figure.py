"""The radar chart as a plain dict in Plotly's JSON schema (building go.Figure objects is ~100x slower)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from radar.layout import Placement, layout, ring_bounds
from radar.movements import MOVEMENT_LABELS

MOVEMENT_SYMBOLS = {
    "new": "star",
    "moved_in": "triangle-up",
    "moved_out": "triangle-down",
    "no_change": "circle",
}


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


def build_figure(quadrants: list[FigureQuadrant], rings: list[FigureRing], blips: list[FigureBlip]) -> dict[str, Any]:
    """Ring bands, quadrant names, and one marker trace per movement (so the legend explains the symbols)."""
    quadrant_count, ring_count = len(quadrants), len(rings)
    if not quadrant_count or not ring_count:
        return _empty_figure("No quadrants or rings are set up yet.")
    sector = 360.0 / quadrant_count
    centres = [(index + 0.5) * sector for index in range(quadrant_count)]
    bounds = ring_bounds(ring_count)
    traces: list[dict[str, Any]] = []
    for index, ring in enumerate(rings):
        traces.append(
            {
                "type": "barpolar",
                "r": [bounds[index + 1] - bounds[index]] * quadrant_count,
                "base": [bounds[index]] * quadrant_count,
                "theta": centres,
                "width": [sector] * quadrant_count,
                "marker": {
                    "color": _rgba(ring.colour, 0.10 + 0.05 * (ring_count - index) / ring_count),
                    "line": {"color": "#ffffff", "width": 2},
                },
                "name": ring.name,
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    traces.append(
        {
            "type": "scatterpolar",
            "mode": "text",
            "r": [(bounds[index] + bounds[index + 1]) / 2 for index in range(ring_count)],
            "theta": [0] * ring_count,
            "text": [ring.name.upper() for ring in rings],
            "textfont": {"size": 11, "color": [ring.colour for ring in rings]},
            "hoverinfo": "skip",
            "showlegend": False,
            "cliponaxis": False,
        }
    )
    positions = layout([Placement(b.slug, b.quadrant, b.ring) for b in blips], quadrant_count, ring_count)
    for movement, symbol in MOVEMENT_SYMBOLS.items():
        chosen = [blip for blip in blips if blip.movement == movement]
        if not chosen:
            continue
        traces.append(
            {
                "type": "scatterpolar",
                "mode": "markers+text",
                "name": MOVEMENT_LABELS[movement],
                "r": [positions[blip.slug].r for blip in chosen],
                "theta": [positions[blip.slug].theta for blip in chosen],
                "text": [str(blip.number) for blip in chosen],
                "textfont": {"size": 8, "color": "#ffffff"},
                "marker": {
                    "symbol": symbol,
                    "size": 17,
                    "color": [rings[blip.ring].colour for blip in chosen],
                    "line": {"color": "#ffffff", "width": 1},
                },
                "customdata": [
                    [
                        blip.slug,
                        blip.name,
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
            }
        )
    annotations = [
        {
            "text": f"<b>{quadrant.name}</b>",
            "showarrow": False,
            "xref": "paper",
            "yref": "paper",
            "x": 0.5 + 0.5 * math.sin(math.radians(centre)),
            "y": 0.5 + 0.5 * math.cos(math.radians(centre)),
            "xanchor": "left" if math.sin(math.radians(centre)) > 0.01 else "right",
            "yanchor": "bottom" if math.cos(math.radians(centre)) > 0 else "top",
            "font": {"size": 14, "color": "#263238"},
        }
        for quadrant, centre in zip(quadrants, centres, strict=True)
    ]
    return {
        "data": traces,
        "layout": {
            "polar": {
                "radialaxis": {"range": [0, ring_count], "visible": False},
                "angularaxis": {
                    "rotation": 90,
                    "direction": "clockwise",
                    "tickvals": [index * sector for index in range(quadrant_count)],
                    "showticklabels": False,
                    "gridcolor": "#90a4ae",
                    "linecolor": "#90a4ae",
                },
                "bgcolor": "rgba(0,0,0,0)",
                "bargap": 0,
                "hole": 0,
            },
            "annotations": annotations,
            "showlegend": True,
            "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.06, "title": {"text": "Movement: "}},
            "margin": {"l": 90, "r": 90, "t": 50, "b": 50},
            "height": 720,
            "paper_bgcolor": "rgba(0,0,0,0)",
            "hoverlabel": {"align": "left"},
            # Plotly emits click events on polar charts only in zoom drag mode (plotly.js issue 7612).
            "dragmode": "zoom",
        },
    }
