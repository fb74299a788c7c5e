"""The Streamlit app: navigation with fixed URL paths, the shared sidebar, then the chosen page.

Paths are part of the interface (bookmarks, links from other pages, the browser tests):
`/` overview, `/progress` exit progress, `/map` village map, `/industry` industry support,
`/programs` benefit programs, `/helpers` helper accountability, `/present` presentation.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.sidebar import render_demo_banner, render_sidebar

VIEWS_DIR = (
    Path(__file__).resolve().parent / "views"
)  # not "pages": Streamlit would auto-register that folder

state.init_from_url()
lang = state.language()
st.set_page_config(page_title=text("app.title", lang), page_icon="📊", layout="wide")
PAGES = {
    "overview": st.Page(
        VIEWS_DIR / "overview.py",
        title=text("nav.overview", lang),
        url_path="overview",
        default=True,
    ),
    "progress": st.Page(
        VIEWS_DIR / "progress.py", title=text("nav.progress", lang), url_path="progress"
    ),
    "map": st.Page(VIEWS_DIR / "village_map.py", title=text("nav.map", lang), url_path="map"),
    "industry": st.Page(
        VIEWS_DIR / "industry.py", title=text("nav.industry", lang), url_path="industry"
    ),
    "programs": st.Page(
        VIEWS_DIR / "programs.py", title=text("nav.programs", lang), url_path="programs"
    ),
    "explore": st.Page(
        VIEWS_DIR / "explore.py", title=text("nav.explore", lang), url_path="explore"
    ),
    "household": st.Page(
        VIEWS_DIR / "household.py", title=text("nav.household", lang), url_path="household"
    ),
    "compare": st.Page(
        VIEWS_DIR / "compare.py", title=text("nav.compare", lang), url_path="compare"
    ),
    "sql": st.Page(VIEWS_DIR / "sql_console.py", title=text("nav.sql", lang), url_path="sql"),
    "import": st.Page(
        VIEWS_DIR / "data_import.py", title=text("nav.import", lang), url_path="import"
    ),
    "present": st.Page(
        VIEWS_DIR / "present.py", title=text("nav.present", lang), url_path="present"
    ),
    "helpers": st.Page(
        VIEWS_DIR / "helpers.py", title=text("nav.helpers", lang), url_path="helpers"
    ),
}
navigation = st.navigation(list(PAGES.values()))
render_sidebar()
render_demo_banner()
navigation.run()
