"""Each rule of the catalogue on a hand-made town where it fires, and on a near miss where it does not.

Every case starts from `fixture_town.clean_town()`, which breaks no rule, changes one thing and
writes the result as a real snapshot. `fire` must make the rule name the expected household or
person; `near_miss` changes the same thing just short of the rule (a boundary, another status,
a lower-case x …) and the rule must stay silent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

import pandas as pd
import pytest
from fixture_town import (
    SNAPSHOT,
    add_household_copies,
    born,
    check_char,
    clean_town,
    id_number,
    id_number_ending_in_x,
    row,
    write_town,
)

from dashboard import checks
from dashboard.data import Viewer, open_database


def households(town, key):
    return row(town, "households", key)


def members(town, key):
    return row(town, "members", key)


def payments(town, key):
    return row(town, "payments", key)


def set_values(table: str, key: str, **values) -> Callable[[dict], None]:
    def change(town: dict) -> None:
        row(town, table, key).update(values)

    return change


def together(*changes: Callable[[dict], None]) -> Callable[[dict], None]:
    def change(town: dict) -> None:
        for one in changes:
            one(town)

    return change


def add_like(table: str, like: str, **values) -> Callable[[dict], None]:
    """Append a copy of the row `like` of `table` with `values` changed."""

    def change(town: dict) -> None:
        town[table].append({**row(town, table, like), **values})

    return change


def spell(household_id: str, identified: dt.date, **values) -> Callable[[dict], None]:
    """Add a monitoring spell (contract v1.2) of a household; open unless `eliminated_date`."""

    def change(town: dict) -> None:
        eliminated = values.get("eliminated_date")
        town.setdefault("monitoring", []).append(
            {
                "household_id": household_id,
                "object_type": "unstable_exited",
                "identified_date": identified,
                "risk_types": None,
                "main_risk": "illness",
                "eliminated": eliminated is not None,
                "eliminated_date": eliminated,
                "measures": "健康",
                **values,
            }
        )

    return change


def department_record(
    person_id: str, day: dt.date, department: str = "disability", kind: str = "新增残疾"
) -> Callable[[dict], None]:
    """Add a department's record about a member (a 残联 new disability unless told), on `day`."""

    def change(town: dict) -> None:
        town.setdefault("department_records", []).append(
            {
                "record_id": f"R-{person_id}-{day}",
                "id_number": members(town, person_id)["id_number"],
                "name": None,
                "department": department,
                "kind": kind,
                "record_date": day,
                "amount_yuan": None,
                "detail": None,
            }
        )

    return change


def person(key: str, **values) -> Callable[[dict], None]:
    return set_values("members", key, **values)


def household(key: str, **values) -> Callable[[dict], None]:
    return set_values("households", key, **values)


def payment(key: str, **values) -> Callable[[dict], None]:
    return set_values("payments", key, **values)


def copies(count: int, helper_id: str) -> Callable[[dict], None]:
    return lambda town: add_household_copies(town, count, helper_id)


@dataclass(frozen=True)
class Case:
    rule_id: str
    fire: Callable[[dict], None]
    near_miss: Callable[[dict], None]
    expected: dict  # column → value the firing rule's row must hold


A3_BIRTH = born(10, days_later=-20)
FIFTEEN = born(15, days_later=-1)
SIXTEEN = born(16)  # turns 16 on the snapshot date itself
SEVENTY = born(70)
SEVENTY_ONE = born(71)
A1_NUMBER = id_number(born(45, days_later=-40), "male")
WRONG_CHECK = A1_NUMBER[:17] + ("0" if A1_NUMBER[17] != "0" else "1")
# C08: digits that are not a date, with a check digit that is right for them.
NOT_A_DATE = "34118220170230021"
LEAP_DAY = "34118220160229021"

