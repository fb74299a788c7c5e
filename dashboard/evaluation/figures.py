"""Every figure of one evaluation period and scope (the town, or one village), from the queries.

Nothing here computes a number the queries could: it picks the windows the report uses, runs
the query files through a runner (`Database.run` on the command line, the cached
`state.query` on a page) and keeps the frames. Sums of already-summed rows (shares, the
Herfindahl index) are the only arithmetic, done by `dashboard.concentration`.

Windows of a period P (the report's own, for P = 2018H1):
    period            P's first to last day                   2018-01-01 .. 2018-06-30
    year_to_date      P's year start to P's end ("本年度")     2018-01-01 .. 2018-06-30
    three_years       the last 3 whole years up to P's end     2015-01-01 .. 2017-12-31
    two_years         the last 2 whole years                   2016-01-01 .. 2017-12-31
    since_last_year   the previous year's start to P's end     2017-01-01 .. 2018-06-30
    all               everything up to the closing snapshot    .. 2018-06-30
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard import geo
from dashboard.access.small_counts import (
    FOR_VISITOR,
    SMALL_COUNT_LABEL,
    SMALL_COUNT_LIMIT,
    as_number,
    is_hidden,
)
from dashboard.concentration import dominance, herfindahl
from dashboard.errors import TuopinError
from dashboard.evaluation.period import PeriodSnapshots
from dashboard.hierarchy import LEVEL_DIGITS
from dashboard.ledger import measures
from dashboard.measures.monitoring import has_objects
from dashboard.snapshots import lacking

Runner = Callable[..., pd.DataFrame]  # run(query_name, **params) -> frame
EARLIEST = dt.date(1900, 1, 1)  # "since ever" for windows that start at the register's beginning


@dataclass(frozen=True)
class Window:
    """A closed range of dates [start, end]."""

    start: dt.date
    end: dt.date


def windows_of(periods: PeriodSnapshots) -> dict[str, Window]:
    """The report's windows for a period (see the module docstring)."""
    period = periods.period
    closing = periods.closing.snapshot_date
    end = min(period.end, closing)
    first3, last3 = period.complete_years(3)
    first2, last2 = period.complete_years(2)
    return {
        "period": Window(period.start, end),
        "year_to_date": Window(period.year_start, end),
        "three_years": Window(dt.date(first3, 1, 1), dt.date(last3, 12, 31)),
        "two_years": Window(dt.date(first2, 1, 1), dt.date(last2, 12, 31)),
        "since_last_year": Window(dt.date(period.year - 1, 1, 1), end),
        "all": Window(EARLIEST, closing),
    }


