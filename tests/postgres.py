"""Create or drop a throwaway PostgreSQL database for one test run: python -m tests.postgres create|drop URL NAME."""

from __future__ import annotations

import asyncio
import re
import sys

import asyncpg


async def _run(action: str, server_url: str, name: str) -> None:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"refusing database name {name!r}")
    connection = await asyncpg.connect(f"{server_url.rstrip('/')}/postgres")
    try:
        if action == "create":
            await connection.execute(f'CREATE DATABASE "{name}"')
        else:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def main() -> None:
    action, server_url, name = sys.argv[1:4]
    try:
        asyncio.run(_run(action, server_url, name))
    except (OSError, asyncpg.PostgresError) as error:
        print(
            f"PostgreSQL at {server_url} is not usable ({error}). Start it, or set POSTGRES_SERVER_URL.",
            file=sys.stderr,
        )
        raise SystemExit(1) from error


if __name__ == "__main__":
    main()
