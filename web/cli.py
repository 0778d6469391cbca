"""The `radar` command: serve, migrate, seed, create-user, close-due, export-adrs, import, export, backup, restore,
publish, deliver."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import getpass
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("PICCOLO_CONF", "radar.piccolo_conf")

from web.settings import Settings, SettingsError, configure_logging, load_settings


def _settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        print(f"radar: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from error


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings_or_exit()
    configure_logging(settings)
    import uvicorn

    # uvicorn rather than granian: granian leaks aiosqlite threads on aborted requests.
    uvicorn.run(
        "web.app:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers,
        log_level=settings.log_level,
        proxy_headers=True,
    )
    return 0


async def migrate() -> None:
    """Run every pending migration of every app, in dependency order."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards(app_name="all")
    if not result.success:
        raise RuntimeError(result.message or "migrations failed")


def cmd_migrate(args: argparse.Namespace) -> int:
    _settings_or_exit()
    asyncio.run(migrate())
    print("radar: database is up to date")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    settings = _settings_or_exit()
    from seed.loader import load_demo_data

    report = asyncio.run(load_demo_data(settings.secret_key))
    print(f"radar: seeded {report.summary()}")
    if args.print_logins or settings.show_demo_logins:
        print("Demo logins (development only):")
        for username, password, roles in report.logins:
            print(f"  {username:<12} {password:<22} {roles}")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    _settings_or_exit()
    from radar import accounts
    from radar.errors import ValidationFailed

    password = args.password or os.environ.get("RADAR_NEW_PASSWORD") or getpass.getpass("Password: ")
    try:
        account = asyncio.run(
            accounts.create_user(
                username=args.username,
                display_name=args.name or args.username,
                password=password,
                roles=args.role or [],
                email=args.email or "",
            )
        )
    except ValidationFailed as failure:
        for field, message in failure.errors.items():
            print(f"radar: {field}: {message}", file=sys.stderr)
        return 2
    print(f"radar: created {account.username} with roles {', '.join(sorted(account.roles)) or 'none (viewer)'}")
    return 0


def cmd_close_due(args: argparse.Namespace) -> int:
    _settings_or_exit()
    from evaluations.ballots import close_due
    from evaluations.board import announce_due_reviews

    handled = asyncio.run(close_due())
    print(f"radar: {len(handled)} due ballot(s) closed or extended" + (f": {handled}" if handled else ""))
    print(f"radar: {asyncio.run(announce_due_reviews())} newly due review(s) announced")
    return 0


def cmd_export_adrs(args: argparse.Namespace) -> int:
    _settings_or_exit()

    from evaluations.decisions import write_adrs

    written = asyncio.run(write_adrs(Path(args.directory), args.format))
    print(f"radar: wrote {len(written)} decision record(s) under {Path(args.directory) / 'doc' / 'adr'}")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    settings = _settings_or_exit()
    from datetime import date

    from evaluations.publishing import publish_edition
    from radar.errors import ValidationFailed

    try:
        published_on: date | None = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        published_on = None
    introduction = args.introduction or ""
    if args.introduction_file:
        introduction = Path(args.introduction_file).read_text(encoding="utf-8")
    try:
        edition = asyncio.run(
            publish_edition(args.slug, args.name, published_on, introduction, None, settings.fade_after_editions)
        )
    except ValidationFailed as failure:
        print(
            "radar: " + "; ".join(f"{field}: {message}" for field, message in failure.errors.items()), file=sys.stderr
        )
        return 2
    moved = ", ".join(f"{count} {movement.replace('_', ' ')}" for movement, count in sorted(edition.movements.items()))
    print(f"radar: published {edition.name} ({edition.slug}, {edition.published_on}): {edition.blips} blips ({moved})")
    return 0


