"""Every page and endpoint of proposals, evaluations, pilots and the framework, for each role: allowed and
refused. "proposer" is the architect who owns the proposals; "architect" is another architect."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest
from litestar.testing import TestClient

from evaluations import pilot_records, scorecards, workflow
from evaluations.tables import PilotMetric
from evaluations.workflow import ProposalInput
from tests.conftest import CSRF_INPUT, login, make_user
from tests.factories import make_radar

ROLES = ["anonymous", "viewer", "architect", "evaluator", "board", "chair", "proposer"]
SIGNED_IN = set(ROLES) - {"anonymous"}
CASE = ProposalInput(
    technology_name="Temporal",
    quadrant="platforms",
    target_ring="assess",
    summary="Workflows",
    context="Context",
    options="- Status quo\n- Temporal",
    exit_considerations="Drain.",
)

# (method, path, roles allowed). P1 is being evaluated with scoring open (the evaluator and the board member
# are assigned); P2 is being evaluated with scoring closed and has a pilot with one metric.
ROUTES: list[tuple[str, str, set[str]]] = [
    ("GET", "/proposals", SIGNED_IN),
    ("GET", "/proposals/mine", {"architect", "proposer"}),
    ("GET", "/proposals/new", {"architect", "proposer"}),
    ("GET", "/proposals/1", SIGNED_IN),
    ("GET", "/proposals/1/edit", {"proposer"}),
    ("GET", "/proposals/1/evaluate", {"evaluator", "board"}),
    ("GET", "/proposals/2/pilot", SIGNED_IN),
    ("GET", "/admin/framework", {"chair"}),
    ("GET", "/api/proposals", SIGNED_IN),
    ("GET", "/api/proposals/1", SIGNED_IN),
    ("GET", "/api/proposals/1/evaluations", SIGNED_IN),
    ("GET", "/api/proposals/2/aggregate", SIGNED_IN),
    ("GET", "/api/proposals/2/pilot", SIGNED_IN),
    ("GET", "/api/framework/versions", SIGNED_IN),
    ("GET", "/api/framework/versions/1", SIGNED_IN),
    ("POST", "/proposals/new", {"architect", "proposer"}),
    ("POST", "/proposals/1/edit", {"proposer"}),
    ("POST", "/proposals/1/submit", {"proposer"}),
    ("POST", "/proposals/1/triage", {"chair"}),
    ("POST", "/proposals/1/conflict", {"evaluator", "board"}),
    ("POST", "/proposals/1/evaluate", {"evaluator", "board"}),
    ("POST", "/proposals/2/pilot", {"proposer"}),
    ("POST", "/proposals/2/pilot/metrics", {"proposer"}),
    ("POST", "/proposals/2/pilot/metrics/{metric}/observations", {"proposer"}),
    ("POST", "/admin/framework", {"chair"}),
    ("POST", "/proposals/2/close-scoring", {"chair"}),
    ("POST", "/proposals/1/withdraw", {"proposer"}),
]


async def _setup(person: int | None, role: str, owner: int, evaluator: int) -> int:
    chair = owner  # the actor of the chair's steps does not matter here
    await scorecards.current_framework()
    for number in (1, 2):
        await workflow.create_proposal(
            ProposalInput(**{**CASE.__dict__, "technology_name": f"Tech {number}"}), owner, submit=True
        )
        evaluators = [person] if person and role in ("evaluator", "board") else [evaluator]
        await workflow.accept_proposal(number, evaluators, chair)
    await workflow.close_scoring(2, chair)
    p2 = await workflow.get_proposal(2)
    await pilot_records.save_pilot(p2, date(2026, 3, 1), date(2026, 5, 1), "", owner)
    await pilot_records.add_metric(
        p2,
        pilot_records.MetricInput("Lead time", "days", "delivery", "lower", 10, None, 5, None, None, True, 14),
        owner,
    )
    row = await PilotMetric.select(PilotMetric.id).first().run()
    assert row
    return int(row["id"])


@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_each_proposal_route(client: TestClient[Any], role: str) -> None:
    make_radar([("Kafka", "platforms", "adopt")])
    owner = make_user("owner", ["architect"])
    evaluator = make_user("other-evaluator", ["evaluator"])
    person = None
    if role == "proposer":
        login(client, "owner", "correct-horse-battery")
    elif role != "anonymous":
        person = make_user("person", [] if role == "viewer" else [role])
        login(client, "person", "correct-horse-battery")
    metric = asyncio.run(_setup(person, role, owner, evaluator))
    token_match = CSRF_INPUT.search(client.get("/login" if role == "anonymous" else "/proposals").text)
    assert token_match
    token = token_match.group(1)
    outcomes = []
    for method, path, allowed in ROUTES:
        path = path.format(metric=metric)
        if method == "GET":
            response = client.get(path, follow_redirects=False)
        else:
            response = client.post(path, data={"_csrf_token": token}, follow_redirects=False)
        status = response.status_code
        if role in allowed:
            ok = status in (200, 303, 400)
        elif role == "anonymous":
            ok = status in (302, 303, 307) if method == "GET" and not path.startswith("/api") else status == 401
        else:
            ok = status in (403, 404)
        outcomes.append((method, path, status, ok))
    assert [outcome for outcome in outcomes if not outcome[3]] == []
