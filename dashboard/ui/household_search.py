"""Finding a household on /household: by 户编号, by the last digits of an ID number (matched in
SQL, shown masked) or by a name within a unit; the one found, or the one picked among several,
becomes the household the page shows (`HOUSEHOLD_KEY`, kept in `?household=`)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.i18n import text
from dashboard.measures import household as measures
from dashboard.ui import state
from dashboard.ui.controls import choice
from dashboard.ui.section import section

MODE_KEY = "household_mode"
HOUSEHOLD_KEY = "household_chosen"
MODES = ("number", "id_digits", "name")


def _found(mode: str, snapshot_date: dt.date, lang: str) -> pd.DataFrame | None:
    """The search box of `mode` and what it found (None before anything is typed)."""
    if mode == "number":
        typed = st.text_input(text("household.find.number.input", lang), key="household_number")
        if not typed.strip():
            return None
        with st.spinner(text("common.searching", lang)):
            return state.query("household_find_by_number", household_text=typed.strip())
    if mode == "id_digits":
        typed = st.text_input(
            text("household.find.id_digits.input", lang), key="household_id_digits"
        )
        digits, may_look_up = measures.id_digits(typed)
        if digits and not may_look_up:
            st.warning(
                text("household.find.id_digits.too_short", lang, digits=measures.MIN_ID_DIGITS)
            )
        if not (digits and may_look_up):
            return None
        with st.spinner(text("common.searching", lang)):
            return state.query("household_find_by_id_number", id_digits=digits)
    names = measures.unit_names(state.query("village_measures", snapshot_date=snapshot_date))
    left, right = st.columns(2)
    village = left.selectbox(
        text("household.find.village", lang),
        list(names),
        format_func=names.get,
        key="household_village",
    )
    typed = right.text_input(text("household.find.name.input", lang), key="household_name")
    if not village:
        return None
    return state.query(
        "household_find_by_name",
        snapshot_date=snapshot_date,
        village_code=village,
        name_text=typed.strip(),
    )


def find_household(snapshot_date: dt.date, lang: str) -> None:
    """The way of finding (`?find=`), its search, the households found; the one found alone
    or picked is kept under `HOUSEHOLD_KEY`."""
    mode = choice(
        text("household.find", lang),
        MODES,
        key=MODE_KEY,
        default=MODES[0],
        parameter="find",
        format_func=lambda value: text(f"household.find.{value}", lang),
        widget="segmented",
    )
    found = _found(mode, snapshot_date, lang)
    if found is None:
        return
    section(
        None,
        found,
        query=measures.search_query(mode),
        empty=text("household.find.none", lang),
        table=measures.readable(found, lang),
        key="household-found",
        lang=lang,
        file_stem="household_search",
        expanded=True,
    )
    if found.empty:
        return
    choices = measures.found_households(found)
    if len(choices) == 1:
        st.session_state[HOUSEHOLD_KEY] = choices[0]
        return
    picked = st.selectbox(text("household.pick", lang), [None, *choices], key="household_pick")
    if picked:
        st.session_state[HOUSEHOLD_KEY] = picked
