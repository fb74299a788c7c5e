"""The Streamlit side of signing in: who this session's user is, read on every script run.

The browser holds only the session cookie (HttpOnly, SameSite=Strict, set by the server's
`/auth/sign-in` route); Streamlit hands the script the cookies of the request that opened the
session (`st.context.cookies`), and each run looks the token's hash up in the store, so a
sign-out, an expiry or an administrator ending the session takes effect on the next click.

Sign-in is asked for on every data directory, the demo included (`tuopin serve` prints the
demo's accounts). Without a signed-in session there are two sanctioned ways to the open
demo's identity (every page, names masked), both on demo data only and checked at every run:
a server started with `tuopin serve --no-auth`, and the in-process identity of the bench,
AppTest and load scripts (`dashboard.access.in_process`). A demo account stops working as
soon as the directory holds anything else (`demo_accounts.is_demo_account_out_of_place`).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.access import context, in_process, settings
from dashboard.access.demo_accounts import is_demo_account_out_of_place, is_demo_directory
from dashboard.access.roles import DEMO, DENIED, ROLE_LABELS, Identity, viewer_for
from dashboard.access.sessions import COOKIE_NAME, session_for
from dashboard.access.store import open_store
from dashboard.i18n import text
from dashboard.snapshots import default_data_dir, list_snapshots
from dashboard.viewer import Viewer, install_actor_resolver

DEMO_IDENTITY = Identity("demo", (DEMO,), "")
# The URL path a session nobody signed in to asked for (set by the app before the sign-in page
# runs), so the sign-in form can send the user back there with its parameters.
SIGN_IN_RETURN_KEY = "tuopin_sign_in_return"


def holds_real_register(data_dir: Path) -> bool:
    """Whether any snapshot is not the synthetic demo and has rows."""
    return any(
        not info.is_demo and any(info.row_counts.values()) for info in list_snapshots(data_dir)
    )


def _token() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # AppTest and bare runs have no request to read cookies from
        return None
    return value if isinstance(value, str) else None  # AppTest answers with a stand-in object


def _signed_in(data_dir: Path, token: str) -> Identity | None:
    session = session_for(open_store(data_dir), token)
    if session is None:
        return None
    if is_demo_account_out_of_place(data_dir, session.user.name):
        return None  # a printed demo password never opens imported data
    return session.user.identity()


def establish() -> Identity | None:
    """Work out this run's identity and viewer and keep them in the session state.

    A signed-in session first; else, on the demo only, the in-process identity (bench,
    AppTest) or the open demo of `tuopin serve --no-auth`; else nobody (the sign-in page).
    """
    data_dir = default_data_dir().resolve()
    token = _token()
    identity = _signed_in(data_dir, token) if token else None
    if identity is None:
        identity = in_process.identity_for(data_dir)
    if identity is None and settings.no_auth() and is_demo_directory(data_dir):
        identity = DEMO_IDENTITY
    st.session_state[context.IDENTITY_KEY] = identity
    st.session_state[context.VIEWER_KEY] = viewer_for(identity) if identity else DENIED
    return identity


def session_identity() -> Identity | None:
    if context.IDENTITY_KEY not in st.session_state:
        return establish()
    return st.session_state[context.IDENTITY_KEY]


def session_viewer() -> Viewer:
    """The viewer of this session (DENIED when nobody is signed in)."""
    if context.VIEWER_KEY not in st.session_state:
        establish()
    return st.session_state[context.VIEWER_KEY]


def session_actor() -> str | None:
    """The audit log's name for this session's user ("anonymous" when nobody signed in);
    None outside a Streamlit run, where the command line's name stands."""
    if not context.in_streamlit():
        return None
    identity = session_identity()
    return identity.name if identity is not None else "anonymous"


# Who is looking is asked at the bottom (`dashboard.viewer`); this layer answers it.
install_actor_resolver(session_actor)


def role_labels(identity: Identity, lang: str) -> str:
    index = 0 if lang == "zh" else 1
    return "、".join(ROLE_LABELS.get(role, (role, role))[index] for role in identity.roles)


def render_account(lang: str, area_names: dict[str, str] | None = None) -> None:
    """The sidebar's account line and sign-out link (none for the open demo).

    The area is named (`area_names`: code → name, the sidebar's) where its name is known."""
    identity = session_identity()
    if identity is None or identity.data_role == DEMO:
        return
    names = area_names or {}
    area = names.get(identity.area, identity.area) or text("access.area.all", lang)
    if identity.helper_id is not None and identity.data_role == "helper":
        area = text("sidebar.area_mine", lang)  # his rows are his households, not the area
    with st.sidebar:
        st.caption(
            text(
                "access.signed_in_as",
                lang,
                name=identity.name,
                roles=role_labels(identity, lang),
                area=area,
            )
        )
        st.link_button(text("access.sign_out", lang), "/auth/sign-out")
