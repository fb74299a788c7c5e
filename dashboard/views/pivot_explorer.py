"""自助分析 Explorer: a pivot of a subject by up to two dimensions, filtered, kept in the URL.

The view is `?subject=members&measure=people&rows=village&cols=age_band&f_health=disabled`;
`dashboard/pivot_queries.py` turns it into one allow-listed DuckDB query with bound values, and
orders and labels the answer; `dashboard/charts/pivot.py` draws the table and the chart.
This module reads the choices, runs the query (cached by snapshot identity), lays things out.
"""

from __future__ import annotations

import streamlit as st

from dashboard import pivot_queries
from dashboard.charts import pivot as charts
from dashboard.formatting import format_count, format_yuan
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.cards import Card, card
from dashboard.ui.page import page_header
from dashboard.ui.section import section
from dashboard.ui.shared import shared_figure

SEEDED_KEY = "explore_seeded"
SUBJECT_KEY = "explore_subject"
MEASURE_KEY = "explore_measure"
ROWS_KEY = "explore_rows"
COLUMNS_KEY = "explore_columns"
FILTERS_KEY = "explore_filter_dimensions"
URL_KEYS = ("subject", "measure", "rows", "cols")


QUERY_SOURCE = "dashboard/pivot_queries.py"  # the allow-listed pivot SQL is put together there


def filter_key(dimension: str) -> str:
    """The session-state key of one dimension's filter widget."""
    return f"explore_filter_{dimension}"


def run(sql_and_params: tuple[str, dict]):
    """Run an allow-listed pivot query (SQL and its bound values) through the cached layer."""
    sql, params = sql_and_params
    with st.spinner(text("common.counting", state.language())):
        return state.run_sql(sql, **params)


lang = state.language()
snapshot = page_header("explore", lang)
snapshot_date = snapshot.snapshot_date
# Dimensions whose column this snapshot's source did not carry: their blank says so.
not_in_source = pivot_queries.dimensions_not_in_source(snapshot)

# On a session's first run, the URL's view seeds every widget; afterwards the widgets rule.
if SEEDED_KEY not in st.session_state:
    seeded = pivot_queries.parse_spec(
        {key: st.query_params.get_all(key) for key in st.query_params}
    )
    st.session_state[SUBJECT_KEY] = seeded.subject
    st.session_state[MEASURE_KEY] = seeded.measure
    st.session_state[ROWS_KEY] = seeded.rows
    st.session_state[COLUMNS_KEY] = seeded.columns
    st.session_state[FILTERS_KEY] = [dimension for dimension, _ in seeded.filters]
    for dimension, values in seeded.filters:
        st.session_state[filter_key(dimension)] = list(values)
    st.session_state[SEEDED_KEY] = True

subject_column, measure_column, rows_column, columns_column = st.columns(4)
subject = subject_column.selectbox(
    text("explore.subject", lang),
    pivot_queries.SUBJECT_NAMES,
    format_func=lambda name: text(f"explore.subject.{name}", lang),
    key=SUBJECT_KEY,
)
measures = pivot_queries.measures_of(subject)
if st.session_state.get(MEASURE_KEY) not in measures:
    st.session_state[MEASURE_KEY] = measures[0]
measure = measure_column.selectbox(
    text("explore.measure", lang),
    measures,
    format_func=lambda name: text(f"explore.measure.{name}", lang),
    key=MEASURE_KEY,
)
dimensions = pivot_queries.dimensions_of(subject)


def dimension_name(name: str | None) -> str:
    """A dimension's label in the page's language (无 / None for no dimension)."""
    return (
        text("explore.no_dimension", lang)
        if name is None
        else text(f"explore.dimension.{name}", lang)
    )


if st.session_state.get(ROWS_KEY) not in dimensions:
    st.session_state[ROWS_KEY] = None
rows = rows_column.selectbox(
    text("explore.rows", lang), [None, *dimensions], format_func=dimension_name, key=ROWS_KEY
)
column_choices = [None, *(name for name in dimensions if name != rows)] if rows else [None]
if st.session_state.get(COLUMNS_KEY) not in column_choices:
    st.session_state[COLUMNS_KEY] = None
columns = columns_column.selectbox(
    text("explore.columns", lang),
    column_choices,
    format_func=dimension_name,
    key=COLUMNS_KEY,
    disabled=rows is None,
)

st.session_state[FILTERS_KEY] = [
    name for name in st.session_state.get(FILTERS_KEY, []) if name in dimensions
]
filter_dimensions = st.multiselect(
    text("explore.filters", lang), dimensions, format_func=dimension_name, key=FILTERS_KEY
)
chosen_filters: dict[str, list[str]] = {}
if filter_dimensions:
    filter_columns = st.columns(min(len(filter_dimensions), 3))
    for index, dimension in enumerate(filter_dimensions):
        options = run(pivot_queries.values_sql(subject, dimension, snapshot_date))
        labels = {
            value: pivot_queries.value_label(dimension, value, label, lang, not_in_source)
            for value, label in zip(options["value"], options["label"], strict=True)
        }
        kept = [value for value in st.session_state.get(filter_key(dimension), [])]
        for value in kept:  # a value from a link that this snapshot lacks stays visible
            labels.setdefault(
                value, pivot_queries.value_label(dimension, value, None, lang, not_in_source)
            )
        st.session_state[filter_key(dimension)] = kept
        chosen_filters[dimension] = filter_columns[index % len(filter_columns)].multiselect(
            text("explore.filter_values", lang, dimension=dimension_name(dimension)),
            sorted(labels, key=lambda value, name=dimension: pivot_queries.sort_key(name, value)),
            format_func=labels.get,
            key=filter_key(dimension),
        )
    st.caption(text("explore.filter_hint", lang))

spec = pivot_queries.parse_spec(
    {
        "subject": subject,
        "measure": measure,
        "rows": rows or "",
        "cols": columns or "",
        **{pivot_queries.FILTER_PREFIX + name: values for name, values in chosen_filters.items()},
    }
)
for key in list(st.query_params):
    if key in URL_KEYS or key.startswith(pivot_queries.FILTER_PREFIX):
        del st.query_params[key]
for key, value in pivot_queries.spec_params(spec).items():
    st.query_params[key] = value

result = pivot_queries.shape(
    run(pivot_queries.pivot_sql(spec, snapshot_date)), spec, lang, not_in_source
)
st.subheader(pivot_queries.describe(spec, lang))
if spec.subject == "members":
    st.caption(text("explore.ages_note", lang))
elif spec.subject in ("payments", "loans", "visits"):
    st.caption(text("explore.events_note", lang))

if result.is_empty:
    st.info(text("explore.empty", lang))
    st.stop()

stem = f"explore_{spec.subject}_{spec.measure}_{snapshot_date.isoformat()}"
kind = spec.measure_spec().kind
if not spec.rows:
    value = result.total
    shown = format_count(value) if kind == "count" else format_yuan(value, lang)
    card(st, Card(text(f"explore.measure.{spec.measure}", lang), shown))
table = charts.wide_table(result, lang)
section(
    None,
    table,
    query=QUERY_SOURCE,
    figure=shared_figure(charts.pivot_figure, result, lang) if spec.rows else None,
    is_empty=False,
    key="explore-pivot",
    lang=lang,
    file_stem=stem,
    expanded=True,
)
