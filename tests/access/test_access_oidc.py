"""Signing in through the identity provider: its settings, the claim and mapping rules, the
accounts and sessions it makes, and the middleware that turns Streamlit's callback into one of
our sessions (a real Starlette app with Streamlit's own cookie signing)."""

from __future__ import annotations

import json
import stat

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from dashboard.access import accounts, audit, oidc, oidc_web
from dashboard.access.sessions import COOKIE_NAME, create_session, session_for

VILLAGE = "341182108206"
SETTINGS = """
provider = "intranet"
label = "统一身份认证"
server_metadata_url = "http://idp.test/.well-known/openid-configuration"
client_id = "tuopin"
client_secret = "s3cret"
redirect_uri = "http://tuopin.test/oauth2callback"

[claims]
roles = "tuopin_roles"
area = "tuopin_area"
helper_id = "tuopin_helper_id"
"""
MAPPING = """
[[user]]
subject = "sub-leader"
roles = ["leader"]
area = "341182108206"

[[user]]
email = "Li.Analyst@town.gov.cn"
roles = "扶贫专干"
area = ""
name = "lianalyst"

[[user]]
subject = "sub-denied"
roles = []
area = "341182"
"""


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.delenv("TUOPIN_OIDC_CONFIG", raising=False)
    folder = tmp_path / "settings"  # beside the store's folder (tests/access/conftest.py)
    folder.mkdir()
    (folder / "oidc.toml").write_text(SETTINGS, encoding="utf-8")
    (folder / "oidc-users.toml").write_text(MAPPING, encoding="utf-8")
    return folder


@pytest.fixture
def config(instance):
    return oidc.load_config(instance)


# ---------------------------------------------------------------- settings


def test_no_settings_file_means_no_provider(tmp_path, monkeypatch):
    monkeypatch.delenv("TUOPIN_OIDC_CONFIG", raising=False)
    assert oidc.load_config(tmp_path) is None


def test_settings_become_streamlits_auth_section(config, instance):
    section = oidc.streamlit_secrets(config)["auth"]
    assert section["redirect_uri"] == "http://tuopin.test/oauth2callback"
    assert section["intranet"]["client_id"] == "tuopin"
    assert section["intranet"]["client_secret"] == "s3cret"
    assert section["intranet"]["server_metadata_url"].endswith("/openid-configuration")
    assert section["intranet"]["client_kwargs"]["prompt"] == "login"
    # The cookie secret was made once, owner-only, and is the same when read again.
    secret_file = instance / oidc.COOKIE_SECRET_FILE
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert len(section["cookie_secret"]) >= 32
    assert oidc.load_config(instance).cookie_secret == section["cookie_secret"]


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ('client_secret = "s3cret"', "client_secret"),
        ('provider = "intranet"', None),
        ('redirect_uri = "http://tuopin.test/oauth2callback"', "oauth2callback"),
    ],
)
def test_bad_settings_say_what_is_wrong(instance, change, complaint):
    replacement = {
        "client_secret": "",
        "provider": 'provider = "in_tranet"',
        "oauth2callback": 'redirect_uri = "http://tuopin.test/"',
    }[complaint or "provider"]
    (instance / "oidc.toml").write_text(SETTINGS.replace(change, replacement), encoding="utf-8")
    with pytest.raises(oidc.OidcConfigError) as raised:
        oidc.load_config(instance)
    assert (complaint or "provider") in raised.value.message_en
    assert "身份认证配置" in raised.value.message_zh


def test_a_mapping_entry_without_subject_or_email_is_refused(instance):
    (instance / "oidc-users.toml").write_text('[[user]]\nroles = ["leader"]\n', encoding="utf-8")
    with pytest.raises(oidc.OidcConfigError, match="subject"):
        oidc.load_config(instance)


# ---------------------------------------------------------------- claims and mapping


def test_a_mapped_subject_gets_the_mapping_even_against_its_claims(config):
    resolved = oidc.resolve(
        {"sub": "sub-leader", "preferred_username": "zhang", "tuopin_roles": "analyst"}, config
    )
    assert resolved == oidc.Resolved(
        "sub-leader", "oidc:zhang", ("leader",), VILLAGE, None, "mapping"
    )


def test_a_verified_email_matches_the_mapping_case_blind(config):
    resolved = oidc.resolve(
        {"sub": "x1", "email": "li.analyst@TOWN.gov.cn", "email_verified": True}, config
    )
    assert (resolved.name, resolved.roles, resolved.area) == ("oidc:lianalyst", ("analyst",), "")


