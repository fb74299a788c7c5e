"""The departments' records on /quality: what the departments' own lists (civil affairs,
disabled persons' federation, education…) signal against the register, and the records of
people the register does not hold.

Numbers come from `queries/department_records_by_signal.sql` and
`queries/department_records_not_in_register.sql`; tables from `dashboard/charts/quality.py`.
"""

from __future__ import annotations

import datetime as dt

from dashboard.charts import quality as charts
from dashboard.ui import state
from dashboard.ui.layout import Chart, Sections

STRANGERS = "department_records_not_in_register"


def department_records(show: Sections, snapshot_date: dt.date, limit: int | None) -> None:
    """The records by signal and, when the departments sent any, at most `limit` rows of the
    records naming people outside the register."""
    by_signal = state.query("department_records_by_signal", snapshot_date=snapshot_date)
    show(
        Chart(
            "department_records_by_signal",
            by_signal,
            about="departments",
            empty=show.text("departments.none"),
            label=charts.department_table,
            heading="header",
            key="quality_departments",
            stem="department_records",
            expanded=True,
        )
    )
    if by_signal.empty:
        return
    strangers = state.query(STRANGERS, snapshot_date=snapshot_date, list_limit=limit)
    show(
        Chart(
            STRANGERS,
            strangers,
            title=show.text("departments.not_in_register"),
            caption=show.text("departments.not_in_register.caption"),
            empty=show.text("departments.not_in_register.none"),
            label=charts.not_in_register_table,
            key="quality_department_strangers",
            stem=STRANGERS,
            expanded=True,
        )
    )
