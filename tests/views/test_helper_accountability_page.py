"""The helper-accountability page (/helpers) driven headless with AppTest, run directly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ui import state
from tests import pages

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "dashboard" / "views" / "helper_accountability.py"
TIMEOUT_SECONDS = 90  # the first run opens DuckDB and reads every snapshot's files


def open_page(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **query_params: str) -> AppTest:
    return pages.open_page(monkeypatch, data_dir, PAGE, query_params, timeout=TIMEOUT_SECONDS)


def page_text(app: AppTest) -> str:
    return pages.page_text(app, "markdown", "caption", "metric", "success", "info")


def test_demo_page_in_chinese(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir)
    assert not app.exception
    assert app.title[0].value == "帮扶责任"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["市镇帮扶责任人"] == "143 人"  # F12
    assert metrics["村级联系人"] == "76 人"  # F13
    assert metrics["帮扶 3–5 户的责任人"] == "143 人"
    assert metrics["缺帮扶人的户"] == "0 户"
    assert {"30 天未走访", "60 天未走访", "90 天未走访"} <= metrics.keys()
    shown = page_text(app)
    assert "市级 62 人 · 镇级 81 人" in shown
    assert "全部 650 户都有市镇帮扶责任人和村级联系人" in shown
    assert "近 12 个月对所帮扶户平均每户走访不到 1 次" in shown
    assert len(app.get("plotly_chart")) == 8
    assert not app.info


def test_demo_page_in_english_with_a_window(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir, lang="en", days="30")
    assert not app.exception
    assert app.title[0].value == "Helper accountability"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["City and town helpers"] == "143 helpers"
    assert metrics["Village contacts"] == "76 helpers"
    assert "Ranked by households not visited within 30 days" in page_text(app)
    assert app.get("button_group")[0].value == 30
    assert app.query_params["days"] in ("30", ["30"])


def test_window_picker_changes_the_ranking(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir, lang="en")
    assert "within 90 days" in page_text(app)  # the default
    app.get("button_group")[0].set_value(60).run()
    assert not app.exception
    assert "within 60 days" in page_text(app)


def test_a_bad_window_falls_back_to_the_default(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir, lang="en", days="7")
    assert not app.exception
    assert app.get("button_group")[0].value == 90


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_snapshot_says_so_in_words(monkeypatch, empty_dir, lang):
    app = open_page(monkeypatch, empty_dir, lang=lang)
    assert not app.exception
    assert len(app.get("plotly_chart")) == 0
    assert len(app.warning) == 1
    assert len(app.info) >= 6  # every chart and list replaced by a sentence
    expected = "没有帮扶人员" if lang == "zh" else "no helper"
    assert expected in app.warning[0].value


def test_an_early_snapshot_before_any_visit(monkeypatch, demo_dir):
    """On 2014-12-31 (the demo's visit records start in 2015) every household is overdue."""
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    app = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT_SECONDS)
    app.query_params["lang"] = "en"
    app.session_state[state.SNAPSHOT_KEY] = dt.date(2014, 12, 31)
    app.run()
    assert not app.exception
    assert "31 Dec 2014" in app.caption[0].value
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["City and town helpers"] == "143 helpers"
    overdue = {metrics[f"Not visited in {days} days"] for days in (30, 60, 90)}
    assert len(overdue) == 1  # nobody visited at all: the same count in every window
    assert any("No visit was recorded in the last 12 months" in i.value for i in app.info)


def test_page_module_is_thin():
    """No SQL, file access or group-by in the page: those live in queries and builders."""
    source = PAGE.read_text(encoding="utf-8")
    for forbidden in ("duckdb", "read_parquet", ".groupby(", ".pivot_table(", "select "):
        assert forbidden not in source
