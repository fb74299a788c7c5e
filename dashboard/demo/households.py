"""Households, their status and exit: who is on the register when, and how they fare.

The town's households are drawn to its report (`town.EXIT_GROUPS`: exact households and people
by exit year, 300 people planned for 2018, four relapses, six removals); the scaled demos' from
each town's exit pace. Both cut a snapshot by the same rules (`history.py`): on the register from
identification, exited from the end of the exit year, a removal recorded once, an exited
household's income spread above the line.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import contract
from dashboard.demo import town
from dashboard.demo.areas import town_group_names
from dashboard.demo.arrays import (
    code_bytes,
    days,
    decimal_yuan,
    digits,
    pick_strings,
    text_of,
    year_end_days,
)
from dashboard.demo.history import (
    FIRST_SWEEP_DAYS,
    FIRST_SWEEP_FROM,
    Household,
    ScaledHistory,
    TownHistory,
    exited_income_factor,
    first_snapshot_on_or_after,
    first_snapshots_on_or_after,
    income_year_of,
)
from dashboard.demo.members import (
    clone_id_numbers,
    draw_town_members,
    present_mask,
    town_member_row,
)

# Household sizes by exit year (the share of 1 to 6 people): those who exited first were
# mostly old people alone.
TOWN_SIZE_WEIGHTS = {
    2014: [0.9, 0.1, 0, 0, 0, 0],
    2015: [0.45, 0.3, 0.1, 0.1, 0.05, 0],
    2016: [0.25, 0.3, 0.2, 0.15, 0.08, 0.02],
    2017: [0.2, 0.3, 0.2, 0.17, 0.1, 0.03],
    None: [0.25, 0.3, 0.18, 0.15, 0.09, 0.03],
}
# After the report, every household not yet exited exits as planned, a few a year late, all by
# the campaign's end; from 2021 each earns a multiple of the monitoring line (log-normal).
LATE_EXIT_SHARE = 0.12
LATER_INCOME_MEDIAN = 1.9
LATER_INCOME_SIGMA = 0.28
LATER_INCOME_RANGE = (1.12, 4.5)
# The scaled demos' ordinary households (一般农户) that become objects in the first monitoring
# year, as shares of the register's size: edge households, and sudden hardships.
EDGE_SHARE = 0.03
SUDDEN_ORDINARY_SHARE = 0.008
STATUSES = list(contract.HOUSEHOLD_STATUSES)


# ------------------------------------------------------------------------------- the town
def draw_town_households(history: TownHistory) -> None:
    """The households of the report's exit groups (F05-F08, F03/F04), each with its members,
    placed in villages by their counts, with planned exit years for those not yet exited."""
    rng = history.rng
    plans = []  # (exit year or None, size)
    for exit_year, (count, people) in town.EXIT_GROUPS.items():
        sizes = exact_sizes(count, people, TOWN_SIZE_WEIGHTS[exit_year], rng)
        plans += [(exit_year, int(size)) for size in sizes]
    order = rng.permutation(len(plans))
    plans = [plans[index] for index in order]

    assigned = _assign_villages(history.rng, plans)

    counters: dict[str, int] = {}
    group_names = town_group_names()
    for (exit_year, size), village_code in zip(plans, assigned, strict=True):
        counters[village_code] = counters.get(village_code, 0) + 1
        household_id = f"{village_code}{counters[village_code]:04d}"
        identified_year = 2014
        if exit_year is None or exit_year >= 2016:
            roll = rng.random()
            latest = min(exit_year - 1 if exit_year else 2017, 2017)
            if roll < 0.08 and latest >= 2015:
                identified_year = int(rng.integers(2015, latest + 1))
        if identified_year == 2014:
            identified_date = dt.date(2014, 4, 1) + dt.timedelta(int(rng.integers(0, 200)))
        else:
            identified_date = dt.date(identified_year, 3, 1) + dt.timedelta(
                int(rng.integers(0, 240))
            )
        household = Household(
            household_id=household_id,
            village_code=village_code,
            group_name=str(rng.choice(group_names[village_code])),
            attribute="general",
            main_cause="illness",
            identified_date=identified_date,
            exit_year=exit_year,
            planned_exit_year=exit_year,
            income_factor=float(rng.uniform(0.55, 0.97)),
        )
        draw_town_members(rng, history.people, household, size)
        household.doctor_signed_date = max(
            identified_date, dt.date(2016, 6, 1) + dt.timedelta(int(rng.integers(0, 560)))
        )
        history.households.append(household)
    _draw_plans_for_remaining(history)


def _assign_villages(rng: np.random.Generator, plans: list[tuple[int | None, int]]) -> list[str]:
    """Give each planned household a village, honouring each village's household count."""
    remaining = {code: count for code, _, _, _, _, count in town.UNITS}
    kinds = {code: kind for code, _, kind, _, _, _ in town.UNITS}
    assigned: list[str | None] = [None] * len(plans)
    # Place the households the report's story is about first, so their leanings hold.
    order = sorted(range(len(plans)), key=lambda index: (plans[index][0] is not None,))
    for index in order:
        exit_year = plans[index][0]
        codes = [code for code, left in remaining.items() if left > 0]
        weights = []
        for code in codes:
            weight = float(remaining[code])
            if exit_year is None and kinds[code] in town.WATER_KINDS:
                weight *= 2.0
            if exit_year in (2015, 2016) and code == town.POOR_VILLAGE_CODE:
                weight *= 2.0
            weights.append(weight)
        probabilities = np.array(weights) / sum(weights)
        code = str(rng.choice(codes, p=probabilities))
        remaining[code] -= 1
        assigned[index] = code
    return [code for code in assigned if code is not None]


