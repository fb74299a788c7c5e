"""What the village map (村情地图) needs besides its figures: the units it offers, their
households, and one unit's row, from `queries/village_measures.sql`."""

from __future__ import annotations

import pandas as pd


def unit_names(measures: pd.DataFrame) -> dict[str, str]:
    """Village code → name, in the query's (code) order."""
    return dict(
        zip(measures["village_code"].astype(str), measures["village_name"].astype(str), strict=True)
    )


def total_households(measures: pd.DataFrame) -> int:
    """Registered households over every unit (0 on an empty snapshot)."""
    return int(pd.to_numeric(measures["households"]).sum())


def unit_row(measures: pd.DataFrame, village_code: str) -> pd.Series:
    """The `village_measures` row of one unit (the code must be one of the frame's)."""
    return measures.loc[measures["village_code"] == village_code].iloc[0]
