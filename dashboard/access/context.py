"""Who is looking right now: the signed-in user of this Streamlit session, or the command line.

The data layer asks here when a caller gave no viewer, so a page that forgets to pass one
still reads only what its user may see. Inside a Streamlit script run the answer is the
session's viewer (set by `dashboard.access.web` on each run), or `DENIED` when nobody is
signed in; outside Streamlit (the `tuopin` commands, run as the operating-system user) it is
the caller's default.
"""

from __future__ import annotations

import getpass

from dashboard.data import Viewer

VIEWER_KEY = "tuopin_access_viewer"
IDENTITY_KEY = "tuopin_access_identity"


def _script_context():
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    except ImportError:  # pragma: no cover - a Streamlit without this module
        return None
    return get_script_run_ctx(suppress_warning=True)


def in_streamlit() -> bool:
    return _script_context() is not None


def current_viewer(*, default: Viewer) -> Viewer:
    """The viewer of this session's signed-in user; `default` outside a Streamlit run."""
    context = _script_context()
    if context is None:
        return default
    from dashboard.access import scope, web
    from dashboard.ui.state import area

    # The page's ?area= narrows every read of this run, below the pages (docs/access.md).
    return scope.narrow_to_area(web.session_viewer(), area())


def current_actor() -> str:
    """The name the audit log records: the signed-in user, or `cli:<operating-system user>`."""
    context = _script_context()
    if context is None:
        return f"cli:{getpass.getuser()}"
    from dashboard.access import web

    identity = web.session_identity()
    return identity.name if identity is not None else "anonymous"
