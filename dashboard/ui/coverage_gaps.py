"""The coverage gaps of /programs: who the rules say should receive a program and does not,
counted by village (a heatmap that opens the next level down) and listed, a tab per gap.

The gaps are `measures.GAP_KINDS`, each its own query (`queries/gap_*.sql`); their counts,
tab labels and sentences come from `dashboard/measures/programs.py`.
"""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st

from dashboard.charts import programs as charts
from dashboard.measures import programs as measures
from dashboard.snapshots import WHOLE_RESULT
from dashboard.ui import state
from dashboard.ui.layout import Chart, Sections
from dashboard.ui.section import withheld
from dashboard.ui.shared import built_once

GAP_QUERIES = [query_name for _kind, query_name, *_ in measures.GAP_KINDS]


def coverage_gaps(show: Sections, snapshot_date: dt.date) -> None:
    """The gaps topic: nothing for a visitor (lists of people), a sentence when no village
    has a household, else the heatmap and a tab per gap."""
    lang = show.lang
    show.topic("gaps", note=show.text("gaps.caption"))
    gaps = {
        kind: state.query(name, snapshot_date=snapshot_date)
        for kind, name, *_ in measures.GAP_KINDS
    }
    villages = state.query_units("gap_villages", snapshot_date=snapshot_date)
    if withheld(gaps[measures.GAP_KINDS[0][0]], lang):
        return  # the gaps are lists of people and households: a visitor sees none of them
    if villages.empty:
        st.info(show.text("empty.gaps"))
        return
    show(
        Chart(
            GAP_QUERIES,
            # counted once per content for every session reading the same lists (not changed)
            built_once(measures.gap_counts_by_village, gaps, villages).copy(deep=False),
            charts.gap_heatmap,
            lang,
            is_empty=measures.gaps_shown_empty(gaps),
            key="gap_by_village",
            drill="gap_by_village",
        )
    )
    all_time = state.query(
        "programs_in_period", snapshot_date=snapshot_date, period=measures.ALL_PERIOD
    )
    show.in_tabs(
        [measures.gap_tab_label(kind, gaps[kind], lang) for kind, *_ in measures.GAP_KINDS],
        [
            Chart(
                query_name,
                gaps[kind],
                note=show.text(f"gap.{kind}.rule"),
                rests_on=(WHOLE_RESULT,),  # contract v1.2: unknown, not none
                done=show.text(f"gap.{kind}.none"),
                sentence=functools.partial(
                    built_once,
                    measures.gap_sentences,
                    kind,
                    program,
                    gaps[kind],
                    all_time,
                    snapshot_date,
                    lang,
                ),
                key=f"gap_{kind}",
            )
            for kind, query_name, _unit, program in measures.GAP_KINDS
        ],
    )
