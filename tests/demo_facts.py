"""Facts about the demo town read straight from its Parquet files with plain DuckDB (the
`demo_sql` fixture), independent of the code under test, for tests in several folders."""

from __future__ import annotations

import datetime as dt

REPORT_DATE = dt.date(2018, 6, 30)  # the demo_dir's last snapshot


def households_in_village(demo_sql, village_code: str) -> int:
    """How many households the village has on the report's snapshot."""
    return demo_sql.execute(
        "select count(*) from households where snapshot_date = date '2018-06-30' "
        "and village_code = ?",
        [village_code],
    ).fetchall()[0][0]


def village_with_fewest_not_exited(demo_sql, on: dt.date = REPORT_DATE) -> tuple[str, int]:
    """The village with the fewest households not exited on `on` among those with more than
    five registered, and that count: (its code, the count)."""
    code, not_exited = demo_sql.sql(
        "select village_code, count(*) filter (where status in ('not_exited', 'relapsed')) "
        "from households where snapshot_date = $d group by 1 having count(*) > 5 "
        "order by 2, 1 limit 1",
        params={"d": on},
    ).fetchall()[0]
    return code, not_exited


def monitoring_rows_against_the_rules(sql, columns: str = "m.snapshot_date, m.household_id"):
    """Up to five monitoring rows (`columns` of each) that break monitoring-rules.md: a row
    without its household, or whose household is neither exited nor monitored_only, or not of
    the kind its object type needs; an eliminated_date set other than exactly when eliminated,
    or outside identification .. snapshot; identified after its snapshot or before 2021."""
    return sql.execute(
        f"""
        select {columns}
        from monitoring as m
        left join households as h using (snapshot_date, household_id)
        where h.household_id is null
           or h.status not in ('exited', 'monitored_only')
           or (m.object_type = 'unstable_exited' and h.status <> 'exited')
           or (m.object_type = 'edge' and h.status <> 'monitored_only')
           or (m.eliminated and m.eliminated_date is null)
           or (not m.eliminated and m.eliminated_date is not null)
           or m.eliminated_date < m.identified_date
           or m.eliminated_date > m.snapshot_date
           or m.identified_date > m.snapshot_date
           or m.identified_date < date '2021-01-01'
        limit 5
        """
    ).fetchall()


def assert_same_snapshot(first, second, day: dt.date) -> None:
    """Two demos (`ScaledDemo` or a later one), prepared here, cut the same snapshot on `day`,
    table for table."""
    first.prepare()
    second.prepare()
    one, two = first.tables_at(day), second.tables_at(day)
    for name, table in one.items():
        assert table.equals(two[name]), name
