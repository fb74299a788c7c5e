"""The rectification ledger page (/ledger) driven headless with AppTest, run as its own script."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from dashboard.ledger import measures
from dashboard.ledger.store import Ledger

PAGE = str(Path(__file__).resolve().parent.parent / "dashboard" / "views" / "ledger.py")
TIMEOUT_SECONDS = 60
DAY = dt.date(2018, 6, 30)


def open_page(monkeypatch, data_dir: Path, role: str | None = None, **query_params: str) -> AppTest:
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    app = AppTest.from_file(PAGE, default_timeout=TIMEOUT_SECONDS)
    if role is not None:  # else the open demo's own identity (names masked)
        sign_in(app, role)
    app.query_params.update(query_params)
    app.run()
    assert not app.exception, [error.value for error in app.exception]
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_the_cards_are_the_ledgers_as_of_the_snapshot_for_the_chosen_village(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir, village="341182108206", overdue="1")
    problems = Ledger.of(demo_dir).frame()
    chosen = measures.select(problems, DAY, village_code="341182108206", overdue_only=True)
    assert metrics(app)["问题（件）"] == f"{len(chosen):,}"
    assert metrics(app)["逾期（件）"] == f"{len(chosen):,}"
    assert (
        app.query_params["village"] == ["341182108206"]
        or app.query_params["village"] == "341182108206"
    )


def test_a_save_on_a_version_someone_else_changed_is_refused_with_nothing_lost(
    monkeypatch, demo_dir
):
    app = open_page(monkeypatch, demo_dir, village="341182108206")
    problem_id = app.selectbox(key="ledger_pick").value
    ledger = Ledger.of(demo_dir)
    opened = ledger.get(problem_id)
    # Someone else saves first, from the command line or another browser.
    ledger.update(problem_id, version=opened["version"], actor="someone", measures="先到的措施")
    app.text_area[0].input("后到的措施")
    app.button[0].click()  # the form's save button
    app.run()
    assert any("没有保存" in error.value and "someone" in error.value for error in app.error)
    assert ledger.get(problem_id)["measures"] == "先到的措施"


def test_a_notice_is_made_on_the_page_and_audited(monkeypatch, demo_dir):
    from dashboard.access import audit
    from dashboard.access.store import open_store

    masked = open_page(monkeypatch, demo_dir)  # the open demo masks names: no notices
    assert "notice_village" not in [widget.key for widget in masked.selectbox]
    app = open_page(monkeypatch, demo_dir, role="analyst")
    app.selectbox(key="notice_village").set_value("341182108206")
    app.text_input(key="notice_phone").input("0550-8123456")
    app.button(key="notice_make").click()
    app.run()
    assert not app.exception
    store = open_store(demo_dir)
    made = [entry for entry in audit.entries(store) if entry.event == "notice.made"]
    assert made and made[-1].detail["village"] == "341182108206"
    assert made[-1].actor == "test-analyst"
