"""Cells of a table as a reader reads them: a code as its label, a blank the source did not
carry as "来源未提供 / not in the source". Shared by the tables the pages show and download."""

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
