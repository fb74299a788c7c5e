"""Signing in returns to the page first asked for, in the same tab, and never elsewhere.

The routes run in a real Starlette app (TestClient) over the demo with a real account; the
wall's link is read from the real app under AppTest with nobody signed in.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from dashboard.access import accounts
from dashboard.access.routes import ROUTES, safe_return, sign_in_url
from dashboard.access.store import open_store

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PASSWORD = "correct horse battery"


@pytest.mark.parametrize(
    "wanted",
    [
        "//evil.example/",
        "/\\evil.example",
        "https://evil.example/household",
        "http:/evil.example",
        "javascript:alert(1)",
        "household",  # not a path
        "/auth/sign-in?next=/auth/sign-in",
        "/auth/sign-out",
        "/household\r\nSet-Cookie: x=1",
        "/" + "a" * 5_000,
        "/%2F%2Fevil.example",
        "",
        None,
    ],
)
def test_a_return_that_is_not_a_path_of_this_app_goes_home(wanted):
    assert safe_return(wanted) == "/"


def test_a_page_and_its_parameters_are_kept():
    assert safe_return("/household?household=3411821082060001&lang=en") == (
        "/household?household=3411821082060001&lang=en"
    )
    assert safe_return("/map") == "/map"
    url = sign_in_url("ledger", {"state": "open", "lang": "en"})
    assert url == "/auth/sign-in?next=%2Fledger%3Fstate%3Dopen%26lang%3Den"
    assert sign_in_url("", {}) == "/auth/sign-in"


@pytest.fixture
def client(tmp_path, monkeypatch, demo_dir):
    folder = tmp_path / "instance"
    monkeypatch.setenv("TUOPIN_INSTANCE", str(folder))
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    accounts.add_user(
        open_store(folder=folder), "leader1", PASSWORD, roles=("leader",), area="", actor="t"
    )
    return TestClient(Starlette(routes=ROUTES), base_url="http://127.0.0.1")


def sign_in(client, **form):
    return client.post(
        "/auth/sign-in",
        data={"name": "leader1", "password": PASSWORD, **form},
        follow_redirects=False,
    )


def test_signed_in_the_browser_goes_back_to_the_page_asked_for(client):
    form = client.get("/auth/sign-in", params={"next": "/household?household=H1&lang=en"})
    assert 'name="next" value="/household?household=H1&amp;lang=en"' in form.text
    answer = sign_in(client, next="/household?household=H1&lang=en")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/household?household=H1&lang=en"
    assert "tuopin_session" in answer.headers["set-cookie"]


def test_a_foreign_return_is_replaced_by_home_and_a_failure_keeps_the_return(client):
    assert sign_in(client, next="//evil.example/").headers["location"] == "/"
    form = client.get("/auth/sign-in", params={"next": "https://evil.example/"})
    assert 'name="next"' not in form.text
    wrong = client.post(
        "/auth/sign-in",
        data={"name": "leader1", "password": "not it at all", "next": "/map?village=1"},
        follow_redirects=False,
    )
    assert wrong.status_code == 401
    assert 'name="next" value="/map?village=1"' in wrong.text  # a retry still goes back


def test_the_walls_link_opens_in_the_same_tab_and_carries_the_page(
    monkeypatch, demo_dir, tmp_path, no_in_process_identity
):
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    monkeypatch.setenv("TUOPIN_INSTANCE", str(tmp_path / "instance"))
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["lang"] = "en"
    app.query_params["snapshot"] = "2018-06-30"
    app.run()
    assert not app.exception
    links = [m.value for m in app.markdown if "/auth/sign-in" in m.value]
    assert len(links) == 1, [m.value for m in app.markdown]
    assert 'target="_self"' in links[0]
    assert "next=%2F%3Flang%3Den%26snapshot%3D2018-06-30" in links[0]
    assert not [button for button in app.get("link_button")]  # no new-tab button left
