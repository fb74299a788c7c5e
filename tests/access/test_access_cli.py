"""`tuopin users …`: passwords from standard input, never an argument; changes are audited."""

from __future__ import annotations

import io
import json

import pytest

from dashboard import cli
from dashboard.access import audit
from dashboard.access.store import open_store

PASSWORD = "correct horse battery"


def users(monkeypatch, data_dir, *arguments, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli.main(["users", *arguments, "--data", str(data_dir)])


def test_users_add_list_change_and_audit(tmp_path, monkeypatch, capsys):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    assert (
        users(
            monkeypatch,
            data_dir,
            "add",
            "wangli",
            "--role",
            "leader",
            "--area",
            "341182108206",
            stdin=PASSWORD + "\n",
        )
        == 0
    )
    assert (
        users(monkeypatch, data_dir, "set-role", "wangli", "--role", "analyst", "--role", "admin")
        == 0
    )
    assert users(monkeypatch, data_dir, "set-area", "wangli", "341182") == 0
    assert (
        users(monkeypatch, data_dir, "reset-password", "wangli", stdin="another long phrase\n") == 0
    )
    assert users(monkeypatch, data_dir, "disable", "wangli") == 0
    capsys.readouterr()
    assert users(monkeypatch, data_dir, "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [
        {
            "name": "wangli",
            "roles": ["analyst", "admin"],
            "area": "341182",
            "helper_id": None,
            "disabled": True,
        }
    ]
    store = open_store(data_dir)
    entries = audit.entries(store)
    assert all(entry.actor.startswith("cli:") for entry in entries)
    assert [entry.event for entry in entries][:2] == ["user.added", "user.changed"]
    raw = store.path.read_bytes()
    assert PASSWORD.encode() not in raw and b"another long phrase" not in raw
    assert (store.path.stat().st_mode & 0o777) == 0o600
    assert (store.folder.stat().st_mode & 0o777) == 0o700


def test_there_is_no_password_argument():
    with pytest.raises(SystemExit):
        cli.main(["users", "add", "wangli", "--role", "leader", "--password", PASSWORD])


def test_a_common_password_from_stdin_is_refused(tmp_path, monkeypatch, capsys):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    assert (
        users(monkeypatch, data_dir, "add", "wangli", "--role", "viewer", stdin="password123\n")
        == 2
    )
    assert "too common" in capsys.readouterr().err
