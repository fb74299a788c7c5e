"""What the presentation page (/present) says besides its slides: the names in its scope
picker. Pure functions over `queries/evaluation_remaining_by_unit.sql`'s rows."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.i18n import text

WHOLE = "town"  # the scope picker's first choice: the whole area, not one of its units


def unit_names(units: pd.DataFrame, names: Mapping[str, str]) -> dict[str, str]:
    """Each unit's name by its code; a unit the query could only name by its code (a town's
    or county's row, whose name lies in the area's hierarchy) is named from `names`."""
    return {
        code: names.get(code, name) if name == code else name
        for code, name in zip(units["unit_code"], units["unit_name"], strict=True)
    }


def whole_label(villages_here: bool, area: str | None, names: Mapping[str, str], lang: str) -> str:
    """The first choice, the whole area: 全镇 on a town's data, the county's name on a
    county's (`area` its code), 全镇 again when it has no name."""
    town = text("evaluation.scope.town", lang)
    return town if villages_here else names.get(area, town)


def scope_label(code: str, whole: str, units: Mapping[str, str]) -> str:
    """A choice of the scope picker in words."""
    return whole if code == WHOLE else units.get(code, code)
