"""The Streamlit app: navigation, the shared sidebar, then the chosen page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.sidebar import render_demo_banner, render_sidebar

PAGES_DIR = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title=text("app.title", state.language()), page_icon="📊", layout="wide")
lang = state.language()
navigation = st.navigation(
    [
        st.Page(
            PAGES_DIR / "overview.py",
            title=text("nav.overview", lang),
            url_path="overview",
            default=True,
        ),
    ]
)
render_sidebar()
render_demo_banner()
navigation.run()
