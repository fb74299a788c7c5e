"""The data-quality page (/quality) driven headless with AppTest, run as its own script."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from checks.fixture_town import SNAPSHOT, clean_town, row, write_town
from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from dashboard import checks
from tests import pages

PAGE = str(Path(__file__).resolve().parents[2] / "dashboard" / "views" / "quality.py")
TIMEOUT_SECONDS = 180  # the first run checks every rule against the snapshot's files


def open_page(monkeypatch, data_dir: Path, role: str = "analyst", **query_params: str) -> AppTest:
    return pages.open_page(
        monkeypatch,
        data_dir,
        PAGE,
        query_params,
        timeout=TIMEOUT_SECONDS,
        prepare=lambda app: sign_in(app, role),
    )


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def frames(app: AppTest) -> list:
    return [element.value for element in app.dataframe]


@pytest.fixture
def town_dir(tmp_path):
    """Two snapshots: one fault at the end of 2017, three in 2018 (two in 甲村, one in 乙村)."""
    data_dir = tmp_path / "data"
    earlier = clean_town()
    row(earlier, "households", "C")["exit_year"] = None  # C31 error, 乙村
    write_town(earlier, data_dir, dt.date(2017, 12, 31))
    town = clean_town()
    row(town, "households", "A")["housing_safe"] = False  # C01 error, 甲村
    row(town, "members", "A2")["health"] = "healthy"  # C13 warning, 甲村 (因病, all healthy)
    row(town, "members", "D2")["migrant_months"] = 0  # C21 warning, 乙村
    write_town(town, data_dir, SNAPSHOT)
    return data_dir


def test_counts_rows_and_masking_on_a_hand_made_town(monkeypatch, town_dir):
    app = open_page(monkeypatch, town_dir, role="demo")  # a role that sees no names
    assert not app.exception
    assert app.title[0].value == "数据疑点"
    shown = metrics(app)
    assert shown["疑点"] == "3 条"
    assert shown["错误（须更正）"] == "1 条"
    assert shown["待核实"] == "2 条"
    assert shown["涉及贫困户"] == "2 户"
    assert len(app.get("plotly_chart")) == 3  # by rule, by village, the trend across snapshots
    rules_table, villages_table, rows_table, _trend_table = frames(app)
    assert len(rules_table) == len(checks.catalogue()) > 30
    counted = dict(zip(rules_table["规则编号"], rules_table["条数"], strict=True))
    assert (counted["C01"], counted["C13"], counted["C21"], counted["C31"]) == (1, 1, 1, 0)
    by_village = dict(zip(villages_table["村"], villages_table["条数"], strict=True))
    assert by_village == {"甲村": 2, "乙村": 1}
    assert sorted(rows_table["规则编号"]) == ["C01", "C13", "C21"]
    details = " ".join(rows_table["具体情况"])
    assert "曹**" in details and "曹志强" not in details  # D2's name, masked
    # An analyst, who must phone the household, sees the name whole (the data layer decides).
    analyst = open_page(monkeypatch, town_dir)
    assert "曹志强" in " ".join(str(frame.value.to_string()) for frame in analyst.dataframe)
    # The busiest village is offered first, with its spreadsheet.
    assert app.selectbox(key="quality_village").value == "341182108200"
    assert app.query_params["village"] in ("341182108200", ["341182108200"])


def test_choosing_a_rule_shows_its_rows_and_explanation(monkeypatch, town_dir):
    app = open_page(monkeypatch, town_dir, rule="C21", lang="en")
    assert not app.exception
    assert app.title[0].value == "Data quality checks"
    rows = frames(app)[2]
    assert list(rows["Rule"]) == ["C21"]
    assert list(rows["Household"]) == ["household?household=D"]  # shown as D, a link
    assert any("Why it is flagged" in markdown.value for markdown in app.markdown)
    app.selectbox(key="quality_rule").set_value("C01").run()
    assert list(frames(app)[2]["Household"]) == ["household?household=A"]


def test_the_trend_counts_each_snapshot(monkeypatch, town_dir):
    app = open_page(monkeypatch, town_dir)
    assert not app.exception
    assert len(app.get("plotly_chart")) == 3
    trend = frames(app)[-1]
    by_rule = trend.set_index("规则编号")
    assert (by_rule.at["C31", "2017-12-31"], by_rule.at["C31", "2018-06-30"]) == (1, 0)
    assert (by_rule.at["C01", "2017-12-31"], by_rule.at["C01", "2018-06-30"]) == (0, 1)


def test_village_workbook_holds_only_that_villages_rows(town_dir):
    """The spreadsheet the village cadre gets: its own findings, masked, and the rules' meaning."""
    from dashboard.data import open_database

    database = open_database(town_dir)
    try:
        findings = checks.run_catalogue(database.run, SNAPSHOT)
        villages = database.run("gap_villages", snapshot_date=SNAPSHOT)
    finally:
        database.close()
    table = checks.findings_table(findings, villages, "zh")
    workbook = openpyxl.load_workbook(io.BytesIO(checks.village_workbook(table, "341182108201")))
    sheet = workbook["疑点明细"]
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert values[0][:7] == ["规则编号", "严重程度", "疑点", "村", "户编号", "人编号", "说明"]
    assert [line[0] for line in values[1:]] == ["C21"]
    assert values[1][3:6] == ["乙村", "D", "D2"]
    assert "曹**" in values[1][6]
    rules = [[cell.value for cell in line] for line in workbook["规则说明"].iter_rows()]
    assert rules[1][0] == "C21" and rules[1][2] == 1 and "务工" in rules[1][3]


