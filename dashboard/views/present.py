"""汇报模式 Presentation mode (/present): the half-year evaluation one slide at a time.

The slides are those of the .pptx deck (dashboard/evaluation/slides.py builds both), their
numbers from the `evaluation_*` query files through `state.query`. `?wall=1` is the wall display
(大屏): dark, the key slides rotating on a timer, following the latest snapshot as it lands.
This module only reads choices and lays things out.
"""

from __future__ import annotations

import functools
import json

import streamlit as st
import streamlit.components.v1 as components

from dashboard import geo
from dashboard.charts import evaluation as charts
from dashboard.errors import TuopinError
from dashboard.evaluation import deck, images, narrative, notes, pdf
from dashboard.evaluation.figures import compute, map_layers
from dashboard.evaluation.period import available_periods, parse_period, resolve
from dashboard.evaluation.slides import WALL_SLIDES, Slide, build_slides
from dashboard.formatting import format_date
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.components import audited, chart_with_data

PERIOD_KEY = "present_period"
VILLAGE_KEY = "present_village"
SLIDE_KEY = "present_slide"
WALL_INDEX_KEY = "present_wall_index"
WALL_SECONDS = 20  # long enough to read a slide from the back of the meeting room
TOWN = "town"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def deck_pdf(slides: list[Slide], data_dir, lang: str) -> bytes:
    """The deck as PDF through LibreOffice; made only when the button is clicked."""
    return pdf.deck_to_pdf(deck.build_deck(slides, deck.map_renderer(data_dir, lang)))


BASE_CSS = """
<style>
[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'] {display: none;}
[data-testid='stMain'] h1 {font-size: 3rem; line-height: 1.2;}
[data-testid='stMetricValue'] {font-size: 2.6rem;}
[data-testid='stMetricLabel'] p {font-size: 1.2rem;}
.tuopin-subtitle {font-size: 1.5rem; color: #595959; margin-bottom: 1rem;}
.tuopin-line {font-size: 1.6rem; line-height: 1.7;}
.tuopin-counter {font-size: 1.2rem; text-align: center; padding-top: .4rem;}
</style>
"""
WALL_CSS = """
<style>
[data-testid='stApp'], [data-testid='stHeader'] {background: #0E1726; color: #F2F2F2;}
[data-testid='stMain'] h1, [data-testid='stMain'] h3, [data-testid='stMain'] p,
[data-testid='stMetricValue'], [data-testid='stMetricLabel'] p {color: #F2F2F2;}
.tuopin-subtitle {color: #B8C2D6;}
[data-testid='stMetric'] {background: #17233A; border-radius: .5rem; padding: .6rem;}
/* Banners keep their own light box: their text stays dark to be read on it. */
[data-testid='stMain'] [data-testid='stAlert'] p {color: #0E1726;}
</style>
"""

# Arrow keys click the previous / next buttons of the page. Inline, posts nothing anywhere.
KEYS_SCRIPT = """
<script>
const doc = window.parent.document;
doc.__tuopinLabels = LABELS;
if (!doc.__tuopinKeys) {
  doc.__tuopinKeys = true;
  doc.addEventListener("keydown", (event) => {
    const tag = (event.target.tagName || "").toUpperCase();
    if (tag === "INPUT" || tag === "TEXTAREA" || event.target.isContentEditable) return;
    const wanted = event.key === "ArrowRight" || event.key === "PageDown" ? doc.__tuopinLabels.next
      : event.key === "ArrowLeft" || event.key === "PageUp" ? doc.__tuopinLabels.previous : null;
    if (!wanted) return;
    const button = [...doc.querySelectorAll("button")].find((b) => b.innerText.trim() === wanted);
    if (button) { event.preventDefault(); button.click(); }
  });
}
</script>
"""


def boundary_layers(
    data_dir: str, units: tuple[tuple[str, str], ...], villages: tuple[tuple[str, str], ...]
):
    """The remaining slide's map layers, cached by the digests of its units and villages."""
    return _boundary_layers(
        data_dir, geo.units_digest(units), geo.units_digest(villages), units, villages
    )


@st.cache_resource(max_entries=4, show_spinner=False)
def _boundary_layers(
    data_dir: str,
    units_key: str,
    villages_key: str,
    _units: tuple[tuple[str, str], ...],
    _villages: tuple[tuple[str, str], ...],
):
    import pandas as pd

    columns = ["village_code", "village_name"]
    frame = pd.DataFrame(list(_units), columns=columns)
    return map_layers(
        data_dir, frame, pd.DataFrame(list(_villages), columns=columns) if _villages else None
    )


