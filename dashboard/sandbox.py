"""The SQL sandbox: the one place where analysts' own SQL runs, for the /sql page and `tuopin sql`.

Each query gets a fresh in-memory DuckDB holding the chosen snapshot's tables and nothing else:

1. the snapshot's Parquet files are read into in-memory tables, one per contract table, with
   personal columns (names, ID numbers, phones) already masked and a `snapshot_date` column,
   so the project's own `queries/*.sql` run unchanged and no SQL can see a full name;
2. then the connection is closed to the outside world, in the order DuckDB requires (a
   setting can no longer change once the configuration is locked): no temporary directory
   (nothing spills to disk), no allowed directory or file, the local file system disabled,
   external access off, no Python object scans, and finally `lock_configuration`;
3. the query runs in a worker thread; after `time_limit` seconds the connection is
   interrupted and the user told so, while the server goes on serving everyone else.

The temporary directory is off from the connection's first moment (its config), not only in
the lockdown: DuckDB cannot switch it once a load has spilled there, and a load that does not
fit in MEMORY_LIMIT must stop with a message (AreaTooLarge: pick a smaller area), not spill.
Only the viewer's area is loaded, so an analyst of one county on a province's data loads that
county; `tuopin sql --area CODE` and the page's area (the sidebar's picker) choose it.

Why tables in memory and not views over the Parquet files: views need the data directory in
`allowed_directories`, and DuckDB does not tell reading from writing there — `COPY ... TO
'<snapshot>/x.csv'` then succeeds, and could overwrite a snapshot's own files. With the data
already in memory, no path at all is allowed, so nothing on disk can be read, created, changed
or deleted. A town's register is megabytes: loading it takes some tens of milliseconds.

Statement checks (one statement, a read-only kind) are here only to give friendly messages;
the boundary is DuckDB's own settings, and the tests try the escapes with the checks bypassed.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard import contract, settings
from dashboard.access import audit, scope
from dashboard.data import (
    MASKED,
    QUERIES_DIR,
    Viewer,
    apply_viewer,
    contract_projection,
    query_names,
    query_parameters,
    snapshot_files,
)
from dashboard.definitions import define_macros, define_staging
from dashboard.errors import SnapshotNotFound, TuopinError
from dashboard.hierarchy import WHOLE_DATA, data_root, is_area_code, unit_names
from dashboard.measures.helper_accountability import VISIT_WINDOWS
from dashboard.reference import division_names
from dashboard.snapshots import SnapshotInfo, get_snapshot
from dashboard.viewer import current_viewer

TIME_LIMIT_SECONDS = 10.0  # an honest question about one town answers in well under a second
INTERRUPT_GRACE_SECONDS = 5.0  # how long an interrupted query may take to stop before we give up
# The data layer's settings (dashboard/settings.py); module names, so a test can make them tiny.
MEMORY_LIMIT = settings.SANDBOX_MEMORY_LIMIT  # per query; analysts share the server
THREADS = settings.SANDBOX_THREADS
MAX_ROWS_SHOWN = 10_000  # the browser's table chokes past this; the download has the rest
MAX_ROWS_DOWNLOAD = 1_000_000  # under Excel's 1,048,576-row sheet limit
MAX_RESULT_BYTES = 256 * 1024 * 1024  # a result held in the server's memory, per session
BYTES_PER_MIB = 1024 * 1024
FETCH_BATCH_ROWS = 8_192  # rows per Arrow batch pulled from DuckDB
SNAPSHOT_COLUMN = "snapshot_date"  # added to every table, as the dashboard's views have it
READ_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})

# Statement kinds refused with a message saying why, by the kind of thing they try.
_WRITE_STATEMENTS = frozenset(
    {
        duckdb.StatementType.COPY,
        duckdb.StatementType.EXPORT,
        duckdb.StatementType.COPY_DATABASE,
    }
)
_ATTACH_STATEMENTS = frozenset({duckdb.StatementType.ATTACH, duckdb.StatementType.DETACH})
_EXTENSION_STATEMENTS = frozenset({duckdb.StatementType.LOAD, duckdb.StatementType.EXTENSION})
_SETTING_STATEMENTS = frozenset(
    {
        duckdb.StatementType.SET,
        duckdb.StatementType.VARIABLE_SET,
        duckdb.StatementType.PRAGMA,
        duckdb.StatementType.CALL,
    }
)

# Settings applied after the tables are loaded, in this order: each one still needs the
# configuration unlocked, and external access must go before the lock.
LOCKDOWN = (
    # Already '' from the connect config (CONNECT_CONFIG); said again so the lockdown reads whole.
    "SET temp_directory = ''",  # nothing spills to disk, and no temp folder is implicitly allowed
    "SET allowed_directories = []",
    "SET allowed_paths = []",
    "SET allow_community_extensions = false",
    "SET disabled_filesystems = 'LocalFileSystem'",
    "SET enable_external_access = false",
    "SET python_enable_replacements = false",  # no scanning of the server's Python variables
    "SET lock_configuration = true",
)


class SqlRefused(TuopinError):
    """A statement the sandbox does not run: it writes, attaches, loads, or changes settings."""


class SqlTimeout(TuopinError):
    """A query ran past the time limit and was interrupted."""


class SqlFailed(TuopinError):
    """A query DuckDB could not run: a syntax error, an unknown table or column, out of memory."""


class AreaTooLarge(SqlFailed):
    """The viewer's area does not fit in the sandbox's memory limit: pick a smaller one."""


class AreaNotFound(SqlRefused):
    """An area code that is not one (digits, 2/4/6/9/12 of them) or names no village of the data."""


# The sandbox's connection from its first moment. `temp_directory` is '' here, before any
# load: a load that spilled to the default `.tmp` could not switch it off afterwards
# (DuckDB: "Cannot switch temporary directory after the current one has been used").
CONNECT_CONFIG = {
    "threads": THREADS,
    "temp_directory": "",
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


@dataclass(frozen=True)
class SqlResult:
    """What a query returned: every row up to the download cap, and how long it took."""

    frame: pd.DataFrame
    complete: bool  # False when the result had more rows (or bytes) than the caps allow
    seconds: float
    snapshot_date: dt.date

    @property
    def rows(self) -> int:
        return len(self.frame)

    @property
    def shown(self) -> pd.DataFrame:
        """The rows a page shows: the first MAX_ROWS_SHOWN."""
        return self.frame.head(MAX_ROWS_SHOWN)


@dataclass(frozen=True)
class SchemaColumn:
    """One column as the console's tables have it."""

    table: str
    column: str
    duckdb_type: str
    masked: bool


