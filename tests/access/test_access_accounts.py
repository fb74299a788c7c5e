"""Accounts and signing in: names that cannot be faked, throttling by name and by address."""

from __future__ import annotations

import pytest

from dashboard.access import accounts, audit
from dashboard.access.accounts import AccountError, SignInRefused, authenticate

PASSWORD = "correct horse battery"


def add(store, name="wangli", roles=("leader",), area="341182108206", **extra):
    return accounts.add_user(
        store, name, PASSWORD, roles=roles, area=area, actor="cli:test", **extra
    )


def refusal(store, name, password, clock, address="10.0.0.1") -> str:
    with pytest.raises(SignInRefused) as refused:
        authenticate(store, name, password, address=address, clock=clock)
    return f"{refused.value.message_zh}|{refused.value.message_en}"


def test_a_user_signs_in_with_the_right_password_only(store, clock):
    add(store)
    assert authenticate(store, "wangli", PASSWORD, clock=clock).name == "wangli"
    refusal(store, "wangli", "wrong password!", clock)
    events = [entry.event for entry in audit.entries(store)]
    assert events == ["user.added", "sign_in.success", "sign_in.failure"]


@pytest.mark.parametrize(
    "look_alike",
    [
        "WANGLI",  # case
        "wangli ",  # a trailing space
        "ｗａｎｇｌｉ",  # full-width letters (NFKC makes them ASCII)
    ],
)
def test_a_name_that_folds_to_a_taken_one_is_refused(store, look_alike):
    add(store)
    with pytest.raises(AccountError):
        add(store, look_alike)


@pytest.mark.parametrize("name", ["wаngli", "wangli\u200b", "x", "a" * 33, "<script>", "a' or 1=1"])
def test_names_outside_the_allowed_characters_are_refused(store, name):
    with pytest.raises(AccountError):
        add(store, name)  # Cyrillic а, a zero-width space, too short, too long, markup, SQL


def test_roles_are_checked(store):
    with pytest.raises(AccountError, match="one data role"):
        add(store, roles=("leader", "analyst"))
    with pytest.raises(AccountError, match="unknown role"):
        add(store, roles=("superuser",))
    with pytest.raises(AccountError, match="helper-id"):
        add(store, roles=("helper",))
    assert add(store, roles=("admin", "analyst")).roles == ("analyst", "admin")


def test_five_failures_lock_the_name_for_15_minutes_then_30(store, clock):
    add(store)
    for _ in range(5):
        refusal(store, "wangli", "wrong password!", clock)
    refusal(store, "wangli", PASSWORD, clock)  # locked: even the right password
    clock.advance(minutes=14)
    refusal(store, "wangli", PASSWORD, clock)
    clock.advance(minutes=2)
    assert authenticate(store, "wangli", PASSWORD, clock=clock)
    # A success clears the count but not the doubling: the next lockout lasts 30 minutes.
    for _ in range(5):
        refusal(store, "wangli", "wrong password!", clock)
    clock.advance(minutes=16)
    refusal(store, "wangli", PASSWORD, clock)
    clock.advance(minutes=15)
    assert authenticate(store, "wangli", PASSWORD, clock=clock)


def test_the_message_never_tells_whether_an_account_exists(store, clock):
    add(store)
    wrong_password = refusal(store, "wangli", "wrong password!", clock)
    unknown_name = refusal(store, "nobody-here", "wrong password!", clock)
    for _ in range(5):
        refusal(store, "wangli", "wrong password!", clock, address="10.0.0.2")
    locked = refusal(store, "wangli", PASSWORD, clock, address="10.0.0.3")
    add(store, "zhaoyun")
    accounts.set_disabled(store, "zhaoyun", True, actor="cli:test")
    disabled = refusal(store, "zhaoyun", PASSWORD, clock, address="10.0.0.4")
    assert wrong_password == unknown_name == locked == disabled
    # Unknown names are throttled like known ones, so lockouts do not tell either.
    for _ in range(5):
        refusal(store, "ghost", "wrong password!", clock, address="10.0.0.5")
    reasons = [entry.detail["reason"] for entry in audit.entries(store, actor="ghost")]
    assert reasons[-1] == "wrong name or password"
    refusal(store, "ghost", "wrong password!", clock, address="10.0.0.6")
    assert audit.entries(store, actor="ghost")[-1].detail["reason"] == "throttled"


def test_one_address_is_limited_across_names(store, clock, monkeypatch):
    monkeypatch.setenv("TUOPIN_ADDRESS_FAILURES", "6")
    add(store)
    for number in range(6):
        refusal(store, f"guess{number}", "wrong password!", clock, address="10.9.9.9")
    refusal(store, "wangli", PASSWORD, clock, address="10.9.9.9")
    assert authenticate(store, "wangli", PASSWORD, address="10.1.1.1", clock=clock)


@pytest.mark.parametrize(
    "name,password",
    [
        ("wangli' or '1'='1", "x' or '1'='1"),
        ('wangli"; drop table users; --', PASSWORD),
        ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>"),
        ("a" * 10_000, "b" * 10_000),
    ],
)
def test_injection_and_huge_input_at_sign_in_is_just_a_failure(store, clock, name, password):
    add(store)
    refusal(store, name, password, clock)
    assert accounts.find_user(store, "wangli") is not None  # the table is still there
    assert len(audit.entries(store)[-1].actor) <= 64
