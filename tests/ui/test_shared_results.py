"""Query results are cached once per process and shared: a page that changes its frame changes
its own copy, never the cached one another session reads next (`state.query`, `state.run_sql`)."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st

from dashboard.ui import state


@pytest.fixture
def on_demo(demo_dir, monkeypatch):
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def _spoil(frame: pd.DataFrame) -> None:
    """What a careless page might do to the frame it was handed."""
    first = frame.columns[0]
    frame["added_by_a_page"] = 1
    frame.loc[frame.index[0], first] = None
    del frame[frame.columns[1]]
    frame.iloc[-1, -1] = 2


def test_a_page_changing_its_result_does_not_change_the_next_sessions(on_demo, demo_db):
    latest = demo_db.snapshots[-1].snapshot_date
    expected = demo_db.run("village_attention", snapshot_date=latest)
    first = state.query("village_attention", snapshot_date=latest)
    _spoil(first)
    second = state.query("village_attention", snapshot_date=latest)
    assert second is not first
    pd.testing.assert_frame_equal(second, expected)


def test_the_same_for_allow_listed_sql(on_demo, demo_db):
    sql = "select village_code, count(*) as households from households group by all order by 1"
    expected = demo_db.run_sql(sql, {})
    first = state.run_sql(sql)
    _spoil(first)
    pd.testing.assert_frame_equal(state.run_sql(sql), expected)
