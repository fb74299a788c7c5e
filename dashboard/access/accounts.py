"""Local accounts: add, change, disable; and signing in with throttling.

User names are compared in their NFKC, case-folded form, and may hold only ASCII letters,
digits, `.`, `_`, `-` and Chinese characters, so a look-alike name (a Cyrillic а for a Latin
a, a full-width Ａ) cannot be made beside a real one. Throttling counts failures per name,
whether the account exists or not, and per address; every refusal says the same words.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.access import audit, passwords, settings
from dashboard.access.roles import Identity, check_area, check_roles
from dashboard.access.store import Store
from dashboard.errors import TuopinError

# The names of accounts an identity provider made (`dashboard/access/oidc.py`): local names
# cannot hold ':' (NAME_PATTERN), so the two never collide.
ACCOUNT_PREFIX = "oidc:"

LOCKOUT_MEMORY_SECONDS = 86_400  # a day without a lockout and the wait is 15 minutes again
NAME_PATTERN = re.compile(r"^[A-Za-z0-9._\-\u4e00-\u9fff]{2,32}$")


class AccountError(TuopinError):
    """A user command that cannot be done: an unknown user, a name taken, a bad role."""


class SignInRefused(TuopinError):
    """A sign-in refused. The message is the same whatever the reason."""


REFUSED = SignInRefused(
    "登录失败：用户名或密码不对，或尝试次数过多需要等待。请稍后再试，或联系管理员。",
    "Sign-in failed: the name or password is wrong, or there were too many tries and it must "
    "wait. Try again later, or ask the administrator.",
)


@dataclass(frozen=True)
class User:
    user_id: int
    name: str
    roles: tuple[str, ...]
    area: str
    helper_id: str | None
    disabled: bool
    password_changed_at: float
    created_at: float

    def identity(self) -> Identity:
        return Identity(self.name, self.roles, self.area, self.helper_id)


def name_key(name: str) -> str:
    """The form names are compared in: NFKC, case-folded, trimmed."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def check_name(name: str) -> str:
    cleaned = unicodedata.normalize("NFKC", name).strip()
    if cleaned != name.strip() or not NAME_PATTERN.match(cleaned):
        raise AccountError(
            "用户名只能用字母、数字、点、下划线、连字符或汉字，2 到 32 个字符。",
            "A user name has 2 to 32 characters: ASCII letters, digits, '.', '_', '-', or "
            f"Chinese characters ({name!r} is not one).",
        )
    return cleaned


def _user(row) -> User:
    return User(
        user_id=row["user_id"],
        name=row["name"],
        roles=tuple(row["roles"].split(",")),
        area=row["area"],
        helper_id=row["helper_id"],
        disabled=bool(row["disabled"]),
        password_changed_at=row["password_changed_at"],
        created_at=row["created_at"],
    )


def find_user(store: Store, name: str) -> User | None:
    with store.reading() as connection:
        row = connection.execute(
            "select * from users where name_key = ?", (name_key(name),)
        ).fetchone()
    return _user(row) if row else None


def get_user(store: Store, user_id: int) -> User | None:
    with store.reading() as connection:
        row = connection.execute("select * from users where user_id = ?", (user_id,)).fetchone()
    return _user(row) if row else None


def list_users(store: Store) -> list[User]:
    with store.reading() as connection:
        rows = connection.execute("select * from users order by name_key").fetchall()
    return [_user(row) for row in rows]


def _require(store: Store, name: str) -> User:
    user = find_user(store, name)
    if user is None:
        raise AccountError(f"没有用户 {name}。", f"No user named {name!r}.")
    return user