def test_an_unverified_email_matches_nothing(config):
    resolved = oidc.resolve(
        {"sub": "x1", "email": "li.analyst@town.gov.cn", "email_verified": False}, config
    )
    assert isinstance(resolved, oidc.Refused)
    assert resolved.reason == "no mapping entry and no role claim"


def test_a_mapping_entry_with_no_role_is_an_explicit_refusal(config):
    resolved = oidc.resolve({"sub": "sub-denied"}, config)
    assert isinstance(resolved, oidc.Refused)
    assert "needs a role" in resolved.reason


@pytest.mark.parametrize(
    ("roles_claim", "expected"),
    [
        (["viewer"], ("viewer",)),
        ("admin, leader", ("leader", "admin")),
        ("领导", ("leader",)),
        ("Viewer", ("viewer",)),
    ],
)
def test_roles_from_the_claim_in_any_usual_shape(config, roles_claim, expected):
    claims = {"sub": "c1", "tuopin_roles": roles_claim, "tuopin_area": "341182"}
    resolved = oidc.resolve(claims, config)
    assert resolved.roles == expected
    assert resolved.source == "claims"
    assert resolved.name == "oidc:c1"  # no name claim, no e-mail: the subject


@pytest.mark.parametrize(
    ("name_claim", "shown"),
    [
        ("张伟", "oidc:张伟"),
        ("[x](javascript:alert(1))", "oidc:x_javascript_alert_1"),
        ("<b>li</b>", "oidc:b_li_b"),
        ("ｚｈａｎｇ", "oidc:zhang"),
        ("a" * 500, "oidc:" + "a" * 64),
    ],
)
def test_the_shown_name_carries_no_markup(config, name_claim, shown):
    claims = {"sub": "sub-leader", "preferred_username": name_claim}
    assert oidc.resolve(claims, config).name == shown


def test_a_helper_from_claims_carries_its_helper_id(config):
    claims = {
        "sub": "h1",
        "tuopin_roles": "helper",
        "tuopin_area": VILLAGE,
        "tuopin_helper_id": "H7",
    }
    assert oidc.resolve(claims, config).helper_id == "H7"


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"sub": "u"}, "no mapping entry and no role claim"),
        ({"tuopin_roles": "leader", "tuopin_area": "34"}, "no subject in the ID token"),
        ({"sub": "u", "tuopin_roles": "leader"}, "no area claim (tuopin_area)"),
        ({"sub": "u", "tuopin_roles": "boss", "tuopin_area": "34"}, "claims: unknown role 'boss'"),
        ({"sub": "u", "tuopin_roles": "leader analyst", "tuopin_area": "34"}, "one data role"),
        ({"sub": "u", "tuopin_roles": "leader", "tuopin_area": "34' or 1=1"}, "code prefix"),
        ({"sub": "u", "tuopin_roles": "helper", "tuopin_area": "34"}, "helper without helper_id"),
        ({"sub": "u", "tuopin_roles": "", "tuopin_area": "34"}, "needs a role"),
    ],
)
def test_refusals_carry_their_reason(config, claims, reason):
    resolved = oidc.resolve(claims, config)
    assert isinstance(resolved, oidc.Refused)
    assert reason in resolved.reason


def test_without_claim_names_only_the_mapping_lets_anyone_in(instance):
    text = SETTINGS.split("[claims]")[0]
    (instance / "oidc.toml").write_text(text, encoding="utf-8")
    config = oidc.load_config(instance)
    claims = {"sub": "u", "tuopin_roles": "analyst", "tuopin_area": ""}
    assert isinstance(oidc.resolve(claims, config), oidc.Refused)
    assert oidc.resolve({"sub": "sub-leader"}, config).roles == ("leader",)


# ---------------------------------------------------------------- accounts and sessions


def _events(store, event):
    return [entry for entry in audit.entries(store) if entry.event == event]


def test_a_mapped_user_gets_an_account_and_one_of_our_sessions(store, config, clock):
    user = oidc_web.sign_in_from_claims(
        store, {"sub": "sub-leader", "preferred_username": "zhang"}, config, clock=clock
    )
    assert (user.name, user.roles, user.area) == ("oidc:zhang", ("leader",), VILLAGE)
    token = create_session(store, user, clock=clock)
    assert session_for(store, token, clock=clock).user.identity().roles == ("leader",)
    success = _events(store, "sign_in.success")[-1]
    assert success.actor == "oidc:zhang"
    assert success.detail["method"] == "oidc"
    assert success.detail["source"] == "mapping"
    # Signing in again finds the same account, not a second one.
    again = oidc_web.sign_in_from_claims(store, {"sub": "sub-leader"}, config, clock=clock)
    assert again.user_id == user.user_id
    assert [u.name for u in accounts.list_users(store)] == ["oidc:zhang"]