def schema() -> list[SchemaColumn]:
    """Every table and column the sandbox holds, in the contract's order, `snapshot_date` last."""
    columns = []
    for spec in contract.TABLES:
        columns += [
            SchemaColumn(spec.name, column.name, column.duckdb_type, column.personal)
            for column in spec.columns
        ]
        columns.append(SchemaColumn(spec.name, SNAPSHOT_COLUMN, "DATE", False))
    return columns


def masked_expression(column: contract.Column) -> str:
    """The select-list entry for one column: itself, or its masked form when it is personal.

    The masking is the data layer's, one rule everywhere (`queries/definitions/50_masking.sql`):
    names keep their first character (张**), ID numbers their first 6 and last 4 characters.
    The column name comes from the contract, never from a user.

    >>> masked_expression(contract.Column("name", "VARCHAR", personal=True))
    'mask_name("name") as "name"'
    """
    name = f'"{column.name}"'
    if not column.personal:
        return name
    if "id_number" in column.name:
        return f"mask_id_number({name}) as {name}"
    if "phone" in column.name:
        return f"mask_phone({name}) as {name}"
    return f"mask_name({name}) as {name}"


def open_sandbox(
    data_dir: Path, snapshot_date: dt.date | str | None = None, *, viewer: Viewer = MASKED
):
    """A locked, in-memory DuckDB with the snapshot's tables as `viewer` may see them.

    Returns `(connection, snapshot)`. Only the rows of the viewer's area (and helper scope)
    are loaded, with personal columns masked as the viewer's role says: what is not in
    memory no SQL can reach. After this, the connection can read its own tables and
    nothing else: no file, no extension, no setting can be changed.
    """
    snapshot = get_snapshot(Path(data_dir), snapshot_date)
    # MEMORY_LIMIT is read here, not bound at import, so a test can make it tiny.
    connection = duckdb.connect(":memory:", config={**CONNECT_CONFIG, "memory_limit": MEMORY_LIMIT})
    try:
        _load(connection, snapshot, viewer)
    except duckdb.OutOfMemoryException:
        connection.close()
        raise _too_large(snapshot, viewer) from None
    except BaseException:
        connection.close()
        raise
    return connection, snapshot


