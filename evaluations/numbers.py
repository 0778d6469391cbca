"""Proposal and decision-record numbers: handed out by the database, never computed as max + 1, and formatted
in one place (P-0001, ADR-0001)."""

from __future__ import annotations

from evaluations.tables import NumberCounter

# series -> the statement that hands out its next number; a counter starts from the table's highest number, so a
# database that predates the counter continues where it was
NEXT_NUMBER_SQL = {
    "proposal": "INSERT INTO number_counter (series, value) "
    "VALUES ({}, (SELECT COALESCE(MAX(number), 0) + 1 FROM proposal)) "
    "ON CONFLICT (series) DO UPDATE SET value = number_counter.value + 1 RETURNING value",
    "framework_version": "INSERT INTO number_counter (series, value) "
    "VALUES ({}, (SELECT COALESCE(MAX(version), 0) + 1 FROM framework_version)) "
    "ON CONFLICT (series) DO UPDATE SET value = number_counter.value + 1 RETURNING value",
    "decision_record": "INSERT INTO number_counter (series, value) "
    "VALUES ({}, (SELECT COALESCE(MAX(number), 0) + 1 FROM decision_record)) "
    "ON CONFLICT (series) DO UPDATE SET value = number_counter.value + 1 RETURNING value",
}


def proposal_ref(number: int) -> str:
    """P-0001."""
    return f"P-{number:04d}"


def adr_ref(number: int) -> str:
    """ADR-0001."""
    return f"ADR-{number:04d}"


async def next_number(series: str) -> int:
    """The next number of `series`. Call inside the transaction that writes the numbered row: the counter row
    stays locked until it commits (concurrent callers wait, then get the following number), and a rollback gives
    the number back. One statement on both engines (SQLite 3.35+ and PostgreSQL both know upsert ... RETURNING)."""
    rows = await NumberCounter.raw(NEXT_NUMBER_SQL[series], series).run()
    return int(rows[0]["value"])
