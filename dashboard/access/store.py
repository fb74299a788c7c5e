"""Where the access layer's state lives: the state store of the data directory's instance folder.

The instance folder defaults to `<data dir>.instance/` beside the data directory (the demo's is
`data/demo.instance/`), so regenerating the demo (`tuopin demo --force`) never touches the
accounts or the audit log; `$TUOPIN_INSTANCE` names another. The folder is created 0700. The
store is the SQLite file `tuopin.sqlite` in it (0600), or the PostgreSQL database that
`$TUOPIN_STATE_URL` or the folder's `state.toml` names (`dashboard.state_store`, which also
handles every difference between the two). Every statement is plain SQL with bound values.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dashboard.settings import instance_dir
from dashboard.state_store import STATE_FILE, StateDatabase, open_state

__all__ = ["STATE_FILE", "SCHEMA", "Store", "has_accounts", "instance_dir", "open_store"]

SCHEMA = (
    """create table if not exists users (
        user_id {auto_id},
        name text not null,
        name_key text not null unique,
        password_hash text not null,
        roles text not null,
        area text not null,
        helper_id text,
        disabled integer not null default 0,
        password_changed_at double precision not null,
        created_at double precision not null
    )""",
    """create table if not exists sessions (
        token_hash text primary key,
        user_id bigint not null references users (user_id),
        created_at double precision not null,
        last_seen double precision not null,
        ended_at double precision,
        end_reason text,
        address text
    )""",
    """create table if not exists throttle (
        throttle_key text primary key,
        failures integer not null default 0,
        locked_until double precision not null default 0,
        lockouts integer not null default 0
    )""",
    """create table if not exists audit (
        seq {integer_key},
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
        user_id bigint not null unique references users (user_id)
    )""",
)
# A store that several servers share keeps the audit chain's head in a row of its own (one
# file on one machine cannot be the head for all); appends lock that row (see audit.py).
SHARED_SCHEMA = (
    """create table if not exists audit_head (
        chain text primary key,
        seq bigint not null,
        head_hash text not null,
        entry_count bigint not null
    )""",
    "insert into audit_head (chain, seq, head_hash, entry_count) "
    "values ('audit', 0, '" + "0" * 64 + "', 0) on conflict (chain) do nothing",
)


@dataclass
class Store:
    """The access state of one instance folder; `transaction()` gives a connection."""

    folder: Path
    database: StateDatabase

    @property
    def path(self) -> Path:
        """The SQLite file (when the state is not in PostgreSQL)."""
        return self.folder / STATE_FILE

    @property
    def head_path(self) -> Path:
        """The audit chain's head and count, kept apart from the log (SQLite; see audit.py)."""
        return self.folder / "audit.head.json"

    @property
    def archive_dir(self) -> Path:
        return self.folder / "audit-archive"

    @contextmanager
    def transaction(self):
        """One write transaction; writers queue, one at a time (see dashboard.state_store)."""
        with self.database.transaction() as connection:
            yield connection

    @contextmanager
    def reading(self):
        with self.database.reading() as connection:
            yield connection


def open_store(data_dir: Path | None = None, *, folder: Path | None = None) -> Store:
    """The store of a data directory (or of an explicit folder), created on first use."""
    folder = Path(folder) if folder is not None else instance_dir(Path(data_dir))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    database = open_state(folder)
    database.ensure_schema(SCHEMA + SHARED_SCHEMA if database.shared else SCHEMA)
    return Store(folder, database)


def has_accounts(data_dir: Path) -> bool:
    """Whether the data directory's instance has any account, without creating anything."""
    folder = instance_dir(Path(data_dir))
    database = open_state(folder)
    if not database.has_table("users"):
        return False
    with database.reading() as connection:
        return connection.execute("select count(*) from users").fetchone()[0] > 0
