"""Passwords: argon2id at or above OWASP ASVS 5.0's parameters, and the rules for a new one.

ASVS 5.0, Appendix C ("Hash Functions for Password Storage"), approves argon2id with
t = 1: m >= 46 MiB; t = 2: m >= 19 MiB; t >= 3: m >= 12 MiB; p = 1. We use t = 2 and
m = 46 MiB (47,104 KiB), p = 1: above the t = 2 row, and at the t = 1 row's memory, so the
cost stays above the floor even if someone later lowers t by one.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from dashboard.errors import TuopinError
from dashboard.snapshots import PROJECT_ROOT

TIME_COST = 2
MEMORY_COST_KIB = 47_104  # 46 MiB
PARALLELISM = 1
HASH_BYTES = 32
SALT_BYTES = 16  # ASVS asks at least 32 bits; argon2's own advice is 128
MIN_LENGTH = 8  # ASVS 5.0 6.2.1
MAX_LENGTH = 128  # ASVS 5.0 6.2.9 asks at least 64 be allowed; more is hashing work for nothing
COMMON_PASSWORDS_FILE = PROJECT_ROOT / "data" / "reference" / "common_passwords.txt"

HASHER = PasswordHasher(
    time_cost=TIME_COST,
    memory_cost=MEMORY_COST_KIB,
    parallelism=PARALLELISM,
    hash_len=HASH_BYTES,
    salt_len=SALT_BYTES,
    type=Type.ID,
)


class PasswordRefused(TuopinError):
    """A new password that breaks a rule: too short, too long, or common."""


@functools.cache
def common_passwords(path: Path = COMMON_PASSWORDS_FILE) -> frozenset[str]:
    """The list of common passwords, lowercased (data/reference/common_passwords.txt)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def check_new_password(password: str, *, user_name: str = "") -> None:
    """Refuse a new password that is too short, too long, common, or the user's own name."""
    length = len(password)
    if length < MIN_LENGTH:
        raise PasswordRefused(
            f"密码至少 {MIN_LENGTH} 个字符（现在 {length} 个）。",
            f"A password has at least {MIN_LENGTH} characters (this one has {length}).",
        )
    if length > MAX_LENGTH:
        raise PasswordRefused(
            f"密码最多 {MAX_LENGTH} 个字符（现在 {length} 个）。",
            f"A password has at most {MAX_LENGTH} characters (this one has {length}).",
        )
    folded = unicodedata.normalize("NFKC", password).lower()
    if folded in common_passwords() or (user_name and folded == user_name.lower()):
        raise PasswordRefused(
            "这个密码太常见，很容易被猜中：请换一个（可以用几个词连成的短句）。",
            "This password is too common to be safe: choose another (a few words make a good one).",
        )


def hash_password(password: str) -> str:
    """The argon2id hash of a password, with its own random salt and the parameters above."""
    return HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether a password matches its stored hash; never raises for a wrong one."""
    if len(password) > MAX_LENGTH:  # no hashing work for a 10,000-character guess
        return False
    try:
        return HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# A hash of a random string: a sign-in with an unknown name is checked against it, so it takes
# as long as one with a known name and the time does not tell which names exist.
_DECOY_HASH = HASHER.hash("decoy-for-unknown-names-3f9a1c")


def spend_like_a_check(password: str) -> None:
    """Do the work of one password check, for a name that does not exist."""
    verify_password(_DECOY_HASH, password[:MAX_LENGTH])