def test_an_unmapped_user_is_refused_and_audited(store, config, clock):
    outcome = oidc_web.sign_in_from_claims(
        store, {"sub": "stranger", "preferred_username": "wu"}, config, address="10.0.0.9"
    )
    assert isinstance(outcome, oidc.Refused)
    failure = _events(store, "sign_in.failure")[-1]
    assert failure.actor == "oidc:wu"
    assert failure.detail == {
        "method": "oidc",
        "subject": "stranger",
        "reason": "no mapping entry and no role claim",
        "address": "10.0.0.9",
    }
    assert accounts.list_users(store) == []


def test_an_account_disabled_here_is_refused_though_the_provider_vouches(store, config, clock):
    oidc_web.sign_in_from_claims(store, {"sub": "sub-leader"}, config, clock=clock)
    accounts.set_disabled(store, "oidc:sub-leader", True, actor="cli:test")
    outcome = oidc_web.sign_in_from_claims(store, {"sub": "sub-leader"}, config, clock=clock)
    assert isinstance(outcome, oidc.Refused)
    assert _events(store, "sign_in.failure")[-1].detail["reason"] == "disabled"


def test_a_role_changed_at_the_provider_ends_the_old_sessions(store, config, clock):
    claims = {"sub": "c1", "tuopin_roles": "analyst", "tuopin_area": ""}
    user = oidc_web.sign_in_from_claims(store, claims, config, clock=clock)
    old = create_session(store, user, clock=clock)
    user = oidc_web.sign_in_from_claims(
        store, {**claims, "tuopin_roles": "viewer", "tuopin_area": "341182"}, config, clock=clock
    )
    assert (user.roles, user.area) == (("viewer",), "341182")
    assert session_for(store, old, clock=clock) is None


def test_a_provider_users_session_has_our_idle_and_absolute_timeouts(store, config, clock):
    user = oidc_web.sign_in_from_claims(store, {"sub": "sub-leader"}, config, clock=clock)
    idle = create_session(store, user, clock=clock)
    clock.advance(minutes=31)
    assert session_for(store, idle, clock=clock) is None
    busy = create_session(store, user, clock=clock)
    for _ in range(25):  # used every 29 minutes for 12 hours and a bit
        clock.advance(minutes=29)
        alive = session_for(store, busy, clock=clock)
    assert alive is None


def test_an_administrator_ends_a_provider_users_sessions(store, config, clock):
    user = oidc_web.sign_in_from_claims(store, {"sub": "sub-leader"}, config, clock=clock)
    token = create_session(store, user, clock=clock)
    assert accounts.end_user_sessions(store, user.name, actor="cli:test") == 1
    assert session_for(store, token, clock=clock) is None


def test_a_provider_account_cannot_sign_in_with_a_password(store, config, clock):
    oidc_web.sign_in_from_claims(store, {"sub": "sub-leader"}, config, clock=clock)
    for password in ("", "!oidc", "correct horse battery"):
        with pytest.raises(accounts.SignInRefused):
            accounts.authenticate(store, "oidc:sub-leader", password, clock=clock)


def test_a_provider_account_is_given_no_password(store, config, clock):
    oidc_web.sign_in_from_claims(store, {"sub": "sub-leader"}, config, clock=clock)
    with pytest.raises(accounts.AccountError, match="identity provider"):
        accounts.reset_password(store, "oidc:sub-leader", "a fresh long passphrase", actor="t")


def test_two_provider_users_with_one_name_get_two_accounts(store, config, clock):
    first = {"sub": "a1", "preferred_username": "li", "tuopin_roles": "viewer", "tuopin_area": ""}
    one = oidc_web.sign_in_from_claims(store, first, config, clock=clock)
    two = oidc_web.sign_in_from_claims(store, {**first, "sub": "a2"}, config, clock=clock)
    assert (one.name, two.name) == ("oidc:li", "oidc:a2")


# ---------------------------------------------------------------- the callback middleware


def _streamlit_like_app(config, claims):
    """Stands in for Streamlit's /oauth2callback: a redirect to / setting its signed cookie."""
    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

    async def callback(request):
        response = RedirectResponse("/", status_code=302)
        value = json.dumps({**claims, "origin": "http://t", "is_logged_in": True})
        signed = create_signed_value(config.cookie_secret, "_streamlit_user", value)
        response.set_cookie("_streamlit_user", signed.decode(), httponly=True, samesite="lax")
        response.set_cookie("session", "starlette-session-cookie")
        return response

    return Starlette(
        routes=[Route("/oauth2callback", callback)],
        middleware=[Middleware(oidc_web.ProviderCallbackMiddleware, config=config)],
    )