def current_slides(period_code: str, village_code: str | None, lang: str):
    """The figures and slides of a period and scope (queries cached by snapshot identity)."""
    period = parse_period(period_code)
    periods = resolve(period, state.snapshots())
    figures = compute(
        lambda name, **params: state.query(name, **params),
        periods,
        village_code,
        unit_digits=state.unit_digits(),
        unit_names=state.area_names(),
        # The monitoring queries take no village: one village's are the session's rows narrowed.
        monitoring_run=(
            (lambda name, **params: state.query_in_area(village_code, name, **params))
            if village_code
            else None
        ),
    )
    written = notes.load_notes(state.data_dir(), period, village_code)
    return figures, written, build_slides(figures, lang, written)


def show_slide(slide: Slide, lang: str, *, dark: bool = False, key: str = "") -> None:
    st.title(slide.title)
    if slide.subtitle:
        st.markdown(f"<div class='tuopin-subtitle'>{slide.subtitle}</div>", unsafe_allow_html=True)
    if slide.kpis:
        columns = st.columns(len(slide.kpis))
        for column, kpi in zip(columns, slide.kpis, strict=True):
            column.metric(kpi.label, kpi.value, border=True)
            if kpi.detail:
                column.caption(kpi.detail)
    for line in slide.bullets:
        st.markdown(f"<div class='tuopin-line'>{line}</div>", unsafe_allow_html=True)
    blocks: list = []
    if slide.map_values is not None:
        units = tuple(
            zip(slide.map_values["village_code"], slide.map_values["village_name"], strict=True)
        )
        villages = (
            ()
            if slide.map_villages is None
            else tuple(
                zip(
                    slide.map_villages["village_code"],
                    slide.map_villages["village_name"],
                    strict=True,
                )
            )
        )
        layers = boundary_layers(str(state.data_dir()), units, villages)
        if layers is not None:
            blocks.append("map")
    blocks += slide.charts
    if blocks:
        columns = st.columns([3 if block == "map" else 2 for block in blocks])
        for index, (column, block) in enumerate(zip(columns, blocks, strict=True)):
            with column:
                if block == "map":
                    figure = charts.remaining_map(
                        layers[0],
                        layers[1],
                        slide.map_values,
                        text("slide.remaining.series", lang),
                        "—",
                    )
                    frame = slide.map_values
                else:
                    figure = charts.spec_figure(block, dark=dark)
                    frame = block.frame()
                if dark:
                    charts.darken(figure)
                chart_with_data(
                    figure,
                    frame,
                    key=f"{key}{slide.key}-{index}",
                    lang=lang,
                    file_stem=f"{slide.key}_{index}",
                )
    if slide.table:
        st.table({text("slide.quality.check", lang): [r[0] for r in slide.table],
                  text("slide.quality.found", lang): [r[1] for r in slide.table]})  # fmt: skip
    if slide.sections:
        columns = st.columns(len(slide.sections))
        for column, (heading, lines) in zip(columns, slide.sections, strict=True):
            column.subheader(heading)
            for number, line in enumerate(lines, 1):
                column.markdown(
                    f"<div class='tuopin-line'>{number}. {line}</div>", unsafe_allow_html=True
                )


def move(step: int, total: int) -> None:
    st.session_state[SLIDE_KEY] = (st.session_state.get(SLIDE_KEY, 0) + step) % total


