"""`make bench`: imports and backup/restore, timed on the database DATABASE_URL names (a fresh temporary SQLite
file when unset). The schema is rebuilt first: give it a throwaway database.

    python -m tests.benchmarks.transfer

- the AOE 9-release import (../shared/data/aoe-techradar when present, else a generated folder of the same
  shape: 9 releases, 249 blips, 528 files), target <= 5 s;
- a 1000-row BYOR CSV import, target <= 1 s;
- backup and restore at the seed's size and at 10x (the seed plus generated blips, history and editions).
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

WORKDIR = Path(tempfile.mkdtemp(prefix="radar-bench-transfer-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'bench.sqlite'}")
os.environ["PICCOLO_CONF"] = "radar.piccolo_conf"

from radar import backup  # noqa: E402
from radar.formats.detect import parse_bytes, parse_path  # noqa: E402
from radar.importer import apply_import  # noqa: E402
from tests.shared_data import ROOT  # noqa: E402

SECRET = "bench-secret-key-0123456789abcdef0123456789"
RELEASES = ["2017-03-01", "2018-03-01", "2019-11-01", "2021-07-01", "2022-03-28", "2023-02-23", "2023-11-01",
            "2024-07-10", "2025-08-15"]  # fmt: skip


def line(label: str, value: str) -> None:
    print(f"  {label:<58} {value}")


async def reset() -> None:
    from tests.conftest import _reset_schema

    await _reset_schema()


def aoe_folder() -> tuple[Path, str]:
    for candidate in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"):
        if (candidate / "aoe-techradar").is_dir():
            return candidate / "aoe-techradar", "../shared/data/aoe-techradar"
    folder = WORKDIR / "aoe"
    rings, segments = ["adopt", "trial", "assess", "hold"], ["tools", "platforms", "methods", "languages"]
    randomiser = random.Random(9)
    files = 0
    for index in range(249):
        first = randomiser.randrange(len(RELEASES))
        for release in RELEASES[first:]:
            if files >= 528 or (release != RELEASES[first] and randomiser.random() > 0.25):
                continue
            path = folder / "radar" / release / f"blip-{index}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            body = f"Blip {index} as of {release}. " * randomiser.randrange(1, 30)
            path.write_text(
                f"---\ntitle: Blip {index}\nring: {randomiser.choice(rings)}\nsegment: {segments[index % 4]}\n---\n\n"
                f"{body}\n"
            )
            files += 1
    return folder, f"generated ({files} files)"


async def bench_imports() -> None:
    from tests.factories import _make_radar

    print("Imports (parse + dry run + apply in one transaction)")
    await reset()
    await _make_radar([], datetime(2016, 1, 1, tzinfo=UTC))
    folder, origin = aoe_folder()
    start = time.perf_counter()
    result = parse_path(folder)
    parsed = time.perf_counter()
    plan = await apply_import(result, valid_only=True, create_missing=True)
    total = time.perf_counter() - start
    line(
        f"AOE {len(result.editions)} releases, {plan.count('create')} blips ({origin})",
        f"{total:6.2f} s  (parse {parsed - start:.2f} s)  target <= 5 s  {'OK' if total <= 5 else 'SLOW'}",
    )
    await reset()
    await _make_radar([], datetime(2016, 1, 1, tzinfo=UTC))
    quadrants, rings = (
        ["Techniques", "Tools", "Platforms", "Languages and Frameworks"],
        ["Adopt", "Trial", "Assess", "Hold"],
    )
    rows = ["name,ring,quadrant,isNew,description"]
    rows += [f'Tech {i},{rings[i % 4]},{quadrants[(i // 4) % 4]},FALSE,"<p>Blip <a href=""https://x.org/{i}"">{i}</a></p>"'
             for i in range(1000)]  # fmt: skip
    data = "\n".join(rows).encode()
    start = time.perf_counter()
    plan = await apply_import(parse_bytes(data, "1000.csv"))
    total = time.perf_counter() - start
    line(f"BYOR CSV, {plan.count('create')} rows", f"{total:6.2f} s  target <= 1 s  {'OK' if total <= 1 else 'SLOW'}")


async def grow_tenfold(target_rows: int) -> None:
    """The seed plus generated blips (each with history), editions and audit events, up to `target_rows`."""
    from radar import audit
    from radar.changes import NewBlip, add_blips, move_blip
    from radar.database import transaction
    from radar.editions import publish_edition
    from radar.tables import Blip, Quadrant, Ring

    quadrants = [row["id"] for row in await Quadrant.select(Quadrant.id).run()]
    rings = [row["id"] for row in await Ring.select(Ring.id).run()]
    randomiser = random.Random(10)
    day = date(2027, 1, 1)
    batch = 0
    while sum(await _counts()) < target_rows:
        batch += 1
        async with transaction(Blip._meta.db):
            ids = await add_blips(
                [
                    (
                        NewBlip(f"Generated {batch}-{i}", randomiser.choice(quadrants), randomiser.choice(rings),
                                description=f"Generated blip {i} " * 20, slug=f"generated-{batch}-{i}"),
                        datetime.combine(day, datetime.min.time(), tzinfo=UTC),
                    )
                    for i in range(150)
                ],
                "bench",
                "admin",
            )  # fmt: skip
            for blip_id in ids[::3]:
                await move_blip(blip_id, randomiser.choice(rings), datetime.now(UTC), "bench", "admin")
            await audit.record("bench.grow", "bench", str(batch))
        day += timedelta(days=30)
        await publish_edition(f"bench-{batch}", f"Bench {batch}", day)


async def _counts() -> list[int]:
    return [await table.count().run() for table in backup.tables()]


async def bench_backup() -> None:
    from seed.loader import load_demo_data

    print("Backup and restore (whole database, one bundle)")
    await reset()
    await load_demo_data(SECRET)
    seed_rows = sum(await _counts())
    for label, target in (("seed size", seed_rows), ("10x the seed", seed_rows * 10)):
        await grow_tenfold(target)
        rows = sum(await _counts())
        path = WORKDIR / f"{label.replace(' ', '-')}.backup"
        start = time.perf_counter()
        await backup.backup(path)
        backed = time.perf_counter() - start
        before = await backup.dump()
        from tests.conftest import _empty_tables

        await _empty_tables()
        start = time.perf_counter()
        await backup.restore(path)
        restored = time.perf_counter() - start
        same = await backup.dump() == before
        line(
            f"{label}: {rows} rows, bundle {path.stat().st_size / 1024:.0f} KiB",
            f"backup {backed:5.2f} s  restore {restored:5.2f} s  identical: {same}",
        )


async def main() -> None:
    engine = "PostgreSQL" if os.environ["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"Import and backup figures on {engine}")
    await bench_imports()
    await bench_backup()


if __name__ == "__main__":
    asyncio.run(main())