@pytest.fixture
def served_store(store, monkeypatch):
    monkeypatch.setattr(oidc_web, "open_store", lambda _data_dir: store)
    return store


def test_the_callback_of_a_mapped_user_sets_our_session_cookie(served_store, config):
    app = _streamlit_like_app(config, {"sub": "sub-leader", "preferred_username": "zhang"})
    with TestClient(app, base_url="http://tuopin.test") as client:
        response = client.get("/oauth2callback?state=x&code=y", follow_redirects=False)
    assert response.headers["location"] == "/"
    cookies = response.headers.get_list("set-cookie")
    ours = next(value for value in cookies if value.startswith(f"{COOKIE_NAME}="))
    assert "HttpOnly" in ours and "SameSite=strict" in ours and "Path=/" in ours
    token = ours.split(";", 1)[0].split("=", 1)[1]
    assert session_for(served_store, token).user.name == "oidc:zhang"
    assert any(value.startswith("session=") for value in cookies)  # Streamlit's own kept


def test_the_callback_of_an_unmapped_user_goes_to_the_refusal(served_store, config):
    app = _streamlit_like_app(config, {"sub": "stranger"})
    with TestClient(app, base_url="http://tuopin.test") as client:
        response = client.get("/oauth2callback?state=x&code=y", follow_redirects=False)
    assert response.headers["location"] == oidc_web.REFUSED_PATH
    cookies = response.headers.get_list("set-cookie")
    assert not any(value.startswith(f"{COOKIE_NAME}=") for value in cookies)
    user_cookies = [value for value in cookies if value.startswith("_streamlit_user=")]
    assert user_cookies and all("Max-Age=0" in value for value in user_cookies)


def test_a_cookie_not_signed_with_our_secret_starts_nothing(served_store, config):
    from dataclasses import replace

    forged = replace(config, cookie_secret="another secret, not ours at all")
    app = _streamlit_like_app(forged, {"sub": "sub-leader"})
    app.user_middleware.clear()
    guarded = oidc_web.ProviderCallbackMiddleware(app, config)
    with TestClient(guarded, base_url="http://tuopin.test") as client:
        response = client.get("/oauth2callback", follow_redirects=False)
    assert not any(
        value.startswith(f"{COOKIE_NAME}=") for value in response.headers.get_list("set-cookie")
    )
    assert accounts.list_users(served_store) == []


def test_a_user_added_to_the_mapping_after_start_is_let_in(store, config, instance, clock):
    claims = {"sub": "newcomer"}
    assert isinstance(
        oidc_web.sign_in_from_claims(store, claims, config, clock=clock), oidc.Refused
    )
    with (instance / "oidc-users.toml").open("a", encoding="utf-8") as mapping:
        mapping.write('\n[[user]]\nsubject = "newcomer"\nroles = ["viewer"]\narea = "341182"\n')
    user = oidc_web.sign_in_from_claims(store, claims, config, clock=clock)
    assert (user.name, user.roles) == ("oidc:newcomer", ("viewer",))


def test_a_mapping_file_broken_after_start_refuses_and_says_why(store, config, instance, clock):
    (instance / "oidc-users.toml").write_text("[[user]\n", encoding="utf-8")
    outcome = oidc_web.sign_in_from_claims(store, {"sub": "sub-leader"}, config, clock=clock)
    assert isinstance(outcome, oidc.Refused)
    assert "not valid TOML" in _events(store, "sign_in.failure")[-1].detail["reason"]


def test_the_sign_in_page_offers_the_provider_beside_local_accounts(
    monkeypatch, demo_dir, config, tmp_path, no_in_process_identity
):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from dashboard.access import web

    monkeypatch.setenv("TUOPIN_INSTANCE", str(tmp_path / "app-instance"))
    monkeypatch.setenv("TUOPIN_OIDC_CONFIG", str(tmp_path / "settings" / "oidc.toml"))
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    monkeypatch.setattr(web, "_token", lambda: None)
    monkeypatch.setattr(oidc_web, "_active", config)
    app_path = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
    app = AppTest.from_file(str(app_path), default_timeout=90).run()
    assert not app.exception
    # Nobody signed in (no in-process identity): the sign-in page, with the provider.
    assert "请先登录" in [header.value for header in app.header]
    assert [button.label for button in app.button] == ["使用 统一身份认证 登录"]
    assert not app.warning  # no "there is no account yet": the provider's users are accounts
