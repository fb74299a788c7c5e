"""Plans: the yearly exit targets the county hands down, and the village projects (村级项目).

The town's targets are its report's plan (F09 and `town.PAST_TARGETS`), its projects the
report's list (`town.VILLAGE_PROJECTS`, F32); the scaled demos set each town's and village's
target from the households planned to exit, and draw projects named like the town's. Both plan
two years ahead and learn of a project at the end of the year before it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pyarrow as pa

from dashboard import contract
from dashboard.demo import town
from dashboard.demo.arrays import days, decimal_yuan, digits, pick_strings, text_of
from dashboard.demo.history import ScaledHistory, TownHistory

TARGET_YEARS_AHEAD = 2  # a snapshot holds the targets to two years ahead (the plan to 2020)


def project_known(on: dt.date, year):
    """Whether a project of `year` (an int, or an array of them) is known on `on`: planned at the
    end of the year before."""
    return (on.year >= year) | ((on.year == year - 1) & (on.month == 12))


# ------------------------------------------------------------------------------- the town
def draw_town_targets(history: TownHistory) -> None:
    """The town's targets: the plan of 2014-2017 (`town.PAST_TARGETS`), then for 2018-2020 the
    households planned to exit that year, for the town and for each village."""
    for year, (households, people) in town.PAST_TARGETS.items():
        history.targets.append(
            {
                "year": year,
                "village_code": None,
                "town_code": town.TOWN_CODE,
                "households": households,
                "people": people,
            }
        )
    for year in (2018, 2019, 2020):
        planned = [
            h
            for h in history.active()
            if h.status_on(town.FINAL_DATE) != "exited" and h.planned_exit_year == year
        ]
        planned_people = sum(len(history.final_members(h)) for h in planned)
        history.targets.append(
            {
                "year": year,
                "village_code": None,
                "town_code": town.TOWN_CODE,
                "households": len(planned),
                "people": planned_people,
            }
        )
        for code, *_ in town.UNITS:
            in_village = [h for h in planned if h.village_code == code]
            history.targets.append(
                {
                    "year": year,
                    "village_code": code,
                    "households": len(in_village),
                    "people": sum(len(history.final_members(h)) for h in in_village),
                }
            )


def town_projects_on(on: dt.date) -> list[dict]:
    """Village projects known on a date, with the status they had then."""
    rows = []
    for number, (code, name, category, budget, year, final_status) in enumerate(
        town.VILLAGE_PROJECTS, start=1
    ):
        if not project_known(on, year):
            continue
        if final_status == "done" and on >= dt.date(year, 12, 31):
            status = "done"
        elif on > town.FINAL_DATE:
            # After the report: what was open on 2018-06-30 is built within the next year.
            status = "done" if on >= dt.date(max(year, 2018) + 1, 6, 30) else "building"
        elif on.year < year:
            status = "planned"
        elif on == town.FINAL_DATE:
            status = final_status
        else:
            status = "building" if final_status == "done" else "planned"
        rows.append(
            {
                "project_id": f"VP{number:03d}",
                "village_code": code,
                "name": name,
                "category": category,
                "budget_yuan": Decimal(budget),
                "status": status,
                "year": year,
            }
        )
    return rows


# ------------------------------------------------------------- the county and province
def draw_scaled_targets(history: ScaledHistory) -> None:
    """Each town's and village's target: the households planned to exit that year."""
    size_final = np.bincount(
        history.m_household, weights=history.m_present_until < 0, minlength=history.household_count
    )
    rows = []
    for year in range(2014, 2021):
        if year <= 2017:
            planned = (history.hh_exit_year == year) & (history.hh_removed < 0)
            scale = 0.95  # the plan handed down; the towns beat it
        else:
            planned = (
                (history.hh_exit_year < 0) & (history.hh_planned == year) & (history.hh_removed < 0)
            )
            scale = 1.0
        for level, keys, count in (
            ("town", history.hh_town, len(history.town_codes)),
            ("village", history.hh_village, len(history.village_codes)),
        ):
            if level == "village" and year <= 2017:
                continue
            households = np.bincount(keys[planned], minlength=count)
            people = np.bincount(keys[planned], weights=size_final[planned], minlength=count)
            for index in range(count):
                rows.append(
                    {
                        "year": year,
                        "village_code": history.village_codes[index]
                        if level == "village"
                        else None,
                        "town_code": history.town_codes[index] if level == "town" else None,
                        "households": int(round(households[index] * scale)),
                        "people": int(round(people[index] * scale)),
                    }
                )
    history.targets = rows


def scaled_targets_table(history: ScaledHistory, on: dt.date) -> pa.Table:
    """The targets a snapshot on `on` holds."""
    rows = [row for row in history.targets if row["year"] <= on.year + TARGET_YEARS_AHEAD]
    schema = contract.table("targets").arrow_schema()
    return pa.Table.from_pylist(rows, schema=schema)


def draw_scaled_projects(history: ScaledHistory) -> None:
    """About one or two village projects a village, named and costed like the town's."""
    rng = history.rng
    count = len(history.village_codes)
    per_village = rng.poisson(1.3, count)
    history.project_village = np.repeat(np.arange(count), per_village)
    n = len(history.project_village)
    names = [name for (_, name, *_rest) in town.VILLAGE_PROJECTS]
    categories = {name: category for (_, name, category, *_rest) in town.VILLAGE_PROJECTS}
    history.project_names = names
    history.project_name = rng.integers(0, len(names), n)
    history.project_category = np.array(
        [
            list(contract.PROJECT_CATEGORIES).index(categories[names[i]])
            for i in history.project_name
        ],
        dtype=np.int64,
    )
    history.project_year = rng.integers(2015, 2019, n)
    history.project_budget = rng.integers(10, 150, n) * 10_000
    history.project_done = rng.random(n) < 0.8


def scaled_projects_table(history: ScaledHistory, on: dt.date) -> pa.Table:
    """Village projects known on `on`, with the status they had then."""
    year = history.project_year
    known = project_known(on, year)
    done_by = history.project_done & (
        days(on)
        >= np.array([days(dt.date(int(y), 12, 31)) for y in range(2015, 2019)])[year - 2015]
    )
    status = np.where(done_by, 3, np.where(on.year < year, 0, 2))  # done, planned, building
    index = np.flatnonzero(known)
    return pa.table(
        {
            "project_id": text_of(b"VP", digits(index + 1, 7)),
            "village_code": pick_strings(history.village_codes, history.project_village[index]),
            "name": pick_strings(history.project_names, history.project_name[index]),
            "category": pick_strings(
                list(contract.PROJECT_CATEGORIES), history.project_category[index]
            ),
            "budget_yuan": decimal_yuan(history.project_budget[index] * 100, 14),
            "status": pick_strings(list(contract.PROJECT_STATUSES), status[index]),
            "year": pa.array(year[index].astype(np.int32)),
        }
    )
