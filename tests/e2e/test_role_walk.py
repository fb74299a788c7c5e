"""End to end: each demo role signs in and opens every page its navigation offers, on the town.

A real `tuopin serve` over the demo town, one account per role as `tuopin serve` makes them
(a leader of everything, a village leader, an analyst, the helper with the most households, a
visitor, an administrator), and Debian's Chromium. Every page is opened by its URL and must
finish its run with no error box; a screenshot of each is kept under
test-output/roles/<account>-<page>.png to be looked at. Signing in from a page's wall opens the
form in the same tab and comes back to that page with its parameters.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e.live import (
    NO_PLACEHOLDER,
    PASSWORD,
    Account,
    fill_sign_in_form,
    main_text,
    server_with_accounts,
    shoot,
    signed_in,
    wait_for_run,
)

from dashboard.access.roles import Identity
from dashboard.ui.navigation import NAVIGATION

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "roles"
ERRORS = ("Traceback", "This app has encountered an error", "StreamlitPageNotFoundError")


@pytest.fixture(scope="module")
def links(demo_sql) -> dict[str, str]:
    helper, village = demo_sql.sql(
        "with latest as (select * from households where snapshot_date = "
        "(select max(snapshot_date) from households)) select "
        "(select helper_id from latest where helper_id is not null group by 1 "
        "order by count(*) desc, 1 limit 1), "
        "(select village_code from latest group by 1 order by count(*) desc, 1 limit 1)"
    ).fetchall()[0]
    return {"helper": helper, "village": village}


@pytest.fixture(scope="module")
def identities(links) -> dict[str, Identity]:
    return {
        "leader": Identity("walk-leader", ("leader",), ""),
        "village": Identity("walk-village", ("leader",), links["village"]),
        "analyst": Identity("walk-analyst", ("analyst",), ""),
        "helper": Identity("walk-helper", ("helper",), "", links["helper"]),
        "viewer": Identity("walk-viewer", ("viewer",), ""),
        "admin": Identity("walk-admin", ("admin",), ""),
    }


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_dir, identities):
    with server_with_accounts(
        demo_dir,
        tmp_path_factory.mktemp("instance"),
        "e2e-role-walk.log",
        *(Account(i.name, i.roles, i.area, i.helper_id) for i in identities.values()),
    ) as base:
        yield base


@pytest.mark.parametrize("account", ["leader", "village", "analyst", "helper", "viewer", "admin"])
def test_each_role_opens_each_of_its_pages(server, browser, identities, account):
    identity = identities[account]
    # Signing in lands on the role's first page, its home, served at / (it has no path of its
    # own), with its run over: the walk starts there instead of opening it a second time.
    context, page = signed_in(browser, server, identity.name, landing="")
    failures = {}
    paths = [entry[1] for entry in NAVIGATION if identity.may_open(entry[1])]
    for url_path in paths:
        if url_path != paths[0]:
            page.goto(f"{server}/{url_path}")
            wait_for_run(page)
        page.wait_for_function(NO_PLACEHOLDER, timeout=60_000)
        shoot(page, SHOTS / f"{account}-{url_path}.png")
        body = page.inner_text("body")
        refused = "不允许访问" in main_text(page) or "Page not found" in body
        if any(error in body for error in ERRORS) or refused:
            failures[url_path] = main_text(page)[:300]
    context.close()
    assert failures == {}


def test_the_wall_signs_in_in_the_same_tab_and_returns_to_the_page(server, context, identities):
    page = context.new_page()
    page.goto(f"{server}/helpers?days=60&lang=zh")
    wait_for_run(page)
    assert "请先登录" in main_text(page)
    page.click("a.tuopin-sign-in")
    page.wait_for_url(f"{server}/auth/sign-in**")
    assert len(context.pages) == 1  # no second tab
    fill_sign_in_form(page, identities["leader"].name, PASSWORD)
    page.wait_for_url(f"{server}/helpers?**")
    wait_for_run(page)
    assert "days=60" in page.url
    assert "请先登录" not in main_text(page)
    assert len(context.pages) == 1