def _draw_plans_for_remaining(history: TownHistory) -> None:
    """Planned exit years of the 未脱贫: exactly 300 people planned for 2018 (F09)."""
    rng = history.rng
    remaining = [h for h in history.households if h.exit_year is None]
    order = rng.permutation(len(remaining))
    people_2018 = 0
    for index in order:
        household = remaining[index]
        size = len(household.members)
        if people_2018 + size <= town.TARGET_2018_PEOPLE:
            household.planned_exit_year = 2018
            people_2018 += size
        else:
            household.planned_exit_year = int(rng.choice([2019, 2020], p=[0.6, 0.4]))
    if people_2018 != town.TARGET_2018_PEOPLE:
        raise AssertionError(f"planned 2018 people {people_2018}, wanted 300")
    for household in remaining:
        # Most of those planned for 2018 already earn above the line: the rest is the work left.
        if household.planned_exit_year == 2018 and rng.random() < 0.65:
            household.income_factor = float(rng.uniform(1.02, 1.45))
        elif household.planned_exit_year == 2018:
            household.income_factor = float(rng.uniform(0.75, 0.99))


def draw_town_relapses_and_removals(history: TownHistory) -> None:
    """Relapses and removals, two of the 动态管理 changes the report finds hard (the members
    who left are `members.draw_town_leavers`)."""
    rng = history.rng
    # 返贫: households that exited in 2015 or 2016 fall back, in 2017 or early 2018.
    remaining = [
        h for h in history.households if h.exit_year is None and h.identified_date.year == 2014
    ]
    for household in history.sample(remaining, town.RELAPSED_HOUSEHOLDS):
        household.exit_year = int(rng.choice([2015, 2016]))
        household.relapse_date = dt.date(2017, 3, 1) + dt.timedelta(int(rng.integers(0, 420)))
        household.income_factor = float(rng.uniform(0.6, 0.9))

    # 清退 at the 2016 回头看: on the register from 2014, marked removed on 2016-06-30, gone after.
    for number in range(town.REMOVED_HOUSEHOLDS):
        village_code = town.UNITS[number % 9][0]
        household = Household(
            household_id=f"{village_code}{9001 + number:04d}",
            village_code=village_code,
            group_name="一组",
            attribute="general",
            main_cause="lack_capital",
            identified_date=dt.date(2014, 5, 1) + dt.timedelta(int(rng.integers(0, 120))),
            exit_year=None,
            planned_exit_year=2016,
            income_factor=float(rng.uniform(1.3, 2.0)),
            removed_date=dt.date(2016, 4, 1) + dt.timedelta(int(rng.integers(0, 60))),
        )
        draw_town_members(rng, history.people, household, int(rng.integers(2, 5)))
        for member in household.members:
            member.present_from = None
        history.households.append(household)


