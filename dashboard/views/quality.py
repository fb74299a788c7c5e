"""数据疑点 Data quality (/quality): the logic-check catalogue run on the chosen snapshot.

Counts by rule and by village, the rows behind each count (masked in the rules' SQL), an Excel
list per village for its cadre, and the trend across snapshots. The rules are the files in
`queries/checks/`; running and counting them is `dashboard/checks.py`; figures are
`dashboard/charts/quality.py`, which also lists the warnings the importer kept in the snapshot's
manifest; key numbers are `dashboard/measures/quality.py`; the findings' lists and trend are
`dashboard/ui/findings.py`, the departments' records `dashboard/ui/department_records.py`. This
module reads the choices and lists the sections.
"""

from __future__ import annotations

import streamlit as st

from dashboard import checks
from dashboard.charts import quality as charts
from dashboard.measures import quality as measures
from dashboard.ui import state
from dashboard.ui.cards import cards
from dashboard.ui.department_records import department_records
from dashboard.ui.findings import CHECKS, findings_trend, rule_findings, village_workbook
from dashboard.ui.layout import Chart, Sections, list_limit
from dashboard.ui.page import page_header

lang = state.language()
snapshot = page_header("quality", lang, as_of=False)
snapshot_date = snapshot.snapshot_date
catalogue = checks.catalogue()
show = Sections(
    "quality",
    lang,
    words={"level": state.unit_level_label(lang)},
    file_suffix=snapshot_date.isoformat(),
)
st.caption(measures.as_of_sentence(snapshot_date, snapshot.source_kind, len(catalogue), lang))
if snapshot.is_demo:
    st.info(show.text("demo_note"))
unknown = checks.rules_not_in_source(snapshot, catalogue)
if unknown_rules := measures.rules_not_in_source_sentence(unknown, lang):
    st.info(unknown_rules)  # contract v1.2: their 0 means "cannot tell"

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
units = state.query_units("gap_villages", snapshot_date=snapshot_date)
by_unit = (
    by_village
    if state.units_are_villages()
    else checks.stored_counts_by_unit(state.query, snapshot_date, units, state.unit_digits())
)
no_findings = int(totals["findings"].iloc[0]) == 0
numbers = measures.key_numbers(totals, counts)
cards(measures.key_cards(numbers, len(catalogue), lang), query=None, lang=lang)  # rules beneath

show.topic("rules", heading="header", note=show.text("rules.caption"))
if no_findings:
    st.success(show.text("rules.none"))
show(
    Chart(
        CHECKS,
        counts,
        None if no_findings else charts.rule_counts_figure,
        lang,
        label=charts.rule_table,
        key="quality_rules",
        stem="checks",
    ),
    Chart(
        [CHECKS, "gap_villages"],
        by_unit,
        charts.village_counts_figure,
        lang,
        about="villages",
        is_empty=False,  # the chart says itself when no village has a finding
        label=charts.village_table,
        heading="header",
        key="quality_villages",
        stem="checks_by_village",
    ),
)
state.unit_drill(by_unit.dropna(subset=["village_code"]), lang, "quality_villages")
village_workbook(by_village, villages, snapshot_date, lang)

st.header(show.text("section.rows"))
# Above a town the list is the first shown_rows() findings (a province has a few hundred
# thousand); each village's are whole in its workbook, a town's list is whole.
limit = list_limit()
rule_findings(show, counts, numbers["findings"], villages, snapshot_date, limit)

department_records(show, snapshot_date, limit)

source = snapshot.manifest.get("source", {})
import_warnings = charts.import_warnings_frame(source, lang)
show(
    Chart(
        None,  # kept by the importer in the snapshot's manifest, not a query
        import_warnings,
        title=show.text("section.import"),
        heading="header",
        caption=charts.import_warnings_note(source, lang),
        empty=charts.import_warnings_note(source, lang),
        key="quality_import_warnings",
        stem="import_warnings",
        expanded=True,
    )
)

findings_trend(show, len(catalogue))