CASES = (
    Case(
        "C01",
        household("A", housing_safe=False),
        household("B", housing_safe=False),  # not exited: still being helped, not an error
        {"household_id": "A"},
    ),
    Case(
        "C02",
        household("A", drinking_water_safe=False),
        household("C", drinking_water_safe=False),  # relapsed, not exited
        {"household_id": "A"},
    ),
    Case(
        "C03",
        person("A3", medical_insurance=False),
        person("B1", medical_insurance=False),  # B has not exited
        {"household_id": "A", "person_id": "A3"},
    ),
    Case(
        "C04",
        person("A3", school_stage="none"),
        # A 15-year-old out of school who has finished junior school is past compulsory school.
        person("A3", birth_date=FIFTEEN, school_stage="none", education="junior"),
        {"household_id": "A", "person_id": "A3"},
    ),
    Case(
        "C05",
        # The 2017 line is 2,952: exactly on it is not above it (the national standard's word).
        household("A", income_per_capita=Decimal("2952.00")),
        household("A", income_per_capita=Decimal("2952.01")),
        {"household_id": "A"},
    ),
    Case(
        "C06",
        person("A1", id_number=id_number(born(45, days_later=-40), "male")[:17]),
        person("A1", id_number=id_number_ending_in_x(born(45, days_later=-40), "male").lower()),
        {"person_id": "A1"},
    ),
    Case(
        "C07",
        person("A1", id_number=WRONG_CHECK),
        person("A1", id_number=id_number_ending_in_x(born(45, days_later=-40), "male").lower()),
        {"person_id": "A1"},
    ),
    Case(
        "C08",
        person("A1", id_number=NOT_A_DATE + check_char(NOT_A_DATE)),
        person("A1", id_number=LEAP_DAY + check_char(LEAP_DAY)),
        {"person_id": "A1"},
    ),
    Case(
        "C09",
        lambda town: members(town, "D2").update(id_number=members(town, "A1")["id_number"]),
        # The same number in a household removed from the register is history, not a duplicate.
        together(
            lambda town: members(town, "D2").update(id_number=members(town, "A1")["id_number"]),
            household("D", status="removed", exit_year=None),
        ),
        {"household_id": "D", "person_id": "D2"},
    ),
    Case(
        "C10",
        person("A2", sex="male"),
        # Birth date and number changed together: they still agree.
        person("A2", birth_date=born(40), id_number=id_number(born(40), "female")),
        {"person_id": "A2"},
    ),
    Case(
        "C11",
        household("A", group_name="  "),
        household("A", planned_exit_year=None),  # exited: no plan needed any more
        {"household_id": "A"},
    ),
    Case(
        "C12",
        person("B1", name=""),
        person("B1", name=" 吴桂英 "),
        {"person_id": "B1"},
    ),
    Case(
        "C13",
        person("A2", health="healthy"),
        together(person("A2", health="healthy"), household("A", main_cause="lack_capital")),
        {"household_id": "A"},
    ),
    Case(
        "C14",
        person("B1", health="chronic"),
        together(person("B1", health="chronic"), household("B", main_cause="illness")),
        {"household_id": "B"},
    ),
    Case(
        "C15",
        person("C3", school_stage="preschool"),  # preschool is not schooling that costs
        person("C3", school_stage="college"),
        {"household_id": "C"},
    ),
    Case(
        "C16",
        household("D", attribute="tekun"),  # D2 is 35 and skilled
        together(household("D", attribute="tekun"), person("D2", birth_date=born(60))),
        {"household_id": "D", "person_id": "D2"},
    ),
    Case(
        "C17",
        person("A3", labor="normal"),
        person("A3", labor="normal", birth_date=SIXTEEN, school_stage="senior"),
        {"person_id": "A3"},
    ),
    Case(
        "C18",
        person("B1", labor="normal"),
        person("B1", labor="normal", birth_date=SEVENTY),
        {"person_id": "B1"},
    ),
    Case(
        "C19",
        household("B", income_per_capita=Decimal("0.00")),
        household("B", income_per_capita=Decimal("0.01")),
        {"household_id": "B"},
    ),
    Case(
        "C20",
        household("A", income_per_capita=Decimal("100000.01")),
        household("A", income_per_capita=Decimal("100000.00")),
        {"household_id": "A"},
    ),
    Case(
        "C21",
        person("A1", migrant_months=0),
        person("A1", migrant_months=1),
        {"person_id": "A1"},
    ),
    Case(
        "C22",
        person("C1", migrant_months=3),
        person("C1", migrant_months=3, migrant_work="in_town"),
        {"person_id": "C1"},
    ),
    Case(
        "C23",
        person("D2", migrant_months=13),
        person("D2", migrant_months=12),
        {"person_id": "D2"},
    ),
    Case(
        "C24",
        household("A", helper_id=None),
        household("A", helper_id="H2"),
        {"household_id": "A"},
    ),
    Case(
        "C25",
        household("A", village_contact_id=None),
        household("A", village_contact_id="C2"),
        {"household_id": "A"},
    ),
    Case(
        "C26",
        copies(4, "H1"),  # A, B and four more: six
        copies(3, "H1"),  # five: within the rule
        {"household_id": None, "village_code": "341182108200"},
    ),
    Case(
        "C27",
        set_values("helpers", "C1", name="周秀云"),  # 甲村's contact, A2's name
        set_values("helpers", "C2", name="周秀云"),  # 乙村's contact: not where A2 lives
        {"household_id": "A", "person_id": "A2"},
    ),
    Case(
        "C28",
        person("A2", sex="male", id_number=id_number(born(43, days_later=-100), "male")),
        together(
            person("A1", sex="female", id_number=id_number(born(45, days_later=-40), "female")),
            person("A2", sex="male", id_number=id_number(born(43, days_later=-100), "male")),
        ),
        {"household_id": "A", "person_id": "A2"},
    ),
    Case(
        "C29",
        person("A3", school_stage="senior"),
        person("A3", school_stage="senior", birth_date=born(15), education="junior"),
        {"person_id": "A3"},
    ),
    Case(
        "C30",
        household("D", exit_year=2014),
        household("D", exit_year=2015),  # the year it was identified: possible
        {"household_id": "D"},
    ),
    Case(
        "C31",
        household("C", exit_year=None),
        household("C", exit_year=None, status="not_exited"),
        {"household_id": "C"},
    ),
    Case(
        "C32",
        household("A", exit_year=None),
        household("A", exit_year=2018),  # the snapshot's own year
        {"household_id": "A"},
    ),
    Case(
        "C33",
        household("A", size=4),
        together(
            household("A", size=4),
            add_like("members", like="A3", person_id="A4", name="孙雨欣", sex="female"),
        ),
        {"household_id": "A"},
    ),
    Case(
        "C34",
        person("A2", relation="head"),
        together(person("A2", relation="head"), person("A1", relation="spouse")),
        {"household_id": "A"},
    ),
    Case(
        "C35",
        person("B1", birth_date=born(15, days_later=1)),
        person("B1", birth_date=SIXTEEN),
        {"household_id": "B", "person_id": "B1"},
    ),
    Case(
        "C36",
        add_like(
            "payments",
            like="P4",
            payment_id="P9",
            household_id="D",
            person_id="D1",
            paid_date=dt.date(2014, 12, 1),
        ),  # fmt: skip
        add_like(
            "payments",
            like="P4",
            payment_id="P9",
            household_id="D",
            person_id="D1",
            paid_date=dt.date(2015, 1, 5),
        ),  # fmt: skip
        {"household_id": "D"},
    ),
    Case(
        "C37",
        add_like("payments", like="P4", payment_id="P9"),
        # Another person: two aids, not one paid twice.
        add_like("payments", like="P4", payment_id="P9", person_id="A1"),
        {"household_id": "A", "person_id": "A2"},
    ),
    Case(
        "C38",
        payment("P1", person_id="A1"),
        payment("P1", person_id=None),  # no one named, but A has a pupil
        {"household_id": "A", "person_id": "A1"},
    ),
    Case(
        "C39",
        payment("P2", person_id="C2"),
        person("C3", school_stage="higher_vocational"),
        {"household_id": "C", "person_id": "C2"},
    ),
    Case(
        "C40",
        person("C2", birth_date=born(71, on=dt.date(2018, 1, 28))),
        person("C2", birth_date=born(70, on=dt.date(2018, 1, 28))),
        {"household_id": "C", "person_id": "C2"},
    ),
    Case(
        "C41",
        payment("P1", household_id="B"),  # A's pupil, booked to B
        payment("P1", household_id="B", person_id=None),
        {"household_id": "B", "person_id": "A3"},
    ),
    Case(
        "C42",
        payment("P4", amount_yuan=Decimal("0.00")),
        payment("P4", amount_yuan=Decimal("0.01")),
        {"household_id": "A"},
    ),
)
MONITORING_CASES = (
    Case(
        "C50",
        spell("A", dt.date(2017, 1, 1), eliminated_date=dt.date(2017, 4, 1)),  # 3 months
        spell("A", dt.date(2017, 1, 1), eliminated_date=dt.date(2017, 7, 1)),  # 6 months
        {"household_id": "A"},
    ),
    Case(
        "C51",
        spell("A", dt.date(2016, 1, 1), eliminated_date=dt.date(2017, 1, 1)),  # 6,000 = the line
        together(
            spell("A", dt.date(2016, 1, 1), eliminated_date=dt.date(2017, 1, 1)),
            household("A", income_per_capita=Decimal("6000.01")),
        ),
        {"household_id": "A"},
    ),
    Case(
        "C52",
        together(
            spell("D", dt.date(2016, 1, 1), eliminated_date=dt.date(2017, 1, 1)),
            person("D1", labor="lost"),
            person("D2", labor="none"),
        ),
        together(
            spell("D", dt.date(2016, 1, 1), eliminated_date=dt.date(2017, 1, 1)),
            person("D2", labor="none"),  # D1 is weak labour: some
        ),
        {"household_id": "D"},
    ),
    Case(
        "C53",
        spell("B", dt.date(2018, 1, 1), main_risk="disability", measures="产业"),
        spell("B", dt.date(2018, 1, 1), main_risk="disability", measures="综合保障"),
        {"household_id": "B"},
    ),
    Case(
        "C54",
        together(spell("A", dt.date(2018, 3, 1)), department_record("A2", dt.date(2018, 2, 13))),
        together(spell("A", dt.date(2018, 3, 1)), department_record("A2", dt.date(2018, 2, 14))),
        {"household_id": "A"},
    ),
    Case(
        "C55",
        department_record("A1", dt.date(2018, 1, 5), "vehicles", "车辆登记"),
        department_record("A1", dt.date(2018, 1, 5), "medical_insurance", "住院自付费用"),
        {"household_id": "A", "person_id": "A1"},
    ),
)
CASES = (*CASES, *MONITORING_CASES)
CASES_BY_ID = {case.rule_id: case for case in CASES}


