"""Who helps on /helpers: helpers by unit, each helper's load against the 3–5 rule, and the
registered households no helper covers.

Numbers come from `queries/helpers_by_unit.sql`, `helpers_households.sql` and
`helpers_missing_households.sql`; sentences from `dashboard/measures/helper_accountability.py`,
figures from `dashboard/charts/helper_accountability.py`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.charts import helper_accountability as charts
from dashboard.measures import helper_accountability as measures
from dashboard.ui import state
from dashboard.ui.layout import Chart, Sections


def who_helps(
    show: Sections,
    roster: pd.DataFrame,
    missing: pd.DataFrame,
    registered: int,
    snapshot_date: dt.date,
) -> None:
    """The roster part: `roster` one row per helper and household, `missing` the households
    without a helper, `registered` how many households the snapshot registers."""
    lang = show.lang
    by_unit = state.query("helpers_by_unit", snapshot_date=snapshot_date)
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
