"""The presentation mode's slides drawn on a page (/present): the styles of the room and of the
wall display, the arrow keys, one slide with its cards, map and charts, and the figures and
slides of a period and scope (`dashboard/evaluation/`, their numbers from the `evaluation_*`
query files through `state.query`).
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from dashboard import geo
from dashboard.charts import evaluation as charts
from dashboard.evaluation import notes
from dashboard.evaluation.figures import compute, map_layers
from dashboard.evaluation.period import parse_period, resolve
from dashboard.evaluation.slides import Slide, build_slides
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.cards import Card, cards
from dashboard.ui.components import chart_with_data

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


def styles(wall: bool) -> None:
    """The room's large type, and on the wall display (大屏) its dark background too."""
    st.markdown(BASE_CSS + (WALL_CSS if wall else ""), unsafe_allow_html=True)


def arrow_keys(lang: str) -> None:
    """The arrow keys (and Page Up / Page Down) click the previous and next buttons."""
    labels = {"previous": text("evaluation.previous", lang), "next": text("evaluation.next", lang)}
    components.html(KEYS_SCRIPT.replace("LABELS", json.dumps(labels, ensure_ascii=False)), height=0)


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
    """One slide: its title, its numbers as cards, its lines, its map and charts (each with
    its data beneath), its table and its sections; `dark` for the wall display."""
    st.title(slide.title)
    if slide.subtitle:
        st.markdown(f"<div class='tuopin-subtitle'>{slide.subtitle}</div>", unsafe_allow_html=True)
    if slide.kpis:  # the slide's numbers come from the figures named in its charts' data
        cards(
            [Card(kpi.label, kpi.value, caption=kpi.detail) for kpi in slide.kpis],
            query=None,
            lang=lang,
        )
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
