"""What the radar draws, in pixels, and the same drawing as a plain dict in Plotly's JSON schema.

One geometry serves both renderers: `chart()` turns a layout into a `Chart` (view size, centre, radius, bands,
labels and marks in pixels), `build_figure()` hands that to Plotly (whose polar subplot maps the same positions
to the same pixels, since the plot area is sized to the sector exactly) and radar/svg.py writes it as SVG.
Everything Plotly renders as text is HTML-escaped: Plotly reads a subset of HTML in text, hover labels and
annotations, and names come from users.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Any

from radar.layout import RADIUS_PX, Layout, Placement, layout, ring_bounds
from radar.movements import MOVEMENT_LABELS

MARGIN_PX = 40  # around the whole radar: quadrant names sit in the corners the circle leaves free
QUADRANT_MARGIN_PX = 30  # around one quadrant drawn alone: its ring labels sit outside its straight edge
NUMBER_MIN_PX = 9.0  # blip numbers are drawn inside marks only at this size or larger
NUMBER_MAX_PX = 12.0
LABEL_FONT_PX = 10.0
QUADRANT_FONT_PX = 14.0
GRID_COLOUR = "#90a4ae"
INK = "#263238"
ACCESSIBLE_MOVEMENT = {"new": "new blip", "moved_in": "moved in", "moved_out": "moved out", "no_change": "no change"}


@dataclass(frozen=True)
class FigureQuadrant:
    name: str
    slug: str = ""


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


@dataclass(frozen=True)
class Mark:
    """One blip as drawn: its centre in pixels, its inner circle, and its movement ring or arc."""

    blip: FigureBlip
    x: float
    y: float
    colour: str
    label: str  # the accessible name, e.g. "Adopt ring, 12. Kafka, new blip"
    ring_name: str
    quadrant_name: str
    r: float  # the layout's position, in axis units
    theta: float

    def outline(self, chart: Chart) -> list[tuple[float, float]]:
        """The movement ring (new) or arc (moved) as a polyline, for Plotly; the SVG draws true circles and arcs."""
        if self.blip.movement == "new":
            radius = chart.ring_radius
            return [
                (self.x + radius * math.cos(2 * math.pi * i / 32), self.y + radius * math.sin(2 * math.pi * i / 32))
                for i in range(33)
            ]
        return self.arc(chart) if self.blip.movement in ("moved_in", "moved_out") else []

    def arc(self, chart: Chart, steps: int = 8) -> list[tuple[float, float]]:
        """The partial outer arc of a moved blip, on the side it moved toward (the centre for moved in)."""
        towards = math.atan2(chart.cy - self.y, chart.cx - self.x)
        if self.blip.movement == "moved_out":
            towards += math.pi
        radius = chart.ring_radius
        spread = math.radians(60)
        return [
            (self.x + radius * math.cos(angle), self.y + radius * math.sin(angle))
            for angle in (towards - spread + 2 * spread * i / steps for i in range(steps + 1))
        ]


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    lines: list[str]
    colour: str
    size: float
    anchor: str  # "start", "middle" or "end"
    baseline: str  # "top", "middle" or "bottom": which edge of the text sits at y
    href: str = ""


@dataclass
class Chart:
    """One view of the radar in pixels: the whole radar, or one quadrant drawn alone and larger."""

    quadrants: list[FigureQuadrant]
    rings: list[FigureRing]
    quadrant: int | None
    width: float
    height: float
    cx: float
    cy: float
    radius: float
    marker_px: float
    margin: int
    sector: tuple[float, float] | None  # Plotly's screen angles (counterclockwise from the right)
    spacing_px: float  # the layout's spacing (a footprint and the gap) at this view's size
    marks: list[Mark] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    @property
    def ring_width(self) -> float:
        return max(0.6, min(1.25, 0.08 * self.marker_px))

    @property
    def ring_radius(self) -> float:
        """Radius of the movement ring or arc: its outer edge is the mark's footprint."""
        return self.marker_px / 2 - self.ring_width / 2

    @property
    def inner_px(self) -> float:
        gap = max(0.3, min(0.75, 0.05 * self.marker_px))
        return self.marker_px - 2 * (self.ring_width + gap)

    @property
    def number_px(self) -> float | None:
        """The font size of the numbers inside the marks, or None when they do not fit at a legible size."""
        size = min(NUMBER_MAX_PX, round(self.inner_px * 0.72, 1))
        digits = max((len(str(mark.blip.number)) for mark in self.marks), default=1)
        if size < NUMBER_MIN_PX or digits * size * 0.58 > self.inner_px - 1:
            return None
        return size

    def screen(self, r: float, theta: float) -> tuple[float, float]:
        """Pixels from the top-left of the view for a position in axis units (theta clockwise from the top)."""
        rho = r / len(self.rings) * self.radius
        angle = math.radians(90 - theta)
        return self.cx + rho * math.cos(angle), self.cy - rho * math.sin(angle)

    def polar(self, x: float, y: float) -> tuple[float, float]:
        """The inverse of `screen`: axis units for a pixel of the view."""
        dx, dy = x - self.cx, self.cy - y
        return math.hypot(dx, dy) / self.radius * len(self.rings), (90 - math.degrees(math.atan2(dy, dx))) % 360

    def sector_angles(self, quadrant: int) -> tuple[float, float]:
        width = 360.0 / len(self.quadrants)
        return quadrant * width, (quadrant + 1) * width


