"""End to end: each role's navigation, a forbidden URL, lockout after 5 failures, sign-out.

One real `tuopin serve` over the demo with an instance folder holding one account per role,
and a lockout shortened to 3 seconds (`TUOPIN_LOCKOUT_MINUTES`) so the test waits for it to
pass instead of 15 minutes. Debian's Chromium drives it. The visitor's overview and programs
pages are kept as screenshots in test-output/ to be looked at.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from e2e.live import (
    Account,
    server_with_accounts,
    sign_in,
    sign_in_and_land,
    sign_out,
    signed_in,
    wait_for_run,
)
from playwright.sync_api import Page

from dashboard.access import audit
from dashboard.access.store import open_store

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
VILLAGE = "341182108206"
LOCKOUT_MINUTES = 0.05  # 3 seconds
# The sidebar's page titles (zh) each role must see, and some it must not.
NAVIGATION = {
    "leader1": ({"总览", "脱贫进度", "户档案", "汇报模式", "整改台账"}, {"SQL 控制台", "数据导入"}),
    "analyst1": ({"总览", "SQL 控制台", "数据质量", "数据导入", "户档案"}, {"用户管理"}),
    "helper1": ({"总览", "帮扶责任", "户档案", "口径定义"}, {"脱贫进度", "汇报模式", "SQL 控制台"}),
    "visitor1": (
        {"总览", "脱贫进度", "村情地图", "产业扶持", "帮扶政策", "汇报模式", "口径定义"},
        {"户档案", "帮扶责任", "自助分析", "SQL 控制台", "整改台账"},
    ),
    "admin1": ({"用户管理", "审计日志"}, {"总览", "户档案", "SQL 控制台"}),
}
FORBIDDEN = {
    "leader1": "sql",
    "analyst1": "users",
    "helper1": "progress",
    "visitor1": "household",
    "admin1": "household",
}


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="module")
def server(demo_dir, demo_sql, instance):
    helper_id = demo_sql.sql("select min(helper_id) from households").fetchall()[0][0]
    with server_with_accounts(
        demo_dir,
        instance,
        "e2e-roles-server.log",
        Account("leader1", ("leader",), VILLAGE),
        Account("analyst1", ("analyst",)),
        Account("helper1", ("helper",), "", helper_id),
        Account("visitor1", ("viewer",)),
        Account("admin1", ("admin",)),
        Account("locked1", ("leader",)),
        TUOPIN_LOCKOUT_MINUTES=str(LOCKOUT_MINUTES),
    ) as base:
        yield base


def navigation_titles(page: Page) -> set[str]:
    links = page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
    return {link.strip() for link in links}


@pytest.mark.parametrize("name", list(NAVIGATION))
def test_each_roles_navigation_and_a_forbidden_url(server, browser, name):
    context, page = signed_in(browser, server, name)
    titles = navigation_titles(page)
    present, absent = NAVIGATION[name]
    assert present <= titles, titles
    assert not absent & titles, titles
    page.goto(f"{server}/{FORBIDDEN[name]}")
    wait_for_run(page)
    assert "不允许访问" in page.inner_text("[data-testid='stMain']")
    context.close()


def test_the_visitors_pages_show_small_counts_and_no_list(server, browser):
    # A tall window: Streamlit scrolls inside its own container, so a full-page shot is not.
    context, page = signed_in(browser, server, "visitor1", viewport={"width": 1400, "height": 6000})
    (ROOT / "test-output").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "test-output" / "viewer-overview.png"), full_page=True)
    assert "Traceback" not in page.inner_text("body")
    page.goto(f"{server}/programs")
    wait_for_run(page)
    page.screenshot(path=str(ROOT / "test-output" / "viewer-programs.png"), full_page=True)
    main = page.inner_text("[data-testid='stMain']")
    assert "访客不显示户和人的名单" in main
    assert "户主" not in main and "Traceback" not in main
    assert "<5" in main
    context.close()


def test_lockout_after_five_failures_then_sign_in_after_the_wait_and_sign_out(
    server, context, instance
):
    page = context.new_page()
    for _attempt in range(5):
        assert "登录失败" in sign_in(page, server, "locked1", "wrong password!")
    # Locked: the right password is refused too, with the same words (nothing told).
    assert "登录失败" in sign_in(page, server, "locked1")
    reasons = [
        entry.detail.get("reason")
        for entry in audit.entries(open_store(folder=instance))
        if entry.event == "sign_in.failure" and entry.actor == "locked1"
    ]
    assert reasons[-1] == "throttled"
    time.sleep(LOCKOUT_MINUTES * 60 + 1)
    sign_in_and_land(page, server, "locked1")
    assert "locked1" in page.inner_text("[data-testid='stSidebar']")
    assert "已退出" in sign_out(page, server)
    page.goto(server)
    wait_for_run(page)
    assert "请先登录" in page.inner_text("[data-testid='stMain']")
