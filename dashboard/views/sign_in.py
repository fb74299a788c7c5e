"""登录 Sign in: shown for every path until this session's user has signed in.

The form itself is the server's `/auth/sign-in` (plain HTTP, so it can set the HttpOnly cookie).
It opens in this tab (not beside the page, as `st.link_button` would) and, once signed in,
returns to the page and the URL parameters first asked for (`routes.sign_in_url`).
When an identity provider is configured, `st.login` is offered beside it; the provider's
callback starts our session on the server (`dashboard/access/oidc_web.py`).
"""

from __future__ import annotations

import html

import streamlit as st

from dashboard.access.demo_accounts import accounts_file, is_demo_directory
from dashboard.access.oidc_web import active_config
from dashboard.access.routes import sign_in_url
from dashboard.access.store import has_accounts
from dashboard.access.web import SIGN_IN_RETURN_KEY
from dashboard.i18n import text
from dashboard.ui import state

SIGN_IN_BUTTON_CSS = """<style>
a.tuopin-sign-in { display: inline-block; padding: .5rem 1.2rem; border-radius: .5rem;
  background: #C8102E; color: #fff !important; text-decoration: none; font-weight: 600; }
</style>"""

lang = state.language()
provider = active_config()
st.header(text("access.sign_in.heading", lang))
st.write(text("access.sign_in.why", lang))
if is_demo_directory(state.data_dir()) and accounts_file(state.data_dir()).is_file():
    st.info(text("access.sign_in.demo_accounts", lang, path=accounts_file(state.data_dir())))
elif provider is None and not has_accounts(state.data_dir()):
    st.warning(text("access.sign_in.no_accounts", lang, data_dir=state.data_dir()))
address = sign_in_url(st.session_state.get(SIGN_IN_RETURN_KEY, ""), st.query_params.to_dict())
# A plain link with target=_self: st.link_button opens a new tab and leaves this one behind.
st.markdown(
    f'<a href="{html.escape(address)}" target="_self" class="tuopin-sign-in">'
    f"{html.escape(text('access.sign_in.button', lang))}</a>",
    unsafe_allow_html=True,
)
st.html(SIGN_IN_BUTTON_CSS)
if provider is not None and st.button(
    text("access.sign_in.provider", lang, provider=provider.label)
):
    st.login(provider.provider)
