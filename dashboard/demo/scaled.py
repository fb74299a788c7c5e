"""The larger demos: a county of about 15 towns, a province of about a million households.

The demo town (`generator.py`) is drawn household by household and calibrated to the report's
33 figures; at a million households that would take hours. This generator draws the same kind
of register with numpy, one array per column, and cuts the eight snapshots out of one history
the same way: a household is on the register from its identification, exits at the end of its
exit year, may relapse or be removed; members are born and die between snapshots; every event
(visit, payment, loan, training) is dated, and a snapshot holds those dated on or before it.

Towns differ as real ones do: each draws its size, its poverty incidence, how early its
households exit, the two or three industries it leans to, and how often its helpers visit.
Nothing here is calibrated to a report: these are synthetic figures for a county or province
office to try the dashboard at scale. Every unit's code and name, from the province down to the
village, is the real one of the official 2023 统计用区划代码 (`dashboard/divisions.py`): the county
demo's towns are 明光市's own (女山湖镇 aside, which is the town demo), their villages the towns'
own 村 and 社区. Only the register inside them is synthetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import contract, divisions
from dashboard.demo import town as demo_town
from dashboard.demo.people import GIVEN_NAMES, SURNAME_WEIGHTS, SURNAMES
from dashboard.reference import division_names, poverty_lines

# GB 11643 check characters for whole arrays at once (a province's millions of numbers): the one
# vectorised form; tests/demo/test_scaled.py checks its numbers with python-stdnum.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

SNAPSHOT_DATES = demo_town.SNAPSHOT_DATES
FINAL_DATE = demo_town.FINAL_DATE
VISITS_FROM = dt.date(2015, 1, 1)  # helpers' visit records start with the 2015 system
EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True)
class Scale:
    """What one `--scale` generates: which counties, how many towns each, how many households."""

    name: str
    county_prefix: str  # counties and county-level cities whose code starts with this
    towns_per_county: tuple[int, int]  # low, high (inclusive); at most the county's real towns
    households_per_town: float  # median; towns spread around it (log-normal)
    seed: int


SCALES = {
    "county": Scale("county", "341182", (15, 15), 700, 20180512),
    # 59 counties x about 14 real towns (at most 20; fewer where the county has fewer) x about
    # 1,100 households: a million households, 2.2 M people.
    "province": Scale("province", "34", (12, 20), 1_100, 20180513),
}

DEMO_TOWN_CODE = demo_town.TOWN_CODE  # the town demo's own town: not drawn again here
COUNTY_SUFFIXES = (
    "县",
    "市",
)  # counties and county-level cities; urban districts (区) are left out
URBAN_VILLAGE_NUMBERS = (
    200  # village-level numbers below 200 are 居委会 (communities), by the code rules
)
INDUSTRY_ITEMS = list(demo_town.INDUSTRY_ITEMS)
CITY_UNITS = [unit.replace("市", "县", 1) for unit in demo_town.CITY_UNITS]
TOWN_UNITS = demo_town.TOWN_UNITS
ENTERPRISE_KINDS = (
    "农业科技有限公司",
    "专业合作社",
    "禽业有限公司",
    "米业有限公司",
    "食品有限公司",
)


# ----------------------------------------------------------------------------- divisions
# ------------------------------------------------------------------------- fast strings
def digits(numbers: np.ndarray, width: int) -> np.ndarray:
    """ASCII bytes of zero-padded decimal numbers, one row per number: (n, width) uint8."""
    numbers = np.asarray(numbers, dtype=np.int64)
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return ((numbers[:, None] // powers) % 10 + ord("0")).astype(np.uint8)


def text_of(*parts: np.ndarray | bytes) -> pa.Array:
    """A string array from fixed-width byte blocks (and constant prefixes), joined per row.

    >>> text_of(b"H", digits(np.array([7, 42]), 3)).to_pylist()
    ['H007', 'H042']
    """
    rows = next(len(part) for part in parts if isinstance(part, np.ndarray))
    blocks = [
        np.broadcast_to(np.frombuffer(part, dtype=np.uint8), (rows, len(part)))
        if isinstance(part, bytes)
        else part
        for part in parts
    ]
    matrix = np.ascontiguousarray(np.hstack(blocks))
    return pa.array(matrix.view(f"S{matrix.shape[1]}").ravel()).cast(pa.string())


def code_bytes(codes: list[str], index: np.ndarray) -> np.ndarray:
    """The ASCII bytes of `codes[index]` (codes of one width), one row per index."""
    table = np.frombuffer("".join(codes).encode("ascii"), dtype=np.uint8).reshape(len(codes), -1)
    return table[index]


def pick_strings(values: list[str], index: np.ndarray) -> pa.Array:
    """`values[index]` as an Arrow string array (None in `values` gives NULL)."""
    return pa.array(values, type=pa.string()).take(pa.array(index))


def decimal_yuan(cents: np.ndarray, precision: int = 12) -> pa.Array:
    """DECIMAL(precision, 2) from whole cents, built from the unscaled 128-bit integers."""
    cents = np.asarray(cents, dtype=np.int64)
    words = np.empty((len(cents), 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = np.where(cents < 0, -1, 0)
    return pa.Array.from_buffers(
        pa.decimal128(precision, 2), len(cents), [None, pa.py_buffer(words.tobytes())]
    )


def days(day: dt.date) -> int:
    """Days since 1970-01-01: dates are int32 day numbers throughout the generator."""
    return (day - dt.date(1970, 1, 1)).days


def date_array(day_numbers: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(day_numbers, dtype=np.int32), type=pa.int32()).cast(pa.date32())


def year_month_day(day_numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Calendar year, month and day of day numbers (vectorised)."""
    as_dates = np.asarray(day_numbers, dtype="int64").astype("datetime64[D]")
    years = as_dates.astype("datetime64[Y]").astype(int) + 1970
    months = as_dates.astype("datetime64[M]").astype(int) % 12 + 1
    day_of_month = (as_dates - as_dates.astype("datetime64[M]")).astype(int) + 1
    return years, months, day_of_month


def ages_on(birth_year, birth_month_day, on: dt.date) -> np.ndarray:
    """Whole years of age on `on` (as `dashboard.demo.people.age_on`, vectorised)."""
    before_birthday = (on.month * 100 + on.day) < birth_month_day
    return on.year - birth_year - before_birthday.astype(np.int64)


