"""Correctable pilots: the proposer edits and deletes metrics and observations until the ballot freezes the
verdict; each change is audited with old and new values; a baseline after the pilot's start is a field error;
the pilot page says why a pilot does not apply yet and what comes next."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar.testing import TestClient

from evaluations.tables import Proposal
from radar.tables import AuditEvent
from tests.web.test_proposal_pages import _as, _create, _evaluating, _people, _post

PILOT = "/proposals/1/pilot"
METRIC = {
    "name": "Lead time",
    "unit": "days",
    "category": "delivery",
    "direction": "lower",
    "baseline": "10",
    "baseline_captured_on": "2026-02-20",
    "target": "5",
    "guardrail": "",
    "minimum_window_days": "14",
    "must_pass": "on",
}


def _plan(client: TestClient[Any]) -> int:
    _evaluating(client)
    _as(client, "ada")
    assert _post(client, PILOT, {"starts_on": "2026-03-01", "ends_on": "2026-05-31"}).status_code == 303
    assert _post(client, f"{PILOT}/metrics", METRIC, PILOT).status_code == 303
    return int(client.get("/api/proposals/1/pilot").json()["metrics"][0]["id"])


def test_a_baseline_dated_after_the_pilot_start_is_a_field_error(client: TestClient[Any]) -> None:
    metric_id = _plan(client)
    late = _post(client, f"{PILOT}/metrics", {**METRIC, "name": "Defects", "baseline_captured_on": "2026-03-02"}, PILOT)
    assert late.status_code == 400
    assert 'id="f-baseline_captured_on-error"' in late.text
    assert "on or before the pilot starts (2026-03-01)" in late.text
    assert 'value="Defects"' in late.text  # the input is kept
    assert len(client.get("/api/proposals/1/pilot").json()["metrics"]) == 1
    corrected = _post(
        client, f"{PILOT}/metrics/{metric_id}/edit", {**METRIC, "baseline_captured_on": "2026-04-01"}, PILOT
    )
    assert corrected.status_code == 400
    assert "on or before the pilot starts" in corrected.text
    # a start before the baseline
    moved = _post(client, PILOT, {"starts_on": "2026-02-01", "ends_on": "2026-05-31"}, PILOT)
    assert moved.status_code == 400
    assert "The baseline of Lead time was captured after this date" in moved.text


def test_the_proposer_corrects_and_deletes_with_an_audited_history(client: TestClient[Any]) -> None:
    metric_id = _plan(client)
    obs = {"value": "4", "window_start": "2026-03-01", "window_end": "2026-03-28", "sample_size": "20"}
    assert _post(client, f"{PILOT}/metrics/{metric_id}/observations", obs, PILOT).status_code == 303
    pilot = client.get("/api/proposals/1/pilot").json()
    assert pilot["verdict"] == "PASS"
    observation_id = pilot["metrics"][0]["observations"][0]["id"]
    typo = _post(client, f"{PILOT}/observations/{observation_id}/edit", {**obs, "value": "7 days"}, PILOT)
    assert typo.status_code == 400
    assert "Enter a number." in typo.text
    assert 'value="7 days"' in typo.text  # the input is kept
    assert client.get("/api/proposals/1/pilot").json()["metrics"][0]["observations"][0]["value"] == 4
    fixed = _post(client, f"{PILOT}/observations/{observation_id}/edit", {**obs, "value": "7"}, PILOT)
    assert fixed.status_code == 303
    assert client.get("/api/proposals/1/pilot").json()["verdict"] == "CONDITIONAL"  # 7 beats 10, misses 5
    assert _post(client, f"{PILOT}/metrics/{metric_id}/edit", {**METRIC, "target": "8"}, PILOT).status_code == 303
    assert client.get("/api/proposals/1/pilot").json()["verdict"] == "PASS"
    page = client.get(PILOT)
    assert 'id="pilot-history"' in page.text
    assert "Observation corrected" in page.text
    assert "<del>4</del> → <ins>7</ins>" in page.text
    assert "<del>5</del> → <ins>8</ins>" in page.text
    events = asyncio.run(
        AuditEvent.select(AuditEvent.action, AuditEvent.detail)
        .where(AuditEvent.action.like("pilot.%"))
        .output(load_json=True)
        .run()
    )
    edit = next(e for e in events if e["action"] == "pilot.observation.edit")
    assert edit["detail"]["changes"] == {"value": ["4", "7"]}
    assert _post(client, f"{PILOT}/observations/{observation_id}/delete", {}, PILOT).status_code == 303
    assert client.get("/api/proposals/1/pilot").json()["metrics"][0]["observations"] == []
    assert _post(client, f"{PILOT}/metrics/{metric_id}/delete", {}, PILOT).status_code == 303
    assert client.get("/api/proposals/1/pilot").json()["metrics"] == []
    assert "Metric deleted" in client.get(PILOT).text
    _as(client, "evan")  # nobody else corrects the pilot
    assert _post(client, f"{PILOT}/metrics/{metric_id}/delete", {}, "/proposals/1").status_code in (403, 404)


def test_the_verdict_is_final_once_the_ballot_opens(client: TestClient[Any]) -> None:
    metric_id = _plan(client)
    asyncio.run(Proposal.update({Proposal.state: "voting"}).where(Proposal.number == 1).run())
    refused = _post(client, f"{PILOT}/metrics/{metric_id}/edit", {**METRIC, "target": "8"}, PILOT)
    assert refused.status_code == 403
    page = client.get(PILOT)
    assert "Correct this metric" not in page.text
    assert "so the pilot can no longer be corrected" in page.text


def test_pilot_page_of_a_submitted_proposal_says_what_comes_next(client: TestClient[Any]) -> None:
    _people()
    _as(client, "ada")
    _create(client, action="submit")
    page = client.get(PILOT)
    assert page.status_code == 200
    assert "No pilot yet: this proposal is Submitted" in page.text
    assert "next, the chair triages it and accepts it for evaluation" in page.text
