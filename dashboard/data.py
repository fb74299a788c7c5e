"""The data layer: one DuckDB over a data directory's snapshots, and one way to run a query file.

Every number on a page comes through `Database.run(name, **params)`: the SQL text lives in
`queries/<name>.sql`, its `$parameters` are bound (never formatted in), and the views it reads
are the contract's tables over every snapshot's Parquet files, with `snapshot_date` from the
Hive-style folder names.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard import contract
from dashboard.access import scope
from dashboard.definitions import define_all
from dashboard.errors import QueryError, SnapshotNotFound
from dashboard.snapshots import (
    PROJECT_ROOT,
    SNAPSHOTS_FOLDER,
    SnapshotInfo,
    get_snapshot,
    list_snapshots,
)

QUERIES_DIR = PROJECT_ROOT / "queries"
DEFINITIONS_FOLDER = "definitions"  # macros and staging views, run on open; not query results
THREADS = 2  # the machines this runs on have 2 cores; more threads only contend
MEMORY_LIMIT = "2GB"  # a town's register is megabytes; this caps a runaway join, not real work
QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*(/[a-z][a-z0-9_]*)?$")
_PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT_OR_STRING = re.compile(r"--[^\n]*|'(?:[^']|'')*'")


def connection_config() -> dict[str, object]:
    """Settings every connection opens with: explicit limits, no extension fetched or loaded."""
    return {
        "threads": THREADS,
        "memory_limit": MEMORY_LIMIT,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }


def table_files(data_dir: Path, table_name: str) -> list[str]:
    """Every Parquet file of one table across the complete snapshots of a data directory."""
    files = []
    for info in list_snapshots(data_dir):
        single = info.path / f"{table_name}.parquet"
        if single.is_file():
            files.append(str(single))
        files += [str(part) for part in sorted((info.path / table_name).glob("*.parquet"))]
    return files


def query_names() -> list[str]:
    """Every query file under `queries/`, as the names `run` takes (`checks/x` for subfolders)."""
    return sorted(
        str(path.relative_to(QUERIES_DIR).with_suffix(""))
        for path in QUERIES_DIR.rglob("*.sql")
        if path.parent.name != DEFINITIONS_FOLDER
    )


def load_query(name: str) -> str:
    """The SQL text of `queries/<name>.sql`; the name must be one of the files there."""
    if (
        not QUERY_NAME.match(name)
        or name.startswith(f"{DEFINITIONS_FOLDER}/")
        or not (QUERIES_DIR / f"{name}.sql").is_file()
    ):
        raise QueryError(
            f"没有名为 {name!r} 的查询文件。",
            f"No query file named {name!r}; queries: {', '.join(query_names())}",
        )
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def query_parameters(sql: str) -> set[str]:
    """The `$names` a query binds, ignoring comments and string literals.

    >>> sorted(query_parameters("select 1 -- $not_me\\nwhere d = $snapshot_date and x = '$no'"))
    ['snapshot_date']
    """
    return set(_PARAMETER.findall(_COMMENT_OR_STRING.sub(" ", sql)))


@dataclass(frozen=True)
class Viewer:
    """Who is looking: which personal columns they see whole, and which rows they may read.

    The macros of `queries/definitions/50_masking.sql` read these as cursor variables; the
    default viewer sees nothing personal, so a query run without one shows only masks.
    `area` is a code prefix ('' the whole data directory, None no row at all) and `helper_id`
    limits the rows to one helper's households (`dashboard/access/scope.py`). The default is
    the command line's: the operating-system user, every row, nothing personal whole.
    `small_counts_hidden`: cells standing for fewer than 5 households must read "<5"
    (visitors); `dashboard.access.small_counts.hide_small_counts` does it to a frame, but
    `run` does not apply it yet: the pages format these columns as numbers (see the issue).
    """

    show_names: bool = False
    show_id_numbers: bool = False
    show_phones: bool = False
    area: str | None = ""
    helper_id: str | None = None
    small_counts_hidden: bool = False

    def variables(self) -> dict[str, bool | str | None]:
        """The cursor variables the masking macros and the row filters read (None: unset)."""
        return {
            "tuopin_show_names": self.show_names,
            "tuopin_show_id_numbers": self.show_id_numbers,
            "tuopin_show_phones": self.show_phones,
            scope.AREA_VARIABLE: self.area,
            scope.HELPER_VARIABLE: self.helper_id,
        }


MASKED = Viewer()  # nothing personal shown whole: the default everywhere


def apply_viewer(cursor: duckdb.DuckDBPyConnection, viewer: Viewer) -> None:
    """Set the masking and row-scope variables of one cursor (its own DuckDB connection)."""
    for name, value in viewer.variables().items():
        if value is None:
            cursor.execute(f"reset variable {name}")  # the name is ours, never a user's
        elif isinstance(value, bool):
            cursor.execute(f"set variable {name} = {'true' if value else 'false'}")
        else:
            cursor.execute(f"set variable {name} = $value::varchar", {"value": value})


def contract_projection(relation: duckdb.DuckDBPyRelation, spec: contract.Table) -> str:
    """The select list that gives a table every column of the current contract, in its order.

    A snapshot written under an earlier contract version lacks the columns added since; they
    read as NULL of their type (the contract only adds optional columns). Names come from the
    contract, never from a file.
    """
    present = set(relation.columns)
    entries = [
        f'"{column.name}"'
        if column.name in present
        else f'null::{column.duckdb_type} as "{column.name}"'
        for column in spec.columns
    ]
    if "snapshot_date" in present:
        entries.append('"snapshot_date"')
    return ", ".join(entries)


@dataclass
class Database:
    """A DuckDB connection with one view per contract table over every snapshot on disk."""

    data_dir: Path
    connection: duckdb.DuckDBPyConnection
    snapshots: list[SnapshotInfo]
    _lock: threading.Lock

    def snapshot(self, snapshot_date: dt.date | str | None = None) -> SnapshotInfo:
        """The snapshot of a date (latest when None); SnapshotNotFound lists those there are."""
        return get_snapshot(self.data_dir, snapshot_date)

    def run_arrow(self, name: str, *, viewer: Viewer | None = None, **params: object) -> pa.Table:
        """Run `queries/<name>.sql` with its parameters bound; return an Arrow table.

        `viewer` decides which rows are read and which personal columns the masking macros
        show whole. None: inside a Streamlit run, the signed-in user's (no row for a session
        nobody signed in to); elsewhere, the command line's (every row, nothing personal).
        """
        viewer = _resolve(viewer)
        sql = load_query(name)
        wanted = query_parameters(sql)
        missing = sorted(wanted - params.keys())
        if missing:
            raise QueryError(
                f"查询 {name} 缺少参数：{', '.join(missing)}",
                f"Query {name} needs parameters it was not given: {', '.join(missing)}",
            )
        bound = {key: value for key, value in params.items() if key in wanted}
        # A cursor per call: one connection's cursors can run from Streamlit's threads at once.
        with self._lock:
            cursor = self.connection.cursor()
        try:
            apply_viewer(cursor, viewer)
            return cursor.sql(sql, params=bound).to_arrow_table()
        finally:
            cursor.close()

    def run_sql(
        self, sql: str, params: dict[str, object], *, viewer: Viewer | None = None
    ) -> pd.DataFrame:
        """Run SQL text built from an allow-list in code (the explorer's pivots), values bound.

        Never for text a user typed: that goes to the sandbox (`dashboard.sandbox`).
        """
        viewer = _resolve(viewer)
        with self._lock:
            cursor = self.connection.cursor()
        try:
            apply_viewer(cursor, viewer)
            # DuckDB's own pandas conversion: totals rows keep None (not NaN) in their labels.
            return cursor.sql(sql, params=params).df()
        finally:
            cursor.close()

    def run(self, name: str, *, viewer: Viewer | None = None, **params: object) -> pd.DataFrame:
        """Run `queries/<name>.sql` with its parameters bound; return a pandas frame.

        DuckDB's sums come back as 128-bit integers or decimals, which pandas holds as Python
        objects; frames for pages get plain int64 and float64 columns instead. Exact decimals
        stay available through `run_arrow` (the report's figures use it).
        """
        return _plain_numbers(self.run_arrow(name, viewer=viewer, **params)).to_pandas()

    def close(self) -> None:
        self.connection.close()


def _resolve(viewer: Viewer | None) -> Viewer:
    if viewer is not None:
        return viewer
    from dashboard.access.context import current_viewer  # imports this module: not at the top

    return current_viewer(default=MASKED)


def _plain_numbers(table: pa.Table) -> pa.Table:
    columns = []
    for field in table.schema:
        column = table.column(field.name)
        if pa.types.is_decimal(field.type):
            target = pa.int64() if field.type.scale == 0 else pa.float64()
            column = column.cast(target)
        columns.append(column)
    return pa.Table.from_arrays(columns, names=table.column_names)


def open_database(data_dir: Path) -> Database:
    """Open DuckDB over a data directory; SnapshotNotFound when it holds no snapshot."""
    data_dir = Path(data_dir)
    snapshots = list_snapshots(data_dir)
    if not snapshots:
        raise SnapshotNotFound(
            f"数据目录 {data_dir} 中没有任何快照（应在 {data_dir / SNAPSHOTS_FOLDER} 下）。"
            "请先运行 `tuopin demo` 或 `tuopin import`。",
            f"The data directory {data_dir} holds no snapshot (looked in "
            f"{data_dir / SNAPSHOTS_FOLDER}). Run `tuopin demo` or `tuopin import` first.",
        )
    connection = duckdb.connect(config=connection_config())
    for spec in contract.TABLES:
        files = table_files(data_dir, spec.name)
        if not files:
            raise SnapshotNotFound(
                f"快照缺少表 {spec.name} 的文件。",
                f"No Parquet file of table {spec.name} in {data_dir}.",
            )
        # The relation API binds the file list as a value: no path is ever pasted into SQL.
        relation = connection.read_parquet(files, hive_partitioning=True, union_by_name=True)
        relation.project(contract_projection(relation, spec)).create_view(
            f"{scope.UNSCOPED_PREFIX}{spec.name}"
        )
    for statement in scope.MACROS:
        connection.execute(statement)
    for name in scope.LOAD_ORDER:  # the contract's names are views limited to the viewer's rows
        connection.execute(
            f"create view {name} as select * from {scope.UNSCOPED_PREFIX}{name} "
            f"where {scope.row_filter(name)}"
        )
    define_all(connection)  # the rules' macros and the staging views over those tables
    return Database(data_dir, connection, snapshots, threading.Lock())


def run_query(name: str, data_dir: Path, **params: object) -> pd.DataFrame:
    """One-off convenience: open the data directory, run one query, close it."""
    database = open_database(data_dir)
    try:
        return database.run(name, **params)
    finally:
        database.close()
