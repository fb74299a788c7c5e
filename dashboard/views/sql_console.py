"""SQL 控制台 SQL console: analysts' own SELECTs on the chosen snapshot, in the sandbox.

The query runs in `dashboard/sandbox.py` (a fresh, locked, in-memory DuckDB with the snapshot's
tables, names and ID numbers masked); this module only reads the editor and lays out the parts
of `dashboard/ui/sql_console.py`: the parameter boxes, the schema (labels from
`dashboard/locales/sql.toml`) and the result. The project's queries are the examples; the
chosen one lives in the URL (`?example=exits_by_year`). The sandbox holds the page's area
(`?area=`, the sidebar's picker) as the signed-in user may see it: an analyst who drilled into
a county queries that county, and a province too large for the sandbox's memory says so.
"""

from __future__ import annotations

import streamlit as st

from dashboard import sandbox
from dashboard.i18n import text
from dashboard.measures import sql_console as measures
from dashboard.ui import sql_console as console
from dashboard.ui import state
from dashboard.ui.controls import choice
from dashboard.ui.page import page_header

EXAMPLE_KEY = "sql_example"
TEXT_KEY = "sql_text"
OUTCOME_KEY = "sql_outcome"
BLANK = ""  # the example choice that leaves the editor empty
EDITOR_HEIGHT = 300  # pixels: the project's queries are 20-60 lines

lang = state.language()
snapshot = page_header("sql", lang)
st.caption(measures.intro(lang))


@st.cache_data(max_entries=16, show_spinner=False)
def parameter_defaults(identity: str, _snapshot: object) -> dict[str, object]:
    """The console's parameter values for a snapshot, cached by the snapshot's identity."""
    return sandbox.parameter_defaults(_snapshot)


def load_example() -> None:
    """Put the chosen example's SQL in the editor (the selectbox's on_change)."""
    name = st.session_state.get(EXAMPLE_KEY) or BLANK
    st.session_state[TEXT_KEY] = sandbox.load_example(name) if name else ""
    st.session_state.pop(OUTCOME_KEY, None)


first_run = TEXT_KEY not in st.session_state
editor, schema_column = st.columns([3, 2], gap="large")
with editor:
    choice(
        text("sql.example", lang),
        [BLANK, *sandbox.example_queries()],
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
    sql = (
        st.text_area(
            text("sql.editor", lang),
            key=TEXT_KEY,
            height=EDITOR_HEIGHT,
            help=text("sql.editor.help", lang),
            placeholder=text("sql.editor.placeholder", lang),
        )
        or ""
    )
    defaults = parameter_defaults(snapshot.identity, snapshot)
    typed = console.parameter_boxes(sql, defaults, snapshot.snapshot_date, lang)
    run = st.button(text("sql.run", lang), type="primary", icon=":material/play_arrow:")
    # The rows the sandbox loads: the page's area narrowed to the user's own (state.viewer),
    # so a town's officer on the whole data's page is told their town, not the whole data.
    viewer = state.viewer()
    held = viewer.area or ""
    area_name = state.area_names().get(held, held) if held else text("sidebar.area_whole", lang)
    st.caption(text("sql.area", lang, area=area_name))

with schema_column:
    console.schema_browser(lang)

if run:
    st.session_state[OUTCOME_KEY] = console.run(
        sql, typed, defaults, snapshot, viewer, state.data_dir(), area_name, lang
    )
if OUTCOME_KEY in st.session_state:
    console.outcome(st.session_state[OUTCOME_KEY], sql, lang)
