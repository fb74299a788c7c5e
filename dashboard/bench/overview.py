"""`tuopin bench` (the overview): the overview page's queries on one snapshot, three ways.

All three in one run, so the ratios mean something:

- ours: `Database.run`, as the pages call it (materialised staging views, no Streamlit cache);
- raw DuckDB: the same query files on a bare DuckDB connection whose tables are that one
  snapshot's Parquet files read directly (no union over snapshots, no contract projection, no
  cache): the fastest straightforward raw way, with the definitions' macros and live views;
- pandas: a pandas script that reads the same Parquet files and computes the same results
  (`dashboard/bench/pandas_overview.py`; its figures are compared with ours, so a fast wrong
  answer cannot win).
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from dashboard import contract
from dashboard.bench.pages import DASHBOARD_DIR
from dashboard.bench.pandas_overview import PandasOverview
from dashboard.data import (
    connection_config,
    empty_table_sql,
    load_query,
    open_database,
    parameters_read,
    query_parameters,
    quiet,
    snapshot_files,
)
from dashboard.definitions import define_all
from dashboard.hierarchy import LEVEL_DIGITS
from dashboard.snapshots import get_snapshot

OVERVIEW_PAGE = DASHBOARD_DIR / "views" / "overview.py"
# `state.query("name", …)` and `state.query_units("name", …)` (a per-unit query) of a page.
_PAGE_QUERY = re.compile(r"""state\.query(?:_units)?\(\s*["']([a-z][a-z0-9_/]*)["']""")


def overview_queries() -> list[str]:
    """The query files the overview page runs, in the order it first runs them."""
    names = _PAGE_QUERY.findall(OVERVIEW_PAGE.read_text(encoding="utf-8"))
    return list(dict.fromkeys(names))


def overview_parameters(snapshot_date: dt.date) -> dict[str, object]:
    """What the overview binds; each query is given the ones it reads (`parameters_read`).

    The per-unit queries (`state.query_units`) are bound at the village level, the units of a
    town's overview, which is what the pandas way computes.
    """
    return {
        "snapshot_date": snapshot_date,
        "year": snapshot_date.year,
        "unit_digits": LEVEL_DIGITS["village"],
    }


@dataclass
class WayTiming:
    """One way of computing the overview's results: first run and median of the rest, in ms."""

    way: str
    first_ms: float
    median_ms: float
    per_query_ms: dict[str, float] = field(default_factory=dict)


@dataclass
class OverviewBench:
    data_dir: Path
    snapshot_date: dt.date
    households: int
    people: int
    open_seconds: float  # opening the data layer, derived tables built or found
    built_snapshots: int  # how many snapshots' derived tables that open had to build
    ways: list[WayTiming]
    agreement: dict[str, bool | None]  # query → pandas agrees with ours (None: not compared)

    def ratio(self, slower: str, faster: str) -> float:
        times = {way.way: way.median_ms for way in self.ways}
        return times[slower] / times[faster] if times[faster] else float("nan")


def _time_runs(
    way: str, names: list[str], run: Callable[[str], object], runs: int
) -> tuple[WayTiming, dict[str, object]]:
    totals, per_query, results = [], {name: [] for name in names}, {}
    for _ in range(runs + 1):  # the first run, then `runs` more for the median
        started = time.perf_counter()
        for name in names:
            began = time.perf_counter()
            results[name] = run(name)
            per_query[name].append((time.perf_counter() - began) * 1000)
        totals.append((time.perf_counter() - started) * 1000)
    return (
        WayTiming(
            way,
            totals[0],
            statistics.median(totals[1:]),
            {name: statistics.median(values[1:]) for name, values in per_query.items()},
        ),
        results,
    )


def raw_connection(data_dir: Path, snapshot_date: dt.date) -> duckdb.DuckDBPyConnection:
    """A bare DuckDB connection whose contract tables are one snapshot's Parquet files."""
    info = get_snapshot(data_dir, snapshot_date)
    connection = duckdb.connect(config=connection_config())
    quiet(connection)
    for spec in contract.TABLES:
        files = snapshot_files(info, spec.name)
        if not files:  # a table a later contract version added: empty in an older snapshot
            connection.sql(empty_table_sql(spec)).create_view(spec.name)
            continue
        connection.read_parquet(files, hive_partitioning=True).create_view(spec.name)
    define_all(connection)
    return connection


def bench_overview(data_dir: Path, runs: int = 3) -> OverviewBench:
    """The overview's queries on the latest snapshot: ours, raw DuckDB and pandas."""
    data_dir = Path(data_dir)
    info = get_snapshot(data_dir)
    params = overview_parameters(info.snapshot_date)
    names = overview_queries()

    started = time.perf_counter()
    database = open_database(data_dir)
    open_seconds = time.perf_counter() - started
    built = len(database.staging.built) if database.staging is not None else 0
    try:
        ours, our_results = _time_runs(
            "ours", names, lambda name: database.run(name, **parameters_read(name, params)), runs
        )
    finally:
        database.close()

    raw = raw_connection(data_dir, info.snapshot_date)
    try:

        def run_raw(name: str):
            sql = load_query(name)
            wanted = query_parameters(sql)
            cursor = raw.cursor()
            quiet(cursor)
            try:
                bound = {key: value for key, value in params.items() if key in wanted}
                return cursor.sql(sql, params=bound).to_arrow_table()
            finally:
                cursor.close()

        raw_timing, _ = _time_runs("raw DuckDB", names, run_raw, runs)
    finally:
        raw.close()

    pandas_way = PandasOverview(info)
    pandas_timing, pandas_results = _time_runs(
        "pandas", [n for n in names if n in PandasOverview.RESULTS], pandas_way.run, runs
    )
    agreement = {
        name: (_agrees(our_results[name], pandas_results[name]) if name in pandas_results else None)
        for name in names
    }
    return OverviewBench(
        data_dir,
        info.snapshot_date,
        info.row_counts.get("households", 0),
        info.row_counts.get("members", 0),
        open_seconds,
        built,
        [ours, raw_timing, pandas_timing],
        agreement,
    )


def _agrees(ours: pd.DataFrame, theirs: pd.DataFrame) -> bool | None:
    """Whether every column both frames have holds the same values (None: nothing shared)."""
    shared = [column for column in theirs.columns if column in ours.columns]
    if not shared or len(ours) != len(theirs):
        return None if not shared else False
    for column in shared:
        left = pd.Series(ours[column]).reset_index(drop=True)
        right = pd.Series(theirs[column]).reset_index(drop=True)
        if pd.api.types.is_numeric_dtype(left) and pd.api.types.is_numeric_dtype(right):
            if not np.allclose(
                left.astype(float).fillna(-1), right.astype(float).fillna(-1), rtol=1e-9
            ):
                return False
        elif not left.astype(str).equals(right.astype(str)):
            return False
    return True


def print_overview_bench(result: OverviewBench) -> None:
    print(
        f"overview queries on {result.data_dir}, snapshot {result.snapshot_date} "
        f"({result.households:,} households, {result.people:,} people)"
    )
    print(
        f"opening the data layer: {result.open_seconds:.2f} s "
        f"(derived tables built for {result.built_snapshots} snapshots)"
    )
    print(f"{'way':<14}{'first ms':>10}{'median ms':>11}")
    for way in result.ways:
        print(f"{way.way:<14}{way.first_ms:>10.0f}{way.median_ms:>11.0f}")
    print(
        f"pandas / ours: {result.ratio('pandas', 'ours'):.1f}x   "
        f"ours / raw DuckDB: {result.ratio('ours', 'raw DuckDB'):.2f}x"
    )
    names = list(result.ways[0].per_query_ms)
    print(f"{'query':<24}" + "".join(f"{way.way:>14}" for way in result.ways) + "   agrees")
    for name in names:
        cells = "".join(
            f"{way.per_query_ms[name]:>11.0f} ms" if name in way.per_query_ms else f"{'—':>14}"
            for way in result.ways
        )
        verdict = {True: "yes", False: "NO", None: "—"}[result.agreement[name]]
        print(f"{name:<24}{cells}   {verdict}")
