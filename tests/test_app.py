"""The Streamlit app driven headless with AppTest, on the demo and on an empty snapshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
TIMEOUT_SECONDS = 60  # the first run opens DuckDB and reads every snapshot's files


def run_app(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **query_params: str) -> AppTest:
    return pages.open_page(monkeypatch, data_dir, APP, query_params, timeout=TIMEOUT_SECONDS)


def metric_values(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def page_text(app: AppTest) -> str:
    return pages.page_text(app, "markdown", "caption", "info", "warning")


def test_overview_shows_the_reports_headline_numbers(monkeypatch, demo_dir):
    """On the demo's latest snapshot: 650 households, 1,372 people, 445 exited, 205 / 526 not."""
    app = run_app(monkeypatch, demo_dir)
    assert not app.exception
    values = metric_values(app)
    assert values["建档立卡贫困户"] == "650 户"
    assert values["建档立卡贫困人口"] == "1,372 人"
    assert values["已脱贫"] == "445 户"
    assert values["未脱贫"] == "205 户"
    # 526 not-exited people over the 43,000 registered residents.
    assert values["贫困发生率"] == f"{526 / 43000:.2%}"
    assert "205 户 · 526 人" in page_text(app)
    assert any("演示数据" in info.value for info in app.info)


def test_overview_shows_this_years_target_and_readiness(monkeypatch, demo_dir):
    """2018: the report's target of 300 people; the planned households split into ready / not."""
    app = run_app(monkeypatch, demo_dir)
    values = metric_values(app)
    assert values["目标"] == "300 人"
    assert values["本年已脱贫"] == "0 户"  # exits are decided at the year's end
    planned = int(values["计划本年脱贫"].removesuffix(" 户"))
    ready = int(values["已达脱贫标准"].removesuffix(" 户"))
    not_ready = int(values["尚未达标"].removesuffix(" 户"))
    assert planned == ready + not_ready
    assert 0 < not_ready < planned
    assert "收入低于贫困线" in page_text(app)


def test_overview_lists_villages_that_need_attention_with_links(monkeypatch, demo_dir):
    """The attention list names villages with reasons and links each to the map page."""
    app = run_app(monkeypatch, demo_dir)
    links = app.get("page_link")
    village_links = [link for link in links if "village=" in str(link.proto)]
    assert village_links, "no village links to the map"
    text = page_text(app)
    assert "未脱贫人口较多" in text and "贫困发生率较高" in text


def test_overview_in_english_for_an_earlier_snapshot(monkeypatch, demo_dir, demo_sql):
    """`?lang=en&snapshot=2015-12-31` gives English labels and that snapshot's numbers."""
    app = run_app(monkeypatch, demo_dir, lang="en", snapshot="2015-12-31")
    assert not app.exception
    values = metric_values(app)
    assert {"Registered households", "Exited households", "Poverty incidence"} <= set(values)
    (exited,) = demo_sql.execute(
        "select count(*) from households"
        " where snapshot_date = date '2015-12-31' and status = 'exited'"
    ).fetchone()
    # The report's 167 (2014) and 114 (2015), plus those of them that relapse later.
    assert exited >= 167 + 114
    assert values["Exited households"] == f"{exited:,}"
    assert values["Target"] == "220 people"
    assert app.selectbox(key="snapshot_picker").value.isoformat() == "2015-12-31"
    assert "Why not yet" in page_text(app) or values["Not yet meeting it"] == "0"


def test_overview_on_an_empty_snapshot_says_so(monkeypatch, empty_dir):
    """A snapshot without households shows a sentence, not a traceback."""
    app = run_app(monkeypatch, empty_dir)
    assert not app.exception
    assert any("没有登记任何贫困户" in warning.value for warning in app.warning)


def test_a_directory_without_snapshots_gets_instructions(monkeypatch, tmp_path):
    """No snapshot at all: the page tells the user to run `tuopin demo` or import."""
    app = run_app(monkeypatch, tmp_path / "nothing-here")
    assert not app.exception
    assert any("tuopin demo" in warning.value for warning in app.warning)
