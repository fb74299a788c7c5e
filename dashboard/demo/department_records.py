"""Department records (部门筛查预警): what other departments know of the register's people.

After the report, the town's and the scaled demos' monitoring objects are raised by what a
department recorded a few weeks before: a hospital bill (医保), a disaster (应急管理), a new
disability (残联), an accident or a death (公安). The town has more besides, each for a page or a
check to find: the 2018 回头看's cars, businesses and public salaries, the 2020 flood, the sick
filing bills every year, signals no one acted on, and people outside the register.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pyarrow as pa

from dashboard import contract
from dashboard.demo import town
from dashboard.demo.arrays import date_array, days, decimal_yuan, pick_strings
from dashboard.demo.history import (
    Household,
    Member,
    ScaledHistory,
    TownHistory,
    health_on,
    present_members,
    random_days,
    workers,
)
from dashboard.demo.people import age_on, school_stage_on

# The record that raised a risk, some weeks before the identification (days, from and to).
RECORD_BEFORE_DAYS = (15, 75)
ILLNESS_BILL_THOUSANDS = (15, 80)  # a hospital bill that raises the illness risk, in 1,000 yuan
DISASTER_LOSS_HUNDREDS = (20, 120)  # a disaster loss that raises the disaster risk, in 100 yuan


def illness_bill_detail(yuan: int) -> str:
    """The detail of a hospital bill's record, as the 医保 export writes it."""
    return f"住院治疗，医保报销后个人自付{yuan}元"


# ------------------------------------------------------------------------------- the town
def record(
    history: TownHistory, member_or_id, department: str, kind: str, day: dt.date, **extra
) -> None:
    """Record what a department knows of a member (or of an (ID number, name) outside the
    register); its ID is given once every record is drawn (`number_department_records`)."""
    if isinstance(member_or_id, Member):
        id_number, name = member_or_id.id_number, member_or_id.name
    else:
        id_number, name = member_or_id
    amount = extra.get("amount")
    history.department_records.append(
        {
            "record_id": "",
            "id_number": id_number,
            "name": name,
            "department": department,
            "kind": kind,
            "record_date": day,
            "amount_yuan": None if amount is None else Decimal(int(amount)),
            "detail": extra.get("detail"),
        }
    )


def draw_flood_2020(history: TownHistory) -> None:
    """July 2020: the Huai's flood reaches the lake villages (应急管理 受灾 records)."""
    rng = history.later_rng
    lake = [h for h in history.registered() if h.village_code in lake_villages()]
    for household in history.later_sample(lake, 26):
        head = present_members(household, dt.date(2020, 7, 20))[0]
        loss = int(rng.integers(8, 60)) * 100
        record(
            history,
            head,
            "emergency",
            "受灾",
            dt.date(2020, 7, 20) + random_days(0, 21, rng),
            amount=loss,
            detail=f"洪涝灾害，农作物及房屋受损，估计损失{loss}元",
        )


def lake_villages() -> set[str]:
    """The town's units on the lake (the water villages, the shipping company, the fishery)."""
    return {code for code, _, kind, *_ in town.UNITS if kind in town.WATER_KINDS}


def draw_roundup_2018(history: TownHistory) -> None:
    """The 2018 回头看's data comparison: registered people with a car, a business or a
    public salary (精准识别 doubts), sent in the second half of 2018."""
    rng = history.later_rng
    day = dt.date(2018, 8, 1)
    adults = [
        m
        for h in history.registered()
        for m in present_members(h, day)
        if 22 <= age_on(m.birth_date, day) <= 60
    ]
    picks = history.later_sample(adults, 8 + 5 + 3)
    for member in picks[:8]:
        price = int(rng.integers(5, 25))
        record(
            history,
            member,
            "vehicles",
            "车辆登记",
            day + random_days(0, 120, rng),
            amount=price * 10_000,
            detail=f"小型轿车，登记价格约{price}万元",
        )
    for member in picks[8:13]:
        capital = int(rng.integers(2, 30))
        record(
            history,
            member,
            "market_regulation",
            "工商注册",
            day + random_days(0, 120, rng),
            amount=capital * 10_000,
            detail=f"个体工商户，注册资金{capital}万元",
        )
    for member in picks[13:]:
        record(
            history,
            member,
            "public_payroll",
            "财政供养人员",
            day + random_days(0, 120, rng),
            detail=str(rng.choice(["镇直单位编外聘用", "市直事业单位在编", "村干部（财政补贴）"])),
        )


