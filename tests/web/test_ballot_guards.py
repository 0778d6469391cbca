"""Ballots that can pass: a decided outcome refuses the opening, a risk needs the chair's written reason (audited
and shown on the ballot), the ballot page leads with the pilot verdict and score band, and the chair closes a
ballot early once its outcome can no longer change."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from evaluations import ballot_checks, ballots
from evaluations.ballot_checks import opening_check
from evaluations.tables import Ballot, Proposal
from radar import audit
from radar.errors import Refused
from radar.tables import AuditEvent
from tests import board_factories as f
from tests.conftest import csrf_token, login


def test_opening_check_rules() -> None:
    assert opening_check("adopt", "FAIL", "", 2, 2, True).decided
    assert opening_check("adopt", "INCONCLUSIVE", "", 2, 2, True).decided
    assert opening_check("adopt", "CONDITIONAL", "", 2, 2, True).decided  # no written conditions
    assert opening_check("adopt", "CONDITIONAL", "Only for squad A", 2, 2, True) == ballot_checks.OpeningCheck(None)
    assert opening_check("adopt", "PASS", "", 2, 2, True) == ballot_checks.OpeningCheck(None)
    assert opening_check("trial", "FAIL", "", 2, 2, True) == ballot_checks.OpeningCheck(None)  # no pilot rule
    no_pilot = opening_check("adopt", None, "", 2, 2, True)
    assert no_pilot.decided is None and "no pilot yet" in no_pilot.risks[0]
    assert opening_check("simple", None, "", 1, 3, False).risks == [
        "Scoring is incomplete: 1 of 3 assigned scorecards are in."
    ]


def _chair(client: Any) -> None:
    f.user("chair", ["chair", "board"])
    assert login(client, "chair", "correct-horse-battery").status_code == 303


def _open(client: Any, proposal_id: int, number: int, **data: str) -> Any:
    token = csrf_token(client, f"/proposals/{number}")
    return client.post(
        f"/board/proposals/{proposal_id}/ballot", data={**data, "_csrf_token": token}, follow_redirects=False
    )


def test_opening_a_ballot_with_a_fail_pilot_is_refused(client: Any) -> None:
    f.radar()
    f.board(3)
    proposal_id = f.proposal(blip_slug="kafka", target="adopt")  # Trial -> Adopt
    f.pilot(proposal_id, observed=1.0)  # below the baseline: FAIL
    _chair(client)
    page = client.get("/proposals/1")
    assert 'id="ballot-refused"' in page.text and 'id="open-ballot"' not in page.text
    refused = _open(client, proposal_id, 1)
    assert refused.status_code == 303
    assert "this pilot&#39;s verdict is FAIL" in client.get("/proposals/1").text
    assert asyncio.run(Ballot.count().run()) == 0
    assert f.run(Proposal.select(Proposal.state).first().run())["state"] == "evaluating"
    with pytest.raises(Refused, match="Adopt rule needs a passing pilot"):
        f.run(ballot_checks.open_checked(proposal_id, None, "vote anyway"))


def test_a_risk_needs_a_written_reason_shown_on_the_ballot(client: Any) -> None:
    f.radar()
    f.board(3)
    proposal_id = f.proposal(blip_slug="kafka", target="adopt")  # no pilot yet: at risk
    _chair(client)
    assert 'id="ballot-risks"' in client.get("/proposals/1").text
    asked = _open(client, proposal_id, 1)
    assert asked.status_code == 200 and 'id="confirm-open"' in asked.text
    empty = _open(client, proposal_id, 1, confirming="1", reason=" ")
    assert empty.status_code == 400 and 'id="f-reason-error"' in empty.text
    assert asyncio.run(Ballot.count().run()) == 0
    opened = _open(client, proposal_id, 1, confirming="1", reason="The pilot report is due before the deadline.")
    assert opened.status_code == 303
    page = client.get(opened.headers["location"])
    assert 'id="risk-note"' in page.text and "The pilot report is due before the deadline." in page.text
    assert 'id="summary-pilot">no pilot<' in page.text
    assert 'id="summary-band"' in page.text
    event = f.run(AuditEvent.select(AuditEvent.detail).where(AuditEvent.action == "ballot.risk_confirmed").first()
                  .output(load_json=True).run())  # fmt: skip
    assert event["detail"]["reason"] == "The pilot report is due before the deadline."


def _leave_early_close_to_the_chair(ballot_id: int) -> None:
    """Freeze rules that do not close the ballot by themselves once decided (the chair closes it)."""
    row = f.run(Ballot.select(Ballot.rules).where(Ballot.id == ballot_id).first().output(load_json=True).run())
    rules = {**row["rules"], "early_close": False}
    f.run(Ballot.update({Ballot.rules: rules}).where(Ballot.id == ballot_id).run())


def test_the_chair_closes_early_once_the_outcome_cannot_change(client: Any) -> None:
    f.radar()
    members = f.board(4)  # eligible 4, quorum 3
    proposal_id = f.proposal(blip_slug="rust", name="Rust", target="trial")  # Trial rule: yes > no and 3 yes
    ballot_id = f.run(ballots.open_ballot(proposal_id, None))
    _leave_early_close_to_the_chair(ballot_id)
    _chair(client)
    token = csrf_token(client, f"/ballots/{ballot_id}")
    for member in members[:2]:
        assert f.run(ballots.cast_vote(ballot_id, member, "yes")) == "open"
    assert 'id="close-early-button"' not in client.get(f"/ballots/{ballot_id}").text
    refused = client.post(f"/board/ballots/{ballot_id}/close", data={"_csrf_token": token}, follow_redirects=False)
    assert refused.status_code == 303
    assert "The outcome can still change" in client.get(f"/ballots/{ballot_id}").text
    assert f.run(ballots.cast_vote(ballot_id, members[2], "yes")) == "open"  # 3 yes: passes whatever the 4th votes
    page = client.get(f"/ballots/{ballot_id}")
    assert 'id="close-early-button"' in page.text
    closed = client.post(f"/board/ballots/{ballot_id}/close", data={"_csrf_token": token}, follow_redirects=False)
    assert closed.status_code == 303
    view = f.run(ballots.ballot_view(ballot_id))
    assert view.state == "passed" and view.record_number == 1
    assert f.run(Ballot.select(Ballot.closed_at).where(Ballot.id == ballot_id).first().run())["closed_at"]
    assert f.run(ballot_checks.early_outcome(ballot_id)) is None
    assert f.run(Ballot.select(Ballot.closes_at).first().run())["closes_at"] > audit.now() + timedelta(days=1)
