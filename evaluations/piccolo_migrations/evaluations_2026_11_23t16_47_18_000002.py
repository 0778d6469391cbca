"""Composite unique indexes. Piccolo's Unique constraint is added by ALTER TABLE, which SQLite refuses,
so these are unique indexes instead: the same guarantee on SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T16:47:18:000002"
VERSION = "1.38.0"
DESCRIPTION = "Unique-together indexes"

INDEXES = [
    ("evaluator_assignment_proposal_evaluator_key", "evaluator_assignment", ("proposal", "evaluator")),
    ("evaluation_proposal_evaluator_key", "evaluation", ("proposal", "evaluator")),
    ("criterion_score_evaluation_criterion_key", "criterion_score", ("evaluation", "criterion")),
    ("vote_ballot_voter_key", "vote", ("ballot", "voter")),
]


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="evaluations", description=DESCRIPTION)

    async def create_indexes():
        for name, table, columns in INDEXES:
            quoted = ", ".join(f'"{column}"' for column in columns)
            await RawTable.raw(f'CREATE UNIQUE INDEX IF NOT EXISTS "{name}" ON "{table}" ({quoted})')

    async def drop_indexes():
        for name, _, _ in INDEXES:
            await RawTable.raw(f'DROP INDEX IF EXISTS "{name}"')

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