def run_one(tmp_path, change: Callable[[dict], None] | None, rule_id: str):
    town = clean_town()
    if change is not None:
        change(town)
    data_dir = write_town(town, tmp_path / "data")
    # One rule over the live staging views: the same rows as the kept ones (tests/staging checks
    # that), without building every derived table and finding of the town for each case.
    database = open_database(data_dir, materialise=False)
    try:
        rule = checks.rules_by_id()[rule_id]
        return checks.run_rule(database.run, rule, SNAPSHOT), town
    finally:
        database.close()


def test_every_rule_has_its_own_case():
    """The catalogue and the cases here name the same rules: a new rule needs its fixtures."""
    assert sorted(CASES_BY_ID) == sorted(checks.rules_by_id())
    assert len(CASES) == len(CASES_BY_ID)


def test_the_clean_town_breaks_no_rule(tmp_path):
    """The base of every case is clean: each rule's silence below is the near miss's doing."""
    data_dir = write_town(clean_town(), tmp_path / "data")
    database = open_database(data_dir)
    try:
        findings = checks.run_catalogue(database.run, SNAPSHOT)
    finally:
        database.close()
    assert findings.empty, findings.to_string()


@pytest.mark.parametrize("case", CASES, ids=[case.rule_id for case in CASES])
def test_rule_fires(tmp_path, case):
    findings, town = run_one(tmp_path, case.fire, case.rule_id)
    assert len(findings) >= 1, f"{case.rule_id} found nothing"

    def matches(finding) -> bool:
        return all(
            pd.isna(finding[column]) if value is None else finding[column] == value
            for column, value in case.expected.items()
        )

    assert any(matches(finding) for _, finding in findings.iterrows()), findings.to_string()
    assert set(findings["rule_id"]) == {case.rule_id}
    assert all(detail.strip() for detail in findings["detail"])
    # Personal data never leaves a rule whole: no full name, no full ID number.
    for member in town["members"]:
        for text in findings["detail"]:
            if len(member["name"].strip()) > 1:
                assert member["name"].strip() not in text, (case.rule_id, text)
            if len(member["id_number"]) >= 15:
                assert member["id_number"] not in text, (case.rule_id, text)
    for helper in town["helpers"]:
        for text in findings["detail"]:
            assert helper["name"] not in text, (case.rule_id, text)


