"""SQL 控制台 SQL console: analysts' own SELECTs on the chosen snapshot, in the sandbox.

The query runs in `dashboard/sandbox.py` (a fresh, locked, in-memory DuckDB with the snapshot's
tables, names and ID numbers masked); this module only reads the editor, shows the result,
the schema (labels from `dashboard/locales/sql.toml`) and the project's queries as examples.
The chosen example lives in the URL (`?example=exits_by_year`). The sandbox holds the page's
area (`?area=`, the sidebar's picker) as the signed-in user may see it: an analyst who drilled
into a county queries that county, and a province too large for the sandbox's memory says so.
"""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from dashboard import sandbox
from dashboard.data import query_parameters
from dashboard.downloads import to_csv_bytes, to_excel_bytes
from dashboard.errors import TuopinError
from dashboard.formatting import format_count, format_date
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.controls import choice
from dashboard.ui.page import page_header
from dashboard.ui.section import definitions_url

EXAMPLE_KEY = "sql_example"
TEXT_KEY = "sql_text"
OUTCOME_KEY = "sql_outcome"
BLANK = ""  # the example choice that leaves the editor empty
EDITOR_HEIGHT = 300  # pixels: the project's queries are 20-60 lines
FILE_STEM = "sql_result"
# The staging views of `queries/staging/` the sandbox defines too: the rules applied once.
STAGING_VIEWS = ("household_facts", "member_facts", "village_areas")

lang = state.language()
snapshot = page_header("sql", lang)
st.caption(
    text(
        "sql.intro",
        lang,
        seconds=f"{sandbox.TIME_LIMIT_SECONDS:g}",
        memory=sandbox.MEMORY_LIMIT,
        shown=format_count(sandbox.MAX_ROWS_SHOWN),
        download=format_count(sandbox.MAX_ROWS_DOWNLOAD),
    )
)


@st.cache_data(max_entries=16, show_spinner=False)
def parameter_defaults(identity: str, _snapshot: object) -> dict[str, object]:
    """The console's parameter values for a snapshot, cached by the snapshot's identity."""
    return sandbox.parameter_defaults(_snapshot)


def load_example() -> None:
    """Put the chosen example's SQL in the editor (the selectbox's on_change)."""
    name = st.session_state.get(EXAMPLE_KEY) or BLANK
    st.session_state[TEXT_KEY] = sandbox.load_example(name) if name else ""
    st.session_state.pop(OUTCOME_KEY, None)


examples = [BLANK, *sandbox.example_queries()]
first_run = TEXT_KEY not in st.session_state

editor, schema_column = st.columns([3, 2], gap="large")
with editor:
    choice(
        text("sql.example", lang),
        examples,
        key=EXAMPLE_KEY,
        default=BLANK,
        parameter="example",
        nothing=BLANK,
        format_func=lambda name: name or text("sql.example.none", lang),
        on_change=load_example,
        help=text("sql.example.help", lang),
    )
    if first_run:  # the example a link names goes into the editor
        load_example()
    sql = st.text_area(
        text("sql.editor", lang),
        key=TEXT_KEY,
        height=EDITOR_HEIGHT,
        help=text("sql.editor.help", lang),
        placeholder=text("sql.editor.placeholder", lang),
    )

    # One box per $parameter in the SQL, filled with the value the console would bind.
    defaults = parameter_defaults(snapshot.identity, snapshot)
    typed: dict[str, str] = {}
    names = sorted(query_parameters(sql or ""))
    if names:
        st.markdown(f"**{text('sql.parameters', lang)}**")
        st.caption(text("sql.parameters.caption", lang))
        boxes = st.columns(min(len(names), 3))
        for index, name in enumerate(names):
            known = name in defaults
            typed[name] = boxes[index % len(boxes)].text_input(
                f"\\${name}",
                value=sandbox.format_parameter(defaults[name]) if known else "",
                key=f"sql_param_{name}_{snapshot.snapshot_date.isoformat()}",
                placeholder=None if known else text("sql.parameter.unknown", lang),
            )
    run = st.button(text("sql.run", lang), type="primary", icon=":material/play_arrow:")
    # The rows the sandbox loads: the page's area narrowed to the user's own (state.viewer),
    # so a town's officer on the whole data's page is told their town, not the whole data.
    viewer = state.viewer()
    held = viewer.area or ""
    area_name = state.area_names().get(held, held) if held else text("sidebar.area_whole", lang)
    st.caption(text("sql.area", lang, area=area_name))

