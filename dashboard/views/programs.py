"""帮扶政策 Benefit programs: every program's reach and money, microcredit, coverage gaps.

Every number comes from a query file (named in each section's data): the report's figures from
`queries/report_figures.sql` only; periods, key numbers and sentences from
`dashboard/measures/programs.py`; every figure from `dashboard/charts/programs.py`. This
module reads the choices and lists the sections.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import programs as charts
from dashboard.formatting import format_count, format_date, format_yuan
from dashboard.i18n import text
from dashboard.measures import programs as measures
from dashboard.ui import state
from dashboard.ui.page import page_header
from dashboard.ui.section import page_sections, withheld

MEASURE_KEY = "programs_measure"
PERIOD_KEY = "programs_period"

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
    headline_columns = st.columns(len(measures.HEADLINE_FIGURES))
    for column, figure_id in zip(headline_columns, measures.HEADLINE_FIGURES, strict=True):
        label, value, caption = measures.report_card(report, figure_id, lang)
        column.metric(label, value, border=True)
        column.caption(caption)
    chart(None, report, query="report_figures", key="programs_report_figures")

# ---------------------------------------------------------------- programs in a period
st.subheader(text("programs.section.programs", lang))
choices = measures.period_choices(by_year)
if PERIOD_KEY not in st.session_state:
    wanted = st.query_params.get("period")
    st.session_state[PERIOD_KEY] = wanted if wanted in choices else measures.ALL_PERIOD
if st.session_state[PERIOD_KEY] not in choices:
    st.session_state[PERIOD_KEY] = measures.ALL_PERIOD
left, right = st.columns([1, 2])
period = left.selectbox(
    text("programs.period", lang),
    choices,
    format_func=lambda value: measures.period_label(value, lang),
    key=PERIOD_KEY,
)
st.query_params["period"] = period
if MEASURE_KEY not in st.session_state:
    wanted = st.query_params.get("measure")
    st.session_state[MEASURE_KEY] = wanted if wanted in charts.MEASURES else charts.DEFAULT_MEASURE
measure = right.segmented_control(
    text("programs.measure", lang),
    charts.MEASURES,
    required=True,
    format_func=lambda value: text(f"programs.measure.{value}", lang),
    key=MEASURE_KEY,
)
measure = measure if measure in charts.MEASURES else charts.DEFAULT_MEASURE
st.query_params["measure"] = measure
st.caption(text("programs.people.caption", lang))

in_period = state.query("programs_in_period", snapshot_date=snapshot_date, period=period)
by_village = state.query_units("programs_by_village", snapshot_date=snapshot_date, period=period)
if in_period.empty:
    st.info(text("programs.empty.period", lang, period=measures.period_label(period, lang)))
else:
    st.markdown(
        text(
            "programs.period_sentence",
            lang,
            period=measures.period_label(period, lang),
            yuan=format_yuan(measures.total(in_period, "yuan"), lang),
            programs=format_count(len(in_period)),
        )
    )
    chart(
        None,
        in_period,
        query="programs_in_period",
        figure=lambda: charts.programs_summary_figure(in_period, measure, lang),
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
        figure=lambda: charts.village_program_heatmap(by_village, measure, lang),
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
    figure=lambda: charts.programs_by_year_figure(by_year, measure, lang),
    caption=text("programs.by_year.caption", lang),
    empty=text("programs.empty.by_year", lang),
    key="programs_by_year",
)

# ---------------------------------------------------------------- microcredit
st.subheader(text("programs.section.loans", lang))
if loans_by_mode.empty:
    st.info(text("programs.empty.loans", lang))
else:
    modes = measures.loan_modes(loans_by_mode)
    cells = st.columns(4)
    for cell, mode in zip(cells[:2], ("enterprise_use", "self_use"), strict=True):
        if mode in modes:
            cell.metric(
                text(f"programs.loans.{mode}", lang),
                format_yuan(modes[mode]["yuan"], lang),
                border=True,
            )
            cell.caption(
                text(
                    "programs.loans.card_caption",
                    lang,
                    households=format_count(modes[mode]["households"]),
                    loans=format_count(modes[mode]["loans"]),
                )
            )
    if "enterprise_use" in modes:
        cells[2].metric(
            text("programs.loans.dividends", lang),
            format_yuan(modes["enterprise_use"]["dividends_yuan"], lang),
            border=True,
        )
        cells[2].caption(
            text(
                "programs.loans.dividends_caption",
                lang,
                enterprises=format_count(modes["enterprise_use"]["enterprises"]),
                households=format_count(modes["enterprise_use"]["dividend_households"]),
            )
        )
    cells[3].metric(
        text("programs.loans.total", lang),
        format_yuan(measures.total(loans_by_mode, "yuan"), lang),
        border=True,
    )
    cells[3].caption(
        text(
            "programs.loans.total_caption",
            lang,
            households=format_count(measures.total(loans_by_mode, "households")),
        )
    )
    chart(None, loans_by_mode, query="loans_by_mode", key="loans_by_mode")

    loans_by_year = state.query("loans_by_issue_year", snapshot_date=snapshot_date)
    by_enterprise = state.query("loans_by_enterprise", snapshot_date=snapshot_date)
    chart(
        text("programs.section.loans_by_year", lang),
        loans_by_year,
        query="loans_by_issue_year",
        figure=lambda: charts.loans_by_year_figure(loans_by_year, lang),
        heading="bold",
        key="loans_by_year",
    )
    chart(
        text("programs.section.enterprises", lang),
        by_enterprise,
        query="loans_by_enterprise",
        figure=lambda: charts.enterprises_figure(by_enterprise, lang),
        caption=text("programs.enterprises.caption", lang),
        empty=text("programs.empty.enterprises", lang),
        heading="bold",
        key="loans_by_enterprise",
    )

    months_ahead = measures.DUE_MONTHS_AHEAD
    st.markdown(f"**{text('programs.section.due', lang, months=months_ahead)}**")
    due = state.query("loans_due_soon", snapshot_date=snapshot_date, months_ahead=months_ahead)
    if not due.empty:
        st.markdown(
            text(
                "programs.due_sentence",
                lang,
                loans=format_count(len(due)),
                households=format_count(measures.distinct_households(due)),
                yuan=format_yuan(measures.total(due, "amount_yuan"), lang),
                months=months_ahead,
                first=format_date(measures.first_due_date(due), lang),
            )
        )
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
    kind: state.query(query_name, snapshot_date=snapshot_date, **measures.gap_params(kind))
    for kind, query_name, _unit, _program in measures.GAP_KINDS
}
villages = state.query_units("gap_villages", snapshot_date=snapshot_date)
if withheld(gaps[measures.GAP_KINDS[0][0]], lang):
    pass  # the gaps are lists of people and households: a visitor sees none of them
elif villages.empty:
    st.info(text("programs.empty.gaps", lang))
else:
    counts = measures.gap_counts_by_village(gaps, villages)
    chart(
        None,
        counts,
        query=[query_name for _kind, query_name, *_ in measures.GAP_KINDS],
        figure=lambda: charts.gap_heatmap(counts, lang),
        is_empty=measures.gap_entries(gaps) == 0,
        key="gap_by_village",
    )
    state.unit_drill(counts, lang, "gap_by_village")
    tabs = st.tabs(
        [
            text(f"programs.gap.{kind}.tab", lang, count=format_count(len(gaps[kind])))
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
            if gap_list.empty:
                st.success(text(f"programs.gap.{kind}.none", lang))
                continue
            st.markdown(
                text(
                    f"programs.gap.{kind}.sentence",
                    lang,
                    count=format_count(len(gap_list)),
                    households=format_count(measures.distinct_households(gap_list)),
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
    different, same = measures.double_payment_split(doubles)
    st.markdown(
        text(
            "programs.doubles_sentence",
            lang,
            cases=format_count(len(doubles)),
            yuan=format_yuan(measures.total(doubles, "possibly_overpaid_yuan"), lang),
            different=format_count(different),
            same=format_count(same),
        )
    )
    chart(
        None,
        doubles,
        query="programs_possible_double_payments",
        key="programs_double_payments",
    )
