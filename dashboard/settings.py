"""Settings: the limits and the environment variables of the data layer, in one place.

Memory, threads, sizes and the profile switch are named here, not scattered, so the data
layer (`dashboard/connection.py`, `dashboard/data.py`), the staging builder and the SQL
console's sandbox (`dashboard/sandbox.py`) share one set of numbers. Every environment variable
the project reads is read through `environment` here, when asked (a test or a command may set
it after import). The access layer's own limits are named in `dashboard/access/settings.py`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from dashboard.errors import QueryError

THREADS = 2  # the machines this runs on have 2 cores; more threads only contend
# DuckDB's own memory (Arrow results handed to pages come on top): a province's snapshot
# builds its staging tables in about 1 GB; five sessions share one connection per server.
MEMORY_LIMIT = "1GB"
# Building a province's staging files joins 28 M visits to a million households: it runs once
# per snapshot, before any page, and spills past this to the cache folder.
BUILD_MEMORY_LIMIT = "2GB"
# How much a connection may spill there: a query that needs more stops with DuckDB's
# out-of-memory error (shown in Chinese and English) instead of filling the disk.
MAX_TEMP_DIRECTORY_SIZE = "8GB"
# A data directory whose snapshots' Parquet files add up to no more than this (a town's are
# about 2 MB, a county's 26 MB) is read into memory tables once on open (`_fits_in_memory`).
IN_MEMORY_BYTES = 8 * 1024 * 1024
# The SQL console's sandbox: one analyst's query in a DuckDB of its own, on the same machine.
SANDBOX_THREADS = THREADS
SANDBOX_MEMORY_LIMIT = MEMORY_LIMIT  # per query; a snapshot is megabytes, analysts share a server

PROFILE_VARIABLE = "TUOPIN_PROFILE"  # =1: each query's time and rows on standard error
DATA_VARIABLE = "TUOPIN_DATA"  # the data directory a server or command opens


LIMITS_VARIABLE = "TUOPIN_DUCKDB_LIMITS"  # "threads=1,memory=1GB": set by tuopin serve


def process_duckdb_limits() -> tuple[int, str]:
    """This process's DuckDB threads and memory limit: `$TUOPIN_DUCKDB_LIMITS`, else
    THREADS and MEMORY_LIMIT.

    `tuopin serve --processes N` gives each of its processes a share of the machine's cores
    (`dashboard.serving.process_limits`) in that one setting; a missing part keeps its default.
    A value that is not understood is an error, not a silent default.

    >>> import os; os.environ["TUOPIN_DUCKDB_LIMITS"] = "threads=1,memory=512MB"
    >>> process_duckdb_limits()
    (1, '512MB')
    >>> del os.environ["TUOPIN_DUCKDB_LIMITS"]
    """
    value = (environment(LIMITS_VARIABLE) or "").strip()
    threads, memory = THREADS, MEMORY_LIMIT
    for part in filter(None, (piece.strip() for piece in value.split(","))):
        key, _, setting = part.partition("=")
        key, setting = key.strip(), setting.strip()
        if key == "threads" and setting.isdigit() and int(setting) > 0:
            threads = int(setting)
        elif key == "memory" and re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", setting):
            memory = setting
        else:
            raise QueryError(
                f"{LIMITS_VARIABLE} 的设置 {part!r} 无效（应如 threads=1,memory=1GB）。",
                f"{LIMITS_VARIABLE}: {part!r} is not understood (e.g. threads=1,memory=1GB).",
            )
    return threads, memory


def environment(name: str) -> str | None:
    """The value of the environment variable `name`, None when it is unset or empty.

    The one place the project reads its environment (a test checks): the data directory
    (`TUOPIN_DATA`), the instance folder, the maps, the OIDC file, the state store's URL and
    pool, the access layer's limits (`dashboard/access/settings.py`) and the profile switch.
    Read when asked, so a command or a test may set a variable after import.
    """
    value = os.environ.get(name)
    return value if value else None


def instance_dir(data_dir: Path) -> Path:
    """The instance folder of a data directory: `$TUOPIN_INSTANCE`, else `<data dir>.instance`."""
    configured = environment("TUOPIN_INSTANCE")
    if configured:
        return Path(configured)
    data_dir = Path(data_dir).resolve()
    return data_dir.parent / f"{data_dir.name}.instance"


def profiling() -> bool:
    """Whether `TUOPIN_PROFILE=1` asks for each query's time and rows on standard error."""
    return environment(PROFILE_VARIABLE) == "1"
