"""The industry-support page (/industry) driven headless with AppTest, run on its own."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "dashboard" / "views" / "industry.py"
TIMEOUT_SECONDS = 60  # the first run opens DuckDB and reads every snapshot's files
CHARTS_ON_THE_DEMO = 9  # treemap, ranked items, village shares, concentration, year,
# half-year, batch, reach shares, yuan per household


def open_industry(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **query_params: str) -> AppTest:
    return pages.open_page(monkeypatch, data_dir, PAGE, query_params, timeout=TIMEOUT_SECONDS)


def metrics(app: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in app.metric]


def page_text(app: AppTest) -> str:
    return pages.page_text(app, "markdown", "caption", "metric", "subheader")


def url(app: AppTest, key: str) -> str:
    value = app.query_params[key]
    return value[0] if isinstance(value, list) else value


def test_demo_page_shows_the_reports_figures(monkeypatch, demo_dir):
    app = open_industry(monkeypatch, demo_dir)
    assert not app.exception
    assert app.title[0].value == "产业扶持"
    # The period (F27-F29), then the current half-year (F30).
    assert metrics(app) == [
        ("项目", "475 项"),
        ("资金", "59.82万元"),
        ("涉及贫困户", "368 户"),
        ("项目", "39 项"),
        ("资金", "4.93万元"),
        ("涉及贫困户", "30 户"),
    ]
    shown = page_text(app)
    assert "合计 598,160 元" in shown and "合计 49,300 元" in shown
    assert "特色养殖 220 项、361,070 元" in shown
    assert "特色种植 255 项、237,090 元" in shown
    assert "本半年：2018年上半年" in shown
    assert "2017年1月1日 至 2018年6月30日" in shown
    assert "赫芬达尔指数" in shown and "平方后相加" in shown  # how the index is computed
    # The peanut-and-chicken villages are flagged in words.
    assert re.search(r"山东村：(养鸡与花生|花生与养鸡)占\d+%", shown), shown
    assert len(app.get("plotly_chart")) == CHARTS_ON_THE_DEMO
    assert not app.info
    assert url(app, "paid_from") == "2017-01-01" and url(app, "paid_to") == "2018-06-30"


def test_demo_page_in_english(monkeypatch, demo_dir):
    app = open_industry(monkeypatch, demo_dir, lang="en")
    assert not app.exception
    assert app.title[0].value == "Industry support"
    assert metrics(app)[:3] == [
        ("Projects", "475 projects"),
        ("Yuan", "¥598,160"),
        ("Households reached", "368 households"),
    ]
    assert metrics(app)[3:] == [
        ("Projects", "39 projects"),
        ("Yuan", "¥49,300"),
        ("Households reached", "30 households"),
    ]
    shown = page_text(app)
    assert "Breeding support: 220 projects, ¥361,070" in shown
    assert "Herfindahl index" in shown
    assert re.search(r"山东村: (Chickens and Peanuts|Peanuts and Chickens) take \d+%", shown)
    assert len(app.get("plotly_chart")) == CHARTS_ON_THE_DEMO


def test_period_comes_from_the_url_and_goes_back(monkeypatch, demo_dir):
    """`?paid_from=2018-01-01`: the period's numbers are 2018 H1's (F30)."""
    app = open_industry(monkeypatch, demo_dir, paid_from="2018-01-01", measure="households")
    assert not app.exception
    assert metrics(app)[:3] == [("项目", "39 项"), ("资金", "4.93万元"), ("涉及贫困户", "30 户")]
    assert url(app, "paid_from") == "2018-01-01"
    assert url(app, "measure") == "households"


def test_changing_the_period_and_measure(monkeypatch, demo_dir):
    app = open_industry(monkeypatch, demo_dir)
    app.date_input(key="industry_paid_to").set_value(dt.date(2017, 12, 31))
    app.run()
    assert not app.exception
    assert metrics(app)[0] == ("项目", "436 项")  # 2017 alone: 475 since 2017 less 2018 H1's 39
    assert url(app, "paid_to") == "2017-12-31"
    app.get("button_group")[0].set_value("projects").run()
    assert not app.exception
    assert url(app, "measure") == "projects"


def test_a_reversed_period_is_swapped_and_said(monkeypatch, demo_dir):
    app = open_industry(monkeypatch, demo_dir, paid_from="2018-06-30", paid_to="2017-01-01")
    assert not app.exception
    assert any("起始日期晚于截止日期" in warning.value for warning in app.warning)
    assert metrics(app)[0] == ("项目", "475 项")


def test_a_period_with_nothing_paid_says_so(monkeypatch, demo_dir):
    app = open_industry(
        monkeypatch, demo_dir, paid_from="2015-01-01", paid_to="2015-12-31", lang="en"
    )
    assert not app.exception
    assert metrics(app)[0] == ("Projects", "0 projects")
    assert sum("No industry subsidy was paid" in info.value for info in app.info) >= 5
    assert len(app.get("plotly_chart")) == 0


def test_an_earlier_snapshot_defaults_to_its_own_year(monkeypatch, demo_dir, demo_sql):
    """Before 2017 the report's window is empty: 2016-12-31 counts 2016's payments, as a plain
    count over the Parquet files does."""
    (expected,) = demo_sql.execute(
        "select count(*) from payments where snapshot_date = ? and program like 'industry%'"
        " and year(paid_date) = 2016",
        [dt.date(2016, 12, 31)],
    ).fetchone()
    assert expected > 0
    app = open_industry(monkeypatch, demo_dir, snapshot="2016-12-31")
    assert not app.exception
    assert url(app, "paid_from") == "2016-01-01"
    assert metrics(app)[0] == ("项目", f"{expected:,} 项")
    assert "本半年：2016年下半年" in page_text(app)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_snapshot_says_so_in_words(monkeypatch, empty_dir, lang):
    app = open_industry(monkeypatch, empty_dir, lang=lang)
    assert not app.exception
    assert len(app.get("plotly_chart")) == 0
    assert len(app.info) >= 6  # every section replaced by a sentence
    expected = "没有特色种养业补助" if lang == "zh" else "No industry subsidy"
    assert any(expected in info.value for info in app.info)


def test_page_module_is_thin():
    """No SQL, file access or group-by in the page: those live in queries and builders."""
    source = PAGE.read_text(encoding="utf-8")
    for forbidden in ("duckdb", "read_parquet", ".groupby(", ".pivot_table(", "select "):
        assert forbidden not in source
