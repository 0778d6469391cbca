"""One review cycle in a browser, each person starting from /work and following only its links: the architect
submits; the chair triages; two evaluators score, one saving a draft first; the architect plans the pilot and
corrects it once; the chair opens the ballot; the board votes and the chair closes it early; the chair
publishes after the preview. Every step's screenshot is kept in $RADAR_ARTIFACTS (work-cycle-*.png)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e
SUBJECT = "Debezium"  # the demo architect's draft: add to Assess


def start(page: Any, server: dict[str, Any], username: str) -> None:
    """Sign in with no destination: anyone with something to do lands on /work."""
    page.context.clear_cookies()
    page.goto(server["base"] + "/login")
    page.fill("#f-username", username)
    page.fill("#f-password", server["logins"][username])
    page.click("button[type=submit]")
    page.wait_for_url(server["base"] + "/work")
    assert int(page.locator("#my-work .work-count").inner_text()) >= 1


def follow(page: Any, title: str) -> None:
    """Click the /work item whose title contains `title` (and the subject)."""
    page.locator(".work-item a.work-title", has_text=re.compile(f"{title}.*{SUBJECT}|{SUBJECT}.*{title}")).first.click()
    page.wait_for_load_state()


def shot(page: Any, name: str, phone: bool = False) -> None:
    screenshot(page, f"work-cycle-{name}")
    if phone:
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()  # charts are drawn for the width they load at
        page.wait_for_load_state("networkidle")
        screenshot(page, f"work-cycle-{name}-390")
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)"
            ".filter(e => !e.closest('.table-scroll')).slice(0, 5).map(e => e.tagName + '.' + e.className)"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{name} at 390 px is too wide: {wide}"
        page.set_viewport_size({"width": 1440, "height": 1000})
        page.reload()


def set_auto_early_close(page: Any, server: dict[str, Any], on: bool) -> None:
    page.goto(server["base"] + "/admin/voting")
    page.locator("input[name=early_close]").set_checked(on)
    page.fill("#f-note", "Closing early is automatic." if on else "The chair closes a settled ballot early.")
    page.click("#save-voting")
    page.wait_for_load_state()
    assert page.locator("input[name=early_close]").is_checked() == on


def score(page: Any, value: str, only: int | None = None) -> None:
    for gate in page.locator("fieldset.gate").all():
        gate.locator("input[value=pass]").check()
    for index, criterion in enumerate(page.locator("fieldset.criterion").all()):
        if only is not None and index >= only:
            break
        criterion.locator(f"input[value='{value}']").check()
        criterion.locator("textarea").fill(f"Scored {value}: seen in the payments outbox spike.")


def test_one_review_cycle_from_work_queues(server: dict[str, Any], page: Any) -> None:
    page.set_viewport_size({"width": 1440, "height": 1000})

    # The architect submits their draft.
    start(page, server, "architect")
    shot(page, "01-architect-work", phone=True)
    follow(page, "Submit your draft")
    page.click("text=Submit for triage")
    page.wait_for_load_state()
    assert "Submitted" in page.locator(".state-pill").inner_text()
    shot(page, "02-architect-submitted")

    # The chair triages: accept, with two evaluators.
    start(page, server, "chair")
    follow(page, "Triage")
    page.check("input[name=decision][value=accept]")
    page.locator("#triage label", has_text="Evan Evaluator").locator("input").check()
    page.locator("#triage label", has_text="Eli Evaluator").locator("input").check()
    shot(page, "03-chair-triage")
    page.click("#triage button[type=submit]")
    page.wait_for_load_state()
    assert "Evaluating" in page.locator(".state-pill").inner_text()

    # Evan saves a draft first, comes back through /work and submits it.
    start(page, server, "evaluator")
    follow(page, "Score")
    score(page, "4", only=2)
    page.click("#save-draft")
    page.wait_for_load_state()
    assert page.locator("#draft-note").is_visible()
    shot(page, "04-evaluator-draft")
    page.goto(server["base"] + "/work")
    assert "Your draft is saved" in page.locator(".work-item", has_text=SUBJECT).inner_text()
    follow(page, "Score")
    assert page.locator("fieldset.criterion").first.locator("input[value='4']").is_checked()
    score(page, "4")
    page.click("#submit-scorecard")
    page.wait_for_load_state()
    assert "Scorecard submitted" in page.locator(".flash").first.inner_text()

    start(page, server, "evaluator2")
    follow(page, "Score")
    score(page, "4")
    page.click("#submit-scorecard")
    page.wait_for_load_state()
    shot(page, "05-second-scorecard")

    # The architect plans the pilot, records it, and corrects an observation once.
    start(page, server, "architect")
    follow(page, "Plan the pilot")
    today = date.today()
    page.fill("#pilot-plan #f-starts_on", (today - timedelta(days=30)).isoformat())
    page.fill("#pilot-plan #f-ends_on", (today + timedelta(days=30)).isoformat())
    page.click("#pilot-plan button[type=submit]")
    page.wait_for_load_state()
    form = page.locator("#add-metric")
    form.locator("#f-name").fill("Relay lag p95")
    form.locator("#f-unit").fill("s")
    form.locator("#f-direction").select_option("lower")
    form.locator("#f-baseline").fill("9")
    form.locator("#f-baseline_captured_on").fill((today - timedelta(days=31)).isoformat())
    form.locator("#f-target").fill("1")
    form.locator("input[name=must_pass]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(server["base"] + "/work")
    follow(page, "Record the pilot")
    card = page.locator(".metric-card", has_text="Relay lag p95")
    card.locator("summary", has_text="Record an observation").click()
    card.locator(".observation-form #f-value").fill("0.4")
    card.locator(".observation-form #f-sample_size").fill("200")
    card.locator(".observation-form #f-window_start").fill((today - timedelta(days=28)).isoformat())
    card.locator(".observation-form #f-window_end").fill((today - timedelta(days=1)).isoformat())
    card.locator(".observation-form button[type=submit]").click()
    page.wait_for_load_state()
    card = page.locator(".metric-card", has_text="Relay lag p95")
    card.locator(".observations summary", has_text="Correct").click()
    card.locator(".observations #f-value").fill("0.6")
    card.locator(".observations button", has_text="Save correction").click()
    page.wait_for_load_state()
    assert page.locator("#pilot-verdict").inner_text() == "PASS"
    history = page.locator("#pilot-history").inner_text()
    assert "Observation corrected" in history and "0.4" in history and "0.6" in history
    shot(page, "06-pilot-corrected", phone=True)

    # The board's voting defaults leave early closing to the chair (set once on /admin/voting, frozen into the
    # ballot when it opens); restored at the end for the other browser tests on this server.
    start(page, server, "chair")
    set_auto_early_close(page, server, on=False)
    page.goto(server["base"] + "/work")
    shot(page, "07-chair-work", phone=True)
    follow(page, "Open the ballot")
    page.click("#open-ballot")
    page.wait_for_url(re.compile(r"/ballots/\d+$"))
    ballot_id = int(page.url.rsplit("/", 1)[1])
    assert page.locator("#summary-band").inner_text() == "recommend"
    shot(page, "08-ballot-opened")
    # Three board members vote yes: the outcome can no longer change.
    for member in ("board", "board2", "board3"):
        start(page, server, member)
        follow(page, "Vote on")
        page.check("#choice-yes")
        page.fill("#f-comment", "Log-based CDC removes the polling load.")
        page.click("#cast-vote")
        page.wait_for_load_state()
    shot(page, "09-board-voted")

    start(page, server, "chair")
    page.locator(".work-item a.work-title", has_text=f"Close ballot {ballot_id} early").click()
    page.wait_for_load_state()
    page.click("#close-early-button")
    page.wait_for_load_state()
    assert page.locator("#ballot-state").inner_text() == "Passed"
    shot(page, "10-closed-early")
    set_auto_early_close(page, server, on=True)

    # The chair publishes after the preview.
    page.goto(server["base"] + "/work")
    follow(page, "Publish")
    assert SUBJECT in page.locator("#waiting-decisions").inner_text()  # the Next edition page
    page.click("text=Publish an edition")
    page.wait_for_load_state()
    page.fill("#f-name", "2026.12 — review cycle")
    page.fill("#f-slug", "2026-12-cycle")
    page.fill("#f-published_on", today.isoformat())
    page.click("#preview-publish")
    page.wait_for_load_state()
    preview = page.locator("#publish-preview").inner_text()
    assert "Nothing is published yet" in preview
    assert SUBJECT in page.locator(".diff-added").inner_text()
    shot(page, "11-publish-preview", phone=True)
    page.click("#confirm-publish")
    page.wait_for_url(server["base"] + "/editions/2026-12-cycle")
    shot(page, "12-published")
