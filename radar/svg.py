"""The radar as server-rendered SVG, from the same `Chart` Plotly draws: the first paint of the radar page, what
readers without JavaScript and print get, and the image exports and feeds link to (`/radar.svg`).

Every mark is a link to its blip page with an accessible name; quadrant names link to the quadrant drawn alone.
"""

from __future__ import annotations

import math
from html import escape

from radar.figure import GRID_COLOUR, Chart, Label, Mark, band_colour
from radar.layout import ring_bounds
from radar.movements import MOVEMENT_LABELS

TAP_TARGET_PX = 24.0  # every mark's link covers at least this diameter


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _annular_sector(view: Chart, inner: float, outer: float, start: float, end: float) -> str:
    """An SVG path for the band between radii `inner` and `outer` (axis units) from `start` to `end` (degrees)."""
    large = 1 if end - start > 180 else 0
    rho_in, rho_out = (value / len(view.rings) * view.radius for value in (inner, outer))
    a = view.screen(outer, start)
    b = view.screen(outer, end)
    path = f"M{_num(a[0])} {_num(a[1])}A{_num(rho_out)} {_num(rho_out)} 0 {large} 1 {_num(b[0])} {_num(b[1])}"
    if rho_in > 0:
        c = view.screen(inner, end)
        d = view.screen(inner, start)
        path += f"L{_num(c[0])} {_num(c[1])}A{_num(rho_in)} {_num(rho_in)} 0 {large} 0 {_num(d[0])} {_num(d[1])}Z"
    else:
        path += f"L{_num(view.cx)} {_num(view.cy)}Z"
    return path


def _bands(view: Chart) -> list[str]:
    bounds = ring_bounds(len(view.rings))
    quadrants = [view.quadrant] if view.quadrant is not None else range(len(view.quadrants))
    parts = []
    for index in range(len(view.rings)):
        paths = " ".join(
            _annular_sector(view, bounds[index], bounds[index + 1], *view.sector_angles(quadrant))
            for quadrant in quadrants
        )
        parts.append(f'<path d="{paths}" fill="{band_colour(view.rings, index)}" stroke="#fff" stroke-width="2"/>')
    ring_count = len(view.rings)
    for quadrant in quadrants:
        for angle in view.sector_angles(quadrant):
            x, y = view.screen(ring_count, angle)
            parts.append(
                f'<line x1="{_num(view.cx)}" y1="{_num(view.cy)}" x2="{_num(x)}" y2="{_num(y)}" '
                f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            )
    if view.quadrant is None:
        parts.append(
            f'<circle cx="{_num(view.cx)}" cy="{_num(view.cy)}" r="{_num(view.radius)}" fill="none" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
    else:
        start, end = view.sector_angles(view.quadrant)
        parts.append(
            f'<path d="{_annular_sector(view, 0, ring_count, start, end)}" fill="none" stroke="{GRID_COLOUR}" '
            'stroke-width="1"/>'
        )
    return parts


def _label(label: Label) -> str:
    line_height = label.size * 1.2
    shift = {"top": 0.8 * label.size, "middle": 0.35 * label.size - (len(label.lines) - 1) * line_height / 2,
             "bottom": -(len(label.lines) - 1) * line_height - 0.2 * label.size}[label.baseline]  # fmt: skip
    weight = ' font-weight="700"' if label.href else ""
    tspans = "".join(
        f'<tspan x="{_num(label.x)}" y="{_num(label.y + shift + index * line_height)}">{escape(line)}</tspan>'
        for index, line in enumerate(label.lines)
    )
    text = (
        f'<text font-size="{_num(label.size)}" fill="{label.colour}" text-anchor="{label.anchor}"{weight}>'
        f"{tspans}</text>"
    )
    if label.href:
        name = " ".join(label.lines)
        return f'<a href="{escape(label.href)}" class="quadrant-link" aria-label="{escape(name)} quadrant">{text}</a>'
    return text


def _mark(view: Chart, mark: Mark, number_px: float | None) -> str:
    x, y = _num(mark.x), _num(mark.y)
    parts = [
        f'<a href="/blips/{escape(mark.blip.slug)}" class="mark movement-{mark.blip.movement}" '
        f'data-slug="{escape(mark.blip.slug)}" aria-label="{escape(mark.label)}">',
        f"<title>{escape(mark.label)}</title>",
        f'<circle cx="{x}" cy="{y}" r="{_num(max(TAP_TARGET_PX, view.marker_px) / 2)}" fill="transparent"/>',
    ]
    width = _num(view.ring_width)
    if mark.blip.movement == "new":
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="{_num(view.ring_radius)}" fill="none" stroke="{mark.colour}" '
            f'stroke-width="{width}"/>'
        )
    elif mark.blip.movement in ("moved_in", "moved_out"):
        points = mark.arc(view)
        radius = _num(view.ring_radius)
        start, end = points[0], points[-1]
        parts.append(
            f'<path d="M{_num(start[0])} {_num(start[1])}A{radius} {radius} 0 0 1 {_num(end[0])} {_num(end[1])}" '
            f'fill="none" stroke="{mark.colour}" stroke-width="{width}"/>'
        )
    parts.append(f'<circle cx="{x}" cy="{y}" r="{_num(view.inner_px / 2)}" fill="{mark.colour}"/>')
    if number_px:
        parts.append(
            f'<text x="{x}" y="{_num(mark.y + number_px * 0.35)}" font-size="{_num(number_px)}" fill="#fff" '
            f'text-anchor="middle" aria-hidden="true">{mark.blip.number}</text>'
        )
    parts.append("</a>")
    return "".join(parts)


