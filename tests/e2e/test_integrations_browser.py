"""Integrations in a browser: the chair registers a webhook and reads the delivery log, a person creates and
revokes an API token and uses it with a script; each page fits 1440 px and 390 px without sideways scroll."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import running_server, screenshot, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, Any]]:
    """A server of its own: this test publishes an edition (dated 2099) that the other browser tests must not see."""
    with running_server() as running:
        yield running


def fits(page: Any, name: str) -> None:
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        screenshot(page, f"{name}-{width}")


def test_chair_registers_a_webhook_and_reads_the_log(server: dict[str, Any], page: Any) -> None:
    sign_in(page, server, "chair")
    page.click("nav >> text=Admin")
    page.click("nav >> text=Webhooks")
    page.wait_for_url(server["base"] + "/admin/webhooks")
    page.fill("#f-name", "#architecture on Slack")
    page.fill("#f-url", "http://127.0.0.1:9/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX")
    page.click("button:has-text('Add receiver')")
    page.wait_for_load_state()
    assert page.locator("#new-secret").inner_text().startswith("whsec_")
    fits(page, "webhooks")
    page.goto(server["base"] + "/editions/new")
    page.fill("#f-slug", "2099-1")
    page.fill("#f-name", "2099.1 — browser test")
    page.fill("#f-published_on", "2099-01-01")
    page.click("#preview-publish")
    page.wait_for_load_state()
    page.click("#confirm-publish")
    page.wait_for_load_state()
    page.goto(server["base"] + "/admin/deliveries")
    for _ in range(30):  # the server's own deliverer tries within DELIVERY_INTERVAL (10 s)
        if page.locator(".delivery-log .attempt").count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    assert "edition.published" in page.locator(".delivery-log").inner_text()
    assert "could not reach the receiver" in page.locator(".delivery-log").inner_text()
    fits(page, "deliveries")


def test_a_person_creates_uses_and_revokes_an_api_token(server: dict[str, Any], page: Any) -> None:
    sign_in(page, server, "architect")
    page.click("a.whoami")
    page.wait_for_url(server["base"] + "/account/tokens")
    page.fill("#f-name", "portal sync")
    page.select_option("#f-scope", "write")
    page.click("button:has-text('Create token')")
    page.wait_for_load_state()
    token = page.locator("#new-token").inner_text()
    fits(page, "tokens")
    mine = httpx.get(server["base"] + "/api/proposals", headers={"Authorization": f"Bearer {token}"})
    assert mine.status_code == 200 and isinstance(mine.json(), list)
    page.goto(server["base"] + "/account/tokens")  # not reload: that would post the form again
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", page.locator("tbody tr").first.inner_text())  # last used
    page.click("button:has-text('Revoke')")
    page.wait_for_load_state()
    assert "revoked" in page.locator("tbody tr").first.inner_text()
    assert httpx.get(server["base"] + "/api/proposals", headers={"Authorization": f"Bearer {token}"}).status_code == 401
