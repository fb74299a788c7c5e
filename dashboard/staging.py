"""The staging cache: the staging views and the check catalogue's findings, kept as Parquet
files per snapshot under `<data dir>/.cache/staging/`, and pointed at on open.

Built here, beside the staging views they cache, the findings run the rules of
`dashboard/checks.py` (which reads only the query files, never this module or the data layer).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard import checks, contract
from dashboard.access import scope
from dashboard.connection import (
    CACHE_FOLDER,
    connection_config,
    create_contract_views,
    quiet,
    register,
    snapshot_files,
    temp_directory,
)
from dashboard.definitions import (
    MONITORING_LINES_FILE,
    MONITORING_LINES_OVERRIDE,
    POVERTY_LINES_FILE,
    DefinitionError,
    define_all,
    define_macro_files,
    define_staging,
    definition_files,
    load_monitoring_lines,
    staging_files,
)
from dashboard.errors import QueryError, SnapshotNotFound
from dashboard.query_files import check_files, load_query
from dashboard.settings import BUILD_MEMORY_LIMIT, instance_dir
from dashboard.snapshots import SnapshotInfo, list_snapshots

STAGING_CACHE = "staging"  # <data dir>/.cache/staging/<snapshot date>-<key>/<view>.parquet
# Which staging views are kept as files per snapshot, in what order their rows are written
# (rows of a village together: pages filter by area) and under which scope: declared in the
# view's own file, `queries/staging/<view>.sql`, on the comment line just above its
# `create or replace view`::
#
#     -- materialised: order by village_code, household_id; scope households
#     create or replace view household_facts as
#
# `scope <table>`: the files are read through that contract table's row filter (the view's
# rows are its households, members or payments). `scope area`: per-village sums with no
# household to filter by, read by area only; a helper's account (scoped to his households,
# not to villages) reads the live view beside them, `<view>_live`, which the file must define.
MATERIALISED = re.compile(
    r"^--\s*materialised:\s*order by\s+(?P<order>[a-z_][a-z0-9_, ]*?)\s*;"
    r"\s*scope\s+(?P<scope>[a-z_]+)\b"
)
VIEW = re.compile(r"^create or replace view ([a-z_][a-z0-9_]*) as\b")
AREA_SCOPE = "area"


@dataclass(frozen=True)
class Materialised:
    """One staging view kept as files: its name, sort order, scope, and the file declaring it."""

    view: str
    order: str
    scope: str
    file_name: str


def materialised_views(files: list[Path] | None = None) -> tuple[Materialised, ...]:
    """The staging views whose file's header says `-- materialised: …`, in the order the files
    run (`definitions.staging_files`: each after what it reads, so a view is built after every
    view it reads).

    DefinitionError (file and line) for a header not followed by a view, a scope that is no
    contract table nor `area`, or an area view without its `<view>_live` file.
    """
    paths = files if files is not None else staging_files()
    views = {path.stem for path in paths}
    found = []
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            header = MATERIALISED.match(line)
            if header is None:
                continue
            view = VIEW.match(lines[number]) if number < len(lines) else None
            where = f"{path.name}:{number}"
            if view is None:
                raise DefinitionError(f"{where}: a materialised header must sit just above a view")
            name, wanted = view.group(1), header.group("scope")
            if wanted != AREA_SCOPE and wanted not in scope.LOAD_ORDER:
                raise DefinitionError(
                    f"{where}: {name} has scope {wanted!r}; one of {AREA_SCOPE!r}, "
                    f"{', '.join(scope.LOAD_ORDER)} expected"
                )
            if wanted == AREA_SCOPE and f"{name}_live" not in views:
                raise DefinitionError(
                    f"{where}: {name} is read by area but {name}_live is missing "
                    f"(a file {name}_live.sql)"
                )
            found.append(Materialised(name, header.group("order").strip(), wanted, path.name))
    names = [item.view for item in found]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise DefinitionError(f"materialised twice: {', '.join(repeated)}")
    return tuple(found)


_DECLARED = materialised_views()
MATERIALISED_VIEWS = {item.view: item.order for item in _DECLARED}
# The materialised staging views keep the scope of the table they stage: filtered by the
# same rules as those tables.
STAGING_SCOPE = {item.view: item.scope for item in _DECLARED if item.scope != AREA_SCOPE}
# Materialised views of per-village sums, read by area only (see AREA_SCOPE above). Each
# gate is a cursor variable, which DuckDB folds before it plans: only one branch is read.
AREA_ONLY_VIEWS = tuple(item.view for item in _DECLARED if item.scope == AREA_SCOPE)
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


@dataclass(frozen=True)
class StagingCache:
    """What `materialise_staging` did on open: the folder, what it built and how long it took."""

    folder: Path
    built: tuple[str, ...]  # snapshot dates whose files were built now (the rest were on disk)
    build_seconds: float


def monitoring_line_override(data_dir: Path) -> Path:
    """Where a county keeps its own monitoring lines: `monitoring_line.csv` in the instance
    folder (same columns as data/reference/monitoring_line.csv; read when it exists)."""
    return instance_dir(data_dir) / MONITORING_LINES_OVERRIDE


def monitoring_line_stamp(data_dir: Path) -> str | None:
    """The county's own monitoring-line file as it is now (None when there is none): changes
    whenever it is rewritten (a new file replaces the old, with a new inode), so a server's
    cached database and results are opened again when an analyst sets a line."""
    try:
        stat = monitoring_line_override(data_dir).stat()
    except FileNotFoundError:
        return None
    return f"monitoring_line@{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_size}"


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
        digest.update(f"{path.parent.name}/{path.name}".encode())
        digest.update(path.read_bytes())
    digest.update(contract.CONTRACT_VERSION.encode())
    digest.update(duckdb.__version__.encode())
    return digest.hexdigest()


def build_findings(builder: duckdb.DuckDBPyConnection, snapshot_date: dt.date) -> pa.Table:
    """Every rule's findings on one snapshot, personal values marked (`MARKING_MACROS`).

    `builder` is a staging builder pointed at this snapshot (unscoped: every row once, for all
    readers). Columns: FINDING_FIELDS, in the catalogue's order (rule by rule, each in its own).
    """
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
    builder: duckdb.DuckDBPyConnection,
    info: SnapshotInfo,
    folder: Path,
    report: Callable[[str, float], None] | None = None,
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
            started = time.perf_counter()
            partial = folder / f".{view}-{uuid.uuid4().hex[:8]}.parquet"
            # Names come from MATERIALISED_VIEWS (ours); no value is pasted into the SQL.
            builder.table(view).order(order).write_parquet(
                str(partial), compression="zstd", row_group_size=122_880
            )
            os.replace(partial, target)
            if report is not None:
                report(view, time.perf_counter() - started)
        # The views built after this one (helper_households reads household_facts) read its
        # file, not the same joins over again.
        builder.read_parquet(str(target)).create_view(view, replace=True)
    target = folder / f"{FINDINGS}.parquet"
    if not target.is_file():  # last: the rules read the staging views just written
        started = time.perf_counter()
        partial = folder / f".{FINDINGS}-{uuid.uuid4().hex[:8]}.parquet"
        findings = build_findings(builder, info.snapshot_date)
        builder.from_arrow(findings).order(FINDINGS_ORDER).write_parquet(
            str(partial), compression="zstd", row_group_size=122_880
        )
        os.replace(partial, target)
        if report is not None:
            report(FINDINGS, time.perf_counter() - started)


def derived_ready(data_dir: Path, info: SnapshotInfo, key: str | None = None) -> bool:
    """Whether every derived file of one snapshot is on disk (nothing left to build)."""
    folder = staging_folder(data_dir, info, key or definitions_key(data_dir))
    return all((folder / f"{name}.parquet").is_file() for name in DERIVED_FILES)


def prepare_derived(data_dir: Path, report: Callable[[str], None] | None = None) -> list[str]:
    """Build the derived files of every snapshot that lacks them; the dates built.

    What a server's first open would otherwise do inside somebody's page (minutes for a
    province's snapshot): `tuopin import` and `tuopin demo` call this when they have written a
    snapshot, `tuopin prepare` for one copied in by hand. `report` gets a line per snapshot and
    per file as it is written (progress on the terminal). Files are renamed into place whole,
    so servers reading the ready snapshots meanwhile never see half a file.
    """
    data_dir = Path(data_dir)
    snapshots = list_snapshots(data_dir)
    if not snapshots:
        raise SnapshotNotFound(
            f"数据目录 {data_dir} 中没有任何快照。请先运行 `tuopin demo` 或 `tuopin import`。",
            f"The data directory {data_dir} holds no snapshot. Run `tuopin demo` or "
            "`tuopin import` first.",
        )
    say = report or (lambda _line: None)
    key = definitions_key(data_dir)
    pending = [info for info in snapshots if not derived_ready(data_dir, info, key)]
    if not pending:
        return []
    builder = None
    built = []
    lock = build_lock(data_dir)
    try:
        for number, info in enumerate(pending, 1):
            date = info.snapshot_date.isoformat()
            say(f"· {date} ({number}/{len(pending)}): 建派生表 / building derived tables …")
            started = time.perf_counter()
            if builder is None:
                builder = staging_builder(data_dir, info)
            build_staging_files(
                builder,
                info,
                staging_folder(data_dir, info, key),
                lambda name, seconds: say(f"    {name:<24}{seconds:8.1f} s"),
            )
            say(f"  {date} ready in {time.perf_counter() - started:.1f} s")
            built.append(date)
    finally:
        if builder is not None:
            builder.close()
        if lock is not None:
            lock.close()  # closing the file lets the lock go
    return built


BUILD_LOCK = ".build.lock"  # in .cache/staging: held while `prepare_derived` builds


def build_lock(data_dir: Path):
    """Hold the data directory's build lock (waiting for another build to finish first); the
    open file that holds it, or None where the cache folder cannot be written."""
    folder = Path(data_dir) / CACHE_FOLDER / STAGING_CACHE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / BUILD_LOCK).open("a")
    except OSError:
        return None
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def being_prepared(data_dir: Path) -> bool:
    """Whether `prepare_derived` (`tuopin prepare`, `import`, `demo`) is building right now."""
    path = Path(data_dir) / CACHE_FOLDER / STAGING_CACHE / BUILD_LOCK
    try:
        handle = path.open("a")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def point_builder(builder: duckdb.DuckDBPyConnection, info: SnapshotInfo) -> None:
    """Point a staging builder's contract views at one snapshot's files, its staging views live."""
    files = {spec.name: snapshot_files(info, spec.name) for spec in contract.TABLES}
    create_contract_views(builder, files, replace=True, scoped=False)
    define_staging(builder)  # the views live again: the last snapshot's files are not this one's


def staging_builder(data_dir: Path, first: SnapshotInfo) -> duckdb.DuckDBPyConnection:
    """A connection with the definitions over one snapshot, for `build_staging_files`."""
    builder = duckdb.connect(
        config=connection_config(temp_directory(data_dir), memory_limit=BUILD_MEMORY_LIMIT)
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
    remove_stale: bool = True,
) -> StagingCache | None:
    """Point the staging views at per-snapshot files, building the files that are missing.

    The views keep their names and columns, so every query reads them as before. Returns None
    (views left live) when the cache folder cannot be written. `remove_stale=False` (a
    database over the ready snapshots only) leaves the other folders alone: one of them is
    being built.
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
        register(
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
    register(
        connection,
        connection.read_parquet([str(folder / f"{FINDINGS}.parquet") for folder in folders]),
        f"{scope.UNSCOPED_PREFIX}{FINDINGS}",
        replace=True,
        in_memory=in_memory,
    )
    define_findings_view(connection)
    if remove_stale:
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
