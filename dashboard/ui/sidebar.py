"""The sidebar every page shares: snapshot and language, both kept in the URL."""

from __future__ import annotations

import streamlit as st

from dashboard.formatting import format_date
from dashboard.i18n import LANGUAGES, text
from dashboard.ui import state

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def render_sidebar() -> None:
    """Draw the snapshot and language pickers and write their choices back to the URL."""
    lang = state.language()
    with st.sidebar:
        available = state.snapshots()
        if available:
            dates = [info.snapshot_date for info in available]
            if st.session_state.get(state.SNAPSHOT_KEY) not in dates:
                st.session_state[state.SNAPSHOT_KEY] = dates[-1]  # a snapshot vanished or is new
            picked = st.selectbox(
                text("sidebar.snapshot", lang),
                dates,
                format_func=lambda value: format_date(value, lang),
                key=state.SNAPSHOT_KEY,
            )
            st.query_params["snapshot"] = picked.isoformat()
        st.radio(
            text("sidebar.language", lang),
            LANGUAGES,
            format_func=LANGUAGE_NAMES.get,
            horizontal=True,
            key=state.LANGUAGE_KEY,
        )
        st.query_params["lang"] = state.language()
        st.caption(f"{text('sidebar.data_dir', lang)}: `{state.data_dir().name}`")


def render_demo_banner() -> None:
    """A plain banner whenever the chosen snapshot is the synthetic demo."""
    chosen = state.chosen_snapshot()
    if chosen is not None and chosen.is_demo:
        st.info(text("banner.demo", state.language()), icon=":material/info:")
