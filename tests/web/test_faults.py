"""Faults under a bounded load, against real `radar serve` processes.

- PostgreSQL stops and starts again (a private cluster of the test's own, never the shared server): during the
  outage every request fails cleanly with a 503 page or JSON, /readyz says why, a vote is refused clearly; the
  service recovers by itself within seconds; nothing written before is lost. PostgreSQL runs only.
- SQLite with concurrent writers in two worker processes: no "database is locked" reaches anyone.
"""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from radar.database import database_unavailable
from tests.live import Load, PrivatePostgres, Server, environment, on_postgres, prepare, scratch_database, signed_in

RECOVERY_LIMIT_SECONDS = 10.0


def _open_ballot(client: httpx.Client) -> int:
    ballots = client.get("/api/ballots").json()
    items = ballots["items"] if isinstance(ballots, dict) else ballots
    return int(next(ballot["id"] for ballot in items if ballot["state"] == "open"))


def _my_vote(client: httpx.Client, ballot_id: int) -> str | None:
    votes = client.get("/api/votes/mine").json()
    items = votes["items"] if isinstance(votes, dict) else votes
    return next((vote["choice"] for vote in items if vote["ballot"] == ballot_id), None)


@pytest.mark.skipif(not on_postgres(), reason="PostgreSQL outage: runs with DATABASE_URL=postgresql://...")
@pytest.mark.skipif(PrivatePostgres.unavailable_reason() is not None, reason=str(PrivatePostgres.unavailable_reason()))
def test_a_postgres_outage_fails_cleanly_and_recovers_by_itself() -> None:
    with PrivatePostgres() as postgres:
        env = environment(postgres.create_database("radar"), BALLOT_CLOSE_INTERVAL="0", DB_POOL_SIZE="4")
        logins = prepare(env)
        with Server(env) as server:
            board = signed_in(server.base, "board2", logins["board2"])
            ballot_id = _open_ballot(board)
            before = board.put(f"/api/ballots/{ballot_id}/vote", json={"choice": "yes", "comment": "Before."})
            assert before.status_code == 200, before.text
            with Load(server.base, ["/", "/api/radar", "/blips/kafka", "/readyz"]) as load:
                time.sleep(1.5)
                postgres.stop()
                stopped = time.monotonic()
                time.sleep(1.0)
                api = httpx.get(f"{server.base}/api/radar", timeout=10)
                page = httpx.get(f"{server.base}/", timeout=10)
                ready = httpx.get(f"{server.base}/readyz", timeout=10)
                during = board.put(f"/api/ballots/{ballot_id}/vote", json={"choice": "no", "comment": "During."})
                postgres.start()
                restarted = time.monotonic()
                recovered = None
                while time.monotonic() - restarted < 30:
                    if all(httpx.get(server.base + path, timeout=5).status_code == 200 for path in ("/readyz", "/")):
                        recovered = time.monotonic() - restarted
                        break
                    time.sleep(0.1)
                time.sleep(1.0)
            assert api.status_code == 503 and "database cannot be reached" in api.json()["detail"]
            assert api.headers["retry-after"] == "5"
            assert page.status_code == 503 and "database cannot be reached" in page.text
            assert page.headers["content-type"].startswith("text/html")
            assert ready.status_code == 503 and "database does not answer" in ready.json()["detail"]
            assert during.status_code == 503, during.text  # refused clearly, not half-written
            assert recovered is not None, f"not recovered 30 s after PostgreSQL came back: {server.output()[-1500:]}"
            outage = restarted - stopped
            statuses = {status for _, _, status in load.results}
            print(f"faults: PostgreSQL down {outage:.1f} s; service recovered {recovered:.2f} s after it came back")
            print(f"faults: {len(load.results)} requests under load, statuses {sorted(map(str, statuses))}")
            assert recovered < RECOVERY_LIMIT_SECONDS
            assert statuses <= {200, 503}, (
                "a request under load failed other than with a clean 503",
                [
                    (round(sent - stopped, 2), path, status)
                    for sent, path, status in load.results
                    if status not in (200, 503)
                ],
                [line for line in server.output().splitlines() if "Error" in line and "Failed to restore" not in line][
                    -20:
                ],
            )
            after = [status for sent, _, status in load.results if sent > restarted + recovered + 0.5]
            assert after and set(after) == {200}, "errors after the service had recovered"
            assert _my_vote(board, ballot_id) == "yes", "the vote written before the outage was lost"
            again = board.put(f"/api/ballots/{ballot_id}/vote", json={"choice": "no", "comment": "After."})
            assert again.status_code == 200 and _my_vote(board, ballot_id) == "no"


def test_sqlite_concurrent_writers_never_see_database_is_locked() -> None:
    with scratch_database(sqlite=True) as url:
        env = environment(url, BALLOT_CLOSE_INTERVAL="0")
        logins = prepare(env)
        with Server(env, workers=2) as server:
            # Advisory votes (people outside the board) never close the ballot, so every write is a real upsert.
            voters = ["viewer", "architect", "evaluator", "evaluator2"]
            clients = {name: signed_in(server.base, name, logins[name]) for name in voters}
            ballot_id = _open_ballot(clients["viewer"])
            answers: list[tuple[int, str]] = []

            def storm(client: httpx.Client) -> None:
                for turn in range(25):
                    choice = ("yes", "no", "abstain")[turn % 3]
                    response = client.put(f"/api/ballots/{ballot_id}/vote", json={"choice": choice, "comment": "x"})
                    answers.append((response.status_code, response.text))

            threads = [threading.Thread(target=storm, args=(client,)) for client in clients.values()]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            locked = [text for _, text in answers if "locked" in text.lower()]
            statuses = sorted({status for status, _ in answers})
            print(f"faults: {len(answers)} concurrent SQLite writes through 2 workers, statuses {statuses}")
            assert not locked and statuses == [200], (statuses, locked[:3], server.output()[-1500:])
            assert "database is locked" not in server.output()


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (ConnectionRefusedError(111, "Connection refused"), True),
        (OSError(113, "No route to host"), True),
        (type("CannotConnectNowError", (Exception,), {"sqlstate": "57P03"})(), True),
        (type("AdminShutdownError", (Exception,), {"sqlstate": "57P01"})(), True),
        (type("ConnectionDoesNotExistError", (Exception,), {"sqlstate": "08003"})("connection was closed"), True),
        (type("OperationalError", (Exception,), {})("database is locked"), True),
        (
            type("InternalClientError", (Exception,), {})(
                "cannot switch to state 12; another operation (2) is in progress"
            ),
            True,
        ),
        (type("InternalClientError", (Exception,), {})("unexpected codec"), False),
        (type("UniqueViolationError", (Exception,), {"sqlstate": "23505"})(), False),
        (ValueError("bad input"), False),
        (type("OperationalError", (Exception,), {})("no such table: blip"), False),
    ],
)
def test_which_errors_mean_the_database_is_unavailable(error: BaseException, unavailable: bool) -> None:
    assert database_unavailable(error) is unavailable
    wrapped = RuntimeError("while rendering")
    wrapped.__cause__ = error
    assert database_unavailable(wrapped) is unavailable
