"""`tuopin state backup` / `restore`: nothing committed is lost, the audit chain stays whole.

Run on both state stores (`state_backend`): the SQLite file with its online backup, and a real
PostgreSQL 15 server with pg_dump / pg_restore. And a ledger save whose process is SIGKILLed
half-way is stored whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from dashboard import state_store
from dashboard.access import audit
from dashboard.access.store import open_store
from dashboard.ledger.store import Ledger
from dashboard.state_backup import BackupError, backup, restore

FOUND = dt.date(2018, 6, 30)
SAVE_SECONDS = 1.5  # how long the save under way holds its transaction open


def add_problem(ledger: Ledger, text: str) -> int:
    return ledger.add(
        source="inspection",
        category="policy",
        description=text,
        found_date=FOUND,
        actor="tester",
        village_code="341182214001",
    )


def restored_instance(tmp_path: Path, state_backend: str, postgres, monkeypatch) -> Path:
    """A fresh instance folder to restore into (and, on PostgreSQL, a fresh database)."""
    instance = tmp_path / "restored-instance"
    if state_backend == "postgresql":
        url = os.environ[state_store.URL_VARIABLE]
        database = f"restored_{os.urandom(4).hex()}"
        postgres.admin(f"create database {database}", database="postgres")
        schema = url.rsplit("%3D", 1)[1]
        monkeypatch.setenv(state_store.URL_VARIABLE, postgres.url(schema, database=database))
    return instance


def test_a_backup_taken_during_a_save_restores_every_committed_change(
    tmp_path: Path, state_backend: str, request, monkeypatch
):
    instance = tmp_path / "instance"
    store = open_store(folder=instance)
    ledger = Ledger(store.database)
    committed = [add_problem(ledger, f"问题 {number}") for number in range(5)]
    first = ledger.get(committed[0])
    ledger.update(committed[0], version=first["version"], actor="tester", measures="入户核实")
    for number in range(7):
        audit.record(store, "tester", "ledger.changed", problem=number)

    # A save under way: its transaction is open (problem and event written, not committed).
    started, done = threading.Event(), threading.Event()

    def slow_save():
        with store.database.transaction() as connection:
            ledger._insert(
                connection,
                dict(
                    source="inspection",
                    category="policy",
                    description="保存中的问题",
                    found_date=FOUND.isoformat(),
                ),
                "tester",
            )
            started.set()
            time.sleep(SAVE_SECONDS)
        done.set()

    saver = threading.Thread(target=slow_save)
    saver.start()
    assert started.wait(10)
    out = tmp_path / "backups" / "state.backup"
    held = backup(instance, out)
    saver.join()
    assert done.is_set()
    assert out.is_file() and oct(out.stat().st_mode & 0o777) == "0o600"
    assert held.audit_entries == 7 and held.accounts == 0

    postgres = request.getfixturevalue("postgres_server") if state_backend != "sqlite" else None
    state_store.close_all()
    target = restored_instance(tmp_path, state_backend, postgres, monkeypatch)
    contents = restore(target, out)
    assert contents.chain_ok, contents.chain_problems
    assert contents.audit_entries == 7
    restored = Ledger(open_store(folder=target).database)
    frame = restored.frame()
    for problem_id in committed:
        assert problem_id in set(frame["problem_id"])
    assert restored.get(committed[0])["measures"] == "入户核实"
    # The save under way is in the backup whole (SQLite waits for it) or not at all
    # (pg_dump's snapshot began before it committed): never its problem without its event.
    in_flight = frame[frame["description"] == "保存中的问题"]
    assert len(in_flight) in (0, 1)
    if state_backend == "sqlite":
        assert len(in_flight) == 1  # the backup waited for the save's commit
    if len(in_flight):
        history = restored.history(int(in_flight["problem_id"].iloc[0]))
        assert "created" in set(history["change"])
    assert contents.problems == len(committed) + len(in_flight)


def test_a_restore_does_not_replace_state_unless_told(tmp_path: Path, state_backend: str):
    instance = tmp_path / "instance"
    store = open_store(folder=instance)
    audit.record(store, "tester", "import", rows=1)
    out = tmp_path / "state.backup"
    backup(instance, out)
    with pytest.raises(BackupError) as refused:
        restore(instance, out)
    assert "--force" in refused.value.message_en and "--force" in refused.value.message_zh
    assert restore(instance, out, force=True).chain_ok


def test_a_backup_never_overwrites_and_a_wrong_file_is_refused(tmp_path: Path):
    instance = tmp_path / "instance"
    audit.record(open_store(folder=instance), "tester", "import", rows=1)
    out = tmp_path / "state.backup"
    out.write_text("something else", encoding="utf-8")
    with pytest.raises(BackupError):
        backup(instance, out)
    assert out.read_text(encoding="utf-8") == "something else"
    with pytest.raises(BackupError) as refused:
        restore(tmp_path / "fresh", out)
    assert "SQLite" in refused.value.message_en
    assert not (tmp_path / "fresh" / "tuopin.sqlite").exists()


def test_a_broken_chain_is_reported_on_restore(tmp_path: Path):
    instance = tmp_path / "instance"
    store = open_store(folder=instance)
    for number in range(3):
        audit.record(store, "tester", "import", rows=number)
    with store.transaction() as connection:  # someone edits an entry after the fact
        connection.execute("update audit set actor = 'someone else' where seq = 2")
    out = tmp_path / "state.backup"
    backup(instance, out)
    contents = restore(tmp_path / "fresh", out)
    assert contents.chain_ok is False
    assert any("entry 2" in problem for problem in contents.chain_problems)


KILLED_SAVE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from dashboard.ledger.store import Ledger

    ledger = Ledger(Path(sys.argv[1]))
    original = Ledger._event

    def slow_event(connection, *arguments):
        original(connection, *arguments)
        print("half-way", flush=True)  # one change written, the transaction still open
        time.sleep(60)

    Ledger._event = staticmethod(slow_event)
    ledger.update(int(sys.argv[2]), version=int(sys.argv[3]), actor="killed",
                  measures="写到一半的整改措施", result="写到一半的结果")
    """
)


def test_a_save_whose_process_is_killed_is_stored_whole_or_not_at_all(tmp_path: Path):
    """SIGKILL during a ledger save: nothing half-written; the same save (the text the user
    typed, on the version they opened) then goes through on another process."""
    path = tmp_path / "instance" / "tuopin.sqlite"
    ledger = Ledger(path)
    problem_id = add_problem(ledger, "被中断的保存")
    before = ledger.get(problem_id)
    saver = subprocess.Popen(
        [sys.executable, "-c", KILLED_SAVE, str(path), str(problem_id), str(before["version"])],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert saver.stdout.readline().strip() == "half-way"
    os.kill(saver.pid, signal.SIGKILL)
    saver.wait()
    after = Ledger(path)
    assert after.get(problem_id) == before  # not a column of the half-save
    assert set(after.history(problem_id)["change"]) == {"created"}
    saved = after.update(
        problem_id,
        version=before["version"],
        actor="retried",
        measures="写到一半的整改措施",
        result="写到一半的结果",
    )
    assert saved["measures"] == "写到一半的整改措施" and saved["version"] == before["version"] + 1
