"""数据疑点 Data quality (/quality): the logic-check catalogue run on the chosen snapshot.

Counts by rule and by village, the rows behind each count (masked in the rules' SQL), an Excel
list per village for its cadre, and the trend across snapshots. The rules are the files in
`queries/checks/`; running and counting them is `dashboard/checks.py`; figures are
`dashboard/charts/quality.py`, which also lists the warnings the importer kept in the snapshot's
manifest. This module only reads the choices and lays things out.
"""

from __future__ import annotations

import functools

import streamlit as st

from dashboard import checks
from dashboard.charts import quality as charts
from dashboard.formatting import format_count, format_date
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.components import chart_with_data, data_table

RULE_KEY = "quality_rule"
VILLAGE_KEY = "quality_village"
TREND_KEY = "quality_trend_shown"
TREND_PARAM = "trend"  # ?trend=1: run the catalogue on every snapshot (slow the first time)
ALL_RULES = "all"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

state.init_from_url()
lang = state.language()
st.title(text("quality.heading", lang))

snapshot = state.chosen_snapshot()
if snapshot is None:
    st.warning(text("error.no_snapshot", lang, data_dir=state.data_dir()))
    st.stop()

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

findings = checks.run_catalogue(state.query, snapshot_date)
villages = state.query("gap_villages", snapshot_date=snapshot_date)
table = checks.findings_table(findings, villages, lang)
counts = checks.counts_by_rule(findings, lang)
by_village = checks.counts_by_village(findings, villages)


def stem(key: str) -> str:
    return f"{key}_{snapshot_date.isoformat()}"


# ---------------------------------------------------------------- key numbers
errors = int((findings["severity"] == "error").sum())
warnings = int((findings["severity"] == "warning").sum())
firing = int((counts["findings"] > 0).sum())
first, second, third, fourth = st.columns(4)
first.metric(
    text("quality.metric.findings", lang),
    text("quality.count.findings", lang, value=format_count(len(findings))),
    border=True,
)
first.caption(text("quality.metric.rules_firing", lang, firing=firing, rules=len(catalogue)))
second.metric(
    text("quality.metric.errors", lang),
    text("quality.count.findings", lang, value=format_count(errors)),
    border=True,
)
third.metric(
    text("quality.metric.warnings", lang),
    text("quality.count.findings", lang, value=format_count(warnings)),
    border=True,
)
fourth.metric(
    text("quality.metric.households", lang),
    text(
        "quality.count.households",
        lang,
        value=format_count(findings["household_id"].dropna().nunique()),
    ),
    border=True,
)

# ---------------------------------------------------------------- by rule
st.header(text("quality.section.rules", lang))
st.caption(text("quality.rules.caption", lang))
if findings.empty:
    st.success(text("quality.rules.none", lang))
    data_table(
        charts.rule_table(counts, lang), key="quality_rules", lang=lang, file_stem=stem("checks")
    )
else:
    chart_with_data(
        charts.rule_counts_figure(counts, lang),
        charts.rule_table(counts, lang),
        key="quality_rules",
        lang=lang,
        file_stem=stem("checks"),
    )

# ---------------------------------------------------------------- by village
st.header(text("quality.section.villages", lang))
st.caption(text("quality.villages.caption", lang))
chart_with_data(
    charts.village_counts_figure(by_village, lang),
    charts.village_table(by_village, lang),
    key="quality_villages",
    lang=lang,
    file_stem=stem("checks_by_village"),
)
village_counts = dict(
    zip(by_village["village_code"].fillna(""), by_village["findings"], strict=True)
)
village_names = dict(
    zip(
        by_village["village_code"].fillna(""),
        by_village["village_name"].fillna(text("quality.no_village", lang)),
        strict=True,
    )
)
village_codes = list(village_counts)
busiest = max(village_codes, key=lambda code: village_counts[code]) if village_codes else None
state.seed_from_url(VILLAGE_KEY, village_codes, busiest, parameter="village")
if village_codes:
    left, right = st.columns([2, 3])
    village_code = left.selectbox(
        text("quality.village_picker", lang),
        village_codes,
        format_func=lambda code: text(
            "quality.village_option",
            lang,
            name=village_names[code],
            count=format_count(village_counts[code]),
        ),
        key=VILLAGE_KEY,
    )
    st.query_params["village"] = village_code
    name = village_names[village_code]
    if village_counts[village_code]:
        right.download_button(
            text("quality.download_village", lang, name=name),
            functools.partial(checks.village_workbook, table, village_code or None, lang),
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
firing_rules = [row.rule_id for row in counts.itertuples() if row.findings > 0]
rule_options = [ALL_RULES, *firing_rules]
state.seed_from_url(RULE_KEY, rule_options, ALL_RULES, parameter="rule")
rules = checks.rules_by_id()
rule_findings = dict(zip(counts["rule_id"], counts["findings"], strict=True))
chosen_rule = st.selectbox(
    text("quality.rule_picker", lang),
    rule_options,
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
    key=RULE_KEY,
)
st.query_params["rule"] = chosen_rule
if chosen_rule != ALL_RULES:
    st.markdown(
        text("quality.rows.explanation", lang, explanation=rules[chosen_rule].explanation(lang))
    )
rows = checks.select_findings(table, None if chosen_rule == ALL_RULES else chosen_rule)
if rows.empty:
    st.info(text("quality.rows.none", lang))
else:
    data_table(
        charts.findings_display(rows, lang),
        key="quality_findings",
        lang=lang,
        file_stem=stem(f"findings_{chosen_rule}"),
        expanded=True,
        household_column=text("quality.column.household_id", lang),
    )

# ---------------------------------------------------------------- the import's warnings
st.header(text("quality.section.import", lang))
source = snapshot.manifest.get("source", {})
import_warnings = charts.import_warnings_frame(source, lang)
if import_warnings.empty:
    st.info(charts.import_warnings_note(source, lang))
else:
    st.caption(charts.import_warnings_note(source, lang))
    data_table(
        import_warnings,
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
elif not st.toggle(
    text("quality.trend.toggle", lang, snapshots=len(dates)),
    value=st.query_params.get(TREND_PARAM) == "1",
    key=TREND_KEY,
):
    st.query_params[TREND_PARAM] = "0"
    st.caption(text("quality.trend.off", lang, rules=len(catalogue), snapshots=len(dates)))
else:
    st.query_params[TREND_PARAM] = "1"
    st.caption(text("quality.trend.caption", lang))
    with st.spinner(text("quality.trend.spinner", lang)):
        trend = checks.trend(state.query, dates)
    chart_with_data(
        charts.trend_figure(trend, lang),
        charts.trend_table(trend, lang),
        key="quality_trend",
        lang=lang,
        file_stem="checks_trend",
    )
