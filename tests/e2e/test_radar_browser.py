from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def _wait_for_chart(page: Any) -> None:
    page.wait_for_selector("#radar-chart[data-drawn='true']", timeout=20_000)


def test_radar_draws_one_point_per_blip(server: dict[str, Any], page: Any) -> None:
    blips = httpx.get(f"{server['base']}/api/radar").json()["blips"]
    drawn = [blip for blip in blips if not blip["faded"]]
    assert len(drawn) >= 60
    page.goto(server["base"] + "/")
    _wait_for_chart(page)
    points = page.locator("#radar-chart .scatterlayer .trace path.point")
    assert points.count() == len(drawn)
    assert page.locator("#radar-table tbody tr").count() == len(blips)  # faded ones are listed, not drawn
    screenshot(page, "radar")


def test_hover_shows_name_and_ring_and_click_opens_the_blip_page(server: dict[str, Any], page: Any) -> None:
    page.goto(server["base"] + "/")
    _wait_for_chart(page)
    point = page.locator("#radar-chart .scatterlayer .trace path.point").first
    box = point.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    tooltip = page.locator(".hoverlayer .hovertext")
    tooltip.wait_for(timeout=5_000)
    text = tooltip.text_content() or ""
    assert re.search(r"Adopt|Trial|Assess|Hold", text)
    screenshot(page, "radar-hover")
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/blips/[a-z0-9-]+$"), timeout=10_000)
    assert page.locator("h1").inner_text().strip() in text
    assert page.locator(".timeline li").count() >= 1
    screenshot(page, "blip")


def test_downloads_come_from_the_plotly_chart_and_on_a_phone_from_the_server_svg(
    server: dict[str, Any], page: Any, browser: Any
) -> None:
    page.goto(server["base"] + "/")
    _wait_for_chart(page)
    with page.expect_download() as download_info:
        page.click("[data-export=png]")
    download = download_info.value
    assert download.suggested_filename == "radar.png"
    assert open(download.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"  # noqa: SIM115
    phone = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True).new_page()
    phone.goto(server["base"] + "/")
    # No Plotly on a phone: the server's SVG of the same view, as it is or drawn onto a canvas
    with phone.expect_download() as download_info:
        phone.click("[data-export=svg]")
    assert download_info.value.suggested_filename == "radar.svg"
    assert open(download_info.value.path(), "rb").read().startswith(b"<?xml")  # noqa: SIM115
    with phone.expect_download() as download_info:
        phone.click("[data-export=png]")
    assert download_info.value.suggested_filename == "radar.png"
    assert open(download_info.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"  # noqa: SIM115
    phone.context.close()


def test_login_works_and_wrong_password_keeps_the_username(server: dict[str, Any], page: Any) -> None:
    page.goto(server["base"] + "/login")
    page.fill("#f-username", "chair")
    page.fill("#f-password", "wrong-password")
    page.click("button[type=submit]")
    assert page.locator("#login-error").inner_text() == "Unknown username or wrong password."
    assert page.input_value("#f-username") == "chair"
    screenshot(page, "login-error")
    page.fill("#f-password", server["logins"]["chair"])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/(work)?$"))  # people with something to do land on /work
    assert "Chris Chair" in page.locator(".whoami").inner_text()
    page.goto(server["base"] + "/admin/users")
    assert page.locator("table.data-table tbody tr").count() >= 8
    screenshot(page, "admin-users")


def test_unknown_page_shows_the_404_page(server: dict[str, Any], page: Any) -> None:
    response = page.goto(server["base"] + "/no/such/page")
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
