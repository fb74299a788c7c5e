"""The sidebar every page shares: snapshot, area and language, kept in the URL.

The area's top step names the user's own area: "全部数据" only for a user who sees the whole
data directory; a village leader's says his village, a town officer's his town, a helper's
"我的帮扶户" (his rows are his households, whatever the area).
"""

from __future__ import annotations

import streamlit as st

from dashboard.formatting import format_date
from dashboard.hierarchy import trail
from dashboard.i18n import LANGUAGES, text
from dashboard.ui import state

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def render_sidebar() -> None:
    """Draw the snapshot and language pickers and write their choices back to the URL."""
    lang = state.language()
    with st.sidebar:
        available = state.snapshots()
        if available:
            dates = [info.snapshot_date for info in available]
            if st.session_state.get(state.SNAPSHOT_KEY) not in dates:
                st.session_state[state.SNAPSHOT_KEY] = dates[-1]  # a snapshot vanished or is new
            picked = st.selectbox(
                text("sidebar.snapshot", lang),
                dates,
                format_func=lambda value: format_date(value, lang),
                key=state.SNAPSHOT_KEY,
            )
            st.query_params["snapshot"] = picked.isoformat()
        pending = state.preparing()
        if pending:
            st.info(text("sidebar.preparing", lang).format(dates=", ".join(pending)))
        render_area_picker(lang)
        st.radio(
            text("sidebar.language", lang),
            LANGUAGES,
            format_func=LANGUAGE_NAMES.get,
            horizontal=True,
            key=state.LANGUAGE_KEY,
        )
        st.query_params["lang"] = state.language()
        st.caption(f"{text('sidebar.data_dir', lang)}: `{state.data_dir().name}`")


def render_area_picker(lang: str) -> None:
    """The breadcrumb back up (one button a level) and a picker one level down; ?area= kept.

    Names come from the villages table's name columns, else the official division codes (dashboard/divisions.py),
    else the code (`state.area_names`). Levels holding a single unit are stepped over.
    """
    current = state.area()
    index = state.area_index()
    if not index.villages:
        return
    names = index.names
    viewer = state.own_viewer()
    own = viewer.area or ""
    top_label = own_area_label(viewer, names, lang)
    root = index.root
    st.markdown(f"**{text('sidebar.area', lang)}**")
    # An area holding the whole data (a one-county directory's county) is the whole data.
    current = "" if root.startswith(current) else current
    steps = [code for code in trail(current, root) if code == "" or code.startswith(own)]
    for depth, code in enumerate(steps):
        label = names.get(code, code) if code else top_label
        if code == current:
            st.markdown(f"{'› ' * depth}**{label}**")
        else:
            st.button(
                f"{'› ' * depth}{label}",
                key=f"area_up_{code or 'all'}",
                type="tertiary",
                on_click=state.set_area,
                args=(code,),
            )
    below = index.children(current)
    if below:
        st.selectbox(
            text("sidebar.area_down", lang),
            below,
            index=None,
            placeholder=text("sidebar.area_choose", lang),
            format_func=lambda code: names.get(code, code),
            key=f"area_down_{current or 'all'}",
            on_change=_picked,
            args=(f"area_down_{current or 'all'}",),
        )
    st.query_params[state.AREA_PARAMETER] = current


def own_area_label(viewer, names: dict[str, str], lang: str) -> str:
    """What the user's whole area is called: his households (a helper), his area's name (a
    leader of a village or a town), or "全部数据" for a user who sees the whole directory."""
    if viewer.helper_id is not None:
        return text("sidebar.area_mine", lang)
    if viewer.area:
        return names.get(viewer.area, viewer.area)
    return text("sidebar.area_whole", lang)


def _picked(key: str) -> None:
    if st.session_state.get(key):
        state.set_area(st.session_state[key])


def render_demo_banner() -> None:
    """A plain banner whenever the chosen snapshot is the synthetic demo."""
    chosen = state.chosen_snapshot()
    if chosen is not None and chosen.is_demo:
        # The town is calibrated to 女山湖镇's report; the county and province are drawn.
        key = "banner.demo" if chosen.demo_scale == "town" else f"banner.demo.{chosen.demo_scale}"
        st.info(text(key, state.language()), icon=":material/info:")
