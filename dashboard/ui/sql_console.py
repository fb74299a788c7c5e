"""The SQL console's parts (/sql): the parameter boxes under the editor, the schema browser and
the result with its downloads. What they say is built in `dashboard/measures/sql_console.py`;
the query runs in `dashboard/sandbox.py`."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboard import sandbox
from dashboard.data import query_parameters
from dashboard.downloads import to_csv_bytes, to_excel_bytes
from dashboard.errors import TuopinError
from dashboard.i18n import text
from dashboard.measures import sql_console as measures
from dashboard.ui.file_buttons import file_button
from dashboard.ui.section import definitions_url

FILE_STEM = "sql_result"
PARAMETER_COLUMNS = 3  # boxes a row: a parameter's name and a date fit a third of the editor


def parameter_boxes(
    sql: str, defaults: Mapping[str, object], snapshot_date: dt.date, lang: str
) -> dict[str, str]:
    """One box per `$parameter` in `sql`, filled with the value the console would bind;
    returns what each box holds (`{"year": "2017"}`)."""
    names = sorted(query_parameters(sql))
    if not names:
        return {}
    st.markdown(f"**{text('sql.parameters', lang)}**")
    st.caption(text("sql.parameters.caption", lang))
    boxes = st.columns(min(len(names), PARAMETER_COLUMNS))
    typed = {}
    for index, name in enumerate(names):
        known = name in defaults
        typed[name] = boxes[index % len(boxes)].text_input(
            f"\\${name}",
            value=sandbox.format_parameter(defaults[name]) if known else "",
            key=f"sql_param_{name}_{snapshot_date.isoformat()}",
            placeholder=None if known else text("sql.parameter.unknown", lang),
        )
    return typed


def schema_browser(lang: str) -> None:
    """The sandbox's tables, one expander each (column, meaning, type, masked), and the
    staging views the console defines too."""
    st.subheader(text("sql.schema.heading", lang))
    tables = measures.schema_tables(sandbox.schema())
    st.caption(text("sql.schema.caption", lang, tables=len(tables)))
    for table, columns in tables.items():
        with st.expander(measures.schema_heading(table, columns, lang)):
            frame = measures.schema_frame(table, columns, lang)
            st.dataframe(frame, hide_index=True, key=f"schema-{table}")
    st.caption(measures.staging_note(lang, definitions_url))


def excel_bytes(frame: pd.DataFrame) -> bytes:
    """The whole result as .xlsx; values Excel cannot hold (lists, structs) written as text."""
    try:
        return to_excel_bytes(frame, FILE_STEM)
    except (ValueError, TypeError):
        return to_excel_bytes(frame.astype(str), FILE_STEM)


def _table(frame: pd.DataFrame) -> None:
    """The shown rows; columns the browser table cannot draw (nested types) become text."""
    try:
        st.dataframe(frame, hide_index=True, key="sql-result")
    except Exception:  # a type Arrow cannot send: show its text instead of failing
        st.dataframe(frame.astype(str), hide_index=True, key="sql-result-text")


NOTES = {"caption": st.caption, "warning": st.warning, "info": st.info}


def outcome(ran: Mapping[str, object], sql: str, lang: str) -> None:
    """The last run's outcome (`{"sql", "result"}` or `{"sql", "error"}`): its error, or its
    notes, table and downloads; said stale when the editor has changed since."""
    st.subheader(text("sql.result.heading", lang))
    if ran["sql"] != sql:
        st.caption(text("sql.result.stale", lang))
    if "error" in ran:
        st.error(ran["error"].message(lang), icon=":material/block:")
        return
    result: sandbox.SqlResult = ran["result"]
    for note in measures.result_notes(result, lang):
        NOTES[note.kind](note.sentence)
    if not measures.has_table(result):
        return
    _table(result.shown)
    stem = f"{FILE_STEM}_{result.snapshot_date.isoformat()}"
    left, right, _ = st.columns([1, 1, 3])
    for place, kind, make in (
        (left, "csv", functools.partial(to_csv_bytes, result.frame)),
        (right, "xlsx", functools.partial(excel_bytes, result.frame)),
    ):
        label = "sql.download_csv" if kind == "csv" else "sql.download_excel"
        file_button(
            kind,
            text(label, lang),
            make,
            f"{stem}.{kind}",
            key=f"sql-{kind}",
            place=place,
            help=text("sql.download.help", lang),
        )


def run(
    sql: str,
    typed: Mapping[str, str],
    defaults: Mapping[str, object],
    snapshot: object,
    viewer: object,
    data_dir: object,
    area_name: str,
    lang: str,
) -> dict[str, object]:
    """Run `sql` in the sandbox with the typed parameters over the viewer's area: the outcome
    `outcome` draws, the result or the error said to the reader (a bad value, a refusal)."""
    try:
        given = measures.given_parameters(typed, defaults)
        # Loading a county of a province's data takes seconds: say what is being loaded.
        with st.spinner(text("sql.loading", lang, area=area_name), show_time=True):
            result = sandbox.run_sql(
                data_dir,
                sql,
                snapshot_date=snapshot.snapshot_date,
                parameters=given,
                viewer=viewer,
            )
    except TuopinError as error:
        return {"sql": sql, "error": error}
    return {"sql": sql, "result": result}
