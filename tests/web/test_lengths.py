"""Lengths from one place (radar/limits.py): a field too long for its column gets a field error that keeps the
input; a name that fits goes all the way to a published edition (on PostgreSQL too, where Varchar lengths bite)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from litestar.testing import TestClient

from evaluations import ballots, workflow
from evaluations.tables import CriterionScore, Evaluation, Proposal
from radar.tables import Blip
from tests import board_factories as bf
from tests.conftest import csrf_token, login

CASE = {
    "blip": "",
    "quadrant": "tools",
    "target_ring": "assess",
    "summary": "One line",
    "context": "Context",
    "options": "- Status quo\n- This",
    "scope": "",
    "exit_considerations": "Drain.",
    "links": "",
    "tags": "",
}


def _post(client: TestClient[Any], path: str, data: dict[str, Any], form_page: str) -> Any:
    token = csrf_token(client, form_page)
    return client.post(path, data={**data, "_csrf_token": token}, follow_redirects=False)


def test_a_300_character_name_gets_a_field_error_that_keeps_the_input(client: TestClient[Any]) -> None:
    bf.radar()
    bf.user("ada", ["architect"])
    login(client, "ada", "correct-horse-battery")
    name = "N" * 300
    response = _post(
        client,
        "/proposals/new",
        {**CASE, "technology_name": name, "summary": "S" * 201, "context": "C" * 20_001, "action": "submit"},
        "/proposals/new",
    )
    assert response.status_code == 400
    assert 'id="f-technology_name-error"' in response.text and "At most 120 characters (this has 300)" in response.text
    assert 'id="f-summary-error"' in response.text and 'id="f-context-error"' in response.text
    assert name in response.text  # the input is kept
    assert bf.run(Proposal.count().run()) == 0


async def _score(proposal_id: int, evaluator: int) -> None:
    framework = await bf._framework()
    evaluation = Evaluation(
        proposal=proposal_id, evaluator=evaluator, framework=framework, created_at=bf.NOW, submitted_at=bf.NOW
    )
    await evaluation.save().run()
    for criterion in bf.CRITERIA:
        await CriterionScore(evaluation=evaluation.id, criterion=criterion["key"], score=4).save().run()


def test_a_100_character_name_goes_through_to_a_published_edition(client: TestClient[Any]) -> None:
    bf.radar()
    members = bf.board(3)
    bf.user("ada", ["architect"])
    chair = bf.user("chris", ["chair"])
    evan = bf.user("evan", ["evaluator"])
    name = "Very Long Technology Name " + "x" * 74
    assert len(name) == 100
    login(client, "ada", "correct-horse-battery")
    created = _post(client, "/proposals/new", {**CASE, "technology_name": name, "action": "submit"}, "/proposals/new")
    assert created.status_code == 303
    number = int(bf.run(Proposal.select(Proposal.number).first().run())["number"])
    bf.run(workflow.accept_proposal(number, [evan], chair))
    proposal_id = int(bf.run(Proposal.select(Proposal.id).first().run())["id"])
    bf.run(_score(proposal_id, evan))
    ballot_id = bf.run(ballots.open_ballot(proposal_id, chair, now=bf.NOW))
    for index, member in enumerate(members):
        if bf.run(ballots.cast_vote(ballot_id, member, "yes", now=bf.NOW + timedelta(hours=index + 1))) != "open":
            break
    blip = bf.run(Blip.select(Blip.slug, Blip.name).where(Blip.name == name).first().run())
    assert blip is not None and len(blip["slug"]) <= 100
    login(client, "chris", "correct-horse-battery")
    published = _post(
        client,
        "/editions",
        {
            "slug": "2026-2",
            "name": "2026.2",
            "published_on": date.today().isoformat(),
            "introduction": "",
            "action": "publish",  # the confirmation after the preview
        },
        "/editions/new",
    )
    assert published.status_code == 303
    edition = client.get("/api/editions/2026-2").json()
    assert name in [entry["name"] for entry in edition["blips"]]
    assert name in client.get("/").text
    assert bf.run(Proposal.select(Proposal.state).first().run())["state"] == "published"
