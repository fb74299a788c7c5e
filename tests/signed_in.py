"""An in-process signed-in identity for AppTest page tests."""

from __future__ import annotations


def sign_in(app, role: str = "analyst", area: str = "", helper_id: str | None = None):
    """Give an AppTest session a signed-in identity in process (no cookie, no password).

    Imported data asks everyone to sign in; page tests on hand-made towns (written as imports)
    act as an analyst of the whole directory unless they say otherwise.
    """
    from dashboard.access import context
    from dashboard.access.roles import Identity, viewer_for

    identity = Identity(f"test-{role}", (role,), area, helper_id)
    app.session_state[context.IDENTITY_KEY] = identity
    app.session_state[context.VIEWER_KEY] = viewer_for(identity)
    return app
