"""Tokens, the JSON API's writes, the webhook admin pages and delivery log, and the Atom feed, through HTTP."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from xml.etree import ElementTree as ET

import httpx
import pytest
from litestar.testing import TestClient

from evaluations import ballots, deliveries
from evaluations.deliveries import DeliveryConfig
from evaluations.tables import OutboxMessage, Proposal
from radar.tables import ApiToken, Blip
from tests import board_factories as bf
from tests.conftest import csrf_token, login
from tests.live import NEW_TOKEN
from web.app import create_app
from web.bearer import bearer_token
from web.settings import load_settings

ATOM = "{http://www.w3.org/2005/Atom}"
SECRET = re.compile(r'<code class="break" id="new-secret">([^<]+)</code>')
PROPOSAL = {
    "technology_name": "Zig",
    "kind": "add",
    "quadrant": "languages",
    "target_ring": "assess",
    "summary": "A small systems language",
    "context": "We write C for the card terminals.",
    "options": "Status quo: C\nRust",
    "exit_considerations": "Rewrite in C.",
    "confirm_new": True,
}


@pytest.fixture
def client() -> Iterator[TestClient[Any]]:
    """The app without its own deliverer timer: these tests run the deliverer themselves, against MockTransport."""
    with TestClient(app=create_app(dataclasses.replace(load_settings(), delivery_interval=0))) as test_client:
        yield test_client


def new_token(client: TestClient[Any], scope: str, name: str = "script") -> str:
    token = csrf_token(client, "/account/tokens")
    response = client.post("/account/tokens", data={"name": name, "scope": scope, "_csrf_token": token})
    assert response.status_code == 200
    match = NEW_TOKEN.search(response.text)
    assert match, "the new token is shown once"
    return match.group(1)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def architect(client: TestClient[Any]) -> int:
    bf.radar()
    user_id = bf.user("ada", ["architect"])
    login(client, "ada", "correct-horse-battery")
    return user_id


def test_a_token_is_shown_once_stored_hashed_and_revocable(client: TestClient[Any], architect: int) -> None:
    token = new_token(client, "read")
    assert token.startswith("radar_")
    page = client.get("/account/tokens").text
    assert token not in page  # never again
    assert "script" in page
    row = bf.run(ApiToken.select().first().run())
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(row)
    anonymous = TestClient(app=client.app)
    with anonymous:
        assert anonymous.get("/api/proposals", headers=bearer(token)).status_code == 200
        assert bf.run(ApiToken.select(ApiToken.last_used_at).first().run())["last_used_at"] is not None
        revoke = csrf_token(client, "/account/tokens")
        assert (
            client.post(f"/account/tokens/{row['id']}/revoke", data={"_csrf_token": revoke}).status_code == 200
        )  # 303 followed
        refused = anonymous.get("/api/proposals", headers=bearer(token))
        assert refused.status_code == 401
        assert anonymous.get("/api/radar", headers=bearer(token)).status_code == 401  # never silently anonymous
        assert anonymous.get("/api/radar", headers=bearer("radar_madeup")).status_code == 401


def test_a_bearer_header_counts_under_api_only() -> None:
    def scope(path: str) -> Any:
        return {"type": "http", "path": path, "headers": [(b"authorization", b"Bearer radar_abc")]}

    assert bearer_token(scope("/api/proposals")) == "radar_abc"
    assert bearer_token(scope("/api")) == "radar_abc"
    # A page whose name starts with "api" is a page: a token there must not skip its CSRF check.
    assert bearer_token(scope("/apiary/new")) is None
    assert bearer_token(scope("/account/tokens")) is None


def test_a_bad_token_request_keeps_the_input_and_names_the_field(client: TestClient[Any], architect: int) -> None:
    token = csrf_token(client, "/account/tokens")
    response = client.post("/account/tokens", data={"name": "", "scope": "admin", "_csrf_token": token})
    assert response.status_code == 400
    assert "Name the token" in response.text
    assert "Choose read or write" in response.text


def test_bearer_writes_need_no_csrf_but_cookie_writes_do(client: TestClient[Any], architect: int) -> None:
    read, write = new_token(client, "read"), new_token(client, "write", "portal")
    # A session cookie without the CSRF header is refused; with it, it works.
    assert client.post("/api/proposals", json=PROPOSAL).status_code == 403
    csrf = client.cookies.get("csrftoken")
    assert csrf
    with_header = client.post(
        "/api/proposals", json={**PROPOSAL, "technology_name": "Nim"}, headers={"x-csrftoken": csrf}
    )
    assert with_header.status_code == 201, with_header.text
    with TestClient(app=client.app) as script:
        assert script.post("/api/proposals", json=PROPOSAL, headers=bearer(read)).status_code == 403
        created = script.post("/api/proposals", json=PROPOSAL, headers=bearer(write))
        assert created.status_code == 201, created.text
        body = created.json()
        assert (body["state"], body["proposer"], body["technology_name"]) == ("draft", "ada", "Zig")
        submitted = script.post(f"/api/proposals/{body['number']}/submit", headers=bearer(write))
        assert submitted.status_code == 200, submitted.text
        assert submitted.json()["state"] == "submitted"
        again = script.post(f"/api/proposals/{body['number']}/submit", headers=bearer(write))
        assert again.status_code == 409
        invalid = script.post("/api/proposals", json={**PROPOSAL, "technology_name": ""}, headers=bearer(write))
        assert invalid.status_code == 400
        assert "Name the technology" in invalid.json()["detail"], invalid.json()
        # A token does not sign anyone in on the pages.
        assert script.get("/proposals/mine", headers=bearer(write), follow_redirects=False).status_code in (302, 303)


def test_authorisation_through_a_token_is_the_same_as_on_the_pages(client: TestClient[Any]) -> None:
    bf.radar()
    bf.user("vera", [])  # a viewer
    login(client, "vera", "correct-horse-battery")
    token = new_token(client, "write")
    with TestClient(app=client.app) as script:
        assert script.post("/api/proposals", json=PROPOSAL, headers=bearer(token)).status_code == 403
        edition = {"slug": "2026-2", "name": "2026.2", "published_on": "2026-11-20"}
        assert script.post("/api/editions", json=edition, headers=bearer(token)).status_code == 403


def test_the_chair_publishes_an_edition_through_the_api_and_it_is_announced(client: TestClient[Any]) -> None:
    bf.radar()
    bf.user("chair", ["chair"])
    login(client, "chair", "correct-horse-battery")
    token = new_token(client, "write")
    with TestClient(app=client.app) as script:
        edition = {"slug": "2026-2", "name": "2026.2 — November", "published_on": "2026-11-20", "introduction": "Hi"}
        response = script.post("/api/editions", json=edition, headers=bearer(token))
        assert response.status_code == 201, response.text
        assert response.json()["blips"] == 3
        assert response.json()["url"].endswith("/editions/2026-2")
        duplicate = script.post("/api/editions", json=edition, headers=bearer(token))
        assert duplicate.status_code == 400
        assert "exists already" in duplicate.json()["detail"]
    messages = bf.run(OutboxMessage.select().output(load_json=True).run())
    assert [(m["topic"], m["payload"]["slug"], m["payload"]["entries"]) for m in messages] == [
        ("edition.published", "2026-2", 3)
    ]
    assert messages[0]["payload"]["movements"] == {"new": 3}


def test_a_board_member_votes_with_a_token(client: TestClient[Any]) -> None:
    bf.radar()
    members = bf.board(3)
    ballot_id = bf.run(ballots.open_ballot(bf.proposal(blip_slug="rust", name="Rust", target="trial"), None))
    login(client, "member1", "correct-horse-battery")
    token = new_token(client, "write")
    with TestClient(app=client.app) as script:
        vote = script.put(f"/api/ballots/{ballot_id}/vote", json={"choice": "yes"}, headers=bearer(token))
        assert vote.status_code == 200, vote.text
        assert vote.json() == {"ballot": ballot_id, "choice": "yes", "advisory": False, "ballot_state": "open"}
    assert members


def test_the_chair_registers_a_webhook_and_reads_the_delivery_log(client: TestClient[Any]) -> None:
    bf.radar()
    bf.user("chair", ["chair"])
    login(client, "chair", "correct-horse-battery")
    page = client.get("/admin/webhooks")
    assert page.status_code == 200
    token = csrf_token(client, "/admin/webhooks")
    bad = client.post(
        "/admin/webhooks", data={"name": "Slack", "url": "ftp://x", "secret": "short", "_csrf_token": token}
    )
    assert bad.status_code == 400
    assert "Enter an http:// or https:// address." in bad.text
    assert "Choose at least one event." in bad.text
    assert 'value="Slack"' in bad.text  # input kept
    created = client.post(
        "/admin/webhooks",
        data={
            "name": "Slack",
            "url": "https://hooks.example/T000/B000",
            "events": ["edition.published", "review.due"],
            "_csrf_token": token,
        },
    )
    assert created.status_code == 200, created.text[-1500:]
    secret = SECRET.search(created.text)
    assert secret and secret.group(1).startswith("whsec_")
    assert secret.group(1) not in client.get("/admin/webhooks").text
    client.post(
        "/editions",
        data={
            "slug": "2026-2",
            "name": "2026.2",
            "published_on": "2026-11-20",
            "action": "publish",
            "_csrf_token": token,
        },
    )
    statuses = [500, 204]

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(statuses.pop(0), text="boom" if statuses else "")

    async def deliver(now: Any) -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
            await deliveries.run_once(DeliveryConfig(retry_base_seconds=1), http, now)

    asyncio.run(deliver(None))
    log = client.get("/admin/deliveries")
    assert log.status_code == 200
    assert "edition.published" in log.text
    assert "<strong>500</strong>" in log.text and "HTTP 500: boom" in log.text
    assert "pending" in log.text
    asyncio.run(deliver(bf.NOW.replace(year=2100)))
    log = client.get("/admin/deliveries?state=delivered")
    assert "<strong>204</strong>" in log.text
    assert secret.group(1) not in log.text
    hooks = client.get("/admin/webhooks").text
    assert "1 delivered" in hooks
    hook_id = int(re.search(r'id="webhook-(\d+)"', hooks).group(1))  # type: ignore[union-attr]
    paused = client.post(
        f"/admin/webhooks/{hook_id}", data={"events": ["review.due"], "_csrf_token": token}, follow_redirects=True
    )
    assert "paused" in paused.text
    removed = client.post(f"/admin/webhooks/{hook_id}/delete", data={"_csrf_token": token})
    assert removed.status_code == 200
    assert "No receivers yet." in removed.text


@pytest.mark.parametrize("role", [None, "architect", "board"])
def test_only_the_chair_sees_the_webhook_pages(client: TestClient[Any], role: str | None) -> None:
    if role:
        bf.user("someone", [role])
        login(client, "someone", "correct-horse-battery")
    for path in ("/admin/webhooks", "/admin/deliveries"):
        assert client.get(path, follow_redirects=False).status_code in ((302, 303) if role is None else (403,))


def test_the_atom_feed_lists_editions_ring_changes_and_published_decisions(client: TestClient[Any]) -> None:
    from evaluations.publishing import publish_edition

    bf.radar()
    members = bf.board(3)
    ballot_id = bf.run(ballots.open_ballot(bf.proposal(blip_slug="rust", name="Rust", target="trial"), None))
    for member in members:
        bf.run(ballots.cast_vote(ballot_id, member, "yes"))
    before = ET.fromstring(client.get("/feed.atom").content)  # noqa: S314 (our own feed)
    assert before.findall(f"{ATOM}entry") == []  # nothing published yet: no decision either
    bf.run(publish_edition("2026-2", "2026.2 — November", date.today(), "Intro"))
    response = client.get("/feed.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{required}") or "").strip(), required
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href", "").startswith("http")
    assert "Edition 2026.2 — November published" in titles
    assert "ADR-0001 accepted: Move Rust from Assess to Trial" in titles
    assert "Rust: new, now in Trial (2026.2 — November)" in titles
    assert len(entries) == 5  # the edition, three new blips, one decision
    home = client.get("/").text
    assert '<link rel="alternate" type="application/atom+xml"' in home
    assert bf.run(Proposal.count().run()) == 1


BYOR_CSV = b"""name,ring,quadrant,isNew,description
Kafka,adopt,platforms,FALSE,Event streaming
Zig,assess,languages,TRUE,A small systems language
Nowhere,orbit,platforms,TRUE,An unknown ring
"""


def test_the_chair_imports_through_the_api_dry_run_first(client: TestClient[Any]) -> None:
    bf.radar()
    bf.user("chair", ["chair"])
    bf.user("ada", ["architect"])
    login(client, "chair", "correct-horse-battery")
    token = new_token(client, "write")
    headers = {**bearer(token), "Content-Type": "text/csv"}
    with TestClient(app=client.app) as script:
        dry = script.post("/api/import?filename=radar.csv", content=BYOR_CSV, headers=headers)
        assert dry.status_code == 200, dry.text
        plan = dry.json()
        assert (plan["applied"], plan["format"], plan["created"], plan["changed"], plan["rejected"]) == (
            False,
            "byor-csv",
            1,
            1,
            1,
        )
        assert plan["problems"][0]["line"] == 4 and "orbit" in plan["problems"][0]["reason"]
        assert bf.run(Blip.count().run()) == 3  # nothing written
        refused = script.post("/api/import?filename=radar.csv&apply=true", content=BYOR_CSV, headers=headers)
        assert refused.status_code == 409
        assert "Nothing was imported" in refused.json()["detail"]
        applied = script.post(
            "/api/import?filename=radar.csv&apply=true&valid_only=true", content=BYOR_CSV, headers=headers
        )
        assert applied.status_code == 200, applied.text
        assert applied.json()["applied"] is True
        assert bf.run(Blip.exists().where(Blip.slug == "zig").run())
        assert script.post("/api/import", content=b"", headers=headers).status_code == 400
    login(client, "ada", "correct-horse-battery")
    architect_token = new_token(client, "write", "architect script")
    with TestClient(app=client.app) as script:
        assert script.post("/api/import", content=BYOR_CSV, headers=bearer(architect_token)).status_code == 403
