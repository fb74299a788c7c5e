"""Villages and towns: the areas a demo's households live in.

The town's eleven units are its report's (`town.UNITS`); the county's and province's towns and
villages are the real ones of the official 2023 division codes (`dashboard/divisions.py`), each
town drawing how it differs: its size, poverty incidence, exit pace, helpers' visits, industries.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from dashboard import divisions
from dashboard.demo import town
from dashboard.demo.arrays import pick_strings
from dashboard.demo.history import ScaledHistory
from dashboard.reference import division_names

NUMERALS = "一二三四五六七八九十"
SCALED_GROUPS = 30  # a scaled village has 6 to 21 groups (`village_groups`)
DEMO_TOWN_CODE = town.TOWN_CODE  # the town demo's own town: not drawn again in the scaled ones
COUNTY_SUFFIXES = ("县", "市")  # counties and county-level cities; urban districts (区) left out
URBAN_VILLAGE_NUMBERS = 200  # village-level numbers below 200 are 居委会 (communities)
INDUSTRY_ITEMS = list(town.INDUSTRY_ITEMS)


# ------------------------------------------------------------------------------- the town
def town_villages() -> list[dict]:
    """The town's eleven units (nine villages, the shipping company and the fishery) as rows."""
    return [
        {
            "village_code": code,
            "village_name": name,
            "town_code": town.TOWN_CODE,
            "town_name": town.TOWN_NAME,
            "county_code": town.COUNTY_CODE,
            "county_name": town.COUNTY_NAME,
            "prefecture_code": town.PREFECTURE_CODE,
            "prefecture_name": town.PREFECTURE_NAME,
            "province_code": town.PROVINCE_CODE,
            "province_name": town.PROVINCE_NAME,
            "kind": kind,
            "groups_count": groups,
            "population": population,
            "is_poor_village": code == town.POOR_VILLAGE_CODE,
            "poor_village_exit_year": (
                town.POOR_VILLAGE_EXIT_YEAR if code == town.POOR_VILLAGE_CODE else None
            ),
        }
        for code, name, kind, groups, population, _ in town.UNITS
    ]


def town_group_names() -> dict[str, list[str]]:
    """Each unit's 村民小组 names: 一组, 二组 … (一队 … in the shipping company and the fishery)."""
    names = {}
    for code, _, kind, groups, _, _ in town.UNITS:
        suffix = "队" if kind in ("shipping_company", "fishery") else "组"
        names[code] = [f"{chinese_number(number)}{suffix}" for number in range(1, groups + 1)]
    return names


def chinese_number(number: int) -> str:
    """1 to 99 in Chinese numerals, as group names count: 一, 十, 十一, 二十三."""
    if number <= 10:
        return NUMERALS[number - 1]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


def scaled_group_names() -> list[str]:
    """The group names a scaled demo's households take (by number): 一组 to 三十组."""
    return [chinese_number(n + 1) + "组" for n in range(SCALED_GROUPS)]


