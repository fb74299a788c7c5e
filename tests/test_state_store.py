"""The state store on PostgreSQL: several servers share it, appends from two processes keep the
audit chain whole, a row changed in the database is found, and the URL is a setting.

Everything here runs against the real PostgreSQL 15 server of `postgres_server` (and, where
the test says so, against SQLite too, through `state_backend`).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from dashboard import cli, state_store
from dashboard.access import accounts, audit
from dashboard.access.sessions import create_session, end_session, session_for
from dashboard.access.store import Store, open_store
from dashboard.ledger.store import Ledger
from dashboard.state_store import PostgresDatabase, StateStoreError, open_state, postgres_sql

PASSWORD = "correct horse battery"
APPENDS_PER_PROCESS = 120

APPENDER = """
import sys, time
from pathlib import Path
from dashboard.access import audit
from dashboard.access.store import open_store

data_dir, actor, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
store = open_store(Path(data_dir))
Path(f"{go}.{actor}").touch()  # ready: imported and connected
while not go.exists():
    time.sleep(0.005)
started = time.time()
for number in range(count):
    audit.record(store, actor, "household.opened", household_id=f"{actor}-{number}")
Path(f"{go}.{actor}.times").write_text(f"{started} {time.time()}")
"""


@pytest.fixture
def shared_url(postgres_server, monkeypatch):
    """A fresh schema on the test server, and its URL (not set in the environment)."""
    monkeypatch.delenv(state_store.URL_VARIABLE, raising=False)
    schema, url = postgres_server.fresh_url()
    yield url
    state_store.close_all()
    postgres_server.admin(f"drop schema {schema} cascade")


def server_store(folder: Path, url: str) -> Store:
    """The store as one server behind the proxy opens it: its own folder, its own connections."""
    folder.mkdir(parents=True, exist_ok=True)
    database = PostgresDatabase(url)
    from dashboard.access.store import SCHEMA, SHARED_SCHEMA

    database.ensure_schema(SCHEMA + SHARED_SCHEMA)
    return Store(folder, database)


def test_a_session_made_by_one_server_is_valid_on_another_and_ends_on_both(tmp_path, shared_url):
    first = server_store(tmp_path / "server-a", shared_url)
    second = server_store(tmp_path / "server-b", shared_url)
    assert first.database is not second.database
    accounts.add_user(
        first, "wangli", PASSWORD, roles=("leader",), area="341182108206", actor="cli:test"
    )
    user = accounts.authenticate(first, "wangli", PASSWORD)
    token = create_session(first, user)
    seen = session_for(second, token)
    assert seen is not None and seen.user.name == "wangli" and seen.user.roles == ("leader",)
    assert end_session(second, token)  # signed out through the other server
    assert session_for(first, token) is None
    # Both servers wrote into one audit chain, and it holds together.
    assert [entry.event for entry in audit.entries(second)] == ["user.added", "sign_in.success"]
    assert audit.verify(first).ok


def test_failures_counted_on_two_servers_lock_the_name_together(tmp_path, shared_url):
    first = server_store(tmp_path / "server-a", shared_url)
    second = server_store(tmp_path / "server-b", shared_url)
    accounts.add_user(first, "wangli", PASSWORD, roles=("leader",), area="", actor="cli:test")
    for number in range(5):  # alternately on each server: five in a row all the same
        with pytest.raises(accounts.SignInRefused):
            accounts.authenticate((first, second)[number % 2], "wangli", "wrong password!")
    with pytest.raises(accounts.SignInRefused):  # locked now, even with the right password
        accounts.authenticate(first, "wangli", PASSWORD)


def _append_from_two_processes(data_dir: Path, tmp_path: Path) -> None:
    go = tmp_path / "go"
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                APPENDER,
                str(data_dir),
                actor,
                str(APPENDS_PER_PROCESS),
                str(go),
            ]
        )
        for actor in ("server-a", "server-b")
    ]
    deadline = time.monotonic() + 120
    while not all(Path(f"{go}.{actor}").exists() for actor in ("server-a", "server-b")):
        assert time.monotonic() < deadline, "the appending processes did not start"
        assert all(process.poll() is None for process in processes), "an appender died"
        time.sleep(0.02)
    go.touch()
    for process in processes:
        assert process.wait(timeout=300) == 0


def test_two_processes_appending_at_once_leave_a_chain_that_verifies(
    tmp_path, state_backend, capsys
):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    _append_from_two_processes(data_dir, tmp_path)
    store = open_store(data_dir)
    assert store.database.dialect == state_backend
    entries = audit.entries(store)
    assert [entry.seq for entry in entries] == list(range(1, 2 * APPENDS_PER_PROCESS + 1))
    actors = [entry.actor for entry in entries]
    assert actors.count("server-a") == actors.count("server-b") == APPENDS_PER_PROCESS
    # They appended at the same time: each began before the other had finished. (PostgreSQL
    # interleaves them; SQLite's lock may let one run through while the other waits.)
    times = [
        [float(value) for value in Path(f"{tmp_path / 'go'}.{actor}.times").read_text().split()]
        for actor in ("server-a", "server-b")
    ]
    assert max(start for start, _ in times) < min(end for _, end in times)
    for actor in ("server-a", "server-b"):  # each process's entries in its own order
        mine = [entry.detail["household_id"] for entry in entries if entry.actor == actor]
        assert mine == [f"{actor}-{number}" for number in range(APPENDS_PER_PROCESS)]
    assert cli.main(["audit", "verify", "--data", str(data_dir)]) == 0
    assert f"{2 * APPENDS_PER_PROCESS}" in capsys.readouterr().out


def test_an_append_waits_for_whoever_holds_the_chains_head(shared_url, tmp_path, monkeypatch):
    monkeypatch.setenv(state_store.URL_VARIABLE, shared_url)
    store = open_store(folder=tmp_path / "instance")
    audit.record(store, "wangli", "sign_out")
    holder = psycopg.connect(shared_url)
    holder.execute("select seq from audit_head where chain = 'audit' for update")
    finished = threading.Event()
    worker = threading.Thread(
        target=lambda: (audit.record(store, "zhaoyun", "sign_out"), finished.set())
    )
    worker.start()
    assert not finished.wait(1.0), "the append did not wait for the head's row lock"
    holder.rollback()
    holder.close()
    worker.join(timeout=30)
    assert finished.is_set()
    assert [entry.seq for entry in audit.entries(store)] == [1, 2]
    assert audit.verify(store).ok


def test_a_row_changed_in_postgresql_is_found_and_the_head_is_kept_in_the_database(
    tmp_path, shared_url, monkeypatch, capsys
):
    monkeypatch.setenv(state_store.URL_VARIABLE, shared_url)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    store = open_store(data_dir)
    for number in range(5):
        audit.record(store, "wangli", "household.opened", household_id=f"H{number}")
    assert not store.head_path.exists()  # no head file: servers share the head row
    assert cli.main(["audit", "verify", "--data", str(data_dir)]) == 0
    with psycopg.connect(shared_url) as connection:  # someone with the database's password
        connection.execute(
            "update audit set detail = %s where seq = 3", (json.dumps({"household_id": "X"}),)
        )
    capsys.readouterr()
    assert cli.main(["audit", "verify", "--data", str(data_dir)]) == 1
    assert "entry 3: changed" in capsys.readouterr().out
    with psycopg.connect(shared_url) as connection:  # and the newest entries removed
        connection.execute("delete from audit where seq >= 4")
    problems = audit.verify(store).problems
    assert any("the log ends at entry 3 but its head says 5" in problem for problem in problems)


def test_the_instance_folders_settings_file_names_the_database(tmp_path, shared_url):
    data_dir = tmp_path / "data"
    folder = tmp_path / "data.instance"
    folder.mkdir(mode=0o700)
    (folder / state_store.SETTINGS_FILE).write_text(
        f'[state]\nurl = "{shared_url}"\n', encoding="utf-8"
    )
    store = open_store(data_dir)
    assert store.database.dialect == "postgresql"
    assert not store.path.exists()  # no SQLite file made beside it
    ledger = Ledger.of(data_dir)
    assert ledger.database is store.database  # one store for accounts and the ledger
    accounts.add_user(store, "wangli", PASSWORD, roles=("leader",), area="", actor="cli:test")
    with psycopg.connect(shared_url) as connection:
        assert connection.execute("select name from users").fetchall() == [("wangli",)]


def test_a_url_that_is_not_postgresql_is_refused_in_both_languages(tmp_path, monkeypatch):
    monkeypatch.setenv(state_store.URL_VARIABLE, "mysql://somewhere/tuopin")
    with pytest.raises(StateStoreError) as refused:
        open_state(tmp_path)
    assert "postgresql://" in refused.value.message_zh
    assert "must start with postgresql://" in refused.value.message_en


def test_a_server_that_does_not_answer_is_a_clear_error_without_the_password(
    tmp_path, monkeypatch, postgres_server
):
    from tests.postgres_server import free_port

    url = f"postgresql://tuopin:s3cret-pw@127.0.0.1:{free_port()}/tuopin"
    monkeypatch.setenv(state_store.URL_VARIABLE, url)
    with pytest.raises(StateStoreError) as refused:
        open_store(folder=tmp_path / "instance")
    message = str(refused.value)
    assert "无法连接状态数据库" in message and "Cannot connect to the state database" in message
    assert "s3cret-pw" not in message
    state_store.close_all()


def test_without_the_server_binaries_the_fixture_fails_and_says_what_to_install(
    tmp_path, monkeypatch
):
    from tests import postgres_server

    monkeypatch.setattr(postgres_server, "BIN", tmp_path / "no-postgresql")
    with pytest.raises(postgres_server.PostgresMissing) as missing:
        postgres_server.PostgresServer()
    assert "apt-get install postgresql" in missing.value.message_en
    assert "initdb" in missing.value.message_en


@pytest.mark.parametrize(
    "sql,expected",
    [
        ("select * from t where a = ?", "select * from t where a = %s"),
        ("insert into t values (?, ?)", "insert into t values (%s, %s)"),
        ("select '?' , ? from t", "select '?' , %s from t"),  # a quoted ? is text
        ("select * from t where a like '10%' and b = ?", "select * from t where a like '10%%' and b = %s"),
    ],
)  # fmt: skip
def test_placeholders_are_translated_once_for_postgresql(sql, expected):
    assert postgres_sql(sql) == expected
