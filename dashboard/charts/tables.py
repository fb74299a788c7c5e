"""What the charts' tables share: cells as a reader reads them (a code as its label, a blank the
source did not carry as "来源未提供 / not in the source"), and the villages × categories matrix
under the heatmaps."""

from __future__ import annotations

import pandas as pd

from dashboard.reference import code_label
from dashboard.snapshots import not_in_source_label


def readable_cells(
    values: pd.Series,
    column: str,
    lang: str,
    unknown: frozenset[str] | set[str],
    coded: dict[str, tuple[str, str]],
) -> list | None:
    """The column's cells for the reader when it is in `unknown` (`snapshots.lacking`: its
    source did not carry it) or in `coded` (column → the contract's table and column of its
    codes); None for any other column, which the caller shows as it sees fit."""
    if column in unknown:
        return [
            not_in_source_label(lang) if value is None or pd.isna(value) else value
            for value in values
        ]
    if column in coded:
        table, code_column = coded[column]
        return [
            None if pd.isna(code) else code_label(table, code_column, code, lang) for code in values
        ]
    return None


def village_matrix(
    frame: pd.DataFrame, column: str, measure: str, columns: list | None = None
) -> pd.DataFrame:
    """Villages (rows, in the frame's order) × the values of `column` (in the order `columns`
    gives, or ascending) of `measure`, summed; a missing cell is 0."""
    villages = list(dict.fromkeys(frame["village_name"]))
    matrix = frame.pivot_table(
        index="village_name", columns=column, values=measure, aggfunc="sum", fill_value=0
    )
    order = sorted(matrix.columns) if columns is None else columns
    return matrix.reindex(index=villages, columns=order, fill_value=0)
