"""Blip positions on the radar: deterministic, collision-free and stable whatever the marker size. Pure.

A position is stored in the radar's own units (radius in rings, angle in degrees), which do not depend on the
marker size: markers shrink or grow with the crowd while the chart keeps its proportions. Each layout first keeps
every blip that stands in the same sector as before at its exact previous position, as long as it is still inside
its band (clear of the ring boundaries and of the ring labels' lane) and clear of the blips already kept; then the
other blips take free places on a grid of the sector around them: a blip that had to leave its place takes the
free grid point nearest to it, a new blip the first free point of a probe sequence fixed by a hash of its slug.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

RADIUS_PX = 400.0  # plot radius at the default chart size, the scale the spacing is computed for
GAP_PX = 2.0  # free space between two markers
LABEL_LANE_PX = 22.0  # half-width of the lane along the top axis where the ring labels sit: no blip enters it
MARKER_SIZES = (22.0, 20.0, 18.0, 16.0, 14.0, 12.0, 10.0, 8.0, 6.5, 5.0, 4.0, 3.0)  # footprints in px, largest first
LEGIBLE_PX = 7.0  # below this the chart grows instead of the markers shrinking further
KEEP_SHARE = 0.95  # markers grow with a thinner crowd only while this share of blips can keep their places


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
    marker_size: float  # a mark's whole footprint (movement ring included), in px at the default chart size

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


def to_xy(position: Position, ring_count: int, radius_px: float = RADIUS_PX) -> tuple[float, float]:
    """Pixels from the centre (x right, y up) on a chart of `radius_px`."""
    rho = position.r / ring_count * radius_px
    angle = math.radians(position.theta)
    return rho * math.sin(angle), rho * math.cos(angle)


@dataclass(frozen=True)
class _Sector:
    quadrant: int
    ring: int
    quadrant_count: int
    ring_count: int
    lane_px: float

    @property
    def band_px(self) -> tuple[float, float]:
        bounds = ring_bounds(self.ring_count)
        return bounds[self.ring] / self.ring_count * RADIUS_PX, bounds[self.ring + 1] / self.ring_count * RADIUS_PX

    @property
    def angles(self) -> tuple[float, float]:
        width = 2 * math.pi / self.quadrant_count
        return self.quadrant * width, (self.quadrant + 1) * width

    def pads(self, spacing: float) -> tuple[float, float]:
        """Distances a mark's centre keeps from the sector's start and end edges: the lane of the ring labels
        runs along the top axis, where the first quadrant starts and the last one ends."""
        start = spacing / 2 + (self.lane_px if self.quadrant == 0 else 0)
        end = spacing / 2 + (self.lane_px if self.quadrant == self.quadrant_count - 1 else 0)
        return start, end

    def holds(self, position: Position, spacing: float, lane: bool = True) -> bool:
        """Whether a mark of `spacing` at `position` stays inside the band, clear of its edges (and of the lane)."""
        inner, outer = self.band_px
        rho = position.r / self.ring_count * RADIUS_PX
        if not inner + spacing / 2 - 1e-6 <= rho <= outer - spacing / 2 + 1e-6:
            return False
        start, end = self.angles
        angle = math.radians(position.theta)
        if not start <= angle <= end:
            return False
        start_pad, end_pad = self.pads(spacing) if lane else (spacing / 2, spacing / 2)

        def clearance(delta: float) -> float:  # distance from the centre to an edge ray
            return rho * math.sin(delta) if delta < math.pi / 2 else rho

        return clearance(angle - start) >= start_pad - 1e-6 and clearance(end - angle) >= end_pad - 1e-6


@lru_cache(maxsize=1024)
def sector_slots(
    quadrant: int,
    ring: int,
    quadrant_count: int,
    ring_count: int,
    marker_size: float,
    lane_px: float = LABEL_LANE_PX,
    phase: float = 0.0,
) -> list[Position]:
    """A grid of places in one sector for one marker size (inner rows first, clockwise), one spacing apart;
    `phase` shifts the rows outward by that share of a spacing."""
    sector = _Sector(quadrant, ring, quadrant_count, ring_count, lane_px)
    spacing = marker_size + GAP_PX + 0.05  # a hair more, so rounded positions never end up closer
    inner, outer = sector.band_px
    start, end = sector.angles
    start_pad, end_pad = sector.pads(spacing)
    slots: list[Position] = []
    rho = inner + spacing / 2 + 0.5 + phase * spacing
    while rho <= outer - spacing / 2 - 0.5 + 1e-9:
        if start_pad < rho and end_pad < rho:
            first = start + math.asin(start_pad / rho)
            last = end - math.asin(end_pad / rho)
            step_min = 2 * math.asin(min(1.0, spacing / (2 * rho)))  # neighbours one chord of `spacing` apart
            usable = last - first
            if usable >= 0:
                count = int(usable / step_min + 1e-9) + 1
                angles = (
                    [(first + last) / 2] if count == 1 else [first + i * usable / (count - 1) for i in range(count)]
                )
                slots.extend(
                    Position(r=round(rho / RADIUS_PX * ring_count, 6), theta=round(math.degrees(a), 6)) for a in angles
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


class _Field:
    """Marks placed so far in one sector, bucketed by cell for fast collision checks."""

    def __init__(self, spacing: float, ring_count: int) -> None:
        self.spacing = spacing
        self.ring_count = ring_count
        self.cells: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)

    def _cell(self, x: float, y: float) -> tuple[int, int]:
        return math.floor(x / self.spacing), math.floor(y / self.spacing)

    def free(self, position: Position) -> bool:
        x, y = to_xy(position, self.ring_count)
        cx, cy = self._cell(x, y)
        limit = self.spacing - 1e-6
        return not any(
            math.dist((x, y), other) < limit
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in self.cells.get((cx + dx, cy + dy), ())
        )

    def add(self, position: Position) -> None:
        x, y = to_xy(position, self.ring_count)
        self.cells[self._cell(x, y)].append((x, y))


def _place_sector(
    sector: _Sector, slugs: list[str], size: float, previous: Mapping[str, Position], exact: bool
) -> tuple[dict[str, Position], int, int]:
    """Positions for one sector's blips; how many had a previous place in it, and how many had to leave it."""
    spacing = size + GAP_PX
    field = _Field(spacing, sector.ring_count)
    positions: dict[str, Position] = {}
    displaced: list[str] = []
    fresh: list[str] = []
    for slug in sorted(slugs):
        before = previous.get(slug)
        if before is not None and sector.holds(before, spacing, lane=not exact) and field.free(before):
            field.add(before)
            positions[slug] = before
        elif before is not None and sector.holds(before, 0.0, lane=False):
            displaced.append(slug)
        else:
            fresh.append(slug)
    grid = sector_slots(sector.quadrant, sector.ring, sector.quadrant_count, sector.ring_count, size, sector.lane_px)
    if displaced or fresh:
        # Between kept marks, the grid's points and those of a grid shifted by half a row are candidates.
        shifted = sector_slots(
            sector.quadrant, sector.ring, sector.quadrant_count, sector.ring_count, size, sector.lane_px, 0.5
        )
        candidates = grid + shifted
        placed = _fill(sector, field, candidates, displaced, fresh, previous)
        if placed is not None:
            positions.update(placed)
        else:
            # The kept marks leave too little room between them: every blip takes the grid place nearest to where
            # it was (so it moves less than a spacing when that place is free), new blips come last.
            field = _Field(spacing, sector.ring_count)
            again = sorted(slug for slug in slugs if slug in positions or slug in displaced)
            positions = _fill(sector, field, grid, again, fresh, previous) or {}
    here = [slug for slug in slugs if slug in previous and sector.holds(previous[slug], 0.0, lane=False)]
    limit = 0.0 if exact else spacing  # moving less than a spacing keeps the place on the drawn chart

    def moved(slug: str) -> bool:
        before, after = to_xy(previous[slug], sector.ring_count), to_xy(positions[slug], sector.ring_count)
        return math.dist(before, after) > limit + 1e-9

    return positions, len(here), sum(1 for slug in here if moved(slug))


