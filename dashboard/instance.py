"""The instance folder: state that belongs to a data directory but is not a snapshot.

Accounts, sessions, the audit log and the rectification ledger (整改台账) are kept here, never in
the snapshot folders (a snapshot stays exactly the data contract). It sits beside the data
directory, `<data dir>.instance/` (`data/demo` → `data/demo.instance/`), so `tuopin demo --force`
never touches it; `$TUOPIN_INSTANCE` names another folder.
"""

from __future__ import annotations

import os
from pathlib import Path

INSTANCE_SUFFIX = ".instance"
STATE_DATABASE = "tuopin.sqlite"  # one embedded SQLite database for all the state


def instance_dir(data_dir: Path) -> Path:
    """The instance folder of a data directory (created, owner-only, on first use)."""
    configured = os.environ.get("TUOPIN_INSTANCE")
    folder = (
        Path(configured)
        if configured
        else Path(data_dir).resolve().with_name(Path(data_dir).resolve().name + INSTANCE_SUFFIX)
    )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def state_database(data_dir: Path) -> Path:
    """The SQLite file of a data directory's state."""
    return instance_dir(data_dir) / STATE_DATABASE
