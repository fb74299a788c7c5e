"""The data layer: one DuckDB over a data directory's snapshots, and one way to run a query file.

Every number on a page comes through `Database.run(name, **params)`: the SQL text lives in
`queries/<name>.sql`, its `$parameters` are bound (never formatted in), and the views it reads
are the contract's tables over every snapshot's Parquet files, with `snapshot_date` from the
Hive-style folder names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard import contract
from dashboard.access import scope
from dashboard.access.small_counts import for_visitor
from dashboard.access.store import instance_dir
from dashboard.definitions import (
    MONITORING_LINES_FILE,
    MONITORING_LINES_OVERRIDE,
    POVERTY_LINES_FILE,
    define_all,
    define_macro_files,
    define_staging,
    definition_files,
    load_monitoring_lines,
)
from dashboard.errors import QueryError, SnapshotNotFound
from dashboard.hierarchy import LEVEL_DIGITS
from dashboard.snapshots import (
    PROJECT_ROOT,
    SNAPSHOTS_FOLDER,
    SnapshotInfo,
    get_snapshot,
    list_snapshots,
)

QUERIES_DIR = PROJECT_ROOT / "queries"
CHECKS_FOLDER = "checks"  # the logic-check catalogue's rules, one per file (dashboard/checks.py)
DEFINITIONS_FOLDER = "definitions"  # macros and staging views, run on open; not query results
THREADS = 2  # the machines this runs on have 2 cores; more threads only contend
# DuckDB's own memory (Arrow results handed to pages come on top): a province's snapshot
# builds its staging tables in about 1 GB; five sessions share one connection per server.
MEMORY_LIMIT = "1GB"
# Building a province's staging files joins 28 M visits to a million households: it runs once
# per snapshot, before any page, and spills past this to the cache folder.
BUILD_MEMORY_LIMIT = "2GB"
CACHE_FOLDER = ".cache"  # in the data directory, beside snapshots/: never inside a snapshot
STAGING_CACHE = "staging"  # <data dir>/.cache/staging/<snapshot date>-<key>/<view>.parquet
TEMP_FOLDER = "duckdb-tmp"  # where a query that outgrows MEMORY_LIMIT spills
# How much a connection may spill there: a query that needs more stops with DuckDB's
# out-of-memory error (shown in Chinese and English) instead of filling the disk.
MAX_TEMP_DIRECTORY_SIZE = "8GB"
# A data directory whose snapshots' Parquet files add up to no more than this (a town's are
# about 2 MB, a county's 26 MB) is read into memory tables once on open (`_fits_in_memory`).
IN_MEMORY_BYTES = 8 * 1024 * 1024
# Staging views of queries/definitions/60_household_staging.sql kept as files per snapshot,
# with the order they are written in (rows of a village together: pages filter by area).
PROFILE = os.environ.get("TUOPIN_PROFILE") == "1"
MATERIALISED_VIEWS = {
    "household_facts": "village_code, household_id",
    "member_facts": "household_id, person_id",
    # Whom each payment reached: a province's 5 million payments reach 12 million people;
    # counting them distinct per program and village is the slow part of /programs.
    "payment_recipients": "program, paid_date, village_code",
    # Each helper's households with his latest visit to each: /helpers' roster, loads, units.
    "helper_households": "village_code, helper_id, household_id",
    # Visits added up per village, helper level, kind and month (the visits themselves are
    # 28 million rows in a province's latest snapshot): /helpers' months, the deck's visits.
    "visit_months": "village_code, month",
    # Each visitor's latest visit per village: the deck's helpers who visited in the period.
    "helper_village_visits": "village_code, helper_id",
    # What each program paid per village, year and in all: /programs' periods add villages up.
    "program_periods": "period, village_code, program",
    # Who each program paid in which half-years (bit masks) per village: the half-year
    # evaluation's windows count distinct households and people from them (evaluation_programs).
    "program_slots": "program, kind, village_code",
    # Who attended each course in which half-years, per village: the evaluation's trainings.
    "training_slots": "course, kind, village_code",
    # Members with their household's place and the ID number's rules read (/quality's checks).
    "members_with_household": "village_code, household_id, person_id",
    # Each member owed a benefit and whether it reached them (names kept as written, masked by
    # the benefit_coverage view on every read): /programs' coverage gaps.
    "benefit_coverage_facts": "program, village_code, household_id, person_id",
    # Payments repeated by household, program, amount and day: /programs' double payments.
    "payment_repeats": "paid_date, household_id",
}
# Every rule of the check catalogue (`queries/checks/`) run once per snapshot: /quality counts
# and lists a province's findings from this file instead of running 42 rules on every open. The
# names and ID numbers in `detail` are kept marked, not masked (`MARKING_MACROS`): each read
# masks them as its reader may see them (`mask_marked`, queries/definitions/50_masking.sql).
FINDINGS = "findings"
FINDINGS_ORDER = "village_code, finding_order"
DERIVED_FILES = (*MATERIALISED_VIEWS, FINDINGS)
# While the checks run for the findings file, the masking macros mark each personal value
# instead: chr(1), a letter for its kind, the value, chr(2) (NULL stays NULL, as masking keeps it).
MARKING_MACROS = (
    "create or replace macro mask_name(name) as chr(1) || 'n' || name || chr(2)",
    "create or replace macro mask_id_number(number) as chr(1) || 'i' || number || chr(2)",
)
# Parameters a query may leave to its caller: the per-unit queries group by village unless a
# page above a town asks for its next level down (`$unit_digits`, the village_units macro).
DEFAULT_PARAMETERS: dict[str, object] = {
    "unit_digits": LEVEL_DIGITS["village"],
    "list_limit": None,  # a list query's rows: all of them unless a page asks for fewer
}
QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*(/[a-z][a-z0-9_]*)?$")
_PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT_OR_STRING = re.compile(r"--[^\n]*|'(?:[^']|'')*'")


def connection_config(
    temp_directory: Path | None = None, memory_limit: str = MEMORY_LIMIT
) -> dict[str, object]:
    """Settings every connection opens with: explicit limits, no extension fetched or loaded.

    `temp_directory` is where DuckDB may spill past MEMORY_LIMIT (the data directory's cache);
    set once, when the connection opens, never switched later.
    """
    config: dict[str, object] = {
        "threads": THREADS,
        "memory_limit": memory_limit,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    if temp_directory is not None:
        config["temp_directory"] = str(temp_directory)
        config["max_temp_directory_size"] = MAX_TEMP_DIRECTORY_SIZE
    return config


def table_files(data_dir: Path, table_name: str) -> list[str]:
    """Every Parquet file of one table across the complete snapshots of a data directory."""
    return [file for info in list_snapshots(data_dir) for file in snapshot_files(info, table_name)]


def snapshot_files(info: SnapshotInfo, table_name: str) -> list[str]:
    """The Parquet files of one table in one snapshot: one file, or a folder of part files."""
    files = []
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
    `small_counts_hidden` (visitors): every frame `run` and `run_sql` return has its cells
    standing for fewer than 5 households read "<5", and a list of people, households or
    helpers comes with no row (`dashboard.access.small_counts.for_visitor`); `run_arrow`,
    which cannot hold the label in a number column, refuses such a viewer.
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


def quiet(connection: duckdb.DuckDBPyConnection) -> None:
    """No progress bar on stderr: a server's log and a benchmark's output are no terminal.

    A per-connection setting (DuckDB refuses it as a global option), so set on every cursor.
    """
    connection.execute("set enable_progress_bar = false")


# One statement per cursor variable, written out: SET VARIABLE cannot bind its name, so the
# names are fixed here and only the values are bound. A NULL value reads as unset.
SET_VARIABLE = {
    "tuopin_show_names": "set variable tuopin_show_names = $value::boolean",
    "tuopin_show_id_numbers": "set variable tuopin_show_id_numbers = $value::boolean",
    "tuopin_show_phones": "set variable tuopin_show_phones = $value::boolean",
    "tuopin_area": "set variable tuopin_area = $value::varchar",
    "tuopin_helper_id": "set variable tuopin_helper_id = $value::varchar",
}


def apply_viewer(cursor: duckdb.DuckDBPyConnection, viewer: Viewer) -> None:
    """Set the masking and row-scope variables of one cursor (its own DuckDB connection)."""
    quiet(cursor)
    for name, value in viewer.variables().items():
        cursor.execute(SET_VARIABLE[name], {"value": value})


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


def empty_table_sql(spec: contract.Table) -> str:
    """A query of no rows with the table's columns and a snapshot_date (names from the contract)."""
    columns = ", ".join(f'null::{column.duckdb_type} as "{column.name}"' for column in spec.columns)
    return f"select {columns}, null::date as snapshot_date limit 0"


@dataclass
class Database:
    """A DuckDB connection with one view per contract table over every snapshot on disk."""

    data_dir: Path
    connection: duckdb.DuckDBPyConnection
    snapshots: list[SnapshotInfo]
    _lock: threading.Lock
    # How the staging views were materialised on open (empty when they stay live views).
    staging: StagingCache | None = None

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
        bound = {key: value for key, value in params.items() if key in wanted}
        # A cursor per call: one connection's cursors can run from Streamlit's threads at once.
        with self._lock:
            cursor = self.connection.cursor()
        started = time.perf_counter()
        try:
            apply_viewer(cursor, viewer)
            table = cursor.sql(sql, params=bound).to_arrow_table()
        finally:
            cursor.close()
        if PROFILE:  # TUOPIN_PROFILE=1: each query's time and rows on standard error
            elapsed = (time.perf_counter() - started) * 1000
            print(f"query {name}: {elapsed:,.0f} ms, {table.num_rows:,} rows", file=sys.stderr)
        return table

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
        viewer = _resolve(viewer)
        table = self._arrow(name, viewer, params)
        frame = _plain_numbers(table).to_pandas()
        return for_visitor(frame) if viewer.small_counts_hidden else frame

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


def open_database(data_dir: Path, *, materialise: bool = True) -> Database:
    """Open DuckDB over a data directory; SnapshotNotFound when it holds no snapshot.

    With `materialise` (the default) the staging views `household_facts` and `member_facts`
    read files built once per snapshot under `<data dir>/.cache/` (see `materialise_staging`)
    instead of being computed on every query; when the cache cannot be written (a read-only
    data directory) they stay live views, which give the same rows, only slower.
    """
    data_dir = Path(data_dir)
    snapshots = list_snapshots(data_dir)
    if not snapshots:
        raise SnapshotNotFound(
            f"数据目录 {data_dir} 中没有任何快照（应在 {data_dir / SNAPSHOTS_FOLDER} 下）。"
            "请先运行 `tuopin demo` 或 `tuopin import`。",
            f"The data directory {data_dir} holds no snapshot (looked in "
            f"{data_dir / SNAPSHOTS_FOLDER}). Run `tuopin demo` or `tuopin import` first.",
        )
    connection = duckdb.connect(config=connection_config(_temp_directory(data_dir)))
    quiet(connection)
    files = {}
    for spec in contract.TABLES:
        files[spec.name] = table_files(data_dir, spec.name)
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
        materialise_staging(connection, data_dir, snapshots, in_memory=in_memory)
        if materialise
        else None
    )
    if materialise and staging is None:
        findings_in_memory(connection, data_dir, snapshots)  # a read-only data directory
    return Database(data_dir, connection, snapshots, threading.Lock(), staging)