with schema_column:
    st.subheader(text("sql.schema.heading", lang))
    columns = sandbox.schema()
    tables = list(dict.fromkeys(column.table for column in columns))
    st.caption(text("sql.schema.caption", lang, tables=len(tables)))
    for table in tables:
        rows = [column for column in columns if column.table == table]
        label = text(f"sql.table.{table}", lang)
        with st.expander(
            text("sql.schema.table", lang, table=table, label=label, columns=len(rows))
        ):
            frame = pd.DataFrame(
                {
                    text("sql.schema.column", lang): [column.column for column in rows],
                    text("sql.schema.label", lang): [
                        text(
                            f"sql.column.{table}.{column.column}"
                            if column.column != sandbox.SNAPSHOT_COLUMN
                            else "sql.column.snapshot_date",
                            lang,
                        )
                        for column in rows
                    ],
                    text("sql.schema.type", lang): [column.duckdb_type for column in rows],
                    text("sql.schema.masked", lang): [
                        "✓" if column.masked else "" for column in rows
                    ],
                }
            )
            st.dataframe(frame, hide_index=True, key=f"schema-{table}")
    st.caption(
        text(
            "sql.schema.staging",
            lang,
            views="、".join(
                text("sql.schema.staging_view", lang, view=view, url=definitions_url(view))
                for view in STAGING_VIEWS
            ),
            definitions_url=definitions_url(),
        )
    )

if run:
    try:
        given = {
            name: sandbox.parse_parameter(name, value, defaults.get(name))
            for name, value in typed.items()
            if value.strip()
        }
        # Loading a county of a province's data takes seconds: say what is being loaded.
        with st.spinner(text("sql.loading", lang, area=area_name), show_time=True):
            result = sandbox.run_sql(
                state.data_dir(),
                sql or "",
                snapshot_date=snapshot.snapshot_date,
                parameters=given,
                viewer=viewer,
            )
        st.session_state[OUTCOME_KEY] = {"sql": sql, "result": result}
    except TuopinError as error:
        st.session_state[OUTCOME_KEY] = {"sql": sql, "error": error}


def excel_bytes(frame: pd.DataFrame) -> bytes:
    """The whole result as .xlsx; values Excel cannot hold (lists, structs) written as text."""
    try:
        return to_excel_bytes(frame, FILE_STEM)
    except (ValueError, TypeError):
        return to_excel_bytes(frame.astype(str), FILE_STEM)


def show_table(frame: pd.DataFrame) -> None:
    """The shown rows; columns the browser table cannot draw (nested types) become text."""
    try:
        st.dataframe(frame, hide_index=True, key="sql-result")
    except Exception:  # a type Arrow cannot send: show its text instead of failing
        st.dataframe(frame.astype(str), hide_index=True, key="sql-result-text")


outcome = st.session_state.get(OUTCOME_KEY)
if outcome is not None:
    st.subheader(text("sql.result.heading", lang))
    if outcome["sql"] != sql:
        st.caption(text("sql.result.stale", lang))
    if "error" in outcome:
        st.error(outcome["error"].message(lang), icon=":material/block:")
    else:
        result: sandbox.SqlResult = outcome["result"]
        st.caption(
            text(
                "sql.result.summary",
                lang,
                rows=format_count(result.rows),
                seconds=f"{result.seconds:.2f}",
                date=format_date(result.snapshot_date, lang),
            )
        )
        if not result.complete:
            st.warning(
                text(
                    "sql.result.incomplete",
                    lang,
                    rows=format_count(result.rows),
                    cap=sandbox.download_cap(lang),
                )
            )
        elif result.rows > sandbox.MAX_ROWS_SHOWN:
            st.info(
                text(
                    "sql.result.shown",
                    lang,
                    shown=format_count(sandbox.MAX_ROWS_SHOWN),
                    rows=format_count(result.rows),
                )
            )
        if result.frame.empty and len(result.frame.columns) == 0:
            st.info(text("sql.result.empty", lang))
        else:
            if result.frame.empty:
                st.info(text("sql.result.empty", lang))
            show_table(result.shown)
            left, right, _ = st.columns([1, 1, 3])
            left.download_button(
                text("sql.download_csv", lang),
                functools.partial(to_csv_bytes, result.frame),
                file_name=f"{FILE_STEM}_{result.snapshot_date.isoformat()}.csv",
                mime="text/csv",
                key="sql-csv",
                help=text("sql.download.help", lang),
                on_click="ignore",
            )
            right.download_button(
                text("sql.download_excel", lang),
                functools.partial(excel_bytes, result.frame),
                file_name=f"{FILE_STEM}_{result.snapshot_date.isoformat()}.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                key="sql-xlsx",
                help=text("sql.download.help", lang),
                on_click="ignore",
            )
