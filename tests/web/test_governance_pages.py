"""Issue 10 through the pages: the published radar changes only when an edition is published, the Next edition
page, the blip page's published ring and pending change, the voting defaults page, and recusal on the ballot page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from litestar.testing import TestClient

from evaluations import ballots, publishing
from evaluations.tables import Proposal
from tests import board_factories as bf
from tests.conftest import csrf_token, login
from web.problems import PROBLEM_MEDIA_TYPE

NOW = bf.NOW


def rings_on(client: TestClient[Any], path: str = "/api/radar") -> dict[str, tuple[str, str]]:
    return {blip["slug"]: (blip["ring"], blip["movement"]) for blip in client.get(path).json()["blips"]}


def test_the_published_radar_changes_only_when_an_edition_is_published(client: TestClient[Any]) -> None:
    bf.radar()
    members = bf.board(3)
    bf.user("chair", ["chair"])
    assert 'id="unpublished-notice"' in client.get("/").text  # before any edition: the live state, said so
    assert client.get("/api/radar").json()["edition"] is None
    bf.run(publishing.publish_edition("2026-1", "2026.1", NOW.date() - timedelta(days=1)))
    home = client.get("/").text
    assert 'id="unpublished-notice"' not in home
    assert rings_on(client)["rust"] == ("Assess", "new")

    proposal = bf.proposal(kind="hold", blip_slug="rust", name="Rust", target="hold")
    ballot_id = bf.run(ballots.open_ballot(proposal, None, now=NOW))
    for index, member in enumerate(members[:2]):
        bf.run(ballots.cast_vote(ballot_id, member, "yes", now=NOW + timedelta(hours=index + 1)))
    assert bf.run(ballots.ballot_view(ballot_id)).state == "passed"

    assert rings_on(client)["rust"] == ("Assess", "new")  # decided, not yet published
    blip_page = client.get("/blips/rust").text
    assert "Moves from Assess to Hold in the next edition." in blip_page
    assert 'id="published-ring"' in blip_page and ">Assess</span>" in blip_page

    login(client, "member1", "correct-horse-battery")
    next_page = client.get("/editions/next")
    assert next_page.status_code == 200
    assert "P-0001" in next_page.text and "ADR-0001" in next_page.text
    moved_out = next_page.text.split('class="card diff-moved_out"')[1].split("</section>")[0]
    assert '<a href="/blips/rust">Rust</a>' in moved_out and "<td>Assess</td><td>Hold</td>" in moved_out

    login(client, "chair", "correct-horse-battery")
    token = csrf_token(client, "/editions/new")
    response = client.post(
        "/editions",
        data={
            "slug": "2026-2",
            "name": "2026.2",
            "published_on": date.today().isoformat(),
            "action": "publish",  # the confirmation after the preview
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert rings_on(client)["rust"] == ("Hold", "moved_out")
    assert rings_on(client)["kafka"] == ("Trial", "no_change")
    state = bf.run(Proposal.select(Proposal.state).where(Proposal.id == proposal).first().run())["state"]
    assert state == "published"
    assert "in the next edition" not in client.get("/blips/rust").text


def test_next_edition_is_for_board_members_and_the_chair(client: TestClient[Any]) -> None:
    bf.radar()
    bf.user("ada", ["architect"])
    bf.user("chair", ["chair"])
    assert client.get("/editions/next", follow_redirects=False).status_code in (302, 303, 307)
    login(client, "ada", "correct-horse-battery")
    assert client.get("/editions/next").status_code == 403
    login(client, "chair", "correct-horse-battery")
    page = client.get("/editions/next")
    assert page.status_code == 200 and "No approved decision is waiting." in page.text


def test_the_chair_edits_voting_defaults_with_field_errors_that_keep_the_input(client: TestClient[Any]) -> None:
    bf.radar()
    bf.board(3)
    bf.user("chair", ["chair"])
    bf.user("bob", ["board"])
    login(client, "bob", "correct-horse-battery")
    assert client.get("/admin/voting").status_code == 403
    login(client, "chair", "correct-horse-battery")
    token = csrf_token(client, "/admin/voting")
    form = {
        "window_simple": "5",
        "window_trial": "7",
        "window_adopt": "21",
        "trial_min_yes": "2",
        "quorum_numerator": "3",
        "quorum_denominator": "4",
        "adopt_numerator": "3",
        "adopt_denominator": "4",
        "tie": "fails",
        "early_close": "on",
        "note": "",
        "_csrf_token": token,
    }
    bad = client.post("/admin/voting", data={**form, "window_adopt": "many"})
    assert bad.status_code == 400
    assert 'id="f-window_adopt-error"' in bad.text and 'value="many"' in bad.text and 'id="f-note-error"' in bad.text
    good = client.post("/admin/voting", data={**form, "note": "A bigger board."}, follow_redirects=False)
    assert good.status_code == 303
    proposal = bf.proposal(kind="hold", blip_slug="rust", name="Rust", target="hold")
    view = bf.run(ballots.ballot_view(bf.run(ballots.open_ballot(proposal, None, now=NOW))))
    assert view.rules.window_days == 5 and view.rules.quorum == (3, 4) and view.rules.adopt == (3, 4)
    assert "A bigger board." in client.get("/admin/voting").text


def test_the_ballot_page_shows_the_proposer_recused_and_refuses_their_vote(client: TestClient[Any]) -> None:
    bf.radar()
    members = bf.board(3)
    proposal = bf.proposal(kind="hold", blip_slug="rust", name="Rust", target="hold", proposer=members[0])
    ballot_id = bf.run(ballots.open_ballot(proposal, None, now=NOW))
    login(client, "member1", "correct-horse-battery")
    page = client.get(f"/ballots/{ballot_id}").text
    assert "You are recused" in page and 'id="cast-vote"' not in page
    assert "Proposed this" in page
    token = csrf_token(client, f"/ballots/{ballot_id}")
    refused = client.post(f"/ballots/{ballot_id}/vote", data={"choice": "yes", "_csrf_token": token})
    assert refused.status_code == 400
    assert bf.run(ballots.ballot_view(ballot_id)).tally.yes == 0


def test_domain_errors_are_mapped_once_problem_details_under_api_and_the_error_page_elsewhere(
    client: TestClient[Any],
) -> None:
    bf.radar()
    bf.board(3)
    login(client, "member1", "correct-horse-battery")
    missing = client.get("/api/ballots/999")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith(PROBLEM_MEDIA_TYPE)  # the type the OpenAPI document declares
    assert missing.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No ballot with id 999.",
    }
    page = client.get("/ballots/999")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "No ballot with id 999." in page.text
    assert client.get("/proposals/77").status_code == 404
    assert "No proposal P-0077." in client.get("/proposals/77").text
