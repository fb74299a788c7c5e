"""A county's own monitoring line (本县自定) set on /monitoring by an analyst (issue 27 item 2),
driven with AppTest on the hand-made 2023 town of `tests/monitoring_town.py` (county 明光市
341182, every household's income of 2023; the national floor of 6,000 yuan applies).

With 9,000 yuan for 2023 the early warning gains D (7,000 yuan a head: under 1.1 × 9,000), which
the floor (6,600 with the margin) left out; the other values are typed here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from monitoring_town import monitoring_town, write_monitoring_town
from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from dashboard.access import audit
from dashboard.definitions import MonitoringLineError, write_county_line

PAGE = str(Path(__file__).resolve().parents[2] / "dashboard" / "views" / "monitoring.py")
TIMEOUT_SECONDS = 180
SOURCE = "明光市乡村振兴局 明振〔2023〕5号"


def open_page(monkeypatch, data_dir: Path, role: str, area: str = "") -> AppTest:
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    monkeypatch.setenv("TUOPIN_INSTANCE", str(data_dir.parent / "instance"))
    app = sign_in(AppTest.from_file(PAGE, default_timeout=TIMEOUT_SECONDS), role, area)
    return app.run()


def table(app: AppTest, column: str):
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def save_button(app: AppTest):
    """The form's submit button."""
    return next(button for button in app.button if button.label == "保存本县监测线")


def clue_households(app: AppTest, clue: str) -> set[str]:
    clues = table(app, "原因")
    return {
        link.rsplit("=", 1)[-1]
        for link, label in zip(clues["户编号"], clues["线索"], strict=True)
        if label == clue
    }


def test_an_analyst_sets_the_countys_line_and_the_page_uses_it(monkeypatch, tmp_path):
    data_dir = write_monitoring_town(monitoring_town(), tmp_path / "data")
    app = open_page(monkeypatch, data_dir, "analyst")
    assert not app.exception
    assert clue_households(app, "收入接近或低于监测线") == {"C", "F"}  # 6,000 and 6,500
    lines = table(app, "监测线（元/人·年）")
    assert list(lines["本县自定"])[-1] == "否"
    app.selectbox(key="monitoring_line_county").set_value("341182")
    app.number_input(key="monitoring_line_year").set_value(2023)
    app.number_input(key="monitoring_line_yuan").set_value(9000)
    app.selectbox(key="monitoring_line_basis").set_value("set")
    app.text_input(key="monitoring_line_source").input(SOURCE)
    save_button(app).click().run()
    assert not app.exception
    assert any("9,000" in s.value and "本县自定" in s.value for s in app.success)
    lines = table(app, "监测线（元/人·年）")
    last = lines.iloc[-1]
    assert (last["年度"], last["监测线（元/人·年）"], last["本县自定"]) == (2023, "9,000元", "是")
    assert last["取自"] == "本县自定（2023年）"
    assert clue_households(app, "收入接近或低于监测线") == {"C", "D", "F"}
    # stored where monitoring_line_override reads it, and audited
    with open(tmp_path / "instance" / "monitoring_line.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows == [
        {"region_code": "341182", "region_name": "明光市", "year": "2023", "line_yuan": "9000",
         "basis": "set", "source": SOURCE},
    ]  # fmt: skip
    [entry] = [
        e for e in audit.entries(audit.open_store(data_dir)) if e.event == "monitoring_line.set"
    ]
    assert entry.actor == "test-analyst"
    assert (entry.detail["county"], entry.detail["year"], entry.detail["line_yuan"]) == (
        "341182",
        2023,
        9000,
    )
    assert entry.detail["previous"] is None


def test_a_source_is_required_and_nothing_is_written_without_it(monkeypatch, tmp_path):
    data_dir = write_monitoring_town(monitoring_town(), tmp_path / "data")
    app = open_page(monkeypatch, data_dir, "analyst")
    app.number_input(key="monitoring_line_yuan").set_value(9000)
    save_button(app).click().run()
    assert not app.exception
    assert any("来源" in error.value for error in app.error)
    assert not (tmp_path / "instance" / "monitoring_line.csv").exists()


@pytest.mark.parametrize(("role", "area"), [("leader", ""), ("analyst", "341182108")])
def test_who_may_not_set_it_sees_no_form(monkeypatch, tmp_path, role, area):
    """A leader reads; a town's analyst would set the line of his county's other towns."""
    data_dir = write_monitoring_town(monitoring_town(), tmp_path / "data")
    app = open_page(monkeypatch, data_dir, role, area)
    assert not app.exception
    assert not [b for b in app.button if b.label == "保存本县监测线"]


def test_a_second_line_replaces_the_same_year_and_keeps_the_others(tmp_path):
    override = tmp_path / "monitoring_line.csv"
    row = {"region_code": "341182", "region_name": "明光市", "year": 2023, "line_yuan": 9000,
           "basis": "set", "source": SOURCE}  # fmt: skip
    assert write_county_line(override, row) is None
    write_county_line(override, {**row, "year": 2024, "line_yuan": 9500})
    previous = write_county_line(override, {**row, "line_yuan": 8800, "basis": "reference"})
    assert (previous["line_yuan"], previous["basis"]) == (9000, "set")
    with open(override, encoding="utf-8") as handle:
        kept = [(r["year"], r["line_yuan"], r["basis"]) for r in csv.DictReader(handle)]
    assert kept == [("2023", "8800", "reference"), ("2024", "9500", "set")]
    with pytest.raises(MonitoringLineError, match="6-digit"):
        write_county_line(override, {**row, "region_code": "34"})
    with pytest.raises(MonitoringLineError, match="where the line comes from"):
        write_county_line(override, {**row, "source": " "})
