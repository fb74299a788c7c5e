"""总览 Overview: the headline numbers of the chosen snapshot, with the change since the last."""

from __future__ import annotations

import streamlit as st

from dashboard.formatting import format_count, format_date
from dashboard.i18n import text
from dashboard.ui import state

lang = state.language()
st.title(text("overview.heading", lang))

snapshot = state.chosen_snapshot()
if snapshot is None:
    st.warning(text("error.no_snapshot", lang, data_dir=state.data_dir()))
    st.stop()

source = text(f"source.{snapshot.source_kind}", lang)
st.caption(
    text("overview.as_of", lang, date=format_date(snapshot.snapshot_date, lang), source=source)
)

totals = state.query("household_totals", snapshot_date=snapshot.snapshot_date).iloc[0]
previous = state.previous_snapshot(snapshot)
before = (
    state.query("household_totals", snapshot_date=previous.snapshot_date).iloc[0]
    if previous is not None
    else None
)
if totals["registered_households"] == 0:
    st.warning(text("error.empty_snapshot", lang))

cards = [
    ("overview.registered_households", "registered_households", "unit.households"),
    ("overview.registered_people", "registered_people", "unit.people"),
    ("overview.exited", "exited_households", "unit.households"),
    ("overview.not_exited", "not_exited_households", "unit.households"),
]
if previous is not None:
    st.caption(text("overview.compared_with", lang, date=format_date(previous.snapshot_date, lang)))
columns = st.columns(len(cards))
for column, (label, field, unit) in zip(columns, cards, strict=True):
    delta = int(totals[field] - before[field]) if before is not None else None
    column.metric(
        text(label, lang),
        f"{format_count(totals[field])} {text(unit, lang)}".strip(),
        delta=delta,
        delta_color="off",
        border=True,
    )
    people_field = field.replace("households", "people")
    if people_field != field:
        column.caption(
            text(
                "overview.households_people",
                lang,
                households=format_count(totals[field]),
                people=format_count(totals[people_field]),
            )
        )
