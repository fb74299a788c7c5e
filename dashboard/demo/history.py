"""What both demos' histories are made of, and the snapshot rules they share.

The town (`generator.py`) keeps its history as one `Household` with its `Member`s each, drawn
person by person; the county and province (`scaled.py`) keep the same history as one numpy array
per column (`ScaledHistory`). Either way a snapshot is cut out of the history on a date, by the
rules below, which both engines call: when a household's status changes, what an exited
household earns, which snapshot records a removal.

The subject modules draw the history, each for both engines where the rule is the same:
`areas` (villages), `households` (households, status and exit), `members` (people),
`helpers_and_visits`, `payments` (payments and programs), `loans`, `trainings`,
`plans` (targets and village projects), `monitoring` and `department_records` (after the
report), and the town's `planted_errors`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from dashboard.demo import town as demo_town
from dashboard.demo.arrays import days
from dashboard.demo.people import IN_SCHOOL, PeopleFactory, labor_on, school_stage_on
from dashboard.reference import poverty_lines

# An exited household's income, as a multiple of the poverty line: its pre-exit multiple
# (0.55-0.97 of the line) spread over 1.25-1.85. One rule for the town and the scaled demos.
EXITED_INCOME_BASE = 1.25
EXITED_INCOME_SPREAD = 0.6
PRE_EXIT_FACTOR_LOW, PRE_EXIT_FACTOR_SPAN = 0.55, 0.42
SEED_OFFSET = 2021  # the history after the report draws from a generator of its own: seed + 2021
WORKING_LABOR = ("normal", "skilled", "weak")  # who can work, after the report
# The first sweep of the monitoring mechanism, from March 2021 (and days after it): objects are
# identified then, and the ordinary households that become objects join the register then.
FIRST_SWEEP_FROM = dt.date(2021, 3, 1)
FIRST_SWEEP_DAYS = 270


def exited_income_factor(factor):
    """The income multiple of an exited household whose pre-exit multiple was `factor`
    (a float, or a numpy array of them)."""
    return EXITED_INCOME_BASE + EXITED_INCOME_SPREAD * (factor - PRE_EXIT_FACTOR_LOW) / (
        PRE_EXIT_FACTOR_SPAN
    )


def income_year_of(on: dt.date) -> int:
    """The income year a snapshot records: its own year at a year end, else the year before."""
    return on.year if on.month == 12 else on.year - 1


def first_snapshot_on_or_after(day: dt.date) -> dt.date | None:
    """The report's snapshot that first records an event of `day` (a removal), None if none."""
    return next((d for d in demo_town.SNAPSHOT_DATES if d >= day), None)


def first_snapshots_on_or_after(day_numbers: np.ndarray) -> np.ndarray:
    """`first_snapshot_on_or_after` for day numbers (-1 for no event, or no snapshot after)."""
    snapshots = np.array([days(d) for d in demo_town.SNAPSHOT_DATES])
    position = np.searchsorted(snapshots, day_numbers, side="left")
    found = np.where(
        position < len(snapshots), snapshots[np.minimum(position, len(snapshots) - 1)], -1
    )
    return np.where(day_numbers >= 0, found, -1)


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
        """Whether the member is in the household on a date (born or married in, not yet gone)."""
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
        """Whether the household is on the register on a date (identified, never removed)."""
        return on >= self.identified_date and self.removed_date is None

    def status_on(self, on: dt.date) -> str:
        """The status on a date: exited from the end of the exit year, relapsed from the relapse."""
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
        """The household's helper on a date, after any reshuffle."""
        helper = self.helper_id
        for change_date, new_helper in sorted(self.helper_changes):
            if on >= change_date:
                helper = new_helper
        return helper


