"""The chair's audit trail: /admin/audit and GET /api/audit, filtered by who, what, object and date, paginated."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar.testing import TestClient

from radar import audit
from radar.tables import AuditEvent
from tests.conftest import login, make_user
from tests.factories import make_radar

DAY = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


async def _events(ada: int, chris: int) -> None:
    rows = [
        AuditEvent(at=DAY, actor=ada, action="proposal.submit", subject_type="proposal", subject="P-0001", detail={}),
        AuditEvent(at=DAY + timedelta(days=1), actor=chris, action="proposal.accept", subject_type="proposal",
                   subject="P-0001", detail={"evaluators": [1]}),
        AuditEvent(at=DAY + timedelta(days=2), actor=None, action="ballot.passed", subject_type="ballot", subject="1",
                   detail={"ref": "ADR-0001"}),
        AuditEvent(at=DAY + timedelta(days=3), actor=chris, action="blip.reaffirm", subject_type="blip",
                   subject="kafka", detail={}),
    ]  # fmt: skip
    await AuditEvent.insert(*rows).run()


def _chair_with_events(client: TestClient[Any]) -> None:
    ada = make_user("ada", ["architect"])
    chris = make_user("chris", ["chair"])
    login(client, "chris", "correct-horse-battery")
    asyncio.run(AuditEvent.delete(force=True).run())  # users and logins are audited too: start from known events
    asyncio.run(_events(ada, chris))


def _subjects(html: str) -> list[str]:
    return [
        part.split("</a>")[0].split(">")[-1]
        for part in html.split('<td data-label="Object"><a href="/admin/audit?')[1:]
    ]


def test_the_chair_filters_by_who_what_object_and_date(client: TestClient[Any]) -> None:
    _chair_with_events(client)
    page = client.get("/admin/audit")
    assert page.status_code == 200
    assert _subjects(page.text)[:4] == ["blip kafka", "ballot 1", "proposal P-0001", "proposal P-0001"]
    by_who = client.get("/admin/audit", params={"actor": "ada"})
    assert _subjects(by_who.text) == ["proposal P-0001"]
    assert "proposal.submit" in by_who.text
    assert 'value="ada" selected' in by_who.text
    system = client.get("/admin/audit", params={"actor": audit.SYSTEM_ACTOR})
    assert _subjects(system.text) == ["ballot 1"]
    by_what = client.get("/admin/audit", params={"action": "proposal.accept"})
    assert _subjects(by_what.text) == ["proposal P-0001"] and "Chris" in by_what.text
    by_object = client.get("/admin/audit", params={"subject_type": "proposal", "subject": "P-0001"})
    assert len(_subjects(by_object.text)) == 2
    by_date = client.get("/admin/audit", params={"since": "2026-03-11", "until": "2026-03-12"})
    assert _subjects(by_date.text) == ["ballot 1", "proposal P-0001"]


def test_a_bad_date_is_marked_next_to_its_field_and_kept(client: TestClient[Any]) -> None:
    _chair_with_events(client)
    page = client.get("/admin/audit", params={"since": "10/03/2026", "actor": "ada"})
    assert page.status_code == 400
    assert 'id="f-since-error"' in page.text and "YYYY-MM-DD" in page.text
    assert 'aria-invalid="true" aria-describedby="f-since-error"' in page.text
    assert 'value="10/03/2026"' in page.text
    assert _subjects(page.text) == ["proposal P-0001"]  # the other filters still apply
    backwards = client.get("/admin/audit", params={"since": "2026-03-12", "until": "2026-03-10"})
    assert backwards.status_code == 400 and "before the start date" in backwards.text


def test_the_trail_is_paginated(client: TestClient[Any]) -> None:
    _chair_with_events(client)
    extra = [
        AuditEvent(at=DAY - timedelta(minutes=i), actor=None, action="seed.load", subject_type="radar", subject=str(i))
        for i in range(1, 61)
    ]
    asyncio.run(AuditEvent.insert(*extra).run())
    first = client.get("/admin/audit")
    assert "64 events, page 1 of 2" in first.text
    assert len(_subjects(first.text)) == 50
    assert 'rel="next"' in first.text and 'rel="prev"' not in first.text
    second = client.get("/admin/audit", params={"page": 2})
    assert len(_subjects(second.text)) == 14 and 'rel="prev"' in second.text
    filtered = client.get("/admin/audit", params={"action": "seed.load", "page": 2})
    assert len(_subjects(filtered.text)) == 10
    assert "action=seed.load&amp;page=1" in filtered.text  # the pager keeps the filters


def test_the_api_pages_with_limit_and_offset(client: TestClient[Any]) -> None:
    _chair_with_events(client)
    response = client.get("/api/audit", params={"limit": 2, "offset": 1})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 4 and body["limit"] == 2 and body["offset"] == 1
    assert [item["action"] for item in body["items"]] == ["ballot.passed", "proposal.accept"]
    assert body["items"][0]["actor"] is None and body["items"][1]["actor"] == "chris"
    assert body["items"][0]["detail"] == {"ref": "ADR-0001"}
    filtered = client.get("/api/audit", params={"subject_type": "blip", "subject": "kafka"}).json()
    assert [item["action"] for item in filtered["items"]] == ["blip.reaffirm"]
    assert client.get("/api/audit", params={"since": "yesterday"}).status_code == 400
    assert client.get("/api/audit", params={"limit": 0}).status_code == 400


def test_only_the_chair_reads_the_trail(client: TestClient[Any]) -> None:
    make_user("bea", ["board", "architect", "evaluator"])
    assert client.get("/admin/audit", follow_redirects=False).status_code in (302, 303)
    assert client.get("/api/audit").status_code == 401
    login(client, "bea", "correct-horse-battery")
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/api/audit").status_code == 403


def test_proposal_and_blip_pages_link_their_trail_for_the_chair(client: TestClient[Any]) -> None:
    make_radar([("Kafka", "platforms", "trial")])
    make_user("chris", ["chair"])
    make_user("vera", [])
    login(client, "vera", "correct-horse-battery")
    assert "Audit trail" not in client.get("/blips/kafka").text
    client.cookies.clear()
    login(client, "chris", "correct-horse-battery")
    page = client.get("/blips/kafka").text
    assert 'href="/admin/audit?subject_type=blip&amp;subject=kafka">Audit trail</a>' in page

    from tests.board_factories import proposal

    proposal(blip_slug="kafka", name="Kafka", target="adopt", state="submitted")
    detail = client.get("/proposals/1").text
    assert 'href="/admin/audit?subject_type=proposal&amp;subject=P-0001">Audit trail</a>' in detail
    assert client.get("/admin/audit", params={"subject_type": "proposal", "subject": "P-0001"}).status_code == 200
