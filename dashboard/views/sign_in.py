"""登录 Sign in: shown for every path until this session's user has signed in.

The form itself is the server's `/auth/sign-in` (plain HTTP, so it can set the HttpOnly cookie).
When an identity provider is configured, `st.login` is offered beside it; the provider's
callback starts our session on the server (`dashboard/access/oidc_web.py`).
"""

from __future__ import annotations

import streamlit as st

from dashboard.access.demo_accounts import accounts_file, is_demo_directory
from dashboard.access.oidc_web import active_config
from dashboard.access.store import has_accounts
from dashboard.i18n import text
from dashboard.ui import state

lang = state.language()
provider = active_config()
st.header(text("access.sign_in.heading", lang))
st.write(text("access.sign_in.why", lang))
if is_demo_directory(state.data_dir()) and accounts_file(state.data_dir()).is_file():
    st.info(text("access.sign_in.demo_accounts", lang, path=accounts_file(state.data_dir())))
elif provider is None and not has_accounts(state.data_dir()):
    st.warning(text("access.sign_in.no_accounts", lang, data_dir=state.data_dir()))
st.link_button(text("access.sign_in.button", lang), "/auth/sign-in", type="primary")
if provider is not None and st.button(
    text("access.sign_in.provider", lang, provider=provider.label)
):
    st.login(provider.provider)
