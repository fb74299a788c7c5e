"""Sessions kept on the server: a random token in the browser, only its SHA-256 here.

The token travels only in an HttpOnly, SameSite=Strict cookie (`dashboard/access/routes.py`
sets it); the store keeps its hash, so a copy of the database opens no session. A session
ends when signed out, after the idle timeout (30 minutes) or the absolute one (12 hours), when
its user is disabled or changed, or when the password was reset after it began.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.access import settings
from dashboard.access.accounts import User, get_user
from dashboard.access.store import Store

COOKIE_NAME = "tuopin_session"
TOKEN_BYTES = 32  # 256 bits from the operating system's generator (ASVS 5.0 7.2.3: >= 128)
MAX_TOKEN_LENGTH = 100  # a longer cookie is not a token of ours: no hashing, no lookup


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Session:
    user: User
    created_at: float
    last_seen: float


def create_session(
    store: Store, user: User, *, address: str = "", clock: Callable[[], float] = time.time
) -> str:
    """Start a session for a signed-in user; returns the token for the cookie (never stored)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = clock()
    with store.transaction() as connection:
        connection.execute(
            "insert into sessions (token_hash, user_id, created_at, last_seen, address)"
            " values (?, ?, ?, ?, ?)",
            (token_hash(token), user.user_id, now, now, address),
        )
    return token


def session_for(
    store: Store, token: str | None, *, clock: Callable[[], float] = time.time
) -> Session | None:
    """The live session of a token, touched; None for a missing, forged, ended or old one."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    now = clock()
    digest = token_hash(token)
    with store.reading() as connection:
        row = connection.execute(
            "select * from sessions where token_hash = ?", (digest,)
        ).fetchone()
    if row is None or row["ended_at"] is not None:
        return None
    reason = None
    if now - row["last_seen"] > settings.idle_timeout_seconds():
        reason = "idle timeout"
    elif now - row["created_at"] > settings.absolute_timeout_seconds():
        reason = "absolute timeout"
    user = get_user(store, row["user_id"])
    if reason is None and (user is None or user.disabled):
        reason = "user disabled"
    if reason is None and row["created_at"] < user.password_changed_at:
        reason = "password changed"
    if reason is not None:
        end_session(store, token, reason=reason, clock=clock)
        return None
    if now - row["last_seen"] >= settings.SESSION_TOUCH_SECONDS:
        with store.transaction() as connection:
            connection.execute(
                "update sessions set last_seen = ? where token_hash = ? and ended_at is null",
                (now, digest),
            )
    return Session(user, row["created_at"], now)


def end_session(
    store: Store,
    token: str | None,
    *,
    reason: str = "signed out",
    clock: Callable[[], float] = time.time,
) -> bool:
    """End one session (sign-out or expiry); whether there was a live one to end."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return False
    with store.transaction() as connection:
        ended = connection.execute(
            "update sessions set ended_at = ?, end_reason = ? "
            "where token_hash = ? and ended_at is null",
            (clock(), reason, token_hash(token)),
        ).rowcount
    return ended > 0
