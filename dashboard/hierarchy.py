"""The administrative hierarchy of the 统计用区划代码: which prefix of a village code is which level.

A village's 12-digit code holds every level above it: 34 (province) → 3411 (prefecture) →
341182 (county) → 341182108 (town) → 341182108206 (village). An *area* is any of those
prefixes; '' is the whole data directory. Pure functions, no Streamlit, no data.
"""

from __future__ import annotations

from typing import Literal

Level = Literal["province", "prefecture", "county", "town", "village"]

# Digits of each level's code, top down (the code scheme of the National Bureau of Statistics).
LEVEL_DIGITS: dict[Level, int] = {
    "province": 2,
    "prefecture": 4,
    "county": 6,
    "town": 9,
    "village": 12,
}
LEVELS: tuple[Level, ...] = tuple(LEVEL_DIGITS)
LEVEL_LABELS: dict[Level, dict[str, str]] = {
    "province": {"zh": "省", "en": "province"},
    "prefecture": {"zh": "市", "en": "prefecture"},
    "county": {"zh": "县", "en": "county"},
    "town": {"zh": "乡镇", "en": "town"},
    "village": {"zh": "村", "en": "village"},
}
WHOLE_DATA = ""  # the area of the whole data directory


def is_area_code(code: str) -> bool:
    """Whether `code` is '' or the code of one level (digits only, 2/4/6/9/12 of them)."""
    return code == WHOLE_DATA or (code.isdigit() and len(code) in LEVEL_DIGITS.values())


def level_of(code: str) -> Level | None:
    """The level of an area code (`'341182'` → `'county'`); None for the whole data or a bad code."""
    for level, digits in LEVEL_DIGITS.items():
        if code.isdigit() and len(code) == digits:
            return level
    return None


def child_level(code: str) -> Level | None:
    """The level one down from `code` (a county's towns); None below a village.

    The whole data directory's child level is the province: a directory that holds one town
    starts lower, which is for the caller who knows the data to decide.
    """
    level = level_of(code)
    if code == WHOLE_DATA:
        return LEVELS[0]
    if level is None or level == "village":
        return None
    return LEVELS[LEVELS.index(level) + 1]


def ancestors(code: str) -> list[str]:
    """Every area above `code`, top down, without '' and without `code` itself.

    >>> ancestors("341182108206")
    ['34', '3411', '341182', '341182108']
    """
    return [code[:digits] for digits in LEVEL_DIGITS.values() if digits < len(code)]


def contains(area: str, code: str) -> bool:
    """Whether the area (a prefix, '' for all) holds the code (a village's or a wider area's)."""
    return code.startswith(area)
