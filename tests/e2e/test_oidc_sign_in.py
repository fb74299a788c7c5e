"""End to end: signing in through a real OpenID Connect provider that the test starts.

`oidc-provider-mock` (a real provider: discovery, authorization codes, signed ID tokens) runs
on `localhost`; `tuopin serve` runs on `127.0.0.1` (another site, as an intranet provider
is), with `oidc.toml` and the mapping file in its instance folder. Debian's Chromium clicks
the sign-in page's `st.login` button, signs in at the provider, and must land on the
dashboard with the mapped leader's navigation, under our own session cookie; sign-out ends
that session and Streamlit's. A user the mapping does not know is refused, in both languages,
and both outcomes are in the audit log.
"""

from __future__ import annotations

import os

import pytest
from e2e.live import (
    free_port,
    landed_home,
    main_text,
    sign_out,
    tuopin_server,
    wait_for_run,
)
from oidc_provider_mock import User, run_server_in_thread

from dashboard.access import audit
from dashboard.access.sessions import COOKIE_NAME
from dashboard.access.store import open_store

pytestmark = pytest.mark.e2e

VILLAGE = "341182108206"
LEADER_SUBJECT = "zhang-at-idp"
STRANGER_SUBJECT = "stranger-at-idp"
LABEL = "统一身份认证"


@pytest.fixture(scope="module")
def provider():
    # The provider speaks plain HTTP on localhost; Authlib (its server side) allows that only
    # when told. The variable is restored when the module ends.
    previous = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    users = [
        User(sub=LEADER_SUBJECT, claims={"preferred_username": "zhang", "name": "张伟"}),
        User(sub=STRANGER_SUBJECT, claims={"preferred_username": "wu"}),
    ]
    with run_server_in_thread(free_port(), user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"
    if previous is None:
        os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
    else:
        os.environ["AUTHLIB_INSECURE_TRANSPORT"] = previous


@pytest.fixture(scope="module")
def instance(tmp_path_factory, provider):
    folder = tmp_path_factory.mktemp("oidc-instance")
    (folder / "oidc.toml").write_text(
        f"""provider = "intranet"
label = "{LABEL}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
client_id = "tuopin"
client_secret = "tuopin-test-secret"
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
""",
        encoding="utf-8",
    )
    (folder / "oidc-users.toml").write_text(
        f"""[[user]]
subject = "{LEADER_SUBJECT}"
roles = ["leader"]
area = "{VILLAGE}"
""",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def server(demo_dir, instance):
    with tuopin_server(demo_dir, "e2e-oidc-server.log", TUOPIN_INSTANCE=str(instance)) as base:
        yield base


def sign_in_at_provider(page, subject: str) -> None:
    """The provider's own page: type the subject and authorize."""
    page.wait_for_selector("input[name=sub]", timeout=60_000)
    page.fill("input[name=sub]", subject)
    page.click("form button[type=submit]:has-text('Authorize')")


def cookie_names(context) -> set[str]:
    return {cookie["name"] for cookie in context.cookies()}


def test_a_mapped_user_signs_in_at_the_provider_and_out_again(server, provider, instance, context):
    page = context.new_page()
    page.goto(server)
    wait_for_run(page)
    assert "请先登录" in main_text(page)
    page.screenshot(path="test-output/e2e-oidc-sign-in-page.png")
    page.get_by_role("button", name=f"使用 {LABEL} 登录").click()  # st.login
    page.wait_for_url(f"{provider}/**", timeout=60_000)
    sign_in_at_provider(page, LEADER_SUBJECT)

    landed_home(page, server, timeout=60_000)
    wait_for_run(page)
    sidebar = page.inner_text("[data-testid='stSidebar']")
    assert "oidc:zhang" in sidebar
    # The account line names the area (issue 25): 341182108206 is the report's 山南村.
    assert "领导" in sidebar and "区域 山南村" in sidebar
    assert "SQL" not in sidebar  # a leader's navigation, not an analyst's
    assert "请先登录" not in main_text(page)
    page.screenshot(path="test-output/e2e-oidc-signed-in.png")
    ours = next(cookie for cookie in context.cookies() if cookie["name"] == COOKIE_NAME)
    assert ours["httpOnly"] is True and ours["sameSite"] == "Strict"
    assert "_streamlit_user" in cookie_names(context)

    page.reload()  # our session, not Streamlit's cookie, keeps the user in
    wait_for_run(page)
    assert "oidc:zhang" in page.inner_text("[data-testid='stSidebar']")

    page.goto(f"{server}/sql")
    wait_for_run(page)
    assert "不允许访问" in main_text(page)

    assert "已退出" in sign_out(page, server)
    assert not cookie_names(context) & {COOKIE_NAME, "_streamlit_user", "_streamlit_user_tokens"}
    page.goto(server)
    wait_for_run(page)
    assert "请先登录" in main_text(page)

    store = open_store(folder=instance)
    successes = [
        e for e in audit.entries(store, actor="oidc:zhang") if e.event == "sign_in.success"
    ]
    assert successes and successes[-1].detail["method"] == "oidc"
    assert any(e.event == "sign_out" for e in audit.entries(store, actor="oidc:zhang"))


def test_an_unmapped_user_is_refused_from_the_plain_sign_in_form(
    server, provider, instance, context
):
    page = context.new_page()
    page.goto(f"{server}/auth/sign-in")
    page.screenshot(path="test-output/e2e-oidc-sign-in-form.png")
    page.click(f"text=使用 {LABEL} 登录")  # the form's link into the same st.login flow
    page.wait_for_url(f"{provider}/**", timeout=60_000)
    sign_in_at_provider(page, STRANGER_SUBJECT)

    page.wait_for_url("**/auth/oidc/refused", timeout=60_000)
    body = page.inner_text("body")
    assert "没有给这个身份分配角色和区域" in body
    assert "no role and area for that identity" in body
    page.screenshot(path="test-output/e2e-oidc-refused.png")
    assert not cookie_names(context) & {COOKIE_NAME, "_streamlit_user"}
    page.goto(server)
    wait_for_run(page)
    assert "请先登录" in main_text(page)

    failures = [
        entry
        for entry in audit.entries(open_store(folder=instance), actor="oidc:wu")
        if entry.event == "sign_in.failure"
    ]
    assert failures[-1].detail["reason"] == "no mapping entry and no role claim"
    assert failures[-1].detail["method"] == "oidc"
