"""帮扶政策 Benefit programs: every program's reach and money, microcredit, coverage gaps.

Every number comes from a query file (named beside each section), every figure from
`dashboard/charts/programs.py`; this module only reads the choices and lays things out.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import programs as charts
from dashboard.formatting import format_count, format_date, format_yuan
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.components import chart_with_data, data_table

MEASURE_KEY = "programs_measure"
PERIOD_KEY = "programs_period"

lang = state.language()
st.title(text("programs.heading", lang))

snapshot = state.chosen_snapshot()
if snapshot is None:
    st.warning(text("error.no_snapshot", lang, data_dir=state.data_dir()))
    st.stop()

snapshot_date = snapshot.snapshot_date
source = text(f"source.{snapshot.source_kind}", lang)
st.caption(text("programs.as_of", lang, date=format_date(snapshot_date, lang), source=source))


# Every list with a 户编号 column links each household to its profile (/household).
HOUSEHOLD_COLUMN = text("programs.column.household_id", lang)


def table(frame, *, key: str) -> None:
    """A list with its CSV/Excel downloads, codes and column names in the page's language."""
    data_table(
        charts.table_for_download(frame, lang),
        key=key,
        lang=lang,
        file_stem=f"{key}_{snapshot_date.isoformat()}",
        household_column=HOUSEHOLD_COLUMN,
    )


def chart(figure, frame, *, key: str) -> None:
    chart_with_data(
        figure,
        charts.table_for_download(frame, lang),
        key=key,
        lang=lang,
        file_stem=f"{key}_{snapshot_date.isoformat()}",
        household_column=HOUSEHOLD_COLUMN,
    )


by_year = state.query("programs_by_year", snapshot_date=snapshot_date)
loans_by_mode = state.query("loans_by_mode", snapshot_date=snapshot_date)
if by_year.empty and loans_by_mode.empty:
    st.warning(text("programs.empty.snapshot", lang))

# ---------------------------------------------------------------- the report's figures
st.subheader(text("programs.section.report", lang))
st.caption(text("programs.report.caption", lang))
in_windows = {
    (paid_from, paid_to): state.query(
        "programs_in_period", snapshot_date=snapshot_date, paid_from=paid_from, paid_to=paid_to
    )
    for paid_from, paid_to in charts.report_windows(snapshot_date)
}
report = charts.report_figures_table(in_windows, loans_by_mode, snapshot_date, lang)
headline_columns = st.columns(len(charts.HEADLINE_FIGURES))
for column, figure_id in zip(headline_columns, charts.HEADLINE_FIGURES, strict=True):
    label, value, caption = charts.report_card(report, figure_id, lang)
    column.metric(label, value, border=True)
    column.caption(caption)
table(report, key="programs_report_figures")

# ---------------------------------------------------------------- programs in a period
st.subheader(text("programs.section.programs", lang))
choices = charts.period_choices(by_year)
if PERIOD_KEY not in st.session_state:
    wanted = st.query_params.get("period")
    st.session_state[PERIOD_KEY] = wanted if wanted in choices else charts.ALL_PERIOD
if st.session_state[PERIOD_KEY] not in choices:
    st.session_state[PERIOD_KEY] = charts.ALL_PERIOD
