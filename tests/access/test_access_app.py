"""The app under AppTest: sign-in asked for, a signed-in leader's village, role navigation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access import accounts, web
from dashboard.access.sessions import create_session

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT_SECONDS = 90
PASSWORD = "correct horse battery"
VILLAGE = "341182108206"
LATEST = dt.date(2018, 6, 30)


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


PERSONAL_HEADERS = ("户编号", "户主", "成员", "帮扶干部", "姓名", "人编号", "贷款编号")


@pytest.mark.parametrize("view", ["progress", "village_map", "industry", "programs"])
def test_a_visitor_sees_aggregates_with_small_counts_and_no_list(
    monkeypatch, demo_dir, instance, view
):
    user = accounts.add_user(instance, "visitor1", PASSWORD, roles=("viewer",), area="", actor="t")
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    monkeypatch.setattr(web, "_token", lambda: create_session(instance, user))
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS).run()
    if view == "village_map":
        app.query_params["village"] = VILLAGE
    app.switch_page(f"views/{view}.py").run()
    assert not app.exception, app.exception
    tables = [table.value for table in app.dataframe]
    assert tables, "the aggregates are shown"
    for table in tables:
        headers = " ".join(str(column) for column in table.columns)
        assert not any(word in headers for word in PERSONAL_HEADERS), headers
    cells = {str(value) for table in tables for value in table.to_numpy().ravel()}
    if view != "village_map":  # the town's tables have cells of 1-4 households
        assert "<5" in cells
    assert not {str(n) for n in range(1, 5)} & {
        str(value)
        for table in tables
        for column in table.columns
        if str(column).endswith("户数")
        for value in table[column]
    }
    if view in ("programs", "village_map"):
        captions = " ".join(str(caption.value) for caption in app.caption)
        assert "访客不显示户和人的名单" in captions


def test_a_visitors_overview_writes_changes_of_one_to_four_as_less_than_five(
    monkeypatch, demo_dir, instance
):
    user = accounts.add_user(instance, "visitor1", PASSWORD, roles=("viewer",), area="", actor="t")
    app = run_app(monkeypatch, demo_dir, token=create_session(instance, user))
    assert not app.exception
    deltas = {metric.label: metric.proto.delta for metric in app.metric}
    assert deltas["建档立卡贫困人口"] == "<5"  # 1,372 people, one fewer than the snapshot before
    for label, delta in deltas.items():
        digits = delta.lstrip("+-−")
        assert not (digits.isdigit() and 0 < int(digits) < 5), (label, delta)
