"""The data layer: one DuckDB over a data directory's snapshots, and one way to run a query file.

Every number on a page comes through `Database.run(name, **params)`: the SQL text lives in
`queries/<name>.sql`, its `$parameters` are bound (never formatted in), and the views it reads
are the contract's tables over every snapshot's Parquet files, with `snapshot_date` from the
Hive-style folder names.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard import contract, settings
from dashboard.access.small_counts import for_visitor
from dashboard.connection import (
    CACHE_FOLDER,
    TEMP_FOLDER,
    apply_viewer,
    connection_config,
    contract_projection,
    create_contract_views,
    empty_table_sql,
    quiet,
    snapshot_files,
    table_files,
    temp_directory,
)
from dashboard.definitions import define_all, load_monitoring_lines
from dashboard.errors import QueryError, SnapshotNotFound, UnreadParameters
from dashboard.hierarchy import LEVEL_DIGITS
from dashboard.query_files import (
    CHECKS_FOLDER,
    DEFAULT_DATE_PARAMETER,
    DEFINITIONS_FOLDER,
    QUERIES_DIR,
    check_files,
    load_query,
    query_names,
    query_parameters,
    source_dependency_lines,
)
from dashboard.settings import BUILD_MEMORY_LIMIT, MEMORY_LIMIT, THREADS, process_duckdb_limits
from dashboard.snapshots import (
    NOT_IN_SOURCE_ATTRIBUTE,
    SNAPSHOTS_FOLDER,
    WHOLE_RESULT,
    SnapshotInfo,
    get_snapshot,
    list_snapshots,
)
from dashboard.staging import (
    AREA_ONLY_VIEWS,
    DERIVED_FILES,
    FINDINGS,
    MATERIALISED_VIEWS,
    STAGING_SCOPE,
    StagingCache,
    being_prepared,
    build_findings,
    definitions_key,
    derived_ready,
    findings_in_memory,
    materialise_staging,
    monitoring_line_override,
    prepare_derived,
    staging_folder,
)
from dashboard.viewer import MASKED, Viewer, resolve

# The names this module held before the query files, the connections, the staging cache and
# the viewer moved to modules of their own: kept importable from here, where they cost nothing.
__all__ = [
    "AREA_ONLY_VIEWS",
    "BUILD_MEMORY_LIMIT",
    "CACHE_FOLDER",
    "CHECKS_FOLDER",
    "DEFINITIONS_FOLDER",
    "DERIVED_FILES",
    "FINDINGS",
    "MASKED",
    "MATERIALISED_VIEWS",
    "MEMORY_LIMIT",
    "QUERIES_DIR",
    "STAGING_SCOPE",
    "TEMP_FOLDER",
    "THREADS",
    "Database",
    "StagingCache",
    "Viewer",
    "apply_viewer",
    "being_prepared",
    "build_findings",
    "definitions_key",
    "derived_ready",
    "prepare_derived",
    "process_duckdb_limits",
    "staging_folder",
    "check_files",
    "connection_config",
    "contract_projection",
    "empty_table_sql",
    "load_query",
    "open_database",
    "parameters_read",
    "query_names",
    "query_parameters",
    "quiet",
    "run_query",
    "snapshot_files",
    "table_files",
]

# A data directory whose snapshots' Parquet files add up to no more than this is read into
# memory tables once on open (`_fits_in_memory`; settings.IN_MEMORY_BYTES says why).
IN_MEMORY_BYTES = settings.IN_MEMORY_BYTES
# Parameters a query may leave to its caller: the per-unit queries group by village unless a
# page above a town asks for its next level down (`$unit_digits`, the village_units macro).
DEFAULT_PARAMETERS: dict[str, object] = {
    "unit_digits": LEVEL_DIGITS["village"],
    "list_limit": None,  # a list query's rows: all of them unless a page asks for fewer
}


@dataclass
class Database:
    """A DuckDB connection with one view per contract table over every snapshot on disk."""

    data_dir: Path
    connection: duckdb.DuckDBPyConnection
    snapshots: list[SnapshotInfo]
    _lock: threading.Lock
    # How the staging views were materialised on open (empty when they stay live views).
    staging: StagingCache | None = None
    # Opened over only the snapshots that were ready while a newer one was being prepared
    # (`open_database(only=...)`): the latest is the latest of these.
    partial: bool = False

    def snapshot(self, snapshot_date: dt.date | str | None = None) -> SnapshotInfo:
        """The snapshot of a date (latest when None); SnapshotNotFound lists those there are."""
        if self.partial and snapshot_date is None:
            return self.snapshots[-1]
        return get_snapshot(self.data_dir, snapshot_date)

    def run_arrow(self, name: str, *, viewer: Viewer | None = None, **params: object) -> pa.Table:
        """Run `queries/<name>.sql` with its parameters bound; return an Arrow table.

        `viewer` decides which rows are read and which personal columns the masking macros
        show whole. None: inside a Streamlit run, the signed-in user's (no row for a session
        nobody signed in to); elsewhere, the command line's (every row, nothing personal).
        """
        viewer = resolve(viewer)
        if viewer.small_counts_hidden:
            raise QueryError(
                "访客只能看到把小于 5 户的数字写成 <5 的结果。",
                "A visitor's results have counts under 5 households written <5: use run().",
            )
        return self._arrow(name, viewer, params)

    def _arrow(self, name: str, viewer: Viewer, params: dict[str, object]) -> pa.Table:
        sql = load_query(name)
        wanted = query_parameters(sql)
        params = {**{k: v for k, v in DEFAULT_PARAMETERS.items() if k in wanted}, **params}
        missing = sorted(wanted - params.keys())
        if missing:
            raise QueryError(
                f"查询 {name} 缺少参数：{', '.join(missing)}",
                f"Query {name} needs parameters it was not given: {', '.join(missing)}",
            )
        unread = sorted(params.keys() - wanted)
        if unread:  # as a missing one is refused: a value that changes nothing misleads
            raise UnreadParameters(
                f"查询 {name} 不读取参数 {', '.join(unread)}；"
                f"它读取的参数：{', '.join(sorted(wanted)) or '无'}",
                f"Query {name} does not read the parameters {', '.join(unread)}; "
                f"it reads: {', '.join(sorted(wanted)) or 'none'}",
            )
        bound = params
        # A cursor per call: one connection's cursors can run from Streamlit's threads at once.
        with self._lock:
            cursor = self.connection.cursor()
        started = time.perf_counter()
        try:
            apply_viewer(cursor, viewer)
            table = cursor.sql(sql, params=bound).to_arrow_table()
        finally:
            cursor.close()
        if settings.profiling():  # TUOPIN_PROFILE=1: each query's time and rows on standard error
            elapsed = (time.perf_counter() - started) * 1000
            print(f"query {name}: {elapsed:,.0f} ms, {table.num_rows:,} rows", file=sys.stderr)
        return table

    def run_sql(
        self, sql: str, params: dict[str, object], *, viewer: Viewer | None = None
    ) -> pd.DataFrame:
        """Run SQL text built from an allow-list in code (the explorer's pivots), values bound.

        Never for text a user typed: that goes to the sandbox (`dashboard.sandbox`).
        """
        viewer = resolve(viewer)
        with self._lock:
            cursor = self.connection.cursor()
        try:
            apply_viewer(cursor, viewer)
            # DuckDB's own pandas conversion: totals rows keep None (not NaN) in their labels.
            frame = cursor.sql(sql, params=params).df()
        finally:
            cursor.close()
        return for_visitor(frame) if viewer.small_counts_hidden else frame

    def run(self, name: str, *, viewer: Viewer | None = None, **params: object) -> pd.DataFrame:
        """Run `queries/<name>.sql` with its parameters bound; return a pandas frame.

        DuckDB's sums come back as 128-bit integers or decimals, which pandas holds as Python
        objects; frames for pages get plain int64 and float64 columns instead. Exact decimals
        stay available through `run_arrow` (the report's figures use it).
        """
        viewer = resolve(viewer)
        table = self._arrow(name, viewer, params)
        frame = _plain_numbers(table).to_pandas()
        frame = for_visitor(frame) if viewer.small_counts_hidden else frame
        return self._mark_not_in_source(name, params, frame)

    def not_in_source(
        self, name: str, /, snapshot_date: object = None, **dates: object
    ) -> list[str]:
        """The figures of `queries/<name>.sql` that rest on a column the snapshot of
        `snapshot_date` did not carry, by its `-- not_in_source:` header lines; none without a
        snapshot date. A line ending `on $to_date` reads the snapshot of that parameter, given
        among `dates` (a comparison's `from_date`, `to_date`)."""
        given = {**dates, DEFAULT_DATE_PARAMETER: snapshot_date}
        lacked = set()
        for figure, columns, parameter in source_dependency_lines(load_query(name)):
            date = given.get(parameter)
            if date is None or figure in lacked:
                continue
            info = next((s for s in self.snapshots if s.snapshot_date == date), None)
            if info is None:
                try:
                    info = self.snapshot(date)
                except SnapshotNotFound:  # no such snapshot: its rows are none, not unknown
                    continue
            if any(info.lacks_column(table, column) for table, column in columns):
                lacked.add(figure)
        return sorted(lacked)

    def _mark_not_in_source(
        self, name: str, params: Mapping[str, object], frame: pd.DataFrame
    ) -> pd.DataFrame:
        """Blank the figures of `frame` that rest on a column the snapshot lacks, and name them.

        Contract v1.2 ("Not in the source"): such a column is NULL in the whole snapshot, so a
        count of its false values would read 0. The query's header says which of its figures rest
        on which columns (`-- not_in_source: figure <- table.column`); here, the one place every
        page, download, deck and narrative reads through, those figures become NULL and are listed
        in `frame.attrs["not_in_source"]` (read with `snapshots.lacking`).
        """
        lacked = self.not_in_source(name, **params)
        if not lacked:
            return frame
        frame = frame.copy()
        key = frame.columns[0] if len(frame.columns) else None
        for figure in lacked:
            if figure == WHOLE_RESULT:
                continue  # a list of the false values: its rows are simply none
            if figure in frame.columns:
                frame[figure] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
            elif key is not None:  # a row of a long result: every value beside its name
                rows = frame[key] == figure
                for column in frame.columns[1:]:
                    frame[column] = frame[column].astype(object)
                    frame.loc[rows, column] = None
        frame.attrs[NOT_IN_SOURCE_ATTRIBUTE] = lacked
        return frame

    def close(self) -> None:
        self.connection.close()


def parameters_read(name: str, params: Mapping[str, object]) -> dict[str, object]:
    """The entries of `params` that `queries/<name>.sql` reads: for a caller binding one set of
    values to several queries (the bench's overview), since `run` refuses the others."""
    wanted = query_parameters(load_query(name))
    return {key: value for key, value in params.items() if key in wanted}


def _plain_numbers(table: pa.Table) -> pa.Table:
    columns = []
    for field in table.schema:
        column = table.column(field.name)
        if pa.types.is_decimal(field.type):
            target = pa.int64() if field.type.scale == 0 else pa.float64()
            column = column.cast(target)
        columns.append(column)
    return pa.Table.from_arrays(columns, names=table.column_names)


def open_database(
    data_dir: Path, *, materialise: bool = True, only: list[SnapshotInfo] | None = None
) -> Database:
    """Open DuckDB over a data directory; SnapshotNotFound when it holds no snapshot.

    With `materialise` (the default) the staging views `household_facts` and `member_facts`
    read files built once per snapshot under `<data dir>/.cache/` (see `materialise_staging`)
    instead of being computed on every query; when the cache cannot be written (a read-only
    data directory) they stay live views, which give the same rows, only slower.
    """
    data_dir = Path(data_dir)
    snapshots = list_snapshots(data_dir) if only is None else list(only)
    if not snapshots:
        raise SnapshotNotFound(
            f"数据目录 {data_dir} 中没有任何快照（应在 {data_dir / SNAPSHOTS_FOLDER} 下）。"
            "请先运行 `tuopin demo` 或 `tuopin import`。",
            f"The data directory {data_dir} holds no snapshot (looked in "
            f"{data_dir / SNAPSHOTS_FOLDER}). Run `tuopin demo` or `tuopin import` first.",
        )
    connection = duckdb.connect(config=connection_config(temp_directory(data_dir)))
    quiet(connection)
    files = {}
    for spec in contract.TABLES:
        files[spec.name] = [file for info in snapshots for file in snapshot_files(info, spec.name)]
        if not files[spec.name] and spec.since == "1":  # a later table: empty in older snapshots
            raise SnapshotNotFound(
                f"快照缺少表 {spec.name} 的文件。",
                f"No Parquet file of table {spec.name} in {data_dir}.",
            )
    in_memory = _fits_in_memory(files)
    create_contract_views(connection, files, in_memory=in_memory)
    define_all(connection)  # the rules' macros and the staging views over those tables
    # A county's own monitoring lines, kept in its instance folder, over the reference's.
    load_monitoring_lines(connection, monitoring_line_override(data_dir))
    staging = (
        materialise_staging(
            connection, data_dir, snapshots, in_memory=in_memory, remove_stale=only is None
        )
        if materialise
        else None
    )
    if materialise and staging is None:
        findings_in_memory(connection, data_dir, snapshots)  # a read-only data directory
    return Database(data_dir, connection, snapshots, threading.Lock(), staging, only is not None)


def _fits_in_memory(files: dict[str, list[str]]) -> bool:
    """Whether a data directory is small enough to be read into memory tables once on open.

    A town's eight snapshots are a few MB of Parquet: a query over memory tables takes a few
    milliseconds where the same query over the files (their footers opened, a file list of
    every snapshot's partitions unioned) takes tens. A county or a province stays on its files.
    """
    total = 0
    for paths in files.values():
        for path in paths:
            total += os.path.getsize(path)
            if total > IN_MEMORY_BYTES:
                return False
    return True


def run_query(name: str, data_dir: Path, **params: object) -> pd.DataFrame:
    """One-off convenience: open the data directory, run one query, close it."""
    database = open_database(data_dir)
    try:
        return database.run(name, **params)
    finally:
        database.close()
