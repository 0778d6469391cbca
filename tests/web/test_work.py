"""My work: each role's queue on /work and /api/work, the header count, the landing page after sign-in, the
proposals list's "assigned to me" / "waiting for me" filters and the dashboard's links."""

from __future__ import annotations

import asyncio
from typing import Any

from evaluations import workflow
from evaluations.tables import Proposal
from radar.tables import User
from seed.loader import demo_password
from tests.conftest import csrf_token
from web.settings import load_settings


def _sign_in(client: Any, username: str) -> Any:
    client.cookies.clear()
    token = csrf_token(client, "/login")
    password = demo_password(load_settings().secret_key, username)
    return client.post(
        "/login", data={"username": username, "password": password, "_csrf_token": token}, follow_redirects=False
    )


async def _assign(username: str) -> None:
    """The chair accepts the first proposal awaiting triage and asks `username` to evaluate it."""
    evaluator = await User.select(User.id).where(User.username == username).first().run()
    chair = await User.select(User.id).where(User.username == "chair").first().run()
    waiting = await Proposal.select(Proposal.number).where(Proposal.state == "submitted").first().run()
    assert evaluator and chair and waiting
    await workflow.accept_proposal(waiting["number"], [evaluator["id"]], chair["id"])


def test_each_role_has_its_queue_and_lands_on_it(client: Any, seeded: Any) -> None:
    asyncio.run(_assign("evaluator"))
    kinds: dict[str, set[str]] = {}
    for username in ("chair", "evaluator", "board2", "architect"):
        landing = _sign_in(client, username)
        assert landing.headers["location"] == "/work"
        items = client.get("/api/work").json()
        assert items, username
        kinds[username] = {item["kind"] for item in items}
        page = client.get("/work")
        assert f'<span class="work-count" aria-label="{len(items)} waiting">{len(items)}</span>' in page.text
        for item in items:
            assert f'href="{item["href"]}"' in page.text
            assert client.get(item["href"].split("#")[0]).status_code == 200  # each link leads to the step
    assert {"triage", "open_ballot", "publish", "review"} <= kinds["chair"]
    assert kinds["evaluator"] == {"score"}
    assert "vote" in kinds["board2"]
    assert {"answer", "pilot"} <= kinds["architect"]
    due = [item for item in client.get("/api/work").json() if item["kind"] == "pilot"]
    assert all(item["href"].endswith("/pilot") for item in due)
    _sign_in(client, "evaluator")
    scorecard = client.get("/api/work").json()[0]
    assert scorecard["due"]  # evaluators see when their scorecard is due
    assigned = client.get("/proposals", params={"for_me": "assigned"}).text
    waiting = client.get("/proposals", params={"for_me": "waiting"}).text
    assert f'data-number="{scorecard["proposal"]}"' in waiting
    assert f'data-number="{scorecard["proposal"]}"' in assigned
    assert waiting.count("data-number=") <= client.get("/proposals").text.count("data-number=")


def test_someone_with_nothing_to_do_lands_where_they_asked(client: Any, seeded: Any) -> None:
    assert _sign_in(client, "viewer").headers["location"] == "/"
    page = client.get("/work")
    assert "Nothing is waiting for you." in page.text
    assert "work-count" not in page.text
    assert client.get("/api/work").json() == []


def test_dashboard_counts_are_links(client: Any, seeded: Any) -> None:
    _sign_in(client, "chair")
    page = client.get("/board").text
    assert 'class="stat" href="#pending-votes"' in page
    assert 'href="/proposals?state=evaluating" class="count-link"' in page