class TownHistory:
    """The town's history as the subject modules draw it: households with their members, and
    the dated rows of every other contract table. `DemoTown` draws it; `LaterTown` goes on."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.people = PeopleFactory(rng)
        self.lines = poverty_lines()
        self.villages: list[dict] = []
        self.helpers: list[dict] = []
        self.households: list[Household] = []
        self.payments: list[dict] = []
        self.loans: list[dict] = []
        self.visits: list[dict] = []
        self.trainings: list[dict] = []
        self.targets: list[dict] = []
        # (table, key column, key value, {column: value}, from date): `planted_errors`.
        self.planted_overrides: list[tuple[str, str, str, dict, dt.date]] = []
        # After the report (`later.py`): monitoring spells and department records, drawn from
        # a generator of their own, and the people no later draw may let die (those a payment
        # or a training names must stay in every later snapshot).
        self.monitoring: list[dict] = []
        self.department_records: list[dict] = []
        self.later_rng: np.random.Generator | None = None
        self.named: set[str] = set()

    def sample(self, items: list, count: int) -> list:
        """`count` distinct items, drawn by index so numpy never converts the items themselves."""
        return [items[int(index)] for index in self.rng.choice(len(items), count, replace=False)]

    def active(self) -> list[Household]:
        """The households never removed from the register."""
        return [h for h in self.households if h.removed_date is None]

    def final_members(self, household: Household) -> list[Member]:
        """Members still there at the end: only they carry person-level events, so every
        person a payment names exists in every snapshot that holds the payment."""
        return [m for m in household.members if m.present_until is None]

    def registered(self) -> list[Household]:
        """The households of the register (never removed), without the ordinary ones."""
        return [h for h in self.households if h.removed_date is None and not h.ordinary]

    def later_sample(self, items: list, count: int) -> list:
        """Up to `count` distinct items, drawn from the later generator."""
        count = min(count, len(items))
        return [items[int(i)] for i in self.later_rng.choice(len(items), count, replace=False)]

    def students(self, household: Household, on: dt.date, stages=IN_SCHOOL) -> list[Member]:
        """A household's final members at school on a date (in one of `stages`)."""
        return [
            m
            for m in self.final_members(household)
            if m.present_on(on) and school_stage_on(m.birth_date, m.track, on) in stages
        ]


def present_members(household: Household, on: dt.date) -> list[Member]:
    """A household's members on a date."""
    return [m for m in household.members if m.present_on(on)]


def health_on(member: Member, on: dt.date) -> str:
    """A member's health on a date, later changes (a new disability) included."""
    return member.changes_on(on).get("health", member.health)


def workers(household: Household, on: dt.date) -> list[Member]:
    """A household's members able to work on a date (weak labour included)."""
    return [
        m
        for m in present_members(household, on)
        if labor_on(m.birth_date, health_on(m, on), m.adult_labor, on) in WORKING_LABOR
    ]


def random_days(low: int, high: int, rng: np.random.Generator) -> dt.timedelta:
    """A whole number of days in [low, high), drawn."""
    return dt.timedelta(int(rng.integers(low, high)))


def add_months(day: dt.date, months: int) -> dt.date:
    """The date `months` later, on the same day of the month (the 28th at most)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, 28))


@dataclass(frozen=True)
class Scale:
    """What one `--scale` generates: which counties, how many towns each, how many households."""

    name: str
    county_prefix: str  # counties and county-level cities whose code starts with this
    towns_per_county: tuple[int, int]  # low, high (inclusive); at most the county's real towns
    households_per_town: float  # median; towns spread around it (log-normal)
    seed: int


class ScaledHistory:
    """The county's or province's history, one numpy array per column, as the subject modules
    draw it: `town_*` and `village_*` (`areas`), `hh_*` (`households`), `m_*` (`members`),
    `helper_*`, `contact_*` and `v_*` (`helpers_and_visits`), `p_*` (`payments`), `loan_*` (`loans`),
    `t_*` (`trainings`), `targets` and `project_*` (`plans`). Dates are day numbers
    (`arrays.days`); -1 is "none"."""

    def __init__(self, scale: Scale) -> None:
        self.scale = scale
        self.rng = np.random.default_rng(scale.seed)
        self.lines = poverty_lines()

    @property
    def household_count(self) -> int:
        """How many households the history holds (the ordinary ones added after the report too)."""
        return len(self.hh_village)