# ---------------------------------------------------------------------------- the draw
class ScaledDemo:
    """A county's or a province's register and its history; `tables_at` cuts snapshots out."""

    def __init__(self, scale: Scale) -> None:
        self.scale = scale
        self.rng = np.random.default_rng(scale.seed)
        self.lines = poverty_lines()
        self._draw_areas()
        self._draw_households()
        self._draw_members()
        self._draw_helpers()
        self._draw_visits()
        self._draw_payments()
        self._draw_loans()
        self._draw_trainings()
        self._draw_targets()
        self._draw_projects()

    @property
    def household_count(self) -> int:
        return len(self.hh_village)

    # ------------------------------------------------------------------ areas and towns
    def _draw_areas(self) -> None:
        rng = self.rng
        names = division_names()
        counties = [
            code
            for code, name in divisions.units_under(self.scale.county_prefix, "county")
            if name.endswith(COUNTY_SUFFIXES)
        ]
        town_rows, village_rows = [], []
        low, high = self.scale.towns_per_county
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
        self.town_codes = [row["town_code"] for row in town_rows]
        self.town_names = [row["town_name"] for row in town_rows]
        self.town_county = [row["county_code"] for row in town_rows]
        median = self.scale.households_per_town
        self.town_households = np.maximum(
            120, rng.lognormal(np.log(median), 0.45, town_count)
        ).astype(np.int64)
        self.town_incidence = rng.uniform(0.04, 0.14, town_count)  # poor people / population
        # exit pace: how much of the 2014 register had exited by each year end (cumulative)
        pace = rng.normal(0.0, 0.08, town_count)
        self.town_exit_share = np.clip(
            np.column_stack([0.17 + pace, 0.36 + pace, 0.52 + pace * 1.2, 0.69 + pace * 1.2]),
            0.05,
            0.9,
        )
        self.town_exit_share = np.maximum.accumulate(self.town_exit_share, axis=1)
        self.town_visit_factor = rng.lognormal(0.0, 0.35, town_count)
        self.town_items = [
            list(rng.choice(len(INDUSTRY_ITEMS), int(rng.integers(2, 5)), replace=False))
            for _ in range(town_count)
        ]
        self.town_item_count = np.array([len(items) for items in self.town_items])
        self.town_item_matrix = np.array(
            [items + items[:1] * (4 - len(items)) for items in self.town_items]
        )
        self.town_industry_share = rng.uniform(0.15, 0.45, town_count)

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
        self.village_codes = [row["village_code"] for row in village_rows]
        self.village_names = [row["village_name"] for row in village_rows]
        self.village_kinds = [row["kind"] for row in village_rows]
        self.village_town = np.array(village_town, dtype=np.int64)
        village_count = len(village_rows)
        self.village_weight = rng.gamma(3.0, 1.0, village_count)  # share of its town's poor
        self.village_groups = rng.integers(6, 22, village_count)
        self.village_is_poor = rng.random(village_count) < 0.2
        self.village_exit_year = np.where(
            self.village_is_poor, rng.choice([2016, 2017, 2018, 2019], village_count), -1
        )
        self.names = names

    def villages_table(self) -> pa.Table:
        towns = self.village_town
        county = [self.town_county[int(t)] for t in towns]
        prefecture = [code[:4] for code in county]
        province = [code[:2] for code in county]
        poor_exit = np.where(self.village_exit_year <= FINAL_DATE.year, self.village_exit_year, -1)
        return pa.table(
            {
                "village_code": pa.array(self.village_codes),
                "village_name": pa.array(self.village_names),
                "town_code": pick_strings(self.town_codes, towns),
                "town_name": pick_strings(self.town_names, towns),
                "county_code": pa.array(county),
                "county_name": pa.array([self.names[code] for code in county]),
                "prefecture_code": pa.array(prefecture),
                "prefecture_name": pa.array([self.names[code] for code in prefecture]),
                "province_code": pa.array(province),
                "province_name": pa.array([self.names[code] for code in province]),
                "kind": pa.array(self.village_kinds),
                "groups_count": pa.array(self.village_groups.astype(np.int32)),
                "population": pa.array(self.village_population.astype(np.int32)),
                "is_poor_village": pa.array(self.village_is_poor),
                "poor_village_exit_year": pa.array(
                    np.where(poor_exit > 0, poor_exit, 0).astype(np.int32), mask=poor_exit <= 0
                ),
            }
        )

    # --------------------------------------------------------------------- households
    def _draw_households(self) -> None:
        rng = self.rng
        # households per village: the town's total split by the villages' weights
        per_village = np.zeros(len(self.village_codes), dtype=np.int64)
        for town_index, total in enumerate(self.town_households):
            villages = np.flatnonzero(self.village_town == town_index)
            shares = self.village_weight[villages] / self.village_weight[villages].sum()
            per_village[villages] = rng.multinomial(int(total), shares)
        count = int(per_village.sum())
        village = np.repeat(np.arange(len(per_village)), per_village)
        self.hh_village = village
        self.hh_town = self.village_town[village]
        self.hh_number = np.arange(count) - np.repeat(
            np.cumsum(per_village) - per_village, per_village
        )
        self.hh_number += 1
        self.hh_size = rng.choice(
            np.arange(1, 7), count, p=[0.25, 0.28, 0.2, 0.15, 0.09, 0.03]
        ).astype(np.int64)

        # identification: most in 2014, some added at the yearly 动态调整 2015-2017
        late = rng.random(count) < 0.09
        identified_year = np.where(late, rng.integers(2015, 2018, count), 2014)
        start = np.array([days(dt.date(int(y), 3, 1)) for y in (2014, 2015, 2016, 2017)])
        self.hh_identified = start[identified_year - 2014] + rng.integers(0, 220, count)
        self.hh_identified_year = identified_year

        # exit year from the town's pace; None (-1) for those still poor on 2018-06-30
        shares = self.town_exit_share[self.hh_town]
        roll = rng.random(count)
        exit_year = np.full(count, -1, dtype=np.int64)
        for offset in range(3, -1, -1):
            exit_year = np.where(roll < shares[:, offset], 2014 + offset, exit_year)
        # single old people exit early (五保 and 低保 兜底), large families later
        exit_year = np.where(
            (exit_year > 2014) & (self.hh_size == 1) & (rng.random(count) < 0.3), 2014, exit_year
        )
        exit_year = np.where(
            (exit_year >= 0) & (exit_year < identified_year), identified_year, exit_year
        )
        self.hh_exit_year = exit_year
        remaining = exit_year < 0
        self.hh_planned = np.where(
            remaining, rng.choice([2018, 2019, 2020], count, p=[0.55, 0.3, 0.15]), exit_year
        )
        # 返贫 (relapse) after exiting in 2015 or 2016; 清退 (removed) at the 2016 回头看
        relapse = (exit_year >= 2015) & (exit_year <= 2016) & (rng.random(count) < 0.012)
        self.hh_relapse = np.where(
            relapse, days(dt.date(2017, 3, 1)) + rng.integers(0, 420, count), -1
        )
        removed = (identified_year == 2014) & remaining & (rng.random(count) < 0.01)
        self.hh_removed = np.where(
            removed, days(dt.date(2016, 4, 1)) + rng.integers(0, 60, count), -1
        )
        self.hh_planned = np.where(removed, 2016, self.hh_planned)
        self.hh_income_factor = rng.uniform(0.55, 0.97, count)
        planned_2018 = remaining & (self.hh_planned == 2018) & (rng.random(count) < 0.6)
        self.hh_income_factor = np.where(
            planned_2018, rng.uniform(1.02, 1.45, count), self.hh_income_factor
        )
        self.hh_income_factor = np.where(
            removed, rng.uniform(1.3, 2.0, count), self.hh_income_factor
        )
        self.hh_attribute = rng.choice(3, count, p=[0.72, 0.2, 0.08])  # general, dibao, tekun
        self.hh_attribute = np.where(
            self.hh_size == 1, rng.choice(3, count, p=[0.3, 0.35, 0.35]), self.hh_attribute
        )
        causes = list(contract.MAIN_CAUSES)
        weights = {"illness": 34, "disability": 16, "education": 8, "disaster": 4, "lack_land": 4}
        weights |= {"lack_water": 2, "lack_skills": 10, "lack_labor": 9, "lack_capital": 9}
        weights |= {"poor_transport": 2, "lack_motivation": 2}
        probabilities = np.array([weights.get(cause, 0) for cause in causes], dtype=float)
        self.hh_cause = rng.choice(len(causes), count, p=probabilities / probabilities.sum())
        self.hh_unsafe_housing = np.where(
            rng.random(count) < 0.04,
            np.maximum(
                self.hh_identified + 60, days(dt.date(2016, 4, 1)) + rng.integers(0, 1000, count)
            ),
            -1,
        )
        self.hh_unsafe_water = np.where(
            rng.random(count) < 0.03, days(dt.date(2017, 9, 30)) + rng.integers(0, 400, count), -1
        )
        self.hh_doctor = np.maximum(
            self.hh_identified, days(dt.date(2016, 6, 1)) + rng.integers(0, 600, count)
        )
        self.hh_group = rng.integers(0, 1_000_000, count) % self.village_groups[village]

        # the population of each village: its poor people over the town's incidence
        people = np.bincount(village, weights=self.hh_size, minlength=len(per_village))
        incidence = self.town_incidence[self.village_town]
        self.village_population = np.maximum(
            300, (people / incidence * rng.uniform(0.8, 1.2, len(people))).round()
        ).astype(np.int64)

    # ------------------------------------------------------------------------ members
    def _draw_members(self) -> None:
        rng = self.rng
        size = self.hh_size
        # one old member who dies between snapshots in 6% of households (on earlier ones only)
        dies = rng.random(len(size)) < 0.06
        total_size = size + dies
        household = np.repeat(np.arange(len(size)), total_size)
        position = np.arange(len(household)) - np.repeat(
            np.cumsum(total_size) - total_size, total_size
        )
        hh_size = size[household]
        count = len(household)
        self.m_household = household
        self.m_number = position + 1
        extra = position >= hh_size  # the member who dies

        household_head_age = np.select(
            [size == 1, size == 2],
            [rng.integers(60, 93, len(size)), rng.integers(58, 88, len(size))],
            rng.integers(34, 60, len(size)),
        )
        couple_of_two = rng.random(len(size)) < 0.65
        has_spouse = rng.random(len(size)) < 0.88
        has_parent = (size >= 5) & (rng.random(len(size)) < 0.5)
        head_age = household_head_age[household]
        relations = list(contract.RELATIONS)
        head, spouse, child, parent = (
            relations.index(r) for r in ("head", "spouse", "child", "parent")
        )
        relation = np.full(count, child)
        relation[position == 0] = head
        second = position == 1
        spouse_here = np.where(hh_size == 2, couple_of_two[household], has_spouse[household])
        relation[second & spouse_here & ~extra] = spouse
        relation[(position == hh_size - 1) & has_parent[household] & (position >= 2) & ~extra] = (
            parent
        )
        relation[extra] = parent

        age = np.empty(count, dtype=np.int64)
        age[position == 0] = head_age[position == 0]
        is_spouse = relation == spouse
        age[is_spouse] = head_age[is_spouse] - rng.integers(0, 6, int(is_spouse.sum()))
        is_parent = relation == parent
        age[is_parent] = np.minimum(
            95, head_age[is_parent] + rng.integers(22, 32, int(is_parent.sum()))
        )
        is_child = relation == child
        adult_child = is_child & (hh_size == 2)
        young_top = np.maximum(2, np.minimum(head_age - 19, 25))
        age[is_child] = rng.integers(1, 1_000_000, int(is_child.sum())) % young_top[is_child]
        age[is_child] = np.maximum(age[is_child], 0)
        age[adult_child] = head_age[adult_child] - rng.integers(24, 34, int(adult_child.sum()))
        age[extra] = rng.integers(78, 92, int(extra.sum()))

        male = np.where(
            relation == head,
            (hh_size > 2)
            | ((hh_size == 2) & couple_of_two[household])
            | (rng.random(count) < 0.45),
            np.where(is_spouse, False, rng.random(count) < 0.52),
        )
        self.m_male = male
        final = days(FINAL_DATE)
        birth = final - age * 365 - rng.integers(1, 365, count) - age // 4
        leave = np.where(extra, days(dt.date(2015, 3, 1)) + rng.integers(0, 1150, count), -1)
        # the old member is registered before dying: born long before, gone at `leave`
        birth = np.where(extra, leave - age * 365, birth)
        self.m_birth = birth
        self.m_birth_year, months, day_of_month = year_month_day(birth)
        self.m_birth_month_day = months * 100 + day_of_month
        self.m_present_from = np.where(birth > self.hh_identified[household], birth, -1)
        self.m_present_until = leave
        self.m_relation = relation

        track = rng.choice(3, count, p=[0.45, 0.4, 0.15])  # academic, vocational, dropout
        self.m_track = track
        old = age >= 50
        self.m_adult_education = np.where(
            old,
            rng.choice(3, count, p=[0.45, 0.4, 0.15]),
            rng.choice(3, count, p=[0.25, 0.55, 0.2]) + 1,
        )  # 0 illiterate, 1 primary, 2 junior, 3 senior
        health = np.zeros(count, dtype=np.int64)  # healthy, chronic, serious_illness, disabled
        health[(age >= 55) & (rng.random(count) < 0.35)] = 1
        sick = rng.integers(0, 1_000_000, len(size)) % size
        is_sick = position == sick[household]
        cause = self.hh_cause[household]
        causes = list(contract.MAIN_CAUSES)
        illness, disability = causes.index("illness"), causes.index("disability")
        health[is_sick & (cause == illness)] = np.where(
            rng.random(int((is_sick & (cause == illness)).sum())) < 0.4, 2, 1
        )
        health[is_sick & (cause == disability)] = 3
        self.m_health = health
        labor = np.where(rng.random(count) < 0.8, 0, 1)  # normal, skilled
        labor = np.where(health >= 2, np.where(rng.random(count) < 0.6, 3, 2), labor)  # lost, weak
        labor = np.where((health == 1) | ((age >= 60) & (health < 2)), 2, labor)
        self.m_adult_labor = labor
        migrant = (labor <= 1) & (age >= 18) & (age <= 55) & (rng.random(count) < 0.55)
        self.m_migrant = np.where(
            migrant, rng.choice([4, 3, 2, 1], count, p=[0.5, 0.25, 0.15, 0.1]), 0
        )
        self.m_migrant_months = np.where(migrant, rng.integers(3, 13, count), 0)
        self.m_insured_from = birth + 180  # newborns join at the next enrolment
        surnames = rng.choice(len(SURNAMES), len(size), p=SURNAME_WEIGHTS)
        own_surname = (relation == head) | (relation == child)
        self.m_surname = np.where(
            own_surname, surnames[household], rng.choice(len(SURNAMES), count, p=SURNAME_WEIGHTS)
        )
        generation = np.select([self.m_birth_year < 1960, self.m_birth_year < 1990], [0, 1], 2)
        self.m_given = (np.where(male, 0, 3) + generation) * 15 + rng.integers(0, 15, count)
        self._id_numbers()

    def _id_numbers(self) -> None:
        """Unique 18-character ID numbers: the county, the birth date, a sequence, the check."""
        county = np.array([int(code) for code in self.town_county])[self.hh_town[self.m_household]]
        male = self.m_male.astype(np.int64)
        birth = self.m_birth
        # sequence: rank among people of the same county, birth date and sex, doubled (+1 men)
        order = np.lexsort((male, birth, county))
        key = (county[order] * 100_000 + birth[order]) * 2 + male[order]
        starts = np.r_[True, key[1:] != key[:-1]]
        group_start = np.maximum.accumulate(np.where(starts, np.arange(len(key)), 0))
        rank = np.empty(len(key), dtype=np.int64)
        rank[order] = np.arange(len(key)) - group_start
        if rank.max() >= 500:
            raise AssertionError("more than 500 people of one county share a birth date and sex")
        sequence = rank * 2 + male
        years, months, day_of_month = self.m_birth_year, *divmod(self.m_birth_month_day, 100)
        body = np.hstack(
            [
                digits(county, 6),
                digits(years, 4),
                digits(months, 2),
                digits(day_of_month, 2),
                digits(sequence, 3),
            ]
        )
        total = ((body - ord("0")).astype(np.int64) * np.array(ID_WEIGHTS)).sum(axis=1) % 11
        check = np.frombuffer(ID_CHECK_CHARS.encode("ascii"), dtype=np.uint8)[total]
        self.m_id_bytes = np.hstack([body, check[:, None]])

    def household_ids(self, index: np.ndarray | None = None) -> pa.Array:
        index = np.arange(self.household_count) if index is None else index
        return text_of(
            code_bytes(self.village_codes, self.hh_village[index]), digits(self.hh_number[index], 4)
        )

    def person_ids(self, index: np.ndarray) -> pa.Array:
        household = self.m_household[index]
        return text_of(
            code_bytes(self.village_codes, self.hh_village[household]),
            digits(self.hh_number[household], 4),
            digits(self.m_number[index], 2),
        )

    # ------------------------------------------------------------------------ helpers
    def _draw_helpers(self) -> None:
        """帮扶责任人 3 to 5 households each, within one village; 村级联系人 per village."""
        rng = self.rng
        registered = np.flatnonzero(self.hh_removed < 0)  # households are in village order
        count = len(registered)
        loads = rng.integers(3, 6, count // 3 + 2)
        helper_of = np.repeat(np.arange(len(loads)), loads)[:count]
        self.helper_count = int(helper_of.max()) + 1
        self.hh_helper = np.full(self.household_count, -1)
        self.hh_helper[registered] = helper_of
        removed = np.flatnonzero(self.hh_removed >= 0)
        # removed households had been on the books of a helper of their own village
        self.hh_helper[removed] = self.hh_helper[np.maximum(removed - 1, 0)]
        self.hh_helper[removed[self.hh_helper[removed] < 0]] = 0
        first_household = np.full(self.helper_count, -1)
        first_household[helper_of[::-1]] = registered[::-1]
        self.helper_town = self.hh_town[first_household]
        self.helper_city = rng.random(self.helper_count) < 0.43
        roll = rng.random(self.helper_count)
        rate = np.where(
            roll < 0.1,
            rng.uniform(0.02, 0.06, self.helper_count),  # 工作流于形式
            np.where(
                roll < 0.25,
                rng.uniform(0.15, 0.35, self.helper_count),
                rng.uniform(0.45, 1.0, self.helper_count),
            ),
        )
        self.helper_rate = rate * self.town_visit_factor[self.helper_town]
        # village contacts: one per 8 households or so, at least one per village
        village_households = np.bincount(self.hh_village, minlength=len(self.village_codes))
        contacts = np.maximum(1, village_households // 8)
        self.contact_village = np.repeat(np.arange(len(contacts)), contacts)
        self.contact_first = np.cumsum(contacts) - contacts
        self.hh_contact = self.contact_first[self.hh_village] + (
            rng.integers(0, 1_000_000, self.household_count) % contacts[self.hh_village]
        )
        self.contact_rate = rng.uniform(0.1, 0.3, len(self.contact_village))

    def helpers_table(self) -> pa.Table:
        rng = np.random.default_rng(self.scale.seed + 1)
        helpers, contacts = self.helper_count, len(self.contact_village)
        total = helpers + contacts
        level = np.r_[np.where(self.helper_city, 0, 1), np.full(contacts, 2)]
        birth_year = rng.integers(1960, 1992, total)
        male = rng.random(total) < 0.65
        generation = np.where(birth_year < 1960, 0, 1)
        given = (np.where(male, 0, 3) + generation) * 15 + rng.integers(0, 15, total)
        units = CITY_UNITS + TOWN_UNITS
        unit_index = np.where(
            self.helper_city,
            rng.integers(0, len(CITY_UNITS), helpers),
            len(CITY_UNITS) + rng.integers(0, len(TOWN_UNITS), helpers),
        )
        helper_unit = pc.binary_join_element_wise(
            pc.if_else(
                pa.array(self.helper_city),
                pick_strings([self.names[code] for code in self.town_county], self.helper_town),
                pick_strings(self.town_names, self.helper_town),
            ),
            pick_strings(units, unit_index),
            "",
        )
        contact_unit = pc.binary_join_element_wise(
            pick_strings(self.village_names, self.contact_village), pa.scalar("村委会"), ""
        )
        return pa.table(
            {
                "helper_id": pa.concat_arrays([self._helper_ids(), self._contact_ids()]),
                "name": pc.binary_join_element_wise(
                    pick_strings(SURNAMES, rng.choice(len(SURNAMES), total, p=SURNAME_WEIGHTS)),
                    pick_strings(_GIVEN, given),
                    "",
                ),
                "unit": pa.concat_arrays([helper_unit, contact_unit]),
                "level": pick_strings(list(contract.HELPER_LEVELS), level),
            }
        )

    def _helper_ids(self, index: np.ndarray | None = None) -> pa.Array:
        index = np.arange(self.helper_count) if index is None else index
        return text_of(b"H", digits(index + 1, 7))

    def _contact_ids(self, index: np.ndarray | None = None) -> pa.Array:
        index = np.arange(len(self.contact_village)) if index is None else index
        return text_of(b"C", digits(index + 1, 7))

    # ------------------------------------------------------------------------- visits
    def _draw_visits(self) -> None:
        """Visits at each helper's rate, half as often once a household has exited."""
        rng = self.rng
        active = self.hh_removed < 0
        start = np.maximum(self.hh_identified, days(VISITS_FROM))
        final = days(FINAL_DATE)
        exit_day = np.where(
            self.hh_exit_year > 0,
            np.array([days(dt.date(y, 12, 31)) if y > 0 else 0 for y in range(2013, 2019)])[
                np.clip(self.hh_exit_year - 2013, 0, 5)
            ],
            final,
        )
        exit_day = np.where(self.hh_relapse > 0, final, np.clip(exit_day, start, final))
        poor_months = (exit_day - start) / 30.4
        exited_months = (final - exit_day) / 30.4
        chunks = []
        for who, rate in (
            (0, self.helper_rate[self.hh_helper]),
            (1, self.contact_rate[self.hh_contact]),
        ):
            for low, length, factor in ((start, poor_months, 1.0), (exit_day, exited_months, 0.5)):
                counts = rng.poisson(np.where(active, rate * length * factor, 0.0))
                household = np.repeat(np.arange(self.household_count), counts)
                span = np.repeat(np.maximum(length * 30.4, 1).astype(np.int64), counts)
                day = np.repeat(low, counts) + (rng.random(len(household)) * span).astype(np.int64)
                chunks.append((household, np.full(len(household), who), np.minimum(day, final)))
        household = np.concatenate([c[0] for c in chunks])
        contact = np.concatenate([c[1] for c in chunks]).astype(bool)
        day = np.concatenate([c[2] for c in chunks])
        order = np.lexsort((household, day))
        self.v_household, self.v_contact, self.v_day = household[order], contact[order], day[order]
        month = year_month_day(self.v_day)[1]
        winter = (month == 1) | (month == 2)
        self.v_kind = np.where(
            winter,
            rng.choice(4, len(order), p=[0.5, 0.1, 0.35, 0.05]),
            rng.choice(4, len(order), p=[0.72, 0.15, 0.08, 0.05]),
        )

    def visits_table(self) -> pa.Table:
        helper = pc.if_else(
            pa.array(self.v_contact),
            self._contact_ids(self.hh_contact[self.v_household]),
            self._helper_ids(self.hh_helper[self.v_household]),
        )
        return pa.table(
            {
                "visit_id": text_of(b"VS", digits(np.arange(1, len(self.v_day) + 1), 9)),
                "helper_id": helper,
                "household_id": self.household_ids(self.v_household),
                "visit_date": date_array(self.v_day),
                "kind": pick_strings(list(contract.VISIT_KINDS), self.v_kind),
            }
        )

    # ----------------------------------------------------------------------- payments
    def _draw_payments(self) -> None:
        rng = self.rng
        active = np.flatnonzero(self.hh_removed < 0)
        programs = list(contract.PROGRAMS)
        rows: list[tuple] = []  # (household, person or -1, program, item or -1, cents, day, batch)

        def add(household, person, program, item, yuan, day, batch=None):
            n = len(household)
            rows.append(
                (
                    np.asarray(household),
                    np.full(n, -1) if person is None else np.asarray(person),
                    np.full(n, programs.index(program)),
                    np.full(n, -1) if item is None else np.asarray(item),
                    np.asarray(yuan, dtype=np.int64) * 100,
                    np.asarray(day),
                    np.full(n, -1) if batch is None else np.asarray(batch),
                )
            )

        member_household = self.m_household
        present_final = self.m_present_until < 0
        registered_member = present_final & (self.hh_removed[member_household] < 0)
        # 教育补助: students each autumn 2015-2017 and spring 2018, a third of them
        for year, month_day in (
            (2015, (10, 20)),
            (2016, (10, 20)),
            (2017, (10, 20)),
            (2018, (3, 15)),
        ):
            on = dt.date(year, *month_day)
            age = ages_on(self.m_birth_year, self.m_birth_month_day, on)
            student = registered_member & (age >= 6) & (age <= 20) & (self.m_track != 2)
            student &= self.hh_identified[member_household] <= days(on)
            student &= self.m_present_from <= days(on)
            chosen = np.flatnonzero(student & (rng.random(len(age)) < 0.35))
            base = np.select([age[chosen] < 12, age[chosen] < 15], [500, 625], 1000)
            if year == 2018:
                base = base // 2 + 100
            add(
                member_household[chosen],
                chosen,
                "education_aid",
                None,
                base,
                days(on) + rng.integers(0, 40, len(chosen)),
            )
        # 雨露计划: vocational students aged 15-20, by semester
        for on in (
            dt.date(2016, 5, 20),
            dt.date(2016, 11, 18),
            dt.date(2017, 5, 19),
            dt.date(2017, 11, 17),
            dt.date(2018, 5, 18),
        ):
            age = ages_on(self.m_birth_year, self.m_birth_month_day, on)
            vocational = registered_member & (self.m_track == 1) & (age >= 15) & (age <= 20)
            vocational &= self.hh_identified[member_household] <= days(on)
            chosen = np.flatnonzero(vocational & (rng.random(len(age)) < 0.4))
            add(
                member_household[chosen],
                chosen,
                "rainbow_plan",
                None,
                np.full(len(chosen), 1500),
                np.full(len(chosen), days(on)),
            )
        # 外出务工交通补助: migrant workers out of the county, each spring
        for year in (2015, 2016, 2017, 2018):
            on = dt.date(year, 2, 20)
            far = (
                registered_member
                & (self.m_migrant >= 3)
                & (self.hh_identified[member_household] <= days(on))
            )
            far &= ages_on(self.m_birth_year, self.m_birth_month_day, on) >= 18
            chosen = np.flatnonzero(far & (rng.random(len(far)) < 0.3))
            yuan = (
                np.where(self.m_migrant[chosen] == 4, 600, 400)
                + rng.integers(-2, 3, len(chosen)) * 100
            )
            add(
                member_household[chosen],
                chosen,
                "transport_subsidy",
                None,
                yuan,
                days(on) + rng.integers(0, 30, len(chosen)),
            )
        # 危房改造: paid the day the house became safe
        fixed = active[
            (self.hh_unsafe_housing[active] > 0)
            & (self.hh_unsafe_housing[active] <= days(FINAL_DATE))
        ]
        add(
            fixed,
            None,
            "housing_renovation",
            None,
            rng.integers(15, 26, len(fixed)) * 1000,
            self.hh_unsafe_housing[fixed],
        )
        # 特色种养业: each town's industries, by batch (spring and autumn) 2016-2018
        batches = _industry_batches()
        share = self.town_industry_share[self.hh_town[active]]
        for batch_number, (_name, paid) in enumerate(batches):
            eligible = active[
                (self.hh_identified[active] < days(paid) - 60)
                & (rng.random(len(active)) < share / 2.2)
            ]
            town_of = self.hh_town[eligible]
            choice = rng.integers(0, 1_000_000, len(eligible))
            item = self.town_item_matrix[town_of, choice % self.town_item_count[town_of]]
            low = np.array([demo_town.INDUSTRY_ITEMS[name][1] for name in INDUSTRY_ITEMS])[item]
            high = np.array([demo_town.INDUSTRY_ITEMS[name][2] for name in INDUSTRY_ITEMS])[item]
            yuan = (low + rng.random(len(item)) * (high - low)).astype(np.int64) // 10 * 10
            breeding = np.array(
                [
                    demo_town.INDUSTRY_ITEMS[name][0] == "industry_breeding"
                    for name in INDUSTRY_ITEMS
                ]
            )[item]
            for program, mask in (
                ("industry_breeding", breeding),
                ("industry_planting", ~breeding),
            ):
                add(
                    eligible[mask],
                    None,
                    program,
                    item[mask],
                    yuan[mask],
                    np.full(int(mask.sum()), days(paid)),
                    np.full(int(mask.sum()), batch_number),
                )
        # 光伏收益: households without labour, quarterly from 2017 Q3
        no_labor = (
            np.bincount(
                member_household,
                weights=(self.m_adult_labor <= 1)
                & (ages_on(self.m_birth_year, self.m_birth_month_day, FINAL_DATE) <= 60),
                minlength=self.household_count,
            )
            == 0
        )
        pv = active[
            no_labor[active]
            & (self.hh_identified[active] < days(dt.date(2017, 1, 1)))
            & (rng.random(len(active)) < 0.5)
        ]
        for paid in (
            dt.date(2017, 9, 25),
            dt.date(2017, 12, 25),
            dt.date(2018, 3, 26),
            dt.date(2018, 6, 25),
        ):
            add(pv, None, "pv_income", None, np.full(len(pv), 416), np.full(len(pv), days(paid)))
        # 公益性岗位: a few people per village, monthly from July 2017
        age_final = ages_on(self.m_birth_year, self.m_birth_month_day, FINAL_DATE)
        early = self.hh_identified[member_household] < days(dt.date(2017, 7, 1))
        posts = np.flatnonzero(
            registered_member
            & early
            & (age_final >= 30)
            & (age_final <= 62)
            & (self.m_migrant == 0)
            & (self.m_adult_labor <= 2)
            & (rng.random(len(age_final)) < 0.012)
        )
        post_item = rng.integers(0, len(demo_town.WELFARE_POSTS), len(posts))
        month = dt.date(2017, 7, 28)
        while month <= FINAL_DATE:
            add(
                member_household[posts],
                posts,
                "public_welfare_job",
                post_item + 100,
                np.full(len(posts), 500),
                np.full(len(posts), days(month)),
            )
            month = (month.replace(day=1) + dt.timedelta(32)).replace(day=28)
        # 健康扶贫: the sick get medical aid a few times from 2016
        sick = np.flatnonzero(registered_member & ((self.m_health == 1) | (self.m_health == 2)))
        times = rng.poisson(np.where(self.m_health[sick] == 1, 1.2, 2.5))
        person = np.repeat(sick, times)
        paid = days(dt.date(2016, 1, 1)) + rng.integers(0, 900, len(person))
        keep = (paid >= self.hh_identified[member_household[person]]) & (
            paid >= self.m_birth[person]
        )
        person, paid = person[keep], paid[keep]
        high = np.where(self.m_health[person] == 1, 3000, 20000)
        yuan = (200 + rng.random(len(person)) * (high - 200)).astype(np.int64) // 10 * 10
        add(member_household[person], person, "health_aid", None, yuan, paid)
        self._payment_rows = rows

    def _draw_loans(self) -> None:
        rng = self.rng
        active = np.flatnonzero(
            (self.hh_removed < 0) & (self.hh_identified < days(dt.date(2017, 1, 1)))
        )
        roll = rng.random(len(active))
        enterprise = active[roll < 0.07]
        self_use = active[(roll >= 0.07) & (roll < 0.15)]
        issued_enterprise = days(dt.date(2017, 1, 10)) + rng.integers(0, 160, len(enterprise))
        earliest = np.maximum(self.hh_identified[self_use], days(dt.date(2015, 6, 1)))
        issued_self = earliest + (
            rng.random(len(self_use)) * (days(dt.date(2018, 5, 31)) - earliest)
        ).astype(np.int64)
        self.loan_household = np.r_[enterprise, self_use]
        self.loan_mode = np.r_[np.zeros(len(enterprise), int), np.ones(len(self_use), int)]
        self.loan_yuan = np.r_[
            np.full(len(enterprise), 40_000),
            rng.choice([50_000, 40_000, 30_000], len(self_use), p=[0.8, 0.12, 0.08]),
        ]
        self.loan_day = np.r_[issued_enterprise, issued_self]
        self.loan_term = np.r_[
            np.full(len(enterprise), 36), rng.choice([12, 24, 36], len(self_use), p=[0.3, 0.3, 0.4])
        ]
        self.loan_enterprise = np.r_[
            self.hh_town[enterprise] * len(ENTERPRISE_KINDS)
            + rng.integers(0, len(ENTERPRISE_KINDS), len(enterprise)),
            np.full(len(self_use), -1),
        ]
        order = np.lexsort((self.loan_household, self.loan_day))
        for name in (
            "loan_household",
            "loan_mode",
            "loan_yuan",
            "loan_day",
            "loan_term",
            "loan_enterprise",
        ):
            setattr(self, name, getattr(self, name)[order])
        # 户贷企用分红: 7% of the loan a year, paid after the year end
        dividend_day = days(dt.date(2018, 1, 15)) + rng.integers(0, 20, len(enterprise))
        self._payment_rows.append(
            (
                enterprise,
                np.full(len(enterprise), -1),
                np.full(len(enterprise), list(contract.PROGRAMS).index("loan_dividend")),
                np.full(len(enterprise), -1),
                np.full(len(enterprise), 2_800 * 100),
                dividend_day,
                np.full(len(enterprise), -1),
            )
        )
        household, person, program, item, cents, day, batch = (
            np.concatenate(part) for part in zip(*self._payment_rows, strict=True)
        )
        order = np.lexsort((program, household, day))
        self.p_household, self.p_person, self.p_program = (
            household[order],
            person[order],
            program[order],
        )
        self.p_item, self.p_cents, self.p_day, self.p_batch = (
            item[order],
            cents[order],
            day[order],
            batch[order],
        )
        del self._payment_rows

    def payments_table(self) -> pa.Table:
        has_person = self.p_person >= 0
        person_ids = self.person_ids(np.where(has_person, self.p_person, 0))
        person = pc.if_else(pa.array(has_person), person_ids, pa.scalar(None, pa.string()))
        item_names = (
            INDUSTRY_ITEMS + [None] * (100 - len(INDUSTRY_ITEMS)) + list(demo_town.WELFARE_POSTS)
        )
        item = pick_strings(
            item_names + [None], np.where(self.p_item >= 0, self.p_item, len(item_names))
        )
        batch_names = [name for name, _ in _industry_batches()] + [None]
        batch = pick_strings(
            batch_names, np.where(self.p_batch >= 0, self.p_batch, len(batch_names) - 1)
        )
        return pa.table(
            {
                "payment_id": text_of(b"P", digits(np.arange(1, len(self.p_day) + 1), 9)),
                "household_id": self.household_ids(self.p_household),
                "person_id": person,
                "program": pick_strings(list(contract.PROGRAMS), self.p_program),
                "item": item,
                "amount_yuan": decimal_yuan(self.p_cents),
                "paid_date": date_array(self.p_day),
                "batch": batch,
            }
        )

    def loans_table(self) -> pa.Table:
        enterprise_names = [
            f"{self.names[self.town_county[t]]}{self.town_names[t]}{kind}"
            for t in range(len(self.town_codes))
            for kind in ENTERPRISE_KINDS
        ] + [None]
        enterprise = np.where(
            self.loan_enterprise >= 0, self.loan_enterprise, len(enterprise_names) - 1
        )
        return pa.table(
            {
                "loan_id": text_of(b"L", digits(np.arange(1, len(self.loan_day) + 1), 8)),
                "household_id": self.household_ids(self.loan_household),
                "mode": pick_strings(list(contract.LOAN_MODES), self.loan_mode),
                "amount_yuan": decimal_yuan(self.loan_yuan * 100),
                "issued_date": date_array(self.loan_day),
                "term_months": pa.array(self.loan_term.astype(np.int32)),
                "enterprise": pick_strings(enterprise_names, enterprise),
            }
        )

    # ---------------------------------------------------------------------- trainings
    def _draw_trainings(self) -> None:
        rng = self.rng
        age = ages_on(self.m_birth_year, self.m_birth_month_day, dt.date(2016, 1, 1))
        eligible = (self.m_present_until < 0) & (self.hh_removed[self.m_household] < 0)
        eligible &= (
            (age >= 17)
            & (age <= 62)
            & (self.hh_identified[self.m_household] < days(dt.date(2016, 1, 1)))
        )
        town_course = np.flatnonzero(eligible & (rng.random(len(age)) < 0.12))
        sessions = np.array(
            [
                days(d)
                for d in (
                    dt.date(2016, 4, 12),
                    dt.date(2016, 10, 18),
                    dt.date(2017, 4, 11),
                    dt.date(2017, 10, 17),
                    dt.date(2018, 4, 10),
                )
            ]
        )
        twice = rng.random(len(town_course)) < 0.3
        first = rng.integers(0, 5, len(town_course))
        second = (first + 1 + rng.integers(0, 4, len(town_course))) % 5
        people = np.r_[town_course, town_course[twice]]
        day = np.r_[sessions[first], sessions[second[twice]]]
        city = town_course[
            (self.m_adult_labor[town_course] <= 1) & (rng.random(len(town_course)) < 0.08)
        ]
        people = np.r_[people, city]
        day = np.r_[day, days(dt.date(2017, 6, 5)) + rng.integers(0, 300, len(city))]
        course = np.r_[np.ones(len(people) - len(city), int), np.zeros(len(city), int)]
        order = np.lexsort((people, day))
        self.t_person, self.t_day, self.t_course = people[order], day[order], course[order]

    def trainings_table(self) -> pa.Table:
        return pa.table(
            {
                "person_id": self.person_ids(self.t_person),
                "course": pick_strings(list(contract.COURSES), self.t_course),
                "training_date": date_array(self.t_day),
            }
        )

    # ------------------------------------------------------------------------ targets
    def _draw_targets(self) -> None:
        """Each town's and village's target: the households planned to exit that year."""
        size_final = np.bincount(
            self.m_household, weights=self.m_present_until < 0, minlength=self.household_count
        )
        rows = []
        for year in range(2014, 2021):
            if year <= 2017:
                planned = (self.hh_exit_year == year) & (self.hh_removed < 0)
                scale = 0.95  # the plan handed down; the towns beat it
            else:
                planned = (
                    (self.hh_exit_year < 0) & (self.hh_planned == year) & (self.hh_removed < 0)
                )
                scale = 1.0
            for level, keys, count in (
                ("town", self.hh_town, len(self.town_codes)),
                ("village", self.hh_village, len(self.village_codes)),
            ):
                if level == "village" and year <= 2017:
                    continue
                households = np.bincount(keys[planned], minlength=count)
                people = np.bincount(keys[planned], weights=size_final[planned], minlength=count)
                for index in range(count):
                    rows.append(
                        {
                            "year": year,
                            "village_code": self.village_codes[index]
                            if level == "village"
                            else None,
                            "town_code": self.town_codes[index] if level == "town" else None,
                            "households": int(round(households[index] * scale)),
                            "people": int(round(people[index] * scale)),
                        }
                    )
        self.targets = rows

    def targets_table(self, on: dt.date) -> pa.Table:
        rows = [row for row in self.targets if row["year"] <= on.year + 2]
        schema = contract.table("targets").arrow_schema()
        return pa.Table.from_pylist(rows, schema=schema)

    # ----------------------------------------------------------------------- projects
    def _draw_projects(self) -> None:
        rng = self.rng
        count = len(self.village_codes)
        per_village = rng.poisson(1.3, count)
        self.project_village = np.repeat(np.arange(count), per_village)
        n = len(self.project_village)
        names = [name for (_, name, *_rest) in demo_town.VILLAGE_PROJECTS]
        categories = {name: category for (_, name, category, *_rest) in demo_town.VILLAGE_PROJECTS}
        self.project_names = names
        self.project_name = rng.integers(0, len(names), n)
        self.project_category = np.array(
            [
                list(contract.PROJECT_CATEGORIES).index(categories[names[i]])
                for i in self.project_name
            ],
            dtype=np.int64,
        )
        self.project_year = rng.integers(2015, 2019, n)
        self.project_budget = rng.integers(10, 150, n) * 10_000
        self.project_done = rng.random(n) < 0.8

    def projects_table(self, on: dt.date) -> pa.Table:
        year = self.project_year
        known = (on.year >= year) | ((on.year == year - 1) & (on.month == 12))
        done_by = self.project_done & (
            days(on)
            >= np.array([days(dt.date(int(y), 12, 31)) for y in range(2015, 2019)])[year - 2015]
        )
        status = np.where(done_by, 3, np.where(on.year < year, 0, 2))  # done, planned, building
        index = np.flatnonzero(known)
        return pa.table(
            {
                "project_id": text_of(b"VP", digits(index + 1, 7)),
                "village_code": pick_strings(self.village_codes, self.project_village[index]),
                "name": pick_strings(self.project_names, self.project_name[index]),
                "category": pick_strings(
                    list(contract.PROJECT_CATEGORIES), self.project_category[index]
                ),
                "budget_yuan": decimal_yuan(self.project_budget[index] * 100, 14),
                "status": pick_strings(list(contract.PROJECT_STATUSES), status[index]),
                "year": pa.array(year[index].astype(np.int32)),
            }
        )

    # ---------------------------------------------------------------------- snapshots
    def prepare(self) -> None:
        """Build the event tables once (snapshots are prefixes of them: events are date-sorted)."""
        self.events = {
            "visits": (self.visits_table(), self.v_day),
            "payments": (self.payments_table(), self.p_day),
            "loans": (self.loans_table(), self.loan_day),
            "trainings": (self.trainings_table(), self.t_day),
        }
        self.static = {"villages": self.villages_table(), "helpers": self.helpers_table()}
        self.all_household_ids = self.household_ids()
        self.all_person_ids = self.person_ids(np.arange(len(self.m_household)))
        self.all_names = pc.binary_join_element_wise(
            pick_strings(SURNAMES, self.m_surname), pick_strings(_GIVEN, self.m_given), ""
        )
        self.all_id_numbers = text_of(self.m_id_bytes)
        self.all_helper_ids = pc.if_else(
            pa.array(self.hh_helper >= 0),
            self._helper_ids(np.maximum(self.hh_helper, 0)),
            pa.scalar(None, pa.string()),
        )
        self.all_contact_ids = self._contact_ids(self.hh_contact)
        group_names = [_chinese_number(n + 1) + "组" for n in range(30)]
        self.all_group_names = pick_strings(group_names, self.hh_group)

    def tables_at(self, on: dt.date) -> dict[str, pa.Table]:
        """Every contract table as registered on `on` (call `prepare` first)."""
        today = days(on)
        tables = dict(self.static)
        for name, (table, event_days) in self.events.items():
            tables[name] = table.slice(0, int(np.searchsorted(event_days, today, side="right")))
        tables["households"], household_mask = self._households_at(on)
        tables["members"] = self._members_at(on, household_mask)
        tables["targets"] = self.targets_table(on)
        tables["village_projects"] = self.projects_table(on)
        return tables

    def _households_at(self, on: dt.date) -> tuple[pa.Table, np.ndarray]:
        today = days(on)
        identified = self.hh_identified <= today
        removal_recorded = _first_snapshot_on_or_after(self.hh_removed)
        removed = self.hh_removed >= 0
        keep = identified & (~removed | (today < self.hh_removed) | (removal_recorded == today))
        index = np.flatnonzero(keep)
        exit_day = np.where(
            self.hh_exit_year > 0, _year_end_days(self.hh_exit_year), np.iinfo(np.int64).max
        )
        status = np.where(exit_day <= today, 1, 0)  # exited / not_exited
        status = np.where((self.hh_relapse >= 0) & (self.hh_relapse <= today), 2, status)
        status = np.where(removed & (today >= self.hh_removed), 3, status)
        income_year = on.year if on.month == 12 else on.year - 1
        exited_by_income_year = (exit_day <= days(dt.date(income_year, 12, 31))) & ~(
            (self.hh_relapse >= 0) & (self.hh_relapse <= days(dt.date(income_year, 12, 31)))
        )
        factor = np.where(
            exited_by_income_year,
            1.25 + 0.6 * (self.hh_income_factor - 0.55) / 0.42,
            self.hh_income_factor,
        )
        cents = np.round(self.lines[income_year] * factor * 100).astype(np.int64)
        present = self._present(on)
        size = np.bincount(self.m_household[present], minlength=self.household_count)
        exit_year = np.where((status == 1) | (status == 2), self.hh_exit_year, 0)
        planned = self.hh_planned
        index_array = pa.array(index)
        table = pa.table(
            {
                "household_id": self.all_household_ids.take(index_array),
                "village_code": pick_strings(self.village_codes, self.hh_village[index]),
                "group_name": self.all_group_names.take(index_array),
                "size": pa.array(size[index].astype(np.int32)),
                "attribute": pick_strings(
                    list(contract.HOUSEHOLD_ATTRIBUTES), self.hh_attribute[index]
                ),
                "main_cause": pick_strings(list(contract.MAIN_CAUSES), self.hh_cause[index]),
                "identified_year": pa.array(self.hh_identified_year[index].astype(np.int32)),
                "status": pick_strings(list(contract.HOUSEHOLD_STATUSES), status[index]),
                "exit_year": pa.array(
                    exit_year[index].astype(np.int32), mask=exit_year[index] == 0
                ),
                "planned_exit_year": pa.array(planned[index].astype(np.int32)),
                "income_per_capita": decimal_yuan(cents[index]),
                "income_year": pa.array(np.full(len(index), income_year, dtype=np.int32)),
                "housing_safe": pa.array(
                    (self.hh_unsafe_housing[index] < 0) | (today >= self.hh_unsafe_housing[index])
                ),
                "drinking_water_safe": pa.array(
                    (self.hh_unsafe_water[index] < 0) | (today >= self.hh_unsafe_water[index])
                ),
                "family_doctor_signed": pa.array(today >= self.hh_doctor[index]),
                "helper_id": self.all_helper_ids.take(index_array),
                "village_contact_id": self.all_contact_ids.take(index_array),
                "phone": pa.nulls(len(index), pa.string()),
            }
        )
        return table, keep

    def _present(self, on: dt.date) -> np.ndarray:
        today = days(on)
        return (
            (self.m_present_from <= today)
            & ((self.m_present_until < 0) | (today < self.m_present_until))
            & (self.m_birth <= today)
        )

    def _members_at(self, on: dt.date, household_mask: np.ndarray) -> pa.Table:
        index = np.flatnonzero(self._present(on) & household_mask[self.m_household])
        age = ages_on(self.m_birth_year[index], self.m_birth_month_day[index], on)
        track = self.m_track[index]
        stages = list(contract.SCHOOL_STAGES)
        stage = np.select(
            [
                (age >= 3) & (age <= 5),
                (age >= 6) & (age <= 11),
                (age >= 12) & (age <= 14),
                (age >= 15) & (age <= 17) & (track == 0),
                (age >= 15) & (age <= 17) & (track == 1),
                (age >= 18) & (age <= 20) & (track == 1),
                (age >= 18) & (age <= 21) & (track == 0),
            ],
            [
                stages.index(s)
                for s in (
                    "preschool",
                    "primary",
                    "junior",
                    "senior",
                    "secondary_vocational",
                    "higher_vocational",
                    "college",
                )
            ],
            stages.index("none"),
        )
        levels = list(contract.EDUCATION_LEVELS)
        adult = self.m_adult_education[index]
        education = np.select(
            [age >= 22, age < 7, age < 13, (age < 16) | (track == 2), track == 1, age < 19],
            [
                adult,
                levels.index("illiterate"),
                levels.index("primary"),
                levels.index("junior"),
                levels.index("vocational"),
                levels.index("senior"),
            ],
            levels.index("college"),
        )
        health = self.m_health[index]
        labor = np.select(
            [age < 16, (age > 70) & (health >= 2), age > 70],
            [4, 3, 4],
            self.m_adult_labor[index],
        )  # none, lost, none, else the adult's
        working = (age >= 18) & (labor <= 1)
        migrant = np.where(working, self.m_migrant[index], 0)
        index_array = pa.array(index)
        return pa.table(
            {
                "person_id": self.all_person_ids.take(index_array),
                "household_id": self.all_household_ids.take(pa.array(self.m_household[index])),
                "name": self.all_names.take(index_array),
                "id_number": self.all_id_numbers.take(index_array),
                "relation": pick_strings(list(contract.RELATIONS), self.m_relation[index]),
                "sex": pick_strings(list(contract.SEXES), np.where(self.m_male[index], 0, 1)),
                "birth_date": date_array(self.m_birth[index]),
                "education": pick_strings(levels, education),
                "school_stage": pick_strings(stages, stage),
                "health": pick_strings(list(contract.HEALTH_STATES), health),
                "health_detail": pa.nulls(len(index), pa.string()),
                "labor": pick_strings(list(contract.LABOR_ABILITIES), labor),
                "migrant_work": pick_strings(list(contract.MIGRANT_WORK), migrant),
                "migrant_months": pa.array(
                    np.where(working, self.m_migrant_months[index], 0).astype(np.int32)
                ),
                "medical_insurance": pa.array(days(on) > self.m_insured_from[index]),
            }
        )


_GIVEN = [
    name
    for sex in ("male", "female")
    for generation in ("old", "middle", "young")
    for name in GIVEN_NAMES[(sex, generation)]
]


def _chinese_number(number: int) -> str:
    numerals = "一二三四五六七八九十"
    if number <= 10:
        return numerals[number - 1]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else numerals[tens - 1]) + "十" + (numerals[ones - 1] if ones else "")


def _industry_batches() -> list[tuple[str, dt.date]]:
    return (
        list(demo_town.INDUSTRY_BATCHES_2016)
        + list(demo_town.INDUSTRY_BATCHES_2017)
        + list(demo_town.INDUSTRY_BATCHES_2018)
    )


def _year_end_days(years: np.ndarray) -> np.ndarray:
    table = np.array([days(dt.date(year, 12, 31)) for year in range(2000, 2031)])
    return table[np.clip(years, 2000, 2030) - 2000]


def _first_snapshot_on_or_after(day_numbers: np.ndarray) -> np.ndarray:
    """The snapshot date (as a day number) that first records an event of each day; -1 if none."""
    snapshots = np.array([days(d) for d in SNAPSHOT_DATES])
    position = np.searchsorted(snapshots, day_numbers, side="left")
    found = np.where(
        position < len(snapshots), snapshots[np.minimum(position, len(snapshots) - 1)], -1
    )
    return np.where(day_numbers >= 0, found, -1)
