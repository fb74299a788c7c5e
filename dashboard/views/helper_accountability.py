"""帮扶责任 Helper accountability: who helps whom, against the 3–5 rule, and who really visits.

The report complains that some helpers' work is only on paper; this page makes them visible.
Every number comes from a query file (`queries/helpers_*.sql`, `queries/visits_*.sql`, named
beside each section), every figure from `dashboard/charts/helpers.py`; this module only reads
the choices and lays things out. Helper and household names arrive masked from the queries.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import helper_accountability as charts
from dashboard.formatting import format_count, format_date
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.components import chart_with_data, data_table

WINDOW_KEY = "helpers_visit_window"
WINDOW_PARAM = "days"  # ?days=30|60|90: the visit window, so a shared link opens the same view

lang = state.language()
st.title(text("helpers.heading", lang))

snapshot = state.chosen_snapshot()
if snapshot is None:
    st.warning(text("error.no_snapshot", lang, data_dir=state.data_dir()))
    st.stop()

snapshot_date = snapshot.snapshot_date
source = text(f"source.{snapshot.source_kind}", lang)
st.caption(text("helpers.as_of", lang, date=format_date(snapshot_date, lang), source=source))


def stem(key: str) -> str:
    return f"{key}_{snapshot_date.isoformat()}"


def show(figure, frame, *, key: str) -> None:
    chart_with_data(
        figure,
        charts.table_for_download(frame, lang),
        key=key,
        lang=lang,
        file_stem=stem(key),
    )


def households(value: object) -> str:
    return text("helpers.count.households", lang, value=format_count(value))


def people(value: object) -> str:
    return text("helpers.count.helpers", lang, value=format_count(value))


# The window (30 / 60 / 90 days) is seeded from the URL once, then the widget is the truth.
if WINDOW_KEY not in st.session_state:
    wanted = st.query_params.get(WINDOW_PARAM, "")
    st.session_state[WINDOW_KEY] = (
        int(wanted)
        if wanted.isdigit() and int(wanted) in charts.VISIT_WINDOWS
        else charts.DEFAULT_VISIT_WINDOW
    )

roster = state.query(
    "helpers_households",
    snapshot_date=snapshot_date,
    min_households=charts.MIN_HOUSEHOLDS_PER_HELPER,
    max_households=charts.MAX_HOUSEHOLDS_PER_HELPER,
)
by_unit = state.query("helpers_by_unit", snapshot_date=snapshot_date)
missing = state.query("helpers_missing_households", snapshot_date=snapshot_date)
overdue = state.query(
    "visits_overdue_counts", snapshot_date=snapshot_date, windows=list(charts.VISIT_WINDOWS)
)
registered = int(overdue["registered_households"].iloc[0]) if not overdue.empty else 0

if roster.empty and registered == 0:
    st.warning(text("helpers.empty.snapshot", lang))

# ---------------------------------------------------------------- key numbers
levels = charts.level_counts(roster)
bands = charts.band_counts(roster)
responsible = levels["city"] + levels["town"]
without_helper, without_contact = charts.uncovered_counts(missing)
first, second, third, fourth = st.columns(4)
first.metric(text("helpers.metric.responsible", lang), people(responsible), border=True)
first.caption(text("helpers.by_level", lang, city=levels["city"], town=levels["town"]))
second.metric(text("helpers.metric.contacts", lang), people(levels["village"]), border=True)
third.metric(
    text(
        "helpers.metric.within_rule",
        lang,
        low=charts.MIN_HOUSEHOLDS_PER_HELPER,
        high=charts.MAX_HOUSEHOLDS_PER_HELPER,
    ),
    people(bands["within"]),
    border=True,
)
third.caption(
    text(
        "helpers.within_caption",
        lang,
        total=format_count(responsible),
        too_many=bands["too_many"],
        too_few=bands["too_few"],
        none=bands["none"],
    )
)
fourth.metric(text("helpers.metric.uncovered", lang), households(len(missing)), border=True)
fourth.caption(
    text("helpers.uncovered_caption", lang, helper=without_helper, contact=without_contact)
)

# ---------------------------------------------------------------- who helps
st.header(text("helpers.section.roster", lang))
left, right = st.columns(2)
with left:
    st.subheader(text("helpers.section.units", lang))
    st.caption(text("helpers.units.caption", lang))
    if by_unit.empty:
        st.info(text("helpers.empty.roster", lang))
    else:
        show(charts.helpers_by_unit_figure(by_unit, lang), by_unit, key="helpers_by_unit")
with right:
    st.subheader(text("helpers.section.loads", lang))
    st.caption(
        text(
            "helpers.loads.caption",
            lang,
            low=charts.MIN_HOUSEHOLDS_PER_HELPER,
            high=charts.MAX_HOUSEHOLDS_PER_HELPER,
        )
    )
    if roster.empty:
        st.info(text("helpers.empty.roster", lang))
    else:
        st.markdown(
            text(
                "helpers.loads.sentence",
                lang,
                total=format_count(responsible),
                within=format_count(bands["within"]),
                too_many=format_count(bands["too_many"]),
                too_few=format_count(bands["too_few"]),
                none=format_count(bands["none"]),
                low=charts.MIN_HOUSEHOLDS_PER_HELPER,
                high=charts.MAX_HOUSEHOLDS_PER_HELPER,
            )
        )
        show(charts.load_distribution_figure(roster, lang), roster, key="helpers_households")

st.subheader(text("helpers.section.uncovered", lang))
if registered == 0:
    st.info(text("helpers.empty.households", lang))
elif missing.empty:
    st.success(text("helpers.uncovered.none", lang, households=format_count(registered)))
else:
    st.markdown(
        text(
            "helpers.uncovered.sentence",
            lang,
            count=format_count(len(missing)),
            helper=format_count(without_helper),
            contact=format_count(without_contact),
        )
    )
    data_table(
        charts.table_for_download(missing, lang),
        key="helpers_missing",
        lang=lang,
        file_stem=stem("helpers_missing_households"),
    )

# ---------------------------------------------------------------- visits
st.header(text("helpers.section.visits", lang))
st.caption(text("helpers.visits.caption", lang))
window = st.segmented_control(
    text("helpers.window_picker", lang),
    charts.VISIT_WINDOWS,
    required=True,
    format_func=lambda days: text("helpers.window", lang, days=days),
    key=WINDOW_KEY,
)
window = window if window in charts.VISIT_WINDOWS else charts.DEFAULT_VISIT_WINDOW
st.query_params[WINDOW_PARAM] = str(window)

recency = state.query("visits_household_recency", snapshot_date=snapshot_date)
monthly = state.query(
    "visits_per_helper_month", snapshot_date=snapshot_date, months=charts.VISIT_RATE_MONTHS
)
ranking = state.query(
    "helpers_visit_ranking",
    snapshot_date=snapshot_date,
    stale_days=window,
    months=charts.VISIT_RATE_MONTHS,
)
villages = state.query("visits_by_village", snapshot_date=snapshot_date, stale_days=window)

columns = st.columns(len(charts.VISIT_WINDOWS))
for column, row in zip(columns, overdue.itertuples(index=False), strict=False):
    column.metric(
        text("helpers.metric.not_visited", lang, days=int(row.days)),
        households(row.households),
        border=True,
    )
    column.caption(
        text("helpers.not_visited_caption", lang, remaining=format_count(row.remaining_households))
    )

if registered == 0:
    st.info(text("helpers.empty.households", lang))
else:
    left, right = st.columns(2)
    with left:
        st.subheader(text("helpers.section.overdue", lang))
        show(charts.overdue_figure(overdue, lang), overdue, key="visits_overdue")
    with right:
        st.subheader(text("helpers.section.recency", lang))
        show(
            charts.recency_figure(recency, lang),
            charts.recency_bins(recency),
            key="visits_recency",
        )
    st.caption(text("helpers.recency.list_caption", lang))
    data_table(
        charts.table_for_download(recency, lang),
        key="visits_household_recency",
        lang=lang,
        file_stem=stem("visits_household_recency"),
    )

st.subheader(text("helpers.section.monthly", lang, months=charts.VISIT_RATE_MONTHS))
if monthly.empty or int(monthly["visits"].sum()) == 0:
    st.info(text("helpers.empty.visits", lang, months=charts.VISIT_RATE_MONTHS))
else:
    st.caption(text("helpers.monthly.caption", lang))
    show(
        charts.visits_per_month_figure(monthly, lang),
        charts.monthly_visits(monthly),
        key="visits_per_month",
    )

st.subheader(text("helpers.section.ranking", lang))
if ranking.empty:
    st.info(text("helpers.empty.ranking", lang))
else:
    st.markdown(charts.rare_visitors_sentence(ranking, lang))
    st.caption(text("helpers.ranking.caption", lang, days=window, bars=charts.RANKING_BARS))
    left, right = st.columns([3, 2])
    with left:
        show(charts.ranking_figure(ranking, lang, window), ranking, key="helpers_ranking")
    with right:
        show(charts.rate_histogram_figure(ranking, lang), ranking, key="helpers_visit_rate")

# ---------------------------------------------------------------- by village
st.header(text("helpers.section.villages", lang))
st.caption(text("helpers.villages.caption", lang, days=window))
if villages.empty or int(villages["registered_households"].sum()) == 0:
    st.info(text("helpers.empty.villages", lang))
else:
    show(charts.village_figure(villages, lang, window), villages, key="visits_by_village")
