"""A village's profile under the town's map: its name and kind, its numbers as cards, and a
tab each for its groups, households, helpers, payments and projects.

The headline is the village's row of `queries/village_measures.sql`; the tabs are
`queries/village_{groups,households,helpers,payments,projects}.sql`, drawn by
`dashboard/charts/village.py`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.charts import village as charts
from dashboard.formatting import format_count, format_yuan
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.cards import Card, cards
from dashboard.ui.layout import Chart, Sections

# The profile's tabs: each a query `village_<tab>`, its figure (None: a list) and its labeller.
PROFILE_TABS = {
    "groups": (charts.groups_figure, charts.groups_table),
    "households": (None, charts.households_table),
    "helpers": (None, charts.helpers_table),
    "payments": (charts.payments_figure, charts.payments_table),
    "projects": (None, charts.projects_table),
}


def village_profile(unit: pd.Series, code: str, snapshot_date: dt.date, lang: str) -> None:
    """The profile of village `code`, whose row of the map's measures is `unit`."""
    st.divider()
    st.header(text("map.profile.heading", lang, name=unit["village_name"]))
    st.caption(
        text("map.profile.kind", lang, kind=charts.kind_label(unit["kind"], lang), code=code)
    )
    cards(
        [Card(*numbers) for numbers in charts.profile_numbers(unit, lang)],
        query=None,  # the village's row of the map's query, named in its data beneath the map
        lang=lang,
    )
    if unit["households"] == 0:
        st.info(text("map.profile.no_households", lang, name=unit["village_name"]))

    params = {"snapshot_date": snapshot_date, "village_code": code}
    tabs = {name: state.query(f"village_{name}", **params) for name in PROFILE_TABS}
    profile = Sections("map", lang, file_suffix=f"{code}_{snapshot_date.isoformat()}")
    summaries = {
        "households": profile.text(
            "households.summary",
            households=format_count(len(tabs["households"])),
            not_exited=format_count(unit["not_exited_households"]),
        ),
        "helpers": profile.text("helpers.summary", helpers=format_count(len(tabs["helpers"]))),
        "payments": profile.text("payments.summary", yuan=format_yuan(unit["yuan_received"], lang)),
    }
    profile.in_tabs(
        [profile.text(f"tab.{name}") for name in PROFILE_TABS],
        [
            Chart(
                f"village_{name}",
                tabs[name],
                figure,
                lang,
                caption=summaries.get(name),
                empty=profile.text(f"empty.{name}"),
                label=label,
                key=f"village-{name}",
                stem=f"village_{name}",
                expanded=figure is None,  # a list without a chart opens its table
                household_column=(
                    profile.text("column.household_id") if name == "households" else None
                ),
            )
            for name, (figure, label) in PROFILE_TABS.items()
        ],
    )
