"""自助分析 Explorer: a pivot of a subject by up to two dimensions, filtered, kept in the URL.

The view is `?subject=members&measure=people&rows=village&cols=age_band&f_health=disabled`,
read and written by its controls (`dashboard/ui/pivot_controls.py`);
`dashboard/pivot_queries.py` turns it into one allow-listed DuckDB query with bound values, and
orders and labels the answer; `dashboard/charts/pivot.py` draws the table and the chart; what
the page says besides is `dashboard/measures/pivot.py`. This module lays things out.
"""

from __future__ import annotations

import streamlit as st

from dashboard import pivot_queries
from dashboard.charts import pivot as charts
from dashboard.i18n import text
from dashboard.measures import pivot as measures
from dashboard.ui import state
from dashboard.ui.cards import card
from dashboard.ui.page import page_header
from dashboard.ui.pivot_controls import counted, pivot_view
from dashboard.ui.section import section
from dashboard.ui.shared import shared_figure

QUERY_SOURCE = "dashboard/pivot_queries.py"  # the allow-listed pivot SQL is put together there

lang = state.language()
snapshot = page_header("explore", lang)
snapshot_date = snapshot.snapshot_date
# Dimensions whose column this snapshot's source did not carry: their blank says so.
not_in_source = pivot_queries.dimensions_not_in_source(snapshot)
spec = pivot_view(snapshot_date, not_in_source, lang)

result = pivot_queries.shape(
    counted(pivot_queries.pivot_sql(spec, snapshot_date), lang), spec, lang, not_in_source
)
st.subheader(pivot_queries.describe(spec, lang))
note = measures.subject_note(spec, lang)
if note:
    st.caption(note)
if result.is_empty:
    st.info(text("explore.empty", lang))
    st.stop()

total = measures.total_card(result, lang)
if total is not None:
    card(st, total)
section(
    None,
    charts.wide_table(result, lang),
    query=QUERY_SOURCE,
    figure=shared_figure(charts.pivot_figure, result, lang) if spec.rows else None,
    is_empty=False,
    key="explore-pivot",
    lang=lang,
    file_stem=measures.file_stem(spec, snapshot_date),
    expanded=True,
)
