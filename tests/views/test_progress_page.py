"""The exit-progress page (/progress) driven headless with AppTest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
TIMEOUT_SECONDS = 60  # the first run opens DuckDB and reads every snapshot's files
PAGE = "views/progress.py"


def open_progress(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **query_params: str) -> AppTest:
    """Run the app once (st.navigation registers the pages), then switch to /progress."""
    return pages.open_through_app(
        monkeypatch, data_dir, PAGE, query_params, timeout=TIMEOUT_SECONDS, again_after_switch=True
    )


def page_text(app: AppTest) -> str:
    return pages.page_text(app, "markdown", "caption", "metric")


def test_demo_page_shows_the_reports_numbers(monkeypatch, demo_dir):
    app = open_progress(monkeypatch, demo_dir)
    assert not app.exception
    assert app.title[0].value == "脱贫进度"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["未脱贫"] == "205 户"
    assert metrics["累计脱贫"] == "445 户"
    shown = page_text(app)
    for year, households, people in (
        (2014, 167, 181),
        (2015, 114, 227),
        (2016, 65, 167),
        (2017, 99, 271),
    ):
        assert f"{year}年 {households} 户 {people} 人" in shown
    assert "205 户 · 526 人" in shown
    assert re.search(r"2018年全镇脱贫目标 \d+ 户 300 人", shown), shown
    assert len(app.get("plotly_chart")) == 5
    assert not app.info or all("演示数据" in info.value for info in app.info)


def test_demo_page_in_english_counting_people(monkeypatch, demo_dir):
    """`?lang=en&measure=people`: English labels, and the metrics count people."""
    app = open_progress(monkeypatch, demo_dir, lang="en", measure="people")
    assert not app.exception
    assert app.title[0].value == "Exit progress"
    metrics = {m.label: m.value for m in app.metric}
    # English cards hold the bare number (the measure toggle says what is counted).
    assert metrics["Not yet exited"] == "526"
    assert metrics["Exit target 2018"] == "300"
    assert "2017: 99 households, 271 people" in page_text(app)
    assert app.query_params["measure"] in ("people", ["people"])  # a str, or a list per key


def test_measure_toggle_switches_the_metrics(monkeypatch, demo_dir):
    app = open_progress(monkeypatch, demo_dir)
    app.get("button_group")[0].set_value("people").run()
    assert not app.exception
    assert {m.label: m.value for m in app.metric}["未脱贫"] == "526 人"


def test_an_earlier_snapshot_has_one_year_of_exits(monkeypatch, demo_dir):
    app = open_progress(monkeypatch, demo_dir, snapshot="2014-12-31", lang="en")
    assert not app.exception
    assert "2014: 167 households" in page_text(app)
    assert "2015:" not in page_text(app)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_snapshot_says_so_in_words(monkeypatch, empty_dir, lang):
    app = open_progress(monkeypatch, empty_dir, lang=lang)
    assert not app.exception
    assert len(app.get("plotly_chart")) == 0
    assert len(app.warning) >= 1
    assert len(app.info) >= 5  # every chart replaced by a sentence
    expected = "没有登记任何贫困户" if lang == "zh" else "no registered household"
    assert any(expected in warning.value for warning in app.warning)


def test_a_single_snapshot_says_there_is_nothing_to_compare(monkeypatch, demo_dir, tmp_path):
    """Only one snapshot: the half-year flows are a sentence, the rest of the page is drawn."""
    single = tmp_path / "single"
    (single / "snapshots").mkdir(parents=True)
    source = demo_dir / "snapshots" / "snapshot_date=2016-12-31"
    (single / "snapshots" / source.name).symlink_to(source, target_is_directory=True)
    app = open_progress(monkeypatch, single, lang="en")
    assert not app.exception
    assert any("only one snapshot" in info.value for info in app.info)
    assert len(app.get("plotly_chart")) == 4


def test_page_module_is_thin():
    """No SQL, file access or group-by in the page: those live in queries and builders."""
    source = (ROOT / "dashboard" / "views" / "progress.py").read_text(encoding="utf-8")
    for forbidden in ("duckdb.", "read_parquet", ".groupby(", ".pivot_table(", "select "):
        assert forbidden not in source
