"""End to end: the demo served with sign-in and its printed accounts, and `--no-auth`.

A real `tuopin serve` each time. Without `--no-auth` the demo asks for sign-in and prints one
account per role (read back from the server's own output, as a person reads the terminal);
one signs in over plain HTTP (the cookie's flags), another in Chromium (its name in the
sidebar, its role's navigation). With `--no-auth` the demo opens without sign-in. Screenshots
in test-output/e2e/serve-*.png.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from e2e.live import ROOT, new_context, sign_in, tuopin_server, wait_for_run

from dashboard.access.sessions import COOKIE_NAME

pytestmark = pytest.mark.e2e

SCREENSHOTS = ROOT / "test-output" / "e2e"
ACCOUNT_LINE = re.compile(r"^\s+(demo-[a-z]+)\s+([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})\s", re.M)


@pytest.fixture
def page(browser):
    context = new_context(browser)
    yield context.new_page()
    context.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments, **keywords):
        return None


def post_sign_in(base: str, name: str, password: str):
    """POST the sign-in form as a browser would; the response, not followed."""
    body = urllib.parse.urlencode({"name": name, "password": password}).encode()
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(urllib.request.Request(f"{base}/auth/sign-in", data=body), timeout=60)
    except urllib.error.HTTPError as answer:  # 303 (not followed) and 401 come back as errors
        return answer


def test_the_demo_asks_for_sign_in_and_a_printed_account_signs_in(demo_dir, tmp_path, page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log = "e2e-serve-demo-accounts.log"
    instance = tmp_path / "demo.instance"
    with tuopin_server(demo_dir, log, TUOPIN_INSTANCE=str(instance)) as base:
        printed = dict(ACCOUNT_LINE.findall((ROOT / "test-output" / log).read_text("utf-8")))
        assert set(printed) == {
            "demo-leader",
            "demo-village",
            "demo-analyst",
            "demo-helper",
            "demo-viewer",
            "demo-admin",
        }
        # Plain HTTP: the printed analyst password gives a session cookie; a wrong one not.
        answer = post_sign_in(base, "demo-analyst", printed["demo-analyst"])
        assert answer.status == 303
        cookie = answer.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE_NAME}=") and "HttpOnly" in cookie
        assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
        wrong = post_sign_in(base, "demo-analyst", printed["demo-viewer"])
        assert wrong.status == 401
        assert "set-cookie" not in {key.lower() for key in wrong.headers}

        # The browser: the sign-in page first, pointing at the printed accounts.
        page.goto(base)
        wait_for_run(page)
        main = page.inner_text("[data-testid='stMain']")
        assert "请先登录" in main and "演示账号" in main
        assert "建档立卡贫困户" not in main
        page.screenshot(path=str(SCREENSHOTS / "serve-demo-sign-in.png"), full_page=True)
        sign_in(page, base, "demo-helper", printed["demo-helper"])
        page.wait_for_url(f"{base}/**")
        wait_for_run(page)
        sidebar = page.inner_text("[data-testid='stSidebar']")
        assert "demo-helper" in sidebar and "帮扶干部" in sidebar
        assert "SQL" not in sidebar  # a helper's navigation: no SQL console
        assert "请先登录" not in page.inner_text("[data-testid='stMain']")
        page.screenshot(path=str(SCREENSHOTS / "serve-demo-helper.png"), full_page=True)
    assert (instance / "demo-accounts.json").stat().st_mode & 0o077 == 0


def test_no_auth_opens_the_demo_without_sign_in(demo_dir, tmp_path, page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    instance = tmp_path / "open.instance"
    with tuopin_server(
        demo_dir, "e2e-serve-no-auth.log", "--no-auth", TUOPIN_INSTANCE=str(instance)
    ) as base:
        page.goto(base)
        wait_for_run(page)
        page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
        main = page.inner_text("[data-testid='stMain']")
        assert "请先登录" not in main
        assert "建档立卡贫困户" in main and "650" in main
        assert "退出登录" not in page.inner_text("[data-testid='stSidebar']")
        page.screenshot(path=str(SCREENSHOTS / "serve-no-auth.png"), full_page=True)
        # Not a sign-in that happened by the way: no account was made for an open demo.
        assert not (instance / "demo-accounts.json").exists()
