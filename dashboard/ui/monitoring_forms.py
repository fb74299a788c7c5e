"""The two forms of /monitoring: a town's visit list sent to the ledger, and a county's own
monitoring line (本县自定). Who may use either is decided below the page
(`ui/ledger_access.py`, `ui/monitoring_line_access.py`); these draw the form and say the
outcome in the reader's language.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.charts import monitoring as charts
from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.measures import monitoring as measures
from dashboard.ui import ledger_access, monitoring_line_access, state

DEFAULT_LINE_YUAN = 6000  # the form's starting line where the county has none for the year
LINE_BASES = ("set", "not_below", "reference")


def clues_to_ledger(clues: pd.DataFrame, snapshot_date: dt.date, lang: str) -> None:
    """A town's whole visit list to the ledger as problems to check, for who assigns problems;
    nothing above a town or without clues."""
    if not (ledger_access.may("assign") and state.units_are_villages() and not clues.empty):
        return
    st.caption(text("monitoring.clues.ledger_note", lang))
    if st.button(
        text("monitoring.clues.to_ledger", lang, count=format_count(len(clues))),
        key="monitoring_clues_to_ledger",
    ):
        outcome = ledger_access.add_clues(charts.clue_problems(clues, lang), snapshot_date)
        if isinstance(outcome, str):
            st.error(outcome)
        else:
            st.success(text("monitoring.clues.added", lang, added=format_count(outcome)))


def county_line_form(lines: pd.DataFrame, snapshot_date: dt.date, lang: str) -> None:
    """A county that sets its own line: an analyst of the county enters it here; the page runs
    again so the tables above show it, and says "saved" after that run."""
    counties = monitoring_line_access.editable_counties(measures.line_counties(lines))
    if monitoring_line_access.SAVED_KEY in st.session_state:  # said after the rerun that shows it
        st.success(st.session_state.pop(monitoring_line_access.SAVED_KEY))
    if not counties:
        return
    year_now = measures.form_year(snapshot_date)
    with st.expander(text("monitoring.line_form.title", lang)):
        st.caption(text("monitoring.line_form.caption", lang))
        with st.form("monitoring_line_form"):
            county = st.selectbox(
                text("monitoring.line_form.county", lang),
                list(counties),
                format_func=counties.get,
                key="monitoring_line_county",
            )
            year = st.number_input(
                text("monitoring.line_form.year", lang),
                min_value=measures.FIRST_LINE_YEAR,
                max_value=2100,
                value=year_now,
                step=1,
                key="monitoring_line_year",
            )
            line_yuan = st.number_input(
                text("monitoring.line_form.line", lang),
                min_value=1,
                value=measures.line_of(lines, county, year_now) or DEFAULT_LINE_YUAN,
                step=100,
                key="monitoring_line_yuan",
            )
            basis = st.selectbox(
                text("monitoring.line_form.basis", lang),
                list(LINE_BASES),
                format_func=lambda code: text(f"monitoring.basis.{code}", lang),
                key="monitoring_line_basis",
            )
            source = st.text_input(
                text("monitoring.line_form.source", lang), key="monitoring_line_source"
            )
            saved = st.form_submit_button(text("monitoring.line_form.save", lang))
        if saved:
            _save(county, counties[county], int(year), int(line_yuan), basis, source, lang)


def _save(
    county: str, name: str, year: int, line_yuan: int, basis: str, source: str, lang: str
) -> None:
    """Keep the line, or say why not; after keeping it, run the page again so the tables
    above show the new line."""
    refused = monitoring_line_access.set_county_line(county, name, year, line_yuan, basis, source)
    if refused:
        st.error(refused)
        return
    st.session_state[monitoring_line_access.SAVED_KEY] = text(
        "monitoring.line_form.saved", lang, county=name, year=year, line=format_count(line_yuan)
    )
    st.rerun()
