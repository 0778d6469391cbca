"""Property tests of the layout: deterministic, collision-free up to 500 blips (skewed too), and stable."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radar.layout import GAP_PX, LABEL_LANE_PX, RADIUS_PX, Layout, Placement, layout, ring_bounds


def _pixels(placed: Layout, ring_count: int) -> dict[str, tuple[float, float]]:
    scale = RADIUS_PX * placed.scale / ring_count
    return {
        slug: (p.r * scale * math.sin(math.radians(p.theta)), p.r * scale * math.cos(math.radians(p.theta)))
        for slug, p in placed.positions.items()
    }


def _closest_gap(placed: Layout, ring_count: int) -> float:
    """The smallest centre distance minus the marker diameter, in pixels of the drawn chart."""
    points = sorted(_pixels(placed, ring_count).values())
    best = math.inf
    for index, (x, y) in enumerate(points):  # sweep on x: only neighbours within the current best matter
        for other_x, other_y in points[index + 1 :]:
            if other_x - x > min(best, 60):
                break
            best = min(best, math.dist((x, y), (other_x, other_y)))
    return best - placed.marker_size * placed.scale


@st.composite
def radars(draw: st.DrawFn, max_blips: int = 500) -> tuple[list[Placement], int, int]:
    quadrant_count = draw(st.integers(2, 8))
    ring_count = draw(st.integers(2, 6))
    count = draw(st.integers(0, max_blips))
    seed = draw(st.integers(0, 2**32))
    placements = [
        Placement(
            f"blip-{seed}-{index}", (seed + index * 7919) % quadrant_count, (seed // 3 + index * 104729) % ring_count
        )
        for index in range(count)
    ]
    return placements, quadrant_count, ring_count


def _inside_sectors(placed: Layout, placements: list[Placement], quadrant_count: int, ring_count: int) -> None:
    bounds = ring_bounds(ring_count)
    for placement in placements:
        position = placed.positions[placement.slug]
        assert bounds[placement.ring] < position.r < bounds[placement.ring + 1]
        sector = 360 / quadrant_count
        assert placement.quadrant * sector < position.theta < (placement.quadrant + 1) * sector


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(radars())
def test_layout_is_deterministic_whatever_the_input_order(radar: tuple[list[Placement], int, int]) -> None:
    placements, quadrant_count, ring_count = radar
    first = layout(placements, quadrant_count, ring_count)
    assert first == layout(list(reversed(placements)), quadrant_count, ring_count)
    _inside_sectors(first, placements, quadrant_count, ring_count)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(radars())
def test_no_two_markers_overlap(radar: tuple[list[Placement], int, int]) -> None:
    placements, quadrant_count, ring_count = radar
    placed = layout(placements, quadrant_count, ring_count)
    if len(placements) > 1:
        assert _closest_gap(placed, ring_count) >= GAP_PX - 0.01  # centre distance >= diameter + 2 px


@pytest.mark.parametrize("ring", [0, 1, 3])
def test_a_sector_holding_150_of_500_blips_stays_apart_and_legible(ring: int) -> None:
    crowded = [Placement(f"crowded-{index}", 0, ring) for index in range(150)]
    rest = [Placement(f"other-{index}", index % 4, (index // 4) % 4) for index in range(350)]
    placed = layout(crowded + rest, 4, 4)
    assert len(placed.positions) == 500
    assert _closest_gap(placed, 4) >= GAP_PX - 0.01  # centre distance >= diameter + 2 px
    assert placed.marker_size * placed.scale >= 7  # markers never drawn smaller than 7 px


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(radars(max_blips=300), st.data())
def test_unmoved_blips_keep_their_place(radar: tuple[list[Placement], int, int], data: st.DataObject) -> None:
    placements, quadrant_count, ring_count = radar
    before = layout(placements, quadrant_count, ring_count)
    removed = set(data.draw(st.sets(st.sampled_from([p.slug for p in placements]), max_size=20)) if placements else [])
    moved = {p.slug for p in placements[:: max(1, len(placements) // 5)]} - removed
    added = [
        Placement(f"new-{index}", index % quadrant_count, index % ring_count)
        for index in range(data.draw(st.integers(0, 20)))
    ]
    after_placements = [
        Placement(p.slug, p.quadrant, (p.ring + 1) % ring_count) if p.slug in moved else p
        for p in placements
        if p.slug not in removed
    ] + added
    after = layout(after_placements, quadrant_count, ring_count, previous=before.positions)
    unmoved = [p.slug for p in placements if p.slug not in removed and p.slug not in moved]
    # Compared on the chart at one zoom: when a crowd pushes markers below their minimum the whole chart is drawn
    # larger (after.scale), which moves every pixel but no blip relative to the rings; that is not a move.
    zoom = before.scale / after.scale
    drawn_before = _pixels(before, ring_count)
    drawn_after = {slug: (x * zoom, y * zoom) for slug, (x, y) in _pixels(after, ring_count).items()}
    spacing = max(before.spacing_px, after.spacing_px) * before.scale
    near = sum(math.dist(drawn_before[slug], drawn_after[slug]) <= spacing + 1e-6 for slug in unmoved)
    # Blips keep their exact place, or shift by less than a spacing where new blips find no room between them.
    assert near >= 0.95 * len(unmoved)


def test_layout_refuses_a_blip_outside_the_radar() -> None:
    with pytest.raises(ValueError, match="outside"):
        layout([Placement("x", 4, 0)], 4, 4)


@pytest.mark.parametrize("count", [2, 3, 4, 6])
def test_ring_bounds_cover_the_radius_with_inner_rings_widest(count: int) -> None:
    bounds = ring_bounds(count)
    widths = [outer - inner for inner, outer in itertools.pairwise(bounds)]
    assert bounds[0] == 0
    assert bounds[-1] == count
    assert widths == sorted(widths, reverse=True)


def test_unmoved_blips_keep_their_place_when_a_crowded_sector_changes() -> None:
    """500 blips, 150 in one sector; ten change ring (some leave the crowded sector) and one joins it: at least 95%
    of the others keep their place on the drawn chart, within one marker spacing."""
    crowded = [Placement(f"crowded-{index}", 0, 0) for index in range(150)]
    rest = [Placement(f"other-{index}", index % 4, (index // 4) % 4) for index in range(350)]
    before = layout(crowded + rest, 4, 4)
    leaving = {f"crowded-{index}" for index in (3, 40, 77, 120)}
    moving = leaving | {f"other-{index}" for index in (1, 50, 99, 150, 201, 333)}
    joining = "other-2"  # quadrant 2, ring 0: joins the crowded sector
    after_placements = [
        Placement(p.slug, 0, 0)
        if p.slug == joining
        else Placement(p.slug, p.quadrant, (p.ring + 1) % 4)
        if p.slug in moving
        else p
        for p in crowded + rest
    ]
    after = layout(after_placements, 4, 4, previous=before.positions)
    drawn_before, drawn_after = _pixels(before, 4), _pixels(after, 4)
    unmoved = [p.slug for p in crowded + rest if p.slug not in moving and p.slug != joining]
    spacing = max(before.spacing_px * before.scale, after.spacing_px * after.scale)
    kept = sum(math.dist(drawn_before[slug], drawn_after[slug]) <= spacing for slug in unmoved)
    assert kept / len(unmoved) >= 0.95
    assert _closest_gap(after, 4) >= GAP_PX - 0.01


def test_a_published_edition_keeps_its_stored_positions_with_markers_that_fit_them() -> None:
    placements = [Placement(f"b{index}", index % 4, (index // 4) % 4) for index in range(60)]
    published = layout(placements, 4, 4)
    again = layout(placements, 4, 4, previous=published.positions, exact=True)
    assert again.positions == published.positions
    assert again.marker_size == published.marker_size


def test_no_mark_touches_a_ring_boundary_or_the_label_lane() -> None:
    placements = [Placement(f"b{index}", index % 4, (index // 4) % 4) for index in range(400)]
    placed = layout(placements, 4, 4)
    bounds = [bound / 4 * RADIUS_PX for bound in ring_bounds(4)]
    half = placed.spacing_px / 2
    for placement in placements:
        x, y = _pixels(placed, 4)[placement.slug]
        rho = math.hypot(x, y) / placed.scale
        assert bounds[placement.ring] + half - 1e-6 <= rho <= bounds[placement.ring + 1] - half + 1e-6
        if placement.quadrant in (0, 3) and y > 0:
            assert abs(x) / placed.scale >= LABEL_LANE_PX + half - 1e-6
