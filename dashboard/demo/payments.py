"""Payments and programs: what each household and person was paid, under which program, when.

The town's programs are calibrated to its report (`town.py`: 雨露计划 F16, 教育补助 F15/F26,
交通补助 F17, 特色种养业 F27-F30, 光伏收益 F31, 公益性岗位 F19, 危房改造 F20); the scaled demos
pay the same programs at a rate among those each is for. Both pay on the same calendar, the same
amounts where the report fixes them, and number the payments in date order.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import contract
from dashboard.demo import town
from dashboard.demo.areas import INDUSTRY_ITEMS
from dashboard.demo.arrays import (
    ages_on,
    date_array,
    days,
    decimal_yuan,
    digits,
    pick_strings,
    text_of,
)
from dashboard.demo.history import Household, Member, ScaledHistory, TownHistory
from dashboard.demo.households import household_ids
from dashboard.demo.members import person_ids
from dashboard.demo.people import TRACKS, VOCATIONAL, age_on, labor_on, school_stage_on

# 雨露计划, paid by semester: the report's four, then 2018's spring (after its window).
RAINBOW_SEMESTERS = (
    dt.date(2016, 5, 20),
    dt.date(2016, 11, 18),
    dt.date(2017, 5, 19),
    dt.date(2017, 11, 17),
    dt.date(2018, 5, 18),
)
# 教育补助: each autumn (month, day) 2015-2017, and once in spring 2018 at about half the rate.
EDUCATION_AID_AUTUMN = (10, 20)
EDUCATION_AID_2018 = dt.date(2018, 3, 15)
EDUCATION_AID_BY_STAGE = {
    "primary": 500,
    "junior": 625,
    "senior": 1000,
    "secondary_vocational": 1000,
    "higher_vocational": 1250,
    "college": 2000,
}
# 外出务工交通补助: after the Spring Festival (month, day), when workers leave; by how far.
TRANSPORT_DAY = (2, 20)
TRANSPORT_YUAN = {"out_of_province": 600, "in_province": 400}
OUT_OF_PROVINCE = contract.MIGRANT_WORK.index("out_of_province")
# 光伏收益: quarterly from 2017 Q3 (the report's two quarters of 2018 H1 among them, F31).
PV_PAYDAYS = (
    dt.date(2017, 9, 25),
    dt.date(2017, 12, 25),
    dt.date(2018, 3, 26),
    dt.date(2018, 6, 25),
)
WELFARE_JOB_FIRST_PAYDAY = dt.date(2017, 7, 28)  # 公益性岗位, monthly on the 28th from July 2017
# 健康扶贫: medical aid after reimbursement, a few times (Poisson mean) from 2016, by health.
HEALTH_AID_FROM = dt.date(2016, 1, 1)
HEALTH_AID_DAYS = 900
HEALTH_AID_PER_PERSON = {"chronic": 1.2, "serious_illness": 2.5}
HEALTH_AID_LOWEST = 200
HEALTH_AID_HIGHEST = {"chronic": 3000, "serious_illness": 20000}
# 特色种养业: every batch the town declared, 2016 to 2018 H1.
INDUSTRY_BATCHES = (
    list(town.INDUSTRY_BATCHES_2016)
    + list(town.INDUSTRY_BATCHES_2017)
    + list(town.INDUSTRY_BATCHES_2018)
)


def spring_education_aid(autumn_yuan):
    """The 2018 spring aid for a student whose autumn aid was `autumn_yuan` (a number or array)."""
    return autumn_yuan // 2 + 100


def next_payday(payday: dt.date) -> dt.date:
    """The 28th of the next month: a monthly payment's next date."""
    return (payday.replace(day=1) + dt.timedelta(32)).replace(day=28)


