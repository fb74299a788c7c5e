"""The server `tuopin serve` runs: Streamlit's app with the sign-in routes beside it (`st.App`).

`streamlit run dashboard/server.py` finds the `app` below (an ASGI application) and serves it
with uvicorn: Streamlit's own routes and WebSocket for `dashboard/app.py`, plus
`/auth/sign-in` and `/auth/sign-out`, which set and clear the HttpOnly session cookie.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.access.routes import ROUTES

APP_SCRIPT = Path(__file__).resolve().parent / "app.py"

app = st.App(APP_SCRIPT, routes=ROUTES)