def _load(connection: duckdb.DuckDBPyConnection, snapshot: SnapshotInfo, viewer: Viewer) -> None:
    """Fill the sandbox with the viewer's rows of every table, then lock it down."""
    connection.execute("SET enable_progress_bar = false")  # a client setting: not in config
    define_macros(connection)
    for statement in scope.MACROS:
        connection.execute(statement)
    apply_viewer(connection, viewer)  # the masks and the row filters read these at load
    for name in scope.LOAD_ORDER:
        spec = contract.table(name)
        files = snapshot_files(snapshot, spec.name)
        if not files:
            raise SnapshotNotFound(
                f"快照 {snapshot.snapshot_date.isoformat()} 缺少表 {spec.name} 的文件"
                f"（{snapshot.path}）。请重新导入该快照。",
                f"The snapshot {snapshot.snapshot_date.isoformat()} has no file of table "
                f"{spec.name} ({snapshot.path}). Import the snapshot again.",
            )
        select_list = [masked_expression(column) for column in spec.columns]
        select_list.append(f'"{SNAPSHOT_COLUMN}"')
        # The relation API takes the file list as a value: no path is pasted into SQL.
        relation = connection.read_parquet(files, hive_partitioning=True)
        loading = f"{scope.UNSCOPED_PREFIX}{spec.name}"
        relation.project(contract_projection(relation, spec)).create_view(loading)
        # Names come from the contract and the filters from scope.py, never from a user.
        connection.execute(
            f"create table {spec.name} as select {', '.join(select_list)} from {loading} "
            f"where {scope.row_filter(spec.name)}"
        )
        connection.execute(f"drop view {loading}")
    apply_viewer(connection, MASKED)  # the loaded rows are final; nothing reads these now
    # The staging views read the loaded copies: the console holds only what the viewer may.
    define_staging(connection)
    for setting in LOCKDOWN:
        connection.execute(setting)


# ---------------------------------------------------------------- areas


@dataclass(frozen=True)
class AreaSummary:
    """One area of a snapshot as its messages name it: code, name and size."""

    code: str  # '' for the whole data directory
    name: str
    villages: int
    households: int

    def label(self, lang: str) -> str:
        """`长丰县（340121）`, or for the whole directory its root's name: `全部数据（安徽省）`."""
        if lang == "en":
            whole = self.code == WHOLE_DATA
            return (
                f"the whole data directory ({self.name})" if whole else f"{self.name} ({self.code})"
            )
        return (
            f"全部数据（{self.name}）" if self.code == WHOLE_DATA else f"{self.name}（{self.code}）"
        )


def area_summary(snapshot: SnapshotInfo, area: str) -> AreaSummary:
    """The name, villages and households of `area` (a code prefix, '' all) in one snapshot.

    Read with a small DuckDB of its own over the villages' and households' files, not the
    sandbox: it names an area that did not fit there. Names come from the villages table's
    columns, else the table of divisions, else the code (`hierarchy.unit_names`).
    """

    village_files = snapshot_files(snapshot, "villages")
    household_files = snapshot_files(snapshot, "households")
    with duckdb.connect(":memory:", config={"threads": 1}) as connection:
        if not village_files:
            return AreaSummary(area, area, 0, 0)
        connection.read_parquet(village_files).create_view("villages")
        units = connection.execute(
            "select * from villages where starts_with(village_code, $area)", {"area": area}
        ).df()
        households = 0
        if household_files:
            connection.read_parquet(household_files).create_view("households")
            households = connection.execute(
                "select count(*) from households where starts_with(village_code, $area)",
                {"area": area},
            ).fetchone()[0]
    if units.empty:
        return AreaSummary(area, area, 0, households)
    codes = [str(code) for code in units["village_code"]]
    named = area or data_root(codes)
    name = unit_names(units, division_names()).get(named, named) if named else named
    return AreaSummary(area, name or area, len(codes), int(households))


