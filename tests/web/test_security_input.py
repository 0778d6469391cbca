"""Hostile input gets a 4xx, never a 500 and never a half-written or mangled row: ids out of range, deep JSON,
non-finite and huge numbers, NUL bytes, invalid UTF-8, duplicated fields, oversized bodies."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from litestar.testing import TestClient

from evaluations import pilot_records
from evaluations.tables import FrameworkVersion, Observation, PilotMetric, Proposal
from radar.errors import ValidationFailed
from radar.tables import Quadrant, Ring
from tests.conftest import csrf_token
from tests.web.test_proposal_pages import _as, _create, _evaluating, _people, _post
from web.app import create_app
from web.settings import load_settings

HUGE_IDS = ("9223372036854775808", "2147483648", "99999999999999999999999")


def _int_routes() -> list[str]:
    """Every GET route with an integer path parameter, whatever other parameters it has."""
    app = create_app(load_settings())
    paths = set()
    for route in app.routes:
        methods = {method for handler in getattr(route, "route_handlers", []) for method in handler.http_methods}
        if "GET" in methods and ":int}" in route.path:
            paths.add(route.path)
    return sorted(paths)


INT_ROUTES = _int_routes()


def _json_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    return body


def test_every_integer_route_is_checked() -> None:
    assert len(INT_ROUTES) >= 10
    assert "/api/ballots/{ballot_id:int}" in INT_ROUTES
    assert "/proposals/{number:int}" in INT_ROUTES


@pytest.mark.parametrize("path", INT_ROUTES)
def test_ids_out_of_range_are_not_found(client: TestClient[Any], path: str) -> None:
    _people()
    _as(client, "chris")  # the chair reaches every page
    for huge in HUGE_IDS:
        url = re.sub(r"\{[a-z_]+:int\}", huge, path)
        url = re.sub(r"\{[a-z_]+:str\}", "x", url)
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 404, (url, response.status_code)
        if url.startswith("/api/"):
            _json_problem(response, 404)
        assert "content-security-policy" in response.headers


def test_a_deeply_nested_vote_is_refused(client: TestClient[Any]) -> None:
    _people()
    _as(client, "bo")
    token = csrf_token(client, "/board")
    deep = b"[" * 1000 + b"]" * 1000
    response = client.put(
        "/api/ballots/1/vote", content=deep, headers={"content-type": "application/json", "x-csrftoken": token}
    )
    body = _json_problem(response, 400)
    assert "nests deeper" in body["detail"]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b'{"choice": "yes", "comment": NaN}', "finite"),
        (b'{"choice": "yes", "comment": 1e999}', "finite"),
        (b'{"choice": "yes", "comment": 100000000000000000000000}', "out of range"),
        (b'{"choice": "yes", "comment": "a\\u0000b"}', "NUL"),
        (b'{"choice": "yes", "comment": "caf\xe9"}', "UTF-8"),
        (b'{"choice": "yes", ', "not valid JSON"),
    ],
)
def test_json_bodies_are_checked_before_any_handler(client: TestClient[Any], payload: bytes, reason: str) -> None:
    _people()
    _as(client, "bo")
    token = csrf_token(client, "/board")
    response = client.put(
        "/api/ballots/1/vote", content=payload, headers={"content-type": "application/json", "x-csrftoken": token}
    )
    assert reason in _json_problem(response, 400)["detail"]


def _raw_form(client: TestClient[Any], path: str, form_page: str, fields: bytes) -> Any:
    token = csrf_token(client, form_page)
    return client.post(
        path,
        content=fields + b"&_csrf_token=" + token.encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )


@pytest.mark.parametrize(
    ("summary", "reason"),
    [(b"Durable%00workflows", "NUL character"), (b"Caf%E9+workflows", "not valid UTF-8"), (b"ok%C3", "UTF-8")],
)
def test_nul_bytes_and_invalid_utf8_in_forms_are_refused(client: TestClient[Any], summary: bytes, reason: str) -> None:
    _people()
    _as(client, "ada")
    fields = (
        b"blip=&technology_name=Temporal&quadrant=platforms&target_ring=assess&action=save&context=Why&summary="
        + summary
    )
    response = _raw_form(client, "/proposals/new", "/proposals/new", fields)
    assert response.status_code == 400
    assert reason in response.text
    assert "content-security-policy" in response.headers
    assert asyncio.run(Proposal.count().run()) == 0


def test_valid_utf8_still_arrives_intact(client: TestClient[Any]) -> None:
    _people()
    _as(client, "ada")
    assert _create(client, summary="Café für Ünïcode — 数据").status_code == 303
    row = asyncio.run(Proposal.select(Proposal.summary).first().run())
    assert row is not None
    assert row["summary"] == "Café für Ünïcode — 数据"


def _pilot_with_metric(client: TestClient[Any]) -> str:
    _evaluating(client)
    _as(client, "ada")
    _post(client, "/proposals/1/pilot", {"starts_on": "2026-03-01", "ends_on": "2026-05-31"}, "/proposals/1/pilot")
    metric = {
        "name": "Lead time",
        "unit": "days",
        "category": "delivery",
        "direction": "lower",
        "baseline": "10",
        "target": "5",
        "minimum_window_days": "14",
        "must_pass": "on",
    }
    assert _post(client, "/proposals/1/pilot/metrics", metric, "/proposals/1/pilot").status_code == 303
    metric_id = asyncio.run(PilotMetric.select(PilotMetric.id).first().run())["id"]  # type: ignore[index]
    return f"/proposals/1/pilot/metrics/{metric_id}/observations"


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity", "1e999", "1e300"])
def test_observations_must_be_finite_numbers(client: TestClient[Any], value: str) -> None:
    path = _pilot_with_metric(client)
    obs = {"value": value, "window_start": "2026-03-01", "window_end": "2026-03-28", "sample_size": "20"}
    refused = _post(client, path, obs, "/proposals/1/pilot")
    assert refused.status_code == 400
    assert "Enter a number." in refused.text
    assert f'value="{value}"' in refused.text  # the input is kept
    assert asyncio.run(Observation.count().run()) == 0
    assert _post(client, path, {**obs, "value": "4"}, "/proposals/1/pilot").status_code == 303
    page = client.get("/proposals/1/pilot")
    assert page.status_code == 200
    figure = re.search(r'id="metric-figure-\d+">(.*?)</script>', page.text, re.S)
    assert figure
    json.loads(figure.group(1))  # strict JSON: no NaN or Infinity for the browser to choke on


def test_the_pilot_chart_survives_a_non_finite_value_stored_earlier(client: TestClient[Any]) -> None:
    path = _pilot_with_metric(client)
    obs = {"value": "4", "window_start": "2026-03-01", "window_end": "2026-03-28", "sample_size": "20"}
    assert _post(client, path, obs, "/proposals/1/pilot").status_code == 303
    asyncio.run(Observation.update({Observation.value: float("inf")}, force=True).run())
    page = client.get("/proposals/1/pilot")
    assert page.status_code == 200
    figure = re.search(r'id="metric-figure-\d+">(.*?)</script>', page.text, re.S)
    assert figure
    assert json.loads(figure.group(1))["data"][0]["y"] == [None]
    assert client.get("/api/proposals/1/pilot").status_code in (200, 400)


def test_the_pilot_service_refuses_non_finite_values_whatever_the_caller() -> None:
    async def scenario() -> None:
        proposal: Any = type("P", (), {"proposer_id": 1, "ref": "P-0001", "id": 1})()
        await pilot_records.add_observation(proposal, 1, float("nan"), None, None, None, 1)

    with pytest.raises((ValidationFailed, Exception)):
        asyncio.run(scenario())
    assert pilot_records._not_finite({"value": float("inf"), "ok": 2.0}) == {
        "value": "Enter a finite number, like 12.5."
    }


@pytest.mark.parametrize("field", ["minimum_window_days"])
def test_huge_whole_numbers_in_pilot_forms_are_field_errors(client: TestClient[Any], field: str) -> None:
    _evaluating(client)
    _as(client, "ada")
    _post(client, "/proposals/1/pilot", {"starts_on": "2026-03-01", "ends_on": "2026-05-31"}, "/proposals/1/pilot")
    metric = {
        "name": "Lead time",
        "unit": "days",
        "category": "delivery",
        "direction": "lower",
        "baseline": "10",
        "target": "5",
        "minimum_window_days": "14",
        field: "100000000000000000000000",
    }
    response = _post(client, "/proposals/1/pilot/metrics", metric, "/proposals/1/pilot")
    assert response.status_code == 400
    assert "whole number" in response.text
    assert asyncio.run(PilotMetric.count().run()) == 0


def test_huge_sample_size_is_a_field_error(client: TestClient[Any]) -> None:
    path = _pilot_with_metric(client)
    obs = {"value": "4", "window_start": "2026-03-01", "window_end": "2026-03-28", "sample_size": "1" + "0" * 23}
    response = _post(client, path, obs, "/proposals/1/pilot")
    assert response.status_code == 400
    assert "sample size" in response.text
    assert asyncio.run(Observation.count().run()) == 0


def test_huge_ring_position_is_a_field_error(client: TestClient[Any]) -> None:
    _people()
    _as(client, "chris")
    ring = {"name": "Explore", "description": "Look", "position": "1" + "0" * 23, "colour": "#123456"}
    ring["review_after_months"] = "12"
    response = _post(client, "/admin/radar/ring", ring, "/admin/radar")
    assert response.status_code == 400
    assert "whole number" in response.text
    assert asyncio.run(Ring.count().where(Ring.name == "Explore").run()) == 0
    assert asyncio.run(Quadrant.count().run()) == 4


def _pairs(client: TestClient[Any], path: str, pairs: list[tuple[str, str]]) -> Any:
    return client.post(
        path,
        content=urlencode(pairs).encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )


def _framework_form(client: TestClient[Any]) -> dict[str, str]:
    page = client.get("/admin/framework")
    form: dict[str, str] = {}
    for key, value in re.findall(r'name="((?:gate|criterion)_[a-z_0-9]+)" value="([^"]*)"', page.text):
        form[key] = value
    for key, value in re.findall(r'name="(criterion_anchor_[15]_\d+)" rows="2">([^<]*)</textarea>', page.text):
        form[key] = value
    return form


def test_a_duplicated_framework_field_is_a_field_error_and_scoring_keeps_working(client: TestClient[Any]) -> None:
    _evaluating(client)
    _as(client, "chris")
    form = _framework_form(client)
    token = csrf_token(client, "/admin/framework")
    pairs = [*form.items(), ("gate_key_0", "second"), ("note", "Twice"), ("_csrf_token", token)]
    response = _pairs(client, "/admin/framework", pairs)
    assert response.status_code == 400
    assert "sent more than once" in response.text
    assert 'value="Strategic fit"' in response.text  # the input is kept
    versions = asyncio.run(FrameworkVersion.select(FrameworkVersion.version, FrameworkVersion.gates).run())
    assert all(isinstance(gate["key"], str) for row in versions for gate in json.loads(row["gates"]) if row["gates"])
    _as(client, "evan")
    assert client.get("/proposals/1/evaluate").status_code == 200


def test_any_form_refuses_a_duplicated_single_value_field(client: TestClient[Any]) -> None:
    _people()
    _as(client, "ada")
    token = csrf_token(client, "/proposals/new")
    pairs = [
        ("blip", ""),
        ("technology_name", "Temporal"),
        ("quadrant", "platforms"),
        ("target_ring", "assess"),
        ("summary", "one"),
        ("summary", "two"),
        ("action", "save"),
        ("_csrf_token", token),
    ]
    response = _pairs(client, "/proposals/new", pairs)
    assert response.status_code == 400
    assert "summary" in response.text
    assert asyncio.run(Proposal.count().run()) == 0


def test_checkbox_groups_may_repeat(client: TestClient[Any]) -> None:
    people = _evaluating(client)  # triage posts `evaluators` twice
    assert people
    assert asyncio.run(Proposal.select(Proposal.state).first().run())["state"] == "evaluating"  # type: ignore[index]


def test_an_oversized_body_gets_413_with_headers(client: TestClient[Any]) -> None:
    _people()
    _as(client, "bo")
    token = csrf_token(client, "/board")
    big = b'{"choice": "yes", "comment": "' + b"x" * 2_000_000 + b'"}'
    response = client.put(
        "/api/ballots/1/vote", content=big, headers={"content-type": "application/json", "x-csrftoken": token}
    )
    _json_problem(response, 413)
    assert response.headers["x-content-type-options"] == "nosniff"
    page = _raw_form(client, "/proposals/new", "/board", b"summary=" + b"x" * 2_000_000)
    assert page.status_code == 413
    assert "Request too large" in page.text
    assert "content-security-policy" in page.headers


def test_multipart_bodies_are_refused(client: TestClient[Any]) -> None:
    _people()
    _as(client, "ada")
    token = csrf_token(client, "/proposals/new")
    response = client.post(
        "/proposals/new",
        files={"summary": ("a.txt", b"caf\xe9")},
        data={"_csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 415
