"""防返贫监测 Relapse-risk monitoring (/monitoring): the monitoring work of 2021 on.

At every level of `?area=`: the objects by kind and by risk, identified and eliminated per
month, the elimination rate, how long objects have been monitored, the open objects with no
measure or with labour but no industry or employment measure, the next level down, the list
of objects; the early warning's visit list (clues, not identifications); the monitoring line
by county and year with its source. Numbers come from `queries/monitoring_*.sql` over the
definitions of `queries/definitions/85_monitoring.sql` and the staging models
`queries/staging/monitoring_spells.sql`, `monitoring_households.sql`, `warning_clues.sql`;
figures and tables are `dashboard/charts/monitoring.py`, the cards `dashboard/measures/monitoring.py`.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import monitoring as charts
from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.measures import monitoring as measures
from dashboard.ui import ledger_access, monitoring_line_access, state
from dashboard.ui.cards import cards
from dashboard.ui.components import shown_rows
from dashboard.ui.page import page_header
from dashboard.ui.section import page_sections
from dashboard.ui.shared import shared_figure

lang = state.language()
snapshot = page_header("monitoring", lang)
snapshot_date = snapshot.snapshot_date
show = page_sections(lang, file_suffix=snapshot_date.isoformat())
household_column = text("monitoring.column.household_id", lang)
# Above a town a list is its first rows (a province has tens of thousands of objects).
list_limit = None if state.units_are_villages() else shown_rows()


def charted(query: str, title: str | None, figure, table, **options) -> None:
    """One query of this snapshot drawn as a section: its figure and its table, both built
    from its frame by `dashboard/charts/monitoring.py`; the section's key is the query's name."""
    frame = state.query(query, snapshot_date=snapshot_date)
    show(
        title,
        frame,
        query=query,
        figure=shared_figure(figure, frame, lang),
        table=table(frame, lang),
        key=query,
        **options,
    )


# ---------------------------------------------------------------- the objects
totals = state.query("monitoring_totals", snapshot_date=snapshot_date)
if not measures.has_objects(totals):
    st.info(text("monitoring.none", lang))
else:
    cards(measures.key_cards(totals, lang), query=None, lang=lang)
    cards(measures.gap_cards(totals, lang), query="monitoring_totals", lang=lang, columns=4)
    left, right = st.columns(2)
    with left:
        charted(
            "monitoring_by_kind",
            text("monitoring.section.kinds", lang),
            charts.kind_figure,
            charts.kind_table,
        )
    with right:
        charted(
            "monitoring_by_risk",
            text("monitoring.section.risks", lang),
            charts.risk_figure,
            charts.risk_table,
        )
    charted(
        "monitoring_by_month",
        text("monitoring.section.months", lang),
        charts.month_figure,
        charts.month_table,
        caption=text("monitoring.months.caption", lang),
    )
    charted(
        "monitoring_duration",
        text("monitoring.section.duration", lang),
        charts.duration_figure,
        charts.duration_table,
        caption=text("monitoring.duration.caption", lang),
    )
    level = state.unit_level_label(lang)
    by_unit = state.query_units("monitoring_by_unit", snapshot_date=snapshot_date)
    show(
        text("monitoring.section.units", lang, level=level),
        by_unit,
        query="monitoring_by_unit",
        figure=shared_figure(charts.unit_figure, by_unit, lang),
        table=charts.unit_table(by_unit, lang, level),
        key="monitoring_by_unit",
    )
    state.unit_drill(by_unit, lang, "monitoring_units")
    objects = state.query("monitoring_objects", snapshot_date=snapshot_date, list_limit=list_limit)
    st.header(text("monitoring.section.objects", lang))
    if list_limit is not None:
        st.caption(
            text(
                "monitoring.objects.first",
                lang,
                shown=format_count(list_limit),
                total=format_count(totals["households"].iloc[0]),
            )
        )
    show(
        None,
        objects,
        query="monitoring_objects",
        caption=text("monitoring.objects.caption", lang),
        table=charts.objects_table(objects, lang),
        key="monitoring_objects",
        expanded=True,
        household_column=household_column,
    )

# ---------------------------------------------------------------- early warning
st.header(text("monitoring.section.clues", lang))
st.caption(text("monitoring.clues.caption", lang))
charted(
    "monitoring_clue_counts",
    None,
    charts.clue_figure,
    charts.clue_counts_table,
    empty=text("monitoring.clues.none", lang),
)
clues = state.query("monitoring_clues", snapshot_date=snapshot_date, list_limit=list_limit)
if list_limit is not None:
    st.caption(text("monitoring.clues.first", lang, shown=format_count(list_limit)))
show(
    text("monitoring.section.clue_list", lang),
    clues,
    query="monitoring_clues",
    table=charts.clues_table(clues, lang),
    key="monitoring_clues",
    expanded=True,
    household_column=household_column,
)
# A town's whole visit list can go to the ledger as problems to check (who assigns problems).
if ledger_access.may("assign") and state.units_are_villages() and not clues.empty:
    st.caption(text("monitoring.clues.ledger_note", lang))
    if st.button(
        text("monitoring.clues.to_ledger", lang, count=format_count(len(clues))),
        key="monitoring_clues_to_ledger",
    ):
        outcome = ledger_access.add_clues(charts.clue_problems(clues, lang), snapshot_date)
        if isinstance(outcome, str):
            st.error(outcome)
        else:
            st.success(text("monitoring.clues.added", lang, added=format_count(outcome)))

# ---------------------------------------------------------------- the monitoring line
lines = state.query("monitoring_lines_in_use", snapshot_date=snapshot_date)
show(
    text("monitoring.section.lines", lang),
    lines,
    query="monitoring_lines_in_use",
    caption=text("monitoring.lines.caption", lang),
    table=charts.lines_table(lines, lang),
    heading="header",
    key="monitoring_lines",
    expanded=True,
)
reference = state.query("monitoring_line_reference")
show(
    text("monitoring.section.reference", lang),
    reference,
    query="monitoring_line_reference",
    table=charts.reference_table(reference, lang),
    heading="bold",
    key="monitoring_line_reference",
)

# A county that sets its own line (本县自定): an analyst of the county enters it here.
counties = monitoring_line_access.editable_counties(measures.line_counties(lines))
if monitoring_line_access.SAVED_KEY in st.session_state:  # said after the rerun that shows it
    st.success(st.session_state.pop(monitoring_line_access.SAVED_KEY))
if counties:
    with st.expander(text("monitoring.line_form.title", lang)):
        st.caption(text("monitoring.line_form.caption", lang))
        with st.form("monitoring_line_form"):
            county = st.selectbox(
                text("monitoring.line_form.county", lang),
                list(counties),
                format_func=counties.get,
                key="monitoring_line_county",
            )
            year = st.number_input(
                text("monitoring.line_form.year", lang),
                min_value=measures.FIRST_LINE_YEAR,
                max_value=2100,
                value=measures.form_year(snapshot_date),
                step=1,
                key="monitoring_line_year",
            )
            line_yuan = st.number_input(
                text("monitoring.line_form.line", lang),
                min_value=1,
                value=measures.line_of(lines, county, measures.form_year(snapshot_date)) or 6000,
                step=100,
                key="monitoring_line_yuan",
            )
            basis = st.selectbox(
                text("monitoring.line_form.basis", lang),
                ["set", "not_below", "reference"],
                format_func=lambda code: text(f"monitoring.basis.{code}", lang),
                key="monitoring_line_basis",
            )
            source = st.text_input(
                text("monitoring.line_form.source", lang), key="monitoring_line_source"
            )
            saved = st.form_submit_button(text("monitoring.line_form.save", lang))
        if saved:
            refused = monitoring_line_access.set_county_line(
                county, counties[county], int(year), int(line_yuan), basis, source
            )
            if refused:
                st.error(refused)
            else:  # run again: the tables above then show the new line
                st.session_state[monitoring_line_access.SAVED_KEY] = text(
                    "monitoring.line_form.saved",
                    lang,
                    county=counties[county],
                    year=int(year),
                    line=format_count(int(line_yuan)),
                )
                st.rerun()
