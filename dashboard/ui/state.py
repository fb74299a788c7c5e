"""The page's view of the data: which directory, which snapshot, which language, all cached.

Cache boundaries are explicit: the DuckDB connection and query results live in
`st.cache_resource`, keyed by the data directory's fingerprint (every snapshot's date and write
time) and by the viewer, so a new import is never hidden by a stale cache and one user's rows
are never served to another.

Query results are shared, not copied: `st.cache_data` pickles every result and hands each
session its own unpickled copy (at a province, a 400,000-row roster per session and per rerun).
Here every session gets a shallow copy of one cached frame; pandas' copy-on-write (the default
since pandas 3) copies a column only when a page writes to it, so the cached frame never changes.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Hashable, Iterable
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.access import scope, web
from dashboard.access.audit import record_for
from dashboard.access.context import in_streamlit
from dashboard.data import Database, open_database
from dashboard.hierarchy import (
    LEVEL_DIGITS,
    LEVEL_LABELS,
    WHOLE_DATA,
    AreaIndex,
    is_area_code,
    level_of,
)
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, text
from dashboard.snapshots import SnapshotInfo, default_data_dir, list_snapshots
from dashboard.staging import (
    being_prepared,
    definitions_key,
    derived_ready,
    monitoring_line_stamp,
)
from dashboard.viewer import MASKED, Viewer, current_viewer, install_viewer_resolver

CACHE_ENTRIES = 256  # query results kept per process; a few pages x a few snapshots


def data_dir() -> Path:
    """The data directory this server was started on (`$TUOPIN_DATA`, else the demo)."""
    return default_data_dir().resolve()


def fingerprint(directory: Path) -> tuple[str, ...]:
    """Identity of every snapshot served: changes when one is added, rewritten or ready.

    While `tuopin prepare` (or an import) builds a new snapshot's derived tables, only the
    snapshots that are ready are served and the new one waits (`preparing`), instead of its
    build running inside somebody's page.
    """
    ready, _ = ready_and_preparing(directory)
    served = ready if ready is not None else list_snapshots(directory)
    # A county's own monitoring line set on /monitoring changes the definitions (and the
    # findings and clues built on them) without changing any snapshot.
    line = monitoring_line_stamp(directory)
    return tuple(info.identity for info in served) + ((line,) if line else ())


def cache_key(*parts: object) -> str:
    """The one argument Streamlit hashes for a cached function: the repr of what the result
    depends on (strings, dates, tuples and the frozen `Viewer` dataclass, each repr whole).

    Streamlit hashes every argument of a cached function on every call, a `Viewer` and a
    tuple of snapshot identities by walking them: a dozen calls a run, a few milliseconds
    each, repeated by every session. A string is hashed in microseconds; the values
    themselves go in `_`-named arguments, which Streamlit does not hash.
    """
    return repr(parts)


@st.cache_resource(max_entries=4)
def _database_cached(key: str, directory: str, _identity: tuple[str, ...]) -> Database:
    # `key` (directory and identity) is the argument Streamlit hashes: named `_key` it was
    # not, and a server kept the database it opened first, whatever was imported after.
    snapshots = list_snapshots(Path(directory))
    served = [info for info in snapshots if info.identity in _identity]
    if len(served) == len(snapshots):
        return open_database(Path(directory))
    return open_database(Path(directory), only=served)


def _database(directory: str, identity: tuple[str, ...]) -> Database:
    return _database_cached(cache_key(directory, identity), directory, identity)


def database() -> Database:
    """This server's open database on its data directory (shared by every session)."""
    directory = data_dir()
    return _database(str(directory), fingerprint(directory))


def _definitions_key(directory: Path) -> str:
    # The definitions' SQL does not change while a server runs; a county's own monitoring
    # lines in the instance folder are part of the key (`staging.definitions_key`), and an
    # analyst may set one while it runs.
    return _definitions_key_of(directory, monitoring_line_stamp(directory))


@lru_cache(maxsize=8)
def _definitions_key_of(directory: Path, _line_stamp: str | None) -> str:
    return definitions_key(directory)


def ready_and_preparing(directory: Path) -> tuple[list[SnapshotInfo] | None, list[str]]:
    """(The ready snapshots, the dates being prepared) while a build runs beside ready
    snapshots; (None, []) otherwise: then every snapshot is served, as it is opened."""
    if not being_prepared(directory):
        return None, []
    snapshots = list_snapshots(directory)
    key = _definitions_key(directory)
    ready = [info for info in snapshots if derived_ready(directory, info, key)]
    if not ready or len(ready) == len(snapshots):
        return None, []
    pending = [info.snapshot_date.isoformat() for info in snapshots if info not in ready]
    return ready, pending


def preparing() -> list[str]:
    """The snapshot dates being prepared right now (none when every snapshot is served)."""
    return ready_and_preparing(data_dir())[1]


def viewer() -> Viewer:
    """What this session's user may see (rows and personal columns): part of every cache key."""
    return current_viewer(default=MASKED)


