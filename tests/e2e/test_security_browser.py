"""The API documentation UI draws in Chromium under the app's CSP, from files this server serves."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_swagger_ui_draws_under_the_csp_without_a_cdn(server: dict[str, Any], page: Any) -> None:
    problems: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: request.url.startswith(server["base"]) or outside.append(request.url))
    page.goto(server["base"] + "/schema/swagger")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "Radar API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-tag", timeout=10_000)
    assert page.locator(".opblock").count() > 5
    assert not [text for text in problems if "Content Security Policy" in text or "Refused" in text], problems
    assert outside == [] or all(url.startswith("data:") for url in outside), outside
    screenshot(page, "api-docs-swagger")


def test_plotly_draws_escaped_names_as_text_never_as_links(server: dict[str, Any], page: Any) -> None:
    from evaluations.scoring import DEFAULT_CRITERIA, Score, spider_figure

    link = '<a href="https://evil.example/">click</a>'
    criteria = [{**DEFAULT_CRITERIA[0], "name": '<span style="font-size:40px">Big</span>'}, *DEFAULT_CRITERIA[1:]]
    figure = spider_figure(criteria, [Score(link, c["key"], 4) for c in criteria])
    page.goto(server["base"] + "/healthz")
    page.add_script_tag(url=server["base"] + "/static/vendor/plotly.min.js")
    page.evaluate(
        """(figure) => {
             const holder = document.createElement('div');
             holder.id = 'chart';
             holder.style.width = '800px';
             document.body.appendChild(holder);
             return Plotly.newPlot(holder, figure.data, figure.layout);
           }""",
        figure,
    )
    drawn = page.evaluate(
        """() => ({
             links: document.querySelectorAll('#chart svg a').length,
             styled: Array.from(document.querySelectorAll('#chart svg tspan'))
                       .filter(t => (t.getAttribute('style') || '').includes('40px')).length,
             text: document.getElementById('chart').textContent,
           })"""
    )
    assert drawn["links"] == 0
    assert drawn["styled"] == 0
    assert link in drawn["text"]  # shown as typed
    assert '<span style="font-size:40px">Big</span>' in drawn["text"]
