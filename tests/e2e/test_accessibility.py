"""axe-core (shipped by axe-playwright-python) on every page type, anonymous and signed in as each role of the
seeded demo data. Fails on any serious or critical violation; every violation found, whatever its impact, is
written to $RADAR_ARTIFACTS/axe-report.json so that the counts can be compared between runs."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest

from tests.e2e.conftest import ARTIFACTS, running_server, sign_in

pytestmark = pytest.mark.e2e

BLOCKING = ("serious", "critical")
# Anonymous visitors and each demo role; the chair's pages are visited as the chair.
VISITS: list[tuple[str | None, list[str]]] = [
    (None, ["/", "/?view=table", "/editions", "{edition}", "{diff}", "{blip}", "/login", "/no-such-page"]),
    ("viewer", ["/", "/proposals", "/decisions", "{decision}", "{ballot}", "{proposal}"]),
    ("architect", ["/proposals/mine", "/proposals/new", "{own_proposal}", "{own_edit}", "{pilot}"]),
    ("evaluator2", ["/proposals", "{evaluate}"]),
    ("board2", ["/board", "{ballot}"]),
    ("chair", ["/board", "{proposal}", "/admin/users", "{user}", "/admin/radar", "/admin/framework",
               "/admin/audit", "/editions/new", "{blip}"]),
]  # fmt: skip
# Forms re-rendered with their errors: every field error must be reachable from its field.
INVALID_FORMS: list[tuple[str | None, str, str]] = [
    (None, "/login", "button[type=submit]"),
    ("architect", "/proposals/new", "button[value=submit]"),
    ("chair", "/admin/users", "form[action='/admin/users'] button[type=submit]"),
    ("chair", "/editions/new", "main button[type=submit]"),
    ("evaluator2", "{evaluate}", "#submit-scorecard"),  # a draft may be incomplete; submitting checks it
]


@pytest.fixture(scope="module")
def own_server() -> Any:
    """A seeded server of its own: the test opens an evaluation for evaluator2, which the shared one lacks."""
    with running_server() as running:
        yield running


def first_href(page: Any, server: dict[str, Any], listing: str, pattern: str) -> str:
    page.goto(server["base"] + listing)
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
        if re.fullmatch(pattern, href or ""):
            return str(href)
    raise AssertionError(f"no link like {pattern} on {listing}")


def resolve(page: Any, server: dict[str, Any], path: str, known: dict[str, str]) -> str:
    if not path.startswith("{"):
        return path
    key = path.strip("{}")
    if key not in known:
        finders = {
            "edition": ("/editions", r"/editions/[\w.-]+(?<!/new)(?<!compare)"),
            "blip": ("/?view=table", r"/blips/[\w.-]+"),
            "decision": ("/decisions", r"/decisions/\d+"),
            "proposal": ("/proposals", r"/proposals/\d+"),
            "own_proposal": ("/proposals/mine", r"/proposals/\d+"),
            "evaluate": ("/proposals", r"/proposals/\d+/evaluate"),
            "user": ("/admin/users", r"/admin/users/\d+"),
        }
        if key == "diff":
            editions = [
                href
                for href in page.goto(server["base"] + "/editions")
                and page.eval_on_selector_all("a[href^='/editions/']", "ls => ls.map(a => a.getAttribute('href'))")
                if re.fullmatch(r"/editions/[\w.-]+", href) and href not in ("/editions/new", "/editions/compare")
            ]
            known[key] = f"{editions[1]}/diff/{editions[0].rsplit('/', 1)[1]}"
        elif key == "ballot":
            known[key] = first_href(page, server, resolve(page, server, "{decision}", known), r"/ballots/\d+")
        elif key == "own_edit":
            known[key] = first_href(page, server, "/proposals/mine?state=draft", r"/proposals/\d+") + "/edit"
        elif key == "pilot":
            known[key] = resolve(page, server, "{own_proposal}", known) + "/pilot"
        elif key == "evaluate":
            known[key] = _evaluation_page(page, server)
        else:
            listing, pattern = finders[key]
            known[key] = first_href(page, server, listing, pattern)
    return known[key]


def _evaluation_page(page: Any, server: dict[str, Any]) -> str:
    """An evaluation form assigned to the signed-in evaluator (the proposal page links it)."""
    page.goto(server["base"] + "/proposals?state=evaluating")
    numbers = page.eval_on_selector_all(
        "a[href^='/proposals/']",
        "ls => ls.map(a => a.getAttribute('href')).filter(h => /^\\/proposals\\/\\d+$/.test(h))",
    )
    for href in numbers:
        response = page.goto(server["base"] + href + "/evaluate")
        if response.status == 200 and page.locator("main form").count():
            return f"{href}/evaluate"
    raise AssertionError("the evaluator has no evaluation to fill in")


def audit(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return list(results.response["violations"])


def assign_evaluation(browser: Any, server: dict[str, Any]) -> None:
    """The chair accepts a submitted proposal into evaluation with evaluator2, so an open scorecard exists."""
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "chair")
    page.goto(server["base"] + first_href(page, server, "/proposals?state=submitted", r"/proposals/\d+"))
    page.check("input[name=decision][value=accept]")
    page.check("label:has-text('Eli Evaluator') input[name=evaluators]")
    page.click("form[action$='/triage'] button[type=submit]")
    page.wait_for_load_state()
    assert "Accepted into evaluation" in page.content()
    context.close()


def test_every_page_type_has_no_serious_or_critical_violation(own_server: dict[str, Any], browser: Any) -> None:
    server = own_server
    assign_evaluation(browser, server)
    report: list[dict[str, Any]] = []
    known: dict[str, str] = {}
    unlinked: list[str] = []
    for role, paths in VISITS:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        if role:
            sign_in(page, server, role)
        for raw in paths:
            path = resolve(page, server, raw, known)
            page.goto(server["base"] + path)
            page.wait_for_load_state("networkidle")
            report.extend(_entries(role, path, audit(page)))
        for form_role, path, button in INVALID_FORMS:
            if form_role != role:
                continue
            path = resolve(page, server, path, known)
            page.goto(server["base"] + path)
            page.click(button)
            page.wait_for_load_state("networkidle")
            report.extend(_entries(role, f"{path} (errors)", audit(page)))
            unlinked.extend(_unlinked_errors(page, path))
        context.close()
    by_impact = Counter(entry["impact"] for entry in report)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe-report.json").write_text(
        json.dumps({"by_impact": by_impact, "violations": report}, indent=2), encoding="utf-8"
    )
    print(f"axe: {len(report)} violations {dict(by_impact)}")
    blocking = [entry for entry in report if entry["impact"] in BLOCKING]
    assert not blocking, "\n".join(
        f"{e['role'] or 'anonymous'} {e['path']}: {e['impact']} {e['id']} ({e['nodes']} nodes) {e['targets']}"
        for e in blocking
    )
    assert not unlinked, "\n".join(unlinked)


def _entries(role: str | None, path: str, violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "role": role,
            "path": path,
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": len(violation["nodes"]),
            "targets": [node["target"] for node in violation["nodes"][:5]],
        }
        for violation in violations
    ]


def _unlinked_errors(page: Any, path: str) -> list[str]:
    """Field errors that a screen reader cannot reach from their field: each shown error needs an id named by
    exactly one field's aria-describedby, and that field is aria-invalid. A form-level error (login's, which
    must not say which field was wrong) is an alert the fields point at."""
    problems = []
    shown = page.locator("p.error, .field-error")
    ids = page.eval_on_selector_all("p.error, .field-error", "ps => ps.map(p => p.id)")
    if shown.count() == 0 and page.locator("[role=alert]").count() == 0:
        problems.append(f"{path}: the invalid form shows no error")
    for error_id in ids:
        if not error_id:
            problems.append(f"{path}: an error message has no id, so no field can point at it")
            continue
        field = page.locator(f"[aria-describedby~='{error_id}']")
        if field.count() != 1:
            problems.append(f"{path}: {field.count()} fields point at #{error_id}")
        elif field.get_attribute("aria-invalid") != "true":
            problems.append(f"{path}: the field of #{error_id} is not aria-invalid")
    return problems
