"""Texts follow the role (issue 25): the household page says names or ID numbers are masked
only where they are, and the sidebar names the user's own area. Real app under AppTest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access import web
from dashboard.access.roles import Identity

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
LATEST = dt.date(2018, 6, 30)
VILLAGE = "341182108206"


def run_as(monkeypatch, tmp_path, data_dir, identity: Identity, page: str | None = None):
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    monkeypatch.setenv("TUOPIN_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setattr(web, "_token", lambda: "a signed-in session")
    monkeypatch.setattr(web, "_signed_in", lambda _directory, _token: identity)
    app = AppTest.from_file(APP, default_timeout=120).run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def sidebar_text(app) -> str:
    parts = [m.value for m in app.sidebar.markdown] + [c.value for c in app.sidebar.caption]
    parts += [b.label for b in app.sidebar.button]
    return " ".join(parts)


@pytest.mark.parametrize(
    ("role", "masked"),
    [("analyst", None), ("leader", "身份证号已脱敏显示，姓名完整显示"), ("helper", None)],
)
def test_the_household_page_says_masked_only_where_it_is(
    monkeypatch, tmp_path, demo_dir, demo_sql, role, masked
):
    helper = demo_sql.sql("select min(helper_id) from households").fetchall()[0][0]
    identity = Identity(f"t-{role}", (role,), "", helper if role == "helper" else None)
    app = run_as(monkeypatch, tmp_path, demo_dir, identity, "views/household.py")
    captions = " ".join(c.value for c in app.caption)
    assert "按户编号" in captions
    if masked is None:
        assert "脱敏" not in captions
    else:
        assert masked in captions
        assert "姓名和身份证号均已脱敏" not in captions


def test_a_village_leaders_sidebar_names_his_village(monkeypatch, tmp_path, demo_dir, demo_sql):
    name = demo_sql.sql(
        "select village_name from villages where snapshot_date = $d and village_code = $v",
        params={"d": LATEST, "v": VILLAGE},
    ).fetchall()[0][0]
    app = run_as(monkeypatch, tmp_path, demo_dir, Identity("v", ("leader",), VILLAGE))
    shown = sidebar_text(app)
    assert name in shown
    assert "全部数据" not in shown and "区域 全部" not in shown
    assert f"区域 {name}" in shown  # the account line names it too, not its code


def test_a_helpers_sidebar_says_his_households_and_a_town_leaders_all_data(
    monkeypatch, tmp_path, demo_dir, demo_sql
):
    helper = demo_sql.sql("select min(helper_id) from households").fetchall()[0][0]
    app = run_as(monkeypatch, tmp_path, demo_dir, Identity("h", ("helper",), "", helper))
    assert "我的帮扶户" in sidebar_text(app) and "全部数据" not in sidebar_text(app)
    app = run_as(monkeypatch, tmp_path, demo_dir, Identity("l", ("leader",), ""))
    assert "全部数据" in sidebar_text(app)
