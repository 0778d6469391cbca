"""Sessions end when they should: sign-out and password changes end every copy of the cookie, an idle session
and an old one end by themselves; the CSRF token is rotated at sign-in and bound to the session."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from litestar.testing import TestClient

from radar import accounts
from tests.conftest import csrf_token, login, make_user
from web import auth

RIGHT = "correct-horse-battery"


def signed_in_as(client: TestClient[Any]) -> bool:
    return "Sign out" in client.get("/").text


def use_cookie(client: TestClient[Any], value: str) -> None:
    client.cookies.delete("radar_session")
    client.cookies.set("radar_session", value)


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(auth, "time", fake)
    return fake


def test_a_copy_of_the_cookie_stops_working_after_sign_out(client: TestClient[Any]) -> None:
    make_user("ada", ["architect"])
    login(client, "ada", RIGHT)
    assert signed_in_as(client)
    stolen = client.cookies["radar_session"]
    client.post("/logout", data={"_csrf_token": csrf_token(client, "/")}, follow_redirects=False)
    assert not signed_in_as(client)
    use_cookie(client, stolen)
    assert not signed_in_as(client)
    assert client.get("/proposals/new", follow_redirects=False).status_code in (302, 303, 307)


def test_a_password_change_ends_every_session(client: TestClient[Any]) -> None:
    user_id = make_user("ada", ["architect"])
    login(client, "ada", RIGHT)
    assert signed_in_as(client)
    asyncio.run(accounts.reset_password(user_id, "another-long-password"))
    assert not signed_in_as(client)


def test_signing_in_again_after_sign_out_works(client: TestClient[Any]) -> None:
    make_user("ada", ["architect"])
    login(client, "ada", RIGHT)
    client.post("/logout", data={"_csrf_token": csrf_token(client, "/")}, follow_redirects=False)
    assert login(client, "ada", RIGHT).status_code == 303
    assert signed_in_as(client)


def test_an_idle_session_ends(client: TestClient[Any], clock: Clock) -> None:
    make_user("ada", ["architect"])
    login(client, "ada", RIGHT)
    clock.now += 119 * 60
    assert signed_in_as(client)  # used within the idle time: still signed in, and the idle time starts again
    clock.now += 119 * 60
    assert signed_in_as(client)
    clock.now += 121 * 60
    assert not signed_in_as(client)


def test_a_busy_session_still_ends_after_its_absolute_lifetime(client: TestClient[Any], clock: Clock) -> None:
    make_user("ada", ["architect"])
    login(client, "ada", RIGHT)
    for _ in range(11):
        clock.now += 3600
        assert signed_in_as(client)
    clock.now += 3601
    assert not signed_in_as(client)


def test_the_session_cookie_is_not_renewed_past_the_absolute_lifetime(client: TestClient[Any]) -> None:
    make_user("ada", ["architect"])
    response = login(client, "ada", RIGHT)
    assert "Max-Age=43200" in response.headers["set-cookie"]


def test_a_csrf_token_from_before_sign_in_is_refused_after_it(client: TestClient[Any]) -> None:
    make_user("ada", ["architect"])
    before = csrf_token(client, "/login")
    response = client.post(
        "/login", data={"username": "ada", "password": RIGHT, "_csrf_token": before}, follow_redirects=False
    )
    assert response.status_code == 303
    assert client.post("/logout", data={"_csrf_token": before}, follow_redirects=False).status_code == 403
    assert signed_in_as(client)
    after = csrf_token(client, "/")
    assert after != before
    assert client.post("/logout", data={"_csrf_token": after}, follow_redirects=False).status_code == 303


def test_a_csrf_token_from_another_session_is_refused(client: TestClient[Any]) -> None:
    """An attacker who plants their own valid token and cookie in the victim's browser gets nothing."""
    make_user("ada", ["architect"])
    make_user("mallory", ["architect"])
    login(client, "mallory", RIGHT)
    planted = csrf_token(client, "/")
    planted_cookie = client.cookies["csrftoken"]
    client.cookies.clear()
    login(client, "ada", RIGHT)
    csrf_token(client, "/")  # the victim's own token
    client.cookies.delete("csrftoken")
    client.cookies.set("csrftoken", planted_cookie)
    response = client.post("/logout", data={"_csrf_token": planted}, follow_redirects=False)
    assert response.status_code == 403
    assert signed_in_as(client)
