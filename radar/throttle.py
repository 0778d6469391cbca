"""Sign-in throttling: failed attempts are counted per account at one address, per address and per account.

The pair limit stops guessing one account from one place. The address limit stops one place from trying many
accounts. The account limit is looser and its blocks are short (at most a minute), so an attacker spread over many
addresses slows the account down but cannot lock its owner out: the owner's own address has its own pair count,
and every block ends within a minute. Counts live in the database, so every process shares them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from radar import audit
from radar.database import transaction
from radar.tables import LoginThrottle


@dataclass(frozen=True)
class Limit:
    scope: str
    allowed: int  # failures before the first block
    quiet: timedelta  # a key with no failure for this long starts again from zero
    first_block: timedelta
    longest_block: timedelta

    def block_after(self, failures: int) -> timedelta | None:
        """How long to block after `failures` failures in a row: doubling from the first block, up to the longest."""
        if failures < self.allowed:
            return None
        doublings = min(failures - self.allowed, 20)
        block: timedelta = min(self.first_block * 2**doublings, self.longest_block)
        return block


PAIR = Limit("pair", 5, timedelta(minutes=15), timedelta(seconds=30), timedelta(minutes=15))
ADDRESS = Limit("address", 30, timedelta(minutes=15), timedelta(seconds=60), timedelta(minutes=15))
ACCOUNT = Limit("account", 50, timedelta(minutes=15), timedelta(seconds=5), timedelta(seconds=60))
LIMITS = (PAIR, ADDRESS, ACCOUNT)


def keys(username: str, address: str) -> dict[Limit, str]:
    """The counter key of each limit; unknown usernames are counted too, so a block says nothing about them."""
    name = username.strip().lower()[:80]
    place = address[:80]
    return {PAIR: f"pair:{name}@{place}", ADDRESS: f"address:{place}", ACCOUNT: f"account:{name}"}


async def retry_after(username: str, address: str, now: datetime | None = None) -> int:
    """Seconds until this account may try again from this address; 0 when it may try now."""
    now = now or audit.now()
    rows = await (
        LoginThrottle.select(LoginThrottle.blocked_until)
        .where(LoginThrottle.key.is_in(list(keys(username, address).values())))
        .where(LoginThrottle.blocked_until > now)
        .run()
    )
    if not rows:
        return 0
    longest: timedelta = max(row["blocked_until"] for row in rows) - now
    return max(1, math.ceil(longest.total_seconds()))


async def record_failure(username: str, address: str, now: datetime | None = None) -> None:
    """Count one failed sign-in against each key, and block the keys that went over their limit."""
    now = now or audit.now()
    async with transaction(LoginThrottle._meta.db):
        for limit, key in keys(username, address).items():
            await (
                LoginThrottle.insert(LoginThrottle(key=key, failures=0, last_failure_at=now))
                .on_conflict(target=LoginThrottle.key, action="DO NOTHING")
                .run()
            )
            row = await LoginThrottle.select().where(LoginThrottle.key == key).first().run()
            assert row is not None
            quiet = now - row["last_failure_at"] > limit.quiet
            failures = 1 if quiet else row["failures"] + 1
            block = limit.block_after(failures)
            await (
                LoginThrottle.update(
                    {
                        LoginThrottle.failures: failures,
                        LoginThrottle.last_failure_at: now,
                        LoginThrottle.blocked_until: now + block if block else None,
                    }
                )
                .where(LoginThrottle.key == key)
                .run()
            )
            if failures == limit.allowed:  # once when the block starts, not for every refused attempt after it
                await audit.record("login.throttled", limit.scope, key.split(":", 1)[1][:120], None, {})


async def record_success(username: str, address: str) -> None:
    """A right password from this address clears that pair's count (the address and account counts stay)."""
    await LoginThrottle.delete().where(LoginThrottle.key == keys(username, address)[PAIR]).run()


async def forget_before(moment: datetime) -> int:
    """Delete counters untouched since `moment` and not blocked now; returns how many went."""
    stale = await (
        LoginThrottle.select(LoginThrottle.id)
        .where(LoginThrottle.last_failure_at < moment)
        .where((LoginThrottle.blocked_until.is_null()) | (LoginThrottle.blocked_until < moment))
        .run()
    )
    ids = [row["id"] for row in stale]
    if ids:
        await LoginThrottle.delete().where(LoginThrottle.id.is_in(ids)).run()
    return len(ids)
