"""The overview's attention list: one row per village (a county's towns…) that needs
attention, its name linking to its map (a town's row drilling into the town) beside its
reasons, ranked by `dashboard/attention.py`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.attention import ATTENTION_LINKS_SHOWN, STALE_VISIT_DAYS
from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.measures.overview import attention_texts
from dashboard.ui import navigation, state


def attention_rows(attention: pd.DataFrame, *, by_village: bool, lang: str) -> None:
    """The first `ATTENTION_LINKS_SHOWN` rows of `rank_villages`' list, then how many more."""
    if attention.empty:
        st.info(text("overview.attention_none", lang))
    for row in attention.head(ATTENTION_LINKS_SHOWN).itertuples(index=False):
        name_column, reason_column = st.columns([1, 4])
        if by_village:
            if not navigation.page_link(
                "map",
                label=row.village_name,
                icon=":material/location_on:",
                query_params={"village": row.village_code},
                container=name_column,
            ):
                name_column.markdown(f"**{row.village_name}**")
        else:  # a town's row drills into the town
            name_column.button(
                row.village_name,
                key=f"attention-drill-{row.village_code}",
                icon=":material/zoom_in:",
                type="tertiary",
                on_click=state.set_area,
                args=(row.village_code,),
            )
        reason_column.markdown(row.reasons)
    more = len(attention) - ATTENTION_LINKS_SHOWN
    if more > 0:
        st.caption(text("overview.attention_more", lang, count=format_count(more)))


def attention_list(attention: pd.DataFrame, lang: str) -> None:
    """The list under its heading and caption: villages on a town's page, else the units of
    the page's level (a county's towns), each linking to its map or opening its area."""
    by_village = state.units_are_villages()
    heading, caption = attention_texts(
        by_village, state.unit_level_label(lang), STALE_VISIT_DAYS, lang
    )
    st.subheader(heading)
    st.caption(caption)
    attention_rows(attention, by_village=by_village, lang=lang)
