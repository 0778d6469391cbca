"""Backup and restore: one versioned bundle of every table (gzip'd JSON lines), restored only into an empty
database at the same migrations, in one transaction, with PostgreSQL's id sequences moved past the restored ids.

The bundle: a header line {"format": "radar-backup", "version": 1, "migrations": [...], "tables": {name: rows}},
then for each table a line {"table": name, "columns": [...]} followed by one JSON array per row. Values that JSON
lacks are tagged: {"$dt": iso}, {"$d": iso}, {"$b": base64}, {"$dec": text}, {"$td": seconds}, {"$uuid": text}.
Users keep their password hashes; no plaintext password exists to back up.
"""

from __future__ import annotations

import base64
import gzip
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from piccolo.apps.migrations.tables import Migration
from piccolo.conf.apps import Finder
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table, sort_table_classes

from radar.database import transaction
from radar.errors import Refused

FORMAT = "radar-backup"
VERSION = 1
CHUNK = 400

Progress = Callable[[str, int, int], None]  # table, rows done, rows in the table


@dataclass(frozen=True)
class BackupSummary:
    tables: dict[str, int]
    migrations: list[str]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def tables() -> list[type[Table]]:
    """Every table of every app, parents before children."""
    return list(sort_table_classes(list(Finder().get_table_classes())))


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, timedelta):
        return {"$td": value.total_seconds()}
    if isinstance(value, uuid.UUID):
        return {"$uuid": str(value)}
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, raw),) = value.items()
        decoders: dict[str, Callable[[Any], Any]] = {
            "$dt": datetime.fromisoformat,
            "$d": date.fromisoformat,
            "$b": base64.b64decode,
            "$dec": Decimal,
            "$td": lambda seconds: timedelta(seconds=seconds),
            "$uuid": uuid.UUID,
        }
        if tag in decoders:
            return decoders[tag](raw)
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


async def applied_migrations() -> list[str]:
    rows = await Migration.select(Migration.app_name, Migration.name).order_by(Migration._meta.primary_key).run()
    return [f"{row['app_name']}:{row['name']}" for row in rows]


def _columns(table: type[Table]) -> list[str]:
    return [column._meta.db_column_name for column in table._meta.columns]


async def rows_of(table: type[Table]) -> list[list[Any]]:
    """Every row of `table` in primary-key order, as lists of values in column order."""
    names = _columns(table)
    rows = await table.select(*table._meta.columns).order_by(table._meta.primary_key).run()
    return [[row[name] for name in names] for row in rows]


async def dump() -> dict[str, list[list[Any]]]:
    """Every table's rows, encoded as the bundle encodes them: what a restore must reproduce exactly."""
    return {table._meta.tablename: _encode(await rows_of(table)) for table in tables()}


async def backup(path: Path, progress: Progress | None = None) -> BackupSummary:
    """Write every table to `path`, read inside one transaction so the bundle is one consistent moment."""
    counts: dict[str, int] = {}
    temporary = path.with_name(path.name + ".partial")
    engine = Migration._meta.db
    async with engine.transaction():
        migrations = await applied_migrations()
        data = [(table, await rows_of(table)) for table in tables()]
    for table, rows in data:
        counts[table._meta.tablename] = len(rows)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.now().astimezone().isoformat(),
        "migrations": migrations,
        "tables": counts,
    }
    with gzip.open(temporary, "wt", encoding="utf-8") as out:
        out.write(json.dumps(header) + "\n")
        for table, rows in data:
            name = table._meta.tablename
            out.write(json.dumps({"table": name, "columns": _columns(table)}) + "\n")
            for index, row in enumerate(rows, start=1):
                out.write(json.dumps(_encode(row), ensure_ascii=False) + "\n")
                if progress and (index % 500 == 0 or index == len(rows)):
                    progress(name, index, len(rows))
            if progress and not rows:
                progress(name, 0, 0)
    temporary.replace(path)
    return BackupSummary(counts, migrations)


