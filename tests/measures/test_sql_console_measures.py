"""What the SQL console says around its editor (`dashboard/measures/sql_console.py`): the schema
as tables, typed parameters, and the notes over a result, from hand-made results."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import contract, sandbox
from dashboard.measures import sql_console as measures

DAY = dt.date(2018, 6, 30)


def result(rows: int, *, complete: bool = True, columns=("n",)) -> sandbox.SqlResult:
    frame = pd.DataFrame({name: range(rows) for name in columns})
    return sandbox.SqlResult(frame, complete=complete, seconds=0.125, snapshot_date=DAY)


def test_the_schema_has_every_contract_table_in_order_with_its_masked_columns():
    tables = measures.schema_tables(sandbox.schema())
    assert list(tables) == [spec.name for spec in contract.TABLES]
    members = measures.schema_frame("members", tables["members"], "en").set_index("Column")
    assert members.loc["id_number", "Masked"] == "✓"
    assert members.loc["sex", "Masked"] == ""
    assert members.index[-1] == "snapshot_date"
    assert "members" in measures.schema_heading("members", tables["members"], "zh")


def test_typed_parameters_are_read_as_their_defaults_and_blank_boxes_are_left_out():
    given = measures.given_parameters(
        {"snapshot_date": "2017-12-31", "year": " ", "windows": "30, 60"},
        {"snapshot_date": DAY, "year": 2018, "windows": [30, 60, 90]},
    )
    assert given == {"snapshot_date": dt.date(2017, 12, 31), "windows": [30, 60]}
    with pytest.raises(sandbox.SqlRefused):
        measures.given_parameters({"year": "last"}, {"year": 2018})


def test_a_small_result_has_only_its_summary():
    notes = measures.result_notes(result(1), "zh")
    assert [note.kind for note in notes] == ["caption"]
    assert "1 行" in notes[0].sentence
    assert "0.12" in notes[0].sentence  # seconds to two places


def test_a_cut_result_warns_and_a_long_one_says_how_much_is_shown():
    assert [note.kind for note in measures.result_notes(result(3, complete=False), "en")] == [
        "caption",
        "warning",
    ]
    long = measures.result_notes(result(sandbox.MAX_ROWS_SHOWN + 1), "en")
    assert [note.kind for note in long] == ["caption", "info"]
    assert "10,000" in long[1].sentence


def test_an_empty_result_says_so_and_shows_a_table_only_when_it_has_columns():
    empty = result(0)
    assert [note.kind for note in measures.result_notes(empty, "zh")] == ["caption", "info"]
    assert measures.has_table(empty)
    assert not measures.has_table(result(0, columns=()))
