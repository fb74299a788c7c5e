"""动态管理 Snapshot comparison: what changed between two snapshots, every list downloadable.

Numbers come from `queries/compare_households.sql` (every changed household and how),
`queries/compare_members.sql` (people added and removed) and `queries/compare_villages.sql`
(per-unit totals); tables and the chart from `dashboard/charts/compare.py`. The two dates live
in the URL: `?from=2017-06-30&to=2017-12-31` (by default the latest and the one before).
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import compare as charts
from dashboard.i18n import text
from dashboard.measures import compare as measures
from dashboard.snapshots import not_in_source_label
from dashboard.ui import navigation, state
from dashboard.ui.cards import cards
from dashboard.ui.section import page_sections
from dashboard.ui.shared import shared_figure
from dashboard.ui.snapshot_pair import snapshot_pair

HOUSEHOLD_KEY = "compare_household"

state.init_from_url()
lang = state.language()
st.title(text("compare.heading", lang))
st.caption(text("compare.intro", lang))

dates = [info.snapshot_date.isoformat() for info in state.snapshots()]
if not dates:
    st.warning(text("error.no_snapshot", lang, data_dir=state.data_dir()))
    st.stop()
if len(dates) < 2:
    st.info(text("compare.single", lang))
    st.stop()
from_date, to_date = measures.period(*snapshot_pair(dates, lang))
params = {"from_date": from_date, "to_date": to_date}
show = page_sections(lang, file_suffix=measures.file_suffix(from_date, to_date), expanded=True)
st.subheader(measures.period_heading(from_date, to_date, lang))

with st.spinner(text("common.comparing", lang)):  # a province's two snapshots: a second or two
    changes = state.query("compare_households", **params)
    members = state.query("compare_members", **params)
    villages = state.query_units("compare_villages", **params)
household_counts = charts.counts(changes)
added = charts.members_list(members, "added", lang)
removed = charts.members_list(members, "removed", lang)
cards(
    measures.cards(household_counts, added, removed, lang),
    query=["compare_households", "compare_members"],
    lang=lang,
)

# ---------------------------------------------------------------- households, by change
st.subheader(text("compare.section.households", lang))
household_column = text("compare.column.household_id", lang)
tabs = st.tabs(measures.household_tabs(household_counts, lang))
for kind, tab in zip(charts.HOUSEHOLD_LISTS, tabs, strict=True):
    with tab:
        if household_counts[kind] is None:  # contract v1.2: unknown, not "no change"
            st.info(text("section.not_in_source", lang, label=not_in_source_label(lang)))
            continue
        show(
            None,
            changes,
            query="compare_households",
            empty=text("compare.empty", lang),
            is_empty=household_counts[kind] == 0,
            table=charts.household_list(changes, kind, lang),
            key=f"compare-{kind}",
            stem=f"compare_{kind}",
            household_column=household_column,
        )
if not changes.empty:
    household = st.selectbox(
        text("compare.open_household", lang),
        [None, *changes["household_id"]],
        format_func=lambda value: (
            text("compare.open_household.placeholder", lang) if value is None else value
        ),
        key=HOUSEHOLD_KEY,
    )
    if household is not None and navigation.may_open("household"):
        st.markdown(text("compare.open_household.link", lang, household=household))

# ---------------------------------------------------------------- people added and removed
st.subheader(text("compare.section.members", lang))
st.caption(text("compare.members.caption", lang))
tabs = st.tabs(measures.member_tabs(added, removed, lang))
for tab, table, name in zip(tabs, (added, removed), ("added", "removed"), strict=True):
    with tab:
        show(
            None,
            table,
            query="compare_members",
            empty=text("compare.empty", lang),
            key=f"compare-members-{name}",
            stem=f"compare_members_{name}",
            household_column=household_column,
        )

# ---------------------------------------------------------------- by village (or unit)
show(
    text("compare.section.villages", lang, level=state.unit_level_label(lang)),
    villages,
    query="compare_villages",
    figure=shared_figure(charts.villages_figure, villages, lang),
    is_empty=False,
    table=charts.villages_table(
        villages, lang, None if state.units_are_villages() else state.unit_level_label(lang)
    ),
    key="compare-villages",
    stem="compare_villages",
    expanded=False,
)
