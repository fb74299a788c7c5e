"""不允许访问 Not permitted: what a page outside the user's role answers when its URL is typed."""

from __future__ import annotations

import streamlit as st

from dashboard.access import web
from dashboard.access.audit import record_for
from dashboard.i18n import text
from dashboard.ui import state

lang = state.language()
identity = web.session_identity()
roles = web.role_labels(identity, lang) if identity else "—"
st.header(text("access.forbidden.heading", lang))
st.error(text("access.forbidden.body", lang, roles=roles))
record_for(state.data_dir(), "access.refused", url=st.context.url or "")
