"""产业扶持 Industry support: the planting and breeding subsidies, by item, village, period and
batch, how concentrated each village's support is, and how far it reaches.

Every number comes from a query file `queries/industry_*.sql` (named in each chart's data);
the concentration index from `dashboard/concentration.py`; periods, key numbers and sentences
from `dashboard/measures/industry.py`; every figure from `dashboard/charts/industry.py`. This
module reads the choices and lists the sections.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import concentration
from dashboard.charts import industry as charts
from dashboard.i18n import text
from dashboard.measures import industry as measures
from dashboard.ui import state
from dashboard.ui.cards import cards
from dashboard.ui.controls import date_range, measure_toggle
from dashboard.ui.page import page_header
from dashboard.ui.section import page_sections
from dashboard.ui.shared import shared_figure

EARLIEST_DATE = dt.date(2000, 1, 1)  # the date pickers' lower bound; long before any register

lang = state.language()
snapshot_date = page_header("industry", lang).snapshot_date

# ---------------------------------------------------------------- choices, kept in the URL
# The period (?paid_from=&paid_to=) and the measure (?measure=): a shared link opens this view.
period_from, period_to, measure_column = st.columns([1, 1, 2])
paid_from, paid_to, swapped = date_range(
    measures.period_labels(lang),
    key="industry_paid",
    default=measures.default_period(snapshot_date),
    earliest=EARLIEST_DATE,
    latest=snapshot_date,
    parameters=("paid_from", "paid_to"),
    containers=(period_from, period_to),
)
measure = measure_toggle(
    text("industry.measure", lang),
    charts.MEASURES,
    key="industry_measure",
    default=charts.DEFAULT_MEASURE,
    format_func=lambda value: text(f"industry.measure.{value}", lang),
    container=measure_column,
)
if swapped:
    st.warning(measures.period_sentence(paid_from, paid_to, lang, swapped=True))
st.caption(measures.period_sentence(paid_from, paid_to, lang))

period = {"snapshot_date": snapshot_date, "paid_from": paid_from, "paid_to": paid_to}
half_year, half, half_start, half_end = measures.half_year_window(snapshot_date)
totals = state.query("industry_totals", **period)
half_totals = state.query(
    "industry_totals", snapshot_date=snapshot_date, paid_from=half_start, paid_to=half_end
)
items = state.query("industry_items", **period)
by_item = state.query_units("industry_by_item", **period)
by_year = state.query("industry_by_year", **period)
by_half_year = state.query("industry_by_half_year", **period)
by_batch = state.query("industry_by_batch", **period)
reach = state.query_units("industry_reach_by_village", **period)
level = state.unit_level_label(lang)
villages_concentration = concentration.village_concentration(by_item)
stem = f"{paid_from.isoformat()}_{paid_to.isoformat()}"
empty_period = text("industry.empty.period", lang)
chart = page_sections(
    lang, readable=charts.table_for_download, file_suffix=stem, empty=empty_period
)

# ---------------------------------------------------------------- key numbers of the period
in_period = measures.period_numbers(totals)
cards(measures.key_cards(in_period, lang), query="industry_totals", lang=lang)
sentence = measures.programs_sentence(totals, lang)
if sentence:
    st.markdown(sentence)
nothing_paid = in_period["projects"] == 0
if nothing_paid:
    st.info(empty_period)

# ---------------------------------------------------------------- this half-year
st.subheader(
    text("industry.section.half_year", lang, half=charts.half_label(half_year, half, lang))
)
st.caption(measures.half_year_caption(half_start, half_end, lang))
in_half = measures.period_numbers(half_totals)
if in_half["projects"] == 0:
    st.info(text("industry.empty.half_year", lang))
else:
    cards(measures.key_cards(in_half, lang), query=None, lang=lang)
    st.markdown(measures.programs_sentence(half_totals, lang))

# ---------------------------------------------------------------- the mix
st.subheader(text("industry.section.mix", lang))
if items.empty:
    st.info(empty_period)
else:
    st.caption(text("industry.mix.caption", lang))
    left, right = st.columns(2)
    with left:
        chart(
            None,
            items,
            query="industry_items",
            figure=shared_figure(charts.mix_treemap, items, lang),
            key="industry_mix",
        )
    with right:
        chart(
            None,
            items,
            query="industry_items",
            figure=shared_figure(charts.items_ranked_figure, items, measure, lang),
            key="industry_items",
        )

# ---------------------------------------------------------------- by village, concentration
chart(
    text("industry.section.villages", lang, level=level),
    by_item,
    query="industry_by_item",
    figure=shared_figure(charts.village_shares_figure, by_item, lang, level),
    caption=text("industry.villages.caption", lang, level=level),
    key="industry_by_village",
)
state.unit_drill(reach, lang, "industry_by_village")

st.subheader(text("industry.section.concentration", lang, level=level))
st.caption(measures.concentration_caption(level, lang))
if villages_concentration.empty:
    st.info(empty_period)
else:
    st.markdown(measures.concentration_text(villages_concentration, level, lang))
    chart(
        None,
        villages_concentration,
        query=["industry_by_item", "dashboard/concentration.py"],
        figure=shared_figure(charts.concentration_figure, villages_concentration, lang),
        key="industry_concentration",
    )

# ---------------------------------------------------------------- by year, half-year, batch
st.subheader(text("industry.section.periods", lang))
if by_year.empty:
    st.info(empty_period)
else:
    st.caption(text("industry.periods.caption", lang))
    left, right = st.columns(2)
    with left:
        chart(
            None,
            by_year,
            query="industry_by_year",
            figure=shared_figure(charts.by_year_figure, by_year, measure, lang),
            key="industry_by_year",
        )
    with right:
        chart(
            None,
            by_half_year,
            query="industry_by_half_year",
            figure=shared_figure(charts.by_half_year_figure, by_half_year, measure, lang),
            key="industry_by_half_year",
        )

chart(
    text("industry.section.batches", lang),
    by_batch,
    query="industry_by_batch",
    figure=shared_figure(charts.by_batch_figure, by_batch, measure, lang),
    caption=text("industry.batches.caption", lang),
    key="industry_by_batch",
)

# ---------------------------------------------------------------- reach by village
st.subheader(text("industry.section.reach", lang, level=level))
if reach.empty:
    st.info(text("industry.empty.villages", lang))
else:
    st.caption(text("industry.reach.caption", lang, level=level))
    if nothing_paid:
        st.info(empty_period)
        chart(None, reach, query="industry_reach_by_village", key="industry_reach")
    else:
        left, right = st.columns(2)
        with left:
            chart(
                None,
                reach,
                query="industry_reach_by_village",
                figure=shared_figure(charts.reach_share_figure, reach, lang),
                key="industry_reach",
            )
        with right:
            chart(
                None,
                reach,
                query="industry_reach_by_village",
                figure=shared_figure(charts.reach_yuan_figure, reach, lang),
                key="industry_reach_yuan",
            )