def draw_town_unsafe_homes(history: TownHistory) -> None:
    """危房改造: unsafe houses until the renovation is paid; water until the 2017 works."""
    rng = history.rng
    registered = history.active()
    candidates = [h for h in registered if h.exit_year is None or h.exit_year >= 2016]
    for household in history.sample(candidates, town.RENOVATED_HOUSEHOLDS):
        household.unsafe_housing_until = max(
            household.identified_date + dt.timedelta(60),
            dt.date(2016, 4, 1) + dt.timedelta(int(rng.integers(0, 600))),
        )
    for household in history.sample(candidates, 12):
        household.unsafe_water_until = dt.date(2017, 9, 30)
    # Work still open on the last snapshot: houses to renovate and wells to connect in the
    # second half of 2018, among those not yet exited (what the overview must show).
    waiting = [h for h in registered if h.exit_year is None and h.unsafe_housing_until is None]
    for household in history.sample(waiting, 5):
        household.unsafe_housing_until = dt.date(2018, 10, 15)
    for household in history.sample(waiting, 3):
        household.unsafe_water_until = dt.date(2018, 9, 30)


def exact_sizes(
    count: int, people: int, weights: list[float], rng: np.random.Generator
) -> list[int]:
    """`count` household sizes (1..6) drawn from `weights` and nudged to add up to `people`."""
    sizes = list(
        rng.choice(np.arange(1, len(weights) + 1), count, p=np.array(weights) / sum(weights))
    )
    sizes = [int(size) for size in sizes]
    largest = max(i + 1 for i, weight in enumerate(weights) if weight > 0)
    while sum(sizes) != people:
        index = int(rng.integers(0, count))
        if sum(sizes) < people and sizes[index] < largest:
            sizes[index] += 1
        elif sum(sizes) > people and sizes[index] > 1:
            sizes[index] -= 1
    return sizes


def town_households_at(
    history: TownHistory, on: dt.date
) -> tuple[list[dict], list[dict], set[str]]:
    """The households and members rows a snapshot on `on` holds, and the household IDs in it.

    A household is on the register from its identification; a removed one is recorded as
    removed on the first snapshot after its removal, then archived.
    """
    income_year = income_year_of(on)
    households, members = [], []
    present_ids = set()
    for household in history.households:
        if on < household.identified_date:
            continue
        status = household.status_on(on)
        if household.removed_date is not None:
            if on < household.removed_date:
                status = "not_exited"
            elif first_snapshot_on_or_after(household.removed_date) == on:
                status = "removed"
            else:
                continue  # archived after the snapshot that recorded the removal
        present = [m for m in household.members if m.present_on(on)]
        present_ids.add(household.household_id)
        if income_year in household.later_income:
            # From 2021 (dashboard.demo.later): a multiple of the year's monitoring line.
            line, factor = (
                town.MONITORING_LINE[income_year],
                household.later_income[income_year],
            )
        else:
            exited_by_income_year = household.status_on(dt.date(income_year, 12, 31)) == "exited"
            factor = household.income_factor
            if exited_by_income_year:
                factor = exited_income_factor(household.income_factor)
            line = history.lines[income_year]
        income = Decimal(round(line * factor, 2)).quantize(Decimal("0.01"))
        housing_safe = household.unsafe_housing_until is None or (
            on >= household.unsafe_housing_until
        )
        if household.later_unsafe_housing is not None:
            unsafe_from, unsafe_until = household.later_unsafe_housing
            housing_safe = housing_safe and not unsafe_from <= on < unsafe_until
        households.append(
            {
                "household_id": household.household_id,
                "village_code": household.village_code,
                "group_name": household.group_name,
                "size": len(present),
                "attribute": None if household.ordinary else household.attribute,
                "main_cause": household.main_cause,
                "identified_year": household.identified_date.year,
                "status": status,
                "exit_year": household.exit_year_on(on)
                if status in ("exited", "relapsed")
                else None,
                "planned_exit_year": household.planned_exit_year,
                "income_per_capita": income,
                "income_year": income_year,
                "housing_safe": housing_safe,
                "drinking_water_safe": household.unsafe_water_until is None
                or on >= household.unsafe_water_until,
                "family_doctor_signed": on >= household.doctor_signed_date,
                "helper_id": household.helper_on(on),
                "village_contact_id": household.village_contact_id,
            }
        )
        members += [town_member_row(member, on) for member in present]
    return households, members, present_ids


