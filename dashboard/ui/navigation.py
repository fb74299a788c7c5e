"""The app's pages and every link between them, drawn only where the viewer may open the target.

`NAVIGATION` is the one list of pages (their URL paths, files and sidebar groups) that
`dashboard/app.py` registers. A page draws a link to another page through `page_link`,
`may_open` or `markdown_link` here, never through `st.page_link` or a Markdown `[…](/page)` of
its own: a link to a page outside the viewer's role would be a dead end at best, and at worst
`StreamlitPageNotFoundError` (a helper's overview linked to /progress, which a helper's
navigation does not register). Whether a role may open a page is the access policy's
(`dashboard.access.roles.role_may_open`); this module only asks it for this session's user.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import streamlit as st

from dashboard.access import context, web

# (section, url path, module in dashboard/views/, message key): the sidebar's groups, in the
# order people need them. Paths are part of the interface (bookmarks, links, browser tests).
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
PAGE_FILES = {url_path: f"views/{module}" for _section, url_path, module, _key in NAVIGATION}


def may_open(page: str) -> bool:
    """Whether this session's user may open the page at `/<page>` (False when nobody is in)."""
    if page not in PAGE_FILES:
        raise KeyError(f"no page /{page}; pages: {', '.join(PAGE_FILES)}")
    if not context.in_streamlit():
        return True  # the command line (a deck, a test's builder) draws no link to follow
    identity = web.session_identity()
    return identity is not None and identity.may_open(page)


def page_link(page: str, *, query_params: Mapping[str, str] | None = None, **options) -> bool:
    """`st.page_link` to `/<page>` when the user may open it; nothing otherwise.

    Returns whether the link was drawn. `options` go to `st.page_link` (label, icon…);
    called on a column (`column.page_link`) through `container`.
    """
    container = options.pop("container", st)
    if not may_open(page):
        return False
    container.page_link(PAGE_FILES[page], query_params=query_params, **options)
    return True


def page_url(page: str, **query: str) -> str | None:
    """The address of `/<page>?…` relative to the page showing it, or None when the user may
    not open it (every page sits at the app's root, also under a base path)."""
    if not may_open(page):
        return None
    return f"{page}?{urlencode(query)}" if query else page


def markdown_link(page: str, label: str, **query: str) -> str:
    """`[label](page?…)` for Markdown when the user may open `page`, else `label` alone."""
    url = page_url(page, **query)
    return label if url is None else f"[{label}]({url})"
