"""DuckDB connections over a data directory's files: the limits they open with, the contract's
views over the Parquet files, and the viewer's cursor variables.

Shared by the pages' database (`dashboard/data.py`), the staging builder
(`dashboard/staging.py`) and, for its loader, the sandbox (`dashboard/sandbox.py`).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard import contract
from dashboard.access import scope
from dashboard.settings import MAX_TEMP_DIRECTORY_SIZE, MEMORY_LIMIT, process_duckdb_limits
from dashboard.snapshots import SnapshotInfo, list_snapshots
from dashboard.viewer import Viewer

CACHE_FOLDER = ".cache"  # in the data directory, beside snapshots/: never inside a snapshot
TEMP_FOLDER = "duckdb-tmp"  # where a query that outgrows MEMORY_LIMIT spills


def connection_config(
    temp_directory: Path | None = None, memory_limit: str = MEMORY_LIMIT
) -> dict[str, object]:
    """Settings every connection opens with: explicit limits, no extension fetched or loaded.

    `temp_directory` is where DuckDB may spill past MEMORY_LIMIT (the data directory's cache);
    set once, when the connection opens, never switched later.
    """
    threads, process_memory = process_duckdb_limits()
    config: dict[str, object] = {
        "threads": threads,
        "memory_limit": process_memory if memory_limit == MEMORY_LIMIT else memory_limit,
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


def register(
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
            register(connection, projected, name, replace=replace, in_memory=in_memory)
            continue
        # The relation API binds the file list as a value: no path is ever pasted into SQL.
        relation = connection.read_parquet(
            files[spec.name], hive_partitioning=True, union_by_name=True
        )
        projected = relation.project(contract_projection(relation, spec))
        register(connection, projected, name, replace=replace, in_memory=in_memory)
    if not scoped:
        return
    for statement in scope.MACROS:
        connection.execute(statement)
    for name in scope.LOAD_ORDER:  # the contract's names are views limited to the viewer's rows
        connection.execute(
            f"create or replace view {name} as select * from {scope.UNSCOPED_PREFIX}{name} "
            f"where {scope.row_filter(name)}"
        )


def temp_directory(data_dir: Path) -> Path | None:
    folder = data_dir / CACHE_FOLDER / TEMP_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only data directory: DuckDB keeps to memory
    return folder
