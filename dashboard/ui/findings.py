"""The logic checks' findings on /quality: a rule's findings listed (every rule's by default),
and a village at a time: pick a village (the one with the most findings first), download its
list as a workbook for its cadre, or read that it has none; and the findings' trend across
snapshots.

The findings are kept once per snapshot (`dashboard.checks.stored_findings`); the workbook is
made only when the reader asks for it (`checks.village_workbook`).
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import streamlit as st

from dashboard import checks
from dashboard.charts import quality as charts
from dashboard.i18n import text
from dashboard.measures import quality as measures
from dashboard.ui import state
from dashboard.ui.controls import choice
from dashboard.ui.layout import Chart, Sections

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHECKS = "queries/checks/*.sql"  # the rules, run together by dashboard/checks.py


def rule_findings(
    show: Sections,
    counts: pd.DataFrame,
    findings: int,
    villages: pd.DataFrame,
    snapshot_date: dt.date,
    limit: int | None,
) -> None:
    """The rule picker (`?rule=`, the rules that found something) and the chosen rule's
    findings, named by its query (all rules': the catalogue), at most `limit` rows of them.

    `counts` are the findings by rule, `findings` their total, `villages` the villages' names.
    """
    lang = show.lang
    rules = checks.rules_by_id()
    by_rule = measures.rule_findings(counts)
    chosen = choice(
        show.text("rule_picker"),
        [measures.ALL_RULES, *measures.firing_rules(counts)],
        key="quality_rule",
        default=measures.ALL_RULES,
        parameter="rule",
        format_func=lambda rule_id: measures.rule_option(rule_id, rules, by_rule, lang),
    )
    every_rule = chosen == measures.ALL_RULES
    if not every_rule:
        st.markdown(show.text("rows.explanation", explanation=rules[chosen].explanation(lang)))
    found = checks.stored_findings(
        state.query, snapshot_date, rule_id=None if every_rule else chosen, limit=limit
    )
    rows = checks.findings_table(found, villages, lang)
    listed = findings if every_rule else by_rule[chosen]
    if rows_caption := measures.rows_caption(len(rows), listed, lang):
        st.caption(rows_caption)
    show(
        Chart(
            CHECKS if every_rule else rules[chosen].query,
            rows,
            empty=show.text("rows.none"),
            label=charts.findings_display,
            key="quality_findings",
            stem=f"findings_{chosen}",
            expanded=True,
            household_column=show.text("column.household_id"),
        )
    )


def village_workbook(
    by_village: pd.DataFrame, villages: pd.DataFrame, snapshot_date: dt.date, lang: str
) -> None:
    """The village picker (`?village=`) and the chosen village's workbook; nothing when no
    village is listed. `by_village` are the counts by village, `villages` their names."""
    village_counts, village_names = measures.village_findings(by_village, lang)
    if not village_counts:
        return
    left, right = st.columns([2, 3])
    village_code = choice(
        text("quality.village_picker", lang),
        list(village_counts),
        key="quality_village",
        default=measures.busiest(village_counts),
        parameter="village",
        format_func=lambda code: measures.village_option(code, village_counts, village_names, lang),
        container=left,
    )
    name = village_names[village_code]
    if not village_counts[village_code]:
        right.info(text("quality.village_clean", lang, name=name))
        return
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


def findings_trend(show: Sections, rules: int) -> None:
    """The findings of the `rules` rules in every snapshot of the data directory, or that
    there is only one snapshot."""
    dates = [info.snapshot_date for info in state.snapshots()]
    if not show.topic(
        "trend",
        heading="header",
        nothing=len(dates) < 2,
        empty=show.text("trend.single"),
        caption=show.text("trend.caption", rules=rules),
    ):
        return
    show(
        Chart(
            ["quality_trend", CHECKS],
            checks.stored_trend(state.query, dates),
            charts.trend_figure,
            show.lang,
            is_empty=False,
            label=charts.trend_table,
            key="quality_trend",
            file_stem="checks_trend",
        )
    )
