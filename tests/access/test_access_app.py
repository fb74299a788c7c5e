"""The app under AppTest: sign-in asked for, a signed-in leader's village, role navigation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access import accounts, web
from dashboard.access.sessions import create_session
from dashboard.access.store import open_store

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT_SECONDS = 90
PASSWORD = "correct horse battery"
VILLAGE = "341182108206"
LATEST = dt.date(2018, 6, 30)


@pytest.fixture
def instance(tmp_path, monkeypatch):
    folder = tmp_path / "instance"
    monkeypatch.setenv("TUOPIN_INSTANCE", str(folder))
    return open_store(folder=folder)


def run_app(monkeypatch, data_dir, token=None) -> AppTest:
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    monkeypatch.setattr(web, "_token", lambda: token)
    return AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS).run()


def test_the_demo_asks_for_sign_in_and_shows_nothing(
    monkeypatch, demo_dir, instance, no_in_process_identity
):
    accounts.add_user(instance, "leader1", PASSWORD, roles=("leader",), area=VILLAGE, actor="t")
    app = run_app(monkeypatch, demo_dir)
    assert not app.exception
    assert "请先登录" in [header.value for header in app.header]
    assert len(app.metric) == 0


def test_a_forged_token_is_not_signed_in(monkeypatch, demo_dir, instance, no_in_process_identity):
    accounts.add_user(instance, "leader1", PASSWORD, roles=("leader",), area=VILLAGE, actor="t")
    app = run_app(monkeypatch, demo_dir, token="forged-token-value")
    assert "请先登录" in [header.value for header in app.header]


def test_a_signed_in_leader_sees_the_numbers_of_their_village(
    monkeypatch, demo_dir, demo_sql, instance
):
    user = accounts.add_user(
        instance, "leader1", PASSWORD, roles=("leader",), area=VILLAGE, actor="t"
    )
    app = run_app(monkeypatch, demo_dir, token=create_session(instance, user))
    assert not app.exception
    expected = demo_sql.sql(
        "select count(*) from households where snapshot_date = $d and village_code = $v "
        "and status <> 'removed'",
        params={"d": LATEST, "v": VILLAGE},
    ).fetchall()[0][0]
    values = {metric.label: metric.value for metric in app.metric}
    assert values["建档立卡贫困户"] == f"{expected:,} 户"
    assert expected < 650  # the town has 650: the leader's number is their village's


def test_imported_data_without_accounts_asks_for_sign_in(monkeypatch, tmp_path, demo_dir):
    import shutil

    data_dir = tmp_path / "imported"
    shutil.copytree(demo_dir, data_dir)
    for manifest in data_dir.glob("snapshots/*/manifest.json"):
        manifest.write_text(
            manifest.read_text(encoding="utf-8").replace('"demo"', '"import"'), encoding="utf-8"
        )
    monkeypatch.delenv("TUOPIN_INSTANCE", raising=False)
    assert web.holds_real_register(data_dir)
    app = run_app(monkeypatch, data_dir)
    assert "请先登录" in [header.value for header in app.header]
    assert any("tuopin users add" in warning.value for warning in app.warning)


def test_a_visitor_sees_the_overview_without_a_traceback(monkeypatch, demo_dir, instance):
    user = accounts.add_user(instance, "visitor1", PASSWORD, roles=("viewer",), area="", actor="t")
    app = run_app(monkeypatch, demo_dir, token=create_session(instance, user))
    assert not app.exception, app.exception
    assert len(app.metric) > 0


@pytest.mark.parametrize("view", ["progress", "village_map", "industry", "programs", "present"])
def test_a_visitor_opens_each_of_their_pages(monkeypatch, demo_dir, instance, view):
    user = accounts.add_user(instance, "visitor1", PASSWORD, roles=("viewer",), area="", actor="t")
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    monkeypatch.setattr(web, "_token", lambda: create_session(instance, user))
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS).run()
    app.switch_page(f"views/{view}.py").run()
    assert not app.exception, app.exception


def test_opening_a_household_is_audited_once_and_outside_the_area_shows_nothing(
    monkeypatch, demo_dir, demo_sql, instance
):
    from dashboard.access import audit

    user = accounts.add_user(
        instance, "leader1", PASSWORD, roles=("leader",), area=VILLAGE, actor="t"
    )
    token = create_session(instance, user)
    inside, outside = (
        demo_sql.sql(
            f"select min(household_id) from households where snapshot_date = $d "
            f"and village_code {sign} $v",
            params={"d": LATEST, "v": VILLAGE},
        ).fetchall()[0][0]
        for sign in ("=", "<>")
    )
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    monkeypatch.setattr(web, "_token", lambda: token)
    page = str(Path(APP).parent / "views" / "household.py")
    app = AppTest.from_file(page, default_timeout=TIMEOUT_SECONDS)
    app.query_params["household"] = inside
    app.run()
    assert not app.exception
    app.run()  # a rerun is not a second opening
    opened = [e for e in audit.entries(instance) if e.event == "household.opened"]
    assert [(e.actor, e.detail["household_id"]) for e in opened] == [("leader1", inside)]
    other = AppTest.from_file(page, default_timeout=TIMEOUT_SECONDS)
    other.query_params["household"] = outside
    other.run()
    assert not other.exception
    assert len(other.warning) > 0  # "not found": outside the area there is no such household
    opened = [
        e.detail["household_id"] for e in audit.entries(instance) if e.event == "household.opened"
    ]
    assert opened == [inside]
