"""End to end: signing in, role navigation and signing out through the real `tuopin serve`.

The server runs over the demo with an instance folder that has accounts (so sign-in is on),
and Debian's Chromium drives it. Checked: the cookie's flags (HttpOnly, SameSite=Strict, not
readable by page script), a reload keeps the session, a leader's navigation lacks the SQL
console and its URL says "not permitted", a wrong password is refused, sign-out ends the
session on the server (the old cookie, put back, opens nothing) and the server stays up.
"""

from __future__ import annotations

import urllib.request

import pytest
from e2e.live import (
    Account,
    main_text,
    server_with_accounts,
    sign_in,
    sign_in_and_land,
    sign_out,
    wait_for_run,
)

from dashboard.access.sessions import COOKIE_NAME

pytestmark = pytest.mark.e2e

VILLAGE = "341182108206"


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_dir):
    with server_with_accounts(
        demo_dir,
        tmp_path_factory.mktemp("instance"),
        "e2e-sign-in-server.log",
        Account("leader1", ("leader",), VILLAGE),
        Account("analyst1", ("analyst",)),
    ) as base:
        yield base


def test_sign_in_reload_navigation_and_sign_out(server, context):
    page = context.new_page()
    page.goto(server)
    wait_for_run(page)
    assert "请先登录" in main_text(page)  # nothing of the register before signing in
    assert "650 户" not in main_text(page)

    assert "登录失败" in sign_in(page, server, "leader1", "wrong password!")
    assert not [c for c in context.cookies() if c["name"] == COOKIE_NAME]

    sign_in_and_land(page, server, "leader1", landing="")
    cookie = next(c for c in context.cookies() if c["name"] == COOKIE_NAME)
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/"
    assert COOKIE_NAME not in page.evaluate("document.cookie")
    sidebar = page.inner_text("[data-testid='stSidebar']")
    assert "leader1" in sidebar
    assert "SQL" not in sidebar  # the console is absent from a leader's navigation

    page.reload()
    wait_for_run(page)
    assert "leader1" in page.inner_text("[data-testid='stSidebar']")

    page.goto(f"{server}/sql")
    wait_for_run(page)
    assert "不允许访问" in main_text(page)

    assert "已退出" in sign_out(page, server)
    assert not [c for c in context.cookies() if c["name"] == COOKIE_NAME]
    page.goto(server)
    wait_for_run(page)
    assert "请先登录" in main_text(page)

    # The old cookie, put back, opens nothing: the session ended on the server.
    context.add_cookies([cookie])
    page.goto(server)
    wait_for_run(page)
    assert "请先登录" in main_text(page)
    with urllib.request.urlopen(f"{server}/_stcore/health", timeout=5) as response:
        assert response.status == 200


def test_an_analyst_opens_the_sql_console(server, context):
    page = context.new_page()
    sign_in_and_land(page, server, "analyst1", landing="")
    page.goto(f"{server}/sql")
    wait_for_run(page)
    assert "不允许访问" not in main_text(page)
    assert "SQL" in main_text(page)
