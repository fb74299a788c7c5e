"""The Streamlit app driven headless with AppTest, on the demo and on an empty snapshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
TIMEOUT_SECONDS = 60  # the first run opens DuckDB and reads every snapshot's files


def run_app(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **query_params: str) -> AppTest:
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    for key, value in query_params.items():
        app.query_params[key] = value
    return app.run()


def metric_values(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_overview_shows_the_reports_headline_numbers(monkeypatch, demo_dir):
    """On the demo's latest snapshot the overview shows 650 households, 1,372 people, 445 / 205."""
    app = run_app(monkeypatch, demo_dir)
    assert not app.exception
    values = metric_values(app)
    assert values["建档立卡贫困户"] == "650 户"
    assert values["建档立卡贫困人口"] == "1,372 人"
    assert values["已脱贫"] == "445 户"
    assert values["未脱贫"] == "205 户"
    captions = " ".join(caption.value for caption in app.caption)
    assert "205 户 · 526 人" in captions
    assert any("演示数据" in info.value for info in app.info)


def test_overview_in_english_for_an_earlier_snapshot(monkeypatch, demo_dir):
    """`?lang=en&snapshot=2015-12-31` gives English labels and that snapshot's numbers."""
    app = run_app(monkeypatch, demo_dir, lang="en", snapshot="2015-12-31")
    assert not app.exception
    values = metric_values(app)
    assert set(values) == {
        "Registered households",
        "Registered people",
        "Exited households",
        "Households not yet exited",
    }
    # 167 exited in 2014 and 114 in 2015 (the report's), plus 2 that relapse later: 283.
    assert values["Exited households"] == "283"
    assert app.selectbox(key="snapshot_picker").value.isoformat() == "2015-12-31"


def test_overview_on_an_empty_snapshot_says_so(monkeypatch, empty_dir):
    """A snapshot without households shows zeros and a sentence, not a traceback."""
    app = run_app(monkeypatch, empty_dir)
    assert not app.exception
    assert metric_values(app)["建档立卡贫困户"] == "0 户"
    assert any("没有登记任何贫困户" in warning.value for warning in app.warning)


def test_a_directory_without_snapshots_gets_instructions(monkeypatch, tmp_path):
    """No snapshot at all: the page tells the user to run `tuopin demo` or import."""
    app = run_app(monkeypatch, tmp_path / "nothing-here")
    assert not app.exception
    assert any("tuopin demo" in warning.value for warning in app.warning)