def cmd_deliver(args: argparse.Namespace) -> int:
    settings = _settings_or_exit()
    configure_logging(settings)
    from evaluations.deliveries import RunReport, run_once

    config = dataclasses.replace(settings.delivery_config(), batch=args.batch)

    async def loop() -> RunReport:
        total = RunReport()
        while True:
            if args.once:
                total.add(await run_once(config))
                return total
            try:
                report = await run_once(config)
            except Exception:  # the database went away, a lock timed out: log it and try again next round
                logging.getLogger("radar.deliveries").exception("delivery run failed")
                await asyncio.sleep(args.interval)
                continue
            total.add(report)
            if report.messages or report.delivered or report.retried or report.dead:
                print(f"radar: {report.summary()}", flush=True)
            await asyncio.sleep(args.interval)

    try:
        total = asyncio.run(loop())
    except KeyboardInterrupt:
        return 0
    print(f"radar: {total.summary()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from radar.tables import ROLES

    parser = argparse.ArgumentParser(prog="radar", description="Radar: technology radar and evaluation workflow.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="serve the web app with uvicorn",
        description="Serve the web app (settings from the environment, see README).",
    )
    serve.add_argument("--host", help="interface to listen on (default: RADAR_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: RADAR_PORT or 8000)")
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default: 1)")
    serve.set_defaults(func=cmd_serve)

    migrate_parser = commands.add_parser(
        "migrate", help="apply database migrations", description="Apply every pending migration to DATABASE_URL."
    )
    migrate_parser.set_defaults(func=cmd_migrate)

    seed = commands.add_parser(
        "seed",
        help="load the demo radar (idempotent)",
        description="Load the demo fintech radar, editions, users and proposals. Running it again adds nothing twice.",
    )
    seed.add_argument("--print-logins", action="store_true", help="print demo logins even outside development")
    seed.set_defaults(func=cmd_seed)

    create = commands.add_parser(
        "create-user",
        help="create a user account",
        description="Create a user. The password is asked for unless given.",
    )
    create.add_argument("username")
    create.add_argument("--name", help="display name (default: the username)")
    create.add_argument("--email")
    create.add_argument("--role", action="append", choices=ROLES, help="grant a role (repeatable)")
    create.add_argument("--password", help="password (else RADAR_NEW_PASSWORD, else prompted)")
    create.set_defaults(func=cmd_create_user)

    close = commands.add_parser(
        "close-due",
        help="close ballots whose deadline has passed (for cron)",
        description="Close every open ballot past its deadline, or extend it once when quorum is missing. "
        "The server does this itself every BALLOT_CLOSE_INTERVAL seconds; this is for cron.",
    )
    close.set_defaults(func=cmd_close_due)

    export = commands.add_parser(
        "export-adrs",
        help="write every decision record as doc/adr/NNNN-title.md",
        description="Write every decision record under DIRECTORY/doc/adr/, in adr-tools' format or MADR 4.",
    )
    export.add_argument("directory")
    export.add_argument("--format", choices=["adr-tools", "madr"], default="adr-tools", help="default: adr-tools")
    export.set_defaults(func=cmd_export_adrs)

    publish = commands.add_parser(
        "publish",
        help="publish an edition of the radar",
        description="Publish an immutable edition of the radar as it stands at the end of DATE; webhooks and "
        "the feed announce it.",
    )
    publish.add_argument("--name", required=True, help='e.g. "2026.2 — November 2026"')
    publish.add_argument("--slug", required=True, help="address of the edition, e.g. 2026-2")
    publish.add_argument("--date", help="publication date YYYY-MM-DD (default: today)")
    publish.add_argument("--introduction", help="introduction in Markdown")
    publish.add_argument("--introduction-file", help="read the introduction from this Markdown file")
    publish.set_defaults(func=cmd_publish)

    deliver = commands.add_parser(
        "deliver",
        help="deliver webhooks and mail from the outbox",
        description="Deliver waiting webhooks and mail, then keep doing so every --interval seconds. Safe next "
        "to the web processes and other deliverers: each delivery is claimed in the database.",
    )
    deliver.add_argument("--once", action="store_true", help="deliver what is due now, then exit")
    deliver.add_argument("--interval", type=float, default=5.0, help="seconds between runs (default: 5)")
    deliver.add_argument("--batch", type=int, default=50, help="deliveries claimed at a time (default: 50)")
    deliver.set_defaults(func=cmd_deliver)

    from web.cli_data import add_commands

    add_commands(commands, _settings_or_exit)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SettingsError as error:
        print(f"radar: configuration error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
