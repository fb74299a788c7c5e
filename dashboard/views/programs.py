"""帮扶政策 Benefit programs: every program's reach and money, microcredit, coverage gaps.

Every number comes from a query file (named in each section's data): the report's figures from
`queries/report_figures.sql` only; periods, key numbers and sentences from
`dashboard/measures/programs.py`; every figure from `dashboard/charts/programs.py`; the
microcredit and coverage-gap blocks are `dashboard/ui/microcredit.py` and
`dashboard/ui/coverage_gaps.py`. This module reads the choices and lists the sections.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import programs as charts
from dashboard.i18n import text
from dashboard.measures import programs as measures
from dashboard.ui import state
from dashboard.ui.cards import Card, cards
from dashboard.ui.controls import choice, page_measure
from dashboard.ui.coverage_gaps import coverage_gaps
from dashboard.ui.layout import Chart, Sections
from dashboard.ui.microcredit import microcredit
from dashboard.ui.page import page_header

lang = state.language()
snapshot_date = page_header("programs", lang).snapshot_date
show = Sections(
    "programs",
    lang,
    words={"level": state.unit_level_label(lang), "months": measures.GAP_WINDOW_MONTHS},
    readable=charts.table_for_download,
    file_suffix=snapshot_date.isoformat(),
    # Every list with a 户编号 column links each household to its profile (/household).
    household_column=text("programs.column.household_id", lang),
)
by_year = state.query("programs_by_year", snapshot_date=snapshot_date)
loans_by_mode = state.query("loans_by_mode", snapshot_date=snapshot_date)
if by_year.empty and loans_by_mode.empty:
    st.warning(show.text("empty.snapshot"))

# The town's 2018 report counts one town: above a town its figures would be compared with
# a county's sums, every one of them "不一致". The section is a town's.
if state.units_are_villages():
    show.topic("report", note=show.text("report.caption"))
    report = measures.report_figures_table(
        state.query("report_figures", snapshot_date=snapshot_date), lang
    )
    cards(
        [
            Card(*measures.report_card(report, figure_id, lang))
            for figure_id in measures.HEADLINE_FIGURES
        ],
        query=None,  # named in the table beneath
        lang=lang,
    )
    show(Chart("report_figures", report, key="programs_report_figures"))

# ---------------------------------------------------------------- programs in a period
st.subheader(show.text("section.programs"))
left, right = st.columns([1, 2])
period = choice(
    show.text("period"),
    measures.period_choices(by_year),
    key="programs_period",
    default=measures.ALL_PERIOD,
    parameter="period",
    format_func=lambda value: measures.period_label(value, lang),
    container=left,
)
measure = page_measure(
    "programs", lang, charts.MEASURES, default=charts.DEFAULT_MEASURE, container=right
)
st.caption(show.text("people.caption"))
in_period = state.query("programs_in_period", snapshot_date=snapshot_date, period=period)
by_village = state.query_units("programs_by_village", snapshot_date=snapshot_date, period=period)
if in_period.empty:
    st.info(show.text("empty.period", period=measures.period_label(period, lang)))
else:
    st.markdown(measures.period_sentence(in_period, period, lang))
    show(
        Chart("programs_in_period", in_period, charts.programs_summary_figure, measure, lang),
        Chart(
            "programs_by_village",
            by_village,
            charts.village_program_heatmap,
            measure,
            lang,
            about="villages" if state.units_are_villages() else "units",
            heading="bold",
            drill="programs_by_village",
        ),
    )
show(
    Chart(
        "programs_by_year",
        by_year,
        charts.programs_by_year_figure,
        measure,
        lang,
        about="by_year",
        empty=show.text("empty.by_year"),
    )
)

# ---------------------------------------------------------------- microcredit, coverage gaps
microcredit(show, loans_by_mode, snapshot_date)
coverage_gaps(show, snapshot_date)

# ---------------------------------------------------------------- double payments
show.topic("doubles", note=show.text("doubles.caption"))
doubles = state.query("programs_possible_double_payments", snapshot_date=snapshot_date)
show(
    Chart(
        "programs_possible_double_payments",
        doubles,
        done=show.text("empty.doubles"),
        sentence=lambda: measures.doubles_sentence(doubles, lang),
        key="programs_double_payments",
    )
)
