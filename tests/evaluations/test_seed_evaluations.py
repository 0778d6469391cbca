"""The demo data covers every workflow state, a disagreement flag and one finished pilot per verdict."""

from __future__ import annotations

import asyncio
from typing import Any

from evaluations import pilot_records, scorecards, workflow
from evaluations.rules import STATE_LABELS
from evaluations.tables import Evaluation, Pilot, Proposal
from seed.loader import demo_password, load_demo_data
from tests.conftest import login
from web.settings import load_settings


async def _check() -> dict[str, Any]:
    rows = await Proposal.select(Proposal.number, Proposal.technology_name, Proposal.state).run()
    by_name = {row["technology_name"]: row["number"] for row in rows}
    verdicts = {}
    for name in ("Backstage", "k6", "GitHub Copilot", "Kotlin"):
        proposal = await workflow.get_proposal(by_name[name])
        pilot = await pilot_records.get_pilot(proposal)
        assert pilot is not None
        verdicts[name] = pilot.verdict.verdict
    temporal = await workflow.get_proposal(by_name["Temporal"])
    view = await scorecards.scoring_view(temporal, temporal.proposer_id)
    assert view.aggregate is not None
    comparison = await scorecards.replaced_scorecard(temporal)
    return {
        "states": {row["state"] for row in rows},
        "verdicts": verdicts,
        "flags": {row.key: row.flags for row in view.aggregate.criteria},
        "comparison": comparison.blip_name if comparison else None,
        "counts": (await Proposal.count().run(), await Evaluation.count().run(), await Pilot.count().run()),
    }


def test_demo_evaluations(seeded: Any) -> None:
    result = asyncio.run(_check())
    assert result["states"] == set(STATE_LABELS)
    assert result["verdicts"] == {
        "Backstage": "PASS",
        "k6": "CONDITIONAL",
        "GitHub Copilot": "FAIL",
        "Kotlin": "INCONCLUSIVE",
    }
    assert result["flags"]["cost"] == ("disagreement",)
    assert result["comparison"] == "MassTransit"
    again = asyncio.run(load_demo_data(load_settings().secret_key))
    assert again.summary() == "nothing new (the demo data was already there)"
    assert asyncio.run(_check())["counts"] == result["counts"]


def test_trial_to_adopt_pilot_requirement_is_shown(client: Any, seeded: Any) -> None:

    login(client, "chair", demo_password(load_settings().secret_key, "chair"))
    numbers = {p["technology_name"]: p["number"] for p in client.get("/api/proposals").json()}
    assert "Meets the Trial → Adopt requirement" in client.get(f"/proposals/{numbers['k6']}").text  # CONDITIONAL
    assert "Does not meet" in client.get(f"/proposals/{numbers['GitHub Copilot']}").text  # FAIL
