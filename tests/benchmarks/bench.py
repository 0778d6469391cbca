"""`make bench`: the published radar's performance, printed as numbers and ratios measured in one run.

    python -m tests.benchmarks.bench            everything below
    python -m tests.benchmarks.bench populate DATABASE_URL COUNT   (internal: a synthetic radar)

Load runs go to 127.0.0.1 only and are bounded in time and request count.
"""

from __future__ import annotations

import asyncio
import gzip
import math
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
LOAD_SECONDS = 5.0
LOAD_MAX_REQUESTS = 20_000
CONNECTIONS = 16


def line(label: str, value: str) -> None:
    print(f"  {label:<58} {value}")


# --- pure: figure building and layout -------------------------------------------------------------------------


def _figure_blips(count: int) -> Any:
    from radar.figure import FigureBlip, FigureQuadrant, FigureRing

    quadrants = [FigureQuadrant(n) for n in ("Techniques", "Tools", "Platforms", "Languages & Frameworks")]
    rings = [FigureRing(n, c) for n, c in [("Adopt", "#2e7d32"), ("Trial", "#1565c0"), ("Assess", "#ef6c00"),
                                            ("Hold", "#c62828")]]  # fmt: skip
    movements = ("new", "moved_in", "moved_out", "no_change")
    blips = [FigureBlip(i + 1, f"blip-{i}", f"Blip {i}", i % 4, (i // 4) % 4, movements[i % 4], "summary")
             for i in range(count)]  # fmt: skip
    return quadrants, rings, blips


def bench_figure() -> None:
    import plotly.graph_objects as go

    from radar.figure import build_figure, place_blips

    print("Figure: plain dict vs plotly.graph_objects.Figure from the same laid-out blips (median of 5)")
    for count in (100, 500, 1000):
        quadrants, rings, blips = _figure_blips(count)
        placed = place_blips(blips, 4, 4)
        dict_times, go_times = [], []
        for _ in range(5):
            start = time.perf_counter()
            figure = build_figure(quadrants, rings, blips, placed)
            dict_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            go.Figure(figure)
            go_times.append(time.perf_counter() - start)
        dict_ms, go_ms = statistics.median(dict_times) * 1000, statistics.median(go_times) * 1000
        line(
            f"{count} blips: dict / go.Figure",
            f"{dict_ms:7.2f} ms / {go_ms:7.2f} ms  ratio {go_ms / dict_ms:5.1f}x",
        )


def _overlaps(placed: Any, ring_count: int) -> int:
    from radar.layout import RADIUS_PX

    scale = RADIUS_PX * placed.scale / ring_count
    points = sorted(
        (p.r * scale * math.sin(math.radians(p.theta)), p.r * scale * math.cos(math.radians(p.theta)))
        for p in placed.positions.values()
    )
    limit = (placed.marker_size + 2) * placed.scale - 1e-6
    count = 0
    for index, (x, y) in enumerate(points):
        for other_x, other_y in points[index + 1 :]:
            if other_x - x > limit:
                break
            count += math.dist((x, y), (other_x, other_y)) < limit
    return count


def bench_layout() -> None:
    from radar.layout import Placement, layout, to_xy

    print("Layout at 500 blips (next edition: 5% moved a ring, 5% removed, 25 added)")
    rng = random.Random(7)
    radars = {
        "even": [Placement(f"b{i}", rng.randrange(4), rng.randrange(4)) for i in range(500)],
        "skewed": [Placement(f"c{i}", 0, 0) for i in range(150)]
        + [Placement(f"b{i}", rng.randrange(4), rng.randrange(4)) for i in range(350)],
    }
    for name, placements in radars.items():
        start = time.perf_counter()
        before = layout(placements, 4, 4)
        elapsed = (time.perf_counter() - start) * 1000
        moved = {p.slug for p in rng.sample(placements, 25)}
        removed = {p.slug for p in rng.sample(placements, 25)} - moved
        after_placements = [
            Placement(p.slug, p.quadrant, (p.ring + 1) % 4) if p.slug in moved else p
            for p in placements
            if p.slug not in removed
        ] + [Placement(f"new{i}", rng.randrange(4), rng.randrange(4)) for i in range(25)]
        after = layout(after_placements, 4, 4, previous=before.positions)
        unmoved = [p.slug for p in placements if p.slug not in moved | removed]
        kept = sum(after.positions[slug] == before.positions[slug] for slug in unmoved)
        near = sum(
            math.dist(to_xy(before.positions[slug], 4), to_xy(after.positions[slug], 4)) <= after.spacing_px
            for slug in unmoved
        )
        line(
            f"{name}: layout time / marker px / overlaps",
            f"{elapsed:7.2f} ms / {before.marker_size * before.scale:.1f} px"
            f" / {_overlaps(before, 4)} overlapping pairs",
        )
        line(f"{name}: unmoved blips keeping their exact position", f"{100 * kept / len(unmoved):6.1f} %")
        line(f"{name}: ... within one marker spacing (target >= 95%)", f"{100 * near / len(unmoved):6.1f} %")


# --- a served radar ------------------------------------------------------------------------------------------


async def populate(count: int) -> None:
    """A synthetic radar of `count` blips with two editions (run in a process whose DATABASE_URL is the target)."""
    from radar.editions import publish_edition
    from radar.tables import Blip, Quadrant, Ring, RingChange
    from web.cli import migrate

    await migrate()
    rng = random.Random(count)
    quadrants = [
        Quadrant(slug=s, name=n, position=i)
        for i, (s, n) in enumerate(
            [("techniques", "Techniques"), ("tools", "Tools"), ("platforms", "Platforms"), ("languages", "Languages")]
        )
    ]
    rings = [Ring(slug=s, name=n, position=i, colour=c, description=f"{n} meaning") for i, (s, n, c) in enumerate(
        [("adopt", "Adopt", "#2e7d32"), ("trial", "Trial", "#1565c0"), ("assess", "Assess", "#ef6c00"),
         ("hold", "Hold", "#c62828")])]  # fmt: skip
    await Quadrant.insert(*quadrants).run()
    await Ring.insert(*rings).run()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    blips = [
        Blip(slug=f"tech-{i}", name=f"Technology {i}", quadrant=quadrants[i % 4].id, ring=rings[rng.randrange(4)].id,
             summary=f"Summary of technology {i}", description=f"**Technology {i}** in a few words.",
             tags=[f"tag{i % 7}"], links=[], owner=f"Team {i % 5}", created_at=start, updated_at=start)
        for i in range(count)
    ]  # fmt: skip
    await Blip.insert(*blips).run()
    await RingChange.insert(
        *[RingChange(blip=b.id, to_ring=b.ring, changed_at=start, reason="added", source="import") for b in blips]
    ).run()
    await publish_edition("e1", "Edition 1", date(2025, 6, 1))
    for blip in rng.sample(blips, count // 10):
        target = rings[rng.randrange(4)].id
        if target != blip.ring:
            await RingChange(blip=blip.id, from_ring=blip.ring, to_ring=target, changed_at=start + timedelta(days=200),
                             reason="moved").save().run()  # fmt: skip
            await Blip.update({Blip.ring: target}).where(Blip.id == blip.id).run()
    await publish_edition("e2", "Edition 2", date(2025, 9, 1))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`radar serve` (uvicorn, one worker) on a fresh SQLite radar of `count` blips."""

    def __init__(self, count: int) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="radar-bench-"))
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": f"sqlite:///{self.folder / 'bench.sqlite'}", "LOG_LEVEL": "warning",
                    "RADAR_ENV": "development", "SECRET_KEY": "bench-secret-key-0123456789abcdef0123",
                    "RADAR_PORT": str(self.port)}  # fmt: skip
        subprocess.run([sys.executable, "-m", "tests.benchmarks.bench", "populate", str(count)], env=self.env,
                       check=True, cwd=ROOT, capture_output=True)  # fmt: skip
        self.process = subprocess.Popen([sys.executable, "-m", "web.cli", "serve"], env=self.env, cwd=ROOT)
        for _ in range(100):
            try:
                if httpx.get(f"{self.base}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


async def _load(url: str) -> tuple[float, list[float]]:
    """Requests per second and latencies from CONNECTIONS concurrent clients, bounded in time and count."""
    latencies: list[float] = []
    deadline = time.perf_counter() + LOAD_SECONDS
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    async with httpx.AsyncClient(limits=limits, headers={"Accept-Encoding": "gzip"}) as client:

        async def worker() -> None:
            while time.perf_counter() < deadline and len(latencies) < LOAD_MAX_REQUESTS:
                start = time.perf_counter()
                response = await client.get(url)
                response.raise_for_status()
                latencies.append(time.perf_counter() - start)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
        elapsed = time.perf_counter() - start
    return len(latencies) / elapsed, latencies


def _wrk(url: str) -> tuple[float, float] | None:
    """Requests per second and p99 latency (ms) from wrk, the compiled load generator; None without wrk."""
    if shutil.which("wrk") is None:
        return None
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{LOAD_SECONDS:.0f}s", "--latency", "-H", "Accept-Encoding: gzip", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    return rate, float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


THROUGHPUT_PATHS = {"/healthz": "/healthz", "radar page": "/", "/api/radar": "/api/radar", "blip page": "/blips/tech-1"}


def bench_throughput(server: Server, label: str) -> None:
    print(f"Throughput at {label}: uvicorn, 1 worker, {CONNECTIONS} connections, {LOAD_SECONDS:.0f} s each, 127.0.0.1")
    rates: dict[str, dict[str, float]] = {"httpx": {}, "wrk": {}}
    for name, path in THROUGHPUT_PATHS.items():
        rate, latencies = asyncio.run(_load(server.base + path))
        quantiles = statistics.quantiles(latencies, n=100)
        rates["httpx"][name] = rate
        line(
            f"httpx GET {path}",
            f"{rate:8.1f} req/s  p50 {quantiles[49] * 1000:6.1f} ms  p99 {quantiles[98] * 1000:6.1f} ms",
        )
        measured = _wrk(server.base + path)
        if measured is None:
            line(f"wrk GET {path}", "skipped (no wrk: apt-get install -y wrk)")
            continue
        rates["wrk"][name], p99 = measured
        target = "  (target < 50 ms)" if name != "/healthz" else ""
        line(f"wrk   GET {path}", f"{measured[0]:8.1f} req/s  p99 {p99:6.1f} ms{target}")
    for client, measured in rates.items():
        if "/healthz" in measured:
            for name, target in (("radar page", 0.5), ("blip page", 0.3), ("/api/radar", 0.5)):
                ratio = measured[name] / measured["/healthz"]
                line(f"{client}: {name} vs /healthz (target >= {target}x)", f"{ratio:.2f}x")


def bench_transfer(server: Server) -> None:
    print("Radar page transfer (gzip, first visit)")
    with httpx.Client(headers={"Accept-Encoding": "gzip"}) as client:
        client.get(server.base + "/")  # sets the CSRF cookie the page's ETag depends on
        page = client.get(server.base + "/")
        total = len(gzip.compress(page.content))
        line("HTML", f"{total / 1024:7.1f} KiB")
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
            response = client.get(server.base + asset)
            size = len(gzip.compress(response.content))
            total += size
            line(asset.split("?")[0], f"{size / 1024:7.1f} KiB")
        line("total (target <= 600 KiB)", f"{total / 1024:7.1f} KiB")
        etag = page.headers.get("etag", "")
        revalidated = client.get(server.base + "/", headers={"If-None-Match": etag})
        line("revalidation with the ETag", f"HTTP {revalidated.status_code}, {len(revalidated.content)} bytes")


def bench_queries() -> None:
    print("Database queries per request (must not grow with the number of blips)")
    for count in (50, 500):
        server = Server(count)
        try:
            counts = subprocess.run(
                [sys.executable, "-m", "tests.benchmarks.bench", "count-queries"],
                env=server.env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
        finally:
            server.stop()
        line(f"{count} blips: /, /editions/e2, /api/radar, /blips/tech-1", counts)


def count_queries() -> None:
    from litestar.testing import TestClient

    from radar.tables import Blip
    from web.app import create_app

    engine_type = type(Blip._meta.db)
    original = engine_type.run_querystring
    calls = [0]

    async def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return await original(self, *args, **kwargs)

    engine_type.run_querystring = counting  # type: ignore[method-assign]
    counts = []
    with TestClient(app=create_app()) as client:
        for path in ("/", "/editions/e2", "/api/radar", "/blips/tech-1"):
            calls[0] = 0
            client.get(path).raise_for_status()
            counts.append(str(calls[0]))
    print(" / ".join(counts))


PAINT_JS = """() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const chart = document.getElementById('radar-chart');
  return [paint ? paint.startTime : null, Number(chart.getAttribute('data-drawn-at'))];
}"""


RADAR_PAGES = {"/": "chart and table", "/?view=chart": "chart view"}


def bench_browser() -> None:
    if not Path(CHROMIUM).exists():
        print("Browser: skipped (no /usr/bin/chromium)")
        return
    from playwright.sync_api import sync_playwright

    runs = 7
    print(f"Radar page in headless Chromium, 1440x900, median of {runs} (cold = new profile; times from navigation)")
    for count in (60, 500):
        server = Server(count)
        timings: dict[tuple[str, str], list[float]] = {}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for _ in range(runs):  # the pages take turns, so that a noisy moment falls on both
                    for path in RADAR_PAGES:
                        context = browser.new_context(viewport={"width": 1440, "height": 900})
                        page = context.new_page()
                        page.goto(server.base + path)
                        page.wait_for_selector("#radar-chart[data-drawn='true']", timeout=30_000)
                        paint, interactive = page.evaluate(PAINT_JS)
                        timings.setdefault((path, "paint"), []).append(paint / 1000)
                        timings.setdefault((path, "interactive"), []).append(interactive / 1000)
                        page.goto(server.base + path)
                        page.wait_for_selector("#radar-chart[data-drawn='true']", timeout=30_000)
                        timings.setdefault((path, "warm"), []).append(page.evaluate(PAINT_JS)[1] / 1000)
                        context.close()
                browser.close()
        finally:
            server.stop()
        for path, name in RADAR_PAGES.items():
            paint, interactive, warm = (
                statistics.median(timings[(path, kind)]) * 1000 for kind in ("paint", "interactive", "warm")
            )
            print(f"  {count} blips, {path} ({name}):")
            line("  cold first paint (SVG) (target <= 300 ms)", f"{paint:7.0f} ms")
            line("  cold interactive (Plotly drawn) (target <= 1000 ms)", f"{interactive:7.0f} ms")
            line("  warm interactive", f"{warm:7.0f} ms")


def main() -> None:
    if sys.argv[1:2] == ["populate"]:
        asyncio.run(populate(int(sys.argv[2])))
        return
    if sys.argv[1:2] == ["count-queries"]:
        count_queries()
        return
    print("Radar benchmarks\n")
    bench_figure()
    bench_layout()
    for count in (60, 500):
        server = Server(count)
        try:
            if count == 500:
                bench_transfer(server)
            bench_throughput(server, f"{count} blips")
        finally:
            server.stop()
    bench_queries()
    bench_browser()


if __name__ == "__main__":
    main()
