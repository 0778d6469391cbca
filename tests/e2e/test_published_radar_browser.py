"""The published radar in Chromium: filters and search change the chart and the URL, the table lists the same
blips, editions and diffs render, 500 blips never overlap, and the partial plotly.js bundle draws exactly what
the full bundle draws."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from radar.figure import FigureBlip, FigureQuadrant, FigureRing, build_figure
from tests.e2e.conftest import ARTIFACTS, screenshot
from web.assets import PARTIAL_BUNDLE_NAME

pytestmark = pytest.mark.e2e
POINTS = "#radar-chart .scatterlayer .trace path.point"


def _drawn(page: Any) -> None:
    page.wait_for_selector("#radar-chart[data-drawn='true']", timeout=20_000)


def _drawn_slugs(page: Any) -> list[str]:
    slugs: list[str] = page.evaluate(
        """() => document.getElementById('radar-chart').data
             .filter(t => t.meta === 'blips').flatMap(t => t.customdata.map(row => row[0]))"""
    )
    return sorted(slugs)


def test_each_filter_and_the_search_change_the_chart_and_the_url(server: dict[str, Any], page: Any) -> None:
    page.goto(server["base"] + "/?view=chart")
    _drawn(page)
    everything = _drawn_slugs(page)
    for name, value in [
        ("quadrant", "platforms"),
        ("ring", "hold"),
        ("movement", "new"),
        ("tag", "messaging"),
        ("owner", "Payments Platform"),
    ]:
        page.goto(server["base"] + "/?view=chart")
        _drawn(page)
        with page.expect_navigation():
            page.select_option(f"#f-{name}", value)  # applied as soon as it changes
        _drawn(page)
        assert f"{name}={value.replace(' ', '+')}" in page.url
        filtered = _drawn_slugs(page)
        assert 0 < len(filtered) < len(everything), name
        assert page.locator(POINTS).count() == len(filtered)
        listed = page.locator(".blip-list li a").evaluate_all("links => links.map(a => a.pathname.split('/').pop())")
        assert sorted(listed) == filtered
        assert page.locator("#radar-table").count() == 0  # the chart view sends no table
    page.goto(server["base"] + "/?view=chart")
    page.fill("#f-q", "kafka")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    _drawn(page)
    assert "q=kafka" in page.url
    assert "kafka" in _drawn_slugs(page)
    assert len(_drawn_slugs(page)) < len(everything)
    screenshot(page, "radar-search")


def test_the_table_lists_the_same_blips_and_sorts(server: dict[str, Any], page: Any) -> None:
    page.goto(server["base"] + "/")
    _drawn(page)
    drawn = _drawn_slugs(page)
    rows = page.locator("#radar-table tbody tr:not(.faded)")
    assert sorted(rows.evaluate_all("rows => rows.map(r => r.dataset.slug)")) == drawn
    assert page.locator("#radar-table tbody tr.faded").count() >= 1
    page.locator("#radar-table th button", has_text="Technology").focus()
    page.keyboard.press("Enter")
    names = page.locator("#radar-table tbody tr td:nth-child(2) a").all_inner_texts()
    assert names == sorted(names, key=str.casefold)


def test_narrow_screens_get_the_table_first(server: dict[str, Any], browser: Any) -> None:
    context = browser.new_context(viewport={"width": 400, "height": 900})
    page = context.new_page()
    page.goto(server["base"] + "/")
    assert not page.locator("#radar-chart").is_visible()
    assert page.locator("#radar-table").is_visible()
    screenshot(page, "radar-narrow")
    context.close()


def test_old_edition_and_diff_pages_render(server: dict[str, Any], page: Any) -> None:
    page.goto(server["base"] + "/editions")
    editions = httpx.get(f"{server['base']}/api/editions").json()["items"]
    assert len(editions) >= 3
    oldest = editions[-1]["slug"]
    page.goto(f"{server['base']}/editions/{oldest}")
    _drawn(page)
    api = httpx.get(f"{server['base']}/api/editions/{oldest}").json()
    assert page.locator(POINTS).count() == sum(1 for blip in api["blips"] if not blip["faded"])
    screenshot(page, "edition-oldest")
    page.goto(f"{server['base']}/editions/{oldest}/diff/{editions[0]['slug']}")
    assert page.locator("h1").inner_text().startswith("From ")
    assert page.locator(".diff-moved_in tbody tr").count() >= 1
    screenshot(page, "edition-diff")


def _overlaps(page: Any) -> tuple[int, int]:
    """(points, overlapping pairs) measured from the rendered markers' bounding boxes."""
    # Marker centres from Plotly's translate(): a triangle's or star's bounding box is not centred on it.
    boxes = page.locator(POINTS).evaluate_all(
        "els => els.map(e => e.getAttribute('transform').match(/translate\\(([-\\d.]+),\\s*([-\\d.]+)\\)/)"
        ".slice(1).map(Number))"
    )
    size = page.evaluate("document.getElementById('radar-chart').layout.meta.marker_px")
    overlapping = sum(
        1
        for index, first in enumerate(boxes)
        for second in boxes[index + 1 :]
        if math.dist(first, second) < size + 2 - 0.5
    )
    return len(boxes), overlapping


