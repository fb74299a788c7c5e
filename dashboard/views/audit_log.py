"""审计日志 Audit log (admins): the chain's state, and the newest entries, filterable by user."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from dashboard.access import audit
from dashboard.access.store import open_store
from dashboard.i18n import text
from dashboard.ui import state

ENTRIES_SHOWN = 1_000  # the newest; `tuopin audit list --json` has them all

lang = state.language()
store = open_store(state.data_dir())
st.header(text("access.audit.heading", lang))
result = audit.verify(store)
if result.ok:
    st.success(text("access.audit.ok", lang, count=result.entries))
else:
    st.error(
        text("access.audit.broken", lang) + "\n\n" + "\n".join(f"- {p}" for p in result.problems)
    )
actor = st.text_input(text("access.audit.user", lang)).strip() or None
found = audit.entries(store, actor=actor, limit=ENTRIES_SHOWN)
st.dataframe(
    pd.DataFrame(
        [
            {
                "seq": entry.seq,
                "at": entry.at,
                "actor": entry.actor,
                "event": entry.event,
                "detail": json.dumps(entry.detail, ensure_ascii=False),
            }
            for entry in reversed(found)
        ],
        columns=["seq", "at", "actor", "event", "detail"],
    ),
    hide_index=True,
    width="stretch",
)