def _fill(
    sector: _Sector,
    field: _Field,
    candidates: list[Position],
    displaced: list[str],
    fresh: list[str],
    previous: Mapping[str, Position],
) -> dict[str, Position] | None:
    """Displaced blips take the free candidate nearest to where they were, new ones the first free candidate of
    their probe sequence; None when the candidates run out."""
    positions: dict[str, Position] = {}
    used: set[int] = set()
    ring_count = sector.ring_count
    points = [to_xy(candidate, ring_count) for candidate in candidates]
    for slug in displaced:
        x, y = to_xy(previous[slug], ring_count)
        order = sorted(range(len(candidates)), key=lambda i: (math.dist((x, y), points[i]), i))
        index = next((i for i in order if i not in used and field.free(candidates[i])), None)
        if index is None:
            return None
        used.add(index)
        field.add(candidates[index])
        positions[slug] = candidates[index]
    for slug in fresh:
        index = next((i for i in _probe(slug, len(candidates)) if i not in used and field.free(candidates[i])), None)
        if index is None:
            return None
        used.add(index)
        field.add(candidates[index])
        positions[slug] = candidates[index]
    return positions


def _sizes_that_fit(
    counts: Mapping[tuple[int, int], int], quadrant_count: int, ring_count: int, lane: float
) -> list[float]:
    """The marker sizes, largest first, from the largest at which every sector's grid holds its blips."""
    sizes = list(MARKER_SIZES)
    while sizes[-1] > 0.5:
        sizes.append(sizes[-1] * 0.8)
    for index, size in enumerate(sizes):
        if all(len(sector_slots(q, r, quadrant_count, ring_count, size, lane)) >= n for (q, r), n in counts.items()):
            return sizes[index:]
    raise ValueError("too many blips in one sector to draw")


