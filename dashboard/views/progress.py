"""脱贫进度 Exit progress: exits by year against targets, by village and cause, and over time.

Every number comes from a query file (named beside each chart), every figure from
`dashboard/charts/progress.py`; this module only reads the choices and lays things out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import progress as charts
from dashboard.formatting import format_count, format_date
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.components import chart_with_data

MEASURE_KEY = "progress_measure"

lang = state.language()
st.title(text("progress.heading", lang))

snapshot = state.chosen_snapshot()
if snapshot is None:
    st.warning(text("error.no_snapshot", lang, data_dir=state.data_dir()))
    st.stop()

snapshot_date = snapshot.snapshot_date
source = text(f"source.{snapshot.source_kind}", lang)
st.caption(text("progress.as_of", lang, date=format_date(snapshot_date, lang), source=source))

# The 户/人 toggle lives in the URL (`?measure=people`), so a shared link opens the same view.
state.seed_from_url(MEASURE_KEY, charts.MEASURES, charts.DEFAULT_MEASURE, parameter="measure")
measure = st.segmented_control(
    text("progress.measure", lang),
    charts.MEASURES,
    required=True,
    format_func=lambda value: text(f"progress.measure.{value}", lang),
    key=MEASURE_KEY,
)
measure = measure if measure in charts.MEASURES else charts.DEFAULT_MEASURE
st.query_params["measure"] = measure


def count(value: object, unit: str) -> str:
    """A card's value: `1,234 户` in Chinese, `1,234` in English (the caption names the unit)."""
    return text(f"progress.card.{unit}", lang, value=format_count(value))


def both(households: object, people: object) -> str:
    return text(
        "progress.households_people",
        lang,
        households=format_count(households),
        people=format_count(people),
    )


def show(figure_builder, frame, *, key: str, empty_key: str, **options) -> None:
    """A chart with its data and downloads, or a sentence when its query returned no row."""
    if frame.empty:
        st.info(text(empty_key, lang))
        return
    chart_with_data(
        figure_builder(frame, measure, lang, **options),
        charts.table_for_download(frame, lang),
        key=key,
        lang=lang,
        file_stem=f"{key}_{snapshot_date.isoformat()}",
    )


totals = state.query("household_totals", snapshot_date=snapshot_date).iloc[0]
progress = state.query("exit_progress_by_year", snapshot_date=snapshot_date)
targets = state.query("exit_targets_by_year", snapshot_date=snapshot_date)
by_village = state.query("exits_by_village_year", snapshot_date=snapshot_date)
by_cause = state.query("exits_by_cause", snapshot_date=snapshot_date)
series_totals = state.query("snapshot_totals")
flows = state.query("snapshot_flows")

if totals["registered_households"] == 0:
    st.warning(text("error.empty_snapshot", lang))

# ---------------------------------------------------------------- key numbers
current = targets[targets["is_current_year"]]
year = snapshot_date.year
exited, remaining, target, planned = st.columns(4)
exited.metric(
    text("progress.metric.exited", lang),
    count(totals[f"exited_{measure}"], measure),
    border=True,
)
exited.caption(both(totals["exited_households"], totals["exited_people"]))
remaining.metric(
    text("progress.metric.remaining", lang),
    count(totals[f"not_exited_{measure}"], measure),
    border=True,
)
remaining.caption(both(totals["not_exited_households"], totals["not_exited_people"]))
target_households = current.iloc[0]["target_households"] if not current.empty else None
target_people = current.iloc[0]["target_people"] if not current.empty else None
target_value = target_households if measure == "households" else target_people
target.metric(
    text("progress.metric.target", lang, year=year),
    count(target_value, measure)
    if pd.notna(target_value)
    else text("progress.metric.no_target", lang),
    border=True,
)
if pd.notna(target_households) or pd.notna(target_people):
    target.caption(
        both(
            target_households if pd.notna(target_households) else None,
            target_people if pd.notna(target_people) else None,
        )
    )
planned_households = int(current.iloc[0]["planned_households"]) if not current.empty else 0
planned_people = int(current.iloc[0]["planned_people"]) if not current.empty else 0
planned.metric(
    text("progress.metric.planned", lang, year=year),
    count(planned_households if measure == "households" else planned_people, measure),
    border=True,
)
planned.caption(both(planned_households, planned_people))

sentence = charts.exits_sentence(progress, lang)
if sentence:
    st.markdown(sentence)
if totals["registered_households"] > 0:
    st.markdown(
        text(
            "progress.remaining_sentence",
            lang,
            date=format_date(snapshot_date, lang),
            households=format_count(totals["not_exited_households"]),
            people=format_count(totals["not_exited_people"]),
            relapsed=format_count(totals["relapsed_households"]),
        )
    )

if pd.notna(target_households) or pd.notna(target_people):
    st.markdown(
        text(
            "progress.target_sentence",
            lang,
            year=year,
            households=format_count(target_households if pd.notna(target_households) else None),
            people=format_count(target_people if pd.notna(target_people) else None),
            planned_households=format_count(planned_households),
            planned_people=format_count(planned_people),
        )
    )

# ---------------------------------------------------------------- by year, targets
st.subheader(text("progress.section.by_year", lang))
st.caption(text("progress.by_year.caption", lang))
show(charts.exits_by_year_figure, progress, key="exit_progress", empty_key="progress.empty.exits")

st.subheader(text("progress.section.targets", lang))
st.caption(text("progress.targets.caption", lang))
show(charts.targets_figure, targets, key="exit_targets", empty_key="progress.empty.targets")

# ---------------------------------------------------------------- village, cause
left, right = st.columns(2)
with left:
    st.subheader(text("progress.section.villages", lang))
    show(
        charts.village_year_heatmap,
        by_village,
        key="exits_by_village",
        empty_key="progress.empty.villages",
    )
with right:
    st.subheader(text("progress.section.causes", lang))
    show(
        charts.exits_by_cause_figure,
        by_cause,
        key="exits_by_cause",
        empty_key="progress.empty.causes",
    )

# ---------------------------------------------------------------- half-year series
st.subheader(text("progress.section.series", lang))
if series_totals.empty:
    st.info(text("progress.empty.series", lang))
elif flows.empty:
    st.info(text("progress.single_snapshot", lang))
else:
    st.caption(text("progress.series.caption", lang))
    figure = charts.snapshot_series_figure(
        series_totals, flows, measure, lang, chosen_date=snapshot_date
    )
    chart_with_data(
        figure,
        charts.table_for_download(charts.snapshot_series_table(series_totals, flows), lang),
        key="snapshot_flows",
        lang=lang,
        file_stem="snapshot_flows",
    )