# ------------------------------------------------------------- the county and province
def draw_scaled_households(history: ScaledHistory) -> None:
    """Households per village, their identification, exit, relapse or removal, and their traits."""
    rng = history.rng
    # households per village: the town's total split by the villages' weights
    per_village = np.zeros(len(history.village_codes), dtype=np.int64)
    for town_index, total in enumerate(history.town_households):
        villages = np.flatnonzero(history.village_town == town_index)
        shares = history.village_weight[villages] / history.village_weight[villages].sum()
        per_village[villages] = rng.multinomial(int(total), shares)
    count = int(per_village.sum())
    village = np.repeat(np.arange(len(per_village)), per_village)
    history.hh_village = village
    history.hh_town = history.village_town[village]
    history.hh_number = np.arange(count) - np.repeat(
        np.cumsum(per_village) - per_village, per_village
    )
    history.hh_number += 1
    history.hh_size = rng.choice(
        np.arange(1, 7), count, p=[0.25, 0.28, 0.2, 0.15, 0.09, 0.03]
    ).astype(np.int64)

    # identification: most in 2014, some added at the yearly 动态调整 2015-2017
    late = rng.random(count) < 0.09
    identified_year = np.where(late, rng.integers(2015, 2018, count), 2014)
    start = np.array([days(dt.date(int(y), 3, 1)) for y in (2014, 2015, 2016, 2017)])
    history.hh_identified = start[identified_year - 2014] + rng.integers(0, 220, count)
    history.hh_identified_year = identified_year

    # exit year from the town's pace; None (-1) for those still poor on 2018-06-30
    shares = history.town_exit_share[history.hh_town]
    roll = rng.random(count)
    exit_year = np.full(count, -1, dtype=np.int64)
    for offset in range(3, -1, -1):
        exit_year = np.where(roll < shares[:, offset], 2014 + offset, exit_year)
    # single old people exit early (五保 and 低保 兜底), large families later
    exit_year = np.where(
        (exit_year > 2014) & (history.hh_size == 1) & (rng.random(count) < 0.3), 2014, exit_year
    )
    exit_year = np.where(
        (exit_year >= 0) & (exit_year < identified_year), identified_year, exit_year
    )
    history.hh_exit_year = exit_year
    remaining = exit_year < 0
    history.hh_planned = np.where(
        remaining, rng.choice([2018, 2019, 2020], count, p=[0.55, 0.3, 0.15]), exit_year
    )
    # 返贫 (relapse) after exiting in 2015 or 2016; 清退 (removed) at the 2016 回头看
    relapse = (exit_year >= 2015) & (exit_year <= 2016) & (rng.random(count) < 0.012)
    history.hh_relapse = np.where(
        relapse, days(dt.date(2017, 3, 1)) + rng.integers(0, 420, count), -1
    )
    removed = (identified_year == 2014) & remaining & (rng.random(count) < 0.01)
    history.hh_removed = np.where(
        removed, days(dt.date(2016, 4, 1)) + rng.integers(0, 60, count), -1
    )
    history.hh_planned = np.where(removed, 2016, history.hh_planned)
    history.hh_income_factor = rng.uniform(0.55, 0.97, count)
    planned_2018 = remaining & (history.hh_planned == 2018) & (rng.random(count) < 0.6)
    history.hh_income_factor = np.where(
        planned_2018, rng.uniform(1.02, 1.45, count), history.hh_income_factor
    )
    history.hh_income_factor = np.where(
        removed, rng.uniform(1.3, 2.0, count), history.hh_income_factor
    )
    history.hh_attribute = rng.choice(3, count, p=[0.72, 0.2, 0.08])  # general, dibao, tekun
    history.hh_attribute = np.where(
        history.hh_size == 1, rng.choice(3, count, p=[0.3, 0.35, 0.35]), history.hh_attribute
    )
    causes = list(contract.MAIN_CAUSES)
    weights = {"illness": 34, "disability": 16, "education": 8, "disaster": 4, "lack_land": 4}
    weights |= {"lack_water": 2, "lack_skills": 10, "lack_labor": 9, "lack_capital": 9}
    weights |= {"poor_transport": 2, "lack_motivation": 2}
    probabilities = np.array([weights.get(cause, 0) for cause in causes], dtype=float)
    history.hh_cause = rng.choice(len(causes), count, p=probabilities / probabilities.sum())
    history.hh_unsafe_housing = np.where(
        rng.random(count) < 0.04,
        np.maximum(
            history.hh_identified + 60, days(dt.date(2016, 4, 1)) + rng.integers(0, 1000, count)
        ),
        -1,
    )
    history.hh_unsafe_water = np.where(
        rng.random(count) < 0.03, days(dt.date(2017, 9, 30)) + rng.integers(0, 400, count), -1
    )
    history.hh_doctor = np.maximum(
        history.hh_identified, days(dt.date(2016, 6, 1)) + rng.integers(0, 600, count)
    )
    history.hh_group = rng.integers(0, 1_000_000, count) % history.village_groups[village]

    # the population of each village: its poor people over the town's incidence
    people = np.bincount(village, weights=history.hh_size, minlength=len(per_village))
    incidence = history.town_incidence[history.village_town]
    history.village_population = np.maximum(
        300, (people / incidence * rng.uniform(0.8, 1.2, len(people))).round()
    ).astype(np.int64)