def render_svg(view: Chart, title: str = "Technology radar", standalone: bool = False) -> str:
    """The view as one <svg> element (with an XML declaration and absolute links when `standalone`)."""
    number_px = view.number_px
    width, height = _num(view.width), _num(view.height)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    parts = [
        f'{head}<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" class="radar-svg" role="group" aria-label="{escape(title)}" '
        "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\">",
        f"<title>{escape(title)}</title>",
        f"<desc>{len(view.marks)} technologies. Marks: {', '.join(MOVEMENT_LABELS.values()).lower()}.</desc>",
        *_bands(view),
        *(_label(label) for label in view.labels),
        *(_mark(view, mark, number_px) for mark in view.marks),
        "</svg>",
    ]
    return "".join(parts)


def legend_icon(movement: str, size: float = 18, colour: str = "#6b7780") -> str:
    """The mark of a movement in neutral grey, for the legend beside the chart."""
    centre = size / 2
    ring_width = 1.5
    radius = centre - ring_width / 2
    inner = size - 2 * (ring_width + 1)
    parts = [f'<svg class="legend-icon" width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true">']
    if movement == "new":
        parts.append(
            f'<circle cx="{centre}" cy="{centre}" r="{radius}" fill="none" stroke="{colour}" '
            f'stroke-width="{ring_width}"/>'
        )
    elif movement in ("moved_in", "moved_out"):
        # Inward is drawn toward the bottom (the radar's centre below the mark), outward toward the top.
        towards = math.pi / 2 if movement == "moved_in" else -math.pi / 2
        start = (centre + radius * math.cos(towards - 1.05), centre + radius * math.sin(towards - 1.05))
        end = (centre + radius * math.cos(towards + 1.05), centre + radius * math.sin(towards + 1.05))
        parts.append(
            f'<path d="M{_num(start[0])} {_num(start[1])}A{radius} {radius} 0 0 1 {_num(end[0])} {_num(end[1])}" '
            f'fill="none" stroke="{colour}" stroke-width="{ring_width}"/>'
        )
    parts.append(f'<circle cx="{centre}" cy="{centre}" r="{inner / 2}" fill="{colour}"/></svg>')
    return "".join(parts)


def empty_svg(message: str) -> str:
    """A standalone image saying why there is no radar to draw."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 80" '
        'width="600" height="80"><text x="300" y="45" font-size="16" text-anchor="middle">'
        f"{escape(message)}</text></svg>"
    )
