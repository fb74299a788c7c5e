"""Small counts for visitors: a cell that stands for fewer than 5 households reads "<5".

Which columns count households: by name, from the query files' own vocabulary (`households`,
`households_before`, `exited_households`, `n_households`…). A count of 0 stays 0 (nothing is
told about anyone) and 5 or more stays as it is.
"""

from __future__ import annotations

import re

import pandas as pd

SMALL_COUNT_LIMIT = 5  # fewer households than this in one cell could point at a family
SMALL_COUNT_LABEL = "<5"
HOUSEHOLD_COUNT_COLUMN = re.compile(r"(^|_)households($|_)")


def household_count_columns(frame: pd.DataFrame) -> list[str]:
    """The integer columns of a frame whose name says they count households."""
    return [
        name
        for name in frame.columns
        if HOUSEHOLD_COUNT_COLUMN.search(str(name))
        and pd.api.types.is_integer_dtype(frame[name].dtype)
    ]


def hide_small_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which every household count from 1 to 4 reads "<5" (the column becomes text)."""
    columns = household_count_columns(frame)
    if not columns:
        return frame
    hidden = frame.copy()
    for name in columns:
        small = hidden[name].between(1, SMALL_COUNT_LIMIT - 1)
        if small.any():
            hidden[name] = hidden[name].astype(object).where(~small, SMALL_COUNT_LABEL)
    hidden.attrs["small_counts_hidden"] = columns
    return hidden
