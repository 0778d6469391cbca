"""The workflow services on the database: guarded transitions, one transaction each with its audit event."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from evaluations import scorecards, workflow
from evaluations.rules import TransitionRefused
from evaluations.scoring import ScoreInput
from evaluations.workflow import NotAllowed, ProposalInput
from radar.errors import ValidationFailed
from radar.tables import AuditEvent
from tests.conftest import make_user
from tests.factories import make_radar

CASE = ProposalInput(
    technology_name="Temporal",
    quadrant="platforms",
    target_ring="assess",
    summary="Workflows",
    context="Context",
    options="- Status quo\n- Temporal",
    exit_considerations="Drain.",
)


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def _audit_count() -> int:
    return int(run(AuditEvent.count().run()))


@pytest.fixture
def people() -> dict[str, int]:
    make_radar([("Kafka", "platforms", "adopt"), ("Jenkins", "tools", "hold")])
    return {
        "ada": make_user("ada", ["architect"]),
        "ben": make_user("ben", ["architect"]),
        "chris": make_user("chris", ["chair"]),
        "evan": make_user("evan", ["evaluator"]),
    }


def test_a_refused_transition_says_why_and_writes_nothing(people: dict[str, int]) -> None:
    number = run(workflow.create_proposal(CASE, people["ada"]))
    before = _audit_count()
    with pytest.raises(TransitionRefused, match="Draft cannot be accepted for evaluation; it must be Submitted"):
        run(workflow.accept_proposal(number, [people["evan"]], people["chris"]))
    with pytest.raises(NotAllowed, match="Only the proposer may withdraw"):
        run(workflow.withdraw_proposal(number, people["ben"]))
    assert _audit_count() == before
    assert run(workflow.get_proposal(number)).state == "draft"


def test_each_transition_records_its_audit_event(people: dict[str, int]) -> None:
    number = run(workflow.create_proposal(CASE, people["ada"], submit=True))
    run(workflow.ask_for_info(number, "Cost?", people["chris"]))
    run(workflow.submit_proposal(number, people["ada"], answer="Cheap."))
    run(workflow.accept_proposal(number, [people["evan"]], people["chris"]))
    run(workflow.close_scoring(number, people["chris"]))
    run(workflow.withdraw_proposal(number, people["ada"]))
    actions = [row["action"] for row in run(AuditEvent.select(AuditEvent.action).order_by(AuditEvent.id).run())]
    assert actions[-7:] == [
        "proposal.create",
        "proposal.submit",
        "proposal.ask_for_info",
        "proposal.submit",
        "proposal.accept",
        "proposal.close_scoring",
        "proposal.withdraw",
    ]
    with pytest.raises(TransitionRefused, match="Withdrawn cannot be withdrawn"):
        run(workflow.withdraw_proposal(number, people["ada"]))


def test_the_proposer_cannot_evaluate_and_an_open_duplicate_is_refused(people: dict[str, int]) -> None:
    number = run(workflow.create_proposal(CASE, people["ada"], submit=True))
    with pytest.raises(ValidationFailed) as refused:
        run(workflow.accept_proposal(number, [people["ada"]], people["chris"]))
    assert "recused" in refused.value.errors["evaluators"]
    with pytest.raises(ValidationFailed) as duplicate:
        run(workflow.create_proposal(CASE, people["ben"]))
    assert "P-0001 for Temporal is still open" in duplicate.value.errors["technology_name"]


def test_retire_keeps_the_current_ring_and_reads_as_retired(people: dict[str, int]) -> None:
    number = run(workflow.create_proposal(ProposalInput(**{**CASE.__dict__, "blip": "jenkins", "kind": "retire",
                                                           "target_ring": "retired"}), people["ada"]))  # fmt: skip
    proposal = run(workflow.get_proposal(number))
    assert (proposal.technology_name, proposal.move_label, proposal.kind) == ("Jenkins", "Hold → Retired", "retire")


def test_a_scorecard_is_final_and_blind_until_submitted(people: dict[str, int]) -> None:
    evan2 = make_user("evan2", ["evaluator"])
    number = run(workflow.create_proposal(CASE, people["ada"], submit=True))
    run(workflow.accept_proposal(number, [people["evan"], evan2], people["chris"]))
    proposal = run(workflow.get_proposal(number))
    framework = run(scorecards.current_framework())
    gates: dict[str, bool | None] = {gate["key"]: True for gate in framework.gates}
    scores = [ScoreInput(c["key"], 3, 1.0, "ok", "") for c in framework.criteria]
    run(scorecards.submit_scorecard(proposal, people["evan"], gates, scores))
    with pytest.raises(NotAllowed, match="already submitted"):
        run(scorecards.submit_scorecard(proposal, people["evan"], gates, scores))
    assert run(scorecards.scoring_view(proposal, evan2)).aggregate is None
    assert run(scorecards.scoring_view(proposal, people["chris"])).aggregate is None
    assert run(scorecards.scoring_view(proposal, people["ada"])).aggregate is None
    assert run(scorecards.scoring_view(proposal, people["evan"])).aggregate is not None
    run(workflow.close_scoring(number, people["chris"]))
    closed = run(workflow.get_proposal(number))
    assert run(scorecards.scoring_view(closed, people["ada"])).aggregate is not None
    with pytest.raises(NotAllowed, match="closed"):
        run(scorecards.submit_scorecard(closed, evan2, gates, scores))