@pytest.mark.parametrize("case", CASES, ids=[case.rule_id for case in CASES])
def test_rule_is_silent_on_the_near_miss(tmp_path, case):
    findings, _ = run_one(tmp_path, case.near_miss, case.rule_id)
    assert findings.empty, findings.to_string()


def test_a_year_missing_from_the_poverty_table_takes_the_latest_earlier_line(tmp_path):
    """Income of 2021 (no line in the table): judged against the last line known, 3,218 (2020)."""
    change = household("A", income_year=2021, income_per_capita=Decimal("3217.99"))
    findings, _ = run_one(tmp_path, change, "C05")
    assert list(findings["household_id"]) == ["A"]
    assert "3218" in findings["detail"].iloc[0]
    above, _ = run_one(
        tmp_path / "above",
        household("A", income_year=2021, income_per_capita=Decimal("3218.01")),
        "C05",
    )
    assert above.empty


def test_an_income_exactly_on_the_line_is_not_above_it(tmp_path):
    """C05 follows income_above_line: on the line (2,952 in 2017) is flagged, as below it is.

    The rule used to test `<`, so an exited household earning exactly the line passed.
    """
    for income in ("2951.99", "2952.00"):
        change = household("A", income_per_capita=Decimal(income))
        findings, _ = run_one(tmp_path / income, change, "C05")
        assert list(findings["household_id"]) == ["A"], income
        assert f"人均纯收入 {income} 元，未高于当年贫困线 2952 元" in findings["detail"].iloc[0]


