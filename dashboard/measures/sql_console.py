"""What the SQL console (/sql) says around its editor: the schema as tables, the typed
parameters read, and the notes over a result. Pure functions over `dashboard/sandbox.py`'s
values; the page draws them (`dashboard/ui/sql_console.py`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

import pandas as pd

from dashboard import sandbox
from dashboard.formatting import format_count, format_date
from dashboard.i18n import text

# The staging views of `queries/staging/` the sandbox defines too: the rules applied once.
STAGING_VIEWS = ("household_facts", "member_facts", "village_areas")


class Note(NamedTuple):
    """A sentence over a result and how it is drawn: "caption", "warning" or "info"."""

    kind: str
    sentence: str


def intro(lang: str) -> str:
    """The page's first caption: the sandbox's limits in words."""
    return text(
        "sql.intro",
        lang,
        seconds=f"{sandbox.TIME_LIMIT_SECONDS:g}",
        memory=sandbox.MEMORY_LIMIT,
        shown=format_count(sandbox.MAX_ROWS_SHOWN),
        download=format_count(sandbox.MAX_ROWS_DOWNLOAD),
    )


def schema_tables(
    columns: Sequence[sandbox.SchemaColumn],
) -> dict[str, list[sandbox.SchemaColumn]]:
    """The sandbox's columns grouped by table, tables in the order they first come."""
    tables: dict[str, list[sandbox.SchemaColumn]] = {}
    for column in columns:
        tables.setdefault(column.table, []).append(column)
    return tables


def _column_label(table: str, column: str, lang: str) -> str:
    if column == sandbox.SNAPSHOT_COLUMN:
        return text("sql.column.snapshot_date", lang)
    return text(f"sql.column.{table}.{column}", lang)


def schema_frame(table: str, columns: Sequence[sandbox.SchemaColumn], lang: str) -> pd.DataFrame:
    """One table of the schema browser: each column's name, meaning, type and whether masked."""
    return pd.DataFrame(
        {
            text("sql.schema.column", lang): [column.column for column in columns],
            text("sql.schema.label", lang): [
                _column_label(table, column.column, lang) for column in columns
            ],
            text("sql.schema.type", lang): [column.duckdb_type for column in columns],
            text("sql.schema.masked", lang): ["✓" if column.masked else "" for column in columns],
        }
    )


def schema_heading(table: str, columns: Sequence[sandbox.SchemaColumn], lang: str) -> str:
    """The expander of one table: `households 户 (28 列)`."""
    label = text(f"sql.table.{table}", lang)
    return text("sql.schema.table", lang, table=table, label=label, columns=len(columns))


def staging_note(lang: str, url: Callable[..., str]) -> str:
    """The caption under the schema: the staging views, each linking to its definition
    (`url(view)`; `url()` the definitions page)."""
    views = "、".join(
        text("sql.schema.staging_view", lang, view=view, url=url(view)) for view in STAGING_VIEWS
    )
    return text("sql.schema.staging", lang, views=views, definitions_url=url())


def given_parameters(typed: Mapping[str, str], defaults: Mapping[str, object]) -> dict[str, object]:
    """The values typed in the parameter boxes, read as their defaults' kinds; a box left
    empty is not given (the default is bound). Raises `sandbox.SqlRefused` on a bad value."""
    return {
        name: sandbox.parse_parameter(name, value, defaults.get(name))
        for name, value in typed.items()
        if value.strip()
    }


def result_notes(result: sandbox.SqlResult, lang: str) -> list[Note]:
    """The notes over a result: rows and time, then whether it was cut (at the download cap)
    or only partly shown (past the rows a browser's table takes), then whether it is empty."""
    notes = [
        Note(
            "caption",
            text(
                "sql.result.summary",
                lang,
                rows=format_count(result.rows),
                seconds=f"{result.seconds:.2f}",
                date=format_date(result.snapshot_date, lang),
            ),
        )
    ]
    if not result.complete:
        notes.append(
            Note(
                "warning",
                text(
                    "sql.result.incomplete",
                    lang,
                    rows=format_count(result.rows),
                    cap=sandbox.download_cap(lang),
                ),
            )
        )
    elif result.rows > sandbox.MAX_ROWS_SHOWN:
        notes.append(
            Note(
                "info",
                text(
                    "sql.result.shown",
                    lang,
                    shown=format_count(sandbox.MAX_ROWS_SHOWN),
                    rows=format_count(result.rows),
                ),
            )
        )
    if result.frame.empty:
        notes.append(Note("info", text("sql.result.empty", lang)))
    return notes


def has_table(result: sandbox.SqlResult) -> bool:
    """Whether a result has a table to show: any column (an empty one shows its headers)."""
    return len(result.frame.columns) > 0
