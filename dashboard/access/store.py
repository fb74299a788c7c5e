"""Where the access layer's state lives: one SQLite file in the data directory's instance folder.

The instance folder defaults to `<data dir>.instance/` beside the data directory (the demo's is
`data/demo.instance/`), so regenerating the demo (`tuopin demo --force`) never touches the
accounts or the audit log; `$TUOPIN_INSTANCE` names another. The folder is created 0700 and the
database 0600. Every statement is plain SQL with bound values and no SQLite-only feature
beyond `insert ... on conflict`, so a PostgreSQL store can take the same statements later.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

STATE_FILE = "tuopin.sqlite"
BUSY_TIMEOUT_SECONDS = 10.0  # the CLI and the server write the same file; one waits its turn

SCHEMA = (
    """create table if not exists users (
        user_id integer primary key,
        name text not null,
        name_key text not null unique,
        password_hash text not null,
        roles text not null,
        area text not null,
        helper_id text,
        disabled integer not null default 0,
        password_changed_at real not null,
        created_at real not null
    )""",
    """create table if not exists sessions (
        token_hash text primary key,
        user_id integer not null references users (user_id),
        created_at real not null,
        last_seen real not null,
        ended_at real,
        end_reason text,
        address text
    )""",
    """create table if not exists throttle (
        throttle_key text primary key,
        failures integer not null default 0,
        locked_until real not null default 0,
        lockouts integer not null default 0
    )""",
    """create table if not exists audit (
        seq integer primary key,
        at text not null,
        actor text not null,
        event text not null,
        detail text not null,
        previous_hash text not null,
        entry_hash text not null
    )""",
    """create table if not exists audit_meta (
        meta_key text primary key,
        meta_value text not null
    )""",
    # Accounts signed in through the identity provider: its subject → our users row (whose
    # sessions, disabling and end-sessions then work as for a local account).
    """create table if not exists oidc_accounts (
        subject text primary key,
        user_id integer not null unique references users (user_id)
    )""",
)


def instance_dir(data_dir: Path) -> Path:
    """The instance folder of a data directory: `$TUOPIN_INSTANCE`, else `<data dir>.instance`."""
    configured = os.environ.get("TUOPIN_INSTANCE")
    if configured:
        return Path(configured)
    data_dir = Path(data_dir).resolve()
    return data_dir.parent / f"{data_dir.name}.instance"


@dataclass
class Store:
    """The state database of one instance folder; `transaction()` gives a connection."""

    folder: Path
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def path(self) -> Path:
        return self.folder / STATE_FILE

    @property
    def head_path(self) -> Path:
        """The audit chain's head and count, kept apart from the log (see audit.py)."""
        return self.folder / "audit.head.json"

    @property
    def archive_dir(self) -> Path:
        return self.folder / "audit-archive"

    def connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("pragma foreign_keys = on")
        return connection

    @contextmanager
    def transaction(self):
        """One write transaction, taken at once (`begin immediate`) so writers queue, not fail."""
        with self._lock:
            connection = self.connect()
            try:
                connection.execute("begin immediate")
                yield connection
                connection.execute("commit")
            except BaseException:
                connection.execute("rollback")
                raise
            finally:
                connection.close()

    @contextmanager
    def reading(self):
        connection = self.connect()
        try:
            yield connection
        finally:
            connection.close()


def open_store(data_dir: Path | None = None, *, folder: Path | None = None) -> Store:
    """The store of a data directory (or of an explicit folder), created on first use."""
    folder = Path(folder) if folder is not None else instance_dir(Path(data_dir))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    store = Store(folder)
    if not store.path.exists():
        # Created empty with owner-only rights before SQLite writes anything into it.
        descriptor = os.open(store.path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(descriptor)
    os.chmod(store.path, 0o600)
    with store.transaction() as connection:
        for statement in SCHEMA:
            connection.execute(statement)
    return store


def has_accounts(data_dir: Path) -> bool:
    """Whether the data directory's instance has any account, without creating anything."""
    path = instance_dir(Path(data_dir)) / STATE_FILE
    if not path.is_file():
        return False
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        row = connection.execute(
            "select count(*) from sqlite_master where type = 'table' and name = 'users'"
        ).fetchone()
        if not row or not row[0]:
            return False
        return connection.execute("select count(*) from users").fetchone()[0] > 0
    finally:
        connection.close()
