from __future__ import annotations

import asyncio
from typing import Any

import pytest
from litestar.testing import TestClient

from radar.tables import AuditEvent, RoleMembership, User
from tests.conftest import csrf_token, login, make_user


def test_login_sets_a_secure_session_and_logout_ends_it(client: TestClient[Any]) -> None:
    make_user("ada", ["architect"])
    response = login(client, "ada", "correct-horse-battery")
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "radar_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    page = client.get("/")
    assert "Ada" in page.text
    assert "Sign out" in page.text
    client.post("/logout", data={"_csrf_token": csrf_token(client, "/")}, follow_redirects=False)
    assert "Sign out" not in client.get("/").text


@pytest.mark.parametrize(
    ("username", "password"), [("ada", "wrong-password"), ("nobody", "whatever-long"), ("", ""), ("ada", "")]
)
def test_wrong_credentials_give_one_generic_error_and_keep_the_username(
    client: TestClient[Any], username: str, password: str
) -> None:
    make_user("ada", ["architect"])
    response = login(client, username, password)
    assert response.status_code == 400
    assert "Unknown username or wrong password." in response.text
    assert f'value="{username}"' in response.text
    assert 'name="password" type="password"' in response.text
    assert "wrong-password" not in response.text


def test_deactivated_user_cannot_sign_in(client: TestClient[Any]) -> None:
    user_id = make_user("ada", ["architect"])
    asyncio.run(User.update({User.active: False}).where(User.id == user_id).run())
    assert login(client, "ada", "correct-horse-battery").status_code == 400


def test_forms_without_csrf_token_are_refused(client: TestClient[Any]) -> None:
    make_user("ada", ["architect"])
    client.get("/login")
    response = client.post("/login", data={"username": "ada", "password": "correct-horse-battery"})
    assert response.status_code == 403


def test_login_redirects_only_within_the_site(client: TestClient[Any]) -> None:
    make_user("chair", ["chair"])
    token = csrf_token(client, "/login")
    response = client.post(
        "/login",
        data={
            "username": "chair",
            "password": "correct-horse-battery",
            "next": "//evil.example/",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_anonymous_visitor_is_sent_to_login_with_next(client: TestClient[Any]) -> None:
    response = client.get("/admin/users", follow_redirects=False)
    assert response.status_code in (302, 303, 307)
    assert response.headers["location"] == "/login?next=/admin/users"


def test_admin_pages_are_for_the_chair_only(client: TestClient[Any]) -> None:
    make_user("ada", ["architect", "evaluator", "board"])
    login(client, "ada", "correct-horse-battery")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "Not allowed" in response.text


def test_chair_creates_a_user_with_roles_in_one_audited_transaction(client: TestClient[Any]) -> None:
    make_user("chair", ["chair"])
    login(client, "chair", "correct-horse-battery")
    token = csrf_token(client, "/admin/users")
    response = client.post(
        "/admin/users",
        data={
            "username": "newbie",
            "display_name": "New Bie",
            "email": "",
            "password": "long-enough-pw",
            "roles": ["architect", "evaluator"],
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    user = asyncio.run(User.objects().where(User.username == "newbie").first().run())
    assert user is not None
    assert user.password_hash.startswith("$argon2")
    roles = asyncio.run(RoleMembership.select(RoleMembership.role).where(RoleMembership.user == user.id).run())
    assert {row["role"] for row in roles} == {"architect", "evaluator"}
    events = asyncio.run(AuditEvent.select().where(AuditEvent.subject == "newbie").run())
    chair = asyncio.run(User.select(User.id).where(User.username == "chair").first().run())
    assert [(event["action"], event["actor"]) for event in events] == [("user.create", chair["id"])]
    assert login(TestClient(app=client.app), "newbie", "long-enough-pw").status_code == 303


def test_invalid_new_user_keeps_the_input_and_marks_each_field(client: TestClient[Any]) -> None:
    make_user("chair", ["chair"])
    login(client, "chair", "correct-horse-battery")
    token = csrf_token(client, "/admin/users")
    response = client.post(
        "/admin/users",
        data={
            "username": "Bad Name!",
            "display_name": "Kept Name",
            "email": "not-an-email",
            "password": "short",
            "roles": ["board"],
            "_csrf_token": token,
        },
    )
    assert response.status_code == 400
    assert 'id="f-username-error"' in response.text
    assert 'id="f-email-error"' in response.text
    assert 'id="f-password-error"' in response.text
    assert 'value="Kept Name"' in response.text
    assert 'value="Bad Name!"' in response.text
    assert 'value="board" checked' in response.text
    assert asyncio.run(User.count().where(User.username == "bad name!").run()) == 0


def test_duplicate_username_is_refused_next_to_the_field(client: TestClient[Any]) -> None:
    make_user("chair", ["chair"])
    login(client, "chair", "correct-horse-battery")
    token = csrf_token(client, "/admin/users")
    response = client.post(
        "/admin/users",
        data={"username": "chair", "display_name": "Again", "password": "long-enough-pw", "_csrf_token": token},
    )
    assert response.status_code == 400
    assert "is taken" in response.text
    assert asyncio.run(User.count().run()) == 1


def test_password_reset_ends_existing_sessions(client: TestClient[Any]) -> None:
    make_user("chair", ["chair"])
    ada = make_user("ada", ["architect"])
    other = TestClient(app=client.app)
    with other:
        login(other, "ada", "correct-horse-battery")
        assert "Sign out" in other.get("/").text
        login(client, "chair", "correct-horse-battery")
        token = csrf_token(client, f"/admin/users/{ada}")
        short = client.post(f"/admin/users/{ada}/password", data={"new_password": "short", "_csrf_token": token})
        assert short.status_code == 400
        assert 'id="f-new_password-error"' in short.text
        done = client.post(
            f"/admin/users/{ada}/password",
            data={"new_password": "brand-new-password", "_csrf_token": token},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert "Sign out" not in other.get("/").text
    assert login(TestClient(app=client.app), "ada", "brand-new-password").status_code == 303


def test_chair_grants_and_revokes_roles_but_not_their_own_chair(client: TestClient[Any]) -> None:
    chair = make_user("chair", ["chair"])
    ada = make_user("ada", ["architect"])
    login(client, "chair", "correct-horse-battery")
    token = csrf_token(client, f"/admin/users/{ada}")
    client.post(
        f"/admin/users/{ada}",
        data={"display_name": "Ada L", "email": "", "active": "on", "roles": ["board"], "_csrf_token": token},
    )
    roles = asyncio.run(RoleMembership.select(RoleMembership.role).where(RoleMembership.user == ada).run())
    assert [row["role"] for row in roles] == ["board"]
    response = client.post(
        f"/admin/users/{chair}",
        data={"display_name": "Chair", "active": "on", "roles": ["board"], "_csrf_token": token},
    )
    assert response.status_code == 400
    assert "cannot remove your own chair role" in response.text
    roles = asyncio.run(RoleMembership.select(RoleMembership.role).where(RoleMembership.user == chair).run())
    assert [row["role"] for row in roles] == ["chair"]


def test_unknown_user_id_is_a_404(client: TestClient[Any]) -> None:
    make_user("chair", ["chair"])
    login(client, "chair", "correct-horse-battery")
    assert client.get("/admin/users/9999").status_code == 404
