"""The household profile's queries (household_*.sql) on a hand-made town: lookups and masking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from dashboard.data import open_database
from tests.builders import helper, household, member, payment, village, visit, write_town

FIRST = dt.date(2017, 6, 30)
SECOND = dt.date(2017, 12, 31)
FULL_ID = "341182195001010031"
FULL_NAME = "欧阳明"


def _tables(on: dt.date) -> dict[str, list[dict]]:
    households = [
        ("A100", "not_exited" if on == FIRST else "exited", 2017 if on == SECOND else None)
    ]
    if on == FIRST:
        households.append(("B200", "not_exited", None))  # gone by the second snapshot
    members = [
        ("A100-1", "A100", FULL_NAME, FULL_ID, "head", dt.date(1950, 1, 1)),
        ("A100-2", "A100", "欧阳丽丽", "34118219520202004X", "spouse", dt.date(1952, 2, 2)),
    ]
    if on == FIRST:
        members.append(
            ("B200-1", "B200", "王小二", "341182198003030051", "head", dt.date(1980, 3, 3))
        )
    return {
        "villages": [village("V1", "甲村")],
        "households": [
            household(
                household_id,
                "V1",
                group_name="二组",
                size=2,
                identified_year=2016,
                status=status,
                exit_year=exit_year,
                planned_exit_year=2017,
                helper_id="K1",
                village_contact_id="K2",
            )
            for household_id, status, exit_year in households
        ],
        "members": [
            member(
                person_id,
                household_id,
                name=name,
                id_number=id_number,
                relation=relation,
                birth_date=born,
            )
            for person_id, household_id, name, id_number, relation, born in members
        ],
        "helpers": [
            helper("K1", "李建国", "市国土局", "city"),
            helper("K2", "赵红", "甲村村委会", "village"),
            helper("K3", "孙悟", "镇政府", "town"),
        ],
        "payments": [
            payment("P1", "A100", "health_aid", "800.00", dt.date(2017, 5, 1), person_id="A100-2"),
            payment(
                "P2",
                "A100",
                "industry_breeding",
                "1200.00",
                dt.date(2017, 9, 1),
                item="养鸡",
                batch="2017-2",
            ),
        ],  # fmt: skip
        "loans": [
            {
                "loan_id": "L1",
                "household_id": "A100",
                "mode": "self_use",
                "amount_yuan": Decimal("50000.00"),
                "issued_date": dt.date(2016, 3, 1),
                "term_months": 36,
                "enterprise": None,
            }
        ],  # fmt: skip
        "visits": [
            visit("W1", "K1", "A100", dt.date(2017, 4, 1)),
            visit("W2", "K3", "A100", dt.date(2017, 5, 1), "policy"),
        ],
    }


@pytest.fixture(scope="module")
def town_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("household")
    for on in (FIRST, SECOND):
        write_town(data_dir, on, _tables(on))
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
