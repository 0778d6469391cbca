"""Two `radar deliver` processes on one database (SKIP LOCKED on PostgreSQL, IMMEDIATE transactions on SQLite)
deliver every event to a real local receiver exactly once,
signed; a receiver that is down when the events happen gets them later, on a retry."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from evaluations import deliveries, notices, outbox, webhooks
from evaluations.tables import Delivery, DeliveryAttempt
from tests import board_factories as bf

SECRET = "whsec_two_process_secret_0123456789"
EVENTS = 40


class Received:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.events: list[str] = []  # event ids of accepted, correctly signed requests
        self.bad_signatures = 0
        self.workers: Counter[str] = Counter()


def start_receiver(port: int, received: Received) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            good = notices.verify_signature(
                SECRET,
                self.headers[notices.TIMESTAMP_HEADER],
                body,
                self.headers[notices.SIGNATURE_HEADER],
                now=int(time.time()),
            )
            with received.lock:
                if good:
                    received.events.append(self.headers[notices.EVENT_ID_HEADER])
                    assert json.loads(body)["id"] == self.headers[notices.EVENT_ID_HEADER]
                else:
                    received.bad_signatures += 1
            self.send_response(204 if good else 401)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def deliverers(count: int) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "DELIVERY_RETRY_BASE": "1", "DELIVERY_MAX_ATTEMPTS": "10", "LOG_LEVEL": "warning"}
    return [
        subprocess.Popen(
            [sys.executable, "-m", "web.cli", "deliver", "--interval", "0.2", "--batch", "4"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(count)
    ]


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def announce_events(port: int) -> None:
    bf.run(webhooks.create_webhook("receiver", f"http://127.0.0.1:{port}/hook", ["review.due"], SECRET, None))
    for index in range(EVENTS):
        bf.run(
            outbox.announce("review.due", {"blip": f"blip-{index}", "name": f"Blip {index}", "due_on": "2026-12-01"})
        )


def wait_for(received: Received, count: int, seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        with received.lock:
            if len(received.events) >= count:
                break
        time.sleep(0.1)
    return time.monotonic() - started


def test_two_deliverer_processes_deliver_each_event_once_signed(processes: list[Any]) -> None:
    port = free_port()
    received = Received()
    server = start_receiver(port, received)
    try:
        announce_events(port)
        processes.extend(deliverers(2))
        took = wait_for(received, EVENTS, 60)
        time.sleep(1.5)  # let any duplicate arrive before counting
    finally:
        server.shutdown()
    counts = Counter(received.events)
    assert len(counts) == EVENTS, f"got {len(counts)} of {EVENTS} events"
    assert set(counts.values()) == {1}, [event for event, n in counts.items() if n > 1]
    assert received.bad_signatures == 0
    rows = bf.run(Delivery.select(Delivery.state, Delivery.attempts).run())
    assert {row["state"] for row in rows} == {"delivered"}
    workers = bf.run(DeliveryAttempt.select(DeliveryAttempt.worker).run())
    print(
        f"\n2 deliverers: {EVENTS} events delivered once each in {took:.1f} s; tries by worker: "
        f"{dict(Counter(row['worker'] for row in workers))}"
    )


def test_a_receiver_that_is_down_gets_the_events_later(processes: list[Any]) -> None:
    port = free_port()
    received = Received()
    announce_events(port)
    processes.extend(deliverers(2))
    refused, waited = 0, time.monotonic()
    while refused < 2 * EVENTS and time.monotonic() - waited < 60:  # nobody listens: tries are refused, retried
        time.sleep(0.5)
        refused = bf.run(DeliveryAttempt.count().where(DeliveryAttempt.status_code.is_null()).run())
    assert refused >= 2 * EVENTS
    server = start_receiver(port, received)
    try:
        took = wait_for(received, EVENTS, 60)
        time.sleep(1.5)
    finally:
        server.shutdown()
    counts = Counter(received.events)
    assert len(counts) == EVENTS
    assert set(counts.values()) == {1}
    rows = bf.run(Delivery.select(Delivery.state, Delivery.attempts).run())
    assert {row["state"] for row in rows} == {"delivered"}
    assert min(row["attempts"] for row in rows) >= 2
    attempts = bf.run(DeliveryAttempt.count().run())
    print(
        f"\nreceiver down: {refused} refused tries, then {EVENTS} events delivered once each "
        f"{took:.1f} s after it came up; {attempts} tries in all, max {max(r['attempts'] for r in rows)} per delivery"
    )


def test_the_deliverer_command_runs_once_and_reports(processes: list[Any]) -> None:
    """`radar deliver --once` on either engine: fans out and delivers, then exits 0 with a summary."""
    port = free_port()
    received = Received()
    server = start_receiver(port, received)
    try:
        bf.run(webhooks.create_webhook("receiver", f"http://127.0.0.1:{port}/hook", ["review.due"], SECRET, None))
        bf.run(outbox.announce("review.due", {"blip": "kafka", "name": "Kafka", "due_on": "2026-12-01"}))
        done = subprocess.run(
            [sys.executable, "-m", "web.cli", "deliver", "--once"], capture_output=True, text=True, timeout=60
        )
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr
    assert "1 message(s) fanned out into 1 delivery(ies); 1 delivered, 0 to retry, 0 dead" in done.stdout
    assert len(received.events) == 1
    assert deliveries.host_of(f"http://127.0.0.1:{port}/hook") == "127.0.0.1"
