"""The instance folder: state that belongs to a data directory but is not a snapshot.

Accounts, sessions, the audit log (`dashboard.access.store`) and the rectification ledger
(`dashboard.ledger.store`) share one state store, never the snapshot folders (a snapshot
stays exactly the data contract): the SQLite file in the instance folder, or the PostgreSQL
database configured for it (`dashboard.state_store`). Where the folder is, is decided once, by
`dashboard.access.store.instance_dir` (`<data dir>.instance/`, or `$TUOPIN_INSTANCE`).
"""

from __future__ import annotations

from pathlib import Path

from dashboard.access.store import instance_dir
from dashboard.state_store import StateDatabase, open_state


def state_database(data_dir: Path) -> StateDatabase:
    """The state store of a data directory (its instance folder created, owner-only)."""
    folder = instance_dir(data_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return open_state(folder)


def has_state(data_dir: Path) -> bool:
    """Whether the data directory already keeps state (without creating anything)."""
    return open_state(instance_dir(data_dir)).exists()