def _roles(roles: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    try:
        return check_roles(tuple(roles))
    except ValueError as error:
        raise AccountError(f"角色不对：{error}", f"Bad role: {error}") from None


def _area(area: str) -> str:
    try:
        return check_area(area)
    except ValueError as error:
        raise AccountError(f"区域不对：{error}", f"Bad area: {error}") from None


def add_user(
    store: Store,
    name: str,
    password: str,
    *,
    roles: tuple[str, ...],
    area: str,
    helper_id: str | None = None,
    actor: str,
    clock: Callable[[], float] = time.time,
) -> User:
    """Create an account; the password is checked against the rules and stored as argon2id."""
    name = check_name(name)
    roles, area = _roles(roles), _area(area)
    if "helper" in roles and not helper_id:
        raise AccountError(
            "帮扶干部账号要指定 --helper-id（他负责的帮扶责任人编号）。",
            "A helper account needs --helper-id (the helper_id it answers for).",
        )
    passwords.check_new_password(password, user_name=name)
    digest = passwords.hash_password(password)
    now = clock()
    with store.transaction() as connection:
        taken = connection.execute(
            "select name from users where name_key = ?", (name_key(name),)
        ).fetchone()
        if taken:
            raise AccountError(f"用户名 {name} 已被使用。", f"The name {name!r} is taken.")
        connection.execute(
            "insert into users (name, name_key, password_hash, roles, area, helper_id, disabled,"
            " password_changed_at, created_at) values (?, ?, ?, ?, ?, ?, 0, ?, ?)",
            (name, name_key(name), digest, ",".join(roles), area, helper_id, now, now),
        )
    audit.record(
        store, actor, "user.added", user=name, roles=list(roles), area=area, helper_id=helper_id
    )
    return _require(store, name)


def _change(store: Store, name: str, actor: str, sql: str, values: tuple, **detail) -> User:
    user = _require(store, name)
    with store.transaction() as connection:
        connection.execute(sql, (*values, user.user_id))
    audit.record(store, actor, "user.changed", user=user.name, **detail)
    return _require(store, name)


def set_disabled(store: Store, name: str, disabled: bool, *, actor: str) -> User:
    user = _change(
        store,
        name,
        actor,
        "update users set disabled = ? where user_id = ?",
        (int(disabled),),
        change="disabled" if disabled else "enabled",
    )
    if disabled:
        end_user_sessions(store, name, actor=actor, reason="disabled")
    return user


def set_roles(store: Store, name: str, roles: tuple[str, ...], *, actor: str) -> User:
    roles = _roles(roles)
    user = _change(
        store,
        name,
        actor,
        "update users set roles = ? where user_id = ?",
        (",".join(roles),),
        change="roles",
        roles=list(roles),
    )
    end_user_sessions(store, name, actor=actor, reason="roles changed")
    return user


def set_area(store: Store, name: str, area: str, *, actor: str) -> User:
    area = _area(area)
    user = _change(
        store,
        name,
        actor,
        "update users set area = ? where user_id = ?",
        (area,),
        change="area",
        area=area,
    )
    end_user_sessions(store, name, actor=actor, reason="area changed")
    return user


def reset_password(
    store: Store, name: str, password: str, *, actor: str, clock: Callable[[], float] = time.time
) -> User:
    """A new password; every session from before it ends (a stolen cookie stops working)."""
    user = _require(store, name)
    if user.name.startswith(ACCOUNT_PREFIX):
        raise AccountError(
            f"{user.name} 由单位统一身份认证登录，没有本地密码。",
            f"{user.name} signs in through the identity provider and has no password here.",
        )
    passwords.check_new_password(password, user_name=user.name)
    digest = passwords.hash_password(password)
    updated = _change(
        store,
        name,
        actor,
        "update users set password_hash = ?, password_changed_at = ? where user_id = ?",
        (digest, clock()),
        change="password",
    )
    end_user_sessions(store, name, actor=actor, reason="password reset", clock=clock)
    return updated


def end_user_sessions(
    store: Store,
    name: str,
    *,
    actor: str,
    reason: str = "ended by an administrator",
    clock: Callable[[], float] = time.time,
) -> int:
    """End every open session of a user; returns how many."""
    user = _require(store, name)
    with store.transaction() as connection:
        ended = connection.execute(
            "update sessions set ended_at = ?, end_reason = ? "
            "where user_id = ? and ended_at is null",
            (clock(), reason, user.user_id),
        ).rowcount
    audit.record(store, actor, "user.sessions_ended", user=user.name, sessions=ended, reason=reason)
    return ended


# ---------------------------------------------------------------- signing in


def _throttle_state(connection, key: str):
    return connection.execute("select * from throttle where throttle_key = ?", (key,)).fetchone()


def _is_locked(connection, key: str, now: float) -> bool:
    row = _throttle_state(connection, key)
    return bool(row and row["locked_until"] > now)


def _fail(connection, key: str, limit: int, now: float) -> None:
    """Count one failure; at `limit` in a row, wait 15 min, doubled after each lockout.

    The doubling is forgotten a day after the last lockout ended (LOCKOUT_MEMORY_SECONDS).
    """
    row = _throttle_state(connection, key)
    failures = (row["failures"] if row else 0) + 1
    lockouts = row["lockouts"] if row else 0
    locked_until = row["locked_until"] if row else 0
    if lockouts and now - locked_until > LOCKOUT_MEMORY_SECONDS:
        lockouts = 0
    if failures >= limit:
        locked_until = now + settings.lockout_seconds() * (2**lockouts)
        lockouts, failures = lockouts + 1, 0
    connection.execute(
        "insert into throttle (throttle_key, failures, locked_until, lockouts) values (?, ?, ?, ?)"
        " on conflict (throttle_key) do update set failures = excluded.failures,"
        " locked_until = excluded.locked_until, lockouts = excluded.lockouts",
        (key, failures, locked_until, lockouts),
    )


def authenticate(
    store: Store,
    name: str,
    password: str,
    *,
    address: str = "",
    clock: Callable[[], float] = time.time,
) -> User:
    """The user whose name and password these are, or SignInRefused (always the same words).

    Order: a locked name or address is refused before any password work; an unknown name is
    checked against a decoy hash so it takes as long; failures count for the name (known or
    not) and for the address; success clears the name's count.
    """
    now = clock()
    key = name_key(name)[:64]  # a 10,000-character "name" is not stored as a throttle key
    name_throttle, address_throttle = f"name:{key}", f"address:{address}"
    with store.reading() as connection:
        locked = _is_locked(connection, name_throttle, now) or (
            address and _is_locked(connection, address_throttle, now)
        )
        row = connection.execute("select * from users where name_key = ?", (key,)).fetchone()
    shown_name = name[:64]
    if locked:
        audit.record(
            store, shown_name, "sign_in.failure", reason="throttled", address=address, clock=clock
        )
        raise REFUSED
    if row is None:
        passwords.spend_like_a_check(password)
        ok, user = False, None
    else:
        user = _user(row)
        ok = passwords.verify_password(row["password_hash"], password) and not user.disabled
    with store.transaction() as connection:
        if ok:  # the count of failures in a row starts again; the doubling is kept
            connection.execute(
                "update throttle set failures = 0 where throttle_key = ?", (name_throttle,)
            )
        else:
            _fail(connection, name_throttle, settings.lockout_failures(), now)
            if address:
                _fail(connection, address_throttle, settings.address_failures(), now)
    if not ok:
        reason = "disabled" if user is not None and user.disabled else "wrong name or password"
        audit.record(
            store, shown_name, "sign_in.failure", reason=reason, address=address, clock=clock
        )
        raise REFUSED
    audit.record(store, user.name, "sign_in.success", address=address, clock=clock)
    return user
