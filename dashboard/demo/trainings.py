"""Trainings (就业培训): the town's skills course, twice a year, and the city's employment course.

The town's are the report's (F18: 356 people at the town's course, 22 at the city's); the scaled
demos train a share of the same people, working-age members on the register by 2016, on the same
sessions.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from dashboard import contract
from dashboard.demo import town
from dashboard.demo.arrays import ages_on, date_array, days, pick_strings
from dashboard.demo.history import ScaledHistory, TownHistory
from dashboard.demo.members import person_ids
from dashboard.demo.people import age_on

TRAINEES_ON = dt.date(2016, 1, 1)  # trainees: on the register by then, of working age then
TRAINEE_AGES = (17, 62)
TOWN_COURSE_SESSIONS = (
    dt.date(2016, 4, 12),
    dt.date(2016, 10, 18),
    dt.date(2017, 4, 11),
    dt.date(2017, 10, 17),
    dt.date(2018, 4, 10),
)
TWICE_SHARE = 0.3  # of the town's trainees, those who come to a second session
CITY_COURSE_FROM = dt.date(2017, 6, 5)  # the city's course, in the year from mid-2017
CITY_COURSE_DAYS = 300


# ------------------------------------------------------------------------------- the town
def draw_town_trainings(history: TownHistory) -> None:
    """就业培训 (F18): 22 people at the city's course, 356 at the town's, some twice."""
    rng = history.rng
    people = [
        (h, m)
        for h in history.active()
        if h.identified_date < TRAINEES_ON
        for m in history.final_members(h)
        if TRAINEE_AGES[0] <= age_on(m.birth_date, TRAINEES_ON) <= TRAINEE_AGES[1]
    ]
    town_picks = rng.choice(len(people), town.TOWN_TRAINEES, replace=False)
    sessions = list(TOWN_COURSE_SESSIONS)
    for index in town_picks:
        _, member = people[int(index)]
        for day in history.sample(sessions, 1 + int(rng.random() < TWICE_SHARE)):
            history.trainings.append(
                {"person_id": member.person_id, "course": "town_skills", "training_date": day}
            )
    able = [i for i in town_picks if people[int(i)][1].adult_labor in ("normal", "skilled")]
    for index in rng.choice(able, town.CITY_TRAINEES, replace=False):
        _, member = people[int(index)]
        day = CITY_COURSE_FROM + dt.timedelta(int(rng.integers(0, CITY_COURSE_DAYS)))
        history.trainings.append(
            {"person_id": member.person_id, "course": "city_employment", "training_date": day}
        )
    history.trainings.sort(key=lambda row: (row["training_date"], row["person_id"]))


# ------------------------------------------------------------- the county and province
def draw_scaled_trainings(history: ScaledHistory) -> None:
    """就业培训: a share of the working-age people at the town's course, some twice, a few of
    those able to work at the city's."""
    rng = history.rng
    age = ages_on(history.m_birth_year, history.m_birth_month_day, TRAINEES_ON)
    eligible = (history.m_present_until < 0) & (history.hh_removed[history.m_household] < 0)
    eligible &= (
        (age >= TRAINEE_AGES[0])
        & (age <= TRAINEE_AGES[1])
        & (history.hh_identified[history.m_household] < days(TRAINEES_ON))
    )
    town_course = np.flatnonzero(eligible & (rng.random(len(age)) < 0.12))
    sessions = np.array([days(d) for d in TOWN_COURSE_SESSIONS])
    count = len(sessions)
    twice = rng.random(len(town_course)) < TWICE_SHARE
    first = rng.integers(0, count, len(town_course))
    second = (first + 1 + rng.integers(0, count - 1, len(town_course))) % count
    people = np.r_[town_course, town_course[twice]]
    day = np.r_[sessions[first], sessions[second[twice]]]
    city = town_course[
        (history.m_adult_labor[town_course] <= 1) & (rng.random(len(town_course)) < 0.08)
    ]
    people = np.r_[people, city]
    day = np.r_[day, days(CITY_COURSE_FROM) + rng.integers(0, CITY_COURSE_DAYS, len(city))]
    course = np.r_[np.ones(len(people) - len(city), int), np.zeros(len(city), int)]
    order = np.lexsort((people, day))
    history.t_person, history.t_day, history.t_course = people[order], day[order], course[order]


def scaled_trainings_table(history: ScaledHistory) -> pa.Table:
    """Every training of the history, in date order (a snapshot takes a prefix)."""
    return pa.table(
        {
            "person_id": person_ids(history, history.t_person),
            "course": pick_strings(list(contract.COURSES), history.t_course),
            "training_date": date_array(history.t_day),
        }
    )
