"""A small hand-made town that breaks no rule of the catalogue, and the ways to break each one.

Four households in two villages on 2018-06-30, written with the project's `write_snapshot`:

- A (甲村): exited in 2016; a migrant father, a chronically ill mother, a boy of 10 in primary
  school (education aid in 2018), health aid to the mother;
- B (甲村): not exited, 特困供养 (tekun), one disabled woman of 75;
- C (乙村): relapsed (exited 2016), 低保, 因学: a vocational student of 17 (雨露计划 in 2018), a
  mother of 48 on a public-welfare post;
- D (乙村): exited in 2017, identified in 2015: a woman of 66 and her son of 35, a migrant.

ID numbers are made here with the check digit computed by this file's own GB 11643 code.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path

from dashboard import contract
from tests import builders

SNAPSHOT = dt.date(2018, 6, 30)
V1, V2 = "341182108200", "341182108201"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def check_char(first_17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first_17, ID_WEIGHTS, strict=True)) % 11]


def id_number(birth: dt.date, sex: str, sequence: int = 10) -> str:
    """A valid number of 明光市 for a birth date and sex (`sequence` picks among them)."""
    sequence = sequence * 2 + (1 if sex == "male" else 0)
    first_17 = f"341182{birth:%Y%m%d}{sequence:03d}"
    return first_17 + check_char(first_17)


def id_number_ending_in_x(birth: dt.date, sex: str) -> str:
    """A valid number whose check character is X."""
    for sequence in range(500):
        number = id_number(birth, sex, sequence)
        if number.endswith("X"):
            return number
    raise AssertionError("no sequence gives X")


def born(years: int, *, on: dt.date = SNAPSHOT, days_later: int = 0) -> dt.date:
    """The birth date of someone who turns `years` on `on` (plus `days_later` days)."""
    return on.replace(year=on.year - years) + dt.timedelta(days=days_later)


def _member(person_id, household_id, name, relation, sex, birth, **values) -> dict:
    return builders.member(
        person_id,
        household_id,
        **{
            "name": name,
            "id_number": id_number(birth, sex),
            "relation": relation,
            "sex": sex,
            "birth_date": birth,
            "education": "junior",
            **values,
        },
    )


def _household(household_id, village_code, **values) -> dict:
    return builders.household(
        household_id,
        village_code,
        **{
            "main_cause": "lack_capital",
            "planned_exit_year": 2019,
            "income_per_capita": Decimal("6000.00"),
            "helper_id": "H1",
            "village_contact_id": "C1",
            **values,
        },
    )


def _payment(payment_id, household_id, person_id, program, amount, paid) -> dict:
    return builders.payment(payment_id, household_id, program, amount, paid, person_id=person_id)


def clean_town() -> dict[str, list[dict]]:
    """Rows of every contract table; no rule of the catalogue finds anything in them."""
    village = {
        "town_name": "女山湖镇",
        "county_name": "明光市",
        "groups_count": 5,
        "population": 2000,
    }
    return {
        "villages": [
            builders.village(V1, "甲村", **village),
            builders.village(V2, "乙村", **village),
        ],
        "helpers": [
            builders.helper("H1", "张明华", "市国土局", "city"),
            builders.helper("H2", "李建国", "镇政府", "town"),
            builders.helper("C1", "王红梅", "甲村村委会", "village"),
            builders.helper("C2", "赵春生", "乙村村委会", "village"),
        ],
        "households": [
            _household(
                "A",
                V1,
                size=3,
                main_cause="illness",
                status="exited",
                exit_year=2016,
                planned_exit_year=2016,
            ),
            _household(
                "B",
                V1,
                attribute="tekun",
                main_cause="disability",
                income_per_capita=Decimal("2500.00"),
            ),
            _household(
                "C",
                V2,
                size=3,
                attribute="dibao",
                main_cause="education",
                status="relapsed",
                exit_year=2016,
                planned_exit_year=2019,
                income_per_capita=Decimal("2800.00"),
                helper_id="H2",
                village_contact_id="C2",
            ),
            _household(
                "D",
                V2,
                size=2,
                identified_year=2015,
                status="exited",
                exit_year=2017,
                planned_exit_year=2017,
                helper_id="H2",
                village_contact_id="C2",
            ),
        ],
        "members": [
            _member(
                "A1",
                "A",
                "孙德胜",
                "head",
                "male",
                born(45, days_later=-40),
                migrant_work="out_of_province",
                migrant_months=8,
            ),
            _member(
                "A2",
                "A",
                "周秀云",
                "spouse",
                "female",
                born(43, days_later=-100),
                health="chronic",
                labor="weak",
            ),
            _member(
                "A3",
                "A",
                "孙浩然",
                "child",
                "male",
                born(10, days_later=-20),
                education="primary",
                school_stage="primary",
                labor="none",
            ),
            _member(
                "B1",
                "B",
                "吴桂英",
                "head",
                "female",
                born(75, days_later=-5),
                education="illiterate",
                health="disabled",
                labor="none",
            ),
            _member("C1", "C", "郑光明", "head", "male", born(50, days_later=-60)),
            _member(
                "C2", "C", "冯春梅", "spouse", "female", born(48, days_later=-70), labor="weak"
            ),
            _member(
                "C3",
                "C",
                "郑子豪",
                "child",
                "male",
                born(17, days_later=-30),
                education="vocational",
                school_stage="secondary_vocational",
                labor="none",
            ),
            _member(
                "D1",
                "D",
                "何玉兰",
                "head",
                "female",
                born(66, days_later=-15),
                education="primary",
                labor="weak",
            ),
            _member(
                "D2",
                "D",
                "曹志强",
                "child",
                "male",
                born(35, days_later=-90),
                labor="skilled",
                migrant_work="in_province",
                migrant_months=10,
            ),
        ],
        "payments": [
            _payment("P1", "A", "A3", "education_aid", 500, dt.date(2018, 3, 20)),
            _payment("P2", "C", "C3", "rainbow_plan", 1500, dt.date(2018, 5, 18)),
            _payment("P3", "C", "C2", "public_welfare_job", 500, dt.date(2018, 1, 28)),
            _payment("P4", "A", "A2", "health_aid", 800, dt.date(2017, 5, 1)),
        ],
        "visits": [],
        "loans": [],
        "trainings": [],
        "targets": [],
        "village_projects": [],
    }


def row(town: dict, table: str, key: str) -> dict:
    """The row of `table` whose primary key is `key` (to change in place)."""
    column = contract.table(table).primary_key[0]
    return next(r for r in town[table] if r[column] == key)


def add_household_copies(town: dict, count: int, helper_id: str) -> None:
    """`count` more one-person households like B, all helped by `helper_id`."""
    for number in range(1, count + 1):
        household = dict(row(town, "households", "B"), household_id=f"B{number}")
        household["helper_id"] = helper_id
        member = dict(row(town, "members", "B1"), person_id=f"B{number}1")
        member["household_id"] = household["household_id"]
        member["id_number"] = id_number(member["birth_date"], member["sex"], 100 + number)
        member["name"] = f"吴{'一二三四五六七八'[number - 1]}英"
        town["households"].append(household)
        town["members"].append(member)


def write_town(
    town: dict,
    data_dir: Path,
    snapshot_date: dt.date = SNAPSHOT,
    not_in_source: dict[str, list[str]] | None = None,
) -> Path:
    """Write the town as one snapshot (a deep copy: the caller's rows are never shared).

    `not_in_source` (contract v1.2): per table, columns written NULL in every row and listed in
    the manifest, as an import of a layout that does not carry them writes them.
    """
    tables = copy.deepcopy(town)
    for name, columns in (not_in_source or {}).items():
        for table_row in tables.get(name, []):
            table_row.update(dict.fromkeys(columns))
    return builders.write_town(data_dir, snapshot_date, tables, not_in_source=not_in_source)
