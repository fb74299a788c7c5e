"""The pages on the demo town's latest snapshot, 2025-12-31: every household exited, monitoring
objects and monitored_only households on the list. Nothing may crash, and the register's
figures count registered households only (monitored_only ones are not poor households)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT_SECONDS = 120
PAGES = (
    "views/progress.py",
    "views/helper_accountability.py",
    "views/programs.py",
    "views/industry.py",
    "views/quality.py",
    "views/compare.py",
    "views/village_map.py",
    "views/ledger.py",
    "views/pivot_explorer.py",
)


def open_app(monkeypatch: pytest.MonkeyPatch, data_dir: Path, page: str | None = None) -> AppTest:
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    app.run()
    if page is not None:
        app.switch_page(page)
        app.run()
    return app


def test_overview_on_2025_counts_the_register_only(monkeypatch, full_demo_dir):
    """650 registered households, all exited; the 38 monitored_only households are not counted."""
    app = open_app(monkeypatch, full_demo_dir)
    assert not app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["建档立卡贫困户"] == "650 户"
    assert metrics["已脱贫"] == "650 户"
    assert metrics["未脱贫"] == "0 户"
    assert metrics["贫困发生率"] == "0.00%"


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_2025(monkeypatch, full_demo_dir, page):
    """Each page runs on the latest snapshot without an exception or an error box."""
    app = open_app(monkeypatch, full_demo_dir, page)
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def test_compare_2024_to_2025_counts_no_monitored_only_people(monkeypatch, full_demo_dir):
    """A new monitored_only household in 2025 is no new person on the poverty register."""
    monkeypatch.setenv("TUOPIN_DATA", str(full_demo_dir))
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    app.run()
    app.switch_page("views/compare.py")
    app.query_params["from"] = "2024-12-31"
    app.query_params["to"] = "2025-12-31"
    app.run()
    assert not app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["新识别户"] == "0"
    assert metrics["新增人口"] == "0"


def test_household_page_of_a_monitored_only_household(monkeypatch, full_demo_sql, full_demo_dir):
    """An ordinary household under monitoring (no 贫困户属性) opens, labelled as such."""
    household_id = full_demo_sql.execute(
        "select min(household_id) from households "
        "where snapshot_date = '2025-12-31' and status = 'monitored_only'"
    ).fetchone()[0]
    monkeypatch.setenv("TUOPIN_DATA", str(full_demo_dir))
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    app.run()
    app.switch_page("views/household.py")
    app.query_params["household"] = household_id
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["状态"] == "一般农户（监测对象）"
