"""Who really visits, on /helpers: the visit window (`?days=`), the households overdue at each
window, how long since each household's last visit, visits per month, the helpers ranked by
visits, and the villages' visit rates.

Numbers come from `queries/visits_*.sql` and `queries/helpers_visit_ranking.sql`; cards,
captions and sentences from `dashboard/measures/helper_accountability.py`, figures from
`dashboard/charts/helper_accountability.py`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.charts import helper_accountability as charts
from dashboard.measures import helper_accountability as measures
from dashboard.ui import state
from dashboard.ui.cards import cards
from dashboard.ui.controls import choice
from dashboard.ui.layout import Chart, Sections, list_limit


def visits(
    show: Sections,
    overdue: pd.DataFrame,
    registered: int,
    snapshot_date: dt.date,
    own_households: bool,
) -> None:
    """The visits part: `overdue` the households overdue per window, `registered` how many
    households the snapshot registers, `own_households` a helper looking at his own."""
    lang = show.lang
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
    monthly = state.query("visits_by_level_month", snapshot_date=snapshot_date)
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
        waiting(show, overdue, registered, snapshot_date)
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
    helper_ranking(show, window, snapshot_date, own_households)
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


def waiting(show: Sections, overdue: pd.DataFrame, registered: int, snapshot_date: dt.date) -> None:
    """How long households wait for a visit: overdue at each window, in bins of days since
    the last visit, and listed (the longest waiting first)."""
    lang = show.lang
    recency_bins = state.query(
        "visits_recency_bins", snapshot_date=snapshot_date, bins=list(charts.RECENCY_BINS)
    )
    # Above a town the list is the households waiting longest (a province's is a million rows):
    # a town's list, opened from the drill-down, is whole.
    limit = list_limit()
    recency = state.query("visits_household_recency", snapshot_date=snapshot_date, list_limit=limit)
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


def helper_ranking(
    show: Sections, window: int, snapshot_date: dt.date, own_households: bool
) -> None:
    """The helpers ranked by visits in the last `window` days, and the spread of their visit
    rates (not for a helper looking at himself: a spread of one says nothing)."""
    lang = show.lang
    ranking = state.query("helpers_visit_ranking", snapshot_date=snapshot_date)
    if not show.topic(
        "ranking",
        nothing=ranking.empty,
        empty=show.text("empty.ranking"),
        sentence=lambda: measures.rare_visitors_sentence(ranking, lang),
    ):
        return
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
