"""总览 Overview: in one minute, how many are still poor, this year's target, which villages lag.

A helper (帮扶干部) gets his own overview instead (`dashboard/ui/helper_overview.py`): his
households from `queries/helper_own_households.sql` and his open problems in the ledger, with
nothing measured against rows he does not see.

Numbers from `queries/household_totals.sql`, `exit_target_progress.sql`, `exits_by_year.sql`
and `village_attention.sql` (named in each section's data); the cards, changes, targets and
reasons from `dashboard/measures/overview.py`; the attention list from `dashboard/attention.py`.
"""

from __future__ import annotations

import streamlit as st

from dashboard.attention import STALE_VISIT_DAYS, rank_villages
from dashboard.charts.overview import exit_progress_compact
from dashboard.formatting import format_date
from dashboard.i18n import text
from dashboard.ledger import measures as ledger_measures
from dashboard.measures import helper_overview
from dashboard.measures import overview as measures
from dashboard.reference import poverty_line_for
from dashboard.ui import ledger_access, navigation, state
from dashboard.ui.attention import attention_list
from dashboard.ui.cards import cards
from dashboard.ui.helper_overview import helper_overview as show_helper_overview
from dashboard.ui.page import page_header
from dashboard.ui.section import page_sections
from dashboard.ui.shared import shared_figure

lang = state.language()
snapshot = page_header("overview", lang)
as_of = snapshot.snapshot_date
show = page_sections(lang)
problems = ledger_access.problems() if ledger_access.may_read() else ledger_access.no_problems()

if helper_overview.is_helper_view(state.own_viewer()):  # his households and his problems
    show_helper_overview(as_of, problems, show, lang)
    st.stop()

totals = state.query("household_totals", snapshot_date=as_of).iloc[0]
previous = state.previous_snapshot(snapshot)
before = None
if previous is not None:
    before = state.query("household_totals", snapshot_date=previous.snapshot_date).iloc[0]
if totals["registered_households"] == 0:
    st.warning(text("error.empty_snapshot", lang))
    st.stop()

# --- Headline numbers, each with its change since the previous snapshot.
if previous is not None:
    st.caption(text("overview.compared_with", lang, date=format_date(previous.snapshot_date, lang)))
cards(measures.headline_cards(totals, before, lang), query="household_totals", lang=lang)

# --- This year's target and how close the planned households are.
year = as_of.year
line_year, line = poverty_line_for(year)
progress = state.query("exit_target_progress", snapshot_date=as_of, year=year).iloc[0]
exits = state.query("exits_by_year", snapshot_date=as_of)
planned = measures.target(progress)
# The target cards get the wider half: a county's or province's "4,625 人" must not be cut.
left, right = st.columns([3, 2])
with left:
    st.subheader(text("overview.target_heading", lang, year=year))
    cards(
        measures.target_cards(progress, year, state.area_in_words(lang), lang),
        query=None,
        lang=lang,
    )
    cards(measures.ready_cards(progress, line_year, line, lang), query=None, lang=lang)
    if reasons := measures.reasons_sentence(progress, lang):
        st.markdown(reasons)
    if unknown := measures.unknown_reasons(progress, lang):
        st.caption(unknown)
with right:
    show(
        text("overview.progress_heading", lang),
        exits,
        query=["exits_by_year", "exit_target_progress"],
        figure=shared_figure(
            exit_progress_compact,
            exits,
            target_year=year,
            target_households=planned["target_households"],
            planned_households=planned["planned_households"] or 0,
            lang=lang,
        ),
        is_empty=False,  # the target and the plan are drawn also before anyone exits
        key="overview-exits",
        file_stem="exits_by_year",
    )
    navigation.page_link(
        "progress", label=text("overview.progress_link", lang), icon=":material/trending_up:"
    )

# --- Rectification (整改台账): open, overdue and fixed this month, each opening the ledger.
ledger_cards = ledger_measures.cards(problems, as_of)
if ledger_cards["total"]:
    st.subheader(text("overview.ledger_heading", lang))
    cards(
        measures.ledger_cards(ledger_cards, lang),
        query="dashboard/ledger/measures.py",
        lang=lang,
        border=False,
    )

# --- Villages (a county's towns…) that need attention, each linking to its map or its area.
attention = rank_villages(
    state.query_units("village_attention", snapshot_date=as_of), lang, STALE_VISIT_DAYS
)
attention_list(attention, lang)
show(
    None,
    attention,
    query=["village_attention", "dashboard/attention.py"],
    table=attention[["village_code", "village_name", "not_exited_people", "reasons"]],
    key="overview-attention",
    file_stem="villages_attention",
)