def household_ids(history: ScaledHistory, index: np.ndarray | None = None) -> pa.Array:
    """The household IDs of households `index` (all when None): village code and four digits."""
    index = np.arange(history.household_count) if index is None else index
    return text_of(
        code_bytes(history.village_codes, history.hh_village[index]),
        digits(history.hh_number[index], 4),
    )


def scaled_households_at(history: ScaledHistory, on: dt.date) -> tuple[pa.Table, np.ndarray]:
    """The households table on `on`, and which households it holds (a mask)."""
    today = days(on)
    identified = history.hh_identified <= today
    removal_recorded = first_snapshots_on_or_after(history.hh_removed)
    removed = history.hh_removed >= 0
    keep = identified & (~removed | (today < history.hh_removed) | (removal_recorded == today))
    index = np.flatnonzero(keep)
    exit_day = np.where(
        history.hh_exit_year > 0, year_end_days(history.hh_exit_year), np.iinfo(np.int64).max
    )
    status = np.where(exit_day <= today, 1, 0)  # exited / not_exited
    status = np.where((history.hh_relapse >= 0) & (history.hh_relapse <= today), 2, status)
    status = np.where(removed & (today >= history.hh_removed), 3, status)
    income_year = income_year_of(on)
    exited_by_income_year = (exit_day <= days(dt.date(income_year, 12, 31))) & ~(
        (history.hh_relapse >= 0) & (history.hh_relapse <= days(dt.date(income_year, 12, 31)))
    )
    factor = np.where(
        exited_by_income_year,
        exited_income_factor(history.hh_income_factor),
        history.hh_income_factor,
    )
    cents = np.round(history.lines[income_year] * factor * 100).astype(np.int64)
    present = present_mask(history, on)
    size = np.bincount(history.m_household[present], minlength=history.household_count)
    exit_year = np.where((status == 1) | (status == 2), history.hh_exit_year, 0)
    planned = history.hh_planned
    index_array = pa.array(index)
    table = pa.table(
        {
            "household_id": history.all_household_ids.take(index_array),
            "village_code": pick_strings(history.village_codes, history.hh_village[index]),
            "group_name": history.all_group_names.take(index_array),
            "size": pa.array(size[index].astype(np.int32)),
            "attribute": pick_strings(
                list(contract.HOUSEHOLD_ATTRIBUTES), history.hh_attribute[index]
            ),
            "main_cause": pick_strings(list(contract.MAIN_CAUSES), history.hh_cause[index]),
            "identified_year": pa.array(history.hh_identified_year[index].astype(np.int32)),
            "status": pick_strings(list(contract.HOUSEHOLD_STATUSES), status[index]),
            "exit_year": pa.array(exit_year[index].astype(np.int32), mask=exit_year[index] == 0),
            "planned_exit_year": pa.array(planned[index].astype(np.int32)),
            "income_per_capita": decimal_yuan(cents[index]),
            "income_year": pa.array(np.full(len(index), income_year, dtype=np.int32)),
            "housing_safe": pa.array(
                (history.hh_unsafe_housing[index] < 0) | (today >= history.hh_unsafe_housing[index])
            ),
            "drinking_water_safe": pa.array(
                (history.hh_unsafe_water[index] < 0) | (today >= history.hh_unsafe_water[index])
            ),
            "family_doctor_signed": pa.array(today >= history.hh_doctor[index]),
            "helper_id": history.all_helper_ids.take(index_array),
            "village_contact_id": history.all_contact_ids.take(index_array),
            "phone": pa.nulls(len(index), pa.string()),
        }
    )
    return table, keep


