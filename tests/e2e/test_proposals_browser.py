"""Browser walks through the proposal workflow on the seeded demo: an architect drafts and submits, the chair
triages (NeedsInfo, then accept), two evaluators score blind, a pilot reaches a verdict, the charts draw."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e
CRITERIA = ("strategic_fit", "cost", "lock_in", "learning_curve", "maturity", "security_operability")
GATES = ("licence", "security", "compliance", "supported")


def draft_and_submit(page: Any, server: dict[str, Any], name: str, shots: bool = False) -> int:
    """As the demo architect: fill the form, preview it, save a draft, then submit it; returns its number."""
    sign_in(page, server, "architect")
    page.goto(server["base"] + "/proposals/new")
    page.select_option("#f-blip", "kotlin")  # the allowed moves follow the chosen technology
    assert page.locator("#current-ring").inner_text() == "Trial"
    assert [o.strip() for o in page.locator("#f-target_ring option").all_inner_texts()] == [
        "Adopt — promote",
        "Assess — demote",
        "Hold — hold",
    ]
    page.select_option("#f-blip", "")
    page.fill("#f-technology_name", name)
    page.select_option("#f-quadrant", "tools")
    page.fill("#f-summary", f"{name} for our delivery pipelines")
    page.fill("#f-context", "Builds are **slow** and flaky.")
    page.fill("#f-options", "- Status quo: keep the current tool\n- Adopt " + name)
    page.fill("#f-exit_considerations", "Configuration is plain YAML; moving back takes a week.")
    page.fill("#f-links", f"Home https://example.com/{name.lower()}")
    page.fill("#f-tags", "ci, delivery")
    page.click("button[value=preview]")
    assert page.locator(".preview strong").first.inner_text() == "slow"
    page.click("button[value=save]")
    page.wait_for_url(re.compile(r"/proposals/\d+$"))
    number = int(page.url.rsplit("/", 1)[1])
    assert page.locator(".state-pill").first.inner_text() == "Draft"
    if shots:
        screenshot(page, "proposal-draft")
    page.click("#proposer-actions button.primary")
    page.wait_for_url(re.compile(rf"/proposals/{number}$"))
    assert page.locator(".state-pill").first.inner_text() == "Submitted"
    return number


def accept(page: Any, server: dict[str, Any], number: int, evaluators: list[str]) -> None:
    sign_in(page, server, "chair")
    page.goto(f"{server['base']}/proposals/{number}")
    page.check("#triage input[value=accept]")
    for name in evaluators:
        page.check(f"#triage label:has-text('{name}') input")
    page.click("#triage button[type=submit]")
    assert page.locator(".state-pill").first.inner_text() == "Evaluating"


def test_architect_drafts_with_field_errors_then_submits(server: dict[str, Any], page: Any) -> None:
    sign_in(page, server, "architect")
    page.goto(server["base"] + "/proposals/new")
    page.fill("#f-technology_name", "Kotlinn")
    page.fill("#f-options", "- Just do it")
    page.click("button[value=submit]")
    assert "Did you mean Kotlin?" in page.locator("#f-technology_name-error").inner_text()
    assert "status quo" in page.locator("#f-options-error").inner_text()
    assert page.input_value("#f-options") == "- Just do it"
    screenshot(page, "proposal-form-errors")
    number = draft_and_submit(page, server, "Buildkite", shots=True)
    page.goto(server["base"] + "/proposals/mine")
    assert page.locator(f"tr[data-number='{number}'][data-state='submitted']").count() == 1
    screenshot(page, "my-proposals")


def test_chair_asks_for_information_and_the_architect_answers(server: dict[str, Any], page: Any) -> None:
    number = draft_and_submit(page, server, "Dagger")
    sign_in(page, server, "chair")
    page.goto(f"{server['base']}/proposals/{number}")
    page.check("#triage input[value=needs_info]")
    page.fill("#f-question", "Which teams would pilot it first?")
    screenshot(page, "triage")
    page.click("#triage button[type=submit]")
    assert page.locator(".state-pill").first.inner_text() == "Needs info"
    sign_in(page, server, "architect")
    page.goto(f"{server['base']}/proposals/{number}")
    assert "Which teams would pilot it first?" in page.locator("#open-question").inner_text()
    page.click("#proposer-actions button.primary")  # no answer yet
    assert "Answer the chair" in page.locator("#f-answer-error").inner_text()
    page.fill("#f-answer", "Payments Platform, then Cards.")
    page.click("#proposer-actions button.primary")
    assert page.locator(".state-pill").first.inner_text() == "Submitted"
    assert "Payments Platform, then Cards." in page.locator(".qa").inner_text()
    accept(page, server, number, ["Evan Evaluator"])
    page.goto(server["base"] + "/proposals?state=evaluating")
    assert page.locator(f"tr[data-number='{number}']").count() == 1


def score(page: Any, server: dict[str, Any], number: int, values: dict[str, int]) -> None:
    page.goto(f"{server['base']}/proposals/{number}/evaluate")
    for gate in GATES:
        page.check(f"input[name=gate_{gate}][value=pass]")
    for key in CRITERIA:
        value = values.get(key, 3)
        page.check(f"input[name=score_{key}][value='{value}']")
        page.fill(f"#f-rationale_{key}", f"Rationale for {key}")
        if value in (1, 5):
            page.fill(f"#f-evidence_{key}", f"https://wiki.example/{key}")
    page.click("#submit-scorecard")
    page.wait_for_url(re.compile(rf"/proposals/{number}"))


def test_two_evaluators_score_blind_and_the_spider_chart_draws(server: dict[str, Any], page: Any) -> None:
    number = draft_and_submit(page, server, "Earthly")
    accept(page, server, number, ["Evan Evaluator", "Eli Evaluator"])
    sign_in(page, server, "evaluator")
    score(page, server, number, {"cost": 2})
    assert page.locator("#aggregate-table").count() == 1  # having submitted, Evan sees the scores in so far
    sign_in(page, server, "evaluator2")
    page.goto(f"{server['base']}/proposals/{number}")
    assert "Scores are blind" in page.locator("#blind-note").inner_text()
    assert page.locator("#aggregate-table").count() == 0
    api = page.request.get(f"{server['base']}/api/proposals/{number}/evaluations")
    assert api.json() == []
    assert page.request.get(f"{server['base']}/api/proposals/{number}/aggregate").status == 403
    screenshot(page, "scoring-blind")
    score(page, server, number, {"cost": 5})
    page.wait_for_selector("#spider-chart[data-drawn='true']", timeout=20_000)
    assert page.locator("#spider-chart .scatterlayer .trace").count() == 3  # two evaluators and the mean
    cost = page.locator("#aggregate-table tr[data-criterion=cost]")
    assert "disagreement" in cost.inner_text()
    screenshot(page, "scoring-aggregate")


def test_pilot_reaches_a_verdict(server: dict[str, Any], page: Any) -> None:
    number = draft_and_submit(page, server, "Nx")
    accept(page, server, number, ["Eli Evaluator"])
    sign_in(page, server, "architect")
    page.goto(f"{server['base']}/proposals/{number}/pilot")
    page.fill("#pilot-plan #f-starts_on", "2026-03-02")
    page.fill("#pilot-plan #f-ends_on", "2026-05-29")
    page.click("#pilot-plan button[type=submit]")
    page.fill("#add-metric #f-name", "Build time")
    page.fill("#add-metric #f-unit", "minutes")
    page.select_option("#add-metric #f-direction", "lower")
    page.fill("#add-metric #f-baseline", "25")
    page.fill("#add-metric #f-target", "10")
    page.check("#add-metric input[name=must_pass]")
    page.click("#add-metric button[type=submit]")
    assert page.locator("#pilot-verdict").inner_text() == "INCONCLUSIVE"
    page.click('.metric-card summary:has-text("Record an observation")')
    page.fill(".observation-form #f-value", "14")
    page.fill(".observation-form #f-sample_size", "120")
    page.fill(".observation-form #f-window_start", "2026-03-02")
    page.fill(".observation-form #f-window_end", "2026-04-30")
    page.click(".observation-form button[type=submit]")
    assert page.locator("#pilot-verdict").inner_text() == "CONDITIONAL"
    assert "PARTIAL" in page.locator("#metrics-table").inner_text()
    page.wait_for_selector(".metric-chart[data-drawn='true']", timeout=20_000)
    page.click('.metric-card summary:has-text("Record an observation")')
    page.fill(".observation-form #f-value", "9")
    page.fill(".observation-form #f-sample_size", "140")
    page.fill(".observation-form #f-window_start", "2026-05-01")
    page.fill(".observation-form #f-window_end", "2026-05-29")
    page.click(".observation-form button[type=submit]")
    assert page.locator("#pilot-verdict").inner_text() == "PASS"
    page.wait_for_selector(".metric-chart[data-drawn='true']", timeout=20_000)
    screenshot(page, "pilot")


def test_seeded_scorecard_and_framework_editor(server: dict[str, Any], page: Any) -> None:
    sign_in(page, server, "chair")
    page.goto(server["base"] + "/proposals/1")
    page.wait_for_selector("#spider-chart[data-drawn='true']", timeout=20_000)
    assert page.locator("#spider-chart .scatterlayer .trace").count() == 4
    assert page.locator("#comparison-table").count() == 1
    screenshot(page, "proposal-scores")
    page.goto(server["base"] + "/admin/framework")
    assert page.locator("#weight-total").inner_text() == "1.00"
    page.fill("input[name=criterion_weight_0]", "0.35")
    assert page.locator("#weight-total").inner_text() == "1.10"  # live sum
    page.fill("#f-note", "Try more strategy")
    page.click("#framework-form button[type=submit]")
    assert "The weights must sum to 1" in page.locator("#weights-error").inner_text()
    screenshot(page, "framework")


def test_on_a_phone_the_spider_chart_fills_its_card_and_the_score_table_keeps_whole_words(
    server: dict[str, Any], browser: Any
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, server, "chair")
    page.goto(server["base"] + "/proposals/1")
    page.wait_for_selector("#spider-chart[data-drawn='true']", timeout=20_000)
    holder = page.locator("#spider-chart").bounding_box()
    polar = page.locator("#spider-chart .angular-grid").bounding_box()
    assert holder and polar
    # Criterion names 120 px either side left the chart 40 px across; wrapped in a smaller font they leave it half.
    assert polar["width"] >= 0.5 * holder["width"], (polar, holder)
    header = page.locator("main table th", has_text="Criterion").first
    lines = header.evaluate(
        "cell => { const r = document.createRange(); r.selectNodeContents(cell); return r.getClientRects().length; }"
    )
    assert lines == 1, "the score table broke 'Criterion' across lines"
    page.locator("#spider-chart").scroll_into_view_if_needed()
    screenshot(page, "proposal-scores-390")
    context.close()


def test_a_long_form_warns_before_unsaved_changes_are_left(server: dict[str, Any], browser: Any) -> None:
    def leave(typed: bool) -> list[str]:
        page = browser.new_page()
        sign_in(page, server, "architect")
        page.goto(server["base"] + "/proposals/new")
        if typed:
            page.locator("#f-technology_name").press_sequentially("Temporal")
        else:
            page.locator("#f-technology_name").click()  # a visit, nothing changed
        dialogs: list[str] = []

        def answer(dialog: Any) -> None:
            dialogs.append(dialog.type)
            dialog.accept()

        page.on("dialog", answer)
        page.locator("header a", has_text="Published radar").first.click()  # leave by the menu
        page.wait_for_url(server["base"] + "/")
        page.close()
        return dialogs

    assert leave(typed=True) == ["beforeunload"]
    assert leave(typed=False) == []
