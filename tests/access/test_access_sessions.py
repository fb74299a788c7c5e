"""Sessions on the server: hashed tokens, idle and absolute timeouts, ends that really end."""

from __future__ import annotations

import pytest

from dashboard.access import accounts, sessions
from dashboard.access.sessions import create_session, end_session, session_for
from tests.access.stored import stored_bytes

PASSWORD = "correct horse battery"


@pytest.fixture
def user(store, clock):
    return accounts.add_user(
        store,
        "wangli",
        PASSWORD,
        roles=("leader",),
        area="341182108206",
        actor="cli:test",
        clock=clock,
    )


def test_a_session_is_found_by_its_token_and_stored_only_hashed(store, user, clock):
    token = create_session(store, user, clock=clock)
    assert session_for(store, token, clock=clock).user.name == "wangli"
    assert token.encode() not in stored_bytes(store)
    assert sessions.token_hash(token).encode() in stored_bytes(store)


@pytest.mark.parametrize("forged", ["", "x", "A" * 43, "a" * 10_000, "' or 1=1 --"])
def test_forged_tokens_open_nothing(store, user, clock, forged):
    create_session(store, user, clock=clock)
    assert session_for(store, forged, clock=clock) is None


def test_idle_timeout_counts_from_the_last_use(store, user, clock):
    token = create_session(store, user, clock=clock)
    clock.advance(minutes=20)
    assert session_for(store, token, clock=clock) is not None  # used: idle time starts again
    clock.advance(minutes=29)
    assert session_for(store, token, clock=clock) is not None
    clock.advance(minutes=31)
    assert session_for(store, token, clock=clock) is None
    clock.advance(minutes=-60)  # ended for good, even if the clock went back
    assert session_for(store, token, clock=clock) is None


def test_absolute_timeout_ends_a_session_used_all_day(store, user, clock):
    token = create_session(store, user, clock=clock)
    for _ in range(12 * 3):  # every 20 minutes for 12 hours
        clock.advance(minutes=20)
        assert session_for(store, token, clock=clock) is not None
    clock.advance(minutes=20)
    assert session_for(store, token, clock=clock) is None


def test_timeouts_are_settings(store, user, clock, monkeypatch):
    monkeypatch.setenv("TUOPIN_IDLE_MINUTES", "5")
    token = create_session(store, user, clock=clock)
    clock.advance(minutes=6)
    assert session_for(store, token, clock=clock) is None


def test_sign_out_ends_the_session_on_the_server(store, user, clock):
    token = create_session(store, user, clock=clock)
    assert end_session(store, token, clock=clock)
    assert session_for(store, token, clock=clock) is None  # a replayed cookie opens nothing
    assert not end_session(store, token, clock=clock)


def test_a_password_reset_ends_the_sessions_from_before_it(store, user, clock):
    before = create_session(store, user, clock=clock)
    clock.advance(minutes=1)
    accounts.reset_password(store, "wangli", "a new long phrase", actor="cli:test", clock=clock)
    assert session_for(store, before, clock=clock) is None
    after = create_session(store, accounts.find_user(store, "wangli"), clock=clock)
    assert session_for(store, after, clock=clock) is not None


def test_an_admin_ends_a_users_sessions_and_disabling_ends_them_too(store, user, clock):
    first, second = (create_session(store, user, clock=clock) for _ in range(2))
    assert accounts.end_user_sessions(store, "wangli", actor="admin", clock=clock) == 2
    assert session_for(store, first, clock=clock) is None
    assert session_for(store, second, clock=clock) is None
    third = create_session(store, user, clock=clock)
    accounts.set_disabled(store, "wangli", True, actor="admin")
    assert session_for(store, third, clock=clock) is None


def test_one_users_token_is_not_anothers(store, user, clock):
    other = accounts.add_user(
        store, "zhaoyun", PASSWORD, roles=("viewer",), area="", actor="t", clock=clock
    )
    token = create_session(store, other, clock=clock)
    assert session_for(store, token, clock=clock).user.name == "zhaoyun"
