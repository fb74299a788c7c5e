"""The Streamlit side of signing in: who this session's user is, read on every script run.

The browser holds only the session cookie (HttpOnly, SameSite=Strict, set by the server's
`/auth/sign-in` route); Streamlit hands the script the cookies of the request that opened the
session (`st.context.cookies`), and each run looks the token's hash up in the store, so a
sign-out, an expiry or an administrator ending the session takes effect on the next click.

Sign-in is not asked for when the data directory holds nothing of a real register and has no
account: every snapshot is the synthetic demo (or holds no row at all). Then the session gets
the sanctioned demo identity (every page, names masked as before). As soon as one account
exists, or any snapshot was imported with rows, every session must sign in.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.access import context, oidc
from dashboard.access.roles import DEMO, DENIED, Identity, viewer_for
from dashboard.access.sessions import COOKIE_NAME, session_for
from dashboard.access.store import has_accounts, instance_dir, open_store
from dashboard.data import Viewer
from dashboard.snapshots import default_data_dir, list_snapshots

DEMO_IDENTITY = Identity("demo", (DEMO,), "")


def holds_real_register(data_dir: Path) -> bool:
    """Whether any snapshot is not the synthetic demo and has rows."""
    return any(
        not info.is_demo and any(info.row_counts.values()) for info in list_snapshots(data_dir)
    )


def sign_in_required(data_dir: Path) -> bool:
    """Sign-in is required unless the directory is the demo (or empty) and has no account.

    An identity provider configured for it (`oidc.toml`) counts as accounts.
    """
    return (
        has_accounts(data_dir)
        or holds_real_register(data_dir)
        or oidc.config_path(instance_dir(data_dir)).is_file()
    )


def _token() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # AppTest and bare runs have no request to read cookies from
        return None
    return value if isinstance(value, str) else None  # AppTest answers with a stand-in object


def establish() -> Identity | None:
    """Work out this run's identity and viewer and keep them in the session state."""
    data_dir = default_data_dir().resolve()
    identity: Identity | None
    if not sign_in_required(data_dir):
        identity = DEMO_IDENTITY
    else:
        session = session_for(open_store(data_dir), _token())
        identity = session.user.identity() if session is not None else None
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


def role_labels(identity: Identity, lang: str) -> str:
    from dashboard.access.roles import ROLE_LABELS

    index = 0 if lang == "zh" else 1
    return "、".join(ROLE_LABELS.get(role, (role, role))[index] for role in identity.roles)


def render_account(lang: str) -> None:
    """The sidebar's account line and sign-out link (none for the open demo)."""
    from dashboard.i18n import text

    identity = session_identity()
    if identity is None or identity.data_role == DEMO:
        return
    area = identity.area or text("access.area.all", lang)
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