def check_area(snapshot: SnapshotInfo, area: str) -> AreaSummary:
    """The area `tuopin sql --area` asked for, when it is a code of a village of the snapshot.

    Raises AreaNotFound, in both languages, for text that is not an area code (2, 4, 6, 9 or
    12 digits) or a code no village of the snapshot's villages table starts with.
    """
    if not is_area_code(area) or area == WHOLE_DATA:
        raise AreaNotFound(
            f"区域代码 {area!r} 无效：应为 2、4、6、9 或 12 位数字"
            "（省 2 位、市 4 位、县 6 位、乡镇 9 位、村 12 位，例如 --area 341182）。",
            f"The area code {area!r} is not valid: 2, 4, 6, 9 or 12 digits (province 2, "
            "prefecture 4, county 6, town 9, village 12; e.g. --area 341182).",
        )
    summary = area_summary(snapshot, area)
    if summary.villages == 0:
        date = snapshot.snapshot_date.isoformat()
        raise AreaNotFound(
            f"快照 {date} 的村表中没有区域 {area} 的村。请检查代码（统计用区划代码），"
            '或用 tuopin sql "select distinct county_code, county_name from villages" 查看有哪些区域。',
            f"No village of the area {area} in the villages table of the snapshot {date}. "
            "Check the code (统计用区划代码), or list the areas with "
            'tuopin sql "select distinct county_code, county_name from villages".',
        )
    return summary


def _too_large(snapshot: SnapshotInfo, viewer: Viewer) -> AreaTooLarge:
    """The message for an area whose tables did not fit in MEMORY_LIMIT."""
    summary = area_summary(snapshot, viewer.area or WHOLE_DATA)
    households = f"{summary.households:,}"
    label_en = summary.label("en")
    return AreaTooLarge(
        f"{summary.label('zh')}有 {households} 户，数据超出了 SQL 控制台的内存上限 "
        f"{MEMORY_LIMIT}，无法载入。请选一个较小的区域：命令行用 --area 代码（例如县 6 位、"
        "乡镇 9 位），页面上用侧栏的区域选择。",
        f"{label_en[:1].upper()}{label_en[1:]} has {households} households: its tables do not "
        f"fit in the SQL console's memory limit of {MEMORY_LIMIT}. Pick a smaller area: "
        "--area CODE on the command line (e.g. a county's 6 digits, a town's 9), the sidebar's "
        "area picker on the page.",
    )


def download_cap(lang: str) -> str:
    """The download cap in words: `1,000,000 行或 256 MB`."""
    rows = f"{MAX_ROWS_DOWNLOAD:,}"
    mebibytes = MAX_RESULT_BYTES // BYTES_PER_MIB
    if lang == "en":
        return f"{rows} rows or {mebibytes} MB"
    return f"{rows} 行或 {mebibytes} MB"


# ---------------------------------------------------------------- parameters


def default_village_code(snapshot: SnapshotInfo) -> str | None:
    """The first village in code order: a sensible stand-in for `$village_code`."""
    files = snapshot_files(snapshot, "villages")
    if not files:
        return None
    with duckdb.connect(":memory:", config={"threads": 1}) as connection:
        rows = connection.read_parquet(files).aggregate("min(village_code)").fetchall()
    return rows[0][0] if rows else None


def parameter_defaults(snapshot: SnapshotInfo) -> dict[str, object]:
    """Values for the parameters the project's query files use, as the pages choose them.

    `$snapshot_date` is the chosen snapshot; periods run from 1 January of its year to it;
    `$windows` are the visit windows the helpers page compares; `$village_code` is the first
    village. Fixed windows and thresholds (90 days, 12 months, the 3–5 rule, the poverty line)
    are macros of queries/definitions/, not parameters.
    """
    snapshot_date = snapshot.snapshot_date
    defaults: dict[str, object] = {
        "snapshot_date": snapshot_date,
        "year": snapshot_date.year,
        "paid_from": dt.date(snapshot_date.year, 1, 1),
        "paid_to": snapshot_date,
        "windows": list(VISIT_WINDOWS),
    }
    village_code = default_village_code(snapshot)
    if village_code is not None:
        defaults["village_code"] = village_code
    return defaults


