"""Sign-in throttling: per account at an address, per address, per account; 429 with Retry-After; the owner of an
attacked account still gets in from their own address."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from litestar.testing import TestClient
from litestar.types import Receive, Scope, Send

from radar import audit, throttle
from radar.tables import AuditEvent, LoginThrottle
from tests.conftest import csrf_token, make_user
from web.app import create_app
from web.settings import load_settings

RIGHT = "correct-horse-battery"


class FromAddress:
    """The app seen from the address in the `x-test-address` header (what uvicorn's proxy support would set)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope["headers"])
            address = headers.get(b"x-test-address", b"10.0.0.1").decode()
            scope = {**scope, "client": (address, 50000)}  # type: ignore[misc]
        await self.app(scope, receive, send)


@pytest.fixture
def net() -> Iterator[TestClient[Any]]:
    with TestClient(app=FromAddress(create_app(load_settings()))) as test_client:  # type: ignore[arg-type]
        yield test_client


def attempt(client: TestClient[Any], username: str, password: str, address: str, **headers: str) -> Any:
    token = csrf_token(client, "/login")
    return client.post(
        "/login",
        data={"username": username, "password": password, "_csrf_token": token},
        headers={"x-test-address": address, **headers},
        follow_redirects=False,
    )


def test_wrong_passwords_from_one_address_are_throttled_then_the_right_one_waits(net: TestClient[Any]) -> None:
    make_user("chair", ["chair"])
    statuses = [attempt(net, "chair", f"wrong-{n}-password", "203.0.113.9").status_code for n in range(8)]
    assert statuses[:5] == [400] * 5
    assert set(statuses[5:]) == {429}
    refused = attempt(net, "chair", RIGHT, "203.0.113.9")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 30
    assert "Too many failed sign-ins" in refused.text
    assert 'value="chair"' in refused.text  # the form keeps the username
    assert "content-security-policy" in refused.headers
    assert "Sign out" not in net.get("/").text


def test_the_owner_still_gets_in_from_another_address(net: TestClient[Any]) -> None:
    make_user("chair", ["chair"])
    for n in range(12):
        attempt(net, "chair", f"wrong-{n}-password", "203.0.113.9")
    assert attempt(net, "chair", RIGHT, "203.0.113.9").status_code == 429
    assert attempt(net, "chair", RIGHT, "198.51.100.7").status_code == 303


def test_an_attacker_on_many_addresses_only_slows_the_account_down_for_a_minute(net: TestClient[Any]) -> None:
    make_user("chair", ["chair"])
    for n in range(throttle.ACCOUNT.allowed + 20):
        attempt(net, "chair", "wrong-password", f"198.18.{n // 200}.{n % 200}")
    wait = asyncio.run(throttle.retry_after("chair", "192.0.2.1"))
    assert 0 < wait <= 60  # blocked, but never longer than a minute
    assert attempt(net, "chair", RIGHT, "192.0.2.1").status_code == 429
    # A minute later the owner signs in, whatever the attacker did before.
    asyncio.run(
        LoginThrottle.update({LoginThrottle.blocked_until: audit.now() - timedelta(seconds=1)}, force=True).run()
    )
    assert attempt(net, "chair", RIGHT, "192.0.2.1").status_code == 303
    assert asyncio.run(AuditEvent.count().where(AuditEvent.action == "login.throttled").run()) >= 1


def test_one_address_trying_many_accounts_is_throttled(net: TestClient[Any]) -> None:
    make_user("ada", ["architect"])
    for n in range(throttle.ADDRESS.allowed):
        attempt(net, f"user{n}", "wrong-password", "203.0.113.50")
    assert attempt(net, "ada", RIGHT, "203.0.113.50").status_code == 429
    assert attempt(net, "ada", RIGHT, "203.0.113.51").status_code == 303


def test_json_clients_get_problem_details_with_retry_after(net: TestClient[Any]) -> None:
    for n in range(6):
        attempt(net, "nobody", f"wrong-{n}-password", "203.0.113.9")
    response = attempt(net, "nobody", "whatever-password", "203.0.113.9", accept="application/json")
    assert response.status_code == 429
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == 429
    assert body["title"] == "Too Many Requests"
    assert "Try again" in body["detail"]
    assert int(response.headers["retry-after"]) > 0


def test_blocks_double_and_a_quiet_spell_starts_again() -> None:
    limit = throttle.PAIR
    assert limit.block_after(limit.allowed - 1) is None
    first = limit.block_after(limit.allowed)
    assert first == limit.first_block
    assert limit.block_after(limit.allowed + 1) == 2 * limit.first_block
    assert limit.block_after(limit.allowed + 100) == limit.longest_block
    assert throttle.ACCOUNT.longest_block <= timedelta(minutes=1)

    async def scenario() -> tuple[int, int]:
        start = audit.now()
        for _ in range(limit.allowed):
            await throttle.record_failure("ada", "10.1.1.1", start)
        blocked = await throttle.retry_after("ada", "10.1.1.1", start)
        later = start + limit.quiet + timedelta(minutes=1)
        await throttle.record_failure("ada", "10.1.1.1", later)
        return blocked, await throttle.retry_after("ada", "10.1.1.1", later)

    blocked, after_quiet = asyncio.run(scenario())
    assert blocked == int(limit.first_block.total_seconds())
    assert after_quiet == 0


def test_a_right_password_clears_the_pair_count(net: TestClient[Any]) -> None:
    make_user("ada", ["architect"])
    for n in range(4):
        attempt(net, "ada", f"wrong-{n}-password", "203.0.113.9")
    assert attempt(net, "ada", RIGHT, "203.0.113.9").status_code == 303
    key = throttle.keys("ada", "203.0.113.9")[throttle.PAIR]
    assert asyncio.run(LoginThrottle.count().where(LoginThrottle.key == key).run()) == 0
