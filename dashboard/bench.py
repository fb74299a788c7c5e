"""Benchmarks that print figures (never timed tests).

`tuopin bench` (the overview): the overview page's queries on one snapshot, three ways in one
run, so the ratios mean something:

- ours: `Database.run`, as the pages call it (materialised staging views, no Streamlit cache);
- raw DuckDB: the same query files on a bare DuckDB connection whose tables are that one
  snapshot's Parquet files read directly (no union over snapshots, no contract projection, no
  cache): the fastest straightforward raw way, with the definitions' macros and live views;
- pandas: a pandas script that reads the same Parquet files and computes the same results
  (its figures are compared with ours, so a fast wrong answer cannot win).

`tuopin bench pages`: each page's server-side run time through Streamlit's AppTest (the script
runner the server uses, without a browser), three ways:

- cold: every Streamlit cache cleared first, the derived tables already built (their build time
  printed on its own line); the first session opens the page;
- warm: the same session runs the page again (a click inside the page), caches filled;
- second session: ANOTHER session (a second AppTest, the same identity, area and language)
  opens the page after the first has run: what the second user of a server waits for, and
  what the figures and tables shared between sessions (`dashboard/ui/shared.py`) save.
"""

from __future__ import annotations

import datetime as dt
import os
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
from dashboard.snapshots import get_snapshot
from dashboard.ui.navigation import NAVIGATION

DASHBOARD_DIR = Path(__file__).resolve().parent
APP = DASHBOARD_DIR / "app.py"
OVERVIEW_PAGE = DASHBOARD_DIR / "views" / "overview.py"
RUN_TIMEOUT_SECONDS = 300  # a cold page on the province demo takes seconds, not minutes
STALE_DAYS = 90  # dashboard.attention.STALE_VISIT_DAYS, what the overview passes
_PAGE_QUERY = re.compile(r"""state\.query\(\s*["']([a-z][a-z0-9_/]*)["']""")


def app_pages() -> dict[str, str | None]:
    """Every page of the app, {url path: page file for AppTest}, from the one list of pages
    (`dashboard.ui.navigation.NAVIGATION`, which app.py registers), so a page added to the
    navigation is benchmarked without anyone remembering to list it here."""
    return {
        ("/" if url == "overview" else f"/{url}"): (
            None if url == "overview" else f"views/{module}"
        )
        for _section, url, module, _key in NAVIGATION
    }


def demo_pages() -> dict[str, str | None]:
    """The app's pages the bench's identity may open: the open demo's (the admin pages, users
    and audit, belong to an admin account, not to the in-process identity the bench runs as)."""
    from dashboard.access.roles import DEMO, PAGES_BY_ROLE

    allowed = PAGES_BY_ROLE[DEMO]
    return {
        path: page
        for path, page in app_pages().items()
        if (path.strip("/") or "overview") in allowed
    }


# ------------------------------------------------------------------------------ overview
def overview_queries() -> list[str]:
    """The query files the overview page runs, in the order it first runs them."""
    names = _PAGE_QUERY.findall(OVERVIEW_PAGE.read_text(encoding="utf-8"))
    return list(dict.fromkeys(names))


