"""The benefit-programs page (/programs) driven headless with AppTest: demo and empty snapshot,
both languages, the period and measure kept in the URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "dashboard" / "views" / "programs.py")
TIMEOUT_SECONDS = 90  # the first run opens DuckDB and runs some twenty queries


def open_programs(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **query_params: str) -> AppTest:
    """Run the page script on its own (no navigation): it must work without the sidebar."""
    return pages.open_page(monkeypatch, data_dir, PAGE, query_params, timeout=TIMEOUT_SECONDS)


def page_text(app: AppTest) -> str:
    return pages.page_text(app, "markdown", "caption", "info", "success", "warning", "metric")


def test_demo_page_shows_the_reports_figures(monkeypatch, demo_dir):
    app = open_programs(monkeypatch, demo_dir)
    assert not app.exception
    assert app.title[0].value == "帮扶政策"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["教育补助 2015–2017"] == "412 户次"  # F15
    assert metrics["雨露计划 2016–2017"] == "67 户"  # F16
    assert metrics["外出务工交通补助 2015–2017"] == "135 户次"  # F17
    assert metrics["2018年上半年教育补助"] == "123 人"  # F26
    assert metrics["2018年上半年光伏收益"] == "50 户"  # F31
    assert metrics["户贷企用"] == "312.00万元"  # F22
    assert metrics["自贷自用"] == "404.00万元"  # F24
    assert metrics["户贷企用分红"] == "21.84万元"  # F23
    assert metrics["小额信贷合计"] == "716.00万元"  # F25
    shown = page_text(app)
    for yuan in ("31.98万元", "17.40万元", "9.15万元", "7.60万元", "4.16万元"):
        assert yuan in shown
    assert "✗" not in shown  # every report figure agrees
    assert "78 户" in shown and "85 户" in shown
    assert "未享受教育补助" in shown and "未享受外出务工交通补助" in shown
    assert "所有成员都已参加基本医疗保险" in shown  # nobody uninsured in the demo
    assert "所有户都已签约家庭医生" in shown  # F21: 100%
    assert "疑似重复发放" in shown
    assert len(app.get("plotly_chart")) == 6
    assert len(app.tabs) == 6


def test_demo_page_in_english_counting_households_in_2017(monkeypatch, demo_dir):
    app = open_programs(monkeypatch, demo_dir, lang="en", period="2017", measure="households")
    assert not app.exception
    assert app.title[0].value == "Benefit programs"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Education aid 2015–2017"] == "412"
    assert metrics["All microloans"] == "¥7,160,000"
    shown = page_text(app)
    assert "household-years · ¥319,750 · report: 412 / ¥319,750 ✓ matches" in shown
    assert "2017: " in shown and "programs paid" in shown
    assert "falls due" in shown or "fall due" in shown
    assert app.selectbox[0].value == "2017"
    assert app.query_params["period"] in ("2017", ["2017"])
    assert app.query_params["measure"] in ("households", ["households"])


def test_choosing_a_year_changes_the_period_sentence(monkeypatch, demo_dir):
    app = open_programs(monkeypatch, demo_dir)
    app.selectbox[0].set_value("2015").run()
    assert not app.exception
    assert any(m.value.startswith("2015年共发放") for m in app.markdown)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_snapshot_says_so_in_words(monkeypatch, empty_dir, lang):
    app = open_programs(monkeypatch, empty_dir, lang=lang)
    assert not app.exception
    assert len(app.get("plotly_chart")) == 0
    assert len(app.warning) == 1
    assert len(app.info) >= 3  # programs, by year, loans, gaps: each a sentence
    expected = "没有任何补助发放" if lang == "zh" else "no benefit payment"
    assert any(expected in warning.value for warning in app.warning)


def test_page_module_is_thin():
    """No SQL, file access or group-by in the page: those live in queries and builders."""
    source = Path(PAGE).read_text(encoding="utf-8")
    for forbidden in ("duckdb", "read_parquet", ".groupby(", ".pivot_table(", "select "):
        assert forbidden not in source


def test_gap_lists_link_each_household_to_its_profile(monkeypatch, demo_dir):
    app = open_programs(monkeypatch, demo_dir)
    assert not app.exception
    linked = []
    for frame in app.dataframe:
        config = json.loads(frame.proto.columns or "{}").get("户编号", {})
        if config.get("type_config", {}).get("type") == "link":
            linked.append(frame.value)
    assert linked  # the gap lists (and the double payments) hold households
    for frame in linked:
        values = [value for value in frame["户编号"] if value is not None]
        assert values and all(value.startswith("household?household=") for value in values)
    # A table without households gets no link column.
    report = [frame for frame in app.dataframe if "户编号" not in frame.value.columns]
    assert report


def test_above_a_town_a_long_list_sends_its_first_500_rows(monkeypatch, county_dir):
    """A county's lists are cut for the browser (the files keep every row), a town's are not."""
    from dashboard.ui.components import MAX_TABLE_ROWS_ABOVE_TOWN

    app = open_programs(monkeypatch, county_dir)
    assert not app.exception, [error.value for error in app.exception]
    lengths = [len(frame.value) for frame in app.dataframe]
    assert max(lengths) == MAX_TABLE_ROWS_ABOVE_TOWN == 500, lengths
    cut = [c.value for c in app.caption if c.value.startswith("表中显示前 500 行，共 ")]
    assert cut and len(cut) == lengths.count(500)
