"""The demo town 女山湖镇: a seeded, synthetic register calibrated to the township's 2018 report.

The generator first draws the town as it stands on the last snapshot date (2018-06-30), with
the report's 33 figures exact, and a life history for everything that changes: when each
household was identified, exited, relapsed or was removed, when each member was born, died
or married out, and the date of every event. `DemoTown.tables_at(date)` then cuts any
snapshot out of that history, which is what keeps the eight snapshots consistent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd

from dashboard import contract
from dashboard.demo import town
from dashboard.demo.people import (
    PeopleFactory,
    age_on,
    education_on,
    labor_on,
    school_stage_on,
)
from dashboard.reference import poverty_lines

NEWBORN_UNINSURED_DAYS = 180
IN_SCHOOL = ("primary", "junior", "senior", "secondary_vocational", "higher_vocational", "college")
VOCATIONAL = ("secondary_vocational", "higher_vocational")


@dataclass
class Member:
    person_id: str
    household_id: str
    name: str
    id_number: str
    relation: str
    sex: str
    birth_date: dt.date
    track: str  # academic, vocational or dropout: what school stages the child goes through
    adult_education: str
    health: str
    adult_labor: str
    migrant_work: str
    migrant_months: int
    present_from: dt.date | None = None  # born or married in after the household's identification
    present_until: dt.date | None = None  # died or married out (exclusive)
    # After the report only (dashboard.demo.later): (from date, {column: value}) overrides, such
    # as a new disability or a dropout, so no snapshot up to 2018-06-30 changes.
    changes: list[tuple[dt.date, dict]] = field(default_factory=list)

    def present_on(self, on: dt.date) -> bool:
        if self.present_from is not None and on < self.present_from:
            return False
        return not (self.present_until is not None and on >= self.present_until)

    def changes_on(self, on: dt.date) -> dict:
        """The later overrides in force on a date (empty on every snapshot of the report)."""
        merged: dict = {}
        for since, values in sorted(self.changes, key=lambda change: change[0]):
            if on >= since:
                merged.update(values)
        return merged


@dataclass
class Household:
    household_id: str
    village_code: str
    group_name: str
    attribute: str
    main_cause: str
    identified_date: dt.date
    exit_year: int | None
    planned_exit_year: int | None
    income_factor: float  # income per capita as a multiple of the poverty line, before exit
    helper_id: str | None = None
    village_contact_id: str | None = None
    relapse_date: dt.date | None = None
    removed_date: dt.date | None = None
    doctor_signed_date: dt.date = dt.date(2017, 6, 30)
    unsafe_housing_until: dt.date | None = None
    unsafe_water_until: dt.date | None = None
    helper_changes: list[tuple[dt.date, str]] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    # After the report (dashboard.demo.later): a relapsed household's second exit, an ordinary
    # household (一般农户, status monitored_only) that became a monitoring object, the income
    # factor against the monitoring line by year from 2021, and a house unsafe for a while.
    second_exit_year: int | None = None
    ordinary: bool = False
    later_income: dict[int, float] = field(default_factory=dict)
    later_unsafe_housing: tuple[dt.date, dt.date] | None = None

    def registered_on(self, on: dt.date) -> bool:
        return on >= self.identified_date and self.removed_date is None

    def status_on(self, on: dt.date) -> str:
        if self.ordinary:
            return "monitored_only"
        if self.relapse_date is not None and on >= self.relapse_date:
            if self.second_exit_year is not None and on >= dt.date(self.second_exit_year, 12, 31):
                return "exited"
            return "relapsed"
        if self.exit_year is not None and on >= dt.date(self.exit_year, 12, 31):
            return "exited"
        return "not_exited"

    def exit_year_on(self, on: dt.date) -> int | None:
        """The exit year a snapshot records: the second exit once a relapsed household exits again."""
        exited_again = self.relapse_date is not None and on >= self.relapse_date
        if self.second_exit_year is not None and exited_again and self.status_on(on) == "exited":
            return self.second_exit_year
        return self.exit_year

    def helper_on(self, on: dt.date) -> str | None:
        helper = self.helper_id
        for change_date, new_helper in sorted(self.helper_changes):
            if on >= change_date:
                helper = new_helper
        return helper


class DemoTown:
    """The whole synthetic town, its history included; `tables_at` cuts snapshots out of it."""

    def __init__(self, seed: int = town.SEED) -> None:
        self.rng = np.random.default_rng(seed)
        self.people = PeopleFactory(self.rng)
        self.lines = poverty_lines()
        self.villages = self._villages()
        self.helpers: list[dict] = []
        self.households: list[Household] = []
        self.payments: list[dict] = []
        self.loans: list[dict] = []
        self.visits: list[dict] = []
        self.trainings: list[dict] = []
        self.targets: list[dict] = []
        self._draw_households()
        self._draw_changes()
        self._draw_helpers()
        self._draw_visits()
        self._draw_payments()
        self._draw_loans()
        self._draw_trainings()
        self._draw_targets()
        self._plant_errors()
        # The report's town ends here. `dashboard.demo.later.LaterTown` draws the years after
        # it on top (after every draw above, so the eight report snapshots stay as they were)
        # and fills these two: monitoring spells and department records.
        self.monitoring: list[dict] = []
        self.department_records: list[dict] = []

    # ----------------------------------------------------------------- villages
    def _villages(self) -> list[dict]:
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

    # --------------------------------------------------------------- households
    def _draw_households(self) -> None:
        rng = self.rng
        plans = []  # (exit year or None, size)
        size_weights = {
            2014: [0.9, 0.1, 0, 0, 0, 0],
            2015: [0.45, 0.3, 0.1, 0.1, 0.05, 0],
            2016: [0.25, 0.3, 0.2, 0.15, 0.08, 0.02],
            2017: [0.2, 0.3, 0.2, 0.17, 0.1, 0.03],
            None: [0.25, 0.3, 0.18, 0.15, 0.09, 0.03],
        }
        for exit_year, (count, people) in town.EXIT_GROUPS.items():
            sizes = exact_sizes(count, people, size_weights[exit_year], rng)
            plans += [(exit_year, int(size)) for size in sizes]
        order = rng.permutation(len(plans))
        plans = [plans[index] for index in order]

        assigned = self._assign_villages(plans)

        counters: dict[str, int] = {}
        group_names = self._group_names()
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
            self._draw_members(household, size)
            household.doctor_signed_date = max(
                identified_date, dt.date(2016, 6, 1) + dt.timedelta(int(rng.integers(0, 560)))
            )
            self.households.append(household)
        self._draw_plans_for_remaining()

    def _assign_villages(self, plans: list[tuple[int | None, int]]) -> list[str]:
        """Give each planned household a village, honouring each village's household count."""
        rng = self.rng
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

    def _group_names(self) -> dict[str, list[str]]:
        numerals = "一二三四五六七八九十"

        def chinese_number(number: int) -> str:
            if number <= 10:
                return numerals[number - 1]
            tens, ones = divmod(number, 10)
            prefix = "" if tens == 1 else numerals[tens - 1]
            return prefix + "十" + (numerals[ones - 1] if ones else "")

        names = {}
        for code, _, kind, groups, _, _ in town.UNITS:
            suffix = "队" if kind in ("shipping_company", "fishery") else "组"
            names[code] = [f"{chinese_number(number)}{suffix}" for number in range(1, groups + 1)]
        return names

    def _draw_members(self, household: Household, size: int) -> None:
        """Draw a household of `size` people whose ages, relations, causes and attributes agree."""
        rng = self.rng
        final = town.FINAL_DATE
        surname = self.people.surname()
        roles: list[tuple[str, str, int]] = []  # (relation, sex, age on the final date)
        if size == 1:
            sex = "female" if rng.random() < 0.55 else "male"
            roles.append(("head", sex, int(rng.integers(60, 93))))
        elif size == 2 and rng.random() < 0.65:
            age = int(rng.integers(60, 88))
            roles += [("head", "male", age), ("spouse", "female", age - int(rng.integers(0, 6)))]
        elif size == 2:
            age = int(rng.integers(58, 86))
            sex = "female" if rng.random() < 0.6 else "male"
            roles += [("head", sex, age), ("child", "male", age - int(rng.integers(24, 34)))]
        else:
            head_age = int(rng.integers(34, 60))
            roles += [("head", "male", head_age)]
            children = size - 1
            if rng.random() < 0.88:
                roles.append(("spouse", "female", head_age - int(rng.integers(0, 6))))
                children -= 1
            if size >= 5 and rng.random() < 0.5:
                roles.append(("parent", "female", head_age + int(rng.integers(22, 32))))
                children -= 1
            for _ in range(children):
                child_sex = "male" if rng.random() < 0.53 else "female"
                roles.append(("child", child_sex, int(rng.integers(1, min(head_age - 19, 25)))))

        elderly = roles[0][2] >= 60 and size <= 2
        if elderly and size == 1:
            household.attribute = str(
                rng.choice(["tekun", "dibao", "general"], p=[0.45, 0.35, 0.2])
            )
        elif elderly:
            household.attribute = str(
                rng.choice(["dibao", "general", "tekun"], p=[0.4, 0.55, 0.05])
            )
        else:
            household.attribute = str(rng.choice(["dibao", "general"], p=[0.2, 0.8]))
        has_student_age = any(relation == "child" and 6 <= age <= 22 for relation, _, age in roles)
        if elderly:
            causes = {"illness": 45, "disability": 24, "lack_labor": 20, "lack_capital": 5}
            causes |= {"disaster": 3, "lack_motivation": 3}
        else:
            causes = {"illness": 30, "disability": 15, "lack_skills": 10, "lack_capital": 12}
            causes |= {"disaster": 5, "lack_land": 4, "lack_water": 2, "poor_transport": 2}
            causes |= {"lack_motivation": 5}
            if has_student_age:
                causes["education"] = 15
        names, weights = zip(*causes.items(), strict=True)
        household.main_cause = str(rng.choice(names, p=np.array(weights) / sum(weights)))

        sick_index = int(rng.integers(0, len(roles)))
        for number, (relation, sex, age) in enumerate(roles, start=1):
            birth_date = dt.date(final.year - age, 6, 30) - dt.timedelta(int(rng.integers(1, 365)))
            health = "healthy"
            if age >= 55 and rng.random() < 0.35:
                health = "chronic"
            if number - 1 == sick_index and household.main_cause == "illness":
                health = "serious_illness" if rng.random() < 0.4 else "chronic"
            if number - 1 == sick_index and household.main_cause == "disability":
                health = "disabled"
            track = str(rng.choice(["academic", "vocational", "dropout"], p=[0.45, 0.4, 0.15]))
            adult_education = str(
                rng.choice(
                    ["illiterate", "primary", "junior"]
                    if age >= 50
                    else ["primary", "junior", "senior"],
                    p=[0.45, 0.4, 0.15] if age >= 50 else [0.25, 0.55, 0.2],
                )
            )
            if health in ("serious_illness", "disabled"):
                adult_labor = str(rng.choice(["lost", "weak"], p=[0.6, 0.4]))
            elif age >= 60 or health == "chronic":
                adult_labor = "weak"
            else:
                adult_labor = str(rng.choice(["normal", "skilled"], p=[0.8, 0.2]))
            migrant_work, migrant_months = "none", 0
            if adult_labor in ("normal", "skilled") and 18 <= age <= 55 and rng.random() < 0.55:
                migrant_work = str(
                    rng.choice(
                        ["out_of_province", "in_province", "in_county", "in_town"],
                        p=[0.5, 0.25, 0.15, 0.1],
                    )
                )
                migrant_months = int(rng.integers(3, 13))
            given = self.people.given_name(sex, birth_date.year)
            family_name = surname if relation in ("head", "child") else self.people.surname()
            household.members.append(
                Member(
                    person_id=f"{household.household_id}{number:02d}",
                    household_id=household.household_id,
                    name=family_name + given,
                    id_number=self.people.id_number(birth_date, sex),
                    relation=relation,
                    sex=sex,
                    birth_date=birth_date,
                    track=track,
                    adult_education=adult_education,
                    health=health,
                    adult_labor=adult_labor,
                    migrant_work=migrant_work,
                    migrant_months=migrant_months,
                    present_from=birth_date if birth_date > household.identified_date else None,
                )
            )

    def _draw_plans_for_remaining(self) -> None:
        """Planned exit years of the 未脱贫: exactly 300 people planned for 2018 (F09)."""
        rng = self.rng
        remaining = [h for h in self.households if h.exit_year is None]
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

    # ------------------------------------------------------------------ changes
    def _draw_changes(self) -> None:
        """Relapses, removals, deaths, marriages: the 动态管理 the report finds hard."""
        rng = self.rng
        # 返贫: households that exited in 2015 or 2016 fall back, in 2017 or early 2018.
        remaining = [
            h for h in self.households if h.exit_year is None and h.identified_date.year == 2014
        ]
        for household in self._sample(remaining, town.RELAPSED_HOUSEHOLDS):
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
            self._draw_members(household, int(rng.integers(2, 5)))
            for member in household.members:
                member.present_from = None
            self.households.append(household)

        # Members who left: deaths among the old, daughters married out; extra people only
        # on the earlier snapshots, so the final counts stay the report's.
        registered = [h for h in self.households if h.removed_date is None]
        for kind, count in (("death", 12), ("marriage", 5)):
            chosen = rng.choice(len(registered), count, replace=False)
            for index in chosen:
                household = registered[int(index)]
                number = len(household.members) + 1
                leave = max(
                    household.identified_date + dt.timedelta(200),
                    dt.date(2015, 3, 1) + dt.timedelta(int(rng.integers(0, 1100))),
                )
                if kind == "death":
                    relation, sex, age = "parent", str(rng.choice(["male", "female"])), 80
                else:
                    relation, sex, age = "child", "female", 24
                birth_date = dt.date(leave.year - age, 3, 1) + dt.timedelta(
                    int(rng.integers(0, 300))
                )
                household.members.append(
                    Member(
                        person_id=f"{household.household_id}{number:02d}",
                        household_id=household.household_id,
                        name=household.members[0].name[0]
                        + self.people.given_name(sex, birth_date.year),
                        id_number=self.people.id_number(birth_date, sex),
                        relation=relation,
                        sex=sex,
                        birth_date=birth_date,
                        track="academic",
                        adult_education="primary" if kind == "death" else "junior",
                        health="chronic" if kind == "death" else "healthy",
                        adult_labor="weak" if kind == "death" else "normal",
                        migrant_work="none",
                        migrant_months=0,
                        present_until=min(leave, dt.date(2018, 6, 1)),
                    )
                )

        # 危房改造: unsafe houses until the renovation is paid; water until the 2017 works.
        candidates = [h for h in registered if h.exit_year is None or h.exit_year >= 2016]
        for household in self._sample(candidates, town.RENOVATED_HOUSEHOLDS):
            household.unsafe_housing_until = max(
                household.identified_date + dt.timedelta(60),
                dt.date(2016, 4, 1) + dt.timedelta(int(rng.integers(0, 600))),
            )
        for household in self._sample(candidates, 12):
            household.unsafe_water_until = dt.date(2017, 9, 30)
        # Work still open on the last snapshot: houses to renovate and wells to connect in the
        # second half of 2018, among those not yet exited (what the overview must show).
        waiting = [h for h in registered if h.exit_year is None and h.unsafe_housing_until is None]
        for household in self._sample(waiting, 5):
            household.unsafe_housing_until = dt.date(2018, 10, 15)
        for household in self._sample(waiting, 3):
            household.unsafe_water_until = dt.date(2018, 9, 30)

    # ------------------------------------------------------------------ helpers
    def _draw_helpers(self) -> None:
        rng = self.rng
        number = 0
        for level, count, units in (
            ("city", town.CITY_HELPERS, town.CITY_UNITS),
            ("town", town.TOWN_HELPERS, town.TOWN_UNITS),
        ):
            for _ in range(count):
                number += 1
                sex = "male" if rng.random() < 0.7 else "female"
                birth_year = int(rng.integers(1963, 1992))
                self.helpers.append(
                    {
                        "helper_id": f"H{number:04d}",
                        "name": self.people.surname() + self.people.given_name(sex, birth_year),
                        "unit": str(rng.choice(units)),
                        "level": level,
                    }
                )
        responsible = [helper["helper_id"] for helper in self.helpers]
        registered = sorted(
            (h for h in self.households if h.removed_date is None),
            key=lambda h: (h.village_code, h.household_id),
        )
        # 包村: helpers take households of one or two neighbouring villages, 3 to 5 each.
        low, high = town.HOUSEHOLDS_PER_HELPER
        loads = [low] * len(responsible)
        extra = len(registered) - low * len(responsible)
        while extra > 0:
            index = int(rng.integers(0, len(loads)))
            if loads[index] < high:
                loads[index] += 1
                extra -= 1
        position = 0
        for helper_id, load in zip(responsible, loads, strict=True):
            for household in registered[position : position + load]:
                household.helper_id = helper_id
            position += load
        # Households removed in 2016 were on the books of helpers with room for one more.
        with_room = [helper for helper, load in zip(responsible, loads, strict=True) if load < high]
        for household in self.households:
            if household.removed_date is not None:
                household.helper_id = str(rng.choice(with_room))

        # A 2017 reshuffle: pairs of households swap helpers, so each helper keeps 3 to 5.
        # Distinct households, so no household is in two swaps and every load stays the same.
        swapped = self._sample(registered, 24)
        for a, b in zip(swapped[0::2], swapped[1::2], strict=True):
            if a.helper_id != b.helper_id:
                change = dt.date(2017, 3, 1)
                a.helper_changes.append((change, b.helper_id))
                b.helper_changes.append((change, a.helper_id))

        contacts_per_village = allocate(
            town.VILLAGE_CONTACTS, [units[5] for units in town.UNITS], minimum=1
        )
        number = 0
        village_contacts: dict[str, list[str]] = {}
        for (code, name, *_), count in zip(town.UNITS, contacts_per_village, strict=True):
            for _ in range(count):
                number += 1
                sex = "male" if rng.random() < 0.6 else "female"
                helper_id = f"C{number:03d}"
                self.helpers.append(
                    {
                        "helper_id": helper_id,
                        "name": self.people.surname()
                        + self.people.given_name(sex, int(rng.integers(1960, 1990))),
                        "unit": f"{name}村委会" if name.endswith("村") else name,
                        "level": "village",
                    }
                )
                village_contacts.setdefault(code, []).append(helper_id)
        for household in self.households:
            household.village_contact_id = str(rng.choice(village_contacts[household.village_code]))

    # ------------------------------------------------------------------- visits
    def _draw_visits(self) -> None:
        """Visit records: most helpers come monthly or so, a minority almost never (the report)."""
        rng = self.rng
        rates = {}
        for helper in self.helpers:
            roll = rng.random()
            if helper["level"] == "village":
                rates[helper["helper_id"]] = float(rng.uniform(0.2, 0.5))
            elif roll < 0.1:
                rates[helper["helper_id"]] = float(rng.uniform(0.02, 0.06))  # 工作流于形式
            elif roll < 0.25:
                rates[helper["helper_id"]] = float(rng.uniform(0.15, 0.35))
            else:
                rates[helper["helper_id"]] = float(rng.uniform(0.6, 1.3))
        kinds = ["visit", "policy", "condolence", "other"]
        number = 0
        for household in self.households:
            if household.removed_date is not None:
                continue  # archived with the household; no visit may outlive its household
            month = dt.date(max(household.identified_date.year, 2015), 1, 1)
            month = max(month, household.identified_date.replace(day=1))
            while month <= town.FINAL_DATE:
                days_in_month = (month.replace(day=28) + dt.timedelta(4)).replace(day=1) - month
                for helper_id in (household.helper_on(month), household.village_contact_id):
                    rate = rates[helper_id]
                    if household.status_on(month) == "exited":
                        rate *= 0.5  # 脱贫不脱帮扶, but less often
                    for _ in range(int(rng.poisson(rate))):
                        day = month + dt.timedelta(int(rng.integers(0, days_in_month.days)))
                        if day < household.identified_date or day > town.FINAL_DATE:
                            continue
                        kind_weights = [0.72, 0.15, 0.08, 0.05]
                        if month.month in (1, 2):
                            kind_weights = [0.5, 0.1, 0.35, 0.05]  # 春节慰问
                        number += 1
                        self.visits.append(
                            {
                                "visit_id": f"VS{number:06d}",
                                "helper_id": helper_id,
                                "household_id": household.household_id,
                                "visit_date": day,
                                "kind": str(rng.choice(kinds, p=kind_weights)),
                            }
                        )
                month = (month + dt.timedelta(32)).replace(day=1)

    # ----------------------------------------------------------------- payments
    def _pay(self, household: Household, program: str, amount: int, paid: dt.date, **extra) -> None:
        self.payments.append(
            {
                "payment_id": "",
                "household_id": household.household_id,
                "person_id": extra.get("person_id"),
                "program": program,
                "item": extra.get("item"),
                "amount_yuan": Decimal(amount),
                "paid_date": paid,
                "batch": extra.get("batch"),
            }
        )

    def _sample(self, items: list, count: int) -> list:
        """`count` distinct items, drawn by index so numpy never converts the items themselves."""
        return [items[int(index)] for index in self.rng.choice(len(items), count, replace=False)]

    def _active(self) -> list[Household]:
        return [h for h in self.households if h.removed_date is None]

    def _final_members(self, household: Household) -> list[Member]:
        """Members still there at the end: only they carry person-level events, so every
        person a payment names exists in every snapshot that holds the payment."""
        return [m for m in household.members if m.present_until is None]

    def _students(self, household: Household, on: dt.date, stages=IN_SCHOOL) -> list[Member]:
        return [
            m
            for m in self._final_members(household)
            if m.present_on(on) and school_stage_on(m.birth_date, m.track, on) in stages
        ]

    def _draw_payments(self) -> None:
        rng = self.rng
        active = self._active()
        self._draw_rainbow_plan(active)
        self._draw_education_aid(active)
        self._draw_transport_subsidy(active)
        self._draw_industry(active)

        # 危房改造 (F20): one payment per renovated house, on the day it became safe.
        for household in active:
            if (
                household.unsafe_housing_until is not None
                and household.unsafe_housing_until <= town.FINAL_DATE
            ):
                amount = int(rng.integers(15, 26)) * 1000
                self._pay(household, "housing_renovation", amount, household.unsafe_housing_until)

        # 光伏收益 (F31): the 三无 households, quarterly from 2017 Q3.
        three_without = [
            h
            for h in active
            if h.identified_date < dt.date(2017, 1, 1)
            and all(
                labor_on(m.birth_date, m.health, m.adult_labor, town.FINAL_DATE)
                not in ("normal", "skilled")
                for m in self._final_members(h)
            )
        ]
        for household in self._sample(three_without, town.PV_HOUSEHOLDS):
            for paid in (
                dt.date(2017, 9, 25),
                dt.date(2017, 12, 25),
                dt.date(2018, 3, 26),
                dt.date(2018, 6, 25),
            ):
                self._pay(household, "pv_income", town.PV_QUARTER_YUAN, paid)

        # 公益性岗位 (F19): ten posts from July 2017, paid monthly to one person each.
        workers = [
            (h, m)
            for h in active
            if h.identified_date < dt.date(2017, 1, 1)
            for m in self._final_members(h)
            if 30 <= age_on(m.birth_date, town.FINAL_DATE) <= 62
            and m.adult_labor in ("weak", "normal")
            and m.migrant_work == "none"
        ]
        for index in rng.choice(len(workers), town.WELFARE_JOB_PEOPLE, replace=False):
            household, member = workers[int(index)]
            post = str(rng.choice(town.WELFARE_POSTS))
            month = dt.date(2017, 7, 28)
            while month <= town.FINAL_DATE:
                self._pay(
                    household,
                    "public_welfare_job",
                    town.WELFARE_JOB_MONTHLY_YUAN,
                    month,
                    person_id=member.person_id,
                    item=post,
                )
                month = (month.replace(day=1) + dt.timedelta(32)).replace(day=28)

        # 健康扶贫: the sick get medical aid after reimbursement, a few times a year.
        for household in active:
            for member in self._final_members(household):
                if member.health not in ("chronic", "serious_illness"):
                    continue
                for _ in range(int(rng.poisson(1.2 if member.health == "chronic" else 2.5))):
                    paid = dt.date(2016, 1, 1) + dt.timedelta(int(rng.integers(0, 900)))
                    if paid < household.identified_date or not member.present_on(paid):
                        continue
                    high = 3000 if member.health == "chronic" else 20000
                    amount = int(rng.integers(200, high) // 10 * 10)
                    self._pay(household, "health_aid", amount, paid, person_id=member.person_id)

    def _draw_rainbow_plan(self, active: list[Household]) -> None:
        """雨露计划 (F16): 67 households with a vocational student, 116 semester payments."""
        rng = self.rng
        semesters = [
            dt.date(2016, 5, 20),
            dt.date(2016, 11, 18),
            dt.date(2017, 5, 19),
            dt.date(2017, 11, 17),
        ]

        def vocational_students(household: Household) -> list[tuple[Member, dt.date]]:
            return [
                (m, day)
                for day in semesters
                if household.registered_on(day)
                for m in self._students(household, day, VOCATIONAL)
            ]

        eligible = [h for h in active if vocational_students(h)]
        if len(eligible) < town.RAINBOW_HOUSEHOLDS:
            # Too few vocational students by chance: send more teenagers to vocational school.
            for household in active:
                for member in self._final_members(household):
                    if 14 <= age_on(member.birth_date, dt.date(2017, 5, 19)) <= 21:
                        member.track = "vocational"
                if household not in eligible and vocational_students(household):
                    eligible.append(household)
                if len(eligible) >= town.RAINBOW_HOUSEHOLDS:
                    break
        chosen = [
            eligible[int(i)]
            for i in rng.choice(len(eligible), town.RAINBOW_HOUSEHOLDS, replace=False)
        ]
        # Each household once; then second payments to those with more semesters, up to 116.
        pending = []
        for household in chosen:
            options = vocational_students(household)
            picks = rng.permutation(len(options))
            pending.append((household, [options[int(i)] for i in picks]))
        count = 0
        for household, options in pending:
            member, day = options[0]
            self._pay(
                household,
                "rainbow_plan",
                town.RAINBOW_SEMESTER_YUAN,
                day,
                person_id=member.person_id,
            )
            count += 1
        round_number = 1
        while count < town.RAINBOW_PAYMENTS:
            progressed = False
            for household, options in pending:
                if count >= town.RAINBOW_PAYMENTS:
                    break
                if round_number < len(options):
                    member, day = options[round_number]
                    self._pay(
                        household,
                        "rainbow_plan",
                        town.RAINBOW_SEMESTER_YUAN,
                        day,
                        person_id=member.person_id,
                    )
                    count += 1
                    progressed = True
            if not progressed:
                raise AssertionError("not enough vocational semesters for 116 雨露计划 payments")
            round_number += 1
        # 2018 spring, outside the report's window.
        for household, _options in pending[:20]:
            students = self._students(household, dt.date(2018, 5, 18), VOCATIONAL)
            if students:
                self._pay(
                    household,
                    "rainbow_plan",
                    town.RAINBOW_SEMESTER_YUAN,
                    dt.date(2018, 5, 18),
                    person_id=students[0].person_id,
                )

    def _draw_education_aid(self, active: list[Household]) -> None:
        """教育补助 (F15, F26): 412 household-years in 2015-2017, 123 students in 2018 H1."""
        rng = self.rng
        base = {
            "primary": 500,
            "junior": 625,
            "senior": 1000,
            "secondary_vocational": 1000,
            "higher_vocational": 1250,
            "college": 2000,
        }
        rows = []  # (household, member, day, base amount)
        for year, count in town.EDUCATION_AID_HOUSEHOLD_YEARS.items():
            day = dt.date(year, 10, 20)
            eligible = [h for h in active if h.registered_on(day) and self._students(h, day)]
            if len(eligible) < count:
                raise AssertionError(f"{len(eligible)} households with students in {year}")
            for index in rng.choice(len(eligible), count, replace=False):
                household = eligible[int(index)]
                students = self._students(household, day)
                for member in students[: 1 + int(rng.random() < 0.3)]:
                    stage = school_stage_on(member.birth_date, member.track, day)
                    paid = day + dt.timedelta(int(rng.integers(0, 40)))
                    rows.append((household, member, paid, base[stage]))
        amounts = calibrate(
            [r[3] for r in rows],
            town.EDUCATION_AID_YUAN_2015_2017,
            125,
            [500] * len(rows),
            [3000] * len(rows),
            rng,
        )
        for (household, member, paid, _), amount in zip(rows, amounts, strict=True):
            self._pay(household, "education_aid", amount, paid, person_id=member.person_id)

        day = dt.date(2018, 3, 15)
        students = [(h, m) for h in active if h.registered_on(day) for m in self._students(h, day)]
        count, total = town.EDUCATION_AID_2018H1
        if len(students) < count:
            raise AssertionError(f"only {len(students)} students in 2018")
        picks = [students[int(i)] for i in rng.choice(len(students), count, replace=False)]
        bases = [base[school_stage_on(m.birth_date, m.track, day)] // 2 + 100 for _, m in picks]
        bases = [amount // 25 * 25 for amount in bases]
        amounts = calibrate(bases, total, 25, [300] * count, [1500] * count, rng)
        for (household, member), amount in zip(picks, amounts, strict=True):
            paid = day + dt.timedelta(int(rng.integers(0, 60)))
            self._pay(household, "education_aid", amount, paid, person_id=member.person_id)

    def _draw_transport_subsidy(self, active: list[Household]) -> None:
        """外出务工交通补助 (F17): 135 household-years, 91,500 yuan in 2015-2017."""
        rng = self.rng
        rows = []
        for year, count in town.TRANSPORT_HOUSEHOLD_YEARS.items():
            day = dt.date(year, 2, 20)  # after the Spring Festival, when workers leave
            eligible = []
            for household in active:
                if not household.registered_on(day):
                    continue
                workers = [
                    m
                    for m in self._final_members(household)
                    if m.migrant_work in ("out_of_province", "in_province")
                    and age_on(m.birth_date, day) >= 18
                ]
                if workers:
                    eligible.append((household, workers))
            if len(eligible) < count:
                raise AssertionError(f"{len(eligible)} migrant households in {year}")
            for index in rng.choice(len(eligible), count, replace=False):
                household, workers = eligible[int(index)]
                for member in workers[: 1 + int(rng.random() < 0.25)]:
                    base = 600 if member.migrant_work == "out_of_province" else 400
                    paid = day + dt.timedelta(int(rng.integers(0, 30)))
                    rows.append((household, member, paid, base))
        amounts = calibrate(
            [r[3] for r in rows],
            town.TRANSPORT_YUAN,
            100,
            [200] * len(rows),
            [1000] * len(rows),
            rng,
        )
        for (household, member, paid, _), amount in zip(rows, amounts, strict=True):
            self._pay(household, "transport_subsidy", amount, paid, person_id=member.person_id)

    def _draw_industry(self, active: list[Household]) -> None:
        """特色种养业 (F27-F30): nine batches since 2017, plus two in 2016 outside the window."""
        rng = self.rng
        start_2017 = dt.date(2017, 1, 1)
        eligible = [h for h in active if h.identified_date < start_2017]
        picks = rng.choice(len(eligible), town.INDUSTRY_HOUSEHOLDS, replace=False)
        chosen = [eligible[int(i)] for i in picks]
        overlap = 7  # households that declared in 2017 and again in 2018
        in_2018 = town.INDUSTRY_2018H1_HOUSEHOLDS
        households_2017 = chosen[: town.INDUSTRY_HOUSEHOLDS - in_2018 + overlap]
        households_2018 = chosen[town.INDUSTRY_HOUSEHOLDS - in_2018 + overlap :]
        households_2018 += households_2017[:overlap]

        def declare(households, plan, batches, step):
            total_rows = sum(rows for rows, _ in plan.values())
            # Every household at least one project; the rest go to households again.
            owners = list(households) + [
                households[int(i)]
                for i in rng.integers(0, len(households), total_rows - len(households))
            ]
            programs = [p for p, (rows, _) in plan.items() for _ in range(rows)]
            programs = [programs[int(i)] for i in rng.permutation(len(programs))]
            by_program: dict[str, list] = {p: [] for p in plan}
            for owner, program in zip(owners, programs, strict=True):
                item = self._industry_item(owner.village_code, program)
                _, low, high = town.INDUSTRY_ITEMS[item]
                amount = int(rng.uniform(low, high)) // step * step
                batch, paid = batches[int(rng.integers(0, len(batches)))]
                by_program[program].append((owner, item, batch, paid, amount, low, high))
            for program, (_, yuan) in plan.items():
                rows = by_program[program]
                lows = [int(np.ceil(r[5] / step) * step) for r in rows]
                highs = [r[6] // step * step for r in rows]
                amounts = calibrate([r[4] for r in rows], yuan, step, lows, highs, rng)
                for (owner, item, batch, paid, _, _, _), amount in zip(rows, amounts, strict=True):
                    self._pay(owner, program, amount, paid, item=item, batch=batch)

        declare(households_2017, town.INDUSTRY_2017, town.INDUSTRY_BATCHES_2017, 10)
        declare(households_2018, town.INDUSTRY_2018H1, town.INDUSTRY_BATCHES_2018, 100)
        # 2016, before the report's window: plausible amounts, no calibration.
        early = [h for h in active if h.identified_date < dt.date(2016, 6, 1)]
        for index in rng.choice(len(early), 140, replace=False):
            owner = early[int(index)]
            program = str(rng.choice(list(town.INDUSTRY_2017)))
            item = self._industry_item(owner.village_code, program)
            _, low, high = town.INDUSTRY_ITEMS[item]
            batch, paid = town.INDUSTRY_BATCHES_2016[int(rng.integers(0, 2))]
            self._pay(
                owner, program, int(rng.uniform(low, high)) // 10 * 10, paid, item=item, batch=batch
            )

    def _industry_item(self, village_code: str, program: str) -> str:
        preferences = {
            item: weight
            for item, weight in town.ITEM_PREFERENCES[village_code].items()
            if town.INDUSTRY_ITEMS[item][0] == program
        }
        if not preferences:  # a village with no leaning in this program takes the town's usual
            preferences = {"花生": 1} if program == "industry_planting" else {"养鸡": 1}
        items, weights = zip(*preferences.items(), strict=True)
        return str(self.rng.choice(items, p=np.array(weights) / sum(weights)))

    # -------------------------------------------------------------------- loans
    def _draw_loans(self) -> None:
        rng = self.rng
        active = self._active()
        early = [h for h in active if h.identified_date < dt.date(2017, 1, 1)]
        households, amount = town.ENTERPRISE_LOANS
        self_use_count = sum(count for _, count in town.SELF_USE_LOANS)
        picks = rng.choice(len(early), households + self_use_count, replace=False)
        borrowers = [early[int(i)] for i in picks]
        number = 0
        for household in borrowers[:households]:
            number += 1
            issued = dt.date(2017, 1, 10) + dt.timedelta(int(rng.integers(0, 160)))
            self.loans.append(
                {
                    "loan_id": f"L{number:05d}",
                    "household_id": household.household_id,
                    "mode": "enterprise_use",
                    "amount_yuan": Decimal(amount),
                    "issued_date": issued,
                    "term_months": 36,
                    "enterprise": str(rng.choice(town.LOAN_ENTERPRISES)),
                }
            )
            # One year's dividend, 7% of the loan, paid after the year end (F23).
            self._pay(
                household,
                "loan_dividend",
                town.LOAN_DIVIDEND_YUAN,
                dt.date(2018, 1, 15) + dt.timedelta(int(rng.integers(0, 20))),
            )
        self_use = borrowers[households:]
        amounts = [yuan for yuan, count in town.SELF_USE_LOANS for _ in range(count)]
        for household, yuan in zip(self_use, amounts, strict=True):
            number += 1
            earliest = max(household.identified_date, dt.date(2015, 6, 1))
            issued = earliest + dt.timedelta(
                int(rng.integers(0, (dt.date(2018, 5, 31) - earliest).days))
            )
            self.loans.append(
                {
                    "loan_id": f"L{number:05d}",
                    "household_id": household.household_id,
                    "mode": "self_use",
                    "amount_yuan": Decimal(yuan),
                    "issued_date": issued,
                    "term_months": int(rng.choice([12, 24, 36], p=[0.3, 0.3, 0.4])),
                    "enterprise": None,
                }
            )
        # Payments were numbered before the dividends were added: number them again.
        self.payments.sort(key=lambda row: (row["paid_date"], row["household_id"], row["program"]))
        for number, row in enumerate(self.payments, start=1):
            row["payment_id"] = f"P{number:06d}"

    # ---------------------------------------------------------------- trainings
    def _draw_trainings(self) -> None:
        """就业培训 (F18): 22 people at the city's course, 356 at the town's, some twice."""
        rng = self.rng
        people = [
            (h, m)
            for h in self._active()
            if h.identified_date < dt.date(2016, 1, 1)
            for m in self._final_members(h)
            if 17 <= age_on(m.birth_date, dt.date(2016, 1, 1)) <= 62
        ]
        town_picks = rng.choice(len(people), town.TOWN_TRAINEES, replace=False)
        sessions = [
            dt.date(2016, 4, 12),
            dt.date(2016, 10, 18),
            dt.date(2017, 4, 11),
            dt.date(2017, 10, 17),
            dt.date(2018, 4, 10),
        ]
        for index in town_picks:
            _, member = people[int(index)]
            for day in self._sample(sessions, 1 + int(rng.random() < 0.3)):
                self.trainings.append(
                    {"person_id": member.person_id, "course": "town_skills", "training_date": day}
                )
        able = [i for i in town_picks if people[int(i)][1].adult_labor in ("normal", "skilled")]
        for index in rng.choice(able, town.CITY_TRAINEES, replace=False):
            _, member = people[int(index)]
            day = dt.date(2017, 6, 5) + dt.timedelta(int(rng.integers(0, 300)))
            self.trainings.append(
                {"person_id": member.person_id, "course": "city_employment", "training_date": day}
            )
        self.trainings.sort(key=lambda row: (row["training_date"], row["person_id"]))

    # ------------------------------------------------------------------ targets
    def _draw_targets(self) -> None:
        for year, (households, people) in town.PAST_TARGETS.items():
            self.targets.append(
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
                for h in self._active()
                if h.status_on(town.FINAL_DATE) != "exited" and h.planned_exit_year == year
            ]
            planned_people = sum(len(self._final_members(h)) for h in planned)
            self.targets.append(
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
                self.targets.append(
                    {
                        "year": year,
                        "village_code": code,
                        "households": len(in_village),
                        "people": sum(len(self._final_members(h)) for h in in_village),
                    }
                )

    # ----------------------------------------------------------- planted errors
    def _plant_errors(self) -> None:
        """A few deliberate data errors for the /quality page to find (docs/demo-errors.md).

        Each is an override of one row's values from a snapshot date on, applied by
        `_apply_planted_errors` at the end of `tables_at`, or one extra payment row. None
        touches what the report's 33 figures count, nor anything the data contract forbids
        (ID numbers stay valid and agree with the person's sex and birth date).
        """
        final = town.FINAL_DATE
        autumn = town.SNAPSHOT_DATES[-2]  # 2017-12-31: some errors are older, for the trend
        self.planted_overrides: list[tuple[str, str, str, dict, dt.date]] = []
        used: set[str] = set()

        def plant(table: str, key: str, value: str, changes: dict, since: dt.date) -> None:
            self.planted_overrides.append((table, key, value, changes, since))

        villages = [code for code, *_ in town.UNITS]

        def pick(households, wanted):
            # Each planted error in the next village in turn, so the page's villages differ.
            village = villages[len(used) % len(villages)]
            order = sorted(households, key=lambda h: (h.village_code != village, h.household_id))
            for household in order:
                if household.household_id in used:
                    continue
                member = wanted(household)
                if member is not False and member is not None:
                    used.add(household.household_id)
                    return household, member
            raise AssertionError("no household fits a planted error")

        registered = [h for h in self._active() if h.registered_on(final)]
        exited = [h for h in registered if h.status_on(final) == "exited"]

        def present(household):
            return [m for m in household.members if m.present_on(final)]

        def aged(low, high, stage=None):
            def wanted(household):
                for member in present(household):
                    age = age_on(member.birth_date, final)
                    if low <= age <= high and (
                        stage is None
                        or school_stage_on(member.birth_date, member.track, final) == stage
                    ):
                        return member
                return None

            return wanted

        # C04: an exited household's child of 9 to 12, in primary school, recorded out of school.
        _, child = pick(exited, aged(9, 12, "primary"))
        plant("members", "person_id", child.person_id, {"school_stage": "none"}, final)
        # C21: a migrant worker whose months were lost: a place, 0 months (since 2017-12-31).
        _, worker = pick(
            [h for h in registered if h.identified_date.year == 2014],
            lambda h: next((m for m in present(h) if m.migrant_work != "none"), None),
        )
        plant("members", "person_id", worker.person_id, {"migrant_months": 0}, autumn)

        # C15: 因学 recorded for a household with no one in school.
        def no_student(household):
            stages = [school_stage_on(m.birth_date, m.track, final) for m in present(household)]
            return household.main_cause == "lack_capital" and all(
                stage in ("none", "preschool") for stage in stages
            )

        household, _ = pick(registered, no_student)
        plant(
            "households", "household_id", household.household_id, {"main_cause": "education"}, final
        )

        # C13: 因病 recorded for a household whose members are all healthy.
        def all_healthy(household):
            return household.main_cause == "lack_skills" and all(
                m.health == "healthy" for m in present(household)
            )

        household, _ = pick(registered, all_healthy)
        plant(
            "households", "household_id", household.household_id, {"main_cause": "illness"}, final
        )

        # C28: a wife recorded as a man (with an ID number of a man, so the number stays valid).
        def wife(household):
            heads = [m for m in present(household) if m.relation == "head" and m.sex == "male"]
            wives = [m for m in present(household) if m.relation == "spouse"]
            return wives[0] if heads and wives and wives[0].sex == "female" else None

        _, spouse = pick(registered, wife)
        changes = {"sex": "male", "id_number": self.people.id_number(spouse.birth_date, "male")}
        plant("members", "person_id", spouse.person_id, changes, final)
        # C17: a 14- or 15-year-old recorded as ordinary labour.
        _, teenager = pick(registered, aged(14, 15))
        plant("members", "person_id", teenager.person_id, {"labor": "normal"}, final)
        # C29: a 12- or 13-year-old in junior school recorded in senior school (since 2017-12-31).
        _, pupil = pick(
            [h for h in registered if h.identified_date < autumn], aged(13, 13, "junior")
        )
        plant("members", "person_id", pupil.person_id, {"school_stage": "senior"}, autumn)
        # C37: a 健康扶贫 payment entered twice, under a new payment id (no figure counts it).
        original = min(
            (
                p
                for p in self.payments
                if p["program"] == "health_aid" and dt.date(2017, 1, 1) <= p["paid_date"] <= autumn
            ),
            key=lambda p: p["payment_id"],
        )
        self.payments.append(dict(original, payment_id="P900001"))

    def _apply_planted_errors(self, rows: dict[str, list], on: dt.date) -> dict[str, list]:
        """`rows` with the planted overrides of `_plant_errors` dated on or before `on`."""
        for table, key, value, changes, since in self.planted_overrides:
            if on < since:
                continue
            rows[table] = [
                dict(row, **changes) if row[key] == value else row for row in rows[table]
            ]
        return rows

    # ---------------------------------------------------------------- snapshots
    def tables_at(self, on: dt.date) -> dict[str, pd.DataFrame]:
        """Every contract table as registered on `on`, with every event dated on or before it."""
        income_year = on.year if on.month == 12 else on.year - 1
        households, members = [], []
        present_ids = set()
        for household in self.households:
            if on < household.identified_date:
                continue
            status = household.status_on(on)
            if household.removed_date is not None:
                if on < household.removed_date:
                    status = "not_exited"
                elif _first_snapshot_on_or_after(household.removed_date) == on:
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
                exited_by_income_year = (
                    household.status_on(dt.date(income_year, 12, 31)) == "exited"
                )
                factor = household.income_factor
                if exited_by_income_year:
                    factor = 1.25 + 0.6 * (household.income_factor - 0.55) / 0.42
                line = self.lines[income_year]
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
            for member in present:
                changes = member.changes_on(on)
                health = changes.get("health", member.health)
                labor = labor_on(member.birth_date, health, member.adult_labor, on)
                adult = age_on(member.birth_date, on) >= 18 and labor in ("normal", "skilled")
                row = {
                    "person_id": member.person_id,
                    "household_id": member.household_id,
                    "name": member.name,
                    "id_number": member.id_number,
                    "relation": member.relation,
                    "sex": member.sex,
                    "birth_date": member.birth_date,
                    "education": education_on(
                        member.birth_date, member.track, member.adult_education, on
                    ),
                    "school_stage": school_stage_on(member.birth_date, member.track, on),
                    "health": health,
                    "labor": labor,
                    "migrant_work": member.migrant_work if adult else "none",
                    "migrant_months": member.migrant_months if adult else 0,
                    # Newborns are insured at the next annual enrolment, not at birth.
                    "medical_insurance": (on - member.birth_date).days > NEWBORN_UNINSURED_DAYS,
                }
                members.append(row | {k: v for k, v in changes.items() if k != "health"})
        person_ids = {row["person_id"] for row in members}
        payments = [p for p in self.payments if p["paid_date"] <= on]
        missing = [
            p
            for p in payments
            if p["household_id"] not in present_ids
            or (p["person_id"] is not None and p["person_id"] not in person_ids)
        ]
        if missing:
            raise AssertionError(
                f"payments whose household or person is absent on {on}: {missing[:3]}"
            )
        rows = {
            "villages": self.villages,
            "households": households,
            "members": members,
            "helpers": self.helpers,
            "visits": [v for v in self.visits if v["visit_date"] <= on],
            "payments": payments,
            "loans": [row for row in self.loans if row["issued_date"] <= on],
            "trainings": [t for t in self.trainings if t["training_date"] <= on],
            # The plan reaches two years ahead: the county hands down targets to 2020.
            "targets": [t for t in self.targets if t["year"] <= on.year + 2],
            "village_projects": _projects_on(on),
            "monitoring": [
                _monitoring_row(spell, on)
                for spell in self.monitoring
                if spell["identified_date"] <= on
            ],
            "department_records": [r for r in self.department_records if r["record_date"] <= on],
        }
        rows = self._apply_planted_errors(rows, on)
        return {
            name: pd.DataFrame(table_rows, columns=contract.table(name).column_names)
            for name, table_rows in rows.items()
        }


def _monitoring_row(spell: dict, on: dt.date) -> dict:
    """A monitoring spell as a snapshot on `on` records it: eliminated only once it was, and
    its measures only once they were recorded."""
    eliminated = spell["eliminated_date"] is not None and spell["eliminated_date"] <= on
    return {
        "household_id": spell["household_id"],
        "object_type": spell["object_type"],
        "identified_date": spell["identified_date"],
        "risk_types": spell["risk_types"],
        "main_risk": spell["main_risk"],
        "eliminated": eliminated,
        "eliminated_date": spell["eliminated_date"] if eliminated else None,
        "measures": spell["measures"] if spell["measures_date"] <= on else None,
    }


def _first_snapshot_on_or_after(day: dt.date) -> dt.date | None:
    return next((d for d in town.SNAPSHOT_DATES if d >= day), None)


def _projects_on(on: dt.date) -> list[dict]:
    """Village projects known on a date, with the status they had then."""
    rows = []
    for number, (code, name, category, budget, year, final_status) in enumerate(
        town.VILLAGE_PROJECTS, start=1
    ):
        if on.year < year - 1 or (on.year == year - 1 and on.month < 12):
            continue  # planned at the end of the year before
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


def calibrate(amounts, target, step, lows, highs, rng: np.random.Generator) -> list[int]:
    """Nudge amounts by `step` within their bounds until they add up to `target` exactly.

    The draw keeps its shape (most amounts move by a step or two), so the calibrated figures
    still look like declarations, not like an even split of the total.
    """
    amounts = [int(amount) for amount in amounts]
    if (target - sum(amounts)) % step:
        raise ValueError(
            f"target {target} cannot be reached from {sum(amounts)} in steps of {step}"
        )
    if not sum(lows) <= target <= sum(highs):
        raise ValueError(f"target {target} outside [{sum(lows)}, {sum(highs)}]")
    amounts = [min(max(a, low), high) for a, low, high in zip(amounts, lows, highs, strict=True)]
    difference = target - sum(amounts)
    while difference:
        index = int(rng.integers(0, len(amounts)))
        if difference > 0 and amounts[index] + step <= highs[index]:
            amounts[index] += step
            difference -= step
        elif difference < 0 and amounts[index] - step >= lows[index]:
            amounts[index] -= step
            difference += step
    return amounts


def allocate(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` into whole parts proportional to `weights` (largest remainder), each >= minimum."""
    base = [minimum] * len(weights)
    left = total - minimum * len(weights)
    shares = [left * w / sum(weights) for w in weights]
    parts = [int(share) for share in shares]
    order = sorted(range(len(weights)), key=lambda i: shares[i] - parts[i], reverse=True)
    for i in order[: left - sum(parts)]:
        parts[i] += 1
    return [b + p for b, p in zip(base, parts, strict=True)]