def monitoring_line_override(data_dir: Path) -> Path:
    """Where a county keeps its own monitoring lines: `monitoring_line.csv` in the instance
    folder (same columns as data/reference/monitoring_line.csv; read when it exists)."""
    return instance_dir(data_dir) / MONITORING_LINES_OVERRIDE


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


def _register(
    connection: duckdb.DuckDBPyConnection,
    relation: duckdb.DuckDBPyRelation,
    name: str,
    *,
    replace: bool = False,
    in_memory: bool = False,
) -> None:
    """`name` over `relation`: a view (read on every query), or a table read now (in memory)."""
    if not in_memory:
        relation.create_view(name, replace=replace)
        return
    relation.to_table(name)  # a name made once per connection: nothing to replace


def create_contract_views(
    connection: duckdb.DuckDBPyConnection,
    files: dict[str, list[str]],
    *,
    replace: bool = False,
    scoped: bool = True,
    in_memory: bool = False,
) -> None:
    """One view per contract table over the given Parquet files, in the current contract's shape.

    `scoped` (the pages' connection): the files are read as `unscoped_<table>` and each table's
    own name is a view limited to the cursor's viewer (`dashboard.access.scope`). Unscoped (the
    staging builder, which computes every row once for all viewers): the names read the files.
    """
    for spec in contract.TABLES:
        name = f"{scope.UNSCOPED_PREFIX}{spec.name}" if scoped else spec.name
        if not files.get(spec.name):
            # A table a later contract version added, in a directory of older snapshots only:
            # empty, in the contract's shape (v1.1 reads as v1.2 with the new tables empty).
            projected = connection.sql(empty_table_sql(spec))
            _register(connection, projected, name, replace=replace, in_memory=in_memory)
            continue
        # The relation API binds the file list as a value: no path is ever pasted into SQL.
        relation = connection.read_parquet(
            files[spec.name], hive_partitioning=True, union_by_name=True
        )
        projected = relation.project(contract_projection(relation, spec))
        _register(connection, projected, name, replace=replace, in_memory=in_memory)
    if not scoped:
        return
    for statement in scope.MACROS:
        connection.execute(statement)
    for name in scope.LOAD_ORDER:  # the contract's names are views limited to the viewer's rows
        connection.execute(
            f"create or replace view {name} as select * from {scope.UNSCOPED_PREFIX}{name} "
            f"where {scope.row_filter(name)}"
        )