@dataclass
class EvaluationFigures:
    """The frames and rows behind every slide and paragraph of one period and scope."""

    periods: PeriodSnapshots
    village_code: str | None
    windows: dict[str, Window]
    scope: dict
    headline: dict
    headline_before: dict | None
    exits_by_year: pd.DataFrame
    remaining_by_unit: pd.DataFrame
    programs: dict[str, pd.DataFrame]  # window name -> evaluation_programs frame
    industry_items: pd.DataFrame  # since_last_year
    industry_items_period: pd.DataFrame
    loans: pd.DataFrame
    trainings: pd.DataFrame
    helpers: dict
    visits_by_month: pd.DataFrame
    projects: pd.DataFrame
    data_quality: pd.DataFrame
    unit_digits: int = LEVEL_DIGITS["village"]  # remaining_by_unit's level (12: villages)
    area_villages: pd.DataFrame | None = None  # village_code, village_name: above a town only
    extras: dict = field(default_factory=dict)
    rectification: dict | None = None  # the ledger's cards and categories, when there is one
    # The monitoring work of 2021 on, when the closing snapshot has monitoring objects in scope.
    monitoring: MonitoringFigures | None = None
    for_visitor: bool = False  # read by a visitor: changes of 1-4 households read "<5"
    # The headline's figures that rest on a column the closing snapshot's source did not carry
    # (contract v1.2; `snapshots.lacking`): the deck and the narrative say so in their place.
    headline_not_in_source: frozenset[str] = frozenset()

    def with_rectification(self, problems: pd.DataFrame, lang: str = "zh") -> EvaluationFigures:
        """These figures with the rectification ledger's, as of the closing date and in scope."""

        if self.village_code is not None:
            problems = problems[problems["village_code"] == self.village_code]
        self.rectification = {
            "cards": measures.cards(problems, self.closing_date),
            "by_category": measures.by_category(problems, self.closing_date, lang),
        }
        return self

    @property
    def closing_date(self) -> dt.date:
        return self.periods.closing.snapshot_date

    @property
    def comparison_date(self) -> dt.date | None:
        comparison = self.periods.comparison
        return comparison.snapshot_date if comparison else None

    @property
    def is_town(self) -> bool:
        return self.village_code is None

    def program(self, window: str, program: str) -> dict:
        """One program's row in a window, zeros when it paid nothing there."""
        frame = self.programs[window]
        rows = frame[frame["program"] == program]
        if rows.empty:
            return {
                "program": program,
                "payments": 0,
                "households": 0,
                "household_years": 0,
                "people": 0,
                "yuan": 0,
                "batches": 0,
            }
        return rows.iloc[0].to_dict()

    def loan(self, mode: str) -> dict:
        rows = self.loans[self.loans["mode"] == mode]
        if rows.empty:
            return {"mode": mode, "loans": 0, "households": 0, "yuan": 0, "dividends_yuan": 0}
        return rows.iloc[0].to_dict()

    def training(self, course: str) -> dict:
        rows = self.trainings[self.trainings["course"] == course]
        if rows.empty:
            return {"course": course, "people": 0, "people_in_period": 0}
        return rows.iloc[0].to_dict()

    def target(self, year: int) -> dict:
        rows = self.exits_by_year[self.exits_by_year["year"] == year]
        return rows.iloc[0].to_dict() if not rows.empty else {}

    def change(self, column: str) -> int | str | None:
        """Closing minus comparison value of a headline column; None without a comparison."""
        if self.headline_before is None:
            return None
        now, before = self.headline[column], self.headline_before[column]
        if is_hidden(now) or is_hidden(before):
            return None  # a change from or to "<5" would give the small count back
        difference = int(now) - int(before)
        if self.for_visitor and 0 < abs(difference) < SMALL_COUNT_LIMIT:
            return SMALL_COUNT_LABEL
        return difference


@dataclass(frozen=True)
class MonitoringFigures:
    """The monitoring slide's and paragraph's frames, from the monitoring page's own queries.

    `totals` is `monitoring_totals.sql`'s row on the closing snapshot; `by_kind` its
    `monitoring_by_kind.sql`; `by_month` the rows of `monitoring_by_month.sql` whose month falls
    in the period's window (spells identified and eliminated per month).
    """

    totals: dict
    by_kind: pd.DataFrame
    by_month: pd.DataFrame

    def in_period(self, column: str) -> int:
        """Spells identified (or eliminated) in the period: the sum of its months' rows; a
        visitor's "<5" month counts for nothing, so the sum never gives a small count back."""
        return int(as_number(self.by_month[column]).sum()) if not self.by_month.empty else 0


def monitoring_figures(run: Runner, window: Window, closing: dt.date) -> MonitoringFigures | None:
    """The monitoring figures of a period's window on its closing snapshot, as `run`'s viewer
    sees them; None when the snapshot holds no monitoring object there (2014–2020 snapshots)."""
    totals = run("monitoring_totals", snapshot_date=closing)
    if totals.empty or not _has_objects(totals):
        return None
    by_month = run("monitoring_by_month", snapshot_date=closing)
    months = pd.to_datetime(by_month["month"]).dt.date
    return MonitoringFigures(
        totals=_one_row(totals),
        by_kind=run("monitoring_by_kind", snapshot_date=closing),
        by_month=by_month[(months >= window.start) & (months <= window.end)].reset_index(drop=True),
    )


