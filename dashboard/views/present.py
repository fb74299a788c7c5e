"""汇报模式 Presentation mode (/present): the half-year evaluation one slide at a time.

The slides are those of the .pptx deck (dashboard/evaluation/slides.py builds both), their
numbers from the `evaluation_*` query files through `state.query`. `?wall=1` is the wall display
(大屏): dark, the key slides rotating on a timer, following the latest snapshot as it lands.
The slides are drawn by `dashboard/ui/slides.py`, the scope, the steps and the wall display by
`dashboard/ui/presenting.py`, the notes and downloads by `dashboard/ui/evaluation_downloads.py`;
this module only lays things out.
"""

from __future__ import annotations

import streamlit as st

from dashboard.errors import TuopinError
from dashboard.evaluation.period import available_periods, parse_period
from dashboard.i18n import text
from dashboard.measures.present import WHOLE
from dashboard.ui import state
from dashboard.ui.controls import choice
from dashboard.ui.evaluation_downloads import notes_and_downloads
from dashboard.ui.presenting import scope, slide_stepper, wall_display
from dashboard.ui.slides import current_slides, show_slide, styles

PERIOD_KEY = "present_period"

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
    wall_display(lang)
    st.stop()

codes = [period.code for period in periods]
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
# A town's villages, one of which the slides can be about; above a town, the next level's
# units (a county's towns), and choosing one opens that area (?area=).
chosen = scope(period_code, top[1], lang)
village_code = None if chosen == WHOLE else chosen
try:
    figures, written, slides = current_slides(period_code, village_code, lang)
except TuopinError as problem:
    st.error(problem.message(lang))
    st.stop()

index = slide_stepper(len(slides), top[2:], lang)
show_slide(slides[index], lang)

# ------------------------------------------------------------------ downloads and editing
notes_and_downloads(figures, written, period_code, chosen, village_code, lang)