def killable(history: TownHistory, household: Household, on: dt.date) -> list[Member]:
    """Working members whose death the demo may draw: not the head (one head per household)
    and named by no payment or training (those must stay in every later snapshot)."""
    return [
        m
        for m in workers(household, on)
        if m.relation != "head" and m.person_id not in history.named
    ]


def die(history: TownHistory, member: Member, day: dt.date) -> None:
    """A member dies on `day`: gone from the household, and 公安's 死亡注销 record."""
    member.present_until = day
    record(history, member, "public_security", "死亡注销", day, detail="户籍注销（死亡）")


def draw_medical_bills(history: TownHistory) -> None:
    """医保: the sick file bills every year; out-of-pocket amounts after reimbursement."""
    rng = history.later_rng
    for household in history.households:
        if household.removed_date is not None:
            continue
        for member in household.members:
            for year in range(2019, 2026):
                day = dt.date(year, 1, 1) + random_days(0, 360, rng)
                if not member.present_on(day) or day < household.identified_date:
                    continue
                health = health_on(member, day)
                rate = {"chronic": 0.4, "serious_illness": 1.2}.get(health, 0.03)
                for _ in range(int(rng.poisson(rate))):
                    high = 40 if health == "serious_illness" else 5
                    amount = int(rng.uniform(0.3, high) * 1000) // 10 * 10 + 10
                    record(
                        history,
                        member,
                        "medical_insurance",
                        "住院自付费用" if amount >= 2000 else "门诊慢特病自付费用",
                        day,
                        amount=amount,
                        detail=f"医保报销后个人自付{amount}元",
                    )


def draw_missed_clues(history: TownHistory, spells: list[dict]) -> None:
    """Signals no one acted on: exited households never identified whose department records
    say they should be looked at (what the early-warning clues must find)."""
    rng = history.later_rng
    objects = {s["household_id"] for s in spells}
    quiet = [h for h in history.registered() if h.household_id not in objects]
    for household in history.later_sample(quiet, 6):  # a big bill against a small income
        day = dt.date(2023, 3, 1) + random_days(0, 900, rng)
        adults = [m for m in present_members(household, day) if age_on(m.birth_date, day) >= 18]
        bill = int(rng.integers(25, 70)) * 1000
        record(
            history,
            adults[0],
            "medical_insurance",
            "住院自付费用",
            day,
            amount=bill,
            detail=f"重病住院，医保报销后个人自付{bill}元",
        )
    dropout_day = dt.date(2023, 3, 6)
    with_pupils = [
        (h, m)
        for h in quiet
        for m in present_members(h, dropout_day)
        if school_stage_on(m.birth_date, m.track, dropout_day) == "junior"
    ]
    for _household, pupil in history.later_sample(with_pupils, 3):  # a dropout at 12 to 14
        day = dropout_day + random_days(0, 60, rng)
        pupil.changes.append((day, {"school_stage": "none"}))
        record(history, pupil, "education", "义务教育辍学", day, detail="连续旷课，疑似辍学")
    death_day = dt.date(2022, 5, 1)
    with_workers = [h for h in quiet if killable(history, h, death_day)]
    for household in history.later_sample(with_workers, 2):  # the main worker dies
        day = death_day + random_days(0, 900, rng)
        die(history, killable(history, household, death_day)[0], day)
    for household in history.later_sample(quiet, 3):  # a new severe disability
        day = dt.date(2021, 6, 1) + random_days(0, 1200, rng)
        adults = [
            m for m in present_members(household, day) if 18 <= age_on(m.birth_date, day) < 70
        ]
        if adults:
            adults[0].changes.append((day, {"health": "disabled"}))
            record(history, adults[0], "disability", "新增残疾", day, detail="肢体残疾一级（重度）")
    # A few exited households whose income fell under the line without being identified.
    for household in history.later_sample(quiet, 5):
        year = int(rng.choice([2023, 2024, 2025]))
        household.later_income[year] = round(float(rng.uniform(0.8, 0.99)), 4)


