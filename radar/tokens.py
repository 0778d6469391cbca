"""Personal API tokens: created and revoked by their owner, stored as SHA-256, shown once.

A token is `radar_` + 43 URL-safe characters (256 random bits), so a plain SHA-256 is enough to store it:
there is nothing to guess that a slow hash would protect. It acts as its user, limited by its scope.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from radar import accounts, audit
from radar.database import transaction
from radar.errors import NotFound, ValidationFailed
from radar.tables import TOKEN_SCOPES, ApiToken

PREFIX = "radar_"
MAX_TOKENS_PER_USER = 20
# last_used_at is written at most this often per token, so reads through a token do not write every time.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenView:
    id: int
    name: str
    prefix: str
    scope: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class TokenUser:
    """Who a presented token stands for."""

    account: accounts.Account
    scope: str
    token_id: int


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def validate_token_request(name: str, scope: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Name the token after what uses it, e.g. “portal sync”."
    elif len(name.strip()) > 80:
        errors["name"] = "Use at most 80 characters."
    if scope not in TOKEN_SCOPES:
        errors["scope"] = "Choose read or write."
    return errors


async def create_token(user_id: int, name: str, scope: str) -> tuple[str, TokenView]:
    """A new token for the user; the returned string is the only time the token exists in clear."""
    errors = validate_token_request(name, scope)
    if errors:
        raise ValidationFailed(errors)
    token = new_token()
    async with transaction(ApiToken._meta.db):
        active = await ApiToken.count().where((ApiToken.user == user_id) & ApiToken.revoked_at.is_null()).run()
        if active >= MAX_TOKENS_PER_USER:
            raise ValidationFailed({"name": f"You have {active} active tokens; revoke one first."})
        row = ApiToken(
            user=user_id,
            name=name.strip(),
            token_hash=hash_token(token),
            prefix=token[: len(PREFIX) + 4],
            scope=scope,
            created_at=audit.now(),
        )
        await row.save().run()
        await audit.record("token.create", "api_token", str(row.id), user_id, {"name": row.name, "scope": scope})
    return token, TokenView(row.id, row.name, row.prefix, row.scope, row.created_at, None, None)


async def revoke_token(user_id: int, token_id: int) -> None:
    """Revoke one of the user's own tokens (another user's token is "not found")."""
    async with transaction(ApiToken._meta.db):
        row = (
            await ApiToken.select(ApiToken.revoked_at)
            .where((ApiToken.id == token_id) & (ApiToken.user == user_id))
            .first()
            .run()
        )
        if row is None:
            raise NotFound(f"token {token_id}")
        if row["revoked_at"] is None:
            await ApiToken.update({ApiToken.revoked_at: audit.now()}).where(ApiToken.id == token_id).run()
            await audit.record("token.revoke", "api_token", str(token_id), user_id)


async def list_tokens(user_id: int) -> list[TokenView]:
    rows = (
        await ApiToken.select(exclude_secrets=True)
        .where(ApiToken.user == user_id)
        .order_by(ApiToken.id, ascending=False)
        .run()
    )
    rows.sort(key=lambda row: row["revoked_at"] is not None)  # active ones first, newest first within each
    return [
        TokenView(
            row["id"],
            row["name"],
            row["prefix"],
            row["scope"],
            row["created_at"],
            row["last_used_at"],
            row["revoked_at"],
        )
        for row in rows
    ]


async def authenticate_token(token: str) -> TokenUser | None:
    """The active user behind an unrevoked token, or None; records when it was last used."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    row = (
        await ApiToken.select(ApiToken.id, ApiToken.user, ApiToken.scope, ApiToken.last_used_at)
        .where((ApiToken.token_hash == hash_token(token)) & ApiToken.revoked_at.is_null())
        .first()
        .run()
    )
    if row is None:
        return None
    account = await accounts.get_account(row["user"])
    if account is None or not account.active:
        return None
    now = audit.now()
    if row["last_used_at"] is None or now - row["last_used_at"] >= LAST_USED_RESOLUTION:
        await ApiToken.update({ApiToken.last_used_at: now}).where(ApiToken.id == row["id"]).run()
    return TokenUser(account, row["scope"], row["id"])
