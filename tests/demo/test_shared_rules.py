"""The rules the town and the scaled demos share: the row-by-row form (the town's) and the
column form (the county's and province's) give the same answer for every case."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from dashboard import contract
from dashboard.demo.arrays import days
from dashboard.demo.history import (
    exited_income_factor,
    first_snapshot_on_or_after,
    first_snapshots_on_or_after,
)
from dashboard.demo.people import (
    TRACKS,
    education_codes,
    education_on,
    labor_codes,
    labor_on,
    school_stage_codes,
    school_stage_on,
)

ON = dt.date(2018, 6, 30)
AGES = range(0, 100)


def birth_date_for(age: int) -> dt.date:
    """A birth date that makes a person `age` on ON."""
    return dt.date(ON.year - age, 1, 15)


@pytest.mark.parametrize("track", TRACKS)
def test_school_stage_is_one_rule_for_a_person_and_for_a_column(track):
    ages = np.array(list(AGES))
    codes = school_stage_codes(ages, np.full(len(ages), TRACKS.index(track)))
    by_column = [contract.SCHOOL_STAGES[code] for code in codes]
    by_person = [school_stage_on(birth_date_for(age), track, ON) for age in AGES]
    assert by_column == by_person
    # the rule itself, at its edges (what a reader expects of the table)
    assert by_person[5] == "preschool" and by_person[6] == "primary" and by_person[14] == "junior"
    assert by_person[17] == {"academic": "senior", "vocational": "secondary_vocational"}.get(
        track, "none"
    )


@pytest.mark.parametrize("track", TRACKS)
@pytest.mark.parametrize("adult_level", contract.EDUCATION_LEVELS)
def test_education_is_one_rule_for_a_person_and_for_a_column(track, adult_level):
    ages = np.array(list(AGES))
    codes = education_codes(
        ages,
        np.full(len(ages), TRACKS.index(track)),
        np.full(len(ages), contract.EDUCATION_LEVELS.index(adult_level)),
    )
    by_column = [contract.EDUCATION_LEVELS[code] for code in codes]
    by_person = [education_on(birth_date_for(age), track, adult_level, ON) for age in AGES]
    assert by_column == by_person


@pytest.mark.parametrize("health", contract.HEALTH_STATES)
@pytest.mark.parametrize("adult_labor", ("normal", "skilled", "weak", "lost"))
def test_labour_is_one_rule_for_a_person_and_for_a_column(health, adult_labor):
    ages = np.array(list(AGES))
    codes = labor_codes(
        ages,
        np.full(len(ages), contract.HEALTH_STATES.index(health)),
        np.full(len(ages), contract.LABOR_ABILITIES.index(adult_labor)),
    )
    by_column = [contract.LABOR_ABILITIES[code] for code in codes]
    by_person = [labor_on(birth_date_for(age), health, adult_labor, ON) for age in AGES]
    assert by_column == by_person
    assert by_person[15] == "none" and by_person[16] == adult_labor


def test_an_exited_households_income_is_one_rule_for_a_number_and_an_array():
    factors = np.linspace(0.55, 0.97, 43)
    assert exited_income_factor(0.55) == pytest.approx(1.25)
    assert exited_income_factor(0.97) == pytest.approx(1.85)
    assert list(exited_income_factor(factors)) == [exited_income_factor(f) for f in factors]


def test_the_snapshot_recording_a_removal_is_one_rule_for_a_date_and_day_numbers():
    removals = [
        dt.date(2014, 6, 1),
        dt.date(2016, 4, 20),
        dt.date(2016, 6, 30),
        dt.date(2017, 1, 1),
    ]
    found = first_snapshots_on_or_after(np.array([days(d) for d in removals] + [-1]))
    assert list(found[:-1]) == [days(first_snapshot_on_or_after(d)) for d in removals]
    assert found[-1] == -1
    assert first_snapshot_on_or_after(dt.date(2016, 4, 20)) == dt.date(2016, 6, 30)
    assert first_snapshot_on_or_after(dt.date(2019, 1, 1)) is None
