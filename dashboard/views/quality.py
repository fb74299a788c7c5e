"""数据疑点 Data quality (/quality): the logic-check catalogue run on the chosen snapshot.

Counts by rule and by village, the rows behind each count (masked in the rules' SQL), an Excel
list per village for its cadre, and the trend across snapshots. The rules are the files in
`queries/checks/`; running and counting them is `dashboard/checks.py`; figures are
`dashboard/charts/quality.py`, which also lists the warnings the importer kept in the snapshot's
manifest; key numbers are `dashboard/measures/quality.py`. This module reads the choices and
lists the sections.
"""

from __future__ import annotations

import functools

import streamlit as st

from dashboard import checks
from dashboard.charts import quality as charts
from dashboard.i18n import text
from dashboard.measures import quality as measures
from dashboard.ui import state
from dashboard.ui.cards import cards
from dashboard.ui.components import shown_rows
from dashboard.ui.controls import choice
from dashboard.ui.page import page_header
from dashboard.ui.section import page_sections
from dashboard.ui.shared import shared_figure

ALL_RULES = measures.ALL_RULES
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHECKS = "queries/checks/*.sql"  # the rules, run together by dashboard/checks.py

lang = state.language()
snapshot = page_header("quality", lang, as_of=False)
snapshot_date = snapshot.snapshot_date
catalogue = checks.catalogue()
st.caption(measures.as_of_sentence(snapshot_date, snapshot.source_kind, len(catalogue), lang))
if snapshot.is_demo:
    st.info(text("quality.demo_note", lang))
unknown_rules = measures.rules_not_in_source_sentence(
    checks.rules_not_in_source(snapshot, catalogue), lang
)
if unknown_rules:  # contract v1.2: their 0 means "cannot tell"
    st.info(unknown_rules)

# Every rule's findings are kept once per snapshot (dashboard.data.FINDINGS): the page counts
# and lists them in SQL, a province's as fast as a town's.
villages = state.query("gap_villages", snapshot_date=snapshot_date)
counts = checks.stored_counts_by_rule(state.query, snapshot_date, lang)
totals = state.query("quality_totals", snapshot_date=snapshot_date)
by_village = checks.stored_counts_by_unit(
    state.query, snapshot_date, villages, state.VILLAGE_DIGITS
)
# The chart shows the next level down (a county's towns); the picker below stays on villages,
# whose cadres get the lists.
by_unit = (
    by_village
    if state.units_are_villages()
    else checks.stored_counts_by_unit(
        state.query,
        snapshot_date,
        state.query_units("gap_villages", snapshot_date=snapshot_date),
        state.unit_digits(),
    )
)
level = state.unit_level_label(lang)
no_findings = int(totals["findings"].iloc[0]) == 0

show = page_sections(lang, file_suffix=snapshot_date.isoformat())

# ---------------------------------------------------------------- key numbers
numbers = measures.key_numbers(totals, counts)
cards(
    measures.key_cards(numbers, len(catalogue), lang),
    query=None,  # the rules, named in the table beneath
    lang=lang,
)

# ---------------------------------------------------------------- by rule
st.header(text("quality.section.rules", lang))
st.caption(text("quality.rules.caption", lang))
if no_findings:
    st.success(text("quality.rules.none", lang))
show(
    None,
    counts,
    query=CHECKS,
    figure=None if no_findings else shared_figure(charts.rule_counts_figure, counts, lang),
    table=charts.rule_table(counts, lang),
    key="quality_rules",
    stem="checks",
)

# ---------------------------------------------------------------- by village
show(
    text("quality.section.villages", lang, level=level),
    by_unit,
    query=[CHECKS, "gap_villages"],
    figure=shared_figure(charts.village_counts_figure, by_unit, lang),
    caption=text("quality.villages.caption", lang, level=level),
    is_empty=False,  # the chart says itself when no village has a finding
    table=charts.village_table(by_unit, lang),
    heading="header",
    key="quality_villages",
    stem="checks_by_village",
)
state.unit_drill(by_unit.dropna(subset=["village_code"]), lang, "quality_villages")
village_counts, village_names = measures.village_findings(by_village, lang)
village_codes = list(village_counts)
if village_codes:
    left, right = st.columns([2, 3])
    village_code = choice(
        text("quality.village_picker", lang),
        village_codes,
        key="quality_village",
        default=measures.busiest(village_counts),
        parameter="village",
        format_func=lambda code: measures.village_option(code, village_counts, village_names, lang),
        container=left,
    )
    name = village_names[village_code]
    if village_counts[village_code]:
        own = checks.findings_table(
            checks.stored_findings(state.query, snapshot_date, village_code=village_code),
            villages,
            lang,
        )
        right.download_button(
            text("quality.download_village", lang, name=name),
            functools.partial(checks.village_workbook, own, village_code or None, lang),
            file_name=f"疑点_{name}_{snapshot_date.isoformat()}.xlsx",
            mime=XLSX_MIME,
            key="quality_village_xlsx",
            on_click="ignore",
            type="primary",
        )
    else:
        right.info(text("quality.village_clean", lang, name=name))