def format_parameter(value: object) -> str:
    """A parameter's value as a person types it: 2018-06-30, 90, 30, 60, 90."""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_INTEGER = re.compile(r"^[+-]?\d+$")


def parse_parameter(name: str, typed: str, default: object = None) -> object:
    """Read a typed value as the kind its default is (a date, a whole number, a list of them).

    A parameter without a default is a whole number when it looks like one, else text.

    >>> parse_parameter("windows", "30, 60", [30, 60, 90])
    [30, 60]
    """
    typed = typed.strip()
    try:
        if isinstance(default, dt.date):
            return dt.date.fromisoformat(typed)
        if isinstance(default, list):
            return [int(item) for item in typed.strip("[]").split(",") if item.strip()]
        if isinstance(default, int) or (default is None and _INTEGER.match(typed)):
            return int(typed)
    except ValueError:
        example = format_parameter(default)
        raise SqlRefused(
            f"参数 ${name} 的值 {typed!r} 不对，应写成例如 {example}。",
            f"The value {typed!r} of ${name} does not fit; write it like {example}.",
        ) from None
    return typed


def bind_parameters(
    sql: str, defaults: dict[str, object], given: dict[str, object] | None = None
) -> dict[str, object]:
    """The values to bind for the `$names` in `sql`: given ones first, then the defaults.

    A name with neither is refused with a message saying what to replace.
    """
    given = given or {}
    wanted = query_parameters(sql)
    missing = sorted(name for name in wanted if name not in given and name not in defaults)
    if missing:
        names = ", ".join(f"${name}" for name in missing)
        raise SqlRefused(
            f"查询用到了控制台不认识的参数 {names}：请在参数框里填上值（命令行：--param 名称=值），"
            "或在 SQL 中直接换成值（例如 '341182108206' 或 2018）。",
            f"The query uses parameters the console does not know: {names}. Give them a value "
            "in the parameter boxes (command line: --param NAME=VALUE), or replace them in the "
            "SQL with a value "
            "(e.g. '341182108206' or 2018).",
        )
    return {name: given[name] if name in given else defaults[name] for name in sorted(wanted)}


# ---------------------------------------------------------------- examples


def example_queries() -> list[str]:
    """The project's own query files, by the names `load_example` takes."""
    return query_names()


def load_example(name: str) -> str:
    """The SQL text of one of the project's query files (`name` must be one of them)."""
    if name not in example_queries():
        raise SqlRefused(
            f"没有名为 {name!r} 的示例查询。",
            f"No example query named {name!r}.",
        )
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


# ---------------------------------------------------------------- running


