"""Several processes on one PostgreSQL: two `radar serve` processes with two uvicorn workers each, every worker
running its scheduler (BALLOT_CLOSE_INTERVAL=1). The chair opens review ballots through both, the board and
advisory voters storm them through both, then every deadline passes at once. Every ballot must close exactly once
with one decision record and one ADR number, outbox messages must be written once, and a session made on one
process must be valid on the other."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections import Counter
from typing import Any

import asyncpg
import httpx
import pytest

from tests.live import Server, environment, on_postgres, prepare, scratch_database, signed_in

pytestmark = pytest.mark.skipif(not on_postgres(), reason="several processes share one PostgreSQL database")

MEMBERS = ["board", "board2", "board3", "chair"]
ADVISORS = ["viewer", "architect", "evaluator"]


async def _query(url: str, sql: str) -> list[Any]:
    connection = await asyncpg.connect(url)
    try:
        return list(await connection.fetch(sql))
    finally:
        await connection.close()


def query(url: str, sql: str) -> list[Any]:
    return asyncio.run(_query(url, sql))


def _on(client: httpx.Client, base: str) -> httpx.Client:
    """The same signed-in session (cookies and CSRF header), sent to another process."""
    other = httpx.Client(base_url=base, timeout=client.timeout, headers=dict(client.headers))
    other.cookies.update(client.cookies)
    return other


def test_two_processes_with_two_workers_each_close_every_ballot_once() -> None:
    with scratch_database() as url:
        env = environment(url, BALLOT_CLOSE_INTERVAL="1", DB_POOL_SIZE="4")
        logins = prepare(env)
        with Server(env, workers=2) as first, Server(env, workers=2) as second:
            bases = [first.base, second.base]
            started = time.monotonic()
            # A session made on one process is valid on the other.
            chair_first = signed_in(first.base, "chair", logins["chair"])
            chair_second = _on(chair_first, second.base)
            assert "Sign out" in chair_second.get("/").text
            assert chair_second.get("/api/votes/mine").status_code == 200

            # The chair opens review ballots through both processes at once.
            open_before = {row["blip"] for row in query(url, "SELECT blip FROM ballot WHERE state = 'open'")}
            blips = [blip["slug"] for blip in chair_first.get("/api/blips", params={"per_page": 200}).json()["items"]]
            ids = {row["slug"]: row["id"] for row in query(url, "SELECT id, slug FROM blip")}
            targets = [slug for slug in blips if ids[slug] not in open_before][:12]
            opened = []

            def open_review(slug: str, client: httpx.Client) -> None:
                opened.append(client.post(f"/board/reviews/{slug}/ballot", data={}).status_code)

            openers = [
                threading.Thread(target=open_review, args=(slug, (chair_first, chair_second)[index % 2]))
                for index, slug in enumerate(targets)
            ]
            for thread in openers:
                thread.start()
            for thread in openers:
                thread.join(timeout=30)
            assert opened and set(opened) == {303}, opened

            # The vote storm: members and advisors vote and change their votes through both processes.
            ballots = [row["id"] for row in query(url, "SELECT id FROM ballot WHERE state = 'open'")]
            recorded_before = len(query(url, "SELECT id FROM outbox_message WHERE topic = 'decision.recorded'"))
            answers: Counter[int] = Counter()

            def storm(username: str) -> None:
                home = signed_in(bases[0], username, logins[username])
                clients = [home, _on(home, bases[1])]
                rng = random.Random(username)
                for turn in range(30):
                    ballot = rng.choice(ballots)
                    choice = rng.choice(["yes", "yes", "no", "abstain"])
                    response = clients[turn % 2].put(f"/api/ballots/{ballot}/vote", json={"choice": choice})
                    answers[response.status_code] += 1

            voters = [threading.Thread(target=storm, args=(name,)) for name in MEMBERS + ADVISORS]
            for thread in voters:
                thread.start()
            for thread in voters:
                thread.join(timeout=60)
            assert set(answers) <= {200, 400}, (answers, first.output()[-3000:], second.output()[-3000:])  # 400: closed

            # Every deadline passes at once (extended already, so each ends now); the schedulers race for them.
            query(
                url, "UPDATE ballot SET closes_at = now() - interval '1 second', extended = true WHERE state = 'open'"
            )
            deadline = time.monotonic() + 30
            while query(url, "SELECT id FROM ballot WHERE state = 'open'") and time.monotonic() < deadline:
                time.sleep(0.25)
            still_open = query(url, "SELECT id FROM ballot WHERE state = 'open'")
            assert not still_open, f"ballots left open: {still_open}"

            under_test = set(ballots)
            ballots_all = [row for row in query(url, "SELECT id, state FROM ballot") if row["id"] in under_test]
            records = query(url, "SELECT ballot, number FROM decision_record")
            per_ballot = Counter(row["ballot"] for row in records if row["ballot"] in under_test)
            numbers = sorted(row["number"] for row in records)
            decided = [
                row
                for row in query(url, "SELECT subject FROM audit_event WHERE action IN "
                                      "('ballot.passed', 'ballot.failed', 'ballot.no_decision')")
                if int(row["subject"]) in under_test
            ]  # fmt: skip
            outbox = query(url, "SELECT topic, payload::text AS payload FROM outbox_message")
            topics = Counter(row["topic"] for row in outbox)
            duplicates = [
                key for key, count in Counter((r["topic"], r["payload"]) for r in outbox).items() if count > 1
            ]
            elapsed = time.monotonic() - started
            print(
                f"several processes: {len(ballots_all)} ballots "
                f"({dict(Counter(row['state'] for row in ballots_all))}), votes {dict(answers)}, "
                f"{len(records)} decision records ADR-{numbers[0]:04d}..ADR-{numbers[-1]:04d}, "
                f"outbox {dict(topics)}, {elapsed:.1f} s"
            )
            assert all(count == 1 for count in per_ballot.values()), per_ballot
            assert set(per_ballot) == {row["id"] for row in ballots_all}, "a ballot closed without its record"
            assert numbers == list(range(1, len(numbers) + 1)), "ADR numbers skip or repeat"
            assert sorted(Counter(row["subject"] for row in decided).values()) == [1] * len(ballots_all)
            assert topics["decision.recorded"] - recorded_before == len(ballots_all)
            assert not duplicates, f"outbox messages written twice: {duplicates[:3]}"
            for server in (first, second):
                assert "Traceback" not in server.output(), server.output()[-2000:]
