from __future__ import annotations

import re
from typing import Any

import plotly.graph_objects as go
import pytest
from litestar.testing import TestClient

from tests.factories import embedded_figure, make_radar

BLIPS = [
    ("Kafka", "platforms", "adopt"),
    ("Rust", "languages", "assess"),
    ("CQRS", "techniques", "trial"),
    ("Jenkins", "tools", "hold"),
]


def test_radar_page_draws_every_blip_and_lists_it_in_the_table(client: TestClient[Any]) -> None:
    make_radar(BLIPS)
    response = client.get("/")
    assert response.status_code == 200
    figure = embedded_figure(response.text)
    go.Figure(figure)
    slugs = [row[0] for trace in figure["data"] if trace.get("meta") == "blips" for row in trace["customdata"]]
    assert sorted(slugs) == ["cqrs", "jenkins", "kafka", "rust"]
    for slug in slugs:
        assert f'href="/blips/{slug}"' in response.text
    assert 'data-plotly="/static/vendor/plotly-radar-' in response.text  # served by this app, run by radar.js
    assert "cdn" not in response.text.lower()


def test_radar_page_on_an_empty_database(client: TestClient[Any]) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "0 technologies" in response.text
    assert "No quadrants or rings are set up yet." in response.text


def test_blip_page_shows_sanitised_description_and_history(client: TestClient[Any]) -> None:
    make_radar(BLIPS)
    response = client.get("/blips/kafka")
    assert response.status_code == 200
    assert "<strong>Kafka</strong> is used here." in response.text
    assert "Ring history" in response.text
    assert "added" in response.text


def test_unknown_blip_gives_the_html_404_page(client: TestClient[Any]) -> None:
    response = client.get("/blips/no-such-thing")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "Page not found" in response.text


def test_unknown_path_gives_the_html_404_page(client: TestClient[Any]) -> None:
    response = client.get("/definitely/not/here")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_api_errors_are_json(client: TestClient[Any]) -> None:
    response = client.get("/api/blips/nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No blip called 'nope'.",
    }
    assert client.get("/api/nothing-here").json()["status"] == 404


def test_api_radar_and_figure(client: TestClient[Any]) -> None:
    make_radar(BLIPS)
    radar = client.get("/api/radar").json()
    assert {blip["slug"] for blip in radar["blips"]} == {"kafka", "rust", "cqrs", "jenkins"}
    assert radar["rings"] == ["Adopt", "Trial", "Assess", "Hold"]
    go.Figure(client.get("/api/radar/figure").json())
    blip = client.get("/api/blips/rust").json()
    assert blip["ring"] == "Assess"
    assert blip["history"][0]["to_ring"] == "Assess"


def test_openapi_schema_documents_the_api(client: TestClient[Any]) -> None:
    schema = client.get("/schema/openapi.json").json()
    assert "/api/radar" in schema["paths"]
    assert not any(path.startswith("/admin") for path in schema["paths"])


@pytest.mark.parametrize("name", ["plotly.min.js", "plotly-radar-4.1.1.min.js"])
def test_plotly_is_served_locally_compressed_and_cacheable(client: TestClient[Any], name: str) -> None:
    response = client.get(f"/static/vendor/{name}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["content-encoding"] == "gzip"
    assert "max-age=31536000" in response.headers["cache-control"]
    assert len(response.content) > 1_000_000  # httpx decompressed it
    assert client.get("/static/vendor/../../app.py").status_code == 404


def test_health_and_readiness(client: TestClient[Any]) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok"}


def test_security_headers_on_pages(client: TestClient[Any]) -> None:
    response = client.get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_the_radar_page_paints_an_svg_chart_with_links_before_plotly(client: TestClient[Any]) -> None:
    make_radar(BLIPS)
    page = client.get("/").text
    svg = page[page.index("<svg") : page.index("</svg>")]
    for slug in ("cqrs", "jenkins", "kafka", "rust"):
        assert f'<a href="/blips/{slug}" class="mark' in svg
    assert 'aria-label="Adopt ring, 3. Kafka, new blip"' in svg
    assert 'href="/quadrants/platforms"' in svg
    # plotly.js is preloaded (not on a phone) and run by radar.js after the first paint, never by the page itself
    assert re.search(
        r'<link rel="preload" href="/static/vendor/plotly-radar-[^"]+" as="script" media="\(min-width', page
    )
    assert not re.search(r"<script[^>]* src=\"/static/vendor/plotly", page)
    assert '<script defer src="/static/radar.js' in page and 'data-plotly="/static/vendor/plotly-radar-' in page
    assert page.count('class="quadrant-view"') == 4  # one view per quadrant for phones
    # ... each a chart of its own, inside <noscript> (radar.js puts it in place on a phone)
    assert page.count('<noscript><svg xmlns="http://www.w3.org/2000/svg"') == 4


def test_each_view_sends_only_what_it_shows(client: TestClient[Any]) -> None:
    make_radar(BLIPS)
    both = client.get("/").text
    chart = client.get("/?view=chart").text
    table = client.get("/?view=table").text
    assert 'id="radar-table"' in both and 'class="radar-svg"' in both
    assert 'id="radar-table"' not in chart and 'class="radar-svg"' in chart and 'id="radar-figure"' in chart
    assert 'id="radar-table"' in table and "<svg" not in table.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'id="radar-figure"' not in table and 'class="blip-list"' not in table
    for page in (both, table):
        assert '<tr data-slug="kafka"><td data-value="3" data-label="#">3</td>' in page  # a row is one line


def test_a_quadrant_opens_on_its_own(client: TestClient[Any]) -> None:
    make_radar(BLIPS)
    for path in ("/quadrants/platforms", "/?quadrant=platforms"):
        response = client.get(path)
        assert response.status_code == 200
        figure = embedded_figure(response.text)
        go.Figure(figure)
        assert figure["layout"]["polar"]["sector"] == [0.0, 90.0] or len(figure["layout"]["polar"]["sector"]) == 2
        slugs = [row[0] for trace in figure["data"] if trace.get("meta") == "blips" for row in trace["customdata"]]
        assert slugs == ["kafka"]
        assert response.text.count('class="quadrant-view"') == 1
        assert 'aria-current="page">Platforms</a>' in response.text
    assert client.get("/quadrants/nowhere").status_code == 404


def test_radar_svg_is_a_standalone_image(client: TestClient[Any]) -> None:
    make_radar(BLIPS)
    response = client.get("/radar.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert 'href="/blips/kafka"' in response.text
    assert client.get("/radar.svg", headers={"If-None-Match": response.headers["etag"]}).status_code == 304
    only = client.get("/radar.svg?ring=hold").text
    assert 'href="/blips/jenkins"' in only and 'href="/blips/kafka"' not in only