# The materialised staging views keep the scope of the table they stage (their rows are
# households or members): filtered by the same rules as those tables.
STAGING_SCOPE = {
    "household_facts": "households",
    "member_facts": "members",
    "payment_recipients": "payments",  # by the household paid, as the payments are
    "helper_households": "payments",  # by the household answered for (household_id)
    "members_with_household": "members",
    "benefit_coverage_facts": "members",
    "payment_repeats": "payments",  # by the household paid
}
# Materialised views of per-village sums: no household to filter by, so the files are read by
# area only and a helper's account (scoped to his households, not to villages) reads the live
# view beside them, `<view>_live` of the definitions. Each gate is a cursor variable, which
# DuckDB folds before it plans: only one branch is read.
AREA_ONLY_VIEWS = (
    "visit_months",
    "helper_village_visits",
    "program_periods",
    "program_slots",
    "training_slots",
)


def _temp_directory(data_dir: Path) -> Path | None:
    folder = data_dir / CACHE_FOLDER / TEMP_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only data directory: DuckDB keeps to memory
    return folder


# ------------------------------------------------------------------ materialised staging
@dataclass(frozen=True)
class StagingCache:
    """What `materialise_staging` did on open: the folder, what it built and how long it took."""

    folder: Path
    built: tuple[str, ...]  # snapshot dates whose files were built now (the rest were on disk)
    build_seconds: float


