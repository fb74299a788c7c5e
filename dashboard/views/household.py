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
from dashboard.ui.controls import choice, kept_in_url
from dashboard.ui.page import page_header
from dashboard.ui.section import section

MODE_KEY = "household_mode"
HOUSEHOLD_KEY = "household_chosen"
MODES = ("number", "id_digits", "name")
MIN_ID_DIGITS = 4  # fewer digits match half the town: a search, not a lookup

lang = state.language()
snapshot_date = page_header("household", lang, as_of=False).snapshot_date
masking = text(f"household.masking.{measures.masking_key(state.own_viewer())}", lang)
st.caption(text("household.intro", lang, masking=masking))

mode = choice(
    text("household.find", lang),
    MODES,
    key=MODE_KEY,
    default=MODES[0],
    parameter="find",
    format_func=lambda value: text(f"household.find.{value}", lang),
    widget="segmented",
)

found = None
if mode == "number":
    typed = st.text_input(text("household.find.number.input", lang), key="household_number")
    if typed.strip():
        with st.spinner(text("common.searching", lang)):
            found = state.query("household_find_by_number", household_text=typed.strip())
elif mode == "id_digits":
    typed = st.text_input(text("household.find.id_digits.input", lang), key="household_id_digits")
    digits = typed.strip().upper()
    if digits and (len(digits) < MIN_ID_DIGITS or not digits.replace("X", "").isdigit()):
        st.warning(text("household.find.id_digits.too_short", lang, digits=MIN_ID_DIGITS))
    elif digits:
        with st.spinner(text("common.searching", lang)):
            found = state.query("household_find_by_id_number", id_digits=digits)
else:
    units = state.query("village_measures", snapshot_date=snapshot_date)
    names = measures.unit_names(units)
    left, right = st.columns(2)
    village = left.selectbox(
        text("household.find.village", lang),
        list(names),
        format_func=names.get,
        key="household_village",
    )
    typed = right.text_input(text("household.find.name.input", lang), key="household_name")
    if village:
        found = state.query(
            "household_find_by_name",
            snapshot_date=snapshot_date,
            village_code=village,
            name_text=typed.strip(),
        )

if found is not None:
    section(
        None,
        found,
        query=f"household_find_by_{'id_number' if mode == 'id_digits' else mode}",
        empty=text("household.find.none", lang),
        table=measures.readable(found, lang),
        key="household-found",
        lang=lang,
        file_stem="household_search",
        expanded=True,
    )
    if not found.empty:
        choices = measures.found_households(found)
        if len(choices) == 1:
            st.session_state[HOUSEHOLD_KEY] = choices[0]
        else:
            picked = st.selectbox(
                text("household.pick", lang), [None, *choices], key="household_pick"
            )
            if picked:
                st.session_state[HOUSEHOLD_KEY] = picked

household_id = kept_in_url(HOUSEHOLD_KEY, state.HOUSEHOLD_PARAMETER)
if not household_id:
    st.stop()

history = state.query("household_history", household_id=household_id)
shown_date = measures.shown_snapshot(history, snapshot_date)
if shown_date is None:
    st.warning(text("household.not_found", lang, household=household_id))
    st.stop()
other_snapshot = measures.other_snapshot_note(household_id, snapshot_date, shown_date, lang)
if other_snapshot:
    st.info(other_snapshot)
params = {"household_id": household_id, "snapshot_date": shown_date}
profile = state.query("household_profile", **params).iloc[0]
members = state.query("household_members", **params)
payments = state.query("household_payments", **params)
loans = state.query("household_loans", **params)
visits = state.query("household_visits", **params)
monitoring = state.query("household_monitoring", **params)
stem = f"household_{household_id}_{shown_date.isoformat()}"

st.divider()
st.header(
    text(
        "household.profile.heading",
        lang,
        household=household_id,
        village=profile["village_name"],
        group=profile["group_name"],
    )
)
st.caption(text("household.profile.as_of", lang, date=format_date(shown_date, lang)))
cards(measures.profile_cards(profile, lang), query=None, lang=lang)
for line in measures.profile_lines(profile, lang):
    st.markdown(line)

tabs = st.tabs(
    [
        text(f"household.tab.{name}", lang)
        for name in ("members", "history", "payments", "loans", "visits", "monitoring", "checks")
    ]
)
tables = (
    (members, "members"),
    (history, "history"),
    (payments, "payments"),
    (loans, "loans"),
    (visits, "visits"),
)
for tab, (frame, name) in zip(tabs, tables, strict=False):
    with tab:
        section(
            None,
            frame,
            caption=measures.payments_caption(frame, lang) if name == "payments" else None,
            query=f"household_{name}",
            empty=text(f"household.empty.{name}", lang),
            table=measures.readable(frame, lang),
            key=f"household-{name}",
            lang=lang,
            file_stem=f"{stem}_{name}",
            expanded=True,
        )
with tabs[-2]:
    section(
        None,
        monitoring,
        query="household_monitoring",
        empty=text("household.monitoring.none", lang),
        table=monitoring_charts.history_table(monitoring, lang),
        key="household-monitoring",
        lang=lang,
        file_stem=f"{stem}_monitoring",
        expanded=True,
    )
with tabs[-1]:
    st.caption(text("household.checks.caption", lang, date=format_date(shown_date, lang)))
    own_findings = measures.findings_of(
        checks.stored_findings(state.query, shown_date, household_id=household_id), lang
    )
    if own_findings.empty:
        st.success(text("household.checks.none", lang))
    else:
        section(
            None,
            own_findings,
            query="queries/checks/*.sql",
            key="household-checks",
            lang=lang,
            file_stem=f"{stem}_checks",
            expanded=True,
        )
