"""A vote storm: N members each submit several votes at once over HTTP (the real app, in-process).

Used by the PostgreSQL concurrency test and by `make bench`, which prints the timings.
"""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import time
from dataclasses import dataclass
from typing import Any

import httpx

from evaluations import ballots
from evaluations.tables import Ballot, Vote
from radar import accounts
from radar.audit import now
from radar.tables import Blip, RoleMembership, User

CSRF_INPUT = re.compile(r'name="_csrf_token" value="([^"]+)"')
PASSWORD = "correct-horse-battery"


@dataclass
class StormResult:
    ballot_id: int
    statuses: list[int]
    latencies: list[float]
    elapsed: float
    submitted: dict[int, set[str]]  # voter id -> the choices they sent

    def summary(self) -> str:
        ordered = sorted(self.latencies)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        return (
            f"{len(self.statuses)} vote submissions in {self.elapsed:.2f} s "
            f"({len(self.statuses) / self.elapsed:.0f}/s); latency median {statistics.median(ordered) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms; statuses {sorted(set(self.statuses))}"
        )


async def prepare(members: int) -> tuple[int, list[tuple[int, str]]]:
    """`members` board members and an open Trial ballot on the first blip (early close off, so every vote
    lands). Needs a radar with a blip in Assess or Trial-eligible ring; builds a review ballot otherwise."""
    people = []
    password_hash = await accounts.hash_password(PASSWORD)  # once: argon2 is slow on purpose
    for index in range(members):
        username = f"storm{index:02d}"
        user = User(username=username, display_name=f"Storm {index}", password_hash=password_hash, created_at=now())
        await user.save().run()
        await RoleMembership(user=user.id, role="board", granted_at=now()).save().run()
        people.append((int(user.id), username))
    blip = await Blip.select(Blip.slug).order_by(Blip.id).first().run()
    ballot_id = await ballots.open_review_ballot(blip["slug"], None, None)
    rules = (await Ballot.select(Ballot.rules).where(Ballot.id == ballot_id).first().output(load_json=True).run())[
        "rules"
    ]
    await Ballot.update({Ballot.rules: {**rules, "early_close": False}}).where(Ballot.id == ballot_id).run()
    return ballot_id, people


async def _signed_in(app: Any, username: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://radar.test")
    page = await client.get("/login")
    token = CSRF_INPUT.search(page.text)
    assert token
    response = await client.post(
        "/login", data={"username": username, "password": PASSWORD, "_csrf_token": token.group(1)}
    )
    assert response.status_code == 303, response.text
    await client.get("/")  # signing in rotates the CSRF token: the next page issues this session's own
    return client


async def storm(app: Any, ballot_id: int, people: list[tuple[int, str]], per_member: int, seed: int = 7) -> StormResult:
    """Every member sends `per_member` votes concurrently (100 in all for 20 x 5), in a shuffled order."""
    clients = {voter: await _signed_in(app, username) for voter, username in people}
    tokens = {voter: client.cookies.get("csrftoken") or "" for voter, client in clients.items()}
    rng = random.Random(seed)
    jobs = [(voter, rng.choice(["yes", "no", "abstain"])) for voter, _ in people for _ in range(per_member)]
    rng.shuffle(jobs)
    submitted: dict[int, set[str]] = {}
    for voter, choice in jobs:
        submitted.setdefault(voter, set()).add(choice)

    async def submit(voter: int, choice: str) -> tuple[int, float]:
        started = time.perf_counter()
        response = await clients[voter].post(
            f"/ballots/{ballot_id}/vote", data={"choice": choice, "comment": "storm", "_csrf_token": tokens[voter]}
        )
        return response.status_code, time.perf_counter() - started

    started = time.perf_counter()
    results = await asyncio.gather(*(submit(voter, choice) for voter, choice in jobs))
    elapsed = time.perf_counter() - started
    for client in clients.values():
        await client.aclose()
    return StormResult(ballot_id, [s for s, _ in results], [t for _, t in results], elapsed, submitted)


async def votes_of(ballot_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await Vote.select(Vote.voter, Vote.choice).where(Vote.ballot == ballot_id).run()
    return rows


async def main() -> None:
    """`make bench`: a fresh PostgreSQL database (DATABASE_URL), migrated, a small radar, then the storm."""
    import logging
    import os

    logging.getLogger("httpx").setLevel(logging.WARNING)
    os.environ.setdefault("RADAR_ENV", "test")
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-0123456789abcdef0123456789")
    from tests.factories import _make_radar
    from web.app import create_app
    from web.cli import migrate
    from web.settings import load_settings

    await migrate()
    from datetime import UTC, datetime

    await _make_radar([("Kafka", "platforms", "trial")], datetime(2026, 1, 5, tzinfo=UTC))
    ballot_id, people = await prepare(20)
    db = Blip._meta.db
    await db.start_connection_pool(max_size=20)
    try:
        result = await storm(create_app(load_settings()), ballot_id, people, per_member=5)
    finally:
        await db.close_connection_pool()
    rows = await votes_of(ballot_id)
    view = await ballots.ballot_view(ballot_id)
    print(f"vote storm: {result.summary()}")
    print(
        f"vote storm: {len(rows)} vote rows for {len(people)} members; tally {view.tally.yes} yes, "
        f"{view.tally.no} no, {view.tally.abstain} abstain"
    )


if __name__ == "__main__":
    asyncio.run(main())
