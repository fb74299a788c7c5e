"""The audit log's chain: a changed, removed or truncated entry is found and named."""

from __future__ import annotations

import json

import pytest

from dashboard import cli
from dashboard.access import audit


def fill(store, count=5, clock=None):
    for number in range(count):
        extra = {"clock": clock} if clock else {}
        audit.record(store, "wangli", "household.opened", household_id=f"H{number}", **extra)


def execute(store, sql, values=()):
    """A change made behind the audit module's back, straight in the database."""
    with store.database.transaction() as connection:
        connection.execute(sql, values)


def test_an_untouched_log_verifies(store):
    fill(store)
    result = audit.verify(store)
    assert result.ok and result.entries == 5 and result.problems == ()


def test_a_changed_entry_is_named(store):
    fill(store)
    execute(
        store, "update audit set detail = ? where seq = 3", (json.dumps({"household_id": "X"}),)
    )
    result = audit.verify(store)
    assert not result.ok
    assert any(problem.startswith("entry 3: changed") for problem in result.problems)


def test_a_rehashed_entry_breaks_the_link_to_the_next(store):
    fill(store)
    execute(store, "update audit set actor = 'someone', entry_hash = ? where seq = 2", ("f" * 64,))
    problems = audit.verify(store).problems
    assert any(problem.startswith("entry 2: changed") for problem in problems)
    assert any(problem.startswith("entry 3: does not follow") for problem in problems)


def test_a_removed_entry_is_named(store):
    fill(store)
    execute(store, "delete from audit where seq = 4")
    problems = audit.verify(store).problems
    assert any(problem.startswith("entry 4: missing") for problem in problems)


def test_removing_the_newest_entries_is_found_by_the_head(store):
    fill(store)
    execute(store, "delete from audit where seq >= 4")
    problems = audit.verify(store).problems
    assert any("the log ends at entry 3 but its head says 5" in problem for problem in problems)


def test_unknown_events_are_refused(store):
    with pytest.raises(ValueError, match="unknown audit event"):
        audit.record(store, "x", "household.opend")


def test_old_entries_are_archived_not_dropped_and_the_chain_goes_on(store, clock):
    fill(store, 3, clock)  # written "now"
    clock.advance(days=181)
    fill(store, 2, clock)
    assert audit.archive(store, clock=clock, keep_days=30) is not None  # 30 is raised to 180
    assert [entry.seq for entry in audit.entries(store)] == [4, 5]
    archived = sorted(store.archive_dir.glob("*.jsonl"))
    assert len(archived) == 1
    lines = archived[0].read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["seq"] for line in lines[:-1]] == [1, 2, 3]
    assert json.loads(lines[-1])["archive_ends_at"] == 3
    audit.record(store, "wangli", "sign_out", clock=clock)
    assert audit.verify(store).ok
    assert audit.verify_archives(store) == []
    # A changed archive is found too.
    tampered = lines[0].replace("H0", "H9")
    archived[0].write_text("\n".join([tampered, *lines[1:]]) + "\n", encoding="utf-8")
    assert audit.verify_archives(store) != []


def test_the_commands_verify_and_list(tmp_path, state_backend, capsys):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    from dashboard.access.store import open_store

    store = open_store(data_dir)
    assert store.folder == tmp_path / "data.instance"
    fill(store)
    assert cli.main(["audit", "verify", "--data", str(data_dir)]) == 0
    assert cli.main(["audit", "list", "--json", "--user", "wangli", "--data", str(data_dir)]) == 0
    listed = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert [entry["detail"]["household_id"] for entry in listed] == [f"H{n}" for n in range(5)]
    execute(store, "update audit set event = 'sign_out' where seq = 2")
    assert cli.main(["audit", "verify", "--data", str(data_dir)]) == 1
    assert "entry 2: changed" in capsys.readouterr().out