# ------------------------------------------------------------------ page
st.set_page_config(layout="wide")
state.init_from_url()
lang = state.language()
wall = st.query_params.get("wall") == "1"
st.markdown(BASE_CSS + (WALL_CSS if wall else ""), unsafe_allow_html=True)

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
state.seed_from_url(PERIOD_KEY, codes, codes[0], parameter="period")
# The scope picker: a town's villages, one of which the slides can be about; above a town,
# the next level's units (a county's towns), and choosing one opens that area (?area=).
villages_here = state.units_are_villages()
units = state.query(
    "evaluation_remaining_by_unit",
    snapshot_date=resolve(
        parse_period(st.session_state[PERIOD_KEY]), state.snapshots()
    ).closing.snapshot_date,
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
state.seed_from_url(
    VILLAGE_KEY, [TOWN, *unit_names] if villages_here else [TOWN], TOWN, parameter="village"
)


def open_unit() -> None:
    """Above a town, a unit chosen in the scope picker opens as the page's area."""
    chosen = st.session_state.get(VILLAGE_KEY, TOWN)
    if chosen != TOWN:
        st.session_state[VILLAGE_KEY] = TOWN
        state.set_area(chosen)


top = st.columns([2, 2, 1, 1, 1])
period_code = top[0].selectbox(
    text("evaluation.period", lang),
    codes,
    format_func=lambda code: parse_period(code).label(lang),
    key=PERIOD_KEY,
)
scope = top[1].selectbox(
    text("evaluation.scope", lang),
    [TOWN, *unit_names],
    format_func=lambda code: whole_label if code == TOWN else unit_names.get(code, code),
    key=VILLAGE_KEY,
    on_change=None if villages_here else open_unit,
    help=None if villages_here else text("evaluation.scope_opens", lang),
)
st.query_params["period"] = period_code
st.query_params["village"] = scope
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
components.html(
    KEYS_SCRIPT.replace(
        "LABELS",
        json.dumps(
            {"previous": text("evaluation.previous", lang), "next": text("evaluation.next", lang)},
            ensure_ascii=False,
        ),
    ),
    height=0,
)
st.caption(text("evaluation.keys_hint", lang))

show_slide(slides[index], lang)

# ------------------------------------------------------------------ downloads and editing
st.divider()
st.header(text("evaluation.downloads", lang))
period = parse_period(period_code)
scope_key = f"{period_code}-{scope}-{lang}"
notes_left, notes_right = st.columns(2)
problems = notes_left.text_area(
    text("evaluation.problems_label", lang),
    value=written["problems"],
    height=180,
    key=f"problems-{scope_key}",
)
next_steps = notes_right.text_area(
    text("evaluation.next_steps_label", lang),
    value=written["next_steps"],
    height=180,
    key=f"next-{scope_key}",
)
if st.button(text("evaluation.save_notes", lang), key=f"save-{scope_key}"):
    try:
        saved = notes.save_notes(state.data_dir(), period, village_code, problems, next_steps)
        st.success(text("evaluation.notes_saved", lang, path=saved))
        st.rerun()
    except TuopinError as problem:
        st.error(problem.message(lang))

current_notes = {"problems": problems, "next_steps": next_steps}
edited = st.text_area(
    text("evaluation.narrative_edit", lang),
    value=narrative.build_narrative(figures, lang, current_notes),
    height=420,
    key=f"narrative-{scope_key}",
)
stem = f"tuopin_{period_code}_{scope}"
slides_with_notes = build_slides(figures, lang, current_notes)
first, second, third = st.columns(3)
first.download_button(
    text("evaluation.download_pptx", lang),
    audited(
        functools.partial(
            deck.build_deck, slides_with_notes, deck.map_renderer(state.data_dir(), lang)
        ),
        "deck.made",
        what=stem,
        format="pptx",
        slides=len(slides_with_notes),
    ),
    file_name=f"{stem}.pptx",
    mime=PPTX_MIME,
    key=f"pptx-{scope_key}",
    on_click="ignore",
)
second.download_button(
    text("evaluation.download_docx", lang),
    audited(
        functools.partial(narrative.to_docx, edited), "narrative.made", what=stem, format="docx"
    ),
    file_name=f"{stem}.docx",
    mime=DOCX_MIME,
    key=f"docx-{scope_key}",
    on_click="ignore",
)
third.download_button(
    text("evaluation.download_md", lang),
    audited(lambda: edited.encode("utf-8"), "narrative.made", what=stem, format="md"),
    file_name=f"{stem}.md",
    mime="text/markdown",
    key=f"md-{scope_key}",
    on_click="ignore",
)
fourth, fifth = st.columns(2)
if pdf.soffice_available():
    fourth.download_button(
        text("evaluation.download_pdf", lang),
        audited(
            functools.partial(deck_pdf, slides_with_notes, state.data_dir(), lang),
            "deck.made",
            what=stem,
            format="pdf",
            slides=len(slides_with_notes),
        ),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        key=f"pdf-{scope_key}",
        on_click="ignore",
    )
else:
    fourth.info(text("evaluation.pdf_unavailable", lang))
fifth.download_button(
    text("evaluation.download_png", lang),
    audited(
        functools.partial(images.chart_images, slides_with_notes, state.data_dir(), lang),
        "export",
        what=f"{stem}_charts",
        format="png",
    ),
    file_name=f"{stem}_charts.zip",
    mime="application/zip",
    key=f"png-{scope_key}",
    on_click="ignore",
)
