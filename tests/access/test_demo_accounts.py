"""The demo's accounts, and the two sanctioned ways past sign-in: both on demo data only.

Accounts are made once per module (six argon2id hashes) in an instance folder of the test's
own; the demo is the session's real build, an "imported" directory is a copy of it whose
manifests say `import`.
"""

from __future__ import annotations

import datetime as dt
import shutil
import stat
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access import accounts, in_process, web
from dashboard.access.demo_accounts import (
    NotTheDemo,
    accounts_file,
    ensure_demo_accounts,
    is_demo_account_out_of_place,
    is_demo_directory,
)
from dashboard.access.sessions import create_session
from dashboard.access.store import open_store

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT_SECONDS = 90
LATEST = dt.date(2018, 6, 30)


def imported_copy(demo_dir: Path, target: Path) -> Path:
    shutil.copytree(demo_dir, target)
    for manifest in target.glob("snapshots/*/manifest.json"):
        manifest.write_text(
            manifest.read_text(encoding="utf-8").replace('"demo"', '"import"'), encoding="utf-8"
        )
    return target


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-accounts") / "demo.instance"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TUOPIN_INSTANCE", str(folder))
        yield folder


@pytest.fixture(scope="module")
def made(demo_dir, instance):
    return ensure_demo_accounts(demo_dir)


def by_name(made):
    return {account.name: account for account in made}


def test_one_account_per_role_plus_a_village_leader(made, demo_sql, instance):
    accounts_made = by_name(made)
    assert {name: account.roles for name, account in accounts_made.items()} == {
        "demo-leader": ("leader",),
        "demo-village": ("leader",),
        "demo-analyst": ("analyst",),
        "demo-helper": ("helper",),
        "demo-viewer": ("viewer",),
        "demo-admin": ("admin",),
    }
    village = accounts_made["demo-village"].area
    households_in_village = demo_sql.sql(
        "select count(*) from households where snapshot_date = $d and village_code = $v",
        params={"d": LATEST, "v": village},
    ).fetchall()[0][0]
    assert households_in_village > 0
    helper_id = accounts_made["demo-helper"].helper_id
    helper_households = demo_sql.sql(
        "select count(*) from households where snapshot_date = $d and helper_id = $h",
        params={"d": LATEST, "h": helper_id},
    ).fetchall()[0][0]
    assert helper_households > 0  # a real helper of the demo, with households to open
    stored = {user.name: user for user in accounts.list_users(open_store(folder=instance))}
    assert stored["demo-helper"].helper_id == helper_id
    assert stored["demo-village"].area == village
    assert all(stored[name].area == "" for name in ("demo-leader", "demo-analyst"))


def test_passwords_are_random_kept_owner_only_and_sign_in(made, demo_dir, instance):
    passwords = [account.password for account in made]
    assert len(set(passwords)) == len(passwords)
    assert all(len(password) >= 12 for password in passwords)
    path = accounts_file(demo_dir)
    assert path.parent == instance
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    assert "demo-analyst" in path.read_text(encoding="utf-8")
    analyst = by_name(made)["demo-analyst"]
    store = open_store(folder=instance)
    assert accounts.authenticate(store, analyst.name, analyst.password).roles == ("analyst",)


def test_a_second_serve_keeps_the_accounts_and_their_passwords(made, demo_dir, instance):
    again = ensure_demo_accounts(demo_dir)
    assert again == made
    assert len(accounts.list_users(open_store(folder=instance))) == len(made)


def test_no_demo_accounts_for_imported_data(tmp_path, demo_dir, monkeypatch):
    imported = imported_copy(demo_dir, tmp_path / "imported")
    monkeypatch.setenv("TUOPIN_INSTANCE", str(tmp_path / "imported.instance"))
    assert not is_demo_directory(imported)
    with pytest.raises(NotTheDemo) as refused:
        ensure_demo_accounts(imported)
    assert "演示" in refused.value.message_zh and "demo only" in refused.value.message_en
    assert not accounts_file(imported).exists()


