"""Which level the map (/map) shows for an area, and where "up one level" leads.

The map shows the units one level below the area: a county's towns, a town's villages. A level
the data holds only one of is skipped (a town's data directory holds one province, prefecture
and county), so a town's directory opens on its villages, as it always has.
"""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import format_count
from dashboard.hierarchy import LEVEL_DIGITS, LEVEL_LABELS, WHOLE_DATA, child_level, level_of
from dashboard.i18n import text

VILLAGE_DIGITS = LEVEL_DIGITS["village"]


def shown_area(area: str, village_codes: list[str]) -> str:
    """The area whose children the map draws: `area`, made deeper while it has one child only.

    >>> shown_area("", ["341182108200", "341182108201"])
    '341182108'
    """
    inside = [code for code in village_codes if code.startswith(area)]
    if len(area) >= LEVEL_DIGITS["town"]:
        return area[: LEVEL_DIGITS["town"]]  # a village's map is its town's
    while (level := child_level(area)) is not None and level != "village":
        children = {code[: LEVEL_DIGITS[level]] for code in inside}
        if len(children) != 1:
            break
        area = children.pop()
    return area


def unit_digits(area: str) -> int:
    """Digits of the codes of the units drawn for a shown area (a county's towns: 9)."""
    level = child_level(area)
    return VILLAGE_DIGITS if level is None else LEVEL_DIGITS[level]


def unit_level(area: str) -> str:
    """The level of the units drawn for a shown area ('town' for a county)."""
    return child_level(area) or "village"


def up_area(area: str, village_codes: list[str]) -> str | None:
    """The area one level up that shows something else, or None at the top of the data."""
    current = shown_area(area, village_codes)
    candidate = current
    while candidate != WHOLE_DATA:
        parents = [code for code in _parents(candidate)]
        candidate = parents[-1] if parents else WHOLE_DATA
        if shown_area(candidate, village_codes) != current:
            return candidate
    return None


def _parents(code: str) -> list[str]:
    level = level_of(code)
    return [code[:digits] for digits in LEVEL_DIGITS.values() if level and digits < len(code)]


def in_area(measures: pd.DataFrame, area: str) -> pd.DataFrame:
    """The rows of `village_measures` whose village lies in `area`."""
    return measures[measures["village_code"].astype(str).str.startswith(area)].reset_index(
        drop=True
    )


def as_map_units(units: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """`unit_measures` rows under the column names the map builder reads (village_code, _name).

    A unit without a name in the register (a v1 snapshot's prefecture) takes it from `names`
    (the reference table of divisions), else its code.
    """
    frame = units.rename(columns={"unit_code": "village_code", "unit_name": "village_name"})
    frame["village_name"] = [
        name if isinstance(name, str) and name else names.get(code, code)
        for code, name in zip(frame["village_code"], frame["village_name"], strict=True)
    ]
    return frame


def shapes_in_area(shapes: pd.DataFrame, area: str) -> pd.DataFrame:
    """The shapes of a level (a `code` column) that lie in `area` (codes start with it; every
    one for the whole data, `""`)."""
    return shapes[shapes["code"].astype(str).str.startswith(area)]


def area_name(code: str, names: dict[str, str], lang: str) -> str:
    """An area as the map names it: its name (its code when unnamed), or "全部" for the whole
    data directory (code "")."""
    return names.get(code, code) if code else text("map.level.all", lang)


def level_heading(area: str, units: int, level: str, names: dict[str, str], lang: str) -> str:
    """The heading of a map of `units` units of `level` in `area`: `女山湖镇的 12 个村`."""
    return text(
        "map.level.heading",
        lang,
        area=area_name(area, names, lang),
        count=format_count(units),
        level=LEVEL_LABELS[level][lang],
    )