def test_demo_shows_its_documented_errors(monkeypatch, demo_dir):
    """docs/demo-errors.md: on 2018-06-30 the errors are C04, C17 and C28, one each."""
    app = open_page(monkeypatch, demo_dir)
    assert not app.exception
    assert metrics(app)["错误（须更正）"] == "3 条"
    counted = dict(zip(frames(app)[0]["规则编号"], frames(app)[0]["条数"], strict=True))
    for rule_id in ("C04", "C13", "C17", "C21", "C28", "C29", "C37"):
        assert counted[rule_id] >= 1, rule_id
    assert any("docs/demo-errors.md" in info.value for info in app.info)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_snapshot_says_nothing_was_found(monkeypatch, empty_dir, lang):
    app = open_page(monkeypatch, empty_dir, lang=lang)
    assert not app.exception
    assert len(app.get("plotly_chart")) == 1  # villages (none): the rules' chart is a sentence
    expected = "未发现任何疑点" if lang == "zh" else "No rule finds anything"
    assert any(expected in success.value for success in app.success)


def test_no_snapshot_at_all(monkeypatch, tmp_path):
    app = open_page(monkeypatch, tmp_path / "nothing")
    assert not app.exception
    assert any("tuopin demo" in warning.value for warning in app.warning)


def test_finding_rows_link_to_the_household_profile(monkeypatch, demo_dir, demo_sql):
    """The C28 row's household (head and spouse of one sex, planted) opens its profile."""
    (household_id,) = demo_sql.execute(
        "select h.household_id from members as h join members as s "
        "on s.snapshot_date = h.snapshot_date and s.household_id = h.household_id "
        "where h.snapshot_date = date '2018-06-30' and h.relation = 'head' "
        "and s.relation = 'spouse' and s.sex = h.sex"
    ).fetchone()
    app = open_page(monkeypatch, demo_dir, rule="C28")
    assert not app.exception
    linked = [
        frame
        for frame in app.dataframe
        if json.loads(frame.proto.columns or "{}").get("户编号", {}).get("type_config", {})
        == {"type": "link", "display_text": "household=(.+)$"}
    ]
    assert len(linked) == 1
    assert list(linked[0].value["户编号"]) == [f"household?household={household_id}"]
