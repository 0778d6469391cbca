"""The session fixture builds the schema by running every migration forwards on an empty database;
these tests check that the result is exactly what tables.py describes, on the engine under test."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from piccolo.apps.migrations.commands.new import AutoMigrationManager
from piccolo.conf.apps import Finder

from tests.conftest import ENGINE, all_tables


async def _columns_in_database(tablename: str) -> set[str]:
    table = all_tables()[0]
    if ENGINE == "postgres":
        rows = await table.raw(
            "SELECT column_name FROM information_schema.columns WHERE table_name = {}", tablename
        ).run()
        return {row["column_name"] for row in rows}
    rows = await table.raw(f'PRAGMA table_info("{tablename}")').run()
    return {row["name"] for row in rows}


async def _unique_indexes() -> set[str]:
    table = all_tables()[0]
    if ENGINE == "postgres":
        rows = await table.raw("SELECT indexname AS name FROM pg_indexes WHERE indexdef LIKE 'CREATE UNIQUE%'").run()
    else:
        rows = await table.raw("SELECT name FROM sqlite_master WHERE type = 'index'").run()
    return {row["name"] for row in rows}


def test_every_table_has_exactly_its_declared_columns() -> None:
    for table in all_tables():
        declared = {column._meta.db_column_name for column in table._meta.columns}
        assert asyncio.run(_columns_in_database(table._meta.tablename)) == declared, table.__name__


@pytest.mark.parametrize("app_name", ["radar", "evaluations"])
def test_migrations_have_no_pending_changes_against_tables(app_name: str) -> None:
    app_config = Finder().get_app_config(app_name)
    statements: list[Any] = asyncio.run(AutoMigrationManager().get_alter_statements(app_config=app_config))
    assert sum(len(statement.statements) for statement in statements) == 0


def test_unique_together_indexes_exist() -> None:
    indexes = asyncio.run(_unique_indexes())
    for name in [
        "role_membership_user_role_key",
        "edition_entry_edition_blip_key",
        "vote_ballot_voter_key",
        "evaluation_proposal_evaluator_key",
        "criterion_score_evaluation_criterion_key",
        "evaluator_assignment_proposal_evaluator_key",
    ]:
        assert name in indexes
