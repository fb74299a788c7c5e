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
from dashboard.ui.layout import Chart, Sections
from dashboard.ui.page import page_header

EARLIEST_DATE = dt.date(2000, 1, 1)  # the date pickers' lower bound; long before any register
REACH = "industry_reach_by_village"

lang = state.language()
snapshot_date = page_header("industry", lang).snapshot_date

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
reach = state.query_units(REACH, **period)
villages_concentration = concentration.village_concentration(by_item)
show = Sections(
    "industry",
    lang,
    words={"level": state.unit_level_label(lang)},
    readable=charts.table_for_download,
    file_suffix=f"{paid_from.isoformat()}_{paid_to.isoformat()}",
    empty=(empty_period := text("industry.empty.period", lang)),
)

in_period = measures.period_numbers(totals)
cards(measures.key_cards(in_period, lang), query="industry_totals", lang=lang)
if sentence := measures.programs_sentence(totals, lang):
    st.markdown(sentence)
if nothing_paid := in_period["projects"] == 0:
    st.info(empty_period)

in_half = measures.period_numbers(half_totals)
if show.topic(
    "half_year",
    words={"half": charts.half_label(half_year, half, lang)},
    note=measures.half_year_caption(half_start, half_end, lang),
    nothing=in_half["projects"] == 0,
    empty=show.text("empty.half_year"),
):
    cards(measures.key_cards(in_half, lang), query=None, lang=lang)
    st.markdown(measures.programs_sentence(half_totals, lang))

if show.topic("mix", caption=show.text("mix.caption"), nothing=items.empty, empty=empty_period):
    show.side_by_side(
        Chart("industry_items", items, charts.mix_treemap, lang, key="industry_mix"),
        Chart("industry_items", items, charts.items_ranked_figure, measure, lang),
    )

level = show.words["level"]
show(
    Chart(
        "industry_by_item",
        by_item,
        charts.village_shares_figure,
        lang,
        level,
        about="villages",
        key="industry_by_village",
    )
)
state.unit_drill(reach, lang, "industry_by_village")  # the reach's units: every unit with one

if show.topic(
    "concentration",
    note=measures.concentration_caption(level, lang),
    nothing=villages_concentration.empty,
    empty=empty_period,
    sentence=lambda: measures.concentration_text(villages_concentration, level, lang),
):
    show(
        Chart(
            ["industry_by_item", "dashboard/concentration.py"],
            villages_concentration,
            charts.concentration_figure,
            lang,
            key="industry_concentration",
        )
    )

if show.topic(
    "periods", caption=show.text("periods.caption"), nothing=by_year.empty, empty=empty_period
):
    show.side_by_side(
        Chart("industry_by_year", by_year, charts.by_year_figure, measure, lang),
        Chart("industry_by_half_year", by_half_year, charts.by_half_year_figure, measure, lang),
    )
batches = state.query("industry_by_batch", **period)
show(Chart("industry_by_batch", batches, charts.by_batch_figure, measure, lang, about="batches"))

if show.topic(
    "reach",
    caption=show.text("reach.caption"),
    nothing=reach.empty,
    empty=show.text("empty.villages"),
):
    if nothing_paid:
        st.info(empty_period)
        show(Chart(REACH, reach, key="industry_reach"))
    else:
        show.side_by_side(
            Chart(REACH, reach, charts.reach_share_figure, lang, key="industry_reach"),
            Chart(REACH, reach, charts.reach_yuan_figure, lang, key="industry_reach_yuan"),
        )