# One computation per cache key at a time: when twenty sessions open the same page at once,
# the cache alone lets each of them miss and run the query (twenty times the work and the
# memory); with this, the first runs it and the others wait, then read the cache.
_FLIGHTS: weakref.WeakValueDictionary[Hashable, threading.Lock] = weakref.WeakValueDictionary()
_FLIGHTS_GUARD = threading.Lock()


@contextmanager
def one_at_a_time(key: Hashable):
    """Hold the lock of `key` (made on first use, dropped when nobody holds it)."""
    with _FLIGHTS_GUARD:
        lock = _FLIGHTS.get(key)
        if lock is None:
            lock = threading.Lock()
            _FLIGHTS[key] = lock
    with lock:
        yield


def shared(frame: pd.DataFrame) -> pd.DataFrame:
    """A caller's own view of a cached frame: a new object over the same columns.

    Adding, dropping or writing a column changes only the caller's object (copy-on-write),
    so the frame in the cache, which every session reads, stays as the query returned it.
    """
    return frame.copy(deep=False)


def frozen(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its numpy memory made read-only, as it is put in the cache.

    Nobody writes to a cached frame (every session gets a `shared` copy, and copy-on-write
    copies a column before changing it); saying so lets `ui/shared.py` hash such a column once
    and remember its digest while it lives, instead of again for every session."""
    for _name, column in frame.items():
        if isinstance(column.dtype, np.dtype):
            array = column.to_numpy()
            while isinstance(array, np.ndarray):
                array.flags.writeable = False
                array = array.base
    return frame


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def _query_cached(
    key: str, _directory: str, _identity: tuple[str, ...], name: str, _params: tuple, _who: Viewer
) -> pd.DataFrame:
    return frozen(_database(_directory, _identity).run(name, viewer=_who, **dict(_params)))


def _query(
    directory: str, identity: tuple[str, ...], name: str, params: tuple, who: Viewer
) -> pd.DataFrame:
    key = cache_key(directory, identity, name, params, who)
    return _query_cached(key, directory, identity, name, params, who)


def query(name: str, **params: object) -> pd.DataFrame:
    """Run `queries/<name>.sql` on this server's data directory as this session's user sees it.

    Cached by snapshot identity and by the viewer, so one user's frame (their area, their
    unmasked names) is never served to another.
    """
    return _query_as(viewer(), name, params)


def query_in_area(area_code: str, name: str, **params: object) -> pd.DataFrame:
    """`query` with this session's rows narrowed further to `area_code` (never widened): for a
    query that takes no village parameter, run for one village of the page's area (the
    evaluation's monitoring section of one village)."""
    return _query_as(scope.narrow_to_area(viewer(), area_code), name, params)


def _query_as(who: Viewer, name: str, params: dict) -> pd.DataFrame:
    directory = data_dir()
    key = (str(directory), fingerprint(directory), name, tuple(sorted(params.items())), who)
    with one_at_a_time(repr(key)):
        frame = shared(_query(*key))
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


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def _run_sql_cached(
    key: str, _directory: str, _identity: tuple[str, ...], _sql: str, _params: tuple, _who: Viewer
) -> pd.DataFrame:
    return frozen(_database(_directory, _identity).run_sql(_sql, dict(_params), viewer=_who))


def _run_sql(
    directory: str, identity: tuple[str, ...], sql: str, params: tuple, who: Viewer
) -> pd.DataFrame:
    key = cache_key(directory, identity, sql, params, who)
    return _run_sql_cached(key, directory, identity, sql, params, who)


def run_sql(sql: str, **params: object) -> pd.DataFrame:
    """Run allow-listed SQL built in code (the explorer) as this session's user sees it, cached."""
    directory = data_dir()
    key = (str(directory), fingerprint(directory), sql, tuple(sorted(params.items())), viewer())
    with one_at_a_time(repr(key)):
        return shared(_run_sql(*key))


def snapshots() -> list[SnapshotInfo]:
    """Every snapshot this server serves, oldest first (not one still being prepared)."""
    ready, _ = ready_and_preparing(data_dir())
    return ready if ready is not None else list_snapshots(data_dir())


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
AREA_KEY = "tuopin_page_area"  # the session's area, for a page switch that dropped the URL's


def area() -> str:
    """The area this page shows: `?area=` when it is a well-formed code, else the whole data ('').

    The URL wins; a page switch drops the URL's parameters, so the session remembers the
    last area and the sidebar writes it back. Whether the signed-in user may see that area
    is for the data layer to decide (`dashboard.access.scope.narrow_to_area`), not here.
    """
    if AREA_PARAMETER in st.query_params:
        wanted = str(st.query_params.get(AREA_PARAMETER, WHOLE_DATA)).strip()
    else:
        wanted = str(st.session_state.get(AREA_KEY, WHOLE_DATA))
    chosen = wanted if is_area_code(wanted) else WHOLE_DATA
    st.session_state[AREA_KEY] = chosen
    return chosen


def set_area(code: str) -> None:
    """Open another area (the picker's, a breadcrumb's or a chart's click): URL and session."""
    st.session_state[AREA_KEY] = code
    st.query_params[AREA_PARAMETER] = code


