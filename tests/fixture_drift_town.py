"""A town where the rules that had drifted apart would give different answers.

One village (甲村, population 1,000), eight households on 2018-06-30, written with the
project's `write_snapshot`. Each household sits on an edge one of the old copies of a rule got
wrong or could get wrong:

- A: exited in 2017, income 2,952 yuan in 2017: exactly on the 2017 line (not above it);
- B: not exited, planned to exit in 2018, income 2,995 in 2017: exactly on the 2018 line; its
  own helper last came exactly 90 days before the snapshot (still "recently");
- C: not exited, planned for 2018, income 4,000, a 10-year-old still in preschool (out of
  school by the national rule; the old overview tested only "not in school"); its helper last
  came 91 days before the snapshot (no longer "recently");
- D: exited in 2016, a 15-year-old who finished junior school and is not in school (not out of
  school: compulsory schooling is done; the old overview counted her);
- E: not exited, planned for 2018, income 4,000, three people, one of them a 15-year-old who
  finished junior school; never visited;
- F: not exited, planned for 2018, income 4,000, visited 10 days before;
- G: exited in 2015, a 10-year-old in preschool;
- H: exited in 2017, also a 10-year-old in preschool (so the old and the new child rule count
  different numbers of households, not only different ones).

Helpers: H1 (city) answers for A and B (2: under the 3–5 rule), H2 (town) for C–H (6: over
it), C1 is the village contact of all. Everyone is insured, every house and well is safe.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from tests import builders

SNAPSHOT = dt.date(2018, 6, 30)
VILLAGE = "341182108200"
ADULT_BIRTH = dt.date(1970, 3, 1)
TEN_YEARS_OLD = dt.date(2008, 1, 15)  # 10 on the snapshot date
FIFTEEN_YEARS_OLD = dt.date(2002, 9, 1)  # 15 on the snapshot date (16 in September)


def _household(household_id: str, status: str, helper_id: str, **values) -> dict:
    return builders.household(
        household_id,
        VILLAGE,
        **{
            "main_cause": "lack_capital",
            "status": status,
            "planned_exit_year": 2018 if status == "not_exited" else None,
            "income_per_capita": Decimal("5000.00"),
            "helper_id": helper_id,
            "village_contact_id": "C1",
            **values,
        },
    )


def _member(household_id: str, number: int, relation: str, birth: dt.date, **values) -> dict:
    return builders.member(
        f"{household_id}{number}",
        household_id,
        **{
            "name": f"{household_id}姓{'一二三'[number - 1]}",
            "id_number": f"341182{birth:%Y%m%d}{number:03d}1",
            "relation": relation,
            "sex": "female",
            "birth_date": birth,
            "education": "junior",
            **values,
        },
    )


def _head(household_id: str) -> dict:
    return _member(household_id, 1, "head", ADULT_BIRTH)


def _in_preschool_at_ten(household_id: str) -> dict:
    return _member(
        household_id, 2, "child", TEN_YEARS_OLD, school_stage="preschool", education="illiterate"
    )


def _done_with_junior_at_fifteen(household_id: str, number: int = 2) -> dict:
    return _member(
        household_id, number, "child", FIFTEEN_YEARS_OLD, school_stage="none", labor="none"
    )


def drift_town() -> dict[str, list[dict]]:
    """The rows of every contract table (tables not named here are empty)."""
    households = [
        _household("A", "exited", "H1", exit_year=2017, income_per_capita=Decimal("2952.00")),
        _household("B", "not_exited", "H1", income_per_capita=Decimal("2995.00")),
        _household("C", "not_exited", "H2", size=2, income_per_capita=Decimal("4000.00")),
        _household("D", "exited", "H2", size=2, exit_year=2016),
        _household("E", "not_exited", "H2", size=3, income_per_capita=Decimal("4000.00")),
        _household("F", "not_exited", "H2", income_per_capita=Decimal("4000.00")),
        _household("G", "exited", "H2", size=2, exit_year=2015),
        _household("H", "exited", "H2", size=2, exit_year=2017),
    ]
    members = [_head(row["household_id"]) for row in households]
    members += [
        _in_preschool_at_ten("C"),
        _done_with_junior_at_fifteen("D"),
        _member("E", 2, "spouse", ADULT_BIRTH),
        _done_with_junior_at_fifteen("E", 3),
        _in_preschool_at_ten("G"),
        _in_preschool_at_ten("H"),
    ]
    visits = [
        ("H1", "B", SNAPSHOT - dt.timedelta(days=90)),
        ("H2", "C", SNAPSHOT - dt.timedelta(days=91)),
        ("H2", "F", SNAPSHOT - dt.timedelta(days=10)),
    ]
    return {
        "villages": [
            builders.village(
                VILLAGE, "甲村", town_name="女山湖镇", county_name="明光市", population=1000
            )
        ],
        "helpers": [
            builders.helper("H1", "张明华", "市国土局", "city"),
            builders.helper("H2", "李建国", "镇政府", "town"),
            builders.helper("C1", "王红梅", "甲村村委会", "village"),
        ],
        "households": households,
        "members": members,
        "visits": [
            builders.visit(f"VS{number}", helper_id, household_id, day)
            for number, (helper_id, household_id, day) in enumerate(visits, start=1)
        ],
        "targets": [{"year": 2018, "village_code": None, "households": 4, "people": 7}],
    }


def write_drift_town(data_dir: Path) -> Path:
    """Write the town as one snapshot dated 2018-06-30 into `data_dir`."""
    return builders.write_town(data_dir, SNAPSHOT, drift_town())
