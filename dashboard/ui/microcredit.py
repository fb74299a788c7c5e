"""The microcredit block of /programs: the loans by mode (cards and table), by year of issue,
by enterprise, and the loans falling due in the next months.

Numbers come from `queries/loans_*.sql`; the cards and the due sentence from
`dashboard/measures/programs.py`, the figures from `dashboard/charts/programs.py`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.charts import programs as charts
from dashboard.measures import programs as measures
from dashboard.ui import state
from dashboard.ui.cards import cards
from dashboard.ui.layout import Chart, Sections


def microcredit(show: Sections, loans_by_mode: pd.DataFrame, snapshot_date: dt.date) -> None:
    """The microcredit topic, or its empty sentence when the snapshot has no loans."""
    if not show.topic("loans", nothing=loans_by_mode.empty, empty=show.text("empty.loans")):
        return
    lang = show.lang
    cards(measures.loan_cards(loans_by_mode, lang), query=None, lang=lang)  # in the table beneath
    loans_by_year = state.query("loans_by_issue_year", snapshot_date=snapshot_date)
    by_enterprise = state.query("loans_by_enterprise", snapshot_date=snapshot_date)
    due = state.query("loans_due_soon", snapshot_date=snapshot_date)
    show(
        Chart("loans_by_mode", loans_by_mode),
        Chart(
            "loans_by_issue_year",
            loans_by_year,
            charts.loans_by_year_figure,
            lang,
            title=show.text("section.loans_by_year"),
            heading="bold",
            key="loans_by_year",
        ),
        Chart(
            "loans_by_enterprise",
            by_enterprise,
            charts.enterprises_figure,
            lang,
            about="enterprises",
            empty=show.text("empty.enterprises"),
            heading="bold",
        ),
    )
    months_ahead = measures.DUE_MONTHS_AHEAD
    st.markdown(f"**{show.text('section.due', months=months_ahead)}**")
    if due_sentence := measures.due_sentence(due, lang):
        st.markdown(due_sentence)
    show(
        Chart(
            "loans_due_soon",
            due,
            caption=show.text("due.caption"),
            empty=show.text("empty.due", months=months_ahead),
        )
    )
