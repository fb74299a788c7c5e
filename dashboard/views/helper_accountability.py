"""帮扶责任 Helper accountability: who helps whom, against the 3–5 rule, and who really visits.

The report complains that some helpers' work is only on paper; this page makes them visible.
Every number comes from a query file (`queries/helpers_*.sql`, `queries/visits_*.sql`, named
in each section's data), key numbers and sentences from
`dashboard/measures/helper_accountability.py`, every figure from
`dashboard/charts/helper_accountability.py`; this module reads the choices and lists the
sections. Helper and household names arrive masked from the queries.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import helper_accountability as charts
from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.measures import helper_accountability as measures
from dashboard.measures import helper_overview
from dashboard.ui import state
from dashboard.ui.cards import cards
from dashboard.ui.components import shown_rows
from dashboard.ui.controls import choice
from dashboard.ui.page import page_header
from dashboard.ui.section import page_sections
from dashboard.ui.shared import shared_figure

lang = state.language()
snapshot_date = page_header("helpers", lang).snapshot_date
# A helper's account reads his own households only (dashboard/access/scope.py).
own_households = helper_overview.is_helper_view(state.own_viewer())

chart = page_sections(
    lang, readable=charts.table_for_download, file_suffix=snapshot_date.isoformat()
)

roster = state.query("helpers_households", snapshot_date=snapshot_date)
by_unit = state.query("helpers_by_unit", snapshot_date=snapshot_date)
missing = state.query("helpers_missing_households", snapshot_date=snapshot_date)
overdue = state.query(
    "visits_overdue_counts", snapshot_date=snapshot_date, windows=list(measures.VISIT_WINDOWS)
)
registered = measures.registered_households(overdue)

if roster.empty and registered == 0:
    st.warning(text("helpers.empty.snapshot", lang))

# ---------------------------------------------------------------- key numbers
cards(
    measures.roster_cards(roster, missing, lang),
    query=["helpers_households", "helpers_missing_households"],
    lang=lang,
)

# ---------------------------------------------------------------- who helps
st.header(text("helpers.section.roster", lang))
left, right = st.columns(2)
with left:
    chart(
        text("helpers.section.units", lang),
        by_unit,
        query="helpers_by_unit",
        figure=shared_figure(charts.helpers_by_unit_figure, by_unit, lang),
        caption=text("helpers.units.caption", lang),
        empty=text("helpers.empty.roster", lang),
        key="helpers_by_unit",
    )
with right:
    st.subheader(text("helpers.section.loads", lang))
    st.caption(text("helpers.loads.caption", lang, **measures.RULE))
    loads = measures.loads_sentence(roster, lang)
    if loads:
        st.markdown(loads)
    chart(
        None,
        roster,
        query="helpers_households",
        figure=shared_figure(charts.load_distribution_figure, roster, lang),
        empty=text("helpers.empty.roster", lang),
        key="helpers_households",
    )

st.subheader(text("helpers.section.uncovered", lang))
if registered == 0:
    st.info(text("helpers.empty.households", lang))
elif missing.empty:
    st.success(text("helpers.uncovered.none", lang, households=format_count(registered)))
else:
    st.markdown(measures.uncovered_sentence(missing, lang))
    chart(
        None,
        missing,
        query="helpers_missing_households",
        key="helpers_missing",
        stem="helpers_missing_households",
    )

# ---------------------------------------------------------------- visits
st.header(text("helpers.section.visits", lang))
st.caption(text("helpers.visits.caption", lang))
# ?days=30|60|90: the visit window, so a shared link opens the same view
window = choice(
    text("helpers.window_picker", lang),
    measures.VISIT_WINDOWS,
    key="helpers_visit_window",
    default=measures.DEFAULT_VISIT_WINDOW,
    parameter="days",
    format_func=lambda days: text("helpers.window", lang, days=days),
    widget="segmented",
)

recency_bins = state.query(
    "visits_recency_bins", snapshot_date=snapshot_date, bins=list(charts.RECENCY_BINS)
)
# Above a town the list is the households waiting longest (a province's is a million rows):
# a town's list, opened from the drill-down, is whole.
list_limit = None if state.units_are_villages() else shown_rows()
recency = state.query(
    "visits_household_recency", snapshot_date=snapshot_date, list_limit=list_limit
)
monthly = state.query("visits_by_level_month", snapshot_date=snapshot_date)
ranking = state.query("helpers_visit_ranking", snapshot_date=snapshot_date)
villages = state.query_units("visits_by_village", snapshot_date=snapshot_date)
if own_households:  # his villages only: the others hold none of his households
    villages = measures.own_units(villages)
level = state.unit_level_label(lang)

cards(
    measures.overdue_cards(overdue, lang),
    query="visits_overdue_counts",
    lang=lang,
    columns=len(measures.VISIT_WINDOWS),
)

if registered == 0:
    st.info(text("helpers.empty.households", lang))
else:
    left, right = st.columns(2)
    with left:
        chart(
            text("helpers.section.overdue", lang),
            overdue,
            query="visits_overdue_counts",
            figure=shared_figure(charts.overdue_figure, overdue, lang),
            empty=text(
                "helpers.empty.overdue",
                lang,
                households=format_count(registered),
                days=measures.VISIT_WINDOWS[0],  # none overdue at 30 days: nor at 60 or 90
            ),
            is_empty=not measures.has_overdue(overdue),
            key="visits_overdue",
        )
    with right:
        chart(
            text("helpers.section.recency", lang),
            recency_bins,
            query="visits_recency_bins",
            figure=shared_figure(charts.recency_figure, recency_bins, lang),
            table=charts.table_for_download(recency_bins, lang),
            key="visits_recency",
        )
    chart(
        None,
        recency,
        query="visits_household_recency",
        caption=measures.recency_caption(recency, list_limit, registered, lang),
        key="visits_household_recency",
    )

chart(
    text("helpers.section.monthly", lang, months=measures.VISIT_RATE_MONTHS),
    monthly,
    query="visits_by_level_month",
    figure=shared_figure(charts.visits_per_month_figure, monthly, lang),
    table=charts.table_for_download(monthly, lang),
    caption=text("helpers.monthly.caption", lang),
    empty=text("helpers.empty.visits", lang, months=measures.VISIT_RATE_MONTHS),
    is_empty=not measures.has_visits(monthly),
    key="visits_per_month",
)

st.subheader(text("helpers.section.ranking", lang))
if ranking.empty:
    st.info(text("helpers.empty.ranking", lang))
else:
    st.markdown(measures.rare_visitors_sentence(ranking, lang))
    st.caption(text("helpers.ranking.caption", lang, days=window, bars=measures.RANKING_BARS))
    left, right = st.columns([3, 2])
    with left:
        chart(
            None,
            ranking,
            query="helpers_visit_ranking",
            figure=shared_figure(charts.ranking_figure, ranking, lang, window),
            key="helpers_ranking",
        )
    with right:
        if not own_households:  # a helper's is himself alone: a spread of one says nothing
            chart(
                None,
                ranking,
                query="helpers_visit_ranking",
                figure=shared_figure(charts.rate_histogram_figure, ranking, lang),
                key="helpers_visit_rate",
            )

# ---------------------------------------------------------------- by village
chart(
    text("helpers.section.villages", lang, level=level),
    villages,
    query="visits_by_village",
    figure=shared_figure(charts.village_figure, villages, lang, window),
    caption=text("helpers.villages.caption", lang, days=window, level=level),
    empty=text("helpers.empty.villages", lang),
    is_empty=not measures.has_registered_households(villages),
    heading="header",
    key="visits_by_village",
)
state.unit_drill(villages, lang, "visits_by_village")