# ------------------------------------------------------------ the town after the report
def draw_town_later_exits(history: TownHistory) -> None:
    """The 205 not exited on 2018-06-30 exit as planned (a few a year late), all by 2020."""
    rng = history.later_rng
    for household in history.registered():
        if household.status_on(town.FINAL_DATE) == "exited":
            continue
        planned = household.planned_exit_year or town.CAMPAIGN_END.year
        late = rng.random() < (LATE_EXIT_SHARE if planned < town.CAMPAIGN_END.year else 0)
        year = min(town.CAMPAIGN_END.year, planned + int(late))
        if household.relapse_date is not None:
            household.second_exit_year = year
        else:
            household.exit_year = year


def draw_town_later_incomes(history: TownHistory) -> None:
    """From 2021 an exited household earns a multiple of the monitoring line, year by year."""
    rng = history.later_rng
    for household in history.registered():
        base = float(rng.lognormal(np.log(LATER_INCOME_MEDIAN), LATER_INCOME_SIGMA))
        base = min(max(base, LATER_INCOME_RANGE[0]), LATER_INCOME_RANGE[1])
        for year in town.MONITORING_LINE:
            household.later_income[year] = round(base * float(rng.normal(1.0, 0.04)), 4)


def new_town_ordinary_household(
    history: TownHistory, number: int, identified: dt.date
) -> Household:
    """An ordinary household (一般农户) that becomes an object: status monitored_only."""
    rng = history.later_rng
    codes = [code for code, *_ in town.UNITS]
    weights = np.array([population for *_, population, _ in town.UNITS], dtype=float)
    village_code = str(rng.choice(codes, p=weights / weights.sum()))
    neighbours = [h for h in history.registered() if h.village_code == village_code]
    helpers = [h["helper_id"] for h in history.helpers if h["level"] == "town"]
    household = Household(
        household_id=f"{village_code}{8001 + number:04d}",
        village_code=village_code,
        group_name=neighbours[int(rng.integers(0, len(neighbours)))].group_name,
        attribute="general",
        main_cause="illness",
        identified_date=identified,
        exit_year=None,
        planned_exit_year=None,
        income_factor=1.0,
        helper_id=str(rng.choice(helpers)),
        village_contact_id=neighbours[0].village_contact_id,
        ordinary=True,
    )
    # Drawn from the later generator, as every draw after the report.
    size = int(rng.choice([1, 2, 3, 4, 5], p=[0.05, 0.15, 0.3, 0.3, 0.2]))
    draw_town_members(rng, history.people, household, size)
    return household


# ----------------------------------------------- the county and province after the report
def draw_scaled_later_exits(history: ScaledHistory) -> None:
    """Everyone not exited on 2018-06-30 exits as planned, a few a year late, by 2020."""
    rng = history.later_rng
    count = history.household_count
    slip = (rng.random(count) < LATE_EXIT_SHARE).astype(np.int64)
    planned = np.where(history.hh_planned > 0, history.hh_planned, town.CAMPAIGN_END.year)
    late_exit = np.minimum(town.CAMPAIGN_END.year, np.maximum(planned, 2018) + slip)
    waiting = (history.hh_exit_year < 0) & (history.hh_removed < 0)
    history.hh_exit_year = np.where(waiting, late_exit, history.hh_exit_year)
    history.hh_second_exit = np.where(history.hh_relapse >= 0, late_exit, -1)
    history.hh_ordinary = np.zeros(count, dtype=bool)


