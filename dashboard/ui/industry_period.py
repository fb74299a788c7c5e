"""The periods of /industry: the payment period and measure the reader chooses (kept in the
URL, `?paid_from=&paid_to=&measure=`, so a shared link opens the same view), and the last
half-year's key numbers, whatever period is chosen.

Periods, cards and sentences come from `dashboard/measures/industry.py`, the totals from
`queries/industry_totals.sql`.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.charts import industry as charts
from dashboard.measures import industry as measures
from dashboard.ui import state
from dashboard.ui.cards import cards
from dashboard.ui.controls import date_range, page_measure
from dashboard.ui.layout import Sections

EARLIEST_DATE = dt.date(2000, 1, 1)  # the date pickers' lower bound; long before any register


def payment_period(snapshot_date: dt.date, lang: str) -> tuple[dt.date, dt.date, str]:
    """The chosen period's first and last payment day (in order: a swapped pair is said and
    put right) and the chosen measure, with the sentence that names the period."""
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
    measure = page_measure(
        "industry", lang, charts.MEASURES, default=charts.DEFAULT_MEASURE, container=measure_column
    )
    if swapped:
        st.warning(measures.period_sentence(paid_from, paid_to, lang, swapped=True))
    st.caption(measures.period_sentence(paid_from, paid_to, lang))
    return paid_from, paid_to, measure


def half_year(show: Sections, snapshot_date: dt.date) -> None:
    """The snapshot's last half-year: its key numbers and programs, or that nothing was paid."""
    lang = show.lang
    year, half, start, end = measures.half_year_window(snapshot_date)
    totals = state.query(
        "industry_totals", snapshot_date=snapshot_date, paid_from=start, paid_to=end
    )
    numbers = measures.period_numbers(totals)
    if show.topic(
        "half_year",
        words={"half": charts.half_label(year, half, lang)},
        note=measures.half_year_caption(start, end, lang),
        nothing=numbers["projects"] == 0,
        empty=show.text("empty.half_year"),
    ):
        cards(measures.key_cards(numbers, lang), query=None, lang=lang)
        st.markdown(measures.programs_sentence(totals, lang))
