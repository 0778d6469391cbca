"""Users, passwords and roles. Every change runs in one transaction with its audit event."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from radar import audit
from radar.database import transaction
from radar.errors import NotFound, ValidationFailed
from radar.tables import ROLES, RoleMembership, User

ROLE_LABELS = {
    "architect": "Architect",
    "evaluator": "Evaluator",
    "board": "Board member",
    "chair": "Chair / admin",
}
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_LENGTH = 10


def make_hasher(environment: str) -> PasswordHasher:
    """argon2 with the library's recommended cost, except under RADAR_ENV=test: the suite signs in hundreds of
    times and is about who may do what, not about argon2, so it hashes with the smallest parameters."""
    if environment == "test":
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()


_hasher = make_hasher(os.environ.get("RADAR_ENV", "development").strip().lower())
# Verified against when the username is unknown, so a wrong username costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    email: str
    active: bool
    roles: frozenset[str]
    password_fingerprint: str  # changes when the password does, which ends existing sessions
    session_version: int = 0  # raised by sign-out and password changes, which ends every copy of a session cookie


async def hash_password(password: str) -> str:
    """The argon2 hash, computed in a worker thread: argon2 takes tens of milliseconds of CPU on purpose, and on
    the event loop it would stall every other request of this process."""
    return await asyncio.to_thread(_hasher.hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash`, checked in a worker thread (see hash_password)."""
    return await asyncio.to_thread(_verify, password_hash, password)


def fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def validate_password(password: str, field: str = "password") -> dict[str, str]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return {field: f"Use at least {MIN_PASSWORD_LENGTH} characters."}
    if len(password) > 200:
        return {field: "Use at most 200 characters."}
    return {}


def validate_new_user(username: str, display_name: str, email: str, password: str, roles: list[str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not USERNAME_PATTERN.match(username):
        errors["username"] = "2–64 characters: lowercase letters, digits, dot, dash or underscore."
    if not display_name.strip():
        errors["display_name"] = "Enter the person's name."
    elif len(display_name) > 120:
        errors["display_name"] = "Use at most 120 characters."
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        errors["email"] = "Enter an email address like name@example.com, or leave it empty."
    errors.update(validate_password(password))
    unknown = [role for role in roles if role not in ROLES]
    if unknown:
        errors["roles"] = f"Unknown role: {', '.join(unknown)}."
    return errors


async def _account(user: User) -> Account:
    rows = await RoleMembership.select(RoleMembership.role).where(RoleMembership.user == user.id).run()
    return Account(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        email=user.email,
        active=user.active,
        roles=frozenset(row["role"] for row in rows),
        password_fingerprint=fingerprint(user.password_hash),
        session_version=user.session_version,
    )


async def get_account(user_id: int) -> Account | None:
    user = await User.objects().where(User.id == user_id).first().run()
    return await _account(user) if user else None


async def authenticate(username: str, password: str) -> Account | None:
    """The account for these credentials, or None (unknown user, wrong password or deactivated)."""
    user = await User.objects().where(User.username == username.strip().lower()).first().run()
    if not await verify_password(user.password_hash if user else _DUMMY_HASH, password):
        return None
    if user is None or not user.active:
        return None
    async with transaction(User._meta.db):
        await User.update({User.last_login_at: audit.now()}).where(User.id == user.id).run()
        await audit.record("user.login", "user", user.username, actor_id=user.id)
    return await _account(user)


async def create_user(
    username: str,
    display_name: str,
    password: str,
    roles: list[str],
    email: str = "",
    actor_id: int | None = None,
) -> Account:
    username = username.strip().lower()
    errors = validate_new_user(username, display_name, email, password, roles)
    if errors:
        raise ValidationFailed(errors)
    password_hash = await hash_password(password)
    async with transaction(User._meta.db):
        if await User.exists().where(User.username == username).run():
            raise ValidationFailed({"username": f"The username {username!r} is taken."})
        user = User(
            username=username,
            display_name=display_name.strip(),
            email=email.strip(),
            password_hash=password_hash,
            created_at=audit.now(),
        )
        await user.save().run()
        for role in sorted(set(roles)):
            await RoleMembership(user=user.id, role=role, granted_at=audit.now(), granted_by=actor_id).save().run()
        await audit.record("user.create", "user", username, actor_id, {"roles": sorted(set(roles))})
    return await _account(user)


async def _require_user(user_id: int) -> User:
    user = await User.objects().where(User.id == user_id).first().run()
    if user is None:
        raise NotFound(f"No user with id {user_id}.")
    return user


async def reset_password(user_id: int, password: str, actor_id: int | None = None) -> None:
    errors = validate_password(password)
    if errors:
        raise ValidationFailed(errors)
    password_hash = await hash_password(password)
    async with transaction(User._meta.db):
        user = await _require_user(user_id)
        await (
            User.update({User.password_hash: password_hash, User.session_version: User.session_version + 1})
            .where(User.id == user_id)
            .run()
        )
        await audit.record("user.password_reset", "user", user.username, actor_id)


async def end_sessions(user_id: int) -> None:
    """End every session of this user, on every device and every copy of the cookie (sign-out does this)."""
    async with transaction(User._meta.db):
        await User.update({User.session_version: User.session_version + 1}).where(User.id == user_id).run()
        user = await User.select(User.username).where(User.id == user_id).first().run()
        if user is not None:
            await audit.record("user.logout", "user", user["username"], user_id)


async def update_user(
    user_id: int, display_name: str, email: str, active: bool, roles: list[str], actor_id: int | None = None
) -> None:
    """Change a user's name, email, active flag and roles; a chair cannot remove their own chair role."""
    errors: dict[str, str] = {}
    if not display_name.strip():
        errors["display_name"] = "Enter the person's name."
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        errors["email"] = "Enter an email address like name@example.com, or leave it empty."
    unknown = [role for role in roles if role not in ROLES]
    if unknown:
        errors["roles"] = f"Unknown role: {', '.join(unknown)}."
    if user_id == actor_id and ("chair" not in roles or not active):
        errors["roles"] = "You cannot remove your own chair role or deactivate yourself."
    if errors:
        raise ValidationFailed(errors)
    async with transaction(User._meta.db):
        user = await _require_user(user_id)
        before = {
            row["role"]
            for row in await RoleMembership.select(RoleMembership.role).where(RoleMembership.user == user_id).run()
        }
        after = set(roles)
        await (
            User.update({User.display_name: display_name.strip(), User.email: email.strip(), User.active: active})
            .where(User.id == user_id)
            .run()
        )
        for role in sorted(before - after):
            await RoleMembership.delete().where((RoleMembership.user == user_id) & (RoleMembership.role == role)).run()
        for role in sorted(after - before):
            await RoleMembership(user=user_id, role=role, granted_at=audit.now(), granted_by=actor_id).save().run()
        await audit.record(
            "user.update",
            "user",
            user.username,
            actor_id,
            {"granted": sorted(after - before), "revoked": sorted(before - after), "active": active},
        )


async def list_accounts() -> list[Account]:
    users = await User.objects().order_by(User.username).run()
    memberships = await RoleMembership.select(RoleMembership.user, RoleMembership.role).run()
    roles: dict[int, set[str]] = {}
    for row in memberships:
        roles.setdefault(row["user"], set()).add(row["role"])
    return [
        Account(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            email=user.email,
            active=user.active,
            roles=frozenset(roles.get(user.id, set())),
            password_fingerprint=fingerprint(user.password_hash),
            session_version=user.session_version,
        )
        for user in users
    ]