def definitions_key(data_dir: Path | None = None) -> str:
    """A hash of everything the staging views' rows depend on besides the snapshot itself.

    The definitions' SQL, the check catalogue's rules, the poverty lines, the monitoring lines
    (with the county's own of `data_dir`'s instance folder), the contract version and DuckDB's
    version: change any of them and every cached file is rebuilt, so a rule is never answered
    from stale files.
    """
    digest = hashlib.sha256()
    paths = [*definition_files(), *check_files(), POVERTY_LINES_FILE, MONITORING_LINES_FILE]
    if data_dir is not None and monitoring_line_override(data_dir).is_file():
        paths.append(monitoring_line_override(data_dir))
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(contract.CONTRACT_VERSION.encode())
    digest.update(duckdb.__version__.encode())
    return digest.hexdigest()


def check_files() -> list[Path]:
    """The rule files of the check catalogue, whose findings are kept per snapshot."""
    return sorted((QUERIES_DIR / CHECKS_FOLDER).glob("*.sql"))


def build_findings(builder: duckdb.DuckDBPyConnection, snapshot_date: dt.date) -> pa.Table:
    """Every rule's findings on one snapshot, personal values marked (`MARKING_MACROS`).

    `builder` is a staging builder pointed at this snapshot (unscoped: every row once, for all
    readers). Columns: FINDING_FIELDS, in the catalogue's order (rule by rule, each in its own).
    """
    from dashboard import checks  # checks reads its rules through this module's loader

    for statement in MARKING_MACROS:
        builder.execute(statement)
    tables = []
    try:
        for rule in checks.catalogue():
            found = builder.sql(
                load_query(rule.query), params=checks.rule_parameters(rule, snapshot_date)
            )
            missing = [c for c in checks.FINDING_COLUMNS if c not in found.columns]
            if missing:
                raise QueryError(
                    f"规则 {rule.query}.sql 没有返回列 {', '.join(missing)}",
                    f"{rule.query}.sql returns no column {', '.join(missing)}",
                )
            rows = found.project(_AS_TEXT).to_arrow_table()
            tables.append(
                rows.add_column(
                    0, "rule_id", pa.array([rule.rule_id] * rows.num_rows, pa.string())
                ).add_column(1, "severity", pa.array([rule.severity] * rows.num_rows, pa.string()))
            )
    finally:
        define_macro_files(builder)  # the real masking macros back on the builder
    table = pa.concat_tables(tables) if tables else pa.schema(FINDING_FIELDS[2:]).empty_table()
    rows = table.num_rows
    return table.add_column(
        0, "snapshot_date", pa.array([snapshot_date] * rows, pa.date32())
    ).add_column(1, "finding_order", pa.array(range(rows), pa.int64()))