def draw_outside_register(history: TownHistory) -> None:
    """Records about people in the town who are in no household of the register (kept,
    shown only to roles that may see them)."""
    rng = history.later_rng
    for _ in range(18):
        sex = str(rng.choice(["male", "female"]))
        birth = dt.date(1950, 1, 1) + random_days(0, 20000, rng)
        person = (
            history.people.id_number(birth, sex),
            history.people.surname() + history.people.given_name(sex, birth.year),
        )
        day = dt.date(2021, 2, 1) + random_days(0, 1750, rng)
        if rng.random() < 0.75:
            bill = int(rng.integers(2, 60)) * 1000
            record(
                history,
                person,
                "medical_insurance",
                "住院自付费用",
                day,
                amount=bill,
                detail=f"医保报销后个人自付{bill}元",
            )
        else:
            record(history, person, "disability", "新增残疾", day, detail="肢体残疾三级")


def number_department_records(history: TownHistory) -> None:
    """Sort the records by date (then ID number) and number them DR000001 on."""
    history.department_records.sort(key=lambda r: (r["record_date"], r["id_number"]))
    for number, record in enumerate(history.department_records, start=1):
        record["record_id"] = f"DR{number:06d}"


# ------------------------------------------------------------- the county and province
def draw_scaled_records(history: ScaledHistory) -> None:
    """The department records behind the illness and disaster risks, before identification."""
    rng = history.later_rng
    first_member = np.full(history.household_count, -1, dtype=np.int64)
    present = history.m_present_until < 0
    first_member[history.m_household[present][::-1]] = np.flatnonzero(present)[::-1]
    risks = contract.MONITORING_RISKS
    illness, disaster = risks.index("illness"), risks.index("disaster")
    spells = np.flatnonzero((history.sp_risk == illness) | (history.sp_risk == disaster))
    person = first_member[history.sp_household[spells]]
    spells, person = spells[person >= 0], person[person >= 0]
    is_bill = history.sp_risk[spells] == illness
    history.r_person = person
    history.r_day = history.sp_identified[spells] - rng.integers(*RECORD_BEFORE_DAYS, len(spells))
    history.r_bill = is_bill
    history.r_amount = np.where(
        is_bill,
        rng.integers(*ILLNESS_BILL_THOUSANDS, len(spells)) * 1000,
        rng.integers(*DISASTER_LOSS_HUNDREDS, len(spells)) * 100,
    )


def scaled_records_at(history: ScaledHistory, on: dt.date) -> pa.Table:
    """The department records a snapshot on `on` holds."""
    today = days(on)
    rows = np.flatnonzero(history.r_day <= today)
    rows = rows[np.argsort(history.r_day[rows], kind="stable")]
    person = history.r_person[rows]
    bill = history.r_bill[rows]
    amount = history.r_amount[rows]
    details = [
        illness_bill_detail(yuan) if is_bill else f"自然灾害受损，估计损失{yuan}元"
        for is_bill, yuan in zip(bill, amount, strict=True)
    ]
    return pa.table(
        {
            "record_id": pa.array([f"DR{number:07d}" for number in rows]),
            "id_number": history.all_id_numbers.take(pa.array(person)),
            "name": history.all_names.take(pa.array(person)),
            "department": pick_strings(["medical_insurance", "emergency"], np.where(bill, 0, 1)),
            "kind": pick_strings(["住院自付费用", "受灾"], np.where(bill, 0, 1)),
            "record_date": date_array(history.r_day[rows]),
            "amount_yuan": decimal_yuan(amount * 100, precision=14),
            "detail": pa.array(details, type=pa.string()),
        }
    )
