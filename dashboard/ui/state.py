"""The page's view of the data: which directory, which snapshot, which language, all cached.

Cache boundaries are explicit: the DuckDB connection lives in `st.cache_resource`, query
results in `st.cache_data`, and both are keyed by the data directory's fingerprint (every
snapshot's date and write time), so a new import is never hidden by a stale cache.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.data import Database, open_database
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES
from dashboard.snapshots import SnapshotInfo, default_data_dir, list_snapshots

CACHE_ENTRIES = 256  # query results kept per process; a few pages x a few snapshots


def data_dir() -> Path:
    """The data directory this server was started on (`$TUOPIN_DATA`, else the demo)."""
    return default_data_dir().resolve()


def fingerprint(directory: Path) -> tuple[str, ...]:
    """Identity of every snapshot on disk: changes when one is added or rewritten."""
    return tuple(info.identity for info in list_snapshots(directory))


@st.cache_resource(max_entries=4)
def _database(directory: str, identity: tuple[str, ...]) -> Database:
    return open_database(Path(directory))


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _query(directory: str, identity: tuple[str, ...], name: str, params: tuple) -> pd.DataFrame:
    return _database(directory, identity).run(name, **dict(params))


def query(name: str, **params: object) -> pd.DataFrame:
    """Run `queries/<name>.sql` on this server's data directory, cached by snapshot identity."""
    directory = data_dir()
    return _query(str(directory), fingerprint(directory), name, tuple(sorted(params.items())))


def snapshots() -> list[SnapshotInfo]:
    return list_snapshots(data_dir())


def language() -> str:
    """The language from the URL (`?lang=en`), Chinese by default."""
    lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def chosen_snapshot() -> SnapshotInfo | None:
    """The snapshot named in the URL (`?snapshot=2018-06-30`), else the latest; None if none."""
    available = snapshots()
    if not available:
        return None
    wanted = st.query_params.get("snapshot")
    for info in available:
        if wanted and info.snapshot_date.isoformat() == wanted:
            return info
    return available[-1]


def previous_snapshot(current: SnapshotInfo) -> SnapshotInfo | None:
    """The snapshot just before `current`, for the change shown beside each number."""
    earlier = [info for info in snapshots() if info.snapshot_date < current.snapshot_date]
    return earlier[-1] if earlier else None


def as_date(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
