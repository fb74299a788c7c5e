"""The instance folder: state that belongs to a data directory but is not a snapshot.

Accounts, sessions, the audit log (`dashboard.access.store`) and the rectification ledger
(`dashboard.ledger.store`) share one SQLite file in it, never the snapshot folders (a snapshot
stays exactly the data contract). Where the folder is, is decided once, by
`dashboard.access.store.instance_dir` (`<data dir>.instance/`, or `$TUOPIN_INSTANCE`).
"""

from __future__ import annotations

from pathlib import Path

from dashboard.access.store import STATE_FILE, instance_dir


def state_database(data_dir: Path) -> Path:
    """The SQLite file of a data directory's state (its folder created, owner-only)."""
    folder = instance_dir(data_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder / STATE_FILE


def has_state(data_dir: Path) -> bool:
    """Whether the data directory already keeps state (without creating anything)."""
    return (instance_dir(data_dir) / STATE_FILE).exists()