# ------------------------------------------------------------- the county and province
def draw_scaled_areas(history: ScaledHistory) -> None:
    """The counties' real towns and villages, and how the towns differ (drawn)."""
    rng = history.rng
    names = division_names()
    counties = [
        code
        for code, name in divisions.units_under(history.scale.county_prefix, "county")
        if name.endswith(COUNTY_SUFFIXES)
    ]
    town_rows, village_rows = [], []
    low, high = history.scale.towns_per_county
    for county in counties:
        town_count = int(rng.integers(low, high + 1))
        towns = [
            (code, name)
            for code, name in divisions.units_under(county, "town")
            if code != DEMO_TOWN_CODE and divisions.units_under(code, "village")
        ]
        # 镇 and 乡 (numbers 100 and up) before 街道 (001-099): the register is rural
        towns.sort(key=lambda town: (town[0][6:] < "100", town[0]))
        for code, name in sorted(towns[:town_count]):
            town_rows.append({"town_code": code, "town_name": name, "county_code": county})
    # How towns differ: size (log-normal), poverty incidence, how early households exit,
    # how often helpers visit, and the industries they lean to.
    town_count = len(town_rows)
    history.town_codes = [row["town_code"] for row in town_rows]
    history.town_names = [row["town_name"] for row in town_rows]
    history.town_county = [row["county_code"] for row in town_rows]
    median = history.scale.households_per_town
    history.town_households = np.maximum(
        120, rng.lognormal(np.log(median), 0.45, town_count)
    ).astype(np.int64)
    history.town_incidence = rng.uniform(0.04, 0.14, town_count)  # poor people / population
    # exit pace: how much of the 2014 register had exited by each year end (cumulative)
    pace = rng.normal(0.0, 0.08, town_count)
    history.town_exit_share = np.clip(
        np.column_stack([0.17 + pace, 0.36 + pace, 0.52 + pace * 1.2, 0.69 + pace * 1.2]),
        0.05,
        0.9,
    )
    history.town_exit_share = np.maximum.accumulate(history.town_exit_share, axis=1)
    history.town_visit_factor = rng.lognormal(0.0, 0.35, town_count)
    history.town_items = [
        list(rng.choice(len(INDUSTRY_ITEMS), int(rng.integers(2, 5)), replace=False))
        for _ in range(town_count)
    ]
    history.town_item_count = np.array([len(items) for items in history.town_items])
    history.town_item_matrix = np.array(
        [items + items[:1] * (4 - len(items)) for items in history.town_items]
    )
    history.town_industry_share = rng.uniform(0.15, 0.45, town_count)

    village_town = []
    for town_index, row in enumerate(town_rows):
        for code, official in divisions.units_under(row["town_code"], "village"):
            community = int(code[9:]) < URBAN_VILLAGE_NUMBERS
            village_rows.append(
                {
                    "village_code": code,
                    "village_name": divisions.register_name(official),
                    "kind": "community" if community else "village",
                }
            )
            village_town.append(town_index)
    history.village_codes = [row["village_code"] for row in village_rows]
    history.village_names = [row["village_name"] for row in village_rows]
    history.village_kinds = [row["kind"] for row in village_rows]
    history.village_town = np.array(village_town, dtype=np.int64)
    village_count = len(village_rows)
    history.village_weight = rng.gamma(3.0, 1.0, village_count)  # share of its town's poor
    history.village_groups = rng.integers(6, 22, village_count)
    history.village_is_poor = rng.random(village_count) < 0.2
    history.village_exit_year = np.where(
        history.village_is_poor, rng.choice([2016, 2017, 2018, 2019], village_count), -1
    )
    history.names = names


def scaled_villages_table(history: ScaledHistory) -> pa.Table:
    """The villages table (every snapshot holds the same)."""
    towns = history.village_town
    county = [history.town_county[int(t)] for t in towns]
    prefecture = [code[:4] for code in county]
    province = [code[:2] for code in county]
    poor_exit = np.where(
        history.village_exit_year <= town.FINAL_DATE.year, history.village_exit_year, -1
    )
    return pa.table(
        {
            "village_code": pa.array(history.village_codes),
            "village_name": pa.array(history.village_names),
            "town_code": pick_strings(history.town_codes, towns),
            "town_name": pick_strings(history.town_names, towns),
            "county_code": pa.array(county),
            "county_name": pa.array([history.names[code] for code in county]),
            "prefecture_code": pa.array(prefecture),
            "prefecture_name": pa.array([history.names[code] for code in prefecture]),
            "province_code": pa.array(province),
            "province_name": pa.array([history.names[code] for code in province]),
            "kind": pa.array(history.village_kinds),
            "groups_count": pa.array(history.village_groups.astype(np.int32)),
            "population": pa.array(history.village_population.astype(np.int32)),
            "is_poor_village": pa.array(history.village_is_poor),
            "poor_village_exit_year": pa.array(
                np.where(poor_exit > 0, poor_exit, 0).astype(np.int32), mask=poor_exit <= 0
            ),
        }
    )
