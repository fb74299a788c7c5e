"""户档案 Household profile: find a household, then its members, history, money, helper, visits.

Find by 户编号 (`queries/household_find_by_number.sql`), by the last digits of an ID number
(`household_find_by_id_number.sql`, matched in SQL, shown masked) or by a name within a unit
(`household_find_by_name.sql`). The profile: `household_profile`, `household_members`,
`household_history`, `household_payments`, `household_loans`, `household_visits`, and the
logic-check findings about the household (`dashboard/checks.py`, the catalogue of
`queries/checks/`, filtered to it). Other pages
link here with `?household=<户编号>`. Names and ID numbers arrive from the queries masked as the
viewer's role says (`queries/definitions/50_masking.sql`); the intro says so only where it is.
"""

from __future__ import annotations

import streamlit as st

from dashboard import checks
from dashboard.charts import monitoring as monitoring_charts
from dashboard.formatting import format_date
from dashboard.i18n import text
from dashboard.measures import household as measures
from dashboard.ui import state
from dashboard.ui.cards import cards
from dashboard.ui.controls import kept_in_url
from dashboard.ui.household_search import HOUSEHOLD_KEY, find_household
from dashboard.ui.layout import Chart, Sections
from dashboard.ui.page import page_header

TABLES = ("members", "history", "payments", "loans", "visits")  # the register's own rows
# Each list's tab: how its table is labelled, and the message when it has no row.
LISTS = {name: (measures.readable, f"empty.{name}") for name in TABLES} | {
    "monitoring": (monitoring_charts.history_table, "monitoring.none")
}

lang = state.language()
snapshot_date = page_header("household", lang, as_of=False).snapshot_date
masking = text(f"household.masking.{measures.masking_key(state.own_viewer())}", lang)
st.caption(text("household.intro", lang, masking=masking))
find_household(snapshot_date, lang)

household_id = kept_in_url(HOUSEHOLD_KEY, state.HOUSEHOLD_PARAMETER)
if not household_id:
    st.stop()
history = state.query("household_history", household_id=household_id)
shown_date = measures.shown_snapshot(history, snapshot_date)
if shown_date is None:
    st.warning(text("household.not_found", lang, household=household_id))
    st.stop()
if other_snapshot := measures.other_snapshot_note(household_id, snapshot_date, shown_date, lang):
    st.info(other_snapshot)
params = {"household_id": household_id, "snapshot_date": shown_date}
profile = state.query("household_profile", **params).iloc[0]
frames = {name: state.query(f"household_{name}", **params) for name in LISTS if name != "history"}
frames["history"] = history
own_findings = measures.findings_of(
    checks.stored_findings(state.query, shown_date, household_id=household_id), lang
)
stem = f"household_{household_id}_{shown_date.isoformat()}"
show = Sections("household", lang, expanded=True)

st.divider()
st.header(
    show.text(
        "profile.heading",
        household=household_id,
        village=profile["village_name"],
        group=profile["group_name"],
    )
)
st.caption(show.text("profile.as_of", date=format_date(shown_date, lang)))
cards(measures.profile_cards(profile, lang), query=None, lang=lang)
for line in measures.profile_lines(profile, lang):
    st.markdown(line)

show.in_tabs(
    [show.text(f"tab.{name}") for name in (*LISTS, "checks")],
    [
        *(
            Chart(
                f"household_{name}",
                frames[name],
                caption=measures.payments_caption(frames[name], lang)
                if name == "payments"
                else None,
                empty=show.text(empty),
                label=label,
                key=f"household-{name}",
                file_stem=f"{stem}_{name}",
            )
            for name, (label, empty) in LISTS.items()
        ),
        Chart(
            "queries/checks/*.sql",
            own_findings,
            note=show.text("checks.caption", date=format_date(shown_date, lang)),
            done=show.text("checks.none"),
            key="household-checks",
            file_stem=f"{stem}_checks",
        ),
    ],
)
