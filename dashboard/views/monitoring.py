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
from dashboard.i18n import text
from dashboard.measures import monitoring as measures
from dashboard.ui import state
from dashboard.ui.cards import cards
from dashboard.ui.layout import Chart, Sections, first_rows_note, list_limit
from dashboard.ui.monitoring_forms import clues_to_ledger, county_line_form
from dashboard.ui.page import page_header

lang = state.language()
snapshot_date = page_header("monitoring", lang).snapshot_date
show = Sections(
    "monitoring",
    lang,
    words={"level": state.unit_level_label(lang)},
    file_suffix=snapshot_date.isoformat(),
    household_column=text("monitoring.column.household_id", lang),  # the lists' 户编号 link
)
limit = list_limit()  # above a town a list is its first rows (a province has tens of thousands)


def charted(query: str, figure, table, **options) -> Chart:
    """One query of this snapshot as a section: its figure and its table, both built from its
    frame by `dashboard/charts/monitoring.py`."""
    frame = state.query(query, snapshot_date=snapshot_date)
    return Chart(query, frame, figure, lang, label=table, **options)


def listed(query: str, frame, label, **options) -> Chart:
    """A list of households (its first rows above a town): its table open, each 户编号 a link."""
    return Chart(query, frame, label=label, expanded=True, **options)


# ---------------------------------------------------------------- the objects
totals = state.query("monitoring_totals", snapshot_date=snapshot_date)
if not measures.has_objects(totals):
    st.info(show.text("none"))
else:
    cards(measures.key_cards(totals, lang), query=None, lang=lang)
    cards(measures.gap_cards(totals, lang), query="monitoring_totals", lang=lang, columns=4)
    show.side_by_side(
        charted("monitoring_by_kind", charts.kind_figure, charts.kind_table, about="kinds"),
        charted("monitoring_by_risk", charts.risk_figure, charts.risk_table, about="risks"),
    )
    by_unit = state.query_units("monitoring_by_unit", snapshot_date=snapshot_date)
    objects = state.query("monitoring_objects", snapshot_date=snapshot_date, list_limit=limit)
    show(
        charted("monitoring_by_month", charts.month_figure, charts.month_table, about="months"),
        charted(
            "monitoring_duration", charts.duration_figure, charts.duration_table, about="duration"
        ),
        Chart(
            "monitoring_by_unit",
            by_unit,
            charts.unit_figure,
            lang,
            title=show.text("section.units"),
            table=charts.unit_table(by_unit, lang, show.words["level"]),
            drill="monitoring_units",
        ),
    )
    st.header(show.text("section.objects"))
    first_rows_note("monitoring.objects.first", limit, lang, total=totals["households"].iloc[0])
    show(
        listed(
            "monitoring_objects",
            objects,
            charts.objects_table,
            caption=show.text("objects.caption"),
        )
    )

# ---------------------------------------------------------------- early warning
st.header(show.text("section.clues"))
st.caption(show.text("clues.caption"))
clues = state.query("monitoring_clues", snapshot_date=snapshot_date, list_limit=limit)
show(
    charted(
        "monitoring_clue_counts",
        charts.clue_figure,
        charts.clue_counts_table,
        empty=show.text("clues.none"),
    )
)
first_rows_note("monitoring.clues.first", limit, lang)
show(listed("monitoring_clues", clues, charts.clues_table, title=show.text("section.clue_list")))
clues_to_ledger(clues, snapshot_date, lang)

# ---------------------------------------------------------------- the monitoring line
lines = state.query("monitoring_lines_in_use", snapshot_date=snapshot_date)
reference = state.query("monitoring_line_reference")
show(
    Chart(
        "monitoring_lines_in_use",
        lines,
        about="lines",
        label=charts.lines_table,
        heading="header",
        key="monitoring_lines",
        expanded=True,
    ),
    Chart(
        "monitoring_line_reference",
        reference,
        title=show.text("section.reference"),
        label=charts.reference_table,
        heading="bold",
    ),
)
county_line_form(lines, snapshot_date, lang)
