"""动态管理 Snapshot comparison: what changed between two snapshots, every list downloadable.

Numbers come from `queries/compare_households.sql` (every changed household and how),
`queries/compare_members.sql` (people added and removed) and `queries/compare_villages.sql`
(per-unit totals); tables and the chart from `dashboard/charts/compare.py`. The two dates live
in the URL: `?from=2017-06-30&to=2017-12-31` (by default the latest and the one before).
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import compare as charts
from dashboard.formatting import format_count, format_date
from dashboard.i18n import text
from dashboard.snapshots import not_in_source_label
from dashboard.ui import navigation, state
from dashboard.ui.cards import Card, cards
from dashboard.ui.controls import choice
from dashboard.ui.section import section
from dashboard.ui.shared import shared_figure

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

left, right = st.columns(2)


def date_name(value: str) -> str:
    """A snapshot's ISO date as the reader writes it."""
    return format_date(state.as_date(value), lang)


chosen_from, chosen_to = (
    choice(
        text(f"compare.{end}", lang),
        dates,
        key=f"compare_{end}",
        default=default,
        parameter=end,
        format_func=date_name,
        container=place,
    )
    for end, default, place in (("from", dates[-2], left), ("to", dates[-1], right))
)
if chosen_from == chosen_to:
    st.warning(text("compare.same", lang))
    st.stop()
if chosen_from > chosen_to:
    st.info(text("compare.swapped", lang))
from_date, to_date = sorted((state.as_date(chosen_from), state.as_date(chosen_to)))
params = {"from_date": from_date, "to_date": to_date}
stem = f"{from_date.isoformat()}_{to_date.isoformat()}"
st.subheader(
    text(
        "compare.period",
        lang,
        from_date=format_date(from_date, lang),
        to_date=format_date(to_date, lang),
    )
)

with st.spinner(text("common.comparing", lang)):  # a province's two snapshots: a second or two
    changes = state.query("compare_households", **params)
    members = state.query("compare_members", **params)
    villages = state.query_units("compare_villages", **params)
household_counts = charts.counts(changes)
added = charts.members_list(members, "added", lang)
removed = charts.members_list(members, "removed", lang)

metrics = [
    (text(f"compare.metric.{kind}", lang), household_counts[kind])
    for kind in ("new", "exited", "relapsed", "removed", "moved")
]
metrics += [
    (text("compare.metric.members_added", lang), len(added)),
    (text("compare.metric.members_removed", lang), len(removed)),
]
cards(
    [Card(label, format_count(value)) for label, value in metrics],
    query=["compare_households", "compare_members"],
    lang=lang,
)

st.subheader(text("compare.section.households", lang))
kinds = list(charts.HOUSEHOLD_LISTS)
for kind, tab in zip(
    kinds,
    st.tabs(
        [
            text(
                f"compare.tab.{kind}", lang, count=charts.count_label(household_counts[kind], lang)
            )
            for kind in kinds
        ]
    ),
    strict=True,
):
    with tab:
        if household_counts[kind] is None:  # contract v1.2: unknown, not "no change"
            st.info(text("section.not_in_source", lang, label=not_in_source_label(lang)))
            continue
        section(
            None,
            changes,
            query="compare_households",
            empty=text("compare.empty", lang),
            is_empty=household_counts[kind] == 0,
            table=charts.household_list(changes, kind, lang),
            key=f"compare-{kind}",
            lang=lang,
            file_stem=f"compare_{kind}_{stem}",
            expanded=True,
            household_column=text("compare.column.household_id", lang),
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

st.subheader(text("compare.section.members", lang))
st.caption(text("compare.members.caption", lang))
tab_added, tab_removed = st.tabs(
    [
        text("compare.tab.added", lang, count=len(added)),
        text("compare.tab.removed_members", lang, count=len(removed)),
    ]
)
for tab, table, name in ((tab_added, added, "added"), (tab_removed, removed, "removed")):
    with tab:
        section(
            None,
            table,
            query="compare_members",
            empty=text("compare.empty", lang),
            key=f"compare-members-{name}",
            lang=lang,
            file_stem=f"compare_members_{name}_{stem}",
            expanded=True,
            household_column=text("compare.column.household_id", lang),
        )

section(
    text("compare.section.villages", lang, level=state.unit_level_label(lang)),
    villages,
    query="compare_villages",
    figure=shared_figure(charts.villages_figure, villages, lang),
    is_empty=False,
    table=charts.villages_table(
        villages, lang, None if state.units_are_villages() else state.unit_level_label(lang)
    ),
    key="compare-villages",
    lang=lang,
    file_stem=f"compare_villages_{stem}",
)