FINDING_FIELDS = [
    ("snapshot_date", pa.date32()),
    ("finding_order", pa.int64()),
    ("rule_id", pa.string()),
    ("severity", pa.string()),
    ("household_id", pa.string()),
    ("person_id", pa.string()),
    ("village_code", pa.string()),
    ("detail", pa.string()),
]
# The finding columns every rule returns, as text whatever type the rule's SQL gave them.
_AS_TEXT = ", ".join(
    f"cast({name} as varchar) as {name}"
    for name in ("household_id", "person_id", "village_code", "detail")
)


def staging_folder(data_dir: Path, info: SnapshotInfo, key: str) -> Path:
    """Where one snapshot's materialised staging views live, named by its identity and `key`.

    A snapshot rewritten by an import gets a new `written_at`, hence a new folder: files of
    the old one are never read again (and are removed on the next open).
    """
    identity = hashlib.sha256(f"{info.identity}|{key}".encode()).hexdigest()[:16]
    return (
        Path(data_dir)
        / CACHE_FOLDER
        / STAGING_CACHE
        / f"{info.snapshot_date.isoformat()}-{identity}"
    )


def build_staging_files(
    builder: duckdb.DuckDBPyConnection, info: SnapshotInfo, folder: Path
) -> None:
    """Write one snapshot's staging views to `folder`, computed by the definitions' own SQL.

    `builder` is a connection of its own (`staging_builder`) whose contract views are pointed
    at this snapshot's files only, so nothing else is scanned (a filter on snapshot_date does
    not reach through the staging views' joins to the files); its staging views are the ones
    `define_all` created, and each is copied out sorted. Files are written under a hidden name
    and renamed into place, so a reader never sees half a file.
    """
    point_builder(builder, info)
    folder.mkdir(parents=True, exist_ok=True)
    for view, order in MATERIALISED_VIEWS.items():
        target = folder / f"{view}.parquet"
        if not target.is_file():
            partial = folder / f".{view}-{uuid.uuid4().hex[:8]}.parquet"
            # Names come from MATERIALISED_VIEWS (ours); no value is pasted into the SQL.
            builder.table(view).order(order).write_parquet(
                str(partial), compression="zstd", row_group_size=122_880
            )
            os.replace(partial, target)
        # The views built after this one (helper_households reads household_facts) read its
        # file, not the same joins over again.
        builder.read_parquet(str(target)).create_view(view, replace=True)
    target = folder / f"{FINDINGS}.parquet"
    if not target.is_file():  # last: the rules read the staging views just written
        partial = folder / f".{FINDINGS}-{uuid.uuid4().hex[:8]}.parquet"
        findings = build_findings(builder, info.snapshot_date)
        builder.from_arrow(findings).order(FINDINGS_ORDER).write_parquet(
            str(partial), compression="zstd", row_group_size=122_880
        )
        os.replace(partial, target)


def point_builder(builder: duckdb.DuckDBPyConnection, info: SnapshotInfo) -> None:
    """Point a staging builder's contract views at one snapshot's files, its staging views live."""
    files = {spec.name: snapshot_files(info, spec.name) for spec in contract.TABLES}
    create_contract_views(builder, files, replace=True, scoped=False)
    define_staging(builder)  # the views live again: the last snapshot's files are not this one's


