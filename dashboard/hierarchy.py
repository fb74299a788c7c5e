"""The administrative hierarchy of the 统计用区划代码: which prefix of a village code is which level.

A village's 12-digit code holds every level above it: 34 (province) → 3411 (prefecture) →
341182 (county) → 341182108 (town) → 341182108206 (village). An *area* is any of those
prefixes; '' is the whole data directory. Pure functions, no Streamlit, no data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from dashboard.reference import division_names

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


def unit_names(units, reference: dict[str, str]) -> dict[str, str]:
    """Name of every area code of `area_units.sql`'s frame: its own column, else `reference`.

    `reference` is the table of divisions (`dashboard.reference.division_names`); a code named
    nowhere is its own name (never an error on a page).
    """
    names: dict[str, str] = {}
    for level in LEVELS:
        pairs = units[[f"{level}_code", f"{level}_name"]]
        # A province's 13,000 villages hold a few hundred towns: each code is looked at once,
        # its first non-empty name kept.
        named = pairs[pairs[f"{level}_name"].fillna("").astype(str).str.strip() != ""]
        first = dict(named.drop_duplicates(f"{level}_code").itertuples(index=False, name=None))
        for code in pairs[f"{level}_code"].drop_duplicates():
            if code not in names or not names[code]:
                names[code] = first.get(code) or reference.get(code) or code
    return names


def data_root(village_codes: list[str]) -> str:
    """The deepest area holding every village of the data: what the whole directory is.

    A one-town directory's root is its town; an empty one's is ''.
    >>> data_root(["341182108206", "341182108207"])
    '341182108'
    """
    if not village_codes:
        return WHOLE_DATA
    root = WHOLE_DATA
    for digits in LEVEL_DIGITS.values():
        prefixes = {code[:digits] for code in village_codes}
        if len(prefixes) != 1:
            break
        root = prefixes.pop()
    return root


def children_of(area: str, village_codes: list[str]) -> list[str]:
    """The areas one step down from `area` that hold villages of the data, in code order.

    A level with a single unit is stepped over (a county's only prefecture), so the picker
    always offers a choice: the whole of a one-town directory offers its villages.
    """
    codes = [code for code in village_codes if code.startswith(area)]
    for digits in LEVEL_DIGITS.values():
        if digits <= len(area):
            continue
        below = sorted({code[:digits] for code in codes})
        if len(below) > 1 or digits == LEVEL_DIGITS["village"]:
            return below if below != [area] else []
    return []


@dataclass(frozen=True, eq=False)
class AreaIndex:
    """The villages a user may see on one snapshot, their areas' names, and each area's
    children, worked out once per snapshot and user (a province: 13,000 villages) rather than
    on every run of every page."""

    villages: tuple[str, ...]
    names: dict[str, str]
    _children: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @cached_property
    def root(self) -> str:
        """`data_root(villages)`: what the whole directory is."""
        return data_root(list(self.villages))

    def children(self, area: str) -> list[str]:
        """`children_of(area, villages)`, remembered."""
        if area not in self._children:
            self._children[area] = children_of(area, list(self.villages))
        return self._children[area]

    def unit_digits(self, area: str) -> int:
        """The digits of the units a page or deck of `area` counts by: its next level down
        (a county's towns: 9), villages (12) below a town or when nothing lies below."""
        below = self.children(area)
        return len(below[0]) if below else LEVEL_DIGITS["village"]

    @classmethod
    def of(cls, units) -> AreaIndex:
        """The index of `queries/area_units.sql`'s frame, named from the file or the official codes."""

        return cls(
            tuple(str(code) for code in units["village_code"]),
            unit_names(units, division_names()),
        )


def trail(area: str, root: str) -> list[str]:
    """The breadcrumb from the data's root down to `area`: '' then every level in between.

    >>> trail("341182108206", "341182")
    ['', '341182108', '341182108206']
    """
    return [WHOLE_DATA] + [
        code for code in [*ancestors(area), area] if len(code) > len(root) and code
    ]
