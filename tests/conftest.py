"""Shared fixtures: the demo town (and county) built once per session, and a snapshot with no
rows at all.

The demo is built as `tuopin demo` builds it (the project's own `build_demo`, then its derived
tables with `prepare_derived`) into a temporary directory (never into `data/demo`), so every
test reads real Parquet files written the way users get them.

`demo_dir` and `county_dir` stop at 2018-06-30 (`until=REPORT_DATE`): the town as the 2018
report saw it, whose latest snapshot every older test asserts on. `full_demo_dir` is the whole
town to 2025 (`tuopin demo`'s default), for the contract and the monitoring tests;
`full_county_dir` the whole county history with its grid map.

Each build is kept on disk until the code that writes it changes (`tests/demo_cache.py`), and
every session copies it into a temporary directory of its own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard import contract
from dashboard.access import in_process
from dashboard.data import open_database
from dashboard.demo.build import build_demo
from dashboard.demo.geometry import write_demo_geometry
from dashboard.snapshots import write_snapshot
from dashboard.staging import prepare_derived
from tests.demo_cache import built_demo

EMPTY_SNAPSHOT_DATE = dt.date(2018, 6, 30)
REPORT_DATE = dt.date(2018, 6, 30)  # the last snapshot of demo_dir and county_dir
IMPORT_SOURCE = {"kind": "import", "files": []}


@pytest.fixture(scope="session", autouse=True)
def in_process_identity():
    """AppTest runs in this process act as the sanctioned in-process identity (the open demo's
    pages, names masked), honoured on demo data only and never by a serving process."""
    in_process.grant()
    yield
    in_process.revoke()


@pytest.fixture
def no_in_process_identity():
    """For a test of what a session nobody signed in to sees: the in-process identity off."""
    in_process.revoke()
    yield
    in_process.grant()


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data directory of a freshly built demo town up to the report (eight snapshots,
    2014-12-31 … 2018-06-30), built once."""
    root = tmp_path_factory.mktemp("demo")
    built_demo("town", f"until={REPORT_DATE}", build_town_until_report, root)
    return root / "data"


def build_town_until_report(root: Path) -> None:
    build_demo(root / "data", maps_dir=root / "maps", until=REPORT_DATE)
    prepare_derived(root / "data")


@pytest.fixture(scope="session")
def full_demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole demo town as `tuopin demo` writes it: 2014-12-31 … 2025-12-31, built once."""
    root = tmp_path_factory.mktemp("full-demo")
    built_demo("town-full", "until=None", build_whole_town, root)
    return root / "data"


def build_whole_town(root: Path) -> None:
    build_demo(root / "data", maps_dir=root / "maps")
    prepare_derived(root / "data")


@pytest.fixture(scope="session")
def full_demo_sql(full_demo_dir: Path):
    """`demo_sql` over the whole town to 2025: one view per table over every snapshot."""
    yield from snapshot_views(full_demo_dir)


@pytest.fixture(scope="session")
def demo_maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo town's village and water geometry (`villages.geojson`, `water.geojson`), read only."""
    folder = tmp_path_factory.mktemp("maps")
    write_demo_geometry(folder)
    return folder


@pytest.fixture(scope="session")
def county_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data directory of a freshly built county demo (10,714 households), built once and
    shared by every module that reads it (none writes into its snapshots)."""
    root = tmp_path_factory.mktemp("county-demo")
    built_demo("county", f"scale=county until={REPORT_DATE}", build_county_until_report, root)
    return root / "data"


def build_county_until_report(root: Path) -> None:
    build_demo(root / "data", scale="county", until=REPORT_DATE)
    prepare_derived(root / "data")


@pytest.fixture(scope="session")
def full_county_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The county demo's whole history as `tuopin demo --scale county` writes it (twelve
    snapshots to 2021-12-31, its grid map in `<data>/maps`), built once."""
    root = tmp_path_factory.mktemp("full-county-demo")
    built_demo("county-full", "scale=county until=None", build_whole_county, root)
    return root / "data"


def build_whole_county(root: Path) -> None:
    build_demo(root / "data", scale="county")
    prepare_derived(root / "data")