def _has_objects(totals: pd.DataFrame) -> bool:
    """`measures.monitoring.has_objects`, where a visitor's "<5" objects are still objects."""
    return is_hidden(totals["households"].iloc[0]) or has_objects(totals)


def compute(
    run: Runner,
    periods: PeriodSnapshots,
    village_code: str | None,
    *,
    unit_digits: int = LEVEL_DIGITS["village"],
    unit_names: Mapping[str, str] | None = None,
    monitoring_run: Runner | None = None,
) -> EvaluationFigures:
    """Run every query of the evaluation for a period and scope.

    `unit_digits`: the level the whole area's units are counted at, the next one down (a
    county's towns: 9; villages, the default); `unit_names` names units the villages table
    leaves unnamed (`hierarchy.AreaIndex.names`). `monitoring_run` runs the monitoring
    queries, which take no village parameter: their scope is the viewer's rows. For an area it
    is `run` itself (the default); for one village it must be a runner whose viewer is narrowed
    to that village, and without one a village's evaluation has no monitoring section.
    """
    closing = periods.closing.snapshot_date
    windows = windows_of(periods)
    period = windows["period"]
    scope_params = {"snapshot_date": closing, "village_code": village_code}
    scope = _one_row(run("evaluation_scope", **scope_params))
    if village_code is not None and not scope.get("units"):
        raise TuopinError(
            f"快照 {closing} 中没有编码为 {village_code} 的村。请用 12 位统计用区划代码。",
            f"No village with code {village_code} on the {closing} snapshot. "
            "Use the 12-digit village code.",
        )
    headline_before = None
    if periods.comparison is not None:
        headline_before = _one_row(
            run(
                "evaluation_headline",
                snapshot_date=periods.comparison.snapshot_date,
                village_code=village_code,
            )
        )
    programs = {
        name: run("evaluation_programs", **scope_params, paid_from=window.start, paid_to=window.end)
        for name, window in windows.items()
    }
    since = windows["since_last_year"]
    headline = run("evaluation_headline", **scope_params)
    return EvaluationFigures(
        periods=periods,
        village_code=village_code,
        windows=windows,
        scope=scope,
        headline=_one_row(headline),
        for_visitor=bool(headline.attrs.get(FOR_VISITOR)),
        headline_not_in_source=lacking(headline),
        headline_before=headline_before,
        exits_by_year=run("evaluation_exits_by_year", **scope_params),
        remaining_by_unit=_named_units(
            run("evaluation_remaining_by_unit", **scope_params, unit_digits=unit_digits),
            unit_names if village_code is None else None,
        ),
        unit_digits=unit_digits if village_code is None else LEVEL_DIGITS["village"],
        # The villages whose shapes make the units' map above a town (none needed below).
        area_villages=(
            run("area_units", snapshot_date=closing)[["village_code", "village_name"]]
            if village_code is None and unit_digits < LEVEL_DIGITS["village"]
            else None
        ),
        programs=programs,
        industry_items=run(
            "evaluation_industry_items", **scope_params, paid_from=since.start, paid_to=since.end
        ),
        industry_items_period=run(
            "evaluation_industry_items", **scope_params, paid_from=period.start, paid_to=period.end
        ),
        loans=run(
            "evaluation_loans", **scope_params, issued_from=period.start, issued_to=period.end
        ),
        trainings=run(
            "evaluation_trainings", **scope_params, trained_from=period.start, trained_to=period.end
        ),
        helpers=_one_row(run("evaluation_helpers", **scope_params, visited_from=period.start)),
        visits_by_month=run(
            "evaluation_visits_by_month",
            **scope_params,
            visited_from=period.start,
            visited_to=period.end,
        ),
        projects=run("evaluation_projects", **scope_params),
        data_quality=run("evaluation_data_quality", **scope_params),
        monitoring=(
            monitoring_figures(monitoring_run or run, period, closing)
            if village_code is None or monitoring_run is not None
            else None
        ),
    )


