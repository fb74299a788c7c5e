"""The presentation page's controls (/present): the scope of the slides, the step from slide to
slide, and the wall display (大屏) that turns the key slides by itself. The slides are drawn by
`dashboard/ui/slides.py`; the names in the scope picker come from `dashboard/measures/present.py`.
"""

from __future__ import annotations

import streamlit as st

from dashboard.errors import TuopinError
from dashboard.evaluation.period import available_periods, parse_period, resolve
from dashboard.evaluation.slides import WALL_SLIDES
from dashboard.formatting import format_date
from dashboard.i18n import text
from dashboard.measures import present as measures
from dashboard.ui import state
from dashboard.ui.controls import choice
from dashboard.ui.slides import arrow_keys, current_slides, show_slide

VILLAGE_KEY = "present_village"
SLIDE_KEY = "present_slide"
WALL_INDEX_KEY = "present_wall_index"
WALL_SECONDS = 20  # long enough to read a slide from the back of the meeting room


def wall_display(lang: str) -> None:
    """The key slides of the latest period, one every `WALL_SECONDS`, dark."""

    @st.fragment(run_every=WALL_SECONDS)
    def turn() -> None:
        # The latest period each time: a snapshot that lands is shown at the next turn.
        latest = available_periods(state.snapshots())[0]
        try:
            figures, _written, slides = current_slides(latest.code, None, lang)
        except TuopinError as problem:
            st.error(problem.message(lang))
            return
        shown = [slide for slide in slides if slide.key in WALL_SLIDES]
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

    turn()


def _open_unit() -> None:
    """Above a town, a unit chosen in the scope picker opens as the page's area."""
    chosen = st.session_state.get(VILLAGE_KEY, measures.WHOLE)
    if chosen != measures.WHOLE:
        st.session_state[VILLAGE_KEY] = measures.WHOLE
        state.set_area(chosen)


def scope(period_code: str, container: object, lang: str) -> str:
    """Who the slides are about, kept in `?village=`: the whole area, or on a town's data one
    of its villages. Above a town the picker lists the next level's units (a county's towns)
    and choosing one opens it as the page's area (`?area=`). Returns the choice's code
    (`measures.WHOLE` for the whole area)."""
    villages_here = state.units_are_villages()
    closing = resolve(parse_period(period_code), state.snapshots()).closing
    units = state.query(
        "evaluation_remaining_by_unit",
        snapshot_date=closing.snapshot_date,
        village_code=None,
        unit_digits=state.unit_digits(),
    )
    names = state.area_names()
    unit_names = measures.unit_names(units, names)
    area = None if villages_here else state.area() or state.area_index().root
    whole = measures.whole_label(villages_here, area, names, lang)
    return choice(
        text("evaluation.scope", lang),
        [measures.WHOLE, *unit_names],
        key=VILLAGE_KEY,
        default=measures.WHOLE,
        parameter="village",
        # above a town a link names no unit to stay on: choosing one opens it
        url_options=None if villages_here else [measures.WHOLE],
        format_func=lambda code: measures.scope_label(code, whole, unit_names),
        container=container,
        on_change=None if villages_here else _open_unit,
        help=None if villages_here else text("evaluation.scope_opens", lang),
    )


def _move(step: int, total: int) -> None:
    st.session_state[SLIDE_KEY] = (st.session_state.get(SLIDE_KEY, 0) + step) % total


def slide_stepper(total: int, places: list, lang: str) -> int:
    """Previous, "3 / 12", next in three of the page's `places`, and the arrow keys; returns
    the index of the slide to show."""
    index = st.session_state.get(SLIDE_KEY, 0) % total
    previous, counter, following = places
    previous.button(
        text("evaluation.previous", lang),
        on_click=_move,
        args=(-1, total),
        use_container_width=True,
        key="present-previous",
    )
    counted = text("evaluation.counter", lang, index=index + 1, total=total)
    counter.markdown(f"<div class='tuopin-counter'>{counted}</div>", unsafe_allow_html=True)
    following.button(
        text("evaluation.next", lang),
        on_click=_move,
        args=(1, total),
        use_container_width=True,
        key="present-next",
    )
    arrow_keys(lang)
    st.caption(text("evaluation.keys_hint", lang))
    return index
