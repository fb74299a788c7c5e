"""The household profile's queries (household_*.sql) on a hand-made town: lookups and masking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from dashboard import contract
from dashboard.data import open_database
from dashboard.snapshots import write_snapshot

FIRST = dt.date(2017, 6, 30)
SECOND = dt.date(2017, 12, 31)
SOURCE = {"kind": "import", "files": []}
FULL_ID = "341182195001010031"
FULL_NAME = "欧阳明"


def _tables(on: dt.date) -> dict[str, pd.DataFrame]:
    empty = {t.name: pd.DataFrame({c: [] for c in t.column_names}) for t in contract.TABLES}
    villages = pd.DataFrame(
        [{"village_code": "V1", "village_name": "甲村", "town_code": "341182108",
          "town_name": "测试镇", "county_code": "341182", "county_name": "测试县",
          "kind": "village", "groups_count": 3, "population": 100,
          "is_poor_village": False, "poor_village_exit_year": None}]
    )  # fmt: skip
    households = [
        ("A100", "not_exited" if on == FIRST else "exited", 2017 if on == SECOND else None)
    ]
    if on == FIRST:
        households.append(("B200", "not_exited", None))  # gone by the second snapshot
    households_frame = pd.DataFrame(
        [
            {"household_id": hid, "village_code": "V1", "group_name": "二组", "size": 2,
             "attribute": "general", "main_cause": "illness", "identified_year": 2016,
             "status": status, "exit_year": exit_year, "planned_exit_year": 2017,
             "income_per_capita": Decimal("3000.00"), "income_year": 2017,
             "housing_safe": True, "drinking_water_safe": True, "family_doctor_signed": True,
             "helper_id": "K1", "village_contact_id": "K2"}
            for hid, status, exit_year in households
        ]
    )  # fmt: skip
    members = [
        ("A100-1", "A100", FULL_NAME, FULL_ID, "head", dt.date(1950, 1, 1)),
        ("A100-2", "A100", "欧阳丽丽", "34118219520202004X", "spouse", dt.date(1952, 2, 2)),
    ]
    if on == FIRST:
        members.append(
            ("B200-1", "B200", "王小二", "341182198003030051", "head", dt.date(1980, 3, 3))
        )
    members_frame = pd.DataFrame(
        [
            {"person_id": pid, "household_id": hid, "name": name, "id_number": id_number,
             "relation": relation, "sex": "male", "birth_date": born, "education": "primary",
             "school_stage": "none", "health": "healthy", "labor": "normal",
             "migrant_work": "none", "migrant_months": 0, "medical_insurance": True}
            for pid, hid, name, id_number, relation, born in members
        ]
    )  # fmt: skip
    helpers = pd.DataFrame(
        [
            {"helper_id": "K1", "name": "李建国", "unit": "市国土局", "level": "city"},
            {"helper_id": "K2", "name": "赵红", "unit": "甲村村委会", "level": "village"},
        ]
    )
    payments = pd.DataFrame(
        [
            {"payment_id": "P1", "household_id": "A100", "person_id": "A100-2",
             "program": "health_aid", "item": None, "amount_yuan": Decimal("800.00"),
             "paid_date": dt.date(2017, 5, 1), "batch": None},
            {"payment_id": "P2", "household_id": "A100", "person_id": None,
             "program": "industry_breeding", "item": "养鸡", "amount_yuan": Decimal("1200.00"),
             "paid_date": dt.date(2017, 9, 1), "batch": "2017-2"},
        ]
    )  # fmt: skip
    loans = pd.DataFrame(
        [{"loan_id": "L1", "household_id": "A100", "mode": "self_use",
          "amount_yuan": Decimal("50000.00"), "issued_date": dt.date(2016, 3, 1),
          "term_months": 36, "enterprise": None}]
    )  # fmt: skip
    visits = pd.DataFrame(
        [
            {"visit_id": "W1", "helper_id": "K1", "household_id": "A100",
             "visit_date": dt.date(2017, 4, 1), "kind": "visit"},
            {"visit_id": "W2", "helper_id": "K3", "household_id": "A100",
             "visit_date": dt.date(2017, 5, 1), "kind": "policy"},
        ]
    )  # fmt: skip
    helpers = pd.concat(
        [
            helpers,
            pd.DataFrame([{"helper_id": "K3", "name": "孙悟", "unit": "镇政府", "level": "town"}]),
        ]
    )
    return dict(
        empty, villages=villages, households=households_frame, members=members_frame,
        helpers=helpers, payments=payments, loans=loans, visits=visits,
    )  # fmt: skip


@pytest.fixture(scope="module")
def town_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("household")
    for on in (FIRST, SECOND):
        write_snapshot(data_dir, on, _tables(on), SOURCE)
    return data_dir


@pytest.fixture(scope="module")
def town(town_dir):
    database = open_database(town_dir)
    yield database
    database.close()


def _no_personal_data(frame: pd.DataFrame) -> None:
    """No full name or ID number anywhere in a result."""
    flat = " ".join(str(value) for value in frame.astype(str).to_numpy().ravel())
    for secret in (FULL_ID, FULL_NAME, "34118219520202004X", "李建国", "欧阳丽丽", "赵红"):
        assert secret not in flat


def test_find_by_number_finds_parts_and_gone_households(town):
    found = town.run("household_find_by_number", household_text="200")
    assert found["household_id"].tolist() == ["B200"]
    assert found["last_seen"].tolist() == [FIRST]  # not on the second snapshot
    assert found["head_name"].tolist() == ["王**"]
    assert town.run("household_find_by_number", household_text="A10")["status"].tolist() == [
        "exited"
    ]


def test_find_by_id_digits_matches_in_sql_and_shows_masked(town):
    found = town.run("household_find_by_id_number", id_digits="0031")
    assert found["household_id"].tolist() == ["A100"]
    assert found["id_number"].tolist() == ["341182********0031"]
    assert found["name"].tolist() == ["欧**"]
    assert town.run("household_find_by_id_number", id_digits="004x")["household_id"].tolist() == [
        "A100"
    ]  # an X check digit, in either case
    assert town.run("household_find_by_id_number", id_digits="9999").empty
    assert town.run("household_find_by_id_number", id_digits="'; --").empty
    _no_personal_data(found)


def test_find_by_name_within_a_unit(town):
    heads = town.run("household_find_by_name", snapshot_date=FIRST, village_code="V1", name_text="")
    assert heads["household_id"].tolist() == ["A100", "B200"]
    assert heads["name"].tolist() == ["欧**", "王**"]
    typed = town.run(
        "household_find_by_name", snapshot_date=FIRST, village_code="V1", name_text="欧阳丽"
    )
    assert typed["relation"].tolist() == ["spouse"]
    assert town.run(
        "household_find_by_name", snapshot_date=FIRST, village_code="V2", name_text=""
    ).empty
    _no_personal_data(typed)


def test_history_covers_every_snapshot(town):
    history = town.run("household_history", household_id="B200")
    assert history["snapshot_date"].tolist() == [FIRST, SECOND]
    assert history["on_register"].tolist() == [True, False]
    a100 = town.run("household_history", household_id="A100")
    assert a100["status"].tolist() == ["not_exited", "exited"]
    assert a100["people"].tolist() == [2, 2]
    _no_personal_data(a100)


def test_profile_members_money_and_visits(town):
    params = {"household_id": "A100", "snapshot_date": SECOND}
    profile = town.run("household_profile", **params).iloc[0]
    assert (profile["helper_name"], profile["helper_unit"]) == ("李**", "市国土局")
    assert profile["village_contact_name"] == "赵**"
    assert profile["people"] == 2
    members = town.run("household_members", **params)
    assert members["relation"].tolist() == ["head", "spouse"]
    assert members["id_number"].tolist() == ["341182********0031", "341182********004X"]
    assert members["age"].tolist() == [67, 65]  # on 2017-12-31
    payments = town.run("household_payments", **params)
    assert payments["payment_id"].tolist() == ["P2", "P1"]  # newest first
    assert payments["person_name"].tolist()[1] == "欧**"
    assert town.run("household_payments", household_id="A100", snapshot_date=FIRST)[
        "payment_id"
    ].tolist() == ["P1"]  # P2 was paid after the first snapshot
    loans = town.run("household_loans", **params)
    assert loans["due_date"].tolist() == [dt.date(2019, 3, 1)]
    visits = town.run("household_visits", **params)
    assert visits["own_helper"].tolist() == [False, True]  # W2 by K3, W1 by its own K1
    for frame in (profile.to_frame().T, members, payments, visits):
        _no_personal_data(frame)


def test_profile_of_an_absent_household_is_empty(town):
    assert town.run("household_profile", household_id="B200", snapshot_date=SECOND).empty