def test_a_demo_account_opens_nothing_once_real_data_is_there(
    made, tmp_path, demo_dir, instance, monkeypatch
):
    """Real data imported into the demo's folder: the printed passwords stop working."""
    imported = imported_copy(demo_dir, tmp_path / "imported")
    assert not is_demo_account_out_of_place(demo_dir, "demo-leader")
    assert is_demo_account_out_of_place(imported, "demo-leader")
    leader = accounts.find_user(open_store(folder=instance), "demo-leader")
    token = create_session(open_store(folder=instance), leader)
    monkeypatch.setattr(web, "_token", lambda: token)
    monkeypatch.setenv("TUOPIN_DATA", str(imported))
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS).run()
    assert not app.exception
    assert "请先登录" in [header.value for header in app.header]
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))  # the same cookie on the demo: signed in
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS).run()
    assert not app.exception
    assert "请先登录" not in [header.value for header in app.header]
    assert any("demo-leader" in caption.value for caption in app.sidebar.caption)


def test_without_the_in_process_identity_the_demo_asks_for_sign_in(
    monkeypatch, tmp_path, demo_dir, no_in_process_identity
):
    """No account at all and nobody signed in: the demo is no longer open (sign-in page)."""
    monkeypatch.setenv("TUOPIN_INSTANCE", str(tmp_path / "empty.instance"))
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS).run()
    assert not app.exception
    assert "请先登录" in [header.value for header in app.header]
    assert len(app.metric) == 0


def test_the_in_process_identity_opens_the_demo_under_apptest(monkeypatch, tmp_path, demo_dir):
    monkeypatch.setenv("TUOPIN_INSTANCE", str(tmp_path / "empty.instance"))
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS).run()
    assert not app.exception
    assert {metric.label: metric.value for metric in app.metric}["建档立卡贫困户"] == "650 户"


def test_the_in_process_identity_is_never_honoured_by_a_serving_process(monkeypatch, demo_dir):
    """`streamlit run` makes a real Runtime (AppTest a stand-in): then the grant counts for
    nothing, so no browser request can reach it."""
    from streamlit.runtime.runtime import Runtime

    assert in_process.identity_for(demo_dir) == in_process.IN_PROCESS_IDENTITY
    monkeypatch.setattr(Runtime, "_instance", object.__new__(Runtime))
    assert in_process.serving()
    assert in_process.identity_for(demo_dir) is None


def test_the_in_process_identity_is_not_for_imported_data(tmp_path, demo_dir, empty_dir):
    imported = imported_copy(demo_dir, tmp_path / "imported")
    assert in_process.identity_for(imported) is None
    # An imported snapshot without a single row, or no snapshot at all, holds nobody's data
    # (the tests of empty pages and of "run tuopin demo first").
    assert in_process.identity_for(empty_dir) == in_process.IN_PROCESS_IDENTITY
    assert in_process.identity_for(tmp_path / "nothing") == in_process.IN_PROCESS_IDENTITY


def test_no_auth_is_honoured_on_the_demo_only(monkeypatch, tmp_path, demo_dir, empty_dir):
    """The server's `--no-auth` switch, checked at every run: imported data asks for sign-in."""
    monkeypatch.setenv("TUOPIN_NO_AUTH", "1")
    monkeypatch.setenv("TUOPIN_INSTANCE", str(tmp_path / "empty.instance"))
    in_process.revoke()
    try:
        monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
        app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS).run()
        assert not app.exception
        assert len(app.metric) > 0
        assert app.session_state["tuopin_access_identity"] == web.DEMO_IDENTITY
        imported = imported_copy(demo_dir, tmp_path / "imported")
        monkeypatch.setenv("TUOPIN_DATA", str(imported))
        app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS).run()
        assert "请先登录" in [header.value for header in app.header]
        monkeypatch.setenv("TUOPIN_DATA", str(empty_dir))  # not the demo either
        app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS).run()
        assert "请先登录" in [header.value for header in app.header]
    finally:
        in_process.grant()
