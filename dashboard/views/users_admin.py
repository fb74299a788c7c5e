"""用户管理 Users (admins): who has an account, their roles and areas; disable, end sessions.

Adding accounts and setting passwords stays on the command line (`tuopin users add`,
`tuopin users reset-password`), so no password passes through a page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.access import accounts
from dashboard.access.context import current_actor
from dashboard.access.store import open_store
from dashboard.i18n import text
from dashboard.ui import state

lang = state.language()
store = open_store(state.data_dir())
st.header(text("access.users.heading", lang))
st.caption(text("access.users.cli", lang))
users = accounts.list_users(store)
st.dataframe(
    pd.DataFrame(
        [
            {
                "name": user.name,
                "roles": ", ".join(user.roles),
                "area": user.area or "*",
                "helper_id": user.helper_id or "",
                "disabled": user.disabled,
            }
            for user in users
        ]
    ),
    hide_index=True,
    width="stretch",
)
if users:
    chosen = st.selectbox(text("access.users.choose", lang), [user.name for user in users])
    left, middle, right = st.columns(3)
    actor = current_actor()
    if left.button(text("access.users.disable", lang), key="users_disable"):
        accounts.set_disabled(store, chosen, True, actor=actor)
        st.success(text("access.users.done", lang, what=f"{chosen} disabled"))
    if middle.button(text("access.users.enable", lang), key="users_enable"):
        accounts.set_disabled(store, chosen, False, actor=actor)
        st.success(text("access.users.done", lang, what=f"{chosen} enabled"))
    if right.button(text("access.users.end_sessions", lang), key="users_end_sessions"):
        ended = accounts.end_user_sessions(store, chosen, actor=actor)
        st.success(text("access.users.done", lang, what=f"{chosen}: {ended} sessions ended"))