def _lines(handle: IO[str]) -> Iterator[Any]:
    for number, line in enumerate(handle, start=1):
        try:
            yield json.loads(line)
        except json.JSONDecodeError as error:
            raise Refused(f"The backup is damaged at line {number}: {error.msg}.") from error


def read_header(path: Path) -> dict[str, Any]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            header = json.loads(handle.readline())
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise Refused(f"{path.name} is not a Radar backup: {error}.") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise Refused(f"{path.name} is not a Radar backup (no radar-backup header).")
    if header.get("version") != VERSION:
        raise Refused(f"{path.name} is a version {header.get('version')} backup; this Radar reads version {VERSION}.")
    return header


async def _non_empty() -> list[str]:
    return [f"{table._meta.tablename} ({count} rows)" for table in tables() if (count := await table.count().run())]


async def restore(path: Path, progress: Progress | None = None) -> BackupSummary:
    """Restore `path` into this (migrated, empty) database in one transaction; refused with the reason when the
    database holds data, its migrations differ from the bundle's, or the bundle is damaged."""
    header = read_header(path)
    by_name = {table._meta.tablename: table for table in tables()}
    engine = Migration._meta.db
    async with transaction(engine):
        migrations = await applied_migrations()
        if migrations != header["migrations"]:
            missing = [m for m in header["migrations"] if m not in migrations]
            extra = [m for m in migrations if m not in header["migrations"]]
            raise Refused(
                "The backup was made at other migrations than this database's "
                f"(missing here: {', '.join(missing) or 'none'}; not in the backup: {', '.join(extra) or 'none'}). "
                "Run `radar migrate` with the same Radar version that made the backup."
            )
        if occupied := await _non_empty():
            raise Refused(
                f"Refusing to restore into a database that holds data: {', '.join(occupied[:5])}"
                f"{', and more' if len(occupied) > 5 else ''}. Restore into a new, migrated, empty database."
            )
        unknown = set(header["tables"]) - set(by_name)
        if unknown:
            raise Refused(f"The backup has tables this Radar does not know: {', '.join(sorted(unknown))}.")
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            lines = _lines(handle)
            next(lines)
            for marker in lines:
                if not isinstance(marker, dict) or "table" not in marker:
                    raise Refused("The backup is damaged: a table's rows are not where the header says.")
                table = by_name[marker["table"]]
                columns = marker["columns"]
                if columns != _columns(table):
                    raise Refused(f"The backup's columns of {marker['table']} differ from this database's.")
                total = int(header["tables"].get(marker["table"], 0))
                await _insert(table, columns, (next(lines) for _ in range(total)), total, progress)
        await _reset_sequences()
    return BackupSummary({name: int(count) for name, count in header["tables"].items()}, header["migrations"])


async def _insert(
    table: type[Table], columns: list[str], rows: Iterator[Any], total: int, progress: Progress | None
) -> None:
    by_column = {column._meta.db_column_name: column._meta.name for column in table._meta.columns}
    chunk: list[Table] = []
    done = 0
    for row in rows:
        values = {by_column[name]: _decode(value) for name, value in zip(columns, row, strict=True)}
        chunk.append(table(_ignore_missing=True, **values))
        if len(chunk) == CHUNK:
            await table.insert(*chunk).run()
            done += len(chunk)
            chunk = []
            if progress:
                progress(table._meta.tablename, done, total)
    if chunk:
        await table.insert(*chunk).run()
        done += len(chunk)
    if progress:
        progress(table._meta.tablename, done, total)


async def _reset_sequences() -> None:
    """After rows arrive with their ids, PostgreSQL's sequences must continue after the highest one."""
    if not isinstance(Migration._meta.db, PostgresEngine):
        return  # SQLite's INTEGER PRIMARY KEY continues from max(id) by itself
    for table in tables():
        key = table._meta.primary_key._meta.db_column_name
        name = table._meta.tablename
        await table.raw(
            f"SELECT setval(pg_get_serial_sequence('\"{name}\"', '{key}'), "  # noqa: S608 - names from our tables
            f'COALESCE(MAX("{key}"), 1), MAX("{key}") IS NOT NULL) FROM "{name}"'
        ).run()
