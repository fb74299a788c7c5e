"""The server `tuopin serve` runs: Streamlit's app with the sign-in routes beside it (`st.App`).

`streamlit run dashboard/server.py` finds the `app` below (an ASGI application) and serves it
with uvicorn: Streamlit's own routes and WebSocket for `dashboard/app.py`, plus
`/auth/sign-in` and `/auth/sign-out`, which set and clear the HttpOnly session cookie.
When the instance folder has `oidc.toml`, Streamlit's `[auth]` secrets for `st.login` come
from it (no `.streamlit/secrets.toml`), and the provider's callback starts one of our
sessions (`dashboard/access/oidc_web.py`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from dashboard.access import oidc, oidc_web
from dashboard.access.routes import ROUTES
from dashboard.snapshots import default_data_dir

APP_SCRIPT = Path(__file__).resolve().parent / "app.py"

try:
    provider = oidc_web.configured_for(default_data_dir().resolve())
except oidc.OidcConfigError as error:  # a bad oidc.toml: say so and do not start half-configured
    print(f"错误：{error.message_zh}\nError: {error.message_en}", file=sys.stderr)
    sys.exit(2)
oidc_web.activate(provider)
app = st.App(
    APP_SCRIPT,
    routes=[*ROUTES, *oidc_web.ROUTES],
    secrets=oidc.streamlit_secrets(provider) if provider else None,
    middleware=[Middleware(oidc_web.ProviderCallbackMiddleware, config=provider)],
)
