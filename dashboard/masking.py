"""Masking personal data in messages (import problems, check details): the SQL rule, in Python.

Queries mask with the SQL macros of `queries/definitions/50_masking.sql`; text that never goes
through SQL (an importer's problem list, a warning kept in a manifest) is masked here, by the
same rule, which `tests/test_masking.py` checks against the macros value by value:

- a name: its first character and two asterisks (张**), whatever its length;
- an ID number: first 6 and last 4 characters, asterisks between; 10 characters or fewer: all
  asterisks;
- a phone number: first 3 and last 4 characters; 7 characters or fewer: all asterisks;
- any whole 18-character ID number inside another text, as an ID number.
"""

from __future__ import annotations

import re

# An 18-character resident ID number anywhere in a text (x or X as its last character).
_ID_NUMBER = re.compile(r"(?<![0-9])([0-9]{17}[0-9Xx])(?![0-9Xx])")


def mask_name(name: str | None) -> str | None:
    """张三丰 → 张**; empty stays empty."""
    if name is None or name.strip() == "":
        return name
    return name.strip()[:1] + "**"


def _keep_ends(text: str, head: int, tail: int) -> str:
    if len(text) <= head + tail:
        return "*" * len(text)
    return text[:head] + "*" * (len(text) - head - tail) + text[-tail:]


def mask_id_number(number: str | None) -> str | None:
    """341182198001011234 → 341182********1234; ten characters or fewer: all asterisks."""
    return None if number is None else _keep_ends(number, 6, 4)


def mask_phone(phone: str | None) -> str | None:
    """13812345678 → 138****5678; seven characters or fewer: all asterisks."""
    return None if phone is None else _keep_ends(phone, 3, 4)


def mask_id_numbers_in(text: str) -> str:
    """Every whole 18-character ID number inside `text`, masked.

    >>> mask_id_numbers_in("号码 11010519491231002X 重复")
    '号码 110105********002X 重复'
    """
    return _ID_NUMBER.sub(lambda match: mask_id_number(match.group(1)), text)


def mask(field: str | None, value: object) -> str | None:
    """A value as a message may show it: by its field when personal, else with any ID inside it
    masked. The one function for messages (import problems, kept warnings, check details)."""
    if value is None or value == "":
        return value
    text = str(value).strip()
    if field == "name":
        return mask_name(text)
    if field == "id_number":
        return mask_id_number(text)
    if field == "phone":
        return mask_phone(text)
    return mask_id_numbers_in(text)
