"""`radar import`, `radar export`, `radar backup` and `radar restore`: bringing radars in, taking them out, and
moving a whole installation. Long runs show rich progress bars; a failure exits non-zero with a one-line reason."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from radar.formats import FORMAT_LABELS, FORMATS

T = TypeVar("T")
err = Console(stderr=True)


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,  # scripts and logs get the one-line result, not bar redraws
    )


def _fail(reason: str, code: int = 1) -> int:
    print(f"radar: {' '.join(reason.split())}", file=sys.stderr)  # one line, whatever the terminal's width
    return code


def _names(value: str | None) -> list[str] | None:
    return [name.strip() for name in value.split(",") if name.strip()] if value else None


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


def cmd_import(args: argparse.Namespace) -> int:
    from radar.errors import DomainError
    from radar.formats.detect import parse_path
    from radar.importer import apply_import, plan_import

    path = Path(args.path)
    if not path.exists():
        return _fail(f"import failed: {path} does not exist")
    with _progress() as progress:
        task = progress.add_task(f"Reading {path.name}", total=2)
        result = parse_path(path, args.format, quadrant_names=_names(args.quadrants), ring_names=_names(args.rings))
        progress.update(task, advance=1, description="Planning")
        plan = _run(plan_import(result, args.create_missing))
        progress.update(task, advance=1)
    if plan.failed:
        return _fail(f"import failed: {plan.problems[0].reason if plan.problems else plan.summary()}")
    _print_plan(plan, args.verbose)
    if args.dry_run:
        print(f"radar: dry run, nothing written. {plan.summary()}")
        return 1 if plan.problems else 0
    try:
        with _progress() as progress:
            progress.add_task(f"Importing {path.name}", total=None)
            _run(apply_import(result, None, args.valid_only, args.create_missing))
    except DomainError as error:
        return _fail(str(error))
    print(f"radar: imported. {plan.summary()}")
    return 0


def _print_plan(plan: Any, verbose: bool) -> None:
    console = Console()
    if plan.missing_quadrants or plan.missing_rings:
        missing = ", ".join(
            [*(f"quadrant {q!r}" for q in plan.missing_quadrants), *(f"ring {r!r}" for r in plan.missing_rings)]
        )
        action = "will be created" if plan.create_missing else "are missing (--create-missing creates them)"
        console.print(f"The file names {missing}: {action}.", markup=False)
    rows = [row for row in plan.rows if verbose or row.action != "unchanged"]
    if rows:
        table = Table("where", "name", "action", "detail", title="Rows", title_justify="left")
        for row in rows:
            table.add_row(row.where, row.name, row.action, row.detail)
        console.print(table)
    parse_problems = [p for p in plan.problems if not any(r.action == "reject" and r.name == p.name for r in plan.rows)]
    if parse_problems:
        table = Table("where", "name", "field", "reason", title="Rejected while reading", title_justify="left")
        for problem in parse_problems:
            where = problem.path or (f"line {problem.line}" if problem.line else "file")
            table.add_row(where, problem.name, problem.field, problem.reason)
        console.print(table)


def cmd_export(args: argparse.Namespace) -> int:
    from radar.errors import DomainError
    from radar.exporter import export_radar

    try:
        exported = _run(export_radar(args.format, args.edition, args.base_url.rstrip("/")))
    except DomainError as error:
        return _fail(f"export failed: {error}")
    if args.output == "-":
        if args.format == "aoe" and sys.stdout.isatty():
            return _fail("export failed: the AOE export is a zip; give -o FILE or redirect the output")
        sys.stdout.buffer.write(exported.content)
        return 0
    target = Path(args.output or exported.filename)
    target.write_bytes(exported.content)
    print(f"radar: wrote {FORMAT_LABELS[args.format]} to {target} ({len(exported.content)} bytes)")
    return 0


def _progress_callback(progress: Progress) -> Callable[[str, int, int], None]:
    tasks: dict[str, Any] = {}

    def update(table: str, done: int, total: int) -> None:
        if table not in tasks:
            tasks[table] = progress.add_task(table, total=max(total, 1))
        progress.update(tasks[table], completed=done if total else 1)

    return update


def cmd_backup(args: argparse.Namespace) -> int:
    from radar import backup

    path = Path(args.file)
    try:
        with _progress() as progress:
            summary = _run(backup.backup(path, _progress_callback(progress)))
    except OSError as error:
        return _fail(f"backup failed: {error}")
    print(f"radar: backed up {summary.rows} rows of {len(summary.tables)} tables to {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from radar import backup
    from radar.errors import DomainError

    path = Path(args.file)
    if not path.is_file():
        return _fail(f"restore failed: {path} does not exist")
    try:
        with _progress() as progress:
            summary = _run(backup.restore(path, _progress_callback(progress)))
    except DomainError as error:
        return _fail(f"restore refused: {error}")
    print(f"radar: restored {summary.rows} rows of {len(summary.tables)} tables from {path}")
    return 0


def add_commands(commands: Any, settings_check: Callable[[], object]) -> None:
    """Register the four commands on the `radar` parser's subcommands."""

    def checked(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        def run(args: argparse.Namespace) -> int:
            settings_check()
            return command(args)

        return run

    formats = ", ".join(f"{name} ({label})" for name, label in FORMAT_LABELS.items())
    importer = commands.add_parser(
        "import",
        help="import a radar file (dry run first with --dry-run)",
        description=f"Import a radar from PATH: a file, or a folder of AOE releases. Formats: {formats}. "
        "A file with problems imports nothing unless --valid-only.",
    )
    importer.add_argument("path")
    importer.add_argument("--format", choices=FORMATS, help="default: detected from the content")
    importer.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    importer.add_argument("--valid-only", action="store_true", help="import the valid rows, skip the rejected ones")
    importer.add_argument("--create-missing", action="store_true", help="create quadrants and rings the file names")
    importer.add_argument("--quadrants", help="Zalando: quadrant names for 0,1,2,3 (comma-separated)")
    importer.add_argument("--rings", help="Zalando: ring names for 0,1,2,3 (comma-separated)")
    importer.add_argument("-v", "--verbose", action="store_true", help="list unchanged rows too")
    importer.set_defaults(func=checked(cmd_import))

    exporter = commands.add_parser(
        "export",
        help="export the radar or an edition in a radar file format",
        description=f"Write the current radar (or --edition) as FORMAT: {formats}.",
    )
    exporter.add_argument("format", choices=FORMATS)
    exporter.add_argument(
        "-o", "--output", help="file to write (default: a name like radar-2026-11-29-aoe.zip; - for stdout)"
    )
    exporter.add_argument("--edition", help="an edition's slug (default: the current radar)")
    exporter.add_argument("--base-url", default="", help="this Radar's address, for links back to blip pages")
    exporter.set_defaults(func=checked(cmd_export))

    backup = commands.add_parser(
        "backup",
        help="write every table to one versioned bundle",
        description="Write every table (users with their password hashes) to FILE, a gzip'd JSON-lines bundle.",
    )
    backup.add_argument("file")
    backup.set_defaults(func=checked(cmd_backup))

    restore = commands.add_parser(
        "restore",
        help="restore a backup into an empty, migrated database",
        description="Restore FILE into DATABASE_URL, which must be migrated (radar migrate) and empty.",
    )
    restore.add_argument("file")
    restore.set_defaults(func=checked(cmd_restore))
