"""The 18-character 居民身份证号 (GB 11643), read and checked by python-stdnum's `stdnum.cn.ric`.

One home for what the demo generator and the importer both need: the check character, the birth
date and sex the number carries, and whether its first six digits are an issuing county that
stdnum's table of area codes knows (a warning only: counties are renamed and merged, and a number
keeps the code it was issued under).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

ID_LENGTH = 18


def check_character(first_17: str) -> str:
    """The check character of an ID number's first 17 digits.

    >>> check_character("11010519491231002")
    'X'
    """
    return ric.calc_check_digit(first_17 + "0")  # stdnum takes the number with a check place


def with_check_character(first_17: str) -> str:
    """The 18-character number made of `first_17` and its check character."""
    return first_17 + check_character(first_17)


def birth_date(number: str) -> dt.date:
    """The birth date written in digits 7-14 (ValueError when it is not a date)."""
    return _birth_date(number[6:14])


@lru_cache(maxsize=65_536)  # by the eight digits: stdnum cleans the whole number on every call
def _birth_date(digits: str) -> dt.date:
    try:
        return ric.get_birth_date(f"000000{digits}0000")
    except (InvalidComponent, ValueError):
        raise ValueError(f"no date in {digits}") from None


def sex(number: str) -> str:
    """`male` or `female`: the 17th character is odd for men."""
    return "male" if int(number[16]) % 2 == 1 else "female"


def is_valid(number: str) -> bool:
    """18 characters, digits but an X at the end, a real birth date and the right check character
    (the issuing county is not required to be known: see `county_known`)."""
    if len(number) != ID_LENGTH or not number[:17].isdigit():
        return False
    try:
        birth_date(number)
    except ValueError:
        return False
    return check_character(number[:17]) == number[17].upper()


def county_known(number_or_area: str) -> bool:
    """Whether the first six digits are an area code in stdnum's table (at any time: a number
    keeps the code it was issued under, and a person born before a county was created may hold
    its code when the card was issued later)."""
    return _area_known(number_or_area[:6])


@lru_cache(maxsize=8192)  # by area code: a roster's 100,000 numbers share a few dozen
def _area_known(area: str) -> bool:
    return any(props for _part, props in numdb.get("cn/loc").info(area))
