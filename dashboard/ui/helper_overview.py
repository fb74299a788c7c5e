"""A helper's own overview (帮扶干部): his households and his open problems in the ledger, with
nothing measured against rows he does not see (no target, no incidence, no rank among
villages). Drawn by the overview page in place of the area's; its figures are
`dashboard/measures/helper_overview.py`, its rows `queries/helper_own_households.sql`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard.i18n import text
from dashboard.ledger import measures as ledger_measures
from dashboard.measures import helper_overview as measures
from dashboard.ui import navigation, state
from dashboard.ui.cards import cards

LEDGER_MEASURES = "dashboard/ledger/measures.py"


def helper_overview(
    as_of: dt.date, problems: pd.DataFrame, show: Callable[..., object], lang: str
) -> None:
    """Draw the helper's overview on `as_of`: his cards and summary, his households, his open
    `problems` and the link to them in the ledger. `show` is the page's `page_sections`."""
    own = state.query("helper_own_households", snapshot_date=as_of)
    st.subheader(text("overview.helper.heading", lang))
    st.caption(text("overview.helper.scope", lang))
    if own.empty:
        st.info(text("overview.helper.none", lang))
        return
    numbers = measures.cards(own, as_of)
    cards(measures.card_items(numbers, lang), query=None, lang=lang)
    st.markdown(measures.summary(numbers, lang))
    show(
        text("overview.helper.households_heading", lang),
        own,
        query="helper_own_households",
        table=measures.readable(own, lang),
        household_column=measures.household_column(lang),
        key="overview-helper-households",
        file_stem="helper_own_households",
        expanded=True,
    )
    open_problems = ledger_measures.select(problems, as_of, state="open")
    names = state.query("ledger_names", snapshot_date=as_of)
    st.subheader(text("overview.helper.problems_heading", lang))
    show(
        None,
        open_problems,
        query=[LEDGER_MEASURES, "ledger_names"],
        table=ledger_measures.readable(
            open_problems, ledger_measures.names_for(names, open_problems), lang
        ),
        empty=text("overview.helper.no_problems", lang),
        key="overview-helper-problems",
        file_stem="my_open_problems",
        expanded=True,
    )
    navigation.page_link(
        "ledger",
        label=text("overview.helper.ledger_link", lang),
        icon=":material/checklist:",
        query_params={"state": "open"},
    )