# ------------------------------------------------------------------------------- the town
def pay(
    history: TownHistory, household: Household, program: str, amount: int, paid: dt.date, **extra
) -> None:
    """Record a payment (its ID is given once every payment is drawn: `number_town_payments`)."""
    history.payments.append(
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


def draw_town_payments(history: TownHistory) -> None:
    """Every program's payments, calibrated to the report's figures where it has them."""
    rng = history.rng
    active = history.active()
    _draw_rainbow_plan(history, active)
    _draw_education_aid(history, active)
    _draw_transport_subsidy(history, active)
    _draw_industry(history, active)

    # 危房改造 (F20): one payment per renovated house, on the day it became safe.
    for household in active:
        if (
            household.unsafe_housing_until is not None
            and household.unsafe_housing_until <= town.FINAL_DATE
        ):
            amount = int(rng.integers(15, 26)) * 1000
            pay(history, household, "housing_renovation", amount, household.unsafe_housing_until)

    # 光伏收益 (F31): the 三无 households, quarterly from 2017 Q3.
    three_without = [
        h
        for h in active
        if h.identified_date < dt.date(2017, 1, 1)
        and all(
            labor_on(m.birth_date, m.health, m.adult_labor, town.FINAL_DATE)
            not in ("normal", "skilled")
            for m in history.final_members(h)
        )
    ]
    for household in history.sample(three_without, town.PV_HOUSEHOLDS):
        for paid in PV_PAYDAYS:
            pay(history, household, "pv_income", town.PV_QUARTER_YUAN, paid)

    # 公益性岗位 (F19): ten posts from July 2017, paid monthly to one person each.
    workers = [
        (h, m)
        for h in active
        if h.identified_date < dt.date(2017, 1, 1)
        for m in history.final_members(h)
        if 30 <= age_on(m.birth_date, town.FINAL_DATE) <= 62
        and m.adult_labor in ("weak", "normal")
        and m.migrant_work == "none"
    ]
    for index in rng.choice(len(workers), town.WELFARE_JOB_PEOPLE, replace=False):
        household, member = workers[int(index)]
        post = str(rng.choice(town.WELFARE_POSTS))
        month = WELFARE_JOB_FIRST_PAYDAY
        while month <= town.FINAL_DATE:
            pay(
                history,
                household,
                "public_welfare_job",
                town.WELFARE_JOB_MONTHLY_YUAN,
                month,
                person_id=member.person_id,
                item=post,
            )
            month = next_payday(month)

    # 健康扶贫: the sick get medical aid after reimbursement, a few times a year.
    for household in active:
        for member in history.final_members(household):
            if member.health not in ("chronic", "serious_illness"):
                continue
            for _ in range(int(rng.poisson(HEALTH_AID_PER_PERSON[member.health]))):
                paid = HEALTH_AID_FROM + dt.timedelta(int(rng.integers(0, HEALTH_AID_DAYS)))
                if paid < household.identified_date or not member.present_on(paid):
                    continue
                high = HEALTH_AID_HIGHEST[member.health]
                amount = int(rng.integers(HEALTH_AID_LOWEST, high) // 10 * 10)
                pay(history, household, "health_aid", amount, paid, person_id=member.person_id)


def _draw_rainbow_plan(history: TownHistory, active: list[Household]) -> None:
    """雨露计划 (F16): 67 households with a vocational student, 116 semester payments."""
    rng = history.rng
    semesters = list(RAINBOW_SEMESTERS[:-1])  # the last, 2018 spring, is outside the report

    def vocational_students(household: Household) -> list[tuple[Member, dt.date]]:
        return [
            (m, day)
            for day in semesters
            if household.registered_on(day)
            for m in history.students(household, day, VOCATIONAL)
        ]

    eligible = [h for h in active if vocational_students(h)]
    if len(eligible) < town.RAINBOW_HOUSEHOLDS:
        # Too few vocational students by chance: send more teenagers to vocational school.
        for household in active:
            for member in history.final_members(household):
                if 14 <= age_on(member.birth_date, dt.date(2017, 5, 19)) <= 21:
                    member.track = "vocational"
            if household not in eligible and vocational_students(household):
                eligible.append(household)
            if len(eligible) >= town.RAINBOW_HOUSEHOLDS:
                break
    chosen = [
        eligible[int(i)] for i in rng.choice(len(eligible), town.RAINBOW_HOUSEHOLDS, replace=False)
    ]
    # Each household once; then second payments to those with more semesters, up to 116.
    pending = []
    for household in chosen:
        options = vocational_students(household)
        picks = rng.permutation(len(options))
        pending.append((household, [options[int(i)] for i in picks]))
    count = 0
    for household, options in pending:
        _pay_semester(history, household, *options[0])
        count += 1
    round_number = 1
    while count < town.RAINBOW_PAYMENTS:
        progressed = False
        for household, options in pending:
            if count >= town.RAINBOW_PAYMENTS:
                break
            if round_number < len(options):
                _pay_semester(history, household, *options[round_number])
                count += 1
                progressed = True
        if not progressed:
            raise AssertionError("not enough vocational semesters for 116 雨露计划 payments")
        round_number += 1
    # 2018 spring, outside the report's window.
    for household, _options in pending[:20]:
        students = history.students(household, RAINBOW_SEMESTERS[-1], VOCATIONAL)
        if students:
            _pay_semester(history, household, students[0], RAINBOW_SEMESTERS[-1])


def _pay_semester(history: TownHistory, household: Household, member: Member, day: dt.date) -> None:
    """One semester of 雨露计划 for a student of the household, paid on `day`."""
    pay(
        history,
        household,
        "rainbow_plan",
        town.RAINBOW_SEMESTER_YUAN,
        day,
        person_id=member.person_id,
    )


def _draw_education_aid(history: TownHistory, active: list[Household]) -> None:
    """教育补助 (F15, F26): 412 household-years in 2015-2017, 123 students in 2018 H1."""
    rng = history.rng
    base = EDUCATION_AID_BY_STAGE
    rows = []  # (household, member, day, base amount)
    for year, count in town.EDUCATION_AID_HOUSEHOLD_YEARS.items():
        day = dt.date(year, *EDUCATION_AID_AUTUMN)
        eligible = [h for h in active if h.registered_on(day) and history.students(h, day)]
        if len(eligible) < count:
            raise AssertionError(f"{len(eligible)} households with students in {year}")
        for index in rng.choice(len(eligible), count, replace=False):
            household = eligible[int(index)]
            students = history.students(household, day)
            for member in students[: 1 + int(rng.random() < 0.3)]:
                stage = school_stage_on(member.birth_date, member.track, day)
                paid = day + dt.timedelta(int(rng.integers(0, 40)))
                rows.append((household, member, paid, base[stage]))
    _pay_calibrated(
        history, "education_aid", rows, town.EDUCATION_AID_YUAN_2015_2017, 125, (500, 3000)
    )

    day = EDUCATION_AID_2018
    students = [(h, m) for h in active if h.registered_on(day) for m in history.students(h, day)]
    count, total = town.EDUCATION_AID_2018H1
    if len(students) < count:
        raise AssertionError(f"only {len(students)} students in 2018")
    picks = [students[int(i)] for i in rng.choice(len(students), count, replace=False)]
    bases = [
        spring_education_aid(base[school_stage_on(m.birth_date, m.track, day)]) for _, m in picks
    ]
    bases = [amount // 25 * 25 for amount in bases]
    amounts = calibrate(bases, total, 25, [300] * count, [1500] * count, rng)
    for (household, member), amount in zip(picks, amounts, strict=True):
        paid = day + dt.timedelta(int(rng.integers(0, 60)))
        pay(history, household, "education_aid", amount, paid, person_id=member.person_id)


def _draw_transport_subsidy(history: TownHistory, active: list[Household]) -> None:
    """外出务工交通补助 (F17): 135 household-years, 91,500 yuan in 2015-2017."""
    rng = history.rng
    rows = []
    for year, count in town.TRANSPORT_HOUSEHOLD_YEARS.items():
        day = dt.date(year, *TRANSPORT_DAY)
        eligible = []
        for household in active:
            if not household.registered_on(day):
                continue
            workers = [
                m
                for m in history.final_members(household)
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
                base = TRANSPORT_YUAN[member.migrant_work]
                paid = day + dt.timedelta(int(rng.integers(0, 30)))
                rows.append((household, member, paid, base))
    _pay_calibrated(history, "transport_subsidy", rows, town.TRANSPORT_YUAN, 100, (200, 1000))


def _pay_calibrated(
    history: TownHistory,
    program: str,
    rows: list[tuple],
    total: int,
    step: int,
    bounds: tuple[int, int],
) -> None:
    """Pay each (household, member, day, base amount) row, the amounts calibrated to `total`."""
    low, high = bounds
    amounts = calibrate(
        [r[3] for r in rows], total, step, [low] * len(rows), [high] * len(rows), history.rng
    )
    for (household, member, paid, _), amount in zip(rows, amounts, strict=True):
        pay(history, household, program, amount, paid, person_id=member.person_id)


def _draw_industry(history: TownHistory, active: list[Household]) -> None:
    """特色种养业 (F27-F30): nine batches since 2017, plus two in 2016 outside the window."""
    rng = history.rng
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
            item = _industry_item(history.rng, owner.village_code, program)
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
                pay(history, owner, program, amount, paid, item=item, batch=batch)

    declare(households_2017, town.INDUSTRY_2017, town.INDUSTRY_BATCHES_2017, 10)
    declare(households_2018, town.INDUSTRY_2018H1, town.INDUSTRY_BATCHES_2018, 100)
    # 2016, before the report's window: plausible amounts, no calibration.
    early = [h for h in active if h.identified_date < dt.date(2016, 6, 1)]
    for index in rng.choice(len(early), 140, replace=False):
        owner = early[int(index)]
        program = str(rng.choice(list(town.INDUSTRY_2017)))
        item = _industry_item(history.rng, owner.village_code, program)
        _, low, high = town.INDUSTRY_ITEMS[item]
        batch, paid = town.INDUSTRY_BATCHES_2016[int(rng.integers(0, 2))]
        pay(
            history,
            owner,
            program,
            int(rng.uniform(low, high)) // 10 * 10,
            paid,
            item=item,
            batch=batch,
        )


def _industry_item(rng: np.random.Generator, village_code: str, program: str) -> str:
    preferences = {
        item: weight
        for item, weight in town.ITEM_PREFERENCES[village_code].items()
        if town.INDUSTRY_ITEMS[item][0] == program
    }
    if not preferences:  # a village with no leaning in this program takes the town's usual
        preferences = {"花生": 1} if program == "industry_planting" else {"养鸡": 1}
    items, weights = zip(*preferences.items(), strict=True)
    return str(rng.choice(items, p=np.array(weights) / sum(weights)))


def number_town_payments(history: TownHistory) -> None:
    """Sort the payments by date (then household, program) and number them P000001 on: once
    every payment is drawn, the loans' dividends included."""
    history.payments.sort(key=lambda row: (row["paid_date"], row["household_id"], row["program"]))
    for number, row in enumerate(history.payments, start=1):
        row["payment_id"] = f"P{number:06d}"


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


# ------------------------------------------------------------- the county and province
def draw_scaled_payments(history: ScaledHistory) -> None:
    """Every program's payments, at each program's rate among those it is for. The rows wait in
    `history.payment_rows` for the loans' dividends (`finish_scaled_payments`)."""
    rng = history.rng
    active = np.flatnonzero(history.hh_removed < 0)
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

    member_household = history.m_household
    present_final = history.m_present_until < 0
    registered_member = present_final & (history.hh_removed[member_household] < 0)
    # 教育补助: students each autumn 2015-2017 and spring 2018, a third of them
    for on in (
        *(dt.date(year, *EDUCATION_AID_AUTUMN) for year in (2015, 2016, 2017)),
        EDUCATION_AID_2018,
    ):
        age = ages_on(history.m_birth_year, history.m_birth_month_day, on)
        student = (
            registered_member
            & (age >= 6)
            & (age <= 20)
            & (history.m_track != TRACKS.index("dropout"))
        )
        student &= history.hh_identified[member_household] <= days(on)
        student &= history.m_present_from <= days(on)
        chosen = np.flatnonzero(student & (rng.random(len(age)) < 0.35))
        # By age, as the stages run: primary to 11, junior to 14, senior (or vocational) after.
        by_stage = EDUCATION_AID_BY_STAGE
        base = np.select(
            [age[chosen] < 12, age[chosen] < 15],
            [by_stage["primary"], by_stage["junior"]],
            by_stage["senior"],
        )
        if on == EDUCATION_AID_2018:
            base = spring_education_aid(base)
        add(
            member_household[chosen],
            chosen,
            "education_aid",
            None,
            base,
            days(on) + rng.integers(0, 40, len(chosen)),
        )
    # 雨露计划: vocational students aged 15-20, by semester
    for on in RAINBOW_SEMESTERS:
        age = ages_on(history.m_birth_year, history.m_birth_month_day, on)
        vocational = (
            registered_member
            & (history.m_track == TRACKS.index("vocational"))
            & (age >= 15)
            & (age <= 20)
        )
        vocational &= history.hh_identified[member_household] <= days(on)
        chosen = np.flatnonzero(vocational & (rng.random(len(age)) < 0.4))
        add(
            member_household[chosen],
            chosen,
            "rainbow_plan",
            None,
            np.full(len(chosen), town.RAINBOW_SEMESTER_YUAN),
            np.full(len(chosen), days(on)),
        )
    # 外出务工交通补助: migrant workers out of the county, each spring
    for year in (2015, 2016, 2017, 2018):
        on = dt.date(year, *TRANSPORT_DAY)
        far = (
            registered_member
            & (history.m_migrant >= 3)
            & (history.hh_identified[member_household] <= days(on))
        )
        far &= ages_on(history.m_birth_year, history.m_birth_month_day, on) >= 18
        chosen = np.flatnonzero(far & (rng.random(len(far)) < 0.3))
        yuan = (
            np.where(
                history.m_migrant[chosen] == OUT_OF_PROVINCE,
                TRANSPORT_YUAN["out_of_province"],
                TRANSPORT_YUAN["in_province"],
            )
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
        (history.hh_unsafe_housing[active] > 0)
        & (history.hh_unsafe_housing[active] <= days(town.FINAL_DATE))
    ]
    add(
        fixed,
        None,
        "housing_renovation",
        None,
        rng.integers(15, 26, len(fixed)) * 1000,
        history.hh_unsafe_housing[fixed],
    )
    # 特色种养业: each town's industries, by batch (spring and autumn) 2016-2018
    batches = INDUSTRY_BATCHES
    share = history.town_industry_share[history.hh_town[active]]
    for batch_number, (_name, paid) in enumerate(batches):
        eligible = active[
            (history.hh_identified[active] < days(paid) - 60)
            & (rng.random(len(active)) < share / 2.2)
        ]
        town_of = history.hh_town[eligible]
        choice = rng.integers(0, 1_000_000, len(eligible))
        item = history.town_item_matrix[town_of, choice % history.town_item_count[town_of]]
        low = np.array([town.INDUSTRY_ITEMS[name][1] for name in INDUSTRY_ITEMS])[item]
        high = np.array([town.INDUSTRY_ITEMS[name][2] for name in INDUSTRY_ITEMS])[item]
        yuan = (low + rng.random(len(item)) * (high - low)).astype(np.int64) // 10 * 10
        breeding = np.array(
            [town.INDUSTRY_ITEMS[name][0] == "industry_breeding" for name in INDUSTRY_ITEMS]
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
            weights=(history.m_adult_labor <= 1)
            & (ages_on(history.m_birth_year, history.m_birth_month_day, town.FINAL_DATE) <= 60),
            minlength=history.household_count,
        )
        == 0
    )
    pv = active[
        no_labor[active]
        & (history.hh_identified[active] < days(dt.date(2017, 1, 1)))
        & (rng.random(len(active)) < 0.5)
    ]
    for paid in PV_PAYDAYS:
        add(
            pv,
            None,
            "pv_income",
            None,
            np.full(len(pv), town.PV_QUARTER_YUAN),
            np.full(len(pv), days(paid)),
        )
    # 公益性岗位: a few people per village, monthly from July 2017
    age_final = ages_on(history.m_birth_year, history.m_birth_month_day, town.FINAL_DATE)
    early = history.hh_identified[member_household] < days(dt.date(2017, 7, 1))
    posts = np.flatnonzero(
        registered_member
        & early
        & (age_final >= 30)
        & (age_final <= 62)
        & (history.m_migrant == 0)
        & (history.m_adult_labor <= 2)
        & (rng.random(len(age_final)) < 0.012)
    )
    post_item = rng.integers(0, len(town.WELFARE_POSTS), len(posts))
    month = WELFARE_JOB_FIRST_PAYDAY
    while month <= town.FINAL_DATE:
        add(
            member_household[posts],
            posts,
            "public_welfare_job",
            post_item + 100,
            np.full(len(posts), town.WELFARE_JOB_MONTHLY_YUAN),
            np.full(len(posts), days(month)),
        )
        month = next_payday(month)
    # 健康扶贫: the sick get medical aid a few times from 2016
    sick = np.flatnonzero(registered_member & ((history.m_health == 1) | (history.m_health == 2)))
    times = rng.poisson(
        np.where(
            history.m_health[sick] == 1,
            HEALTH_AID_PER_PERSON["chronic"],
            HEALTH_AID_PER_PERSON["serious_illness"],
        )
    )
    person = np.repeat(sick, times)
    paid = days(HEALTH_AID_FROM) + rng.integers(0, HEALTH_AID_DAYS, len(person))
    keep = (paid >= history.hh_identified[member_household[person]]) & (
        paid >= history.m_birth[person]
    )
    person, paid = person[keep], paid[keep]
    high = np.where(
        history.m_health[person] == 1,
        HEALTH_AID_HIGHEST["chronic"],
        HEALTH_AID_HIGHEST["serious_illness"],
    )
    lowest = HEALTH_AID_LOWEST
    yuan = (lowest + rng.random(len(person)) * (high - lowest)).astype(np.int64) // 10 * 10
    add(member_household[person], person, "health_aid", None, yuan, paid)
    history.payment_rows = rows


def scaled_payments_table(history: ScaledHistory) -> pa.Table:
    """Every payment of the history, in date order (a snapshot takes a prefix)."""
    has_person = history.p_person >= 0
    named = person_ids(history, np.where(has_person, history.p_person, 0))
    person = pc.if_else(pa.array(has_person), named, pa.scalar(None, pa.string()))
    item_names = INDUSTRY_ITEMS + [None] * (100 - len(INDUSTRY_ITEMS)) + list(town.WELFARE_POSTS)
    item = pick_strings(
        item_names + [None], np.where(history.p_item >= 0, history.p_item, len(item_names))
    )
    batch_names = [name for name, _ in INDUSTRY_BATCHES] + [None]
    batch = pick_strings(
        batch_names, np.where(history.p_batch >= 0, history.p_batch, len(batch_names) - 1)
    )
    return pa.table(
        {
            "payment_id": text_of(b"P", digits(np.arange(1, len(history.p_day) + 1), 9)),
            "household_id": household_ids(history, history.p_household),
            "person_id": person,
            "program": pick_strings(list(contract.PROGRAMS), history.p_program),
            "item": item,
            "amount_yuan": decimal_yuan(history.p_cents),
            "paid_date": date_array(history.p_day),
            "batch": batch,
        }
    )


def finish_scaled_payments(history: ScaledHistory) -> None:
    """Join the payment rows (the loans' dividends included) into date-ordered columns `p_*`."""
    household, person, program, item, cents, day, batch = (
        np.concatenate(part) for part in zip(*history.payment_rows, strict=True)
    )
    order = np.lexsort((program, household, day))
    history.p_household, history.p_person, history.p_program = (
        household[order],
        person[order],
        program[order],
    )
    history.p_item, history.p_cents, history.p_day, history.p_batch = (
        item[order],
        cents[order],
        day[order],
        batch[order],
    )
    del history.payment_rows