def add_scaled_ordinary_households(history: ScaledHistory, registered: int) -> None:
    """Ordinary households (一般农户) that become objects in 2021, status monitored_only.

    Each takes the shape of a registered household (its size, ages, health) with its own
    number (8001 on in its village), identification in 2021, and its own ID numbers.
    """
    rng = history.later_rng
    total = int(round((EDGE_SHARE + SUDDEN_ORDINARY_SHARE) * registered))
    templates = np.sort(rng.choice(registered, total, replace=False))
    template_members = np.flatnonzero(
        np.isin(history.m_household, templates) & (history.m_present_until < 0)
    )
    household_arrays = [
        name
        for name, value in vars(history).items()
        if name.startswith("hh_") and isinstance(value, np.ndarray) and len(value) == registered
    ]
    member_count = len(history.m_household)
    member_arrays = [
        name
        for name, value in vars(history).items()
        if name.startswith("m_") and isinstance(value, np.ndarray) and len(value) == member_count
    ]
    new_index = registered + np.arange(total)
    for name in household_arrays:
        values = getattr(history, name)
        setattr(history, name, np.concatenate([values, values[templates]]))
    # Household facts of their own.
    village = history.hh_village[new_index]
    order = np.argsort(village, kind="stable")
    rank = np.empty(total, dtype=np.int64)
    sorted_village = village[order]
    starts = np.r_[True, sorted_village[1:] != sorted_village[:-1]]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(total), 0))
    rank[order] = np.arange(total) - group_start
    history.hh_number[new_index] = 8001 + rank
    identified = days(FIRST_SWEEP_FROM) + rng.integers(0, FIRST_SWEEP_DAYS, total)
    history.hh_identified[new_index] = identified
    history.hh_identified_year[new_index] = FIRST_SWEEP_FROM.year
    for name in (
        "hh_exit_year",
        "hh_relapse",
        "hh_removed",
        "hh_unsafe_housing",
        "hh_unsafe_water",
        "hh_second_exit",
    ):
        getattr(history, name)[new_index] = -1
    history.hh_planned[new_index] = -1
    history.hh_doctor[new_index] = identified
    history.hh_ordinary[new_index] = True
    # Members: copies of the templates' present members, in the new households.
    new_of_template = np.full(registered, -1, dtype=np.int64)
    new_of_template[templates] = new_index
    for name in member_arrays:
        values = getattr(history, name)
        setattr(history, name, np.concatenate([values, values[template_members]]))
    new_members = member_count + np.arange(len(template_members))
    history.m_household[new_members] = new_of_template[history.m_household[new_members]]
    history.m_present_from[new_members] = -1
    history.m_surname[new_members] = rng.permutation(history.m_surname[new_members])
    clone_id_numbers(history, new_members)


def draw_scaled_later_incomes(history: ScaledHistory) -> None:
    """2021 income per person as a multiple of the monitoring line (objects set theirs)."""
    rng = history.later_rng
    base = np.clip(
        rng.lognormal(np.log(LATER_INCOME_MEDIAN), LATER_INCOME_SIGMA, history.household_count),
        *LATER_INCOME_RANGE,
    )
    history.hh_factor_2021 = base


def scaled_households_after_report(
    history: ScaledHistory, on: dt.date, table: pa.Table, keep: np.ndarray
) -> pa.Table:
    """The households table of a snapshot after the report (`table`, of the households in
    `keep`): second exits, the ordinary households, and incomes against the monitoring line."""
    today = days(on)
    index = np.flatnonzero(keep)
    second = history.hh_second_exit[index]
    exited_again = (second > 0) & (today >= year_end_days(second))
    ordinary = history.hh_ordinary[index]
    codes = pc.index_in(
        table.column("status"), value_set=pa.array(contract.HOUSEHOLD_STATUSES)
    ).to_numpy()
    codes = np.where(exited_again, STATUSES.index("exited"), codes)
    codes = np.where(ordinary, STATUSES.index("monitored_only"), codes)
    exit_year = table.column("exit_year").to_numpy(zero_copy_only=False)
    exit_year = np.where(exited_again, second, np.nan_to_num(exit_year.astype(float), nan=0))
    exit_year = exit_year.astype(np.int64)
    table = table.set_column(
        table.schema.get_field_index("status"),
        "status",
        pick_strings(list(contract.HOUSEHOLD_STATUSES), codes),
    )
    table = table.set_column(
        table.schema.get_field_index("exit_year"),
        "exit_year",
        pa.array(exit_year.astype(np.int32), mask=(exit_year == 0) | ordinary),
    )
    table = table.set_column(
        table.schema.get_field_index("attribute"),
        "attribute",
        pc.if_else(pa.array(ordinary), pa.scalar(None, pa.string()), table.column("attribute")),
    )
    table = table.set_column(
        table.schema.get_field_index("planned_exit_year"),
        "planned_exit_year",
        pc.if_else(
            pa.array(ordinary), pa.scalar(None, pa.int32()), table.column("planned_exit_year")
        ),
    )
    income_year = on.year if on.month == 12 else on.year - 1
    if income_year in town.MONITORING_LINE:
        line = town.MONITORING_LINE[income_year]
        cents = np.round(line * history.hh_factor_2021[index] * 100).astype(np.int64)
        table = table.set_column(
            table.schema.get_field_index("income_per_capita"),
            "income_per_capita",
            decimal_yuan(cents),
        )
    return table