def accessible_name(blip: FigureBlip, ring: str) -> str:
    """How a screen reader announces a mark, as BYOR does: "Adopt ring, 12. Kafka, new blip"."""
    return f"{ring} ring, {blip.number}. {blip.name}, {ACCESSIBLE_MOVEMENT[blip.movement]}"


def place_blips(
    blips: list[FigureBlip], quadrant_count: int, ring_count: int, previous: Any = None, exact: bool = False
) -> Layout:
    return layout([Placement(b.slug, b.quadrant, b.ring) for b in blips], quadrant_count, ring_count, previous, exact)


def _sector_box(start: float, end: float) -> tuple[float, float, float, float]:
    """The unit sector's bounding box (x min, y min, x max, y max), centre included, as Plotly computes it."""
    angles = [start, end] + [a for a in range(-720, 721, 90) if start < a < end]
    xs = [0.0] + [math.cos(math.radians(a)) for a in angles]
    ys = [0.0] + [math.sin(math.radians(a)) for a in angles]
    return min(xs), min(ys), max(xs), max(ys)


def _wrap(name: str, width: int = 14) -> list[str]:
    """A long quadrant name on two lines, split at the space nearest its middle."""
    if len(name) <= width or " " not in name:
        return [name]
    spaces = [i for i, c in enumerate(name) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return [name[:cut], name[cut + 1 :]]


def chart(
    quadrants: list[FigureQuadrant],
    rings: list[FigureRing],
    blips: list[FigureBlip],
    placed: Layout,
    quadrant: int | None = None,
    width: float | None = None,
    quadrant_href: str = "/quadrants/{}",
) -> Chart:
    """The pixels of one view: the whole radar at its natural size, or quadrant `quadrant` drawn alone `width`
    pixels wide (its marks grow with it, up to 1.25 times, never beyond the spacing of the layout)."""
    quadrant_count = len(quadrants)
    if quadrant is None:
        radius = RADIUS_PX * placed.scale
        side = 2 * (radius + MARGIN_PX)
        view = Chart(
            quadrants, rings, None, side, side, side / 2, side / 2, radius, placed.marker_size * placed.scale,
            MARGIN_PX, None, placed.spacing_px * placed.scale,
        )  # fmt: skip
    else:
        start, end = 90 - (quadrant + 1) * 360 / quadrant_count, 90 - quadrant * 360 / quadrant_count
        x0, y0, x1, y1 = _sector_box(start, end)
        margin = QUADRANT_MARGIN_PX if (width or 760) >= 500 else QUADRANT_MARGIN_PX // 2
        inner = max((width or 760) - 2 * margin, RADIUS_PX * placed.scale * 0.8 * (x1 - x0))
        radius = inner / (x1 - x0)
        factor = radius / RADIUS_PX
        view = Chart(
            quadrants, rings, quadrant, inner + 2 * margin, radius * (y1 - y0) + 2 * margin, margin - radius * x0,
            margin + radius * y1, radius, placed.marker_size * min(factor, max(placed.scale, 1.25)), margin,
            (start, end), placed.spacing_px * factor,
        )  # fmt: skip
    for blip in blips:
        if quadrant is not None and blip.quadrant != quadrant:
            continue
        position = placed.positions[blip.slug]
        x, y = view.screen(position.r, position.theta)
        ring = rings[blip.ring]
        view.marks.append(
            Mark(
                blip,
                x,
                y,
                ring.colour,
                accessible_name(blip, ring.name),
                ring.name,
                quadrants[blip.quadrant].name,
                position.r,
                position.theta,
            )
        )
    view.labels = _ring_labels(view) + _quadrant_labels(view, quadrant_href)
    return view


def _ring_labels(view: Chart) -> list[Label]:
    """Ring names in the lane along the top axis (whole radar), or outside the quadrant's flattest edge."""
    bounds = ring_bounds(len(view.rings))
    middles = [(bounds[i] + bounds[i + 1]) / 2 for i in range(len(view.rings))]
    size = LABEL_FONT_PX
    if view.quadrant is None:
        return [
            Label(*view.screen(middle, 0), [ring.name.upper()], ring.colour, size, "middle", "middle")
            for ring, middle in zip(view.rings, middles, strict=True)
        ]
    start, end = view.sector_angles(view.quadrant)
    # The edge nearest to horizontal on screen (theta 90 or 270), so that the names read along it.
    edge = min((start, end), key=lambda angle: abs(math.cos(math.radians(angle))))
    labels = []
    for ring, middle in zip(view.rings, middles, strict=True):
        x, y = view.screen(middle, edge)
        # Outside the sector: below the edge when the sector lies above it, else above.
        below = view.screen(len(view.rings) / 2, (start + end) / 2)[1] < view.cy
        labels.append(Label(x, y + (6 if below else -6), [ring.name.upper()], ring.colour, size, "middle",
                            "top" if below else "bottom"))  # fmt: skip
    return labels


def _quadrant_labels(view: Chart, quadrant_href: str) -> list[Label]:
    """Quadrant names outside the circle, each a link to the quadrant drawn alone."""
    if view.quadrant is not None:
        return []
    labels = []
    for index, quadrant in enumerate(view.quadrants):
        middle = (index + 0.5) * 360 / len(view.quadrants)
        x, y = view.screen(len(view.rings) * 1.02, middle)
        sine, cosine = math.sin(math.radians(middle)), math.cos(math.radians(middle))
        anchor = "start" if sine > 0.3 else "end" if sine < -0.3 else "middle"
        baseline = "bottom" if cosine > 0.3 else "top" if cosine < -0.3 else "middle"
        href = quadrant_href.format(quadrant.slug) if quadrant.slug else ""
        labels.append(Label(x, y, _wrap(quadrant.name), INK, QUADRANT_FONT_PX, anchor, baseline, href))
    return labels


def _rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def band_colour(rings: list[FigureRing], index: int) -> str:
    return _rgba(rings[index].colour, 0.10 + 0.05 * (len(rings) - index) / len(rings))


def _empty_figure(message: str) -> dict[str, Any]:
    return {
        "data": [],
        "layout": {
            "annotations": [{"text": html.escape(message), "showarrow": False, "font": {"size": 16}}],
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "height": 300,
        },
    }


def _bands(view: Chart) -> list[dict[str, Any]]:
    quadrant_count = len(view.quadrants)
    sector = 360.0 / quadrant_count
    centres = [(index + 0.5) * sector for index in range(quadrant_count)]
    bounds = ring_bounds(len(view.rings))
    return [
        {
            "type": "barpolar",
            "r": [bounds[index + 1] - bounds[index]] * quadrant_count,
            "base": [bounds[index]] * quadrant_count,
            "theta": centres,
            "width": [sector] * quadrant_count,
            "marker": {"color": band_colour(view.rings, index), "line": {"color": "#ffffff", "width": 2}},
            "name": html.escape(ring.name),
            "hoverinfo": "skip",
            "showlegend": False,
        }
        for index, ring in enumerate(view.rings)
    ]


def _annotation(view: Chart, label: Label) -> dict[str, Any]:
    """A label at its pixel position, in paper coordinates of the plot area."""
    plot_w, plot_h = view.width - 2 * view.margin, view.height - 2 * view.margin
    text = "<br>".join(html.escape(line) for line in label.lines)
    if label.href:
        text = f'<a href="{html.escape(label.href)}" target="_self">{text}</a>'
    return {
        "x": (label.x - view.margin) / plot_w,
        "y": 1 - (label.y - view.margin) / plot_h,
        "xref": "paper",
        "yref": "paper",
        "text": f"<b>{text}</b>" if label.size >= QUADRANT_FONT_PX else text,
        "showarrow": False,
        "xanchor": {"start": "left", "middle": "center", "end": "right"}[label.anchor],
        "yanchor": label.baseline,
        "font": {"size": label.size, "color": label.colour},
        "borderpad": 0,
    }


def _marks(view: Chart) -> list[dict[str, Any]]:
    """Movement rings and arcs (lines, one trace per ring colour) under the marks, then one trace of circles per
    movement with the numbers inside: the only markers of the figure, one per blip."""
    number_px = view.number_px
    traces: list[dict[str, Any]] = []
    for colour in sorted({mark.colour for mark in view.marks}):
        r: list[float | None] = []
        theta: list[float | None] = []
        for mark in view.marks:
            if mark.colour == colour and mark.blip.movement != "no_change":
                for x, y in mark.outline(view):
                    point = view.polar(x, y)
                    r.append(round(point[0], 6))
                    theta.append(round(point[1], 6))
                r.append(None)
                theta.append(None)
        if r:
            traces.append(
                {
                    "type": "scatterpolar",
                    "mode": "lines",
                    "r": r,
                    "theta": theta,
                    "line": {"color": colour, "width": round(view.ring_width, 3)},
                    "connectgaps": False,
                    "hoverinfo": "skip",
                    "showlegend": False,
                    "meta": "movement-marks",
                }
            )
    for movement, label in MOVEMENT_LABELS.items():
        chosen = [mark for mark in view.marks if mark.blip.movement == movement]
        traces.append(
            {
                "type": "scatterpolar",
                "mode": "markers+text" if number_px else "markers",
                "name": html.escape(label),
                "r": [m.r for m in chosen],
                "theta": [m.theta for m in chosen],
                "text": [str(m.blip.number) for m in chosen],
                "textposition": "middle center",
                "textfont": {"size": number_px or NUMBER_MIN_PX, "color": "#ffffff"},
                "marker": {
                    "symbol": "circle",
                    "size": round(view.inner_px, 3),
                    "color": [m.colour for m in chosen],
                    "line": {"width": 0},
                },
                "customdata": [
                    [
                        m.blip.slug,
                        html.escape(f"{m.blip.number}. {m.blip.name}"),
                        html.escape(m.ring_name),
                        html.escape(m.quadrant_name),
                        html.escape(MOVEMENT_LABELS[m.blip.movement]),
                        html.escape(m.blip.summary),
                    ]
                    for m in chosen
                ],
                "hovertemplate": (
                    "<b>%{customdata[1]}</b><br>%{customdata[2]} · %{customdata[3]}"
                    "<br>%{customdata[4]}<br>%{customdata[5]}<extra></extra>"
                ),
                "meta": "blips",
                "showlegend": False,
            }
        )
    return traces


def figure_for(view: Chart) -> dict[str, Any]:
    """The Plotly figure of a view: same size, centre and radius, so every mark lands on the SVG's pixel."""
    quadrant_count, ring_count = len(view.quadrants), len(view.rings)
    polar: dict[str, Any] = {
        "domain": {"x": [0, 1], "y": [0, 1]},
        "radialaxis": {"range": [0, ring_count], "visible": False},
        "angularaxis": {
            "rotation": 90,
            "direction": "clockwise",
            "tickvals": [index * 360.0 / quadrant_count for index in range(quadrant_count)],
            "showticklabels": False,
            "gridcolor": GRID_COLOUR,
            "linecolor": GRID_COLOUR,
        },
        "bgcolor": "rgba(0,0,0,0)",
        "bargap": 0,
        "hole": 0,
    }
    if view.sector is not None:
        polar["sector"] = list(view.sector)
    return {
        "data": _bands(view) + _marks(view),
        "layout": {
            "polar": polar,
            "showlegend": False,
            "autosize": False,
            "width": round(view.width, 3),
            "height": round(view.height, 3),
            "margin": {"l": view.margin, "r": view.margin, "t": view.margin, "b": view.margin, "pad": 0},
            "annotations": [_annotation(view, label) for label in view.labels],
            "paper_bgcolor": "rgba(0,0,0,0)",
            "hoverlabel": {"align": "left"},
            "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"},
            # Plotly emits click events on polar charts only in zoom drag mode (plotly.js issue 7612).
            "dragmode": "zoom",
            "meta": {
                "marker_px": round(view.marker_px, 3),
                "spacing_px": round(view.spacing_px, 3),
                "number_px": view.number_px,
                "quadrant": view.quadrant,
            },
        },
    }


def build_figure(
    quadrants: list[FigureQuadrant],
    rings: list[FigureRing],
    blips: list[FigureBlip],
    placed: Layout | None = None,
    quadrant: int | None = None,
    width: float | None = None,
) -> dict[str, Any]:
    """The Plotly figure of the whole radar (or of one quadrant drawn alone).

    `placed` is the layout of the whole radar; `blips` may be a filtered subset of it, drawn where they stand.
    """
    if not quadrants or not rings:
        return _empty_figure("No quadrants or rings are set up yet.")
    placed = placed or place_blips(blips, len(quadrants), len(rings))
    return figure_for(chart(quadrants, rings, blips, placed, quadrant, width))
