"""Password hashing meets OWASP ASVS 5.0's figures, and new passwords follow the rules."""

from __future__ import annotations

import re

import pytest

from dashboard.access import passwords
from dashboard.access.passwords import PasswordRefused, check_new_password

# ASVS 5.0 Appendix C, "Hash Functions for Password Storage", argon2id (memory in KiB):
# t = 1: m >= 47104; t = 2: m >= 19456; t >= 3: m >= 12288; p = 1.
ASVS_MIN_MEMORY_KIB = {1: 47_104, 2: 19_456, 3: 12_288}


def test_a_stored_hash_is_argon2id_at_or_above_the_asvs_figures():
    stored = passwords.hash_password("a long and unusual phrase")
    found = re.match(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$", stored)
    assert found, stored
    memory, time_cost, parallelism = (int(found.group(i)) for i in (1, 2, 3))
    assert time_cost >= 1
    assert memory >= ASVS_MIN_MEMORY_KIB[min(time_cost, 3)]
    assert parallelism == 1
    # The salt is random: the same password hashes differently each time.
    assert passwords.hash_password("a long and unusual phrase") != stored
    assert len(found.group(4)) >= 22  # base64 of 16 bytes, at least ASVS's 32 bits


def test_a_hash_verifies_its_own_password_only():
    stored = passwords.hash_password("correct horse battery")
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "correct horse batterY")
    assert not passwords.verify_password("not a hash", "correct horse battery")


@pytest.mark.parametrize(
    "password", ["short7!", "x" * 129, "password123", "PASSWORD123", "qwertyuiop"]
)
def test_passwords_that_break_a_rule_are_refused(password):
    with pytest.raises(PasswordRefused):
        check_new_password(password)


@pytest.mark.parametrize("password", ["eight ch", "y" * 128, "长城 长江 黄河 泰山"])
def test_passwords_within_the_rules_are_accepted(password):
    check_new_password(password)


def test_the_users_own_name_is_refused():
    with pytest.raises(PasswordRefused):
        check_new_password("wangxiaoming", user_name="WangXiaoming")


def test_the_common_list_has_thousands_of_entries_and_the_usual_suspects():
    listed = passwords.common_passwords()
    assert len(listed) > 5_000
    assert {"123456", "password", "iloveyou", "woaini1314"} <= listed


def test_a_ten_thousand_character_password_is_refused_without_hashing(monkeypatch):
    stored = passwords.hash_password("correct horse battery")
    calls = []

    class Recorder:
        def verify(self, *args):
            calls.append(args)
            return True

    monkeypatch.setattr(passwords, "HASHER", Recorder())
    assert passwords.verify_password(stored, "short enough")  # the recorder is in place
    assert not passwords.verify_password(stored, "a" * 10_000)
    assert len(calls) == 1  # only the short one was hashed
    with pytest.raises(PasswordRefused, match="at most 128"):
        check_new_password("a" * 10_000)