def _figure_page(folder: Path, figure: dict[str, Any], bundle: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"figure-{bundle.rsplit('/', 1)[-1]}.html"
    page.write_text(
        "<!doctype html><html><body style='margin:0'><div id='radar-chart' style='width:1000px'></div>"
        f"<script src='{bundle}'></script><script>"
        f"const f = {json.dumps(figure)};"
        "Plotly.newPlot('radar-chart', f.data, f.layout, {staticPlot: true}).then(() =>"
        " document.getElementById('radar-chart').setAttribute('data-drawn', 'true'));"
        "</script></body></html>"
    )
    return page.name


def _crowded_figure(count: int, crowded: int) -> dict[str, Any]:
    quadrants = [FigureQuadrant(name) for name in ("Techniques", "Tools", "Platforms", "Languages")]
    rings = [
        FigureRing(n, c)
        for n, c in [("Adopt", "#2e7d32"), ("Trial", "#1565c0"), ("Assess", "#ef6c00"), ("Hold", "#c62828")]
    ]
    blips = [FigureBlip(i + 1, f"crowd-{i}", f"Crowd {i}", 0, 0, "no_change", "") for i in range(crowded)] + [
        FigureBlip(i + 1, f"b-{i}", f"B {i}", i % 4, (i // 4) % 4, ("new", "no_change", "moved_in")[i % 3], "")
        for i in range(count - crowded)
    ]
    return build_figure(quadrants, rings, blips)


@pytest.mark.parametrize(("count", "crowded"), [(500, 0), (500, 150)])
def test_500_blips_draw_without_overlapping_markers(
    server: dict[str, Any], page: Any, count: int, crowded: int
) -> None:
    figure = _crowded_figure(count, crowded)
    name = _figure_page(ARTIFACTS.resolve(), figure, f"{server['base']}/static/vendor/{PARTIAL_BUNDLE_NAME}")
    page.goto((ARTIFACTS.resolve() / name).as_uri())
    _drawn(page)
    points, overlapping = _overlaps(page)
    assert points == count
    assert overlapping == 0
    screenshot(page, f"radar-{count}-crowded-{crowded}")


def test_partial_bundle_draws_exactly_like_the_full_bundle(server: dict[str, Any], page: Any) -> None:
    figure = httpx.get(f"{server['base']}/api/radar/figure").json()
    shots = []
    for bundle in (f"/static/vendor/{PARTIAL_BUNDLE_NAME}", "/static/vendor/plotly.min.js"):
        name = _figure_page(ARTIFACTS.resolve(), figure, server["base"] + bundle)
        page.goto((ARTIFACTS.resolve() / name).as_uri())
        _drawn(page)
        shots.append(page.locator("#radar-chart").screenshot())
    assert shots[0] == shots[1]
    assert re.search(r"plotly-radar-\d+\.\d+\.\d+\.min\.js", PARTIAL_BUNDLE_NAME)
