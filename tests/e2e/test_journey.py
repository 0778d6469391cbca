"""One journey from an empty database, in Chromium: `radar create-user` makes the chair; the chair creates the
people and the radar's structure; an architect proposes, the chair triages, two evaluators score; the pilot passes,
the board votes, the chair publishes; a viewer finds the new blip on the radar, its page, and the feed.
Each step leaves a screenshot in $RADAR_ARTIFACTS (journey-NN-*.png)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.e2e.conftest import running_server, screenshot, sign_in

pytestmark = pytest.mark.e2e
PASSWORD = "journey-password-2026"
PEOPLE = [  # username, name, roles
    ("ada", "Ada Architect", ["architect"]),
    ("eve", "Eve Evaluator", ["evaluator"]),
    ("eli", "Eli Evaluator", ["evaluator"]),
    ("bo1", "Bo One", ["board"]),
    ("bo2", "Bo Two", ["board"]),
    ("bo3", "Bo Three", ["board"]),
    ("vera", "Vera Viewer", []),
]
QUADRANTS = ["Techniques", "Tools", "Platforms", "Languages & Frameworks"]
RINGS = [("Adopt", "#2e7d32"), ("Trial", "#1565c0"), ("Assess", "#ef6c00"), ("Hold", "#c62828")]
GATES = ("licence", "security", "compliance", "supported")
CRITERIA = ("strategic_fit", "cost", "lock_in", "learning_curve", "maturity", "security_operability")


class Journey:
    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base, self.step = page, base, 0

    def shot(self, name: str) -> None:
        self.step += 1
        screenshot(self.page, f"journey-{self.step:02d}-{name}")

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def sign_in(self, username: str) -> None:
        sign_in(self.page, {"base": self.base}, username, PASSWORD)

    def pill(self) -> str:
        return str(self.page.locator(".state-pill").first.inner_text())


def test_from_an_empty_database_to_a_published_blip(browser: Any) -> None:
    with running_server(seed=False) as server:
        made = subprocess.run(
            [sys.executable, "-m", "web.cli", "create-user", "chris", "--name", "Chris Chair", "--role", "chair",
             "--password", PASSWORD],
            env=server["env"], capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert "created chris with roles chair" in made.stdout
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        journey = Journey(context.new_page(), server["base"])
        page = journey.page
        try:
            _chair_sets_up(journey)
            number = _architect_proposes(journey)
            _chair_triages(journey, number)
            for evaluator in ("eve", "eli"):
                _evaluator_scores(journey, evaluator, number)
            _pilot_passes(journey, number)
            _board_votes(journey, number)
            _chair_publishes(journey, number)
            _viewer_finds_the_blip(journey)
        finally:
            if page.url.startswith("http"):
                screenshot(page, "journey-last-page")
            context.close()


def _chair_sets_up(journey: Journey) -> None:
    page = journey.page
    journey.sign_in("chris")
    journey.shot("chair-signed-in-empty-radar")
    journey.go("/admin/users")
    for username, name, roles in PEOPLE:
        page.fill("#f-username", username)
        page.fill("#f-display_name", name)
        page.fill("#f-password", PASSWORD)
        for role in roles:
            page.check(f"input[name=roles][value={role}]")
        page.click("form[action='/admin/users'] button[type=submit]")
        page.wait_for_url(journey.base + "/admin/users")
        assert f"Created {username}." in page.content()
    journey.shot("chair-created-people")
    journey.go("/admin/radar")
    for position, name in enumerate(QUADRANTS):
        page.fill("#quadrant-new-name", name)
        page.fill("#quadrant-new-position", str(position))
        page.fill("#quadrant-new-description", f"{name} we use")
        page.click("form[action='/admin/radar/quadrant'] button[type=submit]")
        page.wait_for_url(journey.base + "/admin/radar")
    for position, (name, colour) in enumerate(RINGS):
        page.fill("#ring-new-name", name)
        page.fill("#ring-new-position", str(position))
        page.fill("#ring-new-description", f"{name}: what it means here")
        page.fill("#ring-new-colour", colour)
        page.click("form[action='/admin/radar/ring'] button[type=submit]")
        page.wait_for_url(journey.base + "/admin/radar")
    assert page.locator("form.structure-row").count() == len(QUADRANTS) + len(RINGS) + 2  # plus the two "add" forms
    journey.shot("chair-created-quadrants-and-rings")


def _architect_proposes(journey: Journey) -> int:
    page = journey.page
    journey.sign_in("ada")
    journey.go("/proposals/new")
    page.fill("#f-technology_name", "Temporal")
    page.select_option("#f-quadrant", "platforms")
    page.select_option("#f-target_ring", "assess")
    page.fill("#f-summary", "Durable workflows for long-running payment processes")
    page.fill("#f-context", "Retries and timeouts are hand-written in every service.")
    page.fill("#f-options", "- Status quo: hand-written retries\n- Temporal")
    page.fill("#f-exit_considerations", "Workflows are plain code; draining them takes a sprint.")
    journey.shot("architect-proposal-form")
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r"/proposals/\d+$"))
    assert journey.pill() == "Submitted"
    journey.shot("architect-proposal-submitted")
    return int(page.url.rsplit("/", 1)[1])


def _chair_triages(journey: Journey, number: int) -> None:
    page = journey.page
    journey.sign_in("chris")
    journey.go(f"/proposals/{number}")
    page.check("#triage input[value=accept]")
    for name in ("Eve Evaluator", "Eli Evaluator"):
        page.check(f"#triage label:has-text('{name}') input")
    page.click("#triage button[type=submit]")
    assert journey.pill() == "Evaluating"
    journey.shot("chair-triaged")


def _evaluator_scores(journey: Journey, username: str, number: int) -> None:
    page = journey.page
    journey.sign_in(username)
    journey.go(f"/proposals/{number}/evaluate")
    for gate in GATES:
        page.check(f"input[name=gate_{gate}][value=pass]")
    for key in CRITERIA:
        page.check(f"input[name=score_{key}][value='4']")
        page.fill(f"#f-rationale_{key}", f"{username}: {key} looks good")
    journey.shot(f"{username}-scorecard")
    page.click("#submit-scorecard")
    page.wait_for_url(re.compile(rf"/proposals/{number}"))
    assert page.locator("#aggregate-table").count() == 1


def _pilot_passes(journey: Journey, number: int) -> None:
    page = journey.page
    journey.sign_in("ada")
    journey.go(f"/proposals/{number}/pilot")
    page.fill("#pilot-plan #f-starts_on", "2026-03-02")
    page.fill("#pilot-plan #f-ends_on", "2026-05-29")
    page.click("#pilot-plan button[type=submit]")
    page.fill("#add-metric #f-name", "Failed payment retries handled by hand")
    page.fill("#add-metric #f-unit", "per week")
    page.select_option("#add-metric #f-direction", "lower")
    page.fill("#add-metric #f-baseline", "25")
    page.fill("#add-metric #f-target", "10")
    page.check("#add-metric input[name=must_pass]")
    page.click("#add-metric button[type=submit]")
    page.click('.metric-card summary:has-text("Record an observation")')
    page.fill(".observation-form #f-value", "6")
    page.fill(".observation-form #f-sample_size", "140")
    page.fill(".observation-form #f-window_start", "2026-03-02")
    page.fill(".observation-form #f-window_end", "2026-05-29")
    page.click(".observation-form button[type=submit]")
    assert page.locator("#pilot-verdict").inner_text() == "PASS"
    page.wait_for_selector(".metric-chart[data-drawn='true']", timeout=20_000)
    journey.shot("pilot-passed")


def _board_votes(journey: Journey, number: int) -> None:
    page = journey.page
    journey.sign_in("chris")
    journey.go("/board")
    page.locator("#ready li", has_text="Temporal").locator("button", has_text="Open ballot").click()
    page.wait_for_url(re.compile(r"/ballots/\d+$"))
    ballot_url = page.url
    journey.shot("chair-opened-ballot")
    for member in ("bo1", "bo2"):
        journey.sign_in(member)
        page.goto(ballot_url)
        page.check("#choice-yes")
        page.fill("#f-comment", f"{member}: the scores and the pilot convince me.")
        page.click("#cast-vote")
        page.wait_for_load_state()
    assert page.locator("#ballot-state").inner_text() == "Passed"
    journey.shot("board-voted-ballot-passed")
    journey.go(f"/proposals/{number}")
    assert journey.pill() == "Approved"


def _chair_publishes(journey: Journey, number: int) -> None:
    page = journey.page
    journey.sign_in("chris")
    journey.go("/editions/new")
    page.fill("#f-name", "2026.1 — the first edition")
    page.fill("#f-slug", "2026-1")
    page.fill("#f-published_on", datetime.now(UTC).date().isoformat())
    page.fill("#f-introduction", "Our first radar, decided by the board.")
    journey.shot("chair-publishing")
    page.click("#preview-publish")  # the diff against the latest edition first, then the confirmation
    page.wait_for_load_state()
    journey.shot("chair-publish-preview")
    page.click("#confirm-publish")
    page.wait_for_load_state()
    journey.go(f"/proposals/{number}")
    assert journey.pill() == "Published"
    journey.shot("proposal-published")


def _viewer_finds_the_blip(journey: Journey) -> None:
    page = journey.page
    journey.sign_in("vera")
    journey.go("/?view=table")
    row = page.locator("#radar-table tbody tr", has_text="Temporal")
    assert "Assess" in row.inner_text() and "Platforms" in row.inner_text()
    journey.shot("viewer-radar-table")
    journey.go("/?view=chart")
    page.wait_for_selector("#radar-chart[data-drawn='true']", timeout=20_000)
    journey.shot("viewer-radar-chart")
    journey.go("/blips/temporal")
    assert "Assess" in page.locator(".blip-meta").inner_text()
    assert "ADR-0001" in page.content()
    journey.shot("viewer-blip-page")
    feed = page.request.get(journey.base + "/feed.atom")
    if feed.status != 404:  # the feed arrives with the webhooks work (issue 9b)
        assert feed.ok and "Temporal" in feed.text()
        journey.go("/feed.atom")
        journey.shot("viewer-feed")
