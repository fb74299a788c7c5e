"""汇报模式 Presentation mode (/present): the half-year evaluation one slide at a time.

The slides are those of the .pptx deck (dashboard/evaluation/slides.py builds both), their
numbers from the `evaluation_*` query files through `state.query`. `?wall=1` is the wall display
(大屏): dark, the key slides rotating on a timer, following the latest snapshot as it lands.
The slides are drawn by `dashboard/ui/slides.py`, the notes and downloads by
`dashboard/ui/evaluation_downloads.py`; this module only reads choices and lays things out.
"""

from __future__ import annotations

import streamlit as st

from dashboard.errors import TuopinError
from dashboard.evaluation.period import available_periods, parse_period, resolve
from dashboard.evaluation.slides import WALL_SLIDES
from dashboard.formatting import format_date
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.controls import choice
from dashboard.ui.evaluation_downloads import notes_and_downloads
from dashboard.ui.slides import arrow_keys, current_slides, show_slide, styles

PERIOD_KEY = "present_period"
VILLAGE_KEY = "present_village"
SLIDE_KEY = "present_slide"
WALL_INDEX_KEY = "present_wall_index"
WALL_SECONDS = 20  # long enough to read a slide from the back of the meeting room
TOWN = "town"


def move(step: int, total: int) -> None:
    st.session_state[SLIDE_KEY] = (st.session_state.get(SLIDE_KEY, 0) + step) % total


# ------------------------------------------------------------------ page
st.set_page_config(layout="wide")
state.init_from_url()
lang = state.language()
wall = st.query_params.get("wall") == "1"
styles(wall)

periods = available_periods(state.snapshots())
if not periods:
    st.title(text("evaluation.heading", lang))
    st.warning(text("evaluation.no_period", lang))
    st.stop()

if wall:

    @st.fragment(run_every=WALL_SECONDS)
    def wall_display() -> None:
        # The latest period each time: a snapshot that lands is shown at the next turn.
        latest = available_periods(state.snapshots())[0]
        try:
            figures, _written, slides = current_slides(latest.code, None, lang)
        except TuopinError as problem:
            st.error(problem.message(lang))
            return
        shown = [s for s in slides if s.key in WALL_SLIDES]
        index = st.session_state.get(WALL_INDEX_KEY, -1) + 1
        st.session_state[WALL_INDEX_KEY] = index
        show_slide(shown[index % len(shown)], lang, dark=True, key="wall-")
        st.caption(
            text(
                "evaluation.wall_updated",
                lang,
                date=format_date(figures.closing_date, lang),
                seconds=WALL_SECONDS,
            )
        )

    wall_display()
    st.stop()

codes = [p.code for p in periods]
top = st.columns([2, 2, 1, 1, 1])
period_code = choice(
    text("evaluation.period", lang),
    codes,
    key=PERIOD_KEY,
    default=codes[0],
    parameter="period",
    format_func=lambda code: parse_period(code).label(lang),
    container=top[0],
)
# The scope picker: a town's villages, one of which the slides can be about; above a town,
# the next level's units (a county's towns), and choosing one opens that area (?area=).
villages_here = state.units_are_villages()
units = state.query(
    "evaluation_remaining_by_unit",
    snapshot_date=resolve(parse_period(period_code), state.snapshots()).closing.snapshot_date,
    village_code=None,
    unit_digits=state.unit_digits(),
)
names = state.area_names()
unit_names = {
    code: names.get(code, name) if name == code else name
    for code, name in zip(units["unit_code"], units["unit_name"], strict=True)
}
# The first choice is the whole area: 全镇 on a town's data, the county's name on a county's.
whole_label = (
    text("evaluation.scope.town", lang)
    if villages_here
    else names.get(state.area() or state.area_index().root, text("evaluation.scope.town", lang))
)


def open_unit() -> None:
    """Above a town, a unit chosen in the scope picker opens as the page's area."""
    chosen = st.session_state.get(VILLAGE_KEY, TOWN)
    if chosen != TOWN:
        st.session_state[VILLAGE_KEY] = TOWN
        state.set_area(chosen)


scope = choice(
    text("evaluation.scope", lang),
    [TOWN, *unit_names],
    key=VILLAGE_KEY,
    default=TOWN,
    parameter="village",
    # above a town a link names no unit to stay on: choosing one opens it
    url_options=None if villages_here else [TOWN],
    format_func=lambda code: whole_label if code == TOWN else unit_names.get(code, code),
    container=top[1],
    on_change=None if villages_here else open_unit,
    help=None if villages_here else text("evaluation.scope_opens", lang),
)
village_code = None if scope == TOWN else scope

try:
    figures, written, slides = current_slides(period_code, village_code, lang)
except TuopinError as problem:
    st.error(problem.message(lang))
    st.stop()

total = len(slides)
index = st.session_state.get(SLIDE_KEY, 0) % total
top[2].button(
    text("evaluation.previous", lang),
    on_click=move,
    args=(-1, total),
    use_container_width=True,
    key="present-previous",
)
top[3].markdown(
    f"<div class='tuopin-counter'>{text('evaluation.counter', lang, index=index + 1, total=total)}</div>",
    unsafe_allow_html=True,
)
top[4].button(
    text("evaluation.next", lang),
    on_click=move,
    args=(1, total),
    use_container_width=True,
    key="present-next",
)
arrow_keys(lang)
st.caption(text("evaluation.keys_hint", lang))

show_slide(slides[index], lang)


# ------------------------------------------------------------------ downloads and editing
notes_and_downloads(figures, written, period_code, scope, village_code, lang)
