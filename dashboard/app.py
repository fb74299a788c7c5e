"""The Streamlit app: navigation with fixed URL paths, the shared sidebar, then the chosen page.

Paths are part of the interface (bookmarks, links from other pages, the browser tests):
`/` overview, `/progress` exit progress, `/map` village map, `/monitoring` 防返贫监测, `/industry` industry support,
`/programs` benefit programs, `/helpers` helper accountability, `/present` presentation.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.access import web
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.sidebar import render_demo_banner, render_sidebar

METRIC_CSS = """<style>
[data-testid="stMetric"] { container-type: inline-size; }
[data-testid="stMetricValue"] { font-size: clamp(1.1rem, 15cqi, 2.25rem); }
[data-testid="stMetricValue"] > div { overflow: visible; text-overflow: clip; }
</style>"""

VIEWS_DIR = Path(__file__).resolve().parent / "views"  # not pages/: Streamlit auto-registers it

# (section, url path, module, message key): the sidebar's groups, in the order people need them.
NAVIGATION = (
    ("secretary", "overview", "overview.py", "nav.overview"),
    ("secretary", "progress", "progress.py", "nav.progress"),
    ("secretary", "map", "village_map.py", "nav.map"),
    ("secretary", "monitoring", "monitoring.py", "nav.monitoring"),
    ("money", "industry", "industry.py", "nav.industry"),
    ("money", "programs", "programs.py", "nav.programs"),
    ("money", "helpers", "helper_accountability.py", "nav.helpers"),
    ("analysis", "explore", "pivot_explorer.py", "nav.explore"),
    ("analysis", "household", "household.py", "nav.household"),
    ("analysis", "compare", "compare.py", "nav.compare"),
    ("analysis", "sql", "sql_console.py", "nav.sql"),
    ("data", "quality", "quality.py", "nav.quality"),
    ("data", "ledger", "ledger.py", "nav.ledger"),
    ("data", "import", "data_import.py", "nav.import"),
    ("data", "definitions", "definitions.py", "nav.definitions"),
    ("evaluation", "present", "present.py", "nav.present"),
    ("admin", "users", "users_admin.py", "nav.users"),
    ("admin", "audit", "audit_log.py", "nav.audit"),
)

state.init_from_url()
lang = state.language()
st.set_page_config(page_title=text("app.title", lang), page_icon="📊", layout="wide")
# A card's number shrinks with its card instead of being cut to "4,62…": a county's or a
# province's figures are longer than a town's (container units; no script, nothing loaded).
st.html(METRIC_CSS)
identity = web.establish()  # every run: a sign-out or an expiry counts from the next click
if identity is None:
    # Nobody signed in: every path shows the sign-in page, and no data is read.
    sign_in = VIEWS_DIR / "sign_in.py"
    pages = [st.Page(sign_in, title=text("nav.sign_in", lang), default=True)]
    pages += [
        st.Page(sign_in, title=text("nav.sign_in", lang), url_path=url_path, visibility="hidden")
        for _section, url_path, _module, _key in NAVIGATION
    ]
    st.navigation(pages, position="hidden").run()
    st.stop()
allowed = [entry for entry in NAVIGATION if identity.may_open(entry[1])]
home = allowed[0][1] if allowed else None  # the role's first page opens at /
sections: dict[str, list] = {}
for section, url_path, module, title_key in NAVIGATION:
    if identity.may_open(url_path):
        page = st.Page(
            VIEWS_DIR / module,
            title=text(title_key, lang),
            url_path=url_path,
            default=url_path == home,
        )
    else:
        # Absent from this role's navigation; typed or bookmarked, it says "not permitted".
        page = st.Page(
            VIEWS_DIR / "forbidden.py",
            title=text("nav.forbidden", lang),
            url_path=url_path,
            visibility="hidden",
        )
    sections.setdefault(text(f"nav.section.{section}", lang), []).append(page)
navigation = st.navigation(sections, expanded=True)  # every page in view: a dozen, no more
render_sidebar()
web.render_account(lang)
render_demo_banner()
outside = state.household_out_of_scope()
if outside is not None:
    # A household outside the user's rows, on any page: refused before the page runs.
    from dashboard.access.audit import record_for

    st.header(text("access.forbidden.heading", lang))
    area = identity.area or text("access.area.all", lang)
    st.error(text("access.household_outside_area", lang, household_id=outside, area=area))
    record_for(
        state.data_dir(), "access.refused", reason="household outside area", household_id=outside
    )
    st.stop()
navigation.run()