# ---------------------------------------------------------------- the rows
st.header(text("quality.section.rows", lang))
rule_options = [ALL_RULES, *measures.firing_rules(counts)]
rules = checks.rules_by_id()
rule_findings = measures.rule_findings(counts)
chosen_rule = choice(
    text("quality.rule_picker", lang),
    rule_options,
    key="quality_rule",
    default=ALL_RULES,
    parameter="rule",
    format_func=lambda rule_id: measures.rule_option(rule_id, rules, rule_findings, lang),
)
if chosen_rule != ALL_RULES:
    st.markdown(
        text("quality.rows.explanation", lang, explanation=rules[chosen_rule].explanation(lang))
    )
# Above a town the list is the first shown_rows() findings (a province has a few hundred
# thousand); each village's are whole in its workbook, a town's list is whole.
list_limit = None if state.units_are_villages() else shown_rows()
rows = checks.findings_table(
    checks.stored_findings(
        state.query,
        snapshot_date,
        rule_id=None if chosen_rule == ALL_RULES else chosen_rule,
        limit=list_limit,
    ),
    villages,
    lang,
)
listed = numbers["findings"] if chosen_rule == ALL_RULES else rule_findings[chosen_rule]
rows_caption = measures.rows_caption(len(rows), listed, lang)
if rows_caption:
    st.caption(rows_caption)
show(
    None,
    rows,
    query=CHECKS if chosen_rule == ALL_RULES else rules[chosen_rule].query,
    empty=text("quality.rows.none", lang),
    table=charts.findings_display(rows, lang),
    key="quality_findings",
    stem=f"findings_{chosen_rule}",
    expanded=True,
    household_column=text("quality.column.household_id", lang),
)

# ---------------------------------------------------------------- the departments' records
by_signal = state.query("department_records_by_signal", snapshot_date=snapshot_date)
show(
    text("quality.section.departments", lang),
    by_signal,
    query="department_records_by_signal",
    caption=text("quality.departments.caption", lang),
    empty=text("quality.departments.none", lang),
    table=charts.department_table(by_signal, lang),
    heading="header",
    key="quality_departments",
    stem="department_records",
    expanded=True,
)
if not by_signal.empty:
    strangers = state.query(
        "department_records_not_in_register", snapshot_date=snapshot_date, list_limit=list_limit
    )
    show(
        text("quality.departments.not_in_register", lang),
        strangers,
        query="department_records_not_in_register",
        caption=text("quality.departments.not_in_register.caption", lang),
        empty=text("quality.departments.not_in_register.none", lang),
        table=charts.not_in_register_table(strangers, lang),
        key="quality_department_strangers",
        stem="department_records_not_in_register",
        expanded=True,
    )

# ---------------------------------------------------------------- the import's warnings
st.header(text("quality.section.import", lang))
source = snapshot.manifest.get("source", {})
import_warnings = charts.import_warnings_frame(source, lang)
if import_warnings.empty:
    st.info(charts.import_warnings_note(source, lang))
else:
    show(
        None,
        import_warnings,
        query=None,  # kept by the importer in the snapshot's manifest, not a query
        caption=charts.import_warnings_note(source, lang),
        key="quality_import_warnings",
        stem="import_warnings",
        expanded=True,
    )

# ---------------------------------------------------------------- trend
st.header(text("quality.section.trend", lang))
dates = [info.snapshot_date for info in state.snapshots()]
if len(dates) < 2:
    st.info(text("quality.trend.single", lang))
else:
    st.caption(text("quality.trend.caption", lang, rules=len(catalogue)))
    trend = checks.stored_trend(state.query, dates)
    show(
        None,
        trend,
        query=["quality_trend", CHECKS],
        figure=shared_figure(charts.trend_figure, trend, lang),
        is_empty=False,
        table=charts.trend_table(trend, lang),
        key="quality_trend",
        file_stem="checks_trend",
    )
