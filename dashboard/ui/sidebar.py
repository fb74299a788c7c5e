"""The sidebar every page shares: snapshot and language, both kept in the URL."""

from __future__ import annotations

import streamlit as st

from dashboard.formatting import format_date
from dashboard.i18n import LANGUAGES, text
from dashboard.ui import state


def render_sidebar() -> None:
    """Draw the snapshot and language pickers; write their choices back to the URL."""
    lang = state.language()
    with st.sidebar:
        available = state.snapshots()
        if available:
            chosen = state.chosen_snapshot()
            dates = [info.snapshot_date for info in available]
            picked = st.selectbox(
                text("sidebar.snapshot", lang),
                dates,
                index=dates.index(chosen.snapshot_date),
                format_func=lambda value: format_date(value, lang),
                key="snapshot_picker",
            )
            st.query_params["snapshot"] = picked.isoformat()
        names = {"zh": "中文", "en": "English"}
        picked_lang = st.radio(
            text("sidebar.language", lang),
            LANGUAGES,
            index=LANGUAGES.index(lang),
            format_func=names.get,
            horizontal=True,
            key="language_picker",
        )
        if picked_lang != lang:
            st.query_params["lang"] = picked_lang
            st.rerun()
        st.caption(f"{text('sidebar.data_dir', lang)}: `{state.data_dir().name}`")


def render_demo_banner() -> None:
    """A plain banner whenever the chosen snapshot is the synthetic demo."""
    chosen = state.chosen_snapshot()
    if chosen is not None and chosen.is_demo:
        st.info(text("banner.demo", state.language()), icon="ℹ️")
