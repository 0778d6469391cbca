"""Proposal pages end to end through the test client: forms, workflow, blind scoring, pilots, framework."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import plotly.graph_objects as go
from litestar.testing import TestClient

from evaluations.tables import Evaluation, Proposal
from radar.tables import AuditEvent
from tests.conftest import csrf_token, login, make_user
from tests.factories import make_radar

PASSWORD = "correct-horse-battery"
BLIPS = [("Kafka", "platforms", "adopt"), ("Kotlin", "languages", "trial"), ("Jenkins", "tools", "hold")]
CASE = {
    "summary": "Durable workflows for lending",
    "context": "Loans take **days**.\n\n<script>alert(1)</script>",
    "options": "- Status quo: sagas\n- Temporal",
    "scope": "Lending",
    "exit_considerations": "Drain workflows, then stop.",
    "links": "Docs https://temporal.io/docs",
    "tags": "workflow, lending",
}


def _people() -> dict[str, int]:
    make_radar(BLIPS)
    return {
        "ada": make_user("ada", ["architect"]),
        "chris": make_user("chris", ["chair", "board"]),
        "evan": make_user("evan", ["evaluator"]),
        "eli": make_user("eli", ["evaluator"]),
        "bo": make_user("bo", ["board"]),
    }


def _as(client: TestClient[Any], username: str) -> None:
    client.cookies.clear()
    assert login(client, username, PASSWORD).status_code == 303


def _post(client: TestClient[Any], path: str, data: dict[str, Any], form_page: str | None = None) -> Any:
    token = csrf_token(client, form_page or path)
    return client.post(path, data={**data, "_csrf_token": token}, follow_redirects=False)


def _create(client: TestClient[Any], action: str = "save", **overrides: str) -> Any:
    data = {"blip": "", "technology_name": "Temporal", "quadrant": "platforms", "target_ring": "assess", **CASE}
    data.update(overrides)
    return _post(client, "/proposals/new", {**data, "action": action})


def _state(number: int) -> str:
    row = asyncio.run(Proposal.select(Proposal.state).where(Proposal.number == number).first().run())
    assert row
    return str(row["state"])


def test_architect_saves_a_draft_edits_and_submits(client: TestClient[Any]) -> None:
    _people()
    _as(client, "ada")
    response = _create(client)
    assert response.status_code == 303
    assert response.headers["location"] == "/proposals/1"
    page = client.get("/proposals/1")
    assert "Draft" in page.text
    assert "<strong>days</strong>" in page.text
    assert "<script>alert" not in page.text  # sanitised
    edit = _post(
        client,
        "/proposals/1/edit",
        {
            **CASE,
            "technology_name": "Temporal.io",
            "quadrant": "platforms",
            "target_ring": "assess",
            "blip": "",
            "action": "save",
        },
    )
    assert edit.status_code == 303
    assert _post(client, "/proposals/1/submit", {}, "/proposals/1").status_code == 303
    assert _state(1) == "submitted"
    assert "Temporal.io" in client.get("/proposals/mine").text
    # a submitted proposal can no longer be edited
    refused = _post(client, "/proposals/1/edit", {**CASE, "action": "save"}, "/proposals/new")
    assert refused.status_code == 303
    assert "can no longer be edited" in client.get("/proposals/1").text


def test_bad_input_is_marked_next_to_each_field_with_the_input_kept_and_nothing_saved(client: TestClient[Any]) -> None:
    _people()
    _as(client, "ada")
    response = _create(
        client, action="submit", technology_name="", options="- Temporal only", links="not a link", quadrant=""
    )
    assert response.status_code == 400
    for field in ("technology_name", "options", "links", "quadrant"):
        assert f'id="f-{field}-error"' in response.text, field
    assert "- Temporal only" in response.text
    assert "Durable workflows for lending" in response.text
    assert asyncio.run(Proposal.count().run()) == 0


def test_did_you_mean_and_existing_blip(client: TestClient[Any]) -> None:
    _people()
    _as(client, "ada")
    same = _create(client, technology_name="kafka")
    assert same.status_code == 400
    assert "Kafka is already on the radar in Adopt" in same.text
    close = _create(client, technology_name="Kotlinn")
    assert close.status_code == 400
    assert "Did you mean Kotlin?" in close.text
    assert _create(client, technology_name="Kotlinn", confirm_new="on").status_code == 303


def test_ring_change_offers_only_allowed_moves(client: TestClient[Any]) -> None:
    _people()
    _as(client, "ada")
    page = client.get("/proposals/new?blip=kotlin")
    options = re.findall(r'<option value="(\w+)"[^>]*>\w+ — (\w+)</option>', page.text.split('id="f-target_ring"')[1])
    assert options[:3] == [("adopt", "promote"), ("assess", "demote"), ("hold", "hold")]
    bad = _create(client, blip="kotlin", target_ring="retired")
    assert bad.status_code == 400
    assert "A move from Trial to Retired is not allowed" in bad.text
    assert _create(client, blip="jenkins", target_ring="retired").status_code == 303
    proposal = client.get("/api/proposals/1").json()
    assert (proposal["kind"], proposal["current_ring"], proposal["target_ring"]) == ("retire", "hold", "retired")


def test_preview_renders_sanitised_markdown_without_saving(client: TestClient[Any]) -> None:
    _people()
    _as(client, "ada")
    response = _create(client, action="preview")
    assert response.status_code == 200
    assert "<strong>days</strong>" in response.text
    assert "&lt;script&gt;" in response.text  # the raw input is kept, escaped
    assert asyncio.run(Proposal.count().run()) == 0


def test_chair_triage_needs_info_answer_and_resubmit_then_accept(client: TestClient[Any]) -> None:
    people = _people()
    _as(client, "ada")
    _create(client, action="submit")
    _as(client, "chris")
    empty = _post(client, "/proposals/1/triage", {"decision": "needs_info", "question": ""}, "/proposals/1")
    assert empty.status_code == 400
    assert "Ask the question" in empty.text
    asked = _post(
        client, "/proposals/1/triage", {"decision": "needs_info", "question": "What does it cost?"}, "/proposals/1"
    )
    assert asked.status_code == 303
    assert _state(1) == "needs_info"
    _as(client, "ada")
    assert "What does it cost?" in client.get("/proposals/1").text
    missing = _post(client, "/proposals/1/submit", {"answer": ""}, "/proposals/1")
    assert missing.status_code == 400
    assert "Answer the chair" in missing.text
    assert _post(client, "/proposals/1/submit", {"answer": "About 2k a month."}, "/proposals/1").status_code == 303
    assert _state(1) == "submitted"
    _as(client, "chris")
    proposer = _post(
        client, "/proposals/1/triage", {"decision": "accept", "evaluators": [str(people["ada"])]}, "/proposals/1"
    )
    assert proposer.status_code == 400
    accept = _post(
        client,
        "/proposals/1/triage",
        {"decision": "accept", "evaluators": [str(people["evan"]), str(people["eli"])]},
        "/proposals/1",
    )
    assert accept.status_code == 303
    assert _state(1) == "evaluating"
    # a refused transition says why
    again = _post(client, "/proposals/1/triage", {"decision": "decline", "reason": "no"}, "/proposals/1")
    assert again.status_code == 303
    assert "cannot be declined; it must be Submitted" in client.get("/proposals/1").text
    actions = [row["action"] for row in asyncio.run(AuditEvent.select(AuditEvent.action).run())]
    assert actions.count("proposal.submit") == 2
    assert "proposal.ask_for_info" in actions
    assert "proposal.accept" in actions


def test_decline_with_reason_and_withdraw(client: TestClient[Any]) -> None:
    _people()
    _as(client, "ada")
    _create(client, action="submit")
    _create(client, action="submit", technology_name="Valkey")
    _as(client, "chris")
    assert (
        _post(client, "/proposals/1/triage", {"decision": "decline", "reason": "Duplicate"}, "/proposals/1").status_code
        == 303
    )
    assert "Duplicate" in client.get("/proposals/1").text
    assert _post(client, "/proposals/2/withdraw", {}, "/proposals/2").status_code == 403  # only the proposer
    _as(client, "ada")
    assert _post(client, "/proposals/2/withdraw", {}, "/proposals/2").status_code == 303
    assert _state(2) == "withdrawn"


def _score_form(score: int, evidence: str = "https://example.com/evidence") -> dict[str, str]:
    form = {f"gate_{gate}": "pass" for gate in ("licence", "security", "compliance", "supported")}
    for key in ("strategic_fit", "cost", "lock_in", "learning_curve", "maturity", "security_operability"):
        form.update(
            {
                f"score_{key}": str(score),
                f"confidence_{key}": "high",
                f"rationale_{key}": "Because",
                f"evidence_{key}": evidence,
            }
        )
    return form


def _evaluating(client: TestClient[Any]) -> dict[str, int]:
    people = _people()
    _as(client, "ada")
    _create(client, action="submit")
    _as(client, "chris")
    _post(
        client,
        "/proposals/1/triage",
        {"decision": "accept", "evaluators": [str(people["evan"]), str(people["eli"])]},
        "/proposals/1",
    )
    return people


def test_blind_scoring_aggregate_and_spider_chart(client: TestClient[Any]) -> None:
    _evaluating(client)
    _as(client, "evan")
    missing = _post(client, "/proposals/1/evaluate", {**_score_form(5, evidence="")})
    assert missing.status_code == 400
    assert "needs an evidence link" in missing.text
    assert ">Because</textarea>" in missing.text  # the input is kept
    assert asyncio.run(Evaluation.count().run()) == 0
    assert _post(client, "/proposals/1/evaluate", _score_form(2)).status_code == 303
    own = client.get("/proposals/1")
    assert 'id="aggregate-table"' in own.text  # having submitted, evan sees the scores in so far
    assert "insufficient" in own.text
    _as(client, "eli")
    blind = client.get("/proposals/1")
    assert "Scores are blind" in blind.text
    assert 'id="aggregate-table"' not in blind.text
    assert client.get("/api/proposals/1/aggregate").status_code == 403
    assert client.get("/api/proposals/1/evaluations").json() == []
    assert _post(client, "/proposals/1/evaluate", _score_form(5)).status_code == 303
    seen = client.get("/proposals/1")
    assert 'id="aggregate-table"' in seen.text
    assert "disagreement" in seen.text
    figure = json.loads(re.search(r'id="spider-figure">(.*?)</script>', seen.text, re.S).group(1))  # type: ignore[union-attr]
    go.Figure(figure)
    assert [trace["name"] for trace in figure["data"]] == ["Eli", "Evan", "Mean"]
    # chair and proposer see the aggregate only once scoring closes
    _as(client, "chris")
    assert 'id="aggregate-table"' not in client.get("/proposals/1").text
    assert _post(client, "/proposals/1/close-scoring", {}, "/proposals/1").status_code == 303
    _as(client, "ada")
    aggregate = client.get("/api/proposals/1/aggregate").json()
    assert aggregate["score"] == 62.5
    assert aggregate["band"] == "conditional"
    assert aggregate["criteria"][0]["flags"] == ["disagreement"]
    assert len(client.get("/api/proposals/1/evaluations").json()) == 2


def test_failed_gate_stops_the_scorecard_and_is_recorded(client: TestClient[Any]) -> None:
    _evaluating(client)
    _as(client, "evan")
    form = {"gate_licence": "fail", "gate_security": "pass", "gate_compliance": "pass", "gate_supported": "pass"}
    assert _post(client, "/proposals/1/evaluate", form).status_code == 303
    own = client.get("/api/proposals/1/evaluations").json()
    assert own[0]["failed_gate"] == "licence"
    assert own[0]["scores"] == []


def test_recusal_proposer_and_declared_conflict(client: TestClient[Any]) -> None:
    people = _evaluating(client)
    _as(client, "evan")
    assert _post(client, "/proposals/1/conflict", {"conflict_reason": ""}, "/proposals/1").status_code == 400
    assert (
        _post(client, "/proposals/1/conflict", {"conflict_reason": "I work for the vendor"}, "/proposals/1").status_code
        == 303
    )
    assert client.get("/proposals/1/evaluate").status_code == 403
    assert _post(client, "/proposals/1/evaluate", _score_form(3), "/proposals/1").status_code == 403
    assert "I work for the vendor" in client.get("/proposals/1").text
    _as(client, "bo")  # a board member not assigned
    assert client.get("/proposals/1/evaluate").status_code == 403
    assert people["ada"] not in client.get("/api/proposals/1").json()["evaluators"]


def test_pilot_metrics_observations_and_verdict(client: TestClient[Any]) -> None:
    _evaluating(client)
    _as(client, "ada")
    bad = _post(
        client, "/proposals/1/pilot", {"starts_on": "2026-03-01", "ends_on": "2026-02-01"}, "/proposals/1/pilot"
    )
    assert bad.status_code == 400
    assert "must end after it starts" in bad.text
    assert (
        _post(
            client, "/proposals/1/pilot", {"starts_on": "2026-03-01", "ends_on": "2026-05-31"}, "/proposals/1/pilot"
        ).status_code
        == 303
    )
    metric = {
        "name": "Lead time",
        "unit": "days",
        "category": "delivery",
        "direction": "lower",
        "baseline": "10",
        "target": "5",
        "guardrail": "",
        "minimum_window_days": "14",
        "must_pass": "on",
    }
    bad_metric = _post(client, "/proposals/1/pilot/metrics", {**metric, "target": "soon"}, "/proposals/1/pilot")
    assert bad_metric.status_code == 400
    assert "Enter a number." in bad_metric.text
    assert 'value="Lead time"' in bad_metric.text
    assert _post(client, "/proposals/1/pilot/metrics", metric, "/proposals/1/pilot").status_code == 303
    api = client.get("/api/proposals/1/pilot").json()
    assert api["verdict"] == "INCONCLUSIVE"
    metric_id = api["metrics"][0]["id"]
    obs = {"value": "4", "window_start": "2026-03-01", "window_end": "2026-03-07", "sample_size": "20"}
    path = f"/proposals/1/pilot/metrics/{metric_id}/observations"
    assert _post(client, path, obs, "/proposals/1/pilot").status_code == 303
    short = client.get("/api/proposals/1/pilot").json()
    assert short["metrics"][0]["status"] == "INVALID"
    assert "7 days" in short["metrics"][0]["reason"]
    assert _post(client, path, {**obs, "window_end": "2026-03-28"}, "/proposals/1/pilot").status_code == 303
    assert client.get("/api/proposals/1/pilot").json()["verdict"] == "PASS"
    page = client.get("/proposals/1/pilot")
    assert 'id="pilot-verdict">PASS<' in page.text
    figure = json.loads(re.search(r'id="metric-figure-\d+">(.*?)</script>', page.text, re.S).group(1))  # type: ignore[union-attr]
    go.Figure(figure)
    _as(client, "evan")  # only the proposer owns the pilot
    assert (
        _post(
            client, "/proposals/1/pilot", {"starts_on": "2026-03-01", "ends_on": "2026-05-31"}, "/proposals/1"
        ).status_code
        == 403
    )


def test_framework_edit_creates_a_version_and_refuses_bad_weights(client: TestClient[Any]) -> None:
    _people()
    _as(client, "chris")
    page = client.get("/admin/framework")
    assert "Strategic fit" in page.text
    form: dict[str, str] = {}
    for key, value in re.findall(r'name="((?:gate|criterion)_[a-z_0-9]+)" value="([^"]*)"', page.text):
        form[key] = value
    for key, value in re.findall(r'name="(criterion_anchor_[15]_\d+)" rows="2">([^<]*)</textarea>', page.text):
        form[key] = value
    bad = _post(client, "/admin/framework", {**form, "criterion_weight_0": "0.30", "note": "More strategy"})
    assert bad.status_code == 400
    assert "The weights must sum to 1; they sum to 1.050." in bad.text
    assert 'value="0.3"' in bad.text
    ok = _post(
        client,
        "/admin/framework",
        {**form, "criterion_weight_0": "0.30", "criterion_weight_1": "0.15", "note": "More strategy"},
    )
    assert ok.status_code == 303
    versions = client.get("/api/framework/versions").json()
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["criteria"][0]["weight"] == 0.3
    assert client.get("/api/framework/versions/1").json()["criteria"][0]["weight"] == 0.25


def test_list_filters_and_drafts_are_private(client: TestClient[Any]) -> None:
    _people()
    _as(client, "ada")
    _create(client)  # draft
    _create(client, action="submit", technology_name="Valkey", quadrant="tools")
    _as(client, "evan")
    listing = client.get("/proposals")
    assert "Valkey" in listing.text
    assert "Temporal" not in listing.text
    assert client.get("/proposals/1").status_code == 404
    assert client.get("/api/proposals/1").status_code == 404
    assert "Valkey" not in client.get("/proposals?quadrant=platforms").text
    assert "Valkey" in client.get("/proposals?state=submitted&owner=ada").text
    assert "Valkey" not in client.get("/proposals?state=draft").text
    assert [p["technology_name"] for p in client.get("/api/proposals?state=submitted").json()] == ["Valkey"]


def test_the_api_is_documented_in_the_openapi_schema(client: TestClient[Any]) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    for path in (
        "/api/proposals",
        "/api/proposals/{number}",
        "/api/proposals/{number}/evaluations",
        "/api/proposals/{number}/aggregate",
        "/api/proposals/{number}/pilot",
        "/api/framework/versions",
        "/api/framework/versions/{version}",
    ):
        assert path in paths, path
    assert not any(path.startswith("/proposals") for path in paths)  # HTML pages stay out of the schema


def test_resubmitting_from_the_edit_form_needs_the_answer_and_saves_nothing_without_it(
    client: TestClient[Any],
) -> None:
    _people()
    _as(client, "ada")
    _create(client, action="submit")
    _as(client, "chris")
    _post(client, "/proposals/1/triage", {"decision": "needs_info", "question": "Cost?"}, "/proposals/1")
    _as(client, "ada")
    form = {**CASE, "blip": "", "technology_name": "Temporal", "quadrant": "platforms", "target_ring": "assess"}
    refused = _post(client, "/proposals/1/edit", {**form, "summary": "Changed", "action": "submit"})
    assert refused.status_code == 400
    assert 'id="f-answer-error"' in refused.text
    assert 'value="Changed"' in refused.text
    assert client.get("/api/proposals/1").json()["summary"] == CASE["summary"]
    done = _post(client, "/proposals/1/edit", {**form, "summary": "Changed", "answer": "2k", "action": "submit"})
    assert done.status_code == 303
    proposal = client.get("/api/proposals/1").json()
    assert (proposal["state"], proposal["summary"], proposal["answer"]) == ("submitted", "Changed", "2k")