def staging_builder(data_dir: Path, first: SnapshotInfo) -> duckdb.DuckDBPyConnection:
    """A connection with the definitions over one snapshot, for `build_staging_files`."""
    builder = duckdb.connect(
        config=connection_config(_temp_directory(data_dir), memory_limit=BUILD_MEMORY_LIMIT)
    )
    quiet(builder)
    create_contract_views(
        builder,
        {spec.name: snapshot_files(first, spec.name) for spec in contract.TABLES},
        scoped=False,
    )
    define_all(builder)
    # The checks compare incomes with the county's own monitoring line, as the pages do.
    load_monitoring_lines(builder, monitoring_line_override(data_dir))
    return builder


def materialise_staging(
    connection: duckdb.DuckDBPyConnection,
    data_dir: Path,
    snapshots: list[SnapshotInfo],
    *,
    in_memory: bool = False,
) -> StagingCache | None:
    """Point the staging views at per-snapshot files, building the files that are missing.

    The views keep their names and columns, so every query reads them as before. Returns None
    (views left live) when the cache folder cannot be written.
    """
    key = definitions_key(data_dir)
    root = Path(data_dir) / CACHE_FOLDER / STAGING_CACHE
    started = time.perf_counter()
    built = []
    folders = []
    builder = None
    try:
        for info in snapshots:
            folder = staging_folder(data_dir, info, key)
            if not all((folder / f"{name}.parquet").is_file() for name in DERIVED_FILES):
                builder = builder or staging_builder(Path(data_dir), info)
                build_staging_files(builder, info, folder)
                built.append(info.snapshot_date.isoformat())
            folders.append(folder)
    except OSError:
        return None
    finally:
        if builder is not None:
            builder.close()
    for view in MATERIALISED_VIEWS:
        files = [str(folder / f"{view}.parquet") for folder in folders]
        _register(
            connection,
            connection.read_parquet(files),
            f"{scope.UNSCOPED_PREFIX}{view}",
            replace=True,
            in_memory=in_memory,
        )
        # Names are ours (MATERIALISED_VIEWS, scope's rules); no value is pasted in.
        if view in AREA_ONLY_VIEWS:
            connection.execute(
                f"create or replace view {view} as "
                f"select * from {scope.UNSCOPED_PREFIX}{view} where {scope.AREA_ONLY_FILTER} "
                f"union all select * from {view}_live where {scope.HELPER_SCOPED}"
            )
        else:
            connection.execute(
                f"create or replace view {view} as select * from {scope.UNSCOPED_PREFIX}{view} "
                f"where {scope.row_filter(STAGING_SCOPE[view])}"
            )
    _register(
        connection,
        connection.read_parquet([str(folder / f"{FINDINGS}.parquet") for folder in folders]),
        f"{scope.UNSCOPED_PREFIX}{FINDINGS}",
        replace=True,
        in_memory=in_memory,
    )
    define_findings_view(connection)
    _remove_stale(root, set(folders))
    return StagingCache(root, tuple(built), time.perf_counter() - started)


def define_findings_view(connection: duckdb.DuckDBPyConnection) -> None:
    """`findings` over `unscoped_findings`, limited to the reader's rows (scope.FINDINGS_FILTER)."""
    connection.execute(
        f"create or replace view {FINDINGS} as select * from {scope.UNSCOPED_PREFIX}{FINDINGS} "
        f"where {scope.FINDINGS_FILTER}"
    )


def findings_in_memory(
    connection: duckdb.DuckDBPyConnection, data_dir: Path, snapshots: list[SnapshotInfo]
) -> None:
    """The findings of every snapshot as a memory table, where no cache file can be written."""
    builder = None
    tables = []
    try:
        for info in snapshots:
            if builder is None:
                builder = staging_builder(Path(data_dir), info)
            else:
                point_builder(builder, info)
            tables.append(build_findings(builder, info.snapshot_date))
    finally:
        if builder is not None:
            builder.close()
    connection.from_arrow(pa.concat_tables(tables)).to_table(f"{scope.UNSCOPED_PREFIX}{FINDINGS}")
    define_findings_view(connection)


def _remove_stale(root: Path, keep: set[Path]) -> None:
    """Remove cached folders of snapshots that were rewritten or removed (best effort)."""
    for folder in root.iterdir():
        if folder.is_dir() and folder not in keep and not folder.name.startswith("."):
            shutil.rmtree(folder, ignore_errors=True)


def run_query(name: str, data_dir: Path, **params: object) -> pd.DataFrame:
    """One-off convenience: open the data directory, run one query, close it."""
    database = open_database(data_dir)
    try:
        return database.run(name, **params)
    finally:
        database.close()
