"""The board in a browser: the chair opens a ballot, members vote (one recuses, one changes their vote), the
ballot closes early, the radar shows the blip in its new ring, and the decision record renders and exports."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e


def sign_out(page: Any) -> None:
    page.click("text=Sign out")
    page.wait_for_load_state()


def vote(page: Any, choice: str, comment: str = "") -> None:
    page.check(f"#choice-{choice}")
    page.fill("#f-comment", comment)
    page.click("#cast-vote")
    page.wait_for_load_state()


def test_chair_opens_members_vote_ballot_closes_early_and_the_record_exports(server: dict[str, Any], page: Any) -> None:
    sign_in(page, server, "chair")
    page.click("nav >> text=Board")
    page.wait_for_url(server["base"] + "/board")
    screenshot(page, "board-dashboard")
    ready = page.locator("#ready li", has_text="Temporal")
    ready.locator("button", has_text="Open ballot").click()
    page.wait_for_url(re.compile(r"/ballots/\d+$"))
    ballot_url = page.url
    assert page.locator("h1").inner_text() == "Add Temporal to Assess"
    requirement = page.locator("#requirement").inner_text()
    assert "quorum 3 of 4 eligible" in requirement
    sign_out(page)

    # board3 recuses: 3 eligible, quorum 2.
    sign_in(page, server, "board3")
    page.goto(ballot_url)
    page.fill("#f-reason", "I advised the vendor last year.")
    page.click("#recuse")
    page.wait_for_load_state()
    assert "quorum 2 of 3 eligible" in page.locator("#requirement").inner_text()
    assert "I advised the vendor last year." in page.locator("#votes").inner_text()
    sign_out(page)

    # board votes no, then changes to yes.
    sign_in(page, server, "board")
    page.goto(ballot_url)
    vote(page, "no", "Not convinced yet.")
    assert page.locator("#ballot-state").inner_text() == "Open"
    vote(page, "yes", "The scores convinced me.")
    assert "The scores convinced me." in page.locator("#votes").inner_text()
    assert page.locator(".tally-box.no span").inner_text() == "0"
    screenshot(page, "ballot-open")
    sign_out(page)

    # board2's yes makes it 2 yes of 3 eligible: even a no from the chair cannot change it.
    sign_in(page, server, "board2")
    page.goto(ballot_url)
    vote(page, "yes")
    assert page.locator("#ballot-state").inner_text() == "Passed"
    assert "Closed early" in page.locator("#outcome").inner_text()
    screenshot(page, "ballot-passed")

    sign_out(page)

    # `/` shows the latest published edition: the decision waits for the next one until the chair publishes it.
    sign_in(page, server, "chair")
    page.goto(server["base"] + "/editions/next")
    assert "Temporal" in page.locator("#waiting-decisions").inner_text()
    page.goto(server["base"] + "/editions/new")
    page.fill("#f-name", "Board e2e edition")
    page.fill("#f-slug", "board-e2e")
    page.fill("#f-published_on", date.today().isoformat())
    page.click("#preview-publish")
    page.wait_for_load_state()
    page.click("#confirm-publish")
    page.wait_for_url(re.compile(r"/editions/board-e2e$"))
    radar = httpx.get(f"{server['base']}/api/radar").json()
    temporal = next(blip for blip in radar["blips"] if blip["name"] == "Temporal")
    assert temporal["ring"] == "Assess"
    page.goto(server["base"] + "/")
    row = page.locator("#radar-table tbody tr", has_text="Temporal")
    assert "Assess" in (row.text_content() or "")  # (the table below the chart is rendered once near the screen)

    page.goto(ballot_url)
    page.click("#outcome a.button")
    page.wait_for_url(re.compile(r"/decisions/\d+$"))
    assert "Add Temporal to Assess" in page.locator("h1").inner_text()
    assert page.locator("#record-status").inner_text() == "accepted"
    assert "recused" in page.locator("#decision-makers").inner_text()
    screenshot(page, "decision-record")
    with page.expect_download() as download_info:
        page.click("text=Export MADR 4")
    download = download_info.value
    assert re.fullmatch(r"\d{4}-add-temporal-to-assess\.md", download.suggested_filename)
    text = open(download.path(), encoding="utf-8").read()  # noqa: SIM115
    assert text.startswith('---\nstatus: "accepted"')
    page.goto(server["base"] + "/decisions")
    assert page.locator("#records tbody tr").count() >= 4
    screenshot(page, "decisions")
