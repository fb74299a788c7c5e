"""帮扶政策 Benefit programs: every program's reach and money, microcredit, coverage gaps.

Every number comes from a query file (named in each section's data): the report's figures from
`queries/report_figures.sql` only; periods, key numbers and sentences from
`dashboard/measures/programs.py`; every figure from `dashboard/charts/programs.py`. This
module reads the choices and lists the sections.
"""

from __future__ import annotations

import functools

import streamlit as st

from dashboard.charts import programs as charts
from dashboard.i18n import text
from dashboard.measures import programs as measures
from dashboard.snapshots import WHOLE_RESULT
from dashboard.ui import state
from dashboard.ui.cards import Card, cards
from dashboard.ui.controls import choice, measure_toggle
from dashboard.ui.layout import Chart, Sections
from dashboard.ui.page import page_header
from dashboard.ui.section import topic, withheld
from dashboard.ui.shared import built_once

HEADLINES = measures.HEADLINE_FIGURES
GAP_QUERIES = [query_name for _kind, query_name, *_ in measures.GAP_KINDS]

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
    topic(show.text("section.report"), note=show.text("report.caption"))
    report = measures.report_figures_table(
        state.query("report_figures", snapshot_date=snapshot_date), lang
    )
    cards(
        [Card(*measures.report_card(report, figure_id, lang)) for figure_id in HEADLINES],
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
measure = measure_toggle(
    show.text("measure"),
    charts.MEASURES,
    key="programs_measure",
    default=charts.DEFAULT_MEASURE,
    format_func=lambda value: show.text(f"measure.{value}"),
    container=right,
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

# ---------------------------------------------------------------- microcredit
if topic(show.text("section.loans"), nothing=loans_by_mode.empty, empty=show.text("empty.loans")):
    cards(measures.loan_cards(loans_by_mode, lang), query=None, lang=lang)  # in the table beneath
    loans_by_year = state.query("loans_by_issue_year", snapshot_date=snapshot_date)
    by_enterprise = state.query("loans_by_enterprise", snapshot_date=snapshot_date)
    due = state.query("loans_due_soon", snapshot_date=snapshot_date)
    show(
        Chart("loans_by_mode", loans_by_mode),
        Chart(
            "loans_by_issue_year",
            loans_by_year,
            charts.loans_by_year_figure,
            lang,
            title=show.text("section.loans_by_year"),
            heading="bold",
            key="loans_by_year",
        ),
        Chart(
            "loans_by_enterprise",
            by_enterprise,
            charts.enterprises_figure,
            lang,
            about="enterprises",
            empty=show.text("empty.enterprises"),
            heading="bold",
        ),
    )
    months_ahead = measures.DUE_MONTHS_AHEAD
    st.markdown(f"**{show.text('section.due', months=months_ahead)}**")
    if due_sentence := measures.due_sentence(due, lang):
        st.markdown(due_sentence)
    show(
        Chart(
            "loans_due_soon",
            due,
            caption=show.text("due.caption"),
            empty=show.text("empty.due", months=months_ahead),
        )
    )

# ---------------------------------------------------------------- coverage gaps
topic(show.text("section.gaps"), note=show.text("gaps.caption"))
gaps = {
    kind: state.query(name, snapshot_date=snapshot_date) for kind, name, *_ in measures.GAP_KINDS
}
villages = state.query_units("gap_villages", snapshot_date=snapshot_date)
if withheld(gaps[measures.GAP_KINDS[0][0]], lang):
    pass  # the gaps are lists of people and households: a visitor sees none of them
elif villages.empty:
    st.info(show.text("empty.gaps"))
else:
    # Counted once per content for every session that reads the same lists (shared: not changed).
    counts = built_once(measures.gap_counts_by_village, gaps, villages).copy(deep=False)
    show(
        Chart(
            GAP_QUERIES,
            counts,
            charts.gap_heatmap,
            lang,
            is_empty=measures.gaps_shown_empty(gaps),
            key="gap_by_village",
            drill="gap_by_village",
        )
    )
    all_time = state.query(
        "programs_in_period", snapshot_date=snapshot_date, period=measures.ALL_PERIOD
    )
    show.in_tabs(
        [measures.gap_tab_label(kind, gaps[kind], lang) for kind, *_ in measures.GAP_KINDS],
        [
            Chart(
                query_name,
                gaps[kind],
                note=show.text(f"gap.{kind}.rule"),
                rests_on=(WHOLE_RESULT,),  # contract v1.2: unknown, not none
                done=show.text(f"gap.{kind}.none"),
                sentence=functools.partial(
                    built_once,
                    measures.gap_sentences,
                    kind,
                    program,
                    gaps[kind],
                    all_time,
                    snapshot_date,
                    lang,
                ),
                key=f"gap_{kind}",
            )
            for kind, query_name, _unit, program in measures.GAP_KINDS
        ],
    )

# ---------------------------------------------------------------- double payments
topic(show.text("section.doubles"), note=show.text("doubles.caption"))
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
