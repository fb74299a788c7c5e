"""产业扶持 Industry support: the planting and breeding subsidies, by item, village, period and
batch, how concentrated each village's support is, and how far it reaches.

Every number comes from a query file `queries/industry_*.sql` (named in each chart's data);
the concentration index from `dashboard/concentration.py`; periods, key numbers and sentences
from `dashboard/measures/industry.py`; every figure from `dashboard/charts/industry.py`; the
period controls and the half-year's numbers are `dashboard/ui/industry_period.py`. This module
lists the sections.
"""

from __future__ import annotations

import streamlit as st

from dashboard import concentration
from dashboard.charts import industry as charts
from dashboard.i18n import text
from dashboard.measures import industry as measures
from dashboard.ui import state
from dashboard.ui.cards import cards
from dashboard.ui.industry_period import half_year, payment_period
from dashboard.ui.layout import Chart, Sections
from dashboard.ui.page import page_header

REACH = "industry_reach_by_village"

lang = state.language()
snapshot_date = page_header("industry", lang).snapshot_date

# The period (?paid_from=&paid_to=) and the measure (?measure=): a shared link opens this view.
paid_from, paid_to, measure = payment_period(snapshot_date, lang)
period = {"snapshot_date": snapshot_date, "paid_from": paid_from, "paid_to": paid_to}
totals = state.query("industry_totals", **period)
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

half_year(show, snapshot_date)

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