def _named_units(frame: pd.DataFrame, names: Mapping[str, str] | None) -> pd.DataFrame:
    """Units named from `names` where the query's name is only the code."""
    if not names or frame.empty:
        return frame
    return frame.assign(
        unit_name=[
            names.get(code, name) if name == code else name
            for code, name in zip(frame["unit_code"], frame["unit_name"], strict=True)
        ]
    )


@dataclass(frozen=True)
class ItemMix:
    """Industry yuan by item (largest first), with how concentrated it is."""

    items: pd.DataFrame  # item, projects, yuan, share
    herfindahl: float
    top_two_share: float
    dominance: str


def item_mix(items: pd.DataFrame, keep: int = 6, other_label: str = "其他") -> ItemMix:
    """Items of `evaluation_industry_items` summed over programs; past `keep`, one "other" row."""
    items = as_number(items)  # a visitor's "<5" items count for nothing in the mix
    per_item = (
        items.groupby("item", as_index=False)[["projects", "yuan"]]
        .sum()
        .sort_values(["yuan", "item"], ascending=[False, True], ignore_index=True)
    )
    total = float(per_item["yuan"].sum()) if not per_item.empty else 0.0
    shares = [float(v) / total for v in per_item["yuan"]] if total else []
    top_two = sum(shares[:2])
    index = herfindahl(per_item["yuan"]) if total else float("nan")
    shown = per_item.head(keep).copy()
    if len(per_item) > keep:
        rest = per_item.iloc[keep:]
        shown = pd.concat(
            [
                shown,
                pd.DataFrame(
                    [
                        {
                            "item": other_label,
                            "projects": rest["projects"].sum(),
                            "yuan": rest["yuan"].sum(),
                        }
                    ]
                ),
            ],
            ignore_index=True,
        )
    shown["share"] = shown["yuan"] / total if total else 0.0
    return ItemMix(
        shown,
        index,
        top_two,
        dominance(shares[0] if shares else 0.0, top_two) if shares else "none",
    )


def map_layers(data_dir: Path, units: pd.DataFrame, villages: pd.DataFrame | None = None):
    """The boundary layers for the remaining-by-unit map: (gdf, water), or None.

    `units` has village_code and village_name: villages, or units of a level above (a county's
    towns), whose shapes are dissolved from `villages` (every village of the area, same
    columns; read from the level's own layer when the maps folder has one) and kept under
    `<data dir>/.cache/maps/`, as the map page keeps them. None when the data directory has no
    boundary file, it cannot be used, or none of `units` has a shape in it (the deck then draws
    a bar chart in the map's place).
    """
    maps_dir = geo.maps_dir_for(Path(data_dir))
    boundary_file = geo.find_boundary_file(maps_dir)
    if boundary_file is None:
        return None
    digits = int(units["village_code"].astype(str).str.len().max()) if not units.empty else 12
    level = next((name for name, d in geo.DISSOLVED_LEVELS.items() if d == digits), None)
    matched = villages if level is not None and villages is not None else units
    try:
        boundaries = geo.load_boundaries(boundary_file, matched[["village_code", "village_name"]])
    except TuopinError:
        return None
    gdf = boundaries.gdf
    if level is not None and villages is not None:
        try:
            shapes = geo.cached_level_shapes(gdf, level, maps_dir, Path(data_dir))
        except TuopinError:  # an unusable counties.geojson …: the deck goes without the map
            return None
        names = dict(zip(units["village_code"], units["village_name"], strict=True))
        gdf = geo.unit_boundaries(shapes[shapes["code"].isin(names)], names)
    if gdf.empty:  # no unit of the area has a shape (a village without a boundary): no map
        return None
    try:
        water = geo.load_water(maps_dir)
    except TuopinError:
        water = None
    return gdf, water


def _one_row(frame: pd.DataFrame) -> dict:
    return frame.iloc[0].to_dict() if not frame.empty else {}
