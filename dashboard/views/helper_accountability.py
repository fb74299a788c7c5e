"""帮扶责任 Helper accountability: who helps whom, against the 3–5 rule, and who really visits.

The report complains that some helpers' work is only on paper; this page makes them visible.
Every number comes from a query file (`queries/helpers_*.sql`, `queries/visits_*.sql`, named
in each section's data), key numbers and sentences from
`dashboard/measures/helper_accountability.py`, every figure from
`dashboard/charts/helper_accountability.py`; its two parts are `dashboard/ui/helper_roster.py`
(who helps) and `dashboard/ui/helper_visits.py` (who visits). This module sets up the page's
words and key numbers. Helper and household names arrive masked from the queries.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import helper_accountability as charts
from dashboard.formatting import format_count
from dashboard.measures import helper_accountability as measures
from dashboard.measures import helper_overview
from dashboard.ui import state
from dashboard.ui.cards import cards
from dashboard.ui.helper_roster import who_helps
from dashboard.ui.helper_visits import visits
from dashboard.ui.layout import Sections
from dashboard.ui.page import page_header

lang = state.language()
snapshot_date = page_header("helpers", lang).snapshot_date
# A helper's account reads his own households only (dashboard/access/scope.py).
own_households = helper_overview.is_helper_view(state.own_viewer())

roster = state.query("helpers_households", snapshot_date=snapshot_date)
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

# ---------------------------------------------------------------- who helps, visits
who_helps(show, roster, missing, registered, snapshot_date)
visits(show, overdue, registered, snapshot_date, own_households)
