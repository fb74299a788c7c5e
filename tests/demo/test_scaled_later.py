"""The county demo after 2018-06-30: exits by 2020, the first monitoring year 2021.

Built once with the project's `build_demo(scale="county")` (the whole history: twelve
snapshots; conftest's `full_county_dir`) and read back with plain DuckDB.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from dashboard import contract
from dashboard.demo.scaled import SCALES, ScaledDemo
from dashboard.demo.scaled_later import ScaledLaterDemo
from tests.demo_facts import assert_same_snapshot, monitoring_rows_against_the_rules

LAST = "2021-12-31"


@pytest.fixture(scope="module")
def sql(full_county_dir: Path):
    connection = duckdb.connect()
    for name in contract.TABLE_NAMES:
        pattern = str(full_county_dir / "snapshots" / "*" / f"{name}.parquet")
        parts = str(full_county_dir / "snapshots" / "*" / name / "*.parquet")
        files = [pattern] if list(full_county_dir.glob(f"snapshots/*/{name}.parquet")) else [parts]
        connection.read_parquet(files, hive_partitioning=True).create_view(name)
    yield connection
    connection.close()


def test_twelve_snapshots_to_2021(full_county_dir: Path):
    """The eight report half-years, then the year-ends 2018 to 2021."""
    folders = sorted(p.name for p in (full_county_dir / "snapshots").iterdir())
    assert len(folders) == 12
    assert folders[7:] == [
        "snapshot_date=2018-06-30",
        "snapshot_date=2018-12-31",
        "snapshot_date=2019-12-31",
        "snapshot_date=2020-12-31",
        "snapshot_date=2021-12-31",
    ]


def test_the_report_snapshots_are_unchanged():
    """ScaledLaterDemo cuts the same 2018-06-30 snapshot as ScaledDemo, table for table."""
    before, after = ScaledDemo(SCALES["county"]), ScaledLaterDemo(SCALES["county"])
    assert_same_snapshot(before, after, dt.date(2018, 6, 30))


def test_everyone_exited_by_2020_and_ordinary_households_in_2021(sql):
    statuses = dict(
        sql.execute(
            "select status, count(*) from households where snapshot_date = '2020-12-31' "
            "group by all"
        ).fetchall()
    )
    assert set(statuses) == {"exited"}
    ordinary = sql.execute(
        "select count(*), count(attribute), min(identified_year), max(identified_year) "
        f"from households where snapshot_date = '{LAST}' and status = 'monitored_only'"
    ).fetchone()
    assert ordinary[0] > 50 and ordinary[1] == 0 and ordinary[2] == ordinary[3] == 2021


def test_monitoring_rows_follow_the_rules(sql):
    wrong = monitoring_rows_against_the_rules(sql)
    assert wrong == []
    kinds, eliminated, total, relapsed, no_measure = sql.execute(
        f"""
        select count(distinct object_type), count(*) filter (where eliminated), count(*),
               count(distinct household_id) filter (where household_id in (
                   select household_id from monitoring where snapshot_date = '{LAST}'
                   group by all having count(*) > 1)),
               count(*) filter (where measures is null)
        from monitoring where snapshot_date = '{LAST}'
        """
    ).fetchone()
    assert kinds == 3
    assert 0.03 < eliminated / total < 0.4
    assert relapsed > 0 and no_measure > 0
    duplicated = sql.execute(
        f"select count(*) from (select id_number from members where snapshot_date = '{LAST}' "
        "group by id_number having count(*) > 1)"
    ).fetchone()[0]
    assert duplicated == 0


def test_department_records_name_people_of_the_register(sql):
    unmatched, total = sql.execute(
        f"""
        select count(*) filter (where m.person_id is null), count(*)
        from department_records as r
        left join members as m on m.snapshot_date = r.snapshot_date and m.id_number = r.id_number
        where r.snapshot_date = '{LAST}'
        """
    ).fetchone()
    assert total > 50 and unmatched == 0
