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
from dashboard.measures import helper_accountability as measures
from dashboard.measures import helper_overview
from dashboard.ui import state
from dashboard.ui.cards import cards
from dashboard.ui.controls import choice
from dashboard.ui.layout import Chart, Sections, list_limit
from dashboard.ui.page import page_header

lang = state.language()
snapshot_date = page_header("helpers", lang).snapshot_date
# A helper's account reads his own households only (dashboard/access/scope.py).
own_households = helper_overview.is_helper_view(state.own_viewer())

roster = state.query("helpers_households", snapshot_date=snapshot_date)
by_unit = state.query("helpers_by_unit", snapshot_date=snapshot_date)
missing = state.query("helpers_missing_households", snapshot_date=snapshot_date)
overdue = state.query(
    "visits_overdue_counts", snapshot_date=snapshot_date, windows=list(measures.VISIT_WINDOWS)
)
registered = measures.registered_households(overdue)
show = Sections(
    "helpers",
    lang,
    words={
        "level": state.unit_level_label(lang),
        "months": measures.VISIT_RATE_MONTHS,
        "households": format_count(registered),  # said of every registered household
    },
    readable=charts.table_for_download,
    file_suffix=snapshot_date.isoformat(),
)
if roster.empty and registered == 0:
    st.warning(show.text("empty.snapshot"))
cards(
    measures.roster_cards(roster, missing, lang),
    query=["helpers_households", "helpers_missing_households"],
    lang=lang,
)

# ---------------------------------------------------------------- who helps
st.header(show.text("section.roster"))
no_roster = show.text("empty.roster")
show.side_by_side(
    Chart(
        "helpers_by_unit",
        by_unit,
        charts.helpers_by_unit_figure,
        lang,
        about="units",
        empty=no_roster,
    ),
    Chart(
        "helpers_households",
        roster,
        charts.load_distribution_figure,
        lang,
        title=show.text("section.loads"),
        note=show.text("loads.caption", **measures.RULE),
        sentence=lambda: measures.loads_sentence(roster, lang),
        empty=no_roster,
    ),
)
show(
    Chart(
        "helpers_missing_households",
        missing,
        title=show.text("section.uncovered"),
        is_empty=registered == 0 or missing.empty,
        empty=show.text("empty.households"),
        done=show.text("uncovered.none") if registered else None,
        sentence=lambda: measures.uncovered_sentence(missing, lang),
        key="helpers_missing",
        stem="helpers_missing_households",
    )
)

# ---------------------------------------------------------------- visits
st.header(show.text("section.visits"))
st.caption(show.text("visits.caption"))
# ?days=30|60|90: the visit window, so a shared link opens the same view
window = choice(
    show.text("window_picker"),
    measures.VISIT_WINDOWS,
    key="helpers_visit_window",
    default=measures.DEFAULT_VISIT_WINDOW,
    parameter="days",
    format_func=lambda days: show.text("window", days=days),
    widget="segmented",
)
recency_bins = state.query(
    "visits_recency_bins", snapshot_date=snapshot_date, bins=list(charts.RECENCY_BINS)
)
# Above a town the list is the households waiting longest (a province's is a million rows):
# a town's list, opened from the drill-down, is whole.
limit = list_limit()
recency = state.query("visits_household_recency", snapshot_date=snapshot_date, list_limit=limit)
monthly = state.query("visits_by_level_month", snapshot_date=snapshot_date)
ranking = state.query("helpers_visit_ranking", snapshot_date=snapshot_date)
villages = state.query_units("visits_by_village", snapshot_date=snapshot_date)
if own_households:  # his villages only: the others hold none of his households
    villages = measures.own_units(villages)

cards(
    measures.overdue_cards(overdue, lang),
    query="visits_overdue_counts",
    lang=lang,
    columns=len(measures.VISIT_WINDOWS),
)
if registered == 0:
    st.info(show.text("empty.households"))
else:
    show.side_by_side(
        Chart(
            "visits_overdue_counts",
            overdue,
            charts.overdue_figure,
            lang,
            about="overdue",
            # none overdue at 30 days: nor at 60 or 90
            empty=show.text("empty.overdue", days=measures.VISIT_WINDOWS[0]),
            is_empty=not measures.has_overdue(overdue),
            key="visits_overdue",
        ),
        Chart(
            "visits_recency_bins",
            recency_bins,
            charts.recency_figure,
            lang,
            about="recency",
            key="visits_recency",
        ),
    )
    show(
        Chart(
            "visits_household_recency",
            recency,
            caption=measures.recency_caption(recency, limit, registered, lang),
        )
    )
show(
    Chart(
        "visits_by_level_month",
        monthly,
        charts.visits_per_month_figure,
        lang,
        about="monthly",
        empty=show.text("empty.visits"),
        is_empty=not measures.has_visits(monthly),
        key="visits_per_month",
    )
)

if show.topic(
    "ranking",
    nothing=ranking.empty,
    empty=show.text("empty.ranking"),
    sentence=lambda: measures.rare_visitors_sentence(ranking, lang),
):
    st.caption(show.text("ranking.caption", days=window, bars=measures.RANKING_BARS))
    show.side_by_side(
        Chart(
            "helpers_visit_ranking",
            ranking,
            charts.ranking_figure,
            lang,
            window,
            key="helpers_ranking",
        ),
        # a helper's is himself alone: a spread of one says nothing
        None
        if own_households
        else Chart(
            "helpers_visit_ranking",
            ranking,
            charts.rate_histogram_figure,
            lang,
            key="helpers_visit_rate",
        ),
        widths=[3, 2],
    )

# ---------------------------------------------------------------- by village
show(
    Chart(
        "visits_by_village",
        villages,
        charts.village_figure,
        lang,
        window,
        about="villages",
        words={"days": window},
        empty=show.text("empty.villages"),
        is_empty=not measures.has_registered_households(villages),
        heading="header",
        drill="visits_by_village",
    )
)
