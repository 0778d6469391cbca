"""The published radar: filters, search, editions (publish, view as it was, diff), fading, caching, the API,
quadrant and ring admin, and query counts that do not grow with the number of blips."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import plotly.graph_objects as go
import pytest
from litestar.testing import TestClient
from piccolo.engine.base import Engine

from radar.editions import publish_edition
from radar.tables import Blip, Edition, Quadrant, Ring, RingChange
from tests.conftest import _empty_tables, csrf_token, login, make_user
from tests.factories import embedded_figure, make_radar
from web.caching import clear_view_cache

BLIPS = [
    ("Kafka", "platforms", "adopt"),
    ("Rust", "languages", "assess"),
    ("CQRS", "techniques", "trial"),
    ("Jenkins", "tools", "hold"),
    ("Kotlin", "languages", "trial"),
]


def _drawn(figure: dict[str, Any]) -> list[str]:
    return sorted(row[0] for trace in figure["data"] if trace.get("meta") == "blips" for row in trace["customdata"])


def _move(slug: str, ring: str, when: datetime) -> None:
    async def move() -> None:
        blip = await Blip.objects().where(Blip.slug == slug).first().run()
        target = await Ring.objects().where(Ring.slug == ring).first().run()
        assert blip and target
        await (
            RingChange(blip=blip.id, from_ring=blip.ring, to_ring=target.id, changed_at=when, reason="moved")
            .save()
            .run()
        )
        await Blip.update({Blip.ring: target.id}).where(Blip.id == blip.id).run()

    asyncio.run(move())


def _publish(slug: str, day: date) -> None:
    asyncio.run(publish_edition(slug, f"Edition {slug}", day, "Intro **text**"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("quadrant=languages", ["kotlin", "rust"]),
        ("ring=trial", ["cqrs", "kotlin"]),
        ("tag=test", ["cqrs", "jenkins", "kafka", "kotlin", "rust"]),
        ("owner=Team+A&ring=hold", ["jenkins"]),
        ("movement=new", ["cqrs", "jenkins", "kafka", "kotlin", "rust"]),
        ("movement=moved_in", []),
        ("q=kafka", ["kafka"]),
        ("q=KOT+line", ["kotlin"]),  # every word, any case, in name/summary/description
    ],
)
def test_filters_and_search_change_what_is_drawn(client: TestClient[Any], query: str, expected: list[str]) -> None:
    make_radar(BLIPS)
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    figure = embedded_figure(response.text)
    go.Figure(figure)
    assert _drawn(figure) == expected
    rows = re.findall(r'<tr data-slug="([a-z-]+)"', response.text)
    assert sorted(rows) == expected


def test_a_filtered_blip_stays_where_it_is_drawn_unfiltered(client: TestClient[Any]) -> None:
    make_radar(BLIPS)

    def positions(figure: dict[str, Any]) -> dict[str, tuple[float, float]]:
        return {
            row[0]: (trace["r"][i], trace["theta"][i])
            for trace in figure["data"]
            if trace.get("meta") == "blips"
            for i, row in enumerate(trace["customdata"])
        }

    everything = positions(embedded_figure(client.get("/").text))
    only = positions(embedded_figure(client.get("/?quadrant=languages").text))
    assert only == {slug: everything[slug] for slug in ("kotlin", "rust")}


@pytest.mark.parametrize("query", ["quadrant=nope", "ring=%3Cscript%3E", "movement=sideways", "tag=x&owner=y"])
def test_bad_filter_values_are_ignored_with_a_notice(client: TestClient[Any], query: str) -> None:
    make_radar(BLIPS)
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert "Ignored the" in response.text
    assert "<script>" not in response.text.split("<main")[1].split("</main>")[0].replace("<script type=", "")
    assert len(_drawn(embedded_figure(response.text))) == 5


def test_publishing_snapshots_rings_movements_and_positions(client: TestClient[Any]) -> None:
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    make_radar(BLIPS, when=start)
    _publish("2026-1", date(2026, 1, 10))
    _move("kotlin", "adopt", start + timedelta(days=30))
    _move("jenkins", "assess", start + timedelta(days=31))
    _publish("2026-2", date(2026, 3, 1))
    first = client.get("/api/editions/2026-1").json()
    second = client.get("/api/editions/2026-2").json()
    assert {blip["movement"] for blip in first["blips"]} == {"new"}
    movements = {blip["slug"]: blip["movement"] for blip in second["blips"]}
    assert movements == {
        "kafka": "no_change",
        "rust": "no_change",
        "cqrs": "no_change",
        "jenkins": "moved_in",
        "kotlin": "moved_in",
    }
    before = {blip["slug"]: (blip["r"], blip["theta"]) for blip in first["blips"]}
    after = {blip["slug"]: (blip["r"], blip["theta"]) for blip in second["blips"]}
    for slug in ("kafka", "rust", "cqrs"):  # same quadrant and ring: exactly the same place
        assert after[slug] == before[slug]
    current = {blip["slug"]: (blip["r"], blip["theta"]) for blip in client.get("/api/radar").json()["blips"]}
    assert current == after
    # an old edition renders as it was
    page = client.get("/editions/2026-1")
    assert page.status_code == 200
    assert "Intro <strong>text</strong>" in page.text
    assert "Kotlin" in page.text
    assert "Trial" in page.text


def test_diff_between_editions_page_and_api(client: TestClient[Any]) -> None:
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    make_radar(BLIPS, when=start)
    _publish("2026-1", date(2026, 1, 10))
    _move("kotlin", "adopt", start + timedelta(days=30))
    _move("kafka", "hold", start + timedelta(days=31))
    asyncio.run(Blip.update({Blip.description: "New text"}).where(Blip.slug == "rust").run())
    asyncio.run(Blip.update({Blip.retired_at: start + timedelta(days=32)}).where(Blip.slug == "jenkins").run())
    _publish("2026-2", date(2026, 3, 1))
    diff = client.get("/api/editions/2026-1/diff/2026-2").json()
    assert [line["slug"] for line in diff["moved_in"]] == ["kotlin"]
    assert [line["slug"] for line in diff["moved_out"]] == ["kafka"]
    assert [line["slug"] for line in diff["description_changed"]] == ["rust"]
    assert [line["slug"] for line in diff["removed"]] == ["jenkins"]
    assert diff["unchanged"] == 1
    assert client.get("/api/editions/2026-2/diff/2026-1").json() == diff  # either order
    page = client.get("/editions/2026-1/diff/2026-2")
    assert page.status_code == 200
    assert "Moved in" in page.text and "Kotlin" in page.text


@pytest.mark.parametrize(
    "path", ["/editions/nope", "/editions/nope/diff/other", "/blips/nope", "/api/editions/nope", "/api/blips/nope"]
)
def test_unknown_edition_or_blip_is_a_404(client: TestClient[Any], path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404


def test_blips_not_reaffirmed_for_three_editions_fade_but_stay_searchable(client: TestClient[Any]) -> None:
    start = datetime(2025, 1, 5, 9, 0, tzinfo=UTC)
    make_radar(BLIPS, when=start)
    for index in range(3):
        _publish(f"e{index}", date(2025, 2 + index, 1))
    _move("kotlin", "adopt", datetime(2025, 4, 15, tzinfo=UTC))  # re-affirmed by its ring change
    _publish("e3", date(2025, 5, 1))  # the published radar shows it from this edition on
    radar = client.get("/api/radar").json()
    faded = sorted(blip["slug"] for blip in radar["blips"] if blip["faded"])
    assert faded == ["cqrs", "jenkins", "kafka", "rust"]
    page = client.get("/")
    assert _drawn(embedded_figure(page.text)) == ["kotlin"]
    assert page.text.count(">faded</span>") == 4
    assert _drawn(embedded_figure(client.get("/?q=kafka").text)) == []  # searchable, still not drawn
    assert 'data-slug="kafka"' in client.get("/?q=kafka").text
    # the chair re-affirms one: it comes back with the next edition
    make_user("chair", ["chair"])
    login(client, "chair", "correct-horse-battery")
    token = csrf_token(client, "/blips/kafka")
    client.post("/blips/kafka/reaffirm", data={"_csrf_token": token})
    assert "kafka" not in _drawn(embedded_figure(client.get("/").text))
    _publish("e4", date.today())
    assert "kafka" in _drawn(embedded_figure(client.get("/").text))


def test_chair_publishes_an_edition_through_the_form(client: TestClient[Any]) -> None:
    make_radar(BLIPS)
    make_user("chair", ["chair"])
    make_user("ada", ["architect", "board"])
    login(client, "ada", "correct-horse-battery")
    assert client.get("/editions/new").status_code == 403
    login(client, "chair", "correct-horse-battery")
    token = csrf_token(client, "/editions/new")
    bad = client.post(
        "/editions",
        data={
            "name": "",
            "slug": "Bad Slug",
            "published_on": "2026-13-45",
            "introduction": "kept intro",
            "_csrf_token": token,
        },
    )
    assert bad.status_code == 400
    for field in ("name", "slug", "published_on"):
        assert f'id="f-{field}-error"' in bad.text
    assert "kept intro" in bad.text and 'value="Bad Slug"' in bad.text
    assert asyncio.run(Edition.count().run()) == 0
    details = {"name": "2026.2 — November", "slug": "2026-2", "published_on": "2026-11-20", "introduction": "Hello"}
    preview = client.post("/editions", data={**details, "action": "preview", "_csrf_token": token})
    assert preview.status_code == 200
    assert 'id="publish-preview"' in preview.text
    assert "5 added, 0 removed" in preview.text  # against an empty radar: everything is new
    assert asyncio.run(Edition.count().run()) == 0  # a preview publishes nothing
    ok = client.post("/editions", data={**details, "action": "publish", "_csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303
    assert ok.headers["location"] == "/editions/2026-2"
    again = client.post(
        "/editions",
        data={
            "name": "Again",
            "slug": "2026-2",
            "published_on": "2026-11-21",
            "action": "publish",
            "_csrf_token": token,
        },
    )
    assert again.status_code == 400 and "exists already" in again.text
    earlier = client.post(
        "/editions", data={"name": "Earlier", "slug": "2026-0", "published_on": "2026-01-01", "_csrf_token": token}
    )
    assert earlier.status_code == 400 and "Must not be before" in earlier.text
    assert asyncio.run(Edition.count().run()) == 1
    assert "2026.2 — November" in client.get("/editions").text


def test_radar_page_revalidates_with_etag_and_changes_after_an_edit(client: TestClient[Any]) -> None:
    make_radar(BLIPS)
    client.get("/")  # the first visit sets the CSRF cookie the page depends on
    first = client.get("/")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 304
    api = client.get("/api/radar")
    assert client.get("/api/radar", headers={"If-None-Match": api.headers["etag"]}).status_code == 304
    _move("rust", "trial", datetime.now(UTC))
    changed = client.get("/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


def test_radar_page_is_compressed(client: TestClient[Any]) -> None:
    make_radar(BLIPS)
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"


def test_api_lists_are_paginated(client: TestClient[Any]) -> None:
    make_radar(BLIPS)
    page = client.get("/api/blips?per_page=2&page=2").json()
    assert page["total"] == 5 and page["page"] == 2 and len(page["items"]) == 2
    assert client.get("/api/blips?per_page=1000").json()["per_page"] == 200
    assert client.get("/api/blips?ring=trial").json()["total"] == 2
    assert client.get("/api/editions").json() == {"items": [], "page": 1, "per_page": 50, "total": 0}


def test_chair_edits_quadrants_and_rings(client: TestClient[Any]) -> None:
    make_radar(BLIPS)
    make_user("chair", ["chair"])
    login(client, "chair", "correct-horse-battery")
    token = csrf_token(client, "/admin/radar")
    ring = asyncio.run(Ring.objects().where(Ring.slug == "trial").first().run())
    assert ring is not None
    assert f'id="ring-{ring.id}-review_after_months" name="review_after_months" type="number" value="12"' in (
        client.get("/admin/radar").text
    )
    renamed = client.post(
        f"/admin/radar/ring/{ring.id}",
        data={
            "name": "Pilot",
            "position": "1",
            "description": "Run a pilot",
            "colour": "#123456",
            "review_after_months": "9",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert renamed.status_code == 303
    assert "Pilot" in client.get("/blips/cqrs").text  # history and blips follow the rename
    bad = client.post(
        f"/admin/radar/ring/{ring.id}",
        data={
            "name": "",
            "position": "x",
            "description": "kept",
            "colour": "blue",
            "review_after_months": "0",
            "_csrf_token": token,
        },
    )
    assert bad.status_code == 400
    for field in ("name", "position", "colour", "review_after_months"):
        assert f'id="ring-{ring.id}-{field}-error"' in bad.text
    assert 'value="kept"' in bad.text
    quadrant = asyncio.run(Quadrant.objects().where(Quadrant.slug == "tools").first().run())
    assert quadrant is not None
    refused = client.post(f"/admin/radar/quadrant/{quadrant.id}/remove", data={"_csrf_token": token})
    assert refused.status_code == 400
    assert "holds 1 blip(s)" in refused.text
    added = client.post(
        "/admin/radar/quadrant",
        data={"name": "Data", "position": "5", "description": "Data things", "_csrf_token": token},
        follow_redirects=False,
    )
    assert added.status_code == 303
    new = asyncio.run(Quadrant.objects().where(Quadrant.slug == "data").first().run())
    assert new is not None
    assert (
        client.post(
            f"/admin/radar/quadrant/{new.id}/remove", data={"_csrf_token": token}, follow_redirects=False
        ).status_code
        == 303
    )
    assert asyncio.run(Quadrant.count().run()) == 4
    go.Figure(embedded_figure(client.get("/").text))


class QueryCounter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, engine: Engine[Any]) -> None:
        self.count = 0
        original = type(engine).run_querystring

        async def counting(engine_self: Any, *args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await original(engine_self, *args, **kwargs)

        monkeypatch.setattr(type(engine), "run_querystring", counting)


def test_queries_per_page_do_not_grow_with_the_number_of_blips(
    client: TestClient[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = QueryCounter(monkeypatch, Blip._meta.db)
    quadrants, rings = ["techniques", "tools", "platforms", "languages"], ["adopt", "trial", "assess", "hold"]
    counts: dict[int, list[int]] = {}
    for size in (20, 120):
        asyncio.run(_empty_tables())
        clear_view_cache()
        make_radar([(f"Tech {i}", quadrants[i % 4], rings[(i // 4) % 4]) for i in range(size)])
        _publish("e1", date(2026, 1, 10))
        counts[size] = []
        for path in ("/", "/editions/e1", "/api/radar", "/api/blips", "/blips/tech-3", "/editions/e1/diff/e1"):
            counter.count = 0
            assert client.get(path).status_code == 200
            counts[size].append(counter.count)
    assert counts[120] == counts[20]


def test_blip_page_lists_its_proposals_to_signed_in_people(client: TestClient[Any], seeded: Any) -> None:
    from evaluations.tables import Proposal

    proposal = asyncio.run(
        Proposal.select(Proposal.number, Proposal.blip.slug.as_alias("slug"))
        .where(Proposal.blip.is_not_null() & (Proposal.state != "draft"))
        .first()
        .run()
    )
    assert proposal is not None
    page = f"/blips/{proposal['slug']}"
    assert f'href="/proposals/{proposal["number"]}"' not in client.get(page).text  # anonymous: not listed
    login(client, "viewer", seeded.logins[0][1])
    assert f'href="/proposals/{proposal["number"]}"' in client.get(page).text


def test_chair_opens_a_ballot_from_the_proposal_page_and_decisions_show_on_blip_pages(
    client: TestClient[Any], seeded: Any
) -> None:
    from evaluations.tables import DecisionRecord, Proposal

    passwords = {username: password for username, password, _ in seeded.logins}
    login(client, "chair", passwords["chair"])
    temporal = asyncio.run(Proposal.select().where(Proposal.technology_name == "Temporal").first().run())
    assert temporal is not None and temporal["state"] == "evaluating"
    page = client.get(f"/proposals/{temporal['number']}")
    assert f'action="/board/proposals/{temporal["id"]}/ballot"' in page.text
    token = csrf_token(client, f"/proposals/{temporal['number']}")
    opened = client.post(f"/board/proposals/{temporal['id']}/ballot", data={"_csrf_token": token},
                         follow_redirects=False)  # fmt: skip
    assert opened.status_code == 303
    assert opened.headers["location"].startswith("/ballots/")
    assert 'href="' + opened.headers["location"] + '"' in client.get(f"/proposals/{temporal['number']}").text
    record = asyncio.run(
        DecisionRecord.select(DecisionRecord.number, DecisionRecord.blip.slug.as_alias("slug"))
        .where(DecisionRecord.blip.is_not_null())
        .first()
        .run()
    )
    assert record is not None
    assert f'href="/decisions/{record["number"]}"' in client.get(f"/blips/{record['slug']}").text