def test_a_child_of_ten_still_in_preschool_is_out_of_school(tmp_path):
    """C04 follows child_out_of_school: a 10-year-old in preschool is out of school too."""
    change = person("A3", school_stage="preschool", education="illiterate")
    findings, _ = run_one(tmp_path, change, "C04")
    assert list(findings["person_id"]) == ["A3"]
    assert "10岁，在校生状况：学前" in findings["detail"].iloc[0]
    # The same child at 5, before compulsory-school age, is where a 5-year-old should be.
    younger = person("A3", school_stage="preschool", education="illiterate", birth_date=born(5))
    findings, _ = run_one(tmp_path / "five", younger, "C04")
    assert findings.empty


def test_names_are_shown_whole_only_to_a_viewer_who_may_see_them(tmp_path):
    """The checks mask through mask_name, so the viewer decides, not the rule file."""
    town = clean_town()
    person("A3", labor="normal")(town)  # C17: a boy of 10 recorded as labour
    database = open_database(write_town(town, tmp_path / "data"), materialise=False)
    try:
        rule = checks.rules_by_id()["C17"]
        masked = checks.run_rule(database.run, rule, SNAPSHOT)
        named = checks.run_rule(
            partial(database.run, viewer=Viewer(show_names=True)), rule, SNAPSHOT
        )
    finally:
        database.close()
    assert "孙**" in masked["detail"].iloc[0] and "孙浩然" not in masked["detail"].iloc[0]
    assert "孙浩然" in named["detail"].iloc[0]


def test_a_helper_id_naming_a_village_contact_is_no_helper(tmp_path):
    """C24: the helper must be a city or town helper; a village contact in that column is none."""
    findings, _ = run_one(tmp_path, household("A", helper_id="C1"), "C24")
    assert list(findings["household_id"]) == ["A"]
    assert "C1" in findings["detail"].iloc[0]


def test_an_upper_case_and_a_lower_case_x_are_the_same_number(tmp_path):
    """C09 reads 'x' as 'X': the same number written both ways is a duplicate."""
    number = id_number_ending_in_x(born(45, days_later=-40), "male")

    def change(town):
        members(town, "A1").update(id_number=number)
        members(town, "D2").update(id_number=number.lower())

    findings, _ = run_one(tmp_path, change, "C09")
    assert sorted(findings["person_id"]) == ["A1", "D2"]
    assert number not in "".join(findings["detail"])
    assert number[:6] + "********" + number[-4:] in findings["detail"].iloc[0]
