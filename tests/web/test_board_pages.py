"""The board's pages and API over HTTP: authorisation for each role, voting, recusal, exports, CLI."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from evaluations import ballots
from evaluations.tables import Vote
from tests import board_factories as bf
from tests.conftest import csrf_token, login, make_user

PASSWORD = "correct-horse-battery"


@pytest.fixture
def decided() -> dict[str, int]:
    """Two board members, one decided ballot (ADR-0001, Rust to Hold) and one open ballot (Kafka to Adopt)."""
    bf.radar()
    members = bf.board(2, prefix="m")
    first = bf.run(ballots.open_ballot(bf.proposal(blip_slug="rust", name="Rust", target="hold"), None))
    for member in members:
        bf.run(ballots.cast_vote(first, member, "yes", "agreed"))
    proposal = bf.proposal(blip_slug="kafka", name="Kafka", target="adopt")
    bf.pilot(proposal, observed=6.0)
    open_id = bf.run(ballots.open_ballot(proposal, None))
    return {"decided": first, "open": open_id, "proposal": proposal, "m1": members[0], "m2": members[1]}


def as_user(client: TestClient[Any], username: str) -> None:
    assert login(client, username, PASSWORD).status_code == 303


GETS = [
    ("/board", "board_or_chair"),
    ("/ballots/{open}", "signed_in"),
    ("/decisions", "signed_in"),
    ("/decisions/1", "signed_in"),
    ("/decisions/1/export?format=madr", "signed_in"),
    ("/decisions/export.zip", "signed_in"),
    ("/api/ballots", "signed_in"),
    ("/api/ballots/{open}", "signed_in"),
    ("/api/ballots/{open}/tally", "signed_in"),
    ("/api/votes/mine", "signed_in"),
    ("/api/decisions", "signed_in"),
    ("/api/decisions/1", "signed_in"),
    ("/api/decisions/1/export?format=adr-tools", "signed_in"),
    ("/api/decisions/export.zip?format=madr", "signed_in"),
]
POSTS = [
    ("/ballots/{open}/vote", "signed_in", {"choice": "yes"}),
    ("/ballots/{open}/recuse", "board", {"reason": "conflict"}),
    ("/board/proposals/{proposal}/ballot", "chair", {}),
    ("/board/reviews/postgres/ballot", "chair", {"to_ring": "adopt"}),
]
PUTS = [("/api/ballots/{open}/vote", "signed_in", {"choice": "abstain"})]
ROLES = [None, "architect", "evaluator", "board", "chair"]


def allowed(role: str | None, needed: str) -> bool:
    if needed == "board_or_chair":
        return role in ("board", "chair")
    return role is not None and (needed == "signed_in" or role == needed)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_every_board_page_endpoint_and_form(
    client: TestClient[Any], decided: dict[str, int], role: str | None
) -> None:
    if role:
        bf.user("person", [role])
        as_user(client, "person")
    for path, needed in GETS:
        response = client.get(path.format(**decided), follow_redirects=False)
        if allowed(role, needed):
            assert response.status_code == 200, (path, response.text)
        elif role is None:
            expected = 401 if path.startswith("/api/") else 302
            assert response.status_code in (expected, 303), path
        else:
            assert response.status_code == 403, path
    token = csrf_token(client, "/" if role else "/login")
    for path, needed, data in POSTS:
        response = client.post(path.format(**decided), data={**data, "_csrf_token": token}, follow_redirects=False)
        if allowed(role, needed):
            assert response.status_code in (303, 400), (path, response.text)
        elif role is None:
            assert response.status_code == 401, path
        else:
            assert response.status_code == 403, path
    for path, needed, data in PUTS:
        response = client.put(path.format(**decided), json=data, headers={"x-csrftoken": token})
        if allowed(role, needed):
            assert response.status_code == 200, (path, response.text)
        else:
            assert response.status_code == (401 if role is None else 403), path


def test_ballot_page_states_the_rules_with_denominators(client: TestClient[Any], decided: dict[str, int]) -> None:
    bf.user("viewer1", [])
    as_user(client, "viewer1")
    page = client.get(f"/ballots/{decided['open']}").text
    assert "Needs 2 yes of 2 eligible and a PASS pilot" in page
    assert "Move Kafka from Trial to Adopt" in page
    assert "your vote is advisory" in page


def test_members_vote_change_and_recuse_through_the_pages(client: TestClient[Any], decided: dict[str, int]) -> None:
    ballot = decided["open"]
    as_user(client, "m1")
    token = csrf_token(client, "/")
    response = client.post(
        f"/ballots/{ballot}/vote", data={"choice": "no", "comment": "too early", "_csrf_token": token}
    )
    assert response.status_code == 200
    assert "Your vote is recorded" in response.text
    response = client.post(f"/ballots/{ballot}/vote", data={"choice": "yes", "comment": "", "_csrf_token": token})
    assert "Change your vote" in response.text
    rows = bf.run(Vote.select(Vote.choice).where(Vote.ballot == ballot).run())
    assert rows == [{"choice": "yes"}]
    # A recusal without a reason re-renders the page with the error next to the field.
    bad = client.post(f"/ballots/{ballot}/recuse", data={"reason": "", "_csrf_token": token})
    assert bad.status_code == 400
    assert "Say why you recuse yourself." in bad.text
    # m2 recuses: E = {m1}, who voted yes: the Adopt rule (1 of ⌈2/3 × 1⌉ = 1) with a PASS pilot passes.
    client.post("/logout", data={"_csrf_token": token})
    as_user(client, "m2")
    token = csrf_token(client, "/")
    response = client.post(f"/ballots/{ballot}/recuse", data={"reason": "I sell Kafka support", "_csrf_token": token})
    assert "It is now settled" in response.text
    assert "I sell Kafka support" in response.text
    assert "ADR-0002" in response.text


def test_a_vote_on_a_closed_ballot_is_refused_with_a_message(client: TestClient[Any], decided: dict[str, int]) -> None:
    as_user(client, "m1")
    token = csrf_token(client, "/")
    response = client.post(f"/ballots/{decided['decided']}/vote", data={"choice": "no", "_csrf_token": token})
    assert response.status_code == 400
    assert "This ballot has closed" in response.text


def test_chair_opens_a_ballot_from_the_dashboard(client: TestClient[Any]) -> None:
    bf.radar()
    bf.board(2, prefix="m")
    proposal = bf.proposal(blip_slug="rust", name="Rust", target="trial")
    bf.user("boss", ["chair", "board"])
    as_user(client, "boss")
    dashboard = client.get("/board").text
    assert f"/board/proposals/{proposal}/ballot" in dashboard
    token = csrf_token(client, "/")
    response = client.post(f"/board/proposals/{proposal}/ballot", data={"_csrf_token": token})
    assert "Ballot opened" in response.text
    assert "needs more yes than no and at least 3 yes" in response.text.lower()
    again = client.post(f"/board/proposals/{proposal}/ballot", data={"_csrf_token": token})
    assert "Only a proposal in Evaluating" in again.text


def test_dashboard_lists_pending_votes_due_reviews_and_pipeline(
    client: TestClient[Any], decided: dict[str, int]
) -> None:
    as_user(client, "m1")
    page = client.get("/board").text
    assert "Waiting for your vote" in page
    assert "Move Kafka from Trial to Adopt" in page
    assert "ADR-0001" in page
    assert "Pipeline" in page
    assert "Reviews due" in page


def test_api_returns_ballots_tallies_own_votes_and_records(client: TestClient[Any], decided: dict[str, int]) -> None:
    as_user(client, "m1")
    ballot = client.get(f"/api/ballots/{decided['decided']}").json()
    assert ballot["state"] == "passed"
    assert ballot["decision_record"] == "ADR-0001"
    assert ballot["tally"]["yes"] == 2
    assert client.get("/api/ballots?state=open").json()[0]["id"] == decided["open"]
    tally = client.get(f"/api/ballots/{decided['open']}/tally").json()
    assert tally["requirement"].startswith("needs 2 yes of 2 eligible")
    mine = client.get("/api/votes/mine").json()
    assert [vote["choice"] for vote in mine] == ["yes"]
    records = client.get("/api/decisions?status=accepted").json()
    assert [record["ref"] for record in records] == ["ADR-0001"]
    assert client.get("/api/decisions/9").status_code == 404
    assert client.get("/api/decisions/1/export?format=word").status_code == 400


def test_api_casts_and_changes_your_own_vote(client: TestClient[Any], decided: dict[str, int]) -> None:
    as_user(client, "m1")
    client.get("/")
    headers = {"x-csrftoken": client.cookies.get("csrftoken") or ""}
    url = f"/api/ballots/{decided['open']}/vote"
    first = client.put(url, json={"choice": "no", "comment": "not yet"}, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json() == {"ballot": decided["open"], "choice": "no", "advisory": False, "ballot_state": "open"}
    client.put(url, json={"choice": "abstain"}, headers=headers)
    assert [vote["choice"] for vote in client.get("/api/votes/mine").json()] == ["abstain", "yes"]
    refused = client.put(url, json={"choice": "maybe"}, headers=headers)
    assert refused.status_code == 400
    assert "Choose yes, no or abstain." in refused.json()["detail"]
    assert refused.json()["errors"] == {"choice": "Choose yes, no or abstain."}  # problem details with field errors
    assert client.put(url, json={"choice": "yes"}).status_code == 403  # no CSRF header


def test_exports_are_madr_and_adr_tools(client: TestClient[Any], decided: dict[str, int]) -> None:
    as_user(client, "m1")
    madr = client.get("/decisions/1/export?format=madr")
    assert madr.headers["content-disposition"] == 'attachment; filename="0001-move-rust-from-assess-to-hold.md"'
    assert madr.text.startswith('---\nstatus: "accepted"\n')
    assert "## Context and Problem Statement" in madr.text
    assert 'Chosen option: "Move Rust from Assess to Hold"' in madr.text
    tools = client.get("/decisions/1/export?format=adr-tools").text
    assert tools.startswith("# 1. Move Rust from Assess to Hold\n\nDate: ")
    assert "## Status\n\nAccepted" in tools
    archive = zipfile.ZipFile(io.BytesIO(client.get("/decisions/export.zip?format=adr-tools").content))
    assert archive.namelist() == ["doc/adr/0001-move-rust-from-assess-to-hold.md"]


def test_decision_list_filters(client: TestClient[Any], decided: dict[str, int]) -> None:
    as_user(client, "m1")
    assert "ADR-0001" in client.get("/decisions?status=accepted").text
    assert "No decision record matches" in client.get("/decisions?status=rejected").text
    assert "ADR-0001" in client.get("/decisions?blip=rust&q=hold").text
    assert "No decision record matches" in client.get("/decisions?blip=kafka").text
    page = client.get("/decisions/1").text
    assert "Decision makers" in page
    assert "agreed" in page


def test_cli_exports_adrs_and_closes_due_ballots(decided: dict[str, int], tmp_path: Path) -> None:
    result = _radar("export-adrs", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tmp_path / "doc" / "adr" / "0001-move-rust-from-assess-to-hold.md"
    assert written.read_text().startswith("# 1. Move Rust from Assess to Hold")
    madr = _radar("export-adrs", str(tmp_path / "madr"), "--format", "madr")
    assert madr.returncode == 0, madr.stderr
    assert (tmp_path / "madr" / "doc" / "adr" / written.name).read_text().startswith("---\nstatus:")
    closed = _radar("close-due")
    assert closed.returncode == 0, closed.stderr
    assert "0 due ballot(s)" in closed.stdout


def _radar(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "web.cli", *args], capture_output=True, text=True, env=dict(os.environ), timeout=60
    )


def test_the_board_api_is_documented_in_the_openapi_schema(client: TestClient[Any]) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    for path in [
        "/api/ballots",
        "/api/ballots/{ballot_id}",
        "/api/ballots/{ballot_id}/tally",
        "/api/ballots/{ballot_id}/vote",
        "/api/votes/mine",
        "/api/decisions",
        "/api/decisions/{number}",
        "/api/decisions/{number}/export",
        "/api/decisions/export.zip",
    ]:
        assert path in paths, path
    assert not any(path.startswith(("/board", "/ballots", "/decisions")) for path in paths)


def test_options_keep_their_lines_on_the_decision_record_page(client: TestClient[Any], seeded: Any) -> None:
    make_user("adr-reader", [])
    assert login(client, "adr-reader", "correct-horse-battery").status_code == 303
    pages = [client.get(f"/decisions/{number}").text for number in (1, 2, 3)]
    page = next(text for text in pages if "Keep Selenium" in text)  # the seed's options, one per line
    options = page.split('id="options-considered">', 1)[1].split("</div>", 1)[0]
    assert options.count("<li") == 3, options
    assert ">Playwright in Trial for the web squads<" in options