def overview_parameters(snapshot_date: dt.date) -> dict[str, object]:
    """What the overview binds (a query takes the ones it names and ignores the rest)."""
    from dashboard.reference import poverty_line_for

    _line_year, line = poverty_line_for(snapshot_date.year)
    return {
        "snapshot_date": snapshot_date,
        "year": snapshot_date.year,
        "poverty_line": line,
        "stale_days": STALE_DAYS,
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


class PandasOverview:
    """The overview's results the way a pandas script computes them: read the files, group."""

    RESULTS = ("household_totals", "exit_target_progress", "exits_by_year", "village_attention")

    def __init__(self, info) -> None:
        self.info = info
        self.on = pd.Timestamp(info.snapshot_date)

    def read(self, table: str, columns: list[str]) -> pd.DataFrame:
        files = snapshot_files(self.info, table)
        return pd.concat(
            [pd.read_parquet(file, columns=columns) for file in files], ignore_index=True
        )

    def run(self, name: str) -> pd.DataFrame:
        return getattr(self, name)()

    def _people(self) -> pd.Series:
        members = self.read("members", ["household_id"])
        return members.groupby("household_id").size()

    def household_totals(self) -> pd.DataFrame:
        households = self.read("households", ["household_id", "status"])
        people = households["household_id"].map(self._people()).fillna(0)
        population = self.read("villages", ["population"])["population"].sum()
        status = households["status"]
        registered = status != "removed"
        poor = status.isin(["not_exited", "relapsed"])
        return pd.DataFrame(
            {
                "registered_households": [int(registered.sum())],
                "registered_people": [int(people[registered].sum())],
                "exited_households": [int((status == "exited").sum())],
                "exited_people": [int(people[status == "exited"].sum())],
                "not_exited_households": [int(poor.sum())],
                "not_exited_people": [int(people[poor].sum())],
                "relapsed_households": [int((status == "relapsed").sum())],
                "removed_households": [int((status == "removed").sum())],
                "rural_population": [int(population)],
                "incidence": [people[poor].sum() / population if population else None],
            }
        )

    def exits_by_year(self) -> pd.DataFrame:
        households = self.read("households", ["household_id", "status", "exit_year"])
        exited = households[households["status"] == "exited"].copy()
        exited["people"] = exited["household_id"].map(self._people()).fillna(0)
        grouped = exited.groupby("exit_year").agg(
            households=("household_id", "size"), people=("people", "sum")
        )
        return grouped.reset_index().sort_values("exit_year").reset_index(drop=True)

    def _member_flags(self) -> pd.DataFrame:
        members = self.read(
            "members",
            ["household_id", "birth_date", "school_stage", "education", "medical_insurance"],
        )
        birth = pd.to_datetime(members["birth_date"])
        age = (
            self.on.year
            - birth.dt.year
            - ((birth.dt.month * 100 + birth.dt.day) > (self.on.month * 100 + self.on.day))
        )
        # The child_out_of_school definition: 6 to 15, not in school (or still in preschool),
        # and not past primary school.
        members["out_of_school"] = (
            age.between(6, 15)
            & members["school_stage"].isin(["none", "preschool"])
            & members["education"].isin(["illiterate", "primary"])
        )
        members["uninsured"] = ~members["medical_insurance"].astype(bool)
        return members.groupby("household_id").agg(
            people=("household_id", "size"),
            uninsured=("uninsured", "sum"),
            children_out_of_school=("out_of_school", "sum"),
        )

    def exit_target_progress(self) -> pd.DataFrame:
        year = self.on.year
        from dashboard.reference import poverty_line_for

        line = poverty_line_for(year)[1]
        targets = self.read(
            "targets", ["year", "village_code", "town_code", "households", "people"]
        )
        # The area's own row, else the sum of the highest level's rows (a county: its towns').
        target = targets[targets["year"] == year]
        code = target["village_code"].fillna(target["town_code"]).fillna("")
        target = target[code.str.len() == code.str.len().min()].sum(numeric_only=True)
        households = self.read(
            "households",
            [
                "household_id",
                "status",
                "exit_year",
                "planned_exit_year",
                "income_per_capita",
                "housing_safe",
                "drinking_water_safe",
            ],
        )
        flags = self._member_flags()
        joined = households.join(flags, on="household_id")
        joined[["people", "uninsured", "children_out_of_school"]] = joined[
            ["people", "uninsured", "children_out_of_school"]
        ].fillna(0)
        joined["income_below_line"] = joined["income_per_capita"].astype(float) <= line
        joined["housing_unsafe"] = ~joined["housing_safe"]
        joined["water_unsafe"] = ~joined["drinking_water_safe"]
        joined["someone_uninsured"] = joined["uninsured"] > 0
        joined["child_out_of_school"] = joined["children_out_of_school"] > 0
        reasons = [
            "income_below_line",
            "housing_unsafe",
            "water_unsafe",
            "someone_uninsured",
            "child_out_of_school",
        ]
        planned = joined[
            joined["status"].isin(["not_exited", "relapsed"])
            & (joined["planned_exit_year"] == year)
        ]
        meets = ~planned[reasons].any(axis=1)
        exited = joined[(joined["status"] == "exited") & (joined["exit_year"] == year)]
        row = {
            "year": year,
            "target_households": int(target["households"]) if len(code) else None,
            "target_people": int(target["people"]) if len(code) else None,
            "exited_households": len(exited),
            "exited_people": int(exited["people"].sum()),
            "planned_households": len(planned),
            "planned_people": int(planned["people"].sum()),
            "ready_households": int(meets.sum()),
            "ready_people": int(planned.loc[meets, "people"].sum()),
            "not_ready_households": int((~meets).sum()),
        }
        row |= {reason: int(planned[reason].sum()) for reason in reasons}
        return pd.DataFrame([row])

    def village_attention(self) -> pd.DataFrame:
        villages = self.read("villages", ["village_code", "village_name", "kind", "population"])
        households = self.read(
            "households",
            [
                "household_id",
                "village_code",
                "status",
                "helper_id",
                "housing_safe",
                "drinking_water_safe",
            ],
        )
        households = households[households["status"] != "removed"]
        flags = self._member_flags()
        visits = self.read("visits", ["household_id", "helper_id", "visit_date"])
        own = visits.merge(
            households[["household_id", "helper_id"]], on=["household_id", "helper_id"]
        )
        last_visit = own.groupby("household_id")["visit_date"].max()
        joined = households.join(flags, on="household_id")
        joined["people"] = joined["people"].fillna(0)
        joined["poor"] = joined["status"].isin(["not_exited", "relapsed"])
        joined["unmet"] = (
            ~joined["housing_safe"]
            | ~joined["drinking_water_safe"]
            | (joined["uninsured"].fillna(0) > 0)
            | (joined["children_out_of_school"].fillna(0) > 0)
        )
        last = pd.to_datetime(joined["household_id"].map(last_visit))
        stale_before = self.on - pd.Timedelta(days=STALE_DAYS)
        joined["unvisited"] = joined["poor"] & (last.isna() | (last < stale_before))
        joined["poor_people"] = joined["people"].where(joined["poor"], 0)
        per_village = joined.groupby("village_code").agg(
            not_exited_households=("poor", "sum"),
            not_exited_people=("poor_people", "sum"),
            unmet_households=("unmet", "sum"),
            unvisited_households=("unvisited", "sum"),
        )
        result = villages.join(per_village, on="village_code").fillna(
            {
                "not_exited_households": 0,
                "not_exited_people": 0,
                "unmet_households": 0,
                "unvisited_households": 0,
            }
        )
        result["incidence"] = result["not_exited_people"] / result["population"].replace(0, np.nan)
        return result.sort_values("village_code").reset_index(drop=True)


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


# --------------------------------------------------------------------------------- pages
@dataclass(frozen=True)
class PageTiming:
    path: str
    cold_ms: float  # the first session's first run, every cache cleared
    warm_ms: float  # the first session's page run again (a rerun), caches filled
    runs: int
    error: str | None = None  # a page that raised or passed RUN_TIMEOUT_SECONDS: no figure
    second_session_ms: float = float("nan")  # another session opening the page afterwards


def _open_session(page: str | None, lang: str):
    """A new session (AppTest) on the entry page, switched to `page` and not yet run there."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_SECONDS)
    app.query_params["lang"] = lang
    if page is not None:
        app.run()  # the entry page first: switching pages needs a session
        app.switch_page(page)
    return app


def _timed_run(app, page: str | None) -> float:
    """Run the session's current page once; its milliseconds (an error when it raised)."""
    from dashboard.access import context

    started = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(f"{page or '/'} raised: {app.exception[0].message}")
    if app.session_state[context.IDENTITY_KEY] is None:  # timing the sign-in page means nothing
        raise RuntimeError(f"{page or '/'} ran without an identity (the sign-in page)")
    return elapsed * 1000


def _run_once(page: str | None, lang: str) -> float:
    """One new session's first run of `page`, in milliseconds."""
    return _timed_run(_open_session(page, lang), page)


def prepare_derived(data_dir: Path) -> float:
    """Open the data layer once so the derived tables exist; the seconds it took."""
    started = time.perf_counter()
    open_database(Path(data_dir)).close()
    return time.perf_counter() - started


def bench_pages(
    data_dir: Path, runs: int = 5, lang: str = "zh", pages: dict[str, str | None] | None = None
) -> list[PageTiming]:
    """Median cold and warm run times of every page over `runs` runs each.

    The pages run as the sanctioned in-process identity (`dashboard.access.in_process`), so
    on the demo only: NotTheDemo for any other data directory.
    """
    from dashboard.access import in_process
    from dashboard.access.demo_accounts import require_demo

    require_demo(Path(data_dir).resolve(), "页面基准（tuopin bench pages）", "tuopin bench pages")
    os.environ["TUOPIN_DATA"] = str(data_dir)
    with in_process.granted():
        return _bench_pages(pages or demo_pages(), runs, lang)


def _bench_pages(pages: dict[str, str | None], runs: int, lang: str) -> list[PageTiming]:
    import streamlit as st

    results = []
    for path, page in pages.items():
        cold, warm, second = [], [], []
        try:
            for _ in range(runs):
                st.cache_data.clear()
                st.cache_resource.clear()
                first = _open_session(page, lang)
                cold.append(_timed_run(first, page))
                warm.append(_timed_run(first, page))  # the same session again
                second.append(_run_once(page, lang))  # another session, after the first
        except RuntimeError as error:  # AppTest's timeout, or the page's own exception
            results.append(PageTiming(path, float("nan"), float("nan"), runs, str(error)))
            continue
        results.append(
            PageTiming(
                path,
                statistics.median(cold),
                statistics.median(warm),
                runs,
                second_session_ms=statistics.median(second),
            )
        )
    return results


def print_pages_header(data_dir: Path, runs: int) -> None:
    """The table's title and columns (`tuopin bench pages`)."""
    print(f"page run time on {data_dir}, median of {runs} runs (server side, AppTest)")
    print("warm: the same session again; 2nd session: another session opening the page after it")
    print(f"{'page':<12}{'cold ms':>10}{'warm ms':>10}{'2nd session ms':>16}")


def print_page_timing(timing: PageTiming) -> None:
    """One page's line of the table."""
    if timing.error:
        print(f"{timing.path:<12}{'—':>10}{'—':>10}{'—':>16}  {timing.error}", flush=True)
        return
    print(
        f"{timing.path:<12}{timing.cold_ms:>10.0f}{timing.warm_ms:>10.0f}"
        f"{timing.second_session_ms:>16.0f}",
        flush=True,
    )
