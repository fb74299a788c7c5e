"""Who is looking right now, as the access modules name it: the session's keys, and whether
this thread runs a Streamlit script.

The answer itself (`current_viewer`, `current_actor`) lives at the bottom, in
`dashboard.viewer`, and is re-exported here: the session layer installs its resolvers there
(`dashboard.access.web` the actor, `dashboard.ui.state` the viewer narrowed to the page's
area), so nothing below the pages asks a layer above it.
"""

from __future__ import annotations

from dashboard.viewer import current_actor, current_viewer

__all__ = ["IDENTITY_KEY", "VIEWER_KEY", "current_actor", "current_viewer", "in_streamlit"]

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
