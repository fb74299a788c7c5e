"""End to end: two `tuopin serve` on one PostgreSQL state store, as behind a proxy.

Both servers run over the demo with `TUOPIN_STATE_URL` naming a schema of the tests' own
PostgreSQL server and different instance folders (two machines). The browser holds one
cookie for 127.0.0.1, sent to both ports, as a proxy in front of both would. Checked: signed
in through one server, the other knows the user; signed out through the other, the first asks
to sign in again; the audit log both wrote verifies.
"""

from __future__ import annotations

import pytest
from e2e.live import (
    Account,
    add_accounts,
    sign_out,
    signed_in,
    tuopin_server,
    wait_for_run,
)

from dashboard import state_store
from dashboard.access import audit
from dashboard.access.sessions import COOKIE_NAME
from dashboard.access.store import open_store

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def shared_state(postgres_server, tmp_path_factory):
    schema, url = postgres_server.fresh_url()
    yield url
    state_store.close_all()
    postgres_server.admin(f"drop schema {schema} cascade")


def test_a_sign_in_on_one_server_holds_on_the_other_and_a_sign_out_ends_both(
    demo_dir, shared_state, tmp_path, monkeypatch, browser
):
    monkeypatch.setenv(state_store.URL_VARIABLE, shared_state)
    store = open_store(folder=add_accounts(tmp_path / "admin", Account("leader1", ("leader",))))
    first_env = {state_store.URL_VARIABLE: shared_state, "TUOPIN_INSTANCE": str(tmp_path / "a")}
    second_env = {state_store.URL_VARIABLE: shared_state, "TUOPIN_INSTANCE": str(tmp_path / "b")}
    with (
        tuopin_server(demo_dir, "e2e-two-servers-a.log", **first_env) as first,
        tuopin_server(demo_dir, "e2e-two-servers-b.log", **second_env) as second,
    ):
        context, page = signed_in(browser, first, "leader1", landing="")
        assert "leader1" in page.inner_text("[data-testid='stSidebar']")
        assert [c for c in context.cookies() if c["name"] == COOKIE_NAME]

        page.goto(second)  # the other server, which never saw the sign-in
        wait_for_run(page)
        assert "leader1" in page.inner_text("[data-testid='stSidebar']")
        page.screenshot(path="test-output/e2e-two-servers-second.png")

        assert "已退出" in sign_out(page, second)
        page.goto(first)
        wait_for_run(page)
        assert "请先登录" in page.inner_text("[data-testid='stMain']")
        context.close()
    events = [entry.event for entry in audit.entries(store)]
    # The test's own account first, then (both servers serve the demo) the demo accounts.
    assert events[0] == "user.added"
    assert events.index("sign_in.success") < events.index("sign_out")
    assert audit.verify(store).ok
