"""Blip positions on the radar: deterministic, no database, no global random state.

Each (quadrant, ring) sector is filled row by row along arcs; the same input always gives the same output.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

SECTOR_PADDING_DEGREES = 4.0  # keep markers off the quadrant boundary lines and ring labels


@dataclass(frozen=True)
class Placement:
    slug: str
    quadrant: int  # index, clockwise from the top
    ring: int  # index, 0 is the innermost ring


@dataclass(frozen=True)
class Position:
    r: float  # in ring units: ring i spans ring_bounds(count)[i] .. [i + 1]
    theta: float  # degrees, clockwise from the top


def ring_bounds(ring_count: int) -> list[float]:
    """Radii of the ring edges, 0 .. ring_count. Inner rings are wider than outer ones, since a ring's area grows
    with its radius while Adopt usually holds the most blips."""
    weights = [1.0 + 0.6 * (ring_count - 1 - index) / max(ring_count - 1, 1) for index in range(ring_count)]
    scale = ring_count / sum(weights)
    bounds = [0.0]
    for weight in weights:
        bounds.append(round(bounds[-1] + weight * scale, 6))
    bounds[-1] = float(ring_count)
    return bounds


def _rows_for(count: int, inner: float, outer: float, span_radians: float) -> int:
    """How many concentric rows to use so that markers spread evenly over the band's area."""
    mid_arc = (inner + outer) / 2 * span_radians
    rows = max(1, round(math.sqrt(count * (outer - inner) / max(mid_arc, 0.2))))
    return min(rows, count)


def layout(placements: list[Placement], quadrant_count: int, ring_count: int) -> dict[str, Position]:
    """Spread the blips of each sector over rows of arcs, in slug order."""
    sectors: dict[tuple[int, int], list[str]] = defaultdict(list)
    for placement in placements:
        if not (0 <= placement.quadrant < quadrant_count and 0 <= placement.ring < ring_count):
            raise ValueError(f"{placement.slug}: quadrant/ring outside the radar")
        sectors[(placement.quadrant, placement.ring)].append(placement.slug)
    sector_degrees = 360.0 / quadrant_count
    bounds = ring_bounds(ring_count)
    positions: dict[str, Position] = {}
    for (quadrant, ring), slugs in sorted(sectors.items()):
        slugs.sort()
        inner, outer = bounds[ring], bounds[ring + 1]
        # The same clearance in chart units at every radius: inner rings need more degrees of padding.
        padding = min(sector_degrees / 4, max(SECTOR_PADDING_DEGREES, math.degrees(0.16 / ((inner + outer) / 2))))
        start = quadrant * sector_degrees + padding
        span = sector_degrees - 2 * padding
        row_count = _rows_for(len(slugs), inner, outer, math.radians(span))
        radii = [inner + (outer - inner) * (row + 0.5) / row_count for row in range(row_count)]
        total_arc = sum(radii)
        # Share the blips between rows in proportion to each row's arc length.
        counts = [max(1, round(len(slugs) * radius / total_arc)) for radius in radii]
        while sum(counts) > len(slugs):
            counts[counts.index(max(counts))] -= 1
        while sum(counts) < len(slugs):
            counts[-1] += 1
        index = 0
        for row, radius in enumerate(radii):
            in_row = counts[row]
            offset = 0.5 if row % 2 else 0.0  # stagger alternate rows
            for column in range(in_row):
                fraction = (column + 0.5 + offset * (in_row > 1)) / (in_row + offset * (in_row > 1))
                positions[slugs[index]] = Position(r=round(radius, 4), theta=round(start + fraction * span, 3))
                index += 1
    return positions
