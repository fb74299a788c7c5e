"""A small data directory is read into memory tables on open; a large one stays on its files.
Both give the same rows."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import data
from dashboard.data import Viewer, open_database, parameters_read

QUERIES = ("household_totals", "exits_by_year", "village_attention", "programs_in_period")


def _tables(database) -> set[str]:
    return {
        row[0]
        for row in database.connection.sql("select table_name from duckdb_tables()").fetchall()
    }


def test_the_town_is_in_memory_and_the_county_on_its_files(demo_db, county_dir):
    assert {"unscoped_households", "unscoped_household_facts"} <= _tables(demo_db)
    county = open_database(county_dir)
    try:
        assert "unscoped_households" not in _tables(county)
    finally:
        county.close()


@pytest.mark.parametrize("name", QUERIES)
def test_memory_tables_give_the_rows_the_files_give(name, county_dir, monkeypatch):
    on_files = open_database(county_dir)
    monkeypatch.setattr(data, "IN_MEMORY_BYTES", 1 << 40)
    in_memory = open_database(county_dir)
    try:
        assert "unscoped_households" in _tables(in_memory)
        date = on_files.snapshots[-1].snapshot_date
        params = {"snapshot_date": date, "stale_days": 90, "period": "all"}
        viewer = Viewer(area="")
        params = parameters_read(name, params)  # run refuses a parameter its query does not read
        expected = on_files.run(name, viewer=viewer, **params)
        assert len(expected) > 0
        pd.testing.assert_frame_equal(in_memory.run(name, viewer=viewer, **params), expected)
    finally:
        on_files.close()
        in_memory.close()
