"""The explorer's controls (/explore): subject, measure, rows, columns and filters as one view
kept in the URL (`?subject=members&measure=people&rows=village&f_health=disabled`).

On a session's first run the URL's view (`pivot_queries.parse_spec`) seeds every widget;
afterwards the widgets rule and the view is written back to the URL on every run, so a
shared link opens the same table. A choice no longer allowed (another subject has other
dimensions) falls back to none, or to the subject's first measure.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import streamlit as st

from dashboard import pivot_queries
from dashboard.i18n import text
from dashboard.measures import pivot as measures
from dashboard.ui import state

SEEDED_KEY = "explore_seeded"
SUBJECT_KEY = "explore_subject"
MEASURE_KEY = "explore_measure"
ROWS_KEY = "explore_rows"
COLUMNS_KEY = "explore_columns"
FILTERS_KEY = "explore_filter_dimensions"
FILTER_COLUMNS = 3  # filters a row


def filter_key(dimension: str) -> str:
    """The session-state key of one dimension's filter widget."""
    return f"explore_filter_{dimension}"


def counted(sql_and_params: tuple[str, dict], lang: str) -> pd.DataFrame:
    """Run an allow-listed pivot query (SQL and its bound values) through the cached layer."""
    sql, params = sql_and_params
    with st.spinner(text("common.counting", lang)):
        return state.run_sql(sql, **params)


def _seed_from_url() -> None:
    if SEEDED_KEY in st.session_state:
        return
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


def _allowed(key: str, options, fallback) -> None:
    """Keep the widget `key`'s value only while it is one of `options`."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = fallback


def _filters(
    subject: str,
    dimensions: tuple[str, ...],
    snapshot_date: dt.date,
    not_in_source: frozenset[str],
    lang: str,
) -> dict[str, list[str]]:
    """Which dimensions filter, then the values kept of each."""
    st.session_state[FILTERS_KEY] = [
        name for name in st.session_state.get(FILTERS_KEY, []) if name in dimensions
    ]
    chosen = st.multiselect(
        text("explore.filters", lang),
        dimensions,
        format_func=lambda name: measures.dimension_name(name, lang),
        key=FILTERS_KEY,
    )
    if not chosen:
        return {}
    places = st.columns(min(len(chosen), FILTER_COLUMNS))
    kept: dict[str, list[str]] = {}
    for index, dimension in enumerate(chosen):
        values = counted(pivot_queries.values_sql(subject, dimension, snapshot_date), lang)
        held = list(st.session_state.get(filter_key(dimension), []))
        st.session_state[filter_key(dimension)] = held
        ordered, labels = measures.filter_choices(dimension, values, held, lang, not_in_source)
        kept[dimension] = places[index % len(places)].multiselect(
            text(
                "explore.filter_values",
                lang,
                dimension=measures.dimension_name(dimension, lang),
            ),
            ordered,
            format_func=labels.get,
            key=filter_key(dimension),
        )
    st.caption(text("explore.filter_hint", lang))
    return kept


def pivot_view(
    snapshot_date: dt.date, not_in_source: frozenset[str], lang: str
) -> pivot_queries.PivotSpec:
    """Draw the explorer's controls and return the view they make, written to the URL."""
    _seed_from_url()
    subject_place, measure_place, rows_place, columns_place = st.columns(4)
    subject = subject_place.selectbox(
        text("explore.subject", lang),
        pivot_queries.SUBJECT_NAMES,
        format_func=lambda name: text(f"explore.subject.{name}", lang),
        key=SUBJECT_KEY,
    )
    subject_measures = pivot_queries.measures_of(subject)
    _allowed(MEASURE_KEY, subject_measures, subject_measures[0])
    measure = measure_place.selectbox(
        text("explore.measure", lang),
        subject_measures,
        format_func=lambda name: text(f"explore.measure.{name}", lang),
        key=MEASURE_KEY,
    )
    dimensions = pivot_queries.dimensions_of(subject)
    name = functools.partial(measures.dimension_name, lang=lang)
    _allowed(ROWS_KEY, dimensions, None)
    rows = rows_place.selectbox(
        text("explore.rows", lang), [None, *dimensions], format_func=name, key=ROWS_KEY
    )
    column_choices = measures.column_choices(dimensions, rows)
    _allowed(COLUMNS_KEY, column_choices, None)
    columns = columns_place.selectbox(
        text("explore.columns", lang),
        column_choices,
        format_func=name,
        key=COLUMNS_KEY,
        disabled=rows is None,
    )
    filters = _filters(subject, dimensions, snapshot_date, not_in_source, lang)
    spec = pivot_queries.parse_spec(
        {
            "subject": subject,
            "measure": measure,
            "rows": rows or "",
            "cols": columns or "",
            **{pivot_queries.FILTER_PREFIX + key: values for key, values in filters.items()},
        }
    )
    for key in [key for key in st.query_params if measures.is_view_parameter(key)]:
        del st.query_params[key]
    for key, value in pivot_queries.spec_params(spec).items():
        st.query_params[key] = value
    return spec
