"""Blip positions on the radar: deterministic, collision-free and stable. Pure: no database, no global state.

Each (quadrant, ring) sector holds a fixed grid of slots, rows of arcs one marker spacing apart, so that no two
slots anywhere on the chart are closer than a marker's diameter plus a gap. A blip keeps its previous slot when it
still stands in the same sector (stability across editions); other blips take the first free slot of a probe
sequence derived from a hash of their slug (deterministic, spread out like a hand-drawn radar). When a sector holds
more blips than it has slots, every marker shrinks by the same step until all fit.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

RADIUS_PX = 300.0  # plot radius at the default chart size, the scale the spacing is computed for
GAP_PX = 2.0  # free space between two markers
LABEL_CLEARANCE_PX = 26.0  # keep markers away from the ring labels on the top axis
MARKER_SIZES = (14.0, 12.0, 10.0, 8.0, 6.5, 5.0, 4.0, 3.0)  # diameters in px, largest first
LEGIBLE_PX = 7.0  # below this the chart grows instead of the markers shrinking further


@dataclass(frozen=True)
class Placement:
    slug: str
    quadrant: int  # index, clockwise from the top
    ring: int  # index, 0 is the innermost ring


@dataclass(frozen=True)
class Position:
    r: float  # radial axis units: ring i spans ring_bounds(count)[i] .. [i + 1]
    theta: float  # degrees, clockwise from the top


@dataclass(frozen=True)
class Layout:
    positions: dict[str, Position]
    marker_size: float  # diameter in px at the default chart size

    @property
    def spacing_px(self) -> float:
        return self.marker_size + GAP_PX

    @property
    def scale(self) -> float:
        """How much larger than the default the chart must be drawn for its markers to stay legible."""
        return max(1.0, LEGIBLE_PX / self.marker_size)


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


@lru_cache(maxsize=512)
def sector_slots(quadrant: int, ring: int, quadrant_count: int, ring_count: int, marker_size: float) -> list[Position]:
    """Every slot of one sector for one marker size, in a fixed order (inner rows first, clockwise)."""
    spacing = marker_size + GAP_PX + 0.05  # a hair more, so rounded positions never end up closer
    bounds = ring_bounds(ring_count)
    inner = bounds[ring] / ring_count * RADIUS_PX
    outer = bounds[ring + 1] / ring_count * RADIUS_PX
    sector = 2 * math.pi / quadrant_count
    start = quadrant * sector
    label_rho = (inner + outer) / 2
    slots: list[Position] = []
    rho = inner + spacing / 2
    while rho <= outer - spacing / 2 + 1e-9:
        # Ring labels sit on the top axis at mid-ring: rows near them keep a wider berth from that edge.
        near_label = abs(rho - label_rho) < spacing / 2 + 8
        edge_pad_px = spacing / 2 + 1
        start_pad_px = LABEL_CLEARANCE_PX if quadrant == 0 and near_label else edge_pad_px
        end_pad_px = LABEL_CLEARANCE_PX if quadrant == quadrant_count - 1 and near_label else edge_pad_px
        if start_pad_px < rho and end_pad_px < rho:
            first = start + math.asin(start_pad_px / rho)
            last = start + sector - math.asin(end_pad_px / rho)
            # Neighbours in a row are one chord of `spacing` apart, never closer.
            step_min = 2 * math.asin(min(1.0, spacing / (2 * rho)))
            usable = last - first
            if usable >= 0:
                count = int(usable / step_min + 1e-9) + 1
                if count == 1:
                    angles = [(first + last) / 2]
                else:
                    step = usable / (count - 1)
                    angles = [first + index * step for index in range(count)]
                for angle in angles:
                    slots.append(
                        Position(r=round(rho / RADIUS_PX * ring_count, 6), theta=round(math.degrees(angle), 6))
                    )
        rho += spacing
    return slots


def _hash(slug: str) -> int:
    return int.from_bytes(hashlib.sha256(slug.encode()).digest()[:8], "big")


def _probe(slug: str, slot_count: int) -> Iterator[int]:
    """A permutation of the slots, fixed by the slug: start and stride both come from its hash."""
    value = _hash(slug)
    first = value % slot_count
    stride = (value >> 20) % slot_count or 1
    while math.gcd(stride, slot_count) != 1:
        stride = stride % slot_count + 1
    return ((first + index * stride) % slot_count for index in range(slot_count))


def _marker_size_for(counts: Mapping[tuple[int, int], int], quadrant_count: int, ring_count: int) -> float:
    for size in MARKER_SIZES:
        if all(len(sector_slots(q, r, quadrant_count, ring_count, size)) >= n for (q, r), n in counts.items()):
            return size
    size = MARKER_SIZES[-1]
    while size > 0.5:
        size *= 0.8
        if all(len(sector_slots(q, r, quadrant_count, ring_count, size)) >= n for (q, r), n in counts.items()):
            return size
    raise ValueError("too many blips in one sector to draw")


def layout(
    placements: list[Placement],
    quadrant_count: int,
    ring_count: int,
    previous: Mapping[str, Position] | None = None,
) -> Layout:
    """Place every blip in a slot of its sector; a blip whose previous position is still a slot of its sector
    keeps it."""
    sectors: dict[tuple[int, int], list[str]] = defaultdict(list)
    for placement in placements:
        if not (0 <= placement.quadrant < quadrant_count and 0 <= placement.ring < ring_count):
            raise ValueError(f"{placement.slug}: quadrant/ring outside the radar")
        sectors[(placement.quadrant, placement.ring)].append(placement.slug)
    size = _marker_size_for({key: len(slugs) for key, slugs in sectors.items()}, quadrant_count, ring_count)
    previous = previous or {}
    positions: dict[str, Position] = {}
    for (quadrant, ring), slugs in sorted(sectors.items()):
        slots = sector_slots(quadrant, ring, quadrant_count, ring_count, size)
        index_of = {(round(slot.r, 4), round(slot.theta, 3)): index for index, slot in enumerate(slots)}
        taken: set[int] = set()
        waiting: list[str] = []
        for slug in sorted(slugs):
            before = previous.get(slug)
            kept = index_of.get((round(before.r, 4), round(before.theta, 3))) if before else None
            if kept is not None and kept not in taken:
                taken.add(kept)
                positions[slug] = slots[kept]
            else:
                waiting.append(slug)
        for slug in waiting:
            index = next(index for index in _probe(slug, len(slots)) if index not in taken)
            taken.add(index)
            positions[slug] = slots[index]
    return Layout(positions=positions, marker_size=size)
