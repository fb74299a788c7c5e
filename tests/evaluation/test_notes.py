"""The problems and next steps people write, kept per period in the data directory."""

from __future__ import annotations

import json

from dashboard.evaluation.notes import lines, load_notes, notes_path, save_notes
from dashboard.evaluation.period import Period

PERIOD = Period(2018, 1)


def test_notes_are_empty_until_written(tmp_path):
    assert load_notes(tmp_path, PERIOD, None) == {"problems": "", "next_steps": ""}


def test_notes_round_trip_per_scope(tmp_path):
    save_notes(tmp_path, PERIOD, None, "帮扶干部包保责任不实\n", "压实责任")
    save_notes(tmp_path, PERIOD, "341182108206", "大棚未开工", "")
    assert load_notes(tmp_path, PERIOD, None) == {
        "problems": "帮扶干部包保责任不实\n",
        "next_steps": "压实责任",
    }
    assert load_notes(tmp_path, PERIOD, "341182108206")["problems"] == "大棚未开工"
    assert load_notes(tmp_path, Period(2017, 2), None)["problems"] == ""
    stored = json.loads(notes_path(tmp_path, PERIOD).read_text(encoding="utf-8"))
    assert set(stored["scopes"]) == {"town", "341182108206"}
    assert notes_path(tmp_path, PERIOD).name == "2018H1.json"
    # Written through a temporary file renamed into place: nothing else is left behind.
    assert [p.name for p in notes_path(tmp_path, PERIOD).parent.iterdir()] == ["2018H1.json"]


def test_lines_drop_blank_lines():
    assert lines("  一是压实责任 \n\n二是加强宣传\n") == ["一是压实责任", "二是加强宣传"]
