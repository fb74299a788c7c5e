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
from dashboard.formatting import format_count, format_date
from dashboard.i18n import text
from dashboard.measures import quality as measures
from dashboard.snapshots import not_in_source_label
from dashboard.ui import state
from dashboard.ui.cards import Card, cards
from dashboard.ui.components import shown_rows
from dashboard.ui.controls import choice
from dashboard.ui.page import page_header
from dashboard.ui.section import section
from dashboard.ui.shared import shared_figure

ALL_RULES = "all"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHECKS = "queries/checks/*.sql"  # the rules, run together by dashboard/checks.py

lang = state.language()
snapshot = page_header("quality", lang, as_of=False)
snapshot_date = snapshot.snapshot_date
catalogue = checks.catalogue()
st.caption(
    text(
        "quality.as_of",
        lang,
        date=format_date(snapshot_date, lang),
        source=text(f"source.{snapshot.source_kind}", lang),
        rules=len(catalogue),
    )
)
if snapshot.is_demo:
    st.info(text("quality.demo_note", lang))
unknown_rules = checks.rules_not_in_source(snapshot, catalogue)
if unknown_rules:  # contract v1.2: their 0 means "cannot tell"
    st.info(
        text(
            "quality.rules_not_in_source",
            lang,
            label=not_in_source_label(lang),
            rules=text("attention.separator", lang).join(
                f"{rule.rule_id} {rule.title(lang)}" for rule in unknown_rules
            ),
        )
    )

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


def stem(key: str) -> str:
    """A download's file name: the key and the snapshot's date."""
    return f"{key}_{snapshot_date.isoformat()}"


# ---------------------------------------------------------------- key numbers
numbers = measures.key_numbers(totals, counts)
findings = functools.partial(text, "quality.count.findings", lang)
cards(
    [
        Card(
            text("quality.metric.findings", lang),
            findings(value=format_count(numbers["findings"])),
            caption=text(
                "quality.metric.rules_firing", lang, firing=numbers["firing"], rules=len(catalogue)
            ),
        ),
        Card(text("quality.metric.errors", lang), findings(value=format_count(numbers["errors"]))),
        Card(
            text("quality.metric.warnings", lang), findings(value=format_count(numbers["warnings"]))
        ),
        Card(
            text("quality.metric.households", lang),
            text("quality.count.households", lang, value=format_count(numbers["households"])),
        ),
    ],
    query=None,  # the rules, named in the table beneath
    lang=lang,
)

# ---------------------------------------------------------------- by rule
st.header(text("quality.section.rules", lang))
st.caption(text("quality.rules.caption", lang))
if no_findings:
    st.success(text("quality.rules.none", lang))
section(
    None,
    counts,
    query=CHECKS,
    figure=None if no_findings else shared_figure(charts.rule_counts_figure, counts, lang),
    table=charts.rule_table(counts, lang),
    key="quality_rules",
    lang=lang,
    file_stem=stem("checks"),
)

# ---------------------------------------------------------------- by village
section(
    text("quality.section.villages", lang, level=level),
    by_unit,
    query=[CHECKS, "gap_villages"],
    figure=shared_figure(charts.village_counts_figure, by_unit, lang),
    caption=text("quality.villages.caption", lang, level=level),
    is_empty=False,  # the chart says itself when no village has a finding
    table=charts.village_table(by_unit, lang),
    heading="header",
    key="quality_villages",
    lang=lang,
    file_stem=stem("checks_by_village"),
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
        format_func=lambda code: text(
            "quality.village_option",
            lang,
            name=village_names[code],
            count=format_count(village_counts[code]),
        ),
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
    format_func=lambda rule_id: (
        text("quality.all_rules", lang)
        if rule_id == ALL_RULES
        else text(
            "quality.rule_option",
            lang,
            rule_id=rule_id,
            title=rules[rule_id].title(lang),
            count=format_count(rule_findings[rule_id]),
        )
    ),
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
if len(rows) < listed:
    st.caption(
        text(
            "quality.rows.first",
            lang,
            shown=format_count(len(rows)),
            findings=format_count(listed),
        )
    )
section(
    None,
    rows,
    query=CHECKS if chosen_rule == ALL_RULES else rules[chosen_rule].query,
    empty=text("quality.rows.none", lang),
    table=charts.findings_display(rows, lang),
    key="quality_findings",
    lang=lang,
    file_stem=stem(f"findings_{chosen_rule}"),
    expanded=True,
    household_column=text("quality.column.household_id", lang),
)

# ---------------------------------------------------------------- the departments' records
by_signal = state.query("department_records_by_signal", snapshot_date=snapshot_date)
section(
    text("quality.section.departments", lang),
    by_signal,
    query="department_records_by_signal",
    caption=text("quality.departments.caption", lang),
    empty=text("quality.departments.none", lang),
    table=charts.department_table(by_signal, lang),
    heading="header",
    key="quality_departments",
    lang=lang,
    file_stem=stem("department_records"),
    expanded=True,
)
if not by_signal.empty:
    strangers = state.query(
        "department_records_not_in_register", snapshot_date=snapshot_date, list_limit=list_limit
    )
    section(
        text("quality.departments.not_in_register", lang),
        strangers,
        query="department_records_not_in_register",
        caption=text("quality.departments.not_in_register.caption", lang),
        empty=text("quality.departments.not_in_register.none", lang),
        table=charts.not_in_register_table(strangers, lang),
        key="quality_department_strangers",
        lang=lang,
        file_stem=stem("department_records_not_in_register"),
        expanded=True,
    )

# ---------------------------------------------------------------- the import's warnings
st.header(text("quality.section.import", lang))
source = snapshot.manifest.get("source", {})
import_warnings = charts.import_warnings_frame(source, lang)
if import_warnings.empty:
    st.info(charts.import_warnings_note(source, lang))
else:
    section(
        None,
        import_warnings,
        query=None,  # kept by the importer in the snapshot's manifest, not a query
        caption=charts.import_warnings_note(source, lang),
        key="quality_import_warnings",
        lang=lang,
        file_stem=stem("import_warnings"),
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
    section(
        None,
        trend,
        query=["quality_trend", CHECKS],
        figure=shared_figure(charts.trend_figure, trend, lang),
        is_empty=False,
        table=charts.trend_table(trend, lang),
        key="quality_trend",
        lang=lang,
        file_stem="checks_trend",
    )
