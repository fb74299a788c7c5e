"""People: the members of each household, their life courses, and what a snapshot records of them.

The town draws each household's members one by one (`draw_town_members`), so their ages,
relations, health and the household's main cause agree; the scaled demos draw the same kinds of
people a column at a time. Both read a member's school stage, education and labour on a date
from the same rules (`people.py`), and give newborns the same months without insurance.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from dashboard import contract
from dashboard.demo import town
from dashboard.demo.arrays import (
    ages_on,
    code_bytes,
    date_array,
    days,
    digits,
    id_check_bytes,
    pick_strings,
    text_of,
    year_month_day,
)
from dashboard.demo.history import Household, Member, ScaledHistory, TownHistory
from dashboard.demo.people import (
    GIVEN_NAMES,
    NEWBORN_UNINSURED_DAYS,
    SURNAME_WEIGHTS,
    SURNAMES,
    TRACK_WEIGHTS,
    TRACKS,
    PeopleFactory,
    age_on,
    education_codes,
    education_on,
    labor_codes,
    labor_on,
    school_stage_codes,
    school_stage_on,
)

# Given names by (sex, generation), in one list the scaled demos index: male old, middle,
# young, then female.
GIVEN_NAMES_IN_ORDER = [
    name
    for sex in ("male", "female")
    for generation in ("old", "middle", "young")
    for name in GIVEN_NAMES[(sex, generation)]
]


# ------------------------------------------------------------------------------- the town
def draw_town_members(
    rng: np.random.Generator, people: PeopleFactory, household: Household, size: int
) -> None:
    """Draw a household of `size` people whose ages, relations, causes and attributes agree
    (the household's attribute and main cause are drawn here, from its members)."""
    final = town.FINAL_DATE
    surname = people.surname()
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
        household.attribute = str(rng.choice(["tekun", "dibao", "general"], p=[0.45, 0.35, 0.2]))
    elif elderly:
        household.attribute = str(rng.choice(["dibao", "general", "tekun"], p=[0.4, 0.55, 0.05]))
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
        track = str(rng.choice(TRACKS, p=TRACK_WEIGHTS))
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
        given = people.given_name(sex, birth_date.year)
        family_name = surname if relation in ("head", "child") else people.surname()
        household.members.append(
            Member(
                person_id=f"{household.household_id}{number:02d}",
                household_id=household.household_id,
                name=family_name + given,
                id_number=people.id_number(birth_date, sex),
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


def draw_town_leavers(history: TownHistory) -> None:
    """Members who left: deaths among the old, daughters married out; extra people only
    on the earlier snapshots, so the final counts stay the report's."""
    rng = history.rng
    registered = [h for h in history.households if h.removed_date is None]
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
            birth_date = dt.date(leave.year - age, 3, 1) + dt.timedelta(int(rng.integers(0, 300)))
            household.members.append(
                Member(
                    person_id=f"{household.household_id}{number:02d}",
                    household_id=household.household_id,
                    name=household.members[0].name[0]
                    + history.people.given_name(sex, birth_date.year),
                    id_number=history.people.id_number(birth_date, sex),
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


def town_member_row(member: Member, on: dt.date) -> dict:
    """A member as a snapshot on `on` records them: the life course on that date, then the
    later overrides in force (`Member.changes`)."""
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
        "education": education_on(member.birth_date, member.track, member.adult_education, on),
        "school_stage": school_stage_on(member.birth_date, member.track, on),
        "health": health,
        "labor": labor,
        "migrant_work": member.migrant_work if adult else "none",
        "migrant_months": member.migrant_months if adult else 0,
        "medical_insurance": (on - member.birth_date).days > NEWBORN_UNINSURED_DAYS,
    }
    return row | {k: v for k, v in changes.items() if k != "health"}


# ------------------------------------------------------------- the county and province
def draw_scaled_members(history: ScaledHistory) -> None:
    """Every household's members, and one old member who dies between snapshots in 6% of them."""
    rng = history.rng
    size = history.hh_size
    # one old member who dies between snapshots in 6% of households (on earlier ones only)
    dies = rng.random(len(size)) < 0.06
    total_size = size + dies
    household = np.repeat(np.arange(len(size)), total_size)
    position = np.arange(len(household)) - np.repeat(np.cumsum(total_size) - total_size, total_size)
    hh_size = size[household]
    count = len(household)
    history.m_household = household
    history.m_number = position + 1
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
    relation[(position == hh_size - 1) & has_parent[household] & (position >= 2) & ~extra] = parent
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
        (hh_size > 2) | ((hh_size == 2) & couple_of_two[household]) | (rng.random(count) < 0.45),
        np.where(is_spouse, False, rng.random(count) < 0.52),
    )
    history.m_male = male
    final = days(town.FINAL_DATE)
    birth = final - age * 365 - rng.integers(1, 365, count) - age // 4
    leave = np.where(extra, days(dt.date(2015, 3, 1)) + rng.integers(0, 1150, count), -1)
    # the old member is registered before dying: born long before, gone at `leave`
    birth = np.where(extra, leave - age * 365, birth)
    history.m_birth = birth
    history.m_birth_year, months, day_of_month = year_month_day(birth)
    history.m_birth_month_day = months * 100 + day_of_month
    history.m_present_from = np.where(birth > history.hh_identified[household], birth, -1)
    history.m_present_until = leave
    history.m_relation = relation

    track = rng.choice(len(TRACKS), count, p=TRACK_WEIGHTS)
    history.m_track = track
    old = age >= 50
    history.m_adult_education = np.where(
        old,
        rng.choice(3, count, p=[0.45, 0.4, 0.15]),
        rng.choice(3, count, p=[0.25, 0.55, 0.2]) + 1,
    )  # 0 illiterate, 1 primary, 2 junior, 3 senior
    health = np.zeros(count, dtype=np.int64)  # healthy, chronic, serious_illness, disabled
    health[(age >= 55) & (rng.random(count) < 0.35)] = 1
    sick = rng.integers(0, 1_000_000, len(size)) % size
    is_sick = position == sick[household]
    cause = history.hh_cause[household]
    causes = list(contract.MAIN_CAUSES)
    illness, disability = causes.index("illness"), causes.index("disability")
    health[is_sick & (cause == illness)] = np.where(
        rng.random(int((is_sick & (cause == illness)).sum())) < 0.4, 2, 1
    )
    health[is_sick & (cause == disability)] = 3
    history.m_health = health
    labor = np.where(rng.random(count) < 0.8, 0, 1)  # normal, skilled
    labor = np.where(health >= 2, np.where(rng.random(count) < 0.6, 3, 2), labor)  # lost, weak
    labor = np.where((health == 1) | ((age >= 60) & (health < 2)), 2, labor)
    history.m_adult_labor = labor
    migrant = (labor <= 1) & (age >= 18) & (age <= 55) & (rng.random(count) < 0.55)
    history.m_migrant = np.where(
        migrant, rng.choice([4, 3, 2, 1], count, p=[0.5, 0.25, 0.15, 0.1]), 0
    )
    history.m_migrant_months = np.where(migrant, rng.integers(3, 13, count), 0)
    history.m_insured_from = birth + NEWBORN_UNINSURED_DAYS  # at the next enrolment
    surnames = rng.choice(len(SURNAMES), len(size), p=SURNAME_WEIGHTS)
    own_surname = (relation == head) | (relation == child)
    history.m_surname = np.where(
        own_surname, surnames[household], rng.choice(len(SURNAMES), count, p=SURNAME_WEIGHTS)
    )
    generation = np.select([history.m_birth_year < 1960, history.m_birth_year < 1990], [0, 1], 2)
    history.m_given = (np.where(male, 0, 3) + generation) * 15 + rng.integers(0, 15, count)
    _draw_id_numbers(history)


def _draw_id_numbers(history: ScaledHistory) -> None:
    """Unique 18-character ID numbers: the county, the birth date, a sequence, the check."""
    county = np.array([int(code) for code in history.town_county])[
        history.hh_town[history.m_household]
    ]
    male = history.m_male.astype(np.int64)
    birth = history.m_birth
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
    years, months, day_of_month = history.m_birth_year, *divmod(history.m_birth_month_day, 100)
    body = np.hstack(
        [
            digits(county, 6),
            digits(years, 4),
            digits(months, 2),
            digits(day_of_month, 2),
            digits(sequence, 3),
        ]
    )
    check = id_check_bytes(body)
    history.m_id_bytes = np.hstack([body, check[:, None]])


def person_ids(history: ScaledHistory, index: np.ndarray) -> pa.Array:
    """The person IDs of members `index`: household ID and two digits."""
    household = history.m_household[index]
    return text_of(
        code_bytes(history.village_codes, history.hh_village[household]),
        digits(history.hh_number[household], 4),
        digits(history.m_number[index], 2),
    )


def present_mask(history: ScaledHistory, on: dt.date) -> np.ndarray:
    """Which members are in their household on `on`."""
    today = days(on)
    return (
        (history.m_present_from <= today)
        & ((history.m_present_until < 0) | (today < history.m_present_until))
        & (history.m_birth <= today)
    )


def scaled_members_at(history: ScaledHistory, on: dt.date, household_mask: np.ndarray) -> pa.Table:
    """The members table on `on`, of the households in `household_mask`."""
    index = np.flatnonzero(present_mask(history, on) & household_mask[history.m_household])
    age = ages_on(history.m_birth_year[index], history.m_birth_month_day[index], on)
    track = history.m_track[index]
    stage = school_stage_codes(age, track)
    education = education_codes(age, track, history.m_adult_education[index])
    health = history.m_health[index]
    labor = labor_codes(age, health, history.m_adult_labor[index])
    working = (age >= 18) & (labor <= 1)
    migrant = np.where(working, history.m_migrant[index], 0)
    index_array = pa.array(index)
    return pa.table(
        {
            "person_id": history.all_person_ids.take(index_array),
            "household_id": history.all_household_ids.take(pa.array(history.m_household[index])),
            "name": history.all_names.take(index_array),
            "id_number": history.all_id_numbers.take(index_array),
            "relation": pick_strings(list(contract.RELATIONS), history.m_relation[index]),
            "sex": pick_strings(list(contract.SEXES), np.where(history.m_male[index], 0, 1)),
            "birth_date": date_array(history.m_birth[index]),
            "education": pick_strings(list(contract.EDUCATION_LEVELS), education),
            "school_stage": pick_strings(list(contract.SCHOOL_STAGES), stage),
            "health": pick_strings(list(contract.HEALTH_STATES), health),
            "health_detail": pa.nulls(len(index), pa.string()),
            "labor": pick_strings(list(contract.LABOR_ABILITIES), labor),
            "migrant_work": pick_strings(list(contract.MIGRANT_WORK), migrant),
            "migrant_months": pa.array(
                np.where(working, history.m_migrant_months[index], 0).astype(np.int32)
            ),
            "medical_insurance": pa.array(days(on) > history.m_insured_from[index]),
        }
    )


def clone_id_numbers(history: ScaledHistory, new_members: np.ndarray) -> None:
    """New ID numbers for cloned people: the same birth date and sex, a sequence counted
    down from 999 (the register's count up from 000), and the check character again."""
    rng = history.later_rng
    body = history.m_id_bytes[new_members, :17].copy()
    male = history.m_male[new_members].astype(np.int64)
    key = np.array([row.tobytes() for row in body[:, :14]])
    order = np.lexsort((rng.random(len(key)), male, key))
    sorted_key = key[order] + np.char.mod("%d", male[order]).astype(bytes)
    starts = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(len(key)), 0))
    rank = np.empty(len(key), dtype=np.int64)
    rank[order] = np.arange(len(key)) - group_start
    sequence = 998 - rank * 2 + male
    body[:, 14:17] = digits(sequence, 3)
    check = id_check_bytes(body)
    history.m_id_bytes[new_members] = np.hstack([body, check[:, None]])
    numbers = history.m_id_bytes.view(f"S{history.m_id_bytes.shape[1]}").ravel()
    if len(np.unique(numbers)) != len(numbers):
        raise AssertionError("cloned ID numbers collide with the register's")