def layout(
    placements: list[Placement],
    quadrant_count: int,
    ring_count: int,
    previous: Mapping[str, Position] | None = None,
    exact: bool = False,
    lane_px: float = LABEL_LANE_PX,
) -> Layout:
    """Place every blip in its sector; blips with a previous position there keep it where they can.

    `exact` draws a published edition as it was: stored positions are kept (the lane is not enforced on them) and
    the markers are as large as those positions allow.
    """
    sectors: dict[tuple[int, int], list[str]] = defaultdict(list)
    for placement in placements:
        if not (0 <= placement.quadrant < quadrant_count and 0 <= placement.ring < ring_count):
            raise ValueError(f"{placement.slug}: quadrant/ring outside the radar")
        sectors[(placement.quadrant, placement.ring)].append(placement.slug)
    previous = previous or {}
    sizes = _sizes_that_fit({key: len(slugs) for key, slugs in sectors.items()}, quadrant_count, ring_count, lane_px)
    for attempt, size in enumerate(sizes):
        positions: dict[str, Position] = {}
        staying = moved = 0
        for (quadrant, ring), slugs in sorted(sectors.items()):
            sector = _Sector(quadrant, ring, quadrant_count, ring_count, lane_px)
            placed, sector_staying, sector_moved = _place_sector(sector, slugs, size, previous, exact)
            positions.update(placed)
            staying += sector_staying
            moved += sector_moved
        # Markers grow when the crowd thins, but not at the price of moving blips that could have stayed: a
        # smaller size is tried (a few steps at most, every step for a published edition drawn as it was).
        allowed = 0 if exact else math.floor(staying * (1 - KEEP_SHARE))
        if moved <= allowed or attempt == len(sizes) - 1 or (not exact and attempt >= 2):
            return Layout(positions=positions, marker_size=size)
    raise AssertionError("unreachable")  # pragma: no cover
