"""Concurrent vote submissions on PostgreSQL leave exactly one vote per member and the right tally."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from evaluations import ballots
from radar.tables import Blip
from tests.benchmarks.vote_storm import prepare, storm, votes_of
from tests.conftest import ENGINE
from tests.factories import make_radar
from web.app import create_app
from web.settings import load_settings

pytestmark = pytest.mark.skipif(
    ENGINE != "postgres",
    reason="needs PostgreSQL: SQLite serialises every write transaction, so there is no concurrency to test",
)


def test_a_hundred_concurrent_votes_from_twenty_members_leave_one_vote_each_and_the_right_tally() -> None:
    make_radar([("Kafka", "platforms", "trial")])

    async def scenario() -> None:
        ballot_id, people = await prepare(20)
        db = Blip._meta.db
        await db.start_connection_pool(max_size=20)
        try:
            result = await storm(create_app(load_settings()), ballot_id, people, per_member=5)
        finally:
            await db.close_connection_pool()
        assert len(result.statuses) == 100
        assert set(result.statuses) == {303}, Counter(result.statuses)  # no error page
        rows = await votes_of(ballot_id)
        assert len(rows) == 20
        assert {row["voter"] for row in rows} == {voter for voter, _ in people}
        for row in rows:
            assert row["choice"] in result.submitted[row["voter"]]
        view = await ballots.ballot_view(ballot_id)
        counted = Counter(row["choice"] for row in rows)
        assert (view.tally.yes, view.tally.no, view.tally.abstain) == (
            counted["yes"],
            counted["no"],
            counted["abstain"],
        )
        assert view.tally.cast == 20

    asyncio.run(scenario())
