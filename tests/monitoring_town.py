"""A small hand-made town of 2023 with monitoring objects and department records.

The households of `checks.fixture_town` (甲村 A, B, F; 乙村 C, D, E) on 2023-12-31, all exited
by 2020 but E, an ordinary household (monitored_only). Every expected value of the tests that
read it is worked out by hand from the rows below:

- A (甲村, 3 people, A1 able): 脱贫不稳定户 2021-03-10, 因病, 健康, eliminated 2022-01-15; then
  突发严重困难户 2023-05-20, 因意外事故, no measure, open (7 months);
- B (甲村, 1 person, disabled, no labour): 脱贫不稳定户 2021-06-01, 因残, 综合保障, open (30 months);
  a 残联 record of a new disability (no clue: B is an open object);
- C (乙村, 3 people, 低保, income 6,000): 脱贫不稳定户 2023-02-01, 因学, 产业、教育, eliminated
  2023-05-01 (3 months); 医保 bills of 9,500 (2023-10-01, counts: > 50 % of 18,000) and 500
  (2022-11-01, older than 12 months), a dropout of C3, the death of C1 (able to work);
- D (乙村, 2 people, income 7,000): never an object; its one able member D2 a migrant of 4
  months; a disaster record for D2; a loan of 50,000 due 2024-03-01;
- E (乙村, monitored_only, 2 people, E1 able): 边缘易致贫户 2022-08-15, 因务工就业不稳, 就业, open;
- F (甲村, 1 person, 特困, income 6,500, seriously ill, labour lost): never an object;
- a 医保 record of someone not in the register.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from checks.fixture_town import V1, born, clean_town, id_number, row, write_town

SNAPSHOT = dt.date(2023, 12, 31)
OUTSIDER_ID = id_number(dt.date(1970, 1, 1), "male", 400)


def _spell(household_id, object_type, identified, main_risk, measures, eliminated=None) -> dict:
    return {
        "household_id": household_id,
        "object_type": object_type,
        "identified_date": identified,
        "risk_types": None,
        "main_risk": main_risk,
        "eliminated": eliminated is not None,
        "eliminated_date": eliminated,
        "measures": measures,
    }


def _record(record_id, person_id_number, department, kind, day, amount=None) -> dict:
    return {
        "record_id": record_id,
        "id_number": person_id_number,
        "name": None,
        "department": department,
        "kind": kind,
        "record_date": day,
        "amount_yuan": None if amount is None else Decimal(amount),
        "detail": None,
    }


def monitoring_town() -> dict[str, list[dict]]:
    """The rows of every contract table (see the module's docstring)."""
    town = clean_town()
    for household in town["households"]:
        household.update(income_year=2023, status="exited", planned_exit_year=2019)
    row(town, "households", "A").update(exit_year=2016)
    row(town, "households", "B").update(exit_year=2020)
    row(town, "households", "C").update(exit_year=2019)
    row(town, "households", "D").update(exit_year=2017, income_per_capita=Decimal("7000.00"))
    row(town, "members", "D2").update(migrant_months=4)
    town["households"].append(
        dict(
            row(town, "households", "D"),
            household_id="E",
            status="monitored_only",
            # The contract leaves attribute NULL for monitored_only, but the snapshot writer
            # takes a NULL there only for a whole column not in the source: kept as written.
            attribute="general",
            exit_year=None,
            planned_exit_year=None,
            identified_year=2022,
            income_per_capita=Decimal("8000.00"),
        )
    )
    town["households"].append(
        dict(
            row(town, "households", "B"),
            household_id="F",
            village_code=V1,
            exit_year=2018,
            income_per_capita=Decimal("6500.00"),
        )
    )
    town["members"] += [
        dict(
            row(town, "members", "D2"),
            person_id="E1",
            household_id="E",
            name="钱大勇",
            relation="head",
            id_number=id_number(born(40), "male", 300),
            migrant_work="none",
            migrant_months=0,
        ),
        dict(
            row(town, "members", "A3"),
            person_id="E2",
            household_id="E",
            name="钱小丽",
            sex="female",
            id_number=id_number(born(10), "female", 301),
        ),
        dict(
            row(town, "members", "B1"),
            person_id="F1",
            household_id="F",
            name="陶金凤",
            health="serious_illness",
            labor="lost",
            id_number=id_number(born(70), "female", 302),
        ),
    ]
    town["monitoring"] = [
        _spell("A", "unstable_exited", dt.date(2021, 3, 10), "illness", "健康", dt.date(2022, 1, 15)),
        _spell("A", "sudden_hardship", dt.date(2023, 5, 20), "accident", None),
        _spell("B", "unstable_exited", dt.date(2021, 6, 1), "disability", "综合保障"),
        _spell("C", "unstable_exited", dt.date(2023, 2, 1), "education", "产业、教育", dt.date(2023, 5, 1)),
        _spell("E", "edge", dt.date(2022, 8, 15), "unstable_employment", "就业"),
    ]  # fmt: skip
    person = {r["person_id"]: r["id_number"] for r in town["members"]}
    town["department_records"] = [
        _record("R1", person["C2"], "medical_insurance", "住院自付费用", dt.date(2023, 10, 1), 9500),
        _record("R2", person["C2"], "medical_insurance", "住院自付费用", dt.date(2022, 11, 1), 500),
        _record("R3", person["C3"], "education", "义务教育辍学", dt.date(2023, 9, 1)),
        _record("R4", person["C1"], "public_security", "死亡注销", dt.date(2023, 11, 1)),
        _record("R5", person["D2"], "emergency", "洪涝受灾", dt.date(2023, 7, 15)),
        _record("R6", person["B1"], "disability", "新增残疾", dt.date(2023, 6, 1)),
        _record("R7", OUTSIDER_ID, "medical_insurance", "住院自付费用", dt.date(2023, 8, 1), 90000),
    ]  # fmt: skip
    town["loans"] = [
        {
            "loan_id": "L1",
            "household_id": "D",
            "mode": "self_use",
            "amount_yuan": Decimal("50000.00"),
            "issued_date": dt.date(2021, 3, 1),
            "term_months": 36,
            "enterprise": None,
        }
    ]
    # Hand-made payments of 2017–2018 stay as they were; they play no part here.
    return town


def write_monitoring_town(town: dict, data_dir: Path, snapshot_date: dt.date = SNAPSHOT) -> Path:
    """Write the town as one snapshot (a deep copy: the caller's rows are never shared)."""
    return write_town(town, data_dir, snapshot_date)