def own_viewer() -> Viewer:
    """The signed-in user's viewer before the page's area narrows it: their whole area."""
    return web.session_viewer() if in_streamlit() else MASKED


def page_viewer() -> Viewer | None:
    """Who is looking in this Streamlit run: the user's viewer narrowed to the page's `?area=`
    (every read of the run, below the pages: docs/access.md); None outside a run."""
    if not in_streamlit():
        return None
    return scope.narrow_to_area(web.session_viewer(), area())


# The data layer asks `dashboard.viewer` who is looking; this module is the one that knows.
install_viewer_resolver(page_viewer)


def area_permitted() -> bool:
    """Whether this page's area overlaps the user's own (else the page refuses, see page.py)."""
    return scope.area_permitted(own_viewer(), area())


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def _area_index_cached(
    key: str, _directory: str, _identity: tuple[str, ...], _snapshot_date: dt.date, _who: Viewer
) -> AreaIndex:
    units = _database(_directory, _identity).run(
        "area_units", viewer=_who, snapshot_date=_snapshot_date
    )
    return AreaIndex.of(units)


def _area_index(
    directory: str, identity: tuple[str, ...], snapshot_date: dt.date, who: Viewer
) -> AreaIndex:
    key = cache_key(directory, identity, snapshot_date, who)
    return _area_index_cached(key, directory, identity, snapshot_date, who)


def area_index() -> AreaIndex:
    """The villages this user may see on the chosen snapshot, the areas' names and children.

    Shared by every run (a cache resource: never copied, never changed once built); keyed by
    the snapshot's identity and the user's own viewer.
    """
    chosen = chosen_snapshot()
    if chosen is None:
        return AreaIndex((), {})
    directory = data_dir()
    return _area_index(str(directory), fingerprint(directory), chosen.snapshot_date, own_viewer())


def area_names() -> dict[str, str]:
    """Every area code's name: the villages table's columns, else the official division codes, else the code."""
    return area_index().names


VILLAGE_DIGITS = LEVEL_DIGITS["village"]  # below an area of one town the units are villages


def unit_digits() -> int:
    """Digits of the units this page's charts and rankings show: the area's next level down.

    A county shows its towns (9), a town or a one-town directory its villages (12); a level
    with a single unit is stepped over (`hierarchy.children_of`).
    """
    own = own_viewer().area or WHOLE_DATA
    current = area() if area().startswith(own) else own
    return area_index().unit_digits(current)


def query_units(name: str, **params: object) -> pd.DataFrame:
    """A per-unit query (`$unit_digits`, the village_units macro) at the page's next level down.

    A town's pages get their villages exactly as before; above a town the units are the next
    level's, named from the file or else the table of divisions (`area_names`).
    """
    digits = unit_digits()
    frame = query(name, unit_digits=digits, **params)
    if digits != VILLAGE_DIGITS and "village_code" in frame and "village_name" in frame:
        names = area_names()
        frame = frame.assign(
            village_name=[
                names.get(code, name)
                for code, name in zip(frame["village_code"], frame["village_name"], strict=True)
            ]
        )
    return frame


def area_in_words(lang: str) -> str:
    """The area this page counts, as a sentence names it: the page's `?area=` inside the user's
    own, else the user's own area (a village leader's: 荷花村), by its name; "全镇 / the town"
    for the whole data. A village leader reads his village's target, never "the town's"."""
    own = own_viewer().area or WHOLE_DATA
    current = area() if area().startswith(own) else own
    if not current:
        return text("area.whole", lang)
    return area_names().get(current, current)


def units_are_villages() -> bool:
    """Whether the page's units are villages (a town's pages), not a higher level's."""
    return unit_digits() == VILLAGE_DIGITS


def unit_drill(units: pd.DataFrame, lang: str, key: str) -> None:
    """Under a chart of the next level's units (a county's towns): one click opens a unit.

    Nothing on a town's pages (their units are villages, which open on the map). `units` has
    village_code (the unit's code) and village_name, as `query_units` returns them.
    """
    if units_are_villages() or units.empty:
        return
    shown = units[["village_code", "village_name"]].drop_duplicates("village_code")
    names = dict(zip(shown["village_code"], shown["village_name"], strict=True))
    widget_key = f"unit_drill_{key}_{area() or 'all'}"
    st.pills(
        text("area.drill_in", lang, level=unit_level_label(lang)),
        list(names),
        format_func=lambda code: names.get(code, code),
        key=widget_key,
        on_change=_drilled,
        args=(widget_key,),
    )


def _drilled(key: str) -> None:
    if st.session_state.get(key):
        set_area(st.session_state[key])


def unit_level_label(lang: str) -> str:
    """The name of the page's unit level: 村 / 乡镇 / 县 … (`hierarchy.LEVEL_LABELS`)."""
    level = level_of("0" * unit_digits()) or "village"
    return LEVEL_LABELS[level][lang]


def as_date(value: str | dt.date) -> dt.date:
    """A date from a date or its ISO text (`2018-06-30`)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
