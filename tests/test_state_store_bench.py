"""How long the state store's everyday work takes, SQLite beside PostgreSQL (`-m benchmark`).

Prints the median of each: a sign-in (argon2id dominates it), starting a session, looking a
session up the way every page run does (`has_accounts`, `open_store`, `session_for`), and an
audit append; and a connection made afresh. The PostgreSQL server is the tests' own on 127.0.0.1 (SCRAM, fsync off), so its
figures are the round trips and the locking, not a disk. Nothing asserts a time.
"""

from __future__ import annotations

import statistics
import time

import pytest

from dashboard.access import accounts, audit
from dashboard.access.sessions import create_session, session_for
from dashboard.access.store import has_accounts, open_store
from dashboard.state_store import PostgresDatabase, SqliteDatabase

pytestmark = pytest.mark.benchmark

PASSWORD = "correct horse battery"
SIGN_INS = 5
LOOKUPS = 200
APPENDS = 100


def median_ms(action, times: int) -> float:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent)


def test_sign_in_session_lookup_and_audit_append(tmp_path, state_backend, capsys):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    store = open_store(data_dir)
    accounts.add_user(store, "wangli", PASSWORD, roles=("leader",), area="", actor="cli:bench")
    user = accounts.authenticate(store, "wangli", PASSWORD)
    token = create_session(store, user)

    def page_run_lookup():
        assert has_accounts(data_dir)
        assert session_for(open_store(data_dir), token).user.name == "wangli"

    def new_connection():
        database = (
            PostgresDatabase(store.database.url)
            if store.database.shared
            else SqliteDatabase(store.database.path)
        )
        with database.reading() as connection:
            connection.execute("select count(*) from users").fetchone()
        database.close()

    figures = {
        "a new connection and one query (a CLI command's first)": median_ms(new_connection, 20),
        "sign-in (argon2id + throttle + audit)": median_ms(
            lambda: accounts.authenticate(store, "wangli", PASSWORD), SIGN_INS
        ),
        "session start": median_ms(lambda: create_session(store, user), LOOKUPS // 4),
        "session lookup (session_for)": median_ms(lambda: session_for(store, token), LOOKUPS),
        "page run's lookup (has_accounts + open_store + session_for)": median_ms(
            page_run_lookup, LOOKUPS
        ),
        "audit append": median_ms(
            lambda: audit.record(store, "wangli", "household.opened", household_id="H1"), APPENDS
        ),
    }
    assert audit.verify(store).ok
    with capsys.disabled():
        print(f"\nstate store on {state_backend} ({store.database.describe()}):")
        for name, milliseconds in figures.items():
            print(f"  {name:<62} {milliseconds:8.2f} ms")