left, right = st.columns([1, 2])
period = left.selectbox(
    text("programs.period", lang),
    choices,
    format_func=lambda value: charts.period_label(value, lang),
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

paid_from, paid_to = charts.period_bounds(period, snapshot_date)
in_period = state.query(
    "programs_in_period", snapshot_date=snapshot_date, paid_from=paid_from, paid_to=paid_to
)
by_village = state.query(
    "programs_by_village", snapshot_date=snapshot_date, paid_from=paid_from, paid_to=paid_to
)
if in_period.empty:
    st.info(text("programs.empty.period", lang, period=charts.period_label(period, lang)))
else:
    st.markdown(
        text(
            "programs.period_sentence",
            lang,
            period=charts.period_label(period, lang),
            yuan=format_yuan(in_period["yuan"].sum(), lang),
            programs=format_count(len(in_period)),
        )
    )
    chart(
        charts.programs_summary_figure(in_period, measure, lang),
        in_period,
        key="programs_in_period",
    )
    st.markdown(f"**{text('programs.section.villages', lang)}**")
    st.caption(text("programs.villages.caption", lang))
    chart(
        charts.village_program_heatmap(by_village, measure, lang),
        by_village,
        key="programs_by_village",
    )

st.subheader(text("programs.section.by_year", lang))
if by_year.empty:
    st.info(text("programs.empty.by_year", lang))
else:
    st.caption(text("programs.by_year.caption", lang))
    chart(charts.programs_by_year_figure(by_year, measure, lang), by_year, key="programs_by_year")

# ---------------------------------------------------------------- microcredit
st.subheader(text("programs.section.loans", lang))
if loans_by_mode.empty:
    st.info(text("programs.empty.loans", lang))
else:
    modes = loans_by_mode.set_index("mode")
    cells = st.columns(4)
    for cell, mode in zip(cells[:2], ("enterprise_use", "self_use"), strict=True):
        if mode in modes.index:
            cell.metric(
                text(f"programs.loans.{mode}", lang),
                format_yuan(modes.at[mode, "yuan"], lang),
                border=True,
            )
            cell.caption(
                text(
                    "programs.loans.card_caption",
                    lang,
                    households=format_count(modes.at[mode, "households"]),
                    loans=format_count(modes.at[mode, "loans"]),
                )
            )
    if "enterprise_use" in modes.index:
        cells[2].metric(
            text("programs.loans.dividends", lang),
            format_yuan(modes.at["enterprise_use", "dividends_yuan"], lang),
            border=True,
        )
        cells[2].caption(
            text(
                "programs.loans.dividends_caption",
                lang,
                enterprises=format_count(modes.at["enterprise_use", "enterprises"]),
                households=format_count(modes.at["enterprise_use", "dividend_households"]),
            )
        )
    cells[3].metric(
        text("programs.loans.total", lang),
        format_yuan(loans_by_mode["yuan"].sum(), lang),
        border=True,
    )
    cells[3].caption(
        text(
            "programs.loans.total_caption",
            lang,
            households=format_count(loans_by_mode["households"].sum()),
        )
    )
    table(loans_by_mode, key="loans_by_mode")

    loans_by_year = state.query("loans_by_issue_year", snapshot_date=snapshot_date)
    by_enterprise = state.query("loans_by_enterprise", snapshot_date=snapshot_date)
    st.markdown(f"**{text('programs.section.loans_by_year', lang)}**")
    chart(charts.loans_by_year_figure(loans_by_year, lang), loans_by_year, key="loans_by_year")
    st.markdown(f"**{text('programs.section.enterprises', lang)}**")
    if by_enterprise.empty:
        st.info(text("programs.empty.enterprises", lang))
    else:
        st.caption(text("programs.enterprises.caption", lang))
        chart(
            charts.enterprises_figure(by_enterprise, lang),
            by_enterprise,
            key="loans_by_enterprise",
        )

    st.markdown(f"**{text('programs.section.due', lang, months=charts.DUE_MONTHS_AHEAD)}**")
    due = state.query(
        "loans_due_soon", snapshot_date=snapshot_date, months_ahead=charts.DUE_MONTHS_AHEAD
    )
    if due.empty:
        st.info(text("programs.empty.due", lang, months=charts.DUE_MONTHS_AHEAD))
    else:
        st.markdown(
            text(
                "programs.due_sentence",
                lang,
                loans=format_count(len(due)),
                households=format_count(charts.distinct_households(due)),
                yuan=format_yuan(due["amount_yuan"].sum(), lang),
                months=charts.DUE_MONTHS_AHEAD,
                first=format_date(due["due_date"].iloc[0], lang),
            )
        )
        st.caption(text("programs.due.caption", lang))
        table(due, key="loans_due_soon")

# ---------------------------------------------------------------- coverage gaps
st.subheader(text("programs.section.gaps", lang))
st.caption(text("programs.gaps.caption", lang, months=charts.GAP_WINDOW_MONTHS))
gaps = {}
for kind, query_name, _unit, _program in charts.GAP_KINDS:
    params = {"window_months": charts.GAP_WINDOW_MONTHS} if kind in charts.WINDOWED_GAPS else {}
    gaps[kind] = state.query(query_name, snapshot_date=snapshot_date, **params)
villages = state.query("gap_villages", snapshot_date=snapshot_date)
if villages.empty:
    st.info(text("programs.empty.gaps", lang))
else:
    counts = charts.gap_counts_by_village(gaps, villages)
    if sum(len(frame) for frame in gaps.values()) > 0:
        chart(charts.gap_heatmap(counts, lang), counts, key="gap_by_village")
    tabs = st.tabs(
        [
            text(f"programs.gap.{kind}.tab", lang, count=format_count(len(gaps[kind])))
            for kind, *_ in charts.GAP_KINDS
        ]
    )
    last_paid = in_windows.get((charts.EARLIEST_DATE, snapshot_date))
    for tab, (kind, _query, _unit, program) in zip(tabs, charts.GAP_KINDS, strict=True):
        with tab:
            frame = gaps[kind]
            st.caption(text(f"programs.gap.{kind}.rule", lang, months=charts.GAP_WINDOW_MONTHS))
            if frame.empty:
                st.success(text(f"programs.gap.{kind}.none", lang))
                continue
            st.markdown(
                text(
                    f"programs.gap.{kind}.sentence",
                    lang,
                    count=format_count(len(frame)),
                    households=format_count(charts.distinct_households(frame)),
                )
            )
            note = (
                charts.last_paid_note(last_paid, program, snapshot_date, lang)
                if kind in charts.WINDOWED_GAPS
                else ""
            )
            if note:
                st.markdown(note)
            table(frame, key=f"gap_{kind}")

# ---------------------------------------------------------------- double payments
st.subheader(text("programs.section.doubles", lang))
st.caption(text("programs.doubles.caption", lang))
doubles = state.query("programs_possible_double_payments", snapshot_date=snapshot_date)
if doubles.empty:
    st.success(text("programs.empty.doubles", lang))
else:
    different, same = charts.double_payment_split(doubles)
    st.markdown(
        text(
            "programs.doubles_sentence",
            lang,
            cases=format_count(len(doubles)),
            yuan=format_yuan(doubles["possibly_overpaid_yuan"].sum(), lang),
            different=format_count(different),
            same=format_count(same),
        )
    )
    table(doubles, key="programs_double_payments")