@pytest.fixture(scope="session")
def county_files(county_dir: Path):
    """Plain DuckDB over the county's latest snapshot, independent of the code under test.

    One view per table (`<table>.parquet` or `<table>/*.parquet`): no sandbox, no row scope,
    no masking, so an area's counts here are what the sandbox must hold.
    """
    folders = sorted((county_dir / "snapshots").glob("snapshot_date=*"))
    latest = folders[-1]
    connection = duckdb.connect()
    for name in contract.TABLE_NAMES:
        single = latest / f"{name}.parquet"
        files = [str(single)] if single.is_file() else []
        files += sorted(str(part) for part in (latest / name).glob("*.parquet"))
        connection.read_parquet(files).create_view(name)
    yield FreshCursors(connection)
    connection.close()


@pytest.fixture(scope="session")
def demo_db(demo_dir: Path):
    """The project's Database over the demo, closed at the end of the session."""
    database = open_database(demo_dir)
    yield database
    database.close()


@pytest.fixture(scope="session")
def demo_sql(demo_dir: Path):
    """A plain DuckDB connection, independent of dashboard.data, with one view per table.

    Each view reads `<demo>/snapshots/*/<table>.parquet` with the Hive `snapshot_date` column,
    so tests can check the files without going through the code they are checking.
    """
    yield from snapshot_views(demo_dir)


def snapshot_views(data_dir: Path):
    """Yields plain DuckDB over every snapshot of `data_dir`, one view per contract table with
    the Hive `snapshot_date` column (through FreshCursors); closed when the fixture ends."""
    connection = duckdb.connect()
    for name in contract.TABLE_NAMES:
        pattern = str(data_dir / "snapshots" / "*" / f"{name}.parquet")
        connection.read_parquet(pattern, hive_partitioning=True).create_view(name)
    yield FreshCursors(connection)
    connection.close()


class FreshCursors:
    """Runs each statement on a cursor of its own, so a result one test leaves half-read
    (`.fetchone()`) never blocks the next test's statement on the shared connection."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection

    def execute(self, *arguments, **keywords):
        return self._connection.cursor().execute(*arguments, **keywords)

    def sql(self, *arguments, **keywords):
        return self._connection.cursor().sql(*arguments, **keywords)


def no_rows() -> dict[str, pd.DataFrame]:
    """Every contract table with its columns and no rows."""
    return {
        spec.name: pd.DataFrame({column: [] for column in spec.column_names})
        for spec in contract.TABLES
    }


@pytest.fixture
def empty_tables() -> dict[str, pd.DataFrame]:
    """Every contract table with its columns and no rows."""
    return no_rows()


@pytest.fixture
def empty_dir(tmp_path: Path, empty_tables: dict[str, pd.DataFrame]) -> Path:
    """A data directory with one imported snapshot (2018-06-30) whose every table is empty."""
    data_dir = tmp_path / "empty"
    write_snapshot(data_dir, EMPTY_SNAPSHOT_DATE, empty_tables, IMPORT_SOURCE)
    return data_dir


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory: pytest.TempPathFactory):
    """The project's Database over a snapshot (2018-06-30) whose every table is empty, opened
    once for the session: the tests that use it only read (open a fresh `empty_dir` to write).

    Opening builds the snapshot's derived tables, the check catalogue among them (half a
    second); the hundreds of "this query runs on an empty snapshot" tests share that."""
    data_dir = tmp_path_factory.mktemp("empty-db") / "empty"
    write_snapshot(data_dir, EMPTY_SNAPSHOT_DATE, no_rows(), IMPORT_SOURCE)
    database = open_database(data_dir)
    yield database
    database.close()


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL 15 server for this test session (fails, never skips, without one)."""
    from dashboard import state_store
    from tests.postgres_server import PostgresServer

    server = PostgresServer().start()
    yield server
    state_store.close_all()
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def state_backend(request, monkeypatch) -> str:
    """Run the test on each state store: the instance folder's SQLite file, and PostgreSQL.

    For PostgreSQL, `$TUOPIN_STATE_URL` names a schema of the test server made for this test
    alone (dropped after it), so the code under test finds it the way a deployment does.
    """
    from dashboard import state_store

    if request.param == "sqlite":
        monkeypatch.delenv(state_store.URL_VARIABLE, raising=False)
        yield request.param
        state_store.close_all()
        return
    server = request.getfixturevalue("postgres_server")
    schema, url = server.fresh_url()
    monkeypatch.setenv(state_store.URL_VARIABLE, url)
    yield request.param
    state_store.close_all()
    server.admin(f"drop schema {schema} cascade")
