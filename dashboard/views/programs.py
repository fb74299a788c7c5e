"""帮扶政策 Benefit programs: every program's reach and money, microcredit, coverage gaps.

Every number comes from a query file (named in each section's data): the report's figures from
`queries/report_figures.sql` only; periods, key numbers and sentences from
`dashboard/measures/programs.py`; every figure from `dashboard/charts/programs.py`. This
module reads the choices and lists the sections.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import programs as charts
from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.measures import programs as measures
from dashboard.snapshots import WHOLE_RESULT, is_lacking, not_in_source_label, shown_or_label
from dashboard.ui import state
from dashboard.ui.cards import Card, cards
from dashboard.ui.controls import choice, measure_toggle
from dashboard.ui.page import page_header
from dashboard.ui.section import page_sections, withheld
from dashboard.ui.shared import built_once, shared_figure

HEADLINES = measures.HEADLINE_FIGURES

lang = state.language()
snapshot_date = page_header("programs", lang).snapshot_date

# Every list with a 户编号 column links each household to its profile (/household).
HOUSEHOLD_COLUMN = text("programs.column.household_id", lang)


chart = page_sections(
    lang,
    readable=charts.table_for_download,
    file_suffix=snapshot_date.isoformat(),
    household_column=HOUSEHOLD_COLUMN,
)

by_year = state.query("programs_by_year", snapshot_date=snapshot_date)
loans_by_mode = state.query("loans_by_mode", snapshot_date=snapshot_date)
if by_year.empty and loans_by_mode.empty:
    st.warning(text("programs.empty.snapshot", lang))

# ---------------------------------------------------------------- the report's figures
# The town's 2018 report counts one town: above a town its figures would be compared with
# a county's sums, every one of them "不一致". The section is a town's.
if state.units_are_villages():
    st.subheader(text("programs.section.report", lang))
    st.caption(text("programs.report.caption", lang))
    report = measures.report_figures_table(
        state.query("report_figures", snapshot_date=snapshot_date), lang
    )
    cards(
        [Card(*measures.report_card(report, figure_id, lang)) for figure_id in HEADLINES],
        query=None,  # named in the table beneath
        lang=lang,
    )
    chart(None, report, query="report_figures", key="programs_report_figures")

# ---------------------------------------------------------------- programs in a period
st.subheader(text("programs.section.programs", lang))
left, right = st.columns([1, 2])
period = choice(
    text("programs.period", lang),
    measures.period_choices(by_year),
    key="programs_period",
    default=measures.ALL_PERIOD,
    parameter="period",
    format_func=lambda value: measures.period_label(value, lang),
    container=left,
)
measure = measure_toggle(
    text("programs.measure", lang),
    charts.MEASURES,
    key="programs_measure",
    default=charts.DEFAULT_MEASURE,
    format_func=lambda value: text(f"programs.measure.{value}", lang),
    container=right,
)
st.caption(text("programs.people.caption", lang))

in_period = state.query("programs_in_period", snapshot_date=snapshot_date, period=period)
by_village = state.query_units("programs_by_village", snapshot_date=snapshot_date, period=period)
if in_period.empty:
    st.info(text("programs.empty.period", lang, period=measures.period_label(period, lang)))
else:
    st.markdown(measures.period_sentence(in_period, period, lang))
    chart(
        None,
        in_period,
        query="programs_in_period",
        figure=shared_figure(charts.programs_summary_figure, in_period, measure, lang),
        key="programs_in_period",
    )
    level = state.unit_level_label(lang)
    villages_shown = state.units_are_villages()
    chart(
        text("programs.section.villages", lang)
        if villages_shown
        else text("programs.section.units", lang, level=level),
        by_village,
        query="programs_by_village",
        figure=shared_figure(charts.village_program_heatmap, by_village, measure, lang),
        caption=text("programs.villages.caption", lang)
        if villages_shown
        else text("programs.units.caption", lang, level=level),
        heading="bold",
        key="programs_by_village",
    )
    state.unit_drill(by_village, lang, "programs_by_village")

chart(
    text("programs.section.by_year", lang),
    by_year,
    query="programs_by_year",
    figure=shared_figure(charts.programs_by_year_figure, by_year, measure, lang),
    caption=text("programs.by_year.caption", lang),
    empty=text("programs.empty.by_year", lang),
    key="programs_by_year",
)

# ---------------------------------------------------------------- microcredit
st.subheader(text("programs.section.loans", lang))
if loans_by_mode.empty:
    st.info(text("programs.empty.loans", lang))
else:
    # named in the table beneath
    cards(measures.loan_cards(loans_by_mode, lang), query=None, lang=lang)
    chart(None, loans_by_mode, query="loans_by_mode", key="loans_by_mode")

    loans_by_year = state.query("loans_by_issue_year", snapshot_date=snapshot_date)
    by_enterprise = state.query("loans_by_enterprise", snapshot_date=snapshot_date)
    chart(
        text("programs.section.loans_by_year", lang),
        loans_by_year,
        query="loans_by_issue_year",
        figure=shared_figure(charts.loans_by_year_figure, loans_by_year, lang),
        heading="bold",
        key="loans_by_year",
    )
    chart(
        text("programs.section.enterprises", lang),
        by_enterprise,
        query="loans_by_enterprise",
        figure=shared_figure(charts.enterprises_figure, by_enterprise, lang),
        caption=text("programs.enterprises.caption", lang),
        empty=text("programs.empty.enterprises", lang),
        heading="bold",
        key="loans_by_enterprise",
    )

    months_ahead = measures.DUE_MONTHS_AHEAD
    st.markdown(f"**{text('programs.section.due', lang, months=months_ahead)}**")
    due = state.query("loans_due_soon", snapshot_date=snapshot_date)
    due_sentence = measures.due_sentence(due, lang)
    if due_sentence:
        st.markdown(due_sentence)
    chart(
        None,
        due,
        query="loans_due_soon",
        caption=text("programs.due.caption", lang),
        empty=text("programs.empty.due", lang, months=months_ahead),
        key="loans_due_soon",
    )

# ---------------------------------------------------------------- coverage gaps
st.subheader(text("programs.section.gaps", lang))
st.caption(text("programs.gaps.caption", lang, months=measures.GAP_WINDOW_MONTHS))
gaps = {
    kind: state.query(query_name, snapshot_date=snapshot_date)
    for kind, query_name, _unit, _program in measures.GAP_KINDS
}
villages = state.query_units("gap_villages", snapshot_date=snapshot_date)
if withheld(gaps[measures.GAP_KINDS[0][0]], lang):
    pass  # the gaps are lists of people and households: a visitor sees none of them
elif villages.empty:
    st.info(text("programs.empty.gaps", lang))
else:
    # Counted once per content for every session that reads the same lists (shared: not changed).
    counts = built_once(measures.gap_counts_by_village, gaps, villages).copy(deep=False)
    chart(
        None,
        counts,
        query=[query_name for _kind, query_name, *_ in measures.GAP_KINDS],
        figure=shared_figure(charts.gap_heatmap, counts, lang),
        is_empty=measures.gaps_shown_empty(gaps),
        key="gap_by_village",
    )
    state.unit_drill(counts, lang, "gap_by_village")
    tabs = st.tabs(
        [
            text(
                f"programs.gap.{kind}.tab",
                lang,
                count=shown_or_label(gaps[kind], WHOLE_RESULT, format_count(len(gaps[kind])), lang),
            )
            for kind, *_ in measures.GAP_KINDS
        ]
    )
    all_time = state.query(
        "programs_in_period", snapshot_date=snapshot_date, period=measures.ALL_PERIOD
    )
    for tab, (kind, query_name, _unit, program) in zip(tabs, measures.GAP_KINDS, strict=True):
        with tab:
            gap_list = gaps[kind]
            rule = text(f"programs.gap.{kind}.rule", lang, months=measures.GAP_WINDOW_MONTHS)
            st.caption(rule)
            if is_lacking(gap_list, WHOLE_RESULT):  # contract v1.2: unknown, not none
                st.info(text("section.not_in_source", lang, label=not_in_source_label(lang)))
                continue
            if gap_list.empty:
                st.success(text(f"programs.gap.{kind}.none", lang))
                continue
            st.markdown(
                text(
                    f"programs.gap.{kind}.sentence",
                    lang,
                    count=format_count(len(gap_list)),
                    households=format_count(built_once(measures.distinct_households, gap_list)),
                )
            )
            if kind in measures.WINDOWED_GAPS:
                note = measures.last_paid_note(all_time, program, snapshot_date, lang)
                if note:
                    st.markdown(note)
            chart(None, gap_list, query=query_name, key=f"gap_{kind}")

# ---------------------------------------------------------------- double payments
st.subheader(text("programs.section.doubles", lang))
st.caption(text("programs.doubles.caption", lang))
doubles = state.query("programs_possible_double_payments", snapshot_date=snapshot_date)
if withheld(doubles, lang):
    pass  # cases of households: a visitor sees none
elif doubles.empty:
    st.success(text("programs.empty.doubles", lang))
else:
    st.markdown(measures.doubles_sentence(doubles, lang))
    chart(
        None,
        doubles,
        query="programs_possible_double_payments",
        key="programs_double_payments",
    )
