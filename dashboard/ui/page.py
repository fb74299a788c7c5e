"""The top of every page, once: its title, the stop when there is no snapshot, the as-of line.

The demo banner is drawn by the app (`dashboard/app.py`) above every page, so it is not here.
"""

from __future__ import annotations

import streamlit as st

from dashboard.access.audit import record_for
from dashboard.formatting import format_date
from dashboard.hierarchy import ancestors
from dashboard.i18n import text
from dashboard.snapshots import SnapshotInfo
from dashboard.ui import state


def page_header(page: str, lang: str, *, as_of: bool = True) -> SnapshotInfo:
    """Draw `<page>.heading`; stop the page with a warning when no snapshot exists.

    With `as_of`, the caption `<page>.as_of` follows, filled with the snapshot's date and its
    source (demo, import…). Returns the chosen snapshot. `page` is the prefix of the page's
    message keys: `page_header("industry", lang)` draws `industry.heading`, `industry.as_of`.
    """
    state.init_from_url()  # idempotent; lets a page honour ?snapshot= and ?lang= on its own too
    st.title(text(f"{page}.heading", lang))
    refuse_outside_area(lang)
    if state.area():  # the area in the page's own words, for a printout or a screenshot
        names = state.area_names()
        path = [*ancestors(state.area()), state.area()]
        st.caption(" › ".join(names[code] for code in path if code in names))
    snapshot = state.chosen_snapshot()
    if snapshot is None:
        st.warning(text("error.no_snapshot", lang, data_dir=state.data_dir()))
        st.stop()
    if as_of:
        source = text(f"source.{snapshot.source_kind}", lang)
        st.caption(
            text(
                f"{page}.as_of",
                lang,
                date=format_date(snapshot.snapshot_date, lang),
                source=source,
            )
        )
    return snapshot


def refuse_outside_area(lang: str) -> None:
    """Stop the page when `?area=` lies outside the user's own area, and log the refusal.

    The data layer already reads no row for it (`scope.narrow_to_area`); this says why, in
    both languages, instead of an empty page, and never widens the area to something else.
    """
    if state.area_permitted():
        return

    own = state.own_viewer().area
    wanted = state.area()
    st.error(text("access.area_refused", lang, area=wanted, own=own or "—"))
    record_for(state.data_dir(), "access.refused", area=wanted, own_area=own or "")
    st.stop()