def check_statement(connection: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse, with a reason, anything but one statement that reads (SELECT, WITH, EXPLAIN…)."""
    try:
        statements = connection.extract_statements(sql)
    except duckdb.Error as error:
        raise SqlFailed(
            f"SQL 语法有误：{_first_line(error)}",
            f"The SQL does not parse: {_first_line(error)}",
        ) from None
    if not statements:
        raise SqlRefused("请输入一条 SQL 查询。", "Type an SQL query first.")
    if len(statements) > 1:
        raise SqlRefused(
            f"一次只能运行一条语句，这里有 {len(statements)} 条：请删去多余的分号后的部分。",
            f"One statement at a time, please: this text holds {len(statements)}. "
            "Remove all but one.",
        )
    kind = statements[0].type
    if kind in READ_STATEMENTS:
        return
    if kind in _WRITE_STATEMENTS:
        raise SqlRefused(
            "控制台是只读的，不能写文件或导出数据库。要保存结果，请用结果下方的“下载 CSV / Excel”"
            "（命令行：tuopin sql --csv 文件名）。",
            "The console is read-only: it writes no file and exports no database. To keep a "
            "result, use the CSV / Excel downloads under it (command line: tuopin sql --csv FILE).",
        )
    if kind in _ATTACH_STATEMENTS:
        raise SqlRefused(
            "控制台只能查询当前快照的表，不能挂接其他数据库。",
            "The console queries the chosen snapshot's tables only; it attaches no database.",
        )
    if kind in _EXTENSION_STATEMENTS:
        raise SqlRefused(
            "控制台不能安装或加载扩展。",
            "The console installs and loads no extension.",
        )
    if kind in _SETTING_STATEMENTS:
        raise SqlRefused(
            "沙箱的设置已锁定，不能更改（SET / RESET / PRAGMA / CALL）。查看表结构请用 "
            "DESCRIBE 表名。",
            "The sandbox's settings are locked (SET / RESET / PRAGMA / CALL). To see a table's "
            "columns, use DESCRIBE table_name.",
        )
    raise SqlRefused(
        "控制台只运行读取数据的查询（SELECT、WITH、DESCRIBE、SUMMARIZE、EXPLAIN），"
        "不能建表或改数据。",
        "The console runs queries that read (SELECT, WITH, DESCRIBE, SUMMARIZE, EXPLAIN); "
        "it creates and changes nothing.",
    )


def run_sql(
    data_dir: Path,
    sql: str,
    *,
    snapshot_date: dt.date | str | None = None,
    parameters: dict[str, object] | None = None,
    time_limit: float = TIME_LIMIT_SECONDS,
    max_rows: int = MAX_ROWS_DOWNLOAD,
    viewer: Viewer | None = None,
) -> SqlResult:
    """Run one analyst's query in a fresh sandbox over one snapshot (the latest when None).

    `viewer` decides the rows and personal columns the sandbox holds; None means the signed-in
    user of the Streamlit session running this (no row at all for a session nobody signed in
    to), and the command line's operating-system user outside Streamlit.

    `$snapshot_date` and the other parameters of the project's queries are bound (see
    `parameter_defaults`); `parameters` overrides them. Raises SqlRefused, SqlTimeout or
    SqlFailed, each with a message in both languages; never a bare DuckDB error.
    """
    if viewer is None:
        viewer = current_viewer(default=MASKED)
    try:
        result = _run_unaudited(
            data_dir,
            sql,
            snapshot_date=snapshot_date,
            parameters=parameters,
            time_limit=time_limit,
            max_rows=max_rows,
            viewer=viewer,
        )
    except TuopinError as error:
        audit.record_for(
            Path(data_dir),
            "sql.refused",
            sql=sql,
            reason=type(error).__name__,
            area=viewer.area,
        )
        raise
    # Every statement run is in the audit log, as the signed-in user or `cli:<user>`.
    audit.record_for(
        Path(data_dir),
        "sql.run",
        sql=sql,
        rows=result.rows,
        snapshot_date=result.snapshot_date.isoformat(),
        area=viewer.area,  # the rows the sandbox held: '' all, a code prefix, None none
    )
    return result


def _run_unaudited(
    data_dir: Path,
    sql: str,
    *,
    snapshot_date: dt.date | str | None,
    parameters: dict[str, object] | None,
    time_limit: float,
    max_rows: int,
    viewer: Viewer,
) -> SqlResult:
    """`run_sql` without the audit entry: the caller records it."""
    connection, snapshot = open_sandbox(data_dir, snapshot_date, viewer=viewer)
    try:
        check_statement(connection, sql)
        names = query_parameters(sql)
        defaults = parameter_defaults(snapshot) if names else {}
        bound = bind_parameters(sql, defaults, parameters)
    except BaseException:
        connection.close()
        raise
    outcome: dict[str, object] = {}
    worker = threading.Thread(
        target=_fetch,
        args=(connection, sql, bound, max_rows, outcome),
        name="tuopin-sql",
        daemon=True,  # a query DuckDB cannot stop must not keep the server from exiting
    )
    started = time.perf_counter()
    worker.start()
    worker.join(time_limit)
    if worker.is_alive():
        connection.interrupt()
        worker.join(INTERRUPT_GRACE_SECONDS)
        raise SqlTimeout(
            f"查询运行超过 {time_limit:g} 秒，已被中止。请缩小范围（加 where 条件、limit），"
            "或检查是否有无穷递归或笛卡尔积。",
            f"The query ran longer than {time_limit:g} s and was stopped. Narrow it (a where "
            "clause, a limit), or look for an endless recursion or a cross join.",
        )
    seconds = time.perf_counter() - started
    error = outcome.get("error")
    if error is not None:
        raise _explain(error, time_limit) from None
    return SqlResult(
        frame=outcome["frame"],
        complete=bool(outcome["complete"]),
        seconds=seconds,
        snapshot_date=snapshot.snapshot_date,
    )


def _fetch(
    connection: duckdb.DuckDBPyConnection,
    sql: str,
    bound: dict[str, object],
    max_rows: int,
    outcome: dict[str, object],
) -> None:
    """The worker: run, pull Arrow batches up to the caps, close the connection in every case."""
    try:
        relation = connection.sql(sql, params=bound or None)
        if relation is None:  # not a query after all: nothing to show
            outcome["frame"], outcome["complete"] = pd.DataFrame(), True
            return
        reader = relation.to_arrow_reader(FETCH_BATCH_ROWS)
        batches, rows, size, complete = [], 0, 0, True
        for batch in reader:
            if rows + batch.num_rows > max_rows or size + batch.nbytes > MAX_RESULT_BYTES:
                batch = batch.slice(0, max(0, max_rows - rows))
                batches.append(batch)
                complete = False
                break
            batches.append(batch)
            rows += batch.num_rows
            size += batch.nbytes
        table = pa.Table.from_batches(batches, schema=reader.schema)
        outcome["frame"], outcome["complete"] = _to_frame(table), complete
    except Exception as error:  # handed to the caller, who turns it into a message
        outcome["error"] = error
    finally:
        connection.close()


def _to_frame(table: pa.Table) -> pd.DataFrame:
    """A pandas frame of a result: unique column names, decimals as plain numbers."""
    names, seen = [], {}
    for name in table.column_names:
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    columns = []
    for column in table.columns:
        if pa.types.is_decimal(column.type):
            try:
                column = column.cast(pa.int64()) if column.type.scale == 0 else _to_float(column)
            except pa.ArrowInvalid:  # a sum too large for int64: a float is near enough
                column = _to_float(column)
        columns.append(column)
    return pa.Table.from_arrays(columns, names=names).to_pandas()


def _to_float(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Decimals as the nearest floats: through their text, so 42670.09 stays 42670.09."""
    return column.cast(pa.string()).cast(pa.float64())


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _explain(error: BaseException, time_limit: float) -> TuopinError:
    """Turn a DuckDB error into a message for people, in both languages."""
    detail = _first_line(error)
    if isinstance(error, duckdb.InterruptException):
        return SqlTimeout(
            f"查询运行超过 {time_limit:g} 秒，已被中止。",
            f"The query ran longer than {time_limit:g} s and was stopped.",
        )
    if isinstance(error, duckdb.PermissionException):
        tables = ", ".join(contract.TABLE_NAMES)
        return SqlRefused(
            f"沙箱只能查询本快照的表（{tables}），不能读写磁盘上的文件或加载扩展。（{detail}）",
            f"The sandbox queries the snapshot's tables ({tables}) and nothing else: no file "
            f"on disk, no extension. ({detail})",
        )
    if isinstance(error, duckdb.OutOfMemoryException):
        return SqlFailed(
            f"查询超出了内存上限 {MEMORY_LIMIT}，已被中止。请缩小范围或先聚合。",
            f"The query needed more than the {MEMORY_LIMIT} memory limit and was stopped. "
            "Narrow it, or aggregate first.",
        )
    if isinstance(error, duckdb.InvalidInputException) and "locked" in detail:
        return SqlRefused(
            "沙箱的设置已锁定，不能更改。",
            "The sandbox's settings are locked and cannot be changed.",
        )
    if isinstance(error, duckdb.CatalogException):
        tables = ", ".join(contract.TABLE_NAMES)
        return SqlFailed(
            f"查询引用了不存在的表或函数：{detail}。可用的表：{tables}。",
            f"The query names a table or function that does not exist: {detail}. Tables: {tables}.",
        )
    if isinstance(error, duckdb.Error):
        return SqlFailed(f"查询出错：{detail}", f"The query failed: {detail}")
    return SqlFailed(
        f"查询出错（{type(error).__name__}）：{detail}",
        f"The query failed ({type(error).__name__}): {detail}",
    )
