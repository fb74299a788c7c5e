"""脱贫进度 Exit progress: exits by year against targets, by village and cause, and over time.

Every number comes from a query file (named in each chart's data), the cards, this year's
target and the sentences from `dashboard/measures/progress.py`, every figure from
`dashboard/charts/progress.py`; this module reads the choices and lists the sections.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import progress as charts
from dashboard.i18n import text
from dashboard.measures import progress as measures
from dashboard.ui import state
from dashboard.ui.cards import cards
from dashboard.ui.controls import measure_toggle
from dashboard.ui.page import page_header
from dashboard.ui.section import page_sections
from dashboard.ui.shared import shared_figure

lang = state.language()
snapshot_date = page_header("progress", lang).snapshot_date
area = state.area_in_words(lang)  # the viewer's own area, in words

# The 户/人 toggle lives in the URL (`?measure=people`), so a shared link opens the same view.
measure = measure_toggle(
    text("progress.measure", lang),
    charts.MEASURES,
    key="progress_measure",
    default=charts.DEFAULT_MEASURE,
    format_func=lambda value: text(f"progress.measure.{value}", lang),
)

chart = page_sections(
    lang, readable=charts.table_for_download, file_suffix=snapshot_date.isoformat()
)

totals = state.query("household_totals", snapshot_date=snapshot_date).iloc[0]
progress = state.query("exit_progress_by_year", snapshot_date=snapshot_date)
targets = state.query("exit_targets_by_year", snapshot_date=snapshot_date)
by_village = state.query_units("exits_by_village_year", snapshot_date=snapshot_date)
by_cause = state.query("exits_by_cause", snapshot_date=snapshot_date)
series_totals = state.query("snapshot_totals")
flows = state.query("snapshot_flows")

if totals["registered_households"] == 0:
    st.warning(text("error.empty_snapshot", lang))

# ---------------------------------------------------------------- key numbers
current = measures.current_year_target(targets)
cards(
    measures.key_cards(totals, current, measure, snapshot_date.year, lang),
    query=["household_totals", "exit_targets_by_year"],
    lang=lang,
)
for sentence in measures.sentences(totals, progress, current, snapshot_date, area, lang):
    st.markdown(sentence)

# ---------------------------------------------------------------- by year, targets
chart(
    text("progress.section.by_year", lang),
    progress,
    query="exit_progress_by_year",
    figure=shared_figure(charts.exits_by_year_figure, progress, measure, lang),
    caption=text("progress.by_year.caption", lang),
    key="exit_progress",
    empty=text("progress.empty.exits", lang),
)
chart(
    text("progress.section.targets", lang),
    targets,
    query="exit_targets_by_year",
    figure=shared_figure(charts.targets_figure, targets, measure, lang),
    caption=text("progress.targets.caption", lang, area=area),
    key="exit_targets",
    empty=text("progress.empty.targets", lang, area=area),
)

# ---------------------------------------------------------------- village, cause
left, right = st.columns(2)
with left:
    chart(
        measures.units_heading(state.units_are_villages(), state.unit_level_label(lang), lang),
        by_village,
        query="exits_by_village_year",
        figure=shared_figure(charts.village_year_heatmap, by_village, measure, lang),
        key="exits_by_village",
        empty=text("progress.empty.villages", lang),
    )
    state.unit_drill(by_village, lang, "exits_by_village")
with right:
    chart(
        text("progress.section.causes", lang),
        by_cause,
        query="exits_by_cause",
        figure=shared_figure(charts.exits_by_cause_figure, by_cause, measure, lang),
        key="exits_by_cause",
        rests_on=("main_cause",),
        empty=text("progress.empty.causes", lang),
    )

# ---------------------------------------------------------------- half-year series
st.subheader(text("progress.section.series", lang))
missing = measures.series_missing(series_totals, flows, lang)
if missing:
    st.info(missing)
else:
    chart(
        None,
        flows,
        query=["snapshot_totals", "snapshot_flows"],
        figure=shared_figure(
            charts.snapshot_series_figure,
            series_totals,
            flows,
            measure,
            lang,
            chosen_date=snapshot_date,
        ),
        caption=text("progress.series.caption", lang),
        table=charts.table_for_download(charts.snapshot_series_table(series_totals, flows), lang),
        key="snapshot_flows",
        file_stem="snapshot_flows",
    )
