"""Numbers from the database under concurrency, on PostgreSQL: 20 proposals created at once and 5 ballots closing
at the same moment get distinct numbers, and nothing fails (max + 1 gave duplicate-key 500s here)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from evaluations import ballots, workflow
from evaluations.tables import Ballot, DecisionRecord, Proposal, Vote
from evaluations.workflow import ProposalInput
from tests import board_factories as bf
from tests.conftest import ENGINE
from tests.factories import make_radar

pytestmark = pytest.mark.skipif(
    ENGINE != "postgres",
    reason="needs PostgreSQL: SQLite serialises every write transaction, so there is no concurrency to test",
)
NOW = bf.NOW
BLIPS = [(f"Tool {index}", "tools", "assess") for index in range(5)]


def case(index: int) -> ProposalInput:
    return ProposalInput(
        technology_name=f"Concurrent {index}",
        quadrant="tools",
        target_ring="assess",
        summary="One line",
        context="Context",
        options="- Status quo\n- This",
        exit_considerations="Drain.",
    )


def test_twenty_concurrent_proposal_creations_get_distinct_numbers() -> None:
    make_radar(BLIPS)
    architect = bf.user("ada", ["architect"])

    async def race() -> list[int | BaseException]:
        db = Proposal._meta.db
        await db.start_connection_pool(min_size=1, max_size=20)
        try:
            return list(
                await asyncio.gather(
                    *(workflow.create_proposal(case(index), architect, submit=index % 2 == 0) for index in range(20)),
                    return_exceptions=True,
                )
            )
        finally:
            await db.close_connection_pool()

    results = bf.run(race())
    assert [result for result in results if isinstance(result, BaseException)] == []
    assert sorted(results) == list(range(1, 21))  # type: ignore[type-var]
    rows = bf.run(Proposal.select(Proposal.number).run())
    assert sorted(row["number"] for row in rows) == list(range(1, 21))


def test_five_ballots_closing_at_the_same_moment_get_distinct_record_numbers() -> None:
    make_radar(BLIPS)
    members = bf.board(3)
    ballot_ids = []
    for index in range(5):
        proposal = bf.proposal(kind="hold", blip_slug=f"tool-{index}", name=f"Tool {index}", target="hold")
        ballot_id = bf.run(ballots.open_ballot(proposal, None, now=NOW))
        for member in members[:2]:
            bf.run(Vote.insert(Vote(ballot=ballot_id, voter=member, choice="yes", cast_at=NOW)).run())
        ballot_ids.append(ballot_id)
    deadline = NOW + timedelta(days=7, minutes=1)

    async def race() -> list[object]:
        db = Ballot._meta.db
        await db.start_connection_pool(min_size=1, max_size=10)
        try:
            closing = [ballots.close_if_decided(ballot_id, deadline) for ballot_id in ballot_ids]
            schedulers = [ballots.close_due(deadline) for _ in range(3)]
            return list(await asyncio.gather(*closing, *schedulers, return_exceptions=True))
        finally:
            await db.close_connection_pool()

    results = bf.run(race())
    assert [result for result in results if isinstance(result, BaseException)] == []
    records = bf.run(DecisionRecord.select(DecisionRecord.number, DecisionRecord.ballot).run())
    assert sorted(row["number"] for row in records) == [1, 2, 3, 4, 5]
    assert sorted(row["ballot"] for row in records) == sorted(ballot_ids)  # each ballot decided once
    states = {row["state"] for row in bf.run(Ballot.select(Ballot.state).run())}
    assert states == {"passed"}
    assert {row["state"] for row in bf.run(Proposal.select(Proposal.state).run())} == {"approved"}
