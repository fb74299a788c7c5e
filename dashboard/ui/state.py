"""The page's view of the data: which directory, which snapshot, which language, all cached.

Cache boundaries are explicit: the DuckDB connection lives in `st.cache_resource`, query
results in `st.cache_data`, and both are keyed by the data directory's fingerprint (every
snapshot's date and write time), so a new import is never hidden by a stale cache.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.access.context import current_viewer
from dashboard.data import MASKED, Database, Viewer, open_database
from dashboard.hierarchy import WHOLE_DATA, is_area_code
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


def viewer() -> Viewer:
    """What this session's user may see (rows and personal columns): part of every cache key."""
    return current_viewer(default=MASKED)


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _query(
    directory: str, identity: tuple[str, ...], name: str, params: tuple, who: Viewer
) -> pd.DataFrame:
    return _database(directory, identity).run(name, viewer=who, **dict(params))


def query(name: str, **params: object) -> pd.DataFrame:
    """Run `queries/<name>.sql` on this server's data directory as this session's user sees it.

    Cached by snapshot identity and by the viewer, so one user's frame (their area, their
    unmasked names) is never served to another.
    """
    directory = data_dir()
    frame = _query(
        str(directory), fingerprint(directory), name, tuple(sorted(params.items())), viewer()
    )
    if name in AUDITED_QUERIES:
        _audit_once(directory, name, params, len(frame))
    return frame


# Queries whose showing is an audit event (a household's profile: who looked at which family).
AUDITED_QUERIES = {"household_profile": "household.opened"}
_AUDITED_KEY = "tuopin_audited_queries"


def _audit_once(
    directory: Path, name: str, params: dict, rows: int, event: str | None = None
) -> None:
    """Record an audited query once per session and parameters, not on every rerun."""
    from dashboard.access.audit import record_for

    event = event or AUDITED_QUERIES[name]
    seen = st.session_state.setdefault(_AUDITED_KEY, set())
    key = (event, name, rows, tuple(sorted((k, str(v)) for k, v in params.items())))
    if key in seen:
        return
    seen.add(key)
    record_for(directory, event, query=name, rows=rows, **{k: str(v) for k, v in params.items()})


def audit_list_shown(query: str, rows: int) -> None:
    """Record that a list of people or households was shown (once per session, query, rows)."""
    _audit_once(data_dir(), query, {}, rows, event="list.shown")


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _run_sql(
    directory: str, identity: tuple[str, ...], sql: str, params: tuple, who: Viewer
) -> pd.DataFrame:
    return _database(directory, identity).run_sql(sql, dict(params), viewer=who)


def run_sql(sql: str, **params: object) -> pd.DataFrame:
    """Run allow-listed SQL built in code (the explorer) as this session's user sees it, cached."""
    directory = data_dir()
    return _run_sql(
        str(directory), fingerprint(directory), sql, tuple(sorted(params.items())), viewer()
    )


def snapshots() -> list[SnapshotInfo]:
    """Every snapshot in this server's data directory, oldest first."""
    return list_snapshots(data_dir())


LANGUAGE_KEY = "language_picker"
SNAPSHOT_KEY = "snapshot_picker"


def init_from_url() -> None:
    """On a session's first run, seed the sidebar's widgets from the URL.

    After that the widgets are the truth and the sidebar writes them back to the URL, so a
    bookmarked or shared link opens the same view, and switching pages keeps the choice.
    """
    if LANGUAGE_KEY not in st.session_state:
        wanted = st.query_params.get("lang", DEFAULT_LANGUAGE)
        st.session_state[LANGUAGE_KEY] = wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE
    if SNAPSHOT_KEY not in st.session_state:
        available = [info.snapshot_date for info in snapshots()]
        wanted = st.query_params.get("snapshot")
        chosen = next((d for d in available if d.isoformat() == wanted), None)
        st.session_state[SNAPSHOT_KEY] = chosen or (available[-1] if available else None)


def language() -> str:
    """The chosen language: the sidebar's, seeded from `?lang=`; Chinese by default."""
    lang = st.session_state.get(LANGUAGE_KEY) or st.query_params.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def chosen_snapshot() -> SnapshotInfo | None:
    """The chosen snapshot (seeded from `?snapshot=`), else the latest; None if there is none."""
    available = snapshots()
    if not available:
        return None
    wanted = st.session_state.get(SNAPSHOT_KEY)
    for info in available:
        if info.snapshot_date == wanted:
            return info
    return available[-1]


def seed_from_url(
    key: str, allowed: Iterable[str], default: str | None, *, parameter: str | None = None
) -> None:
    """On a page's first run in a session, start the widget `key` from its URL parameter.

    Widgets bound with `bind="query-params"` would put their displayed label (山南村) in the
    URL; links name the code (`?village=341182108206`), so pages keep the URL themselves:
    seed here, then write the widget's value back with `st.query_params[...] = value`.
    A value not in `allowed` falls back to `default`.
    """
    if key not in st.session_state:
        wanted = st.query_params.get(parameter or key)
        st.session_state[key] = wanted if wanted in set(allowed) else default


def previous_snapshot(current: SnapshotInfo) -> SnapshotInfo | None:
    """The snapshot just before `current`, for the change shown beside each number."""
    earlier = [info for info in snapshots() if info.snapshot_date < current.snapshot_date]
    return earlier[-1] if earlier else None


HOUSEHOLD_PARAMETER = "household"  # ?household=ID: the profile to open, on any page's URL


def household_out_of_scope() -> str | None:
    """The `?household=` of this URL when this user may not read that household, else None.

    Any page may be called with it (a shared link, a typed URL); a household outside the
    user's rows (another area, not a helper's own, or none at all: the answer is the same, so
    it tells nothing of which households exist) is refused before the page runs.
    """
    wanted = st.query_params.get(HOUSEHOLD_PARAMETER)
    if wanted is None:
        return None
    wanted = str(wanted)[:HOUSEHOLD_ID_LIMIT]
    found = query("household_in_scope", household_id=wanted)["found"].iloc[0]
    return None if found == 1 else wanted


HOUSEHOLD_ID_LIMIT = 64  # longer than any 户编号; a 10,000-character value is cut, not queried


AREA_PARAMETER = "area"  # ?area=CODE: a province, prefecture, county, town or village code


def area() -> str:
    """The area this page shows: `?area=` when it is a well-formed code, else the whole data ('').

    Every page reads it and the area is kept in every shareable URL; whether the signed-in
    user may see that area is for the data layer to decide, not this function.
    """
    wanted = str(st.query_params.get(AREA_PARAMETER, WHOLE_DATA)).strip()
    return wanted if is_area_code(wanted) else WHOLE_DATA


def as_date(value: str | dt.date) -> dt.date:
    """A date from a date or its ISO text (`2018-06-30`)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
