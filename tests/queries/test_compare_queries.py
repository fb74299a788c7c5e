"""The comparison queries (compare_*.sql) on a hand-made pair of snapshots, and on the demo.

Every expected row is worked out by hand from the two snapshots written here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from dashboard.charts import compare as charts
from dashboard.data import open_database
from tests.builders import helper, household, member, village, write_town

BEFORE = dt.date(2017, 6, 30)
AFTER = dt.date(2017, 12, 31)

# household → (village, status, exit year, attribute, cause, income, helper) per snapshot
STATES = {
    BEFORE: {
        "H1": ("V1", "not_exited", None, "general", "illness", "2000.00", "K1"),
        "H2": ("V1", "exited", 2016, "general", "illness", "5000.00", "K1"),
        "H3": ("V1", "not_exited", None, "general", "illness", "2500.00", "K1"),
        "H4": ("V2", "not_exited", None, "general", "illness", "2600.00", "K2"),
        "H5": ("V2", "not_exited", None, "dibao", "disability", "2700.00", "K2"),
        "H6": ("V2", "not_exited", None, "general", "lack_capital", "2800.00", "K2"),
        "H7": ("V2", "removed", None, "general", "lack_capital", "9000.00", None),
    },
    AFTER: {
        "H1": ("V1", "exited", 2017, "general", "illness", "4000.00", "K1"),  # exit, income
        "H2": ("V1", "relapsed", 2016, "general", "illness", "2000.00", "K1"),  # relapse, income
        "H3": ("V2", "not_exited", None, "general", "illness", "2500.00", "K1"),  # moved
        "H4": (
            "V2",
            "not_exited",
            None,
            "tekun",
            "lack_labor",
            "2600.00",
            "K1",
        ),  # attr, cause, helper
        # H5 gone: removal
        "H6": (
            "V2",
            "removed",
            None,
            "general",
            "lack_capital",
            "2800.00",
            "K2",
        ),  # removal (marked)
        # H7 removed before and gone now: no change
        "H8": ("V1", "not_exited", None, "general", "education", "1000.00", "K2"),  # new
    },
}
# person → (household, relation, birth date) per snapshot
MEMBERS = {
    BEFORE: {
        "H1-1": ("H1", "head", dt.date(1960, 1, 1)),
        "H1-2": ("H1", "parent", dt.date(1930, 1, 1)),  # dies
        "H2-1": ("H2", "head", dt.date(1970, 1, 1)),
        "H3-1": ("H3", "head", dt.date(1970, 1, 1)),
        "H4-1": ("H4", "head", dt.date(1970, 1, 1)),
        "H5-1": ("H5", "head", dt.date(1970, 1, 1)),
        "H5-2": ("H5", "spouse", dt.date(1971, 1, 1)),
        "H6-1": ("H6", "head", dt.date(1970, 1, 1)),
        "H7-1": ("H7", "head", dt.date(1970, 1, 1)),
    },
    AFTER: {
        "H1-1": ("H1", "head", dt.date(1960, 1, 1)),
        "H2-1": ("H2", "head", dt.date(1970, 1, 1)),
        "H2-2": ("H2", "child", dt.date(2017, 9, 1)),  # born
        "H3-1": ("H3", "head", dt.date(1970, 1, 1)),
        "H4-1": ("H4", "head", dt.date(1970, 1, 1)),
        "H4-2": ("H4", "spouse", dt.date(1990, 1, 1)),  # married in
        "H6-1": ("H6", "head", dt.date(1970, 1, 1)),
        "H8-1": ("H8", "head", dt.date(1980, 1, 1)),  # with the new household
    },
}


def _tables(on: dt.date) -> dict[str, list[dict]]:
    return {
        "villages": [village("V1", "甲村"), village("V2", "乙村")],
        "households": [
            household(
                household_id,
                village_code,
                size=sum(1 for m in MEMBERS[on].values() if m[0] == household_id),
                attribute=attribute,
                main_cause=cause,
                identified_year=2016,
                status=status,
                exit_year=exit_year,
                planned_exit_year=None,
                income_per_capita=Decimal(income),
                income_year=on.year,
                helper_id=helper_id,
            )
            for household_id, (
                village_code,
                status,
                exit_year,
                attribute,
                cause,
                income,
                helper_id,
            ) in STATES[on].items()
        ],
        "members": [
            member(
                person_id,
                household_id,
                name="张三丰",
                id_number="341182197001010011",
                relation=relation,
                sex="female",
                birth_date=born,
            )
            for person_id, (household_id, relation, born) in MEMBERS[on].items()
        ],
        "helpers": [helper("K1", "李四", "镇政府", "town"), helper("K2", "王五", "市局", "city")],
    }


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("compare")
    for on in (BEFORE, AFTER):
        write_town(data_dir, on, _tables(on))
    database = open_database(data_dir)
    yield database
    database.close()


def _flagged(frame: pd.DataFrame, flag: str) -> list[str]:
    return sorted(frame.loc[frame[flag].astype(bool), "household_id"])


def test_household_changes_on_the_small_town(town):
    changes = town.run("compare_households", from_date=BEFORE, to_date=AFTER)
    assert _flagged(changes, "is_new") == ["H8"]
    assert _flagged(changes, "is_exit") == ["H1"]
    assert _flagged(changes, "is_relapse") == ["H2"]
    assert _flagged(changes, "is_removal") == ["H5", "H6"]
    assert _flagged(changes, "is_moved") == ["H3"]
    assert _flagged(changes, "attribute_changed") == ["H4"]
    assert _flagged(changes, "cause_changed") == ["H4"]
    assert _flagged(changes, "income_changed") == ["H1", "H2"]
    assert _flagged(changes, "helper_changed") == ["H4"]
    assert "H7" not in set(changes["household_id"])  # removed before, gone now: no change
    row = changes.set_index("household_id").loc["H1"]
    assert (row["income_before"], row["income_after"], row["income_change"]) == (2000, 4000, 2000)
    assert changes.set_index("household_id").loc["H4", "helper_before"] == "王**"
    assert changes.set_index("household_id").loc["H3", "village_name_before"] == "甲村"
    assert set(changes["head_name"].dropna()) == {"张**"}  # masked, never 张三丰


def test_member_changes_and_their_reasons(town):
    members = town.run("compare_members", from_date=BEFORE, to_date=AFTER)
    found = {(row.person_id, row.change, row.reason) for row in members.itertuples(index=False)}
    assert found == {
        ("H1-2", "removed", "left"),
        ("H2-2", "added", "birth"),
        ("H4-2", "added", "joined"),
        ("H8-1", "added", "with_household"),
        ("H5-1", "removed", "with_household"),
        ("H5-2", "removed", "with_household"),
        ("H7-1", "removed", "with_household"),  # H7's record (marked removed) is gone too
    }
    assert set(members["name"]) == {"张**"}
    assert "id_number" not in members.columns


def test_village_totals(town):
    villages = town.run("compare_villages", from_date=BEFORE, to_date=AFTER).set_index(
        "village_code"
    )
    # before: V1 H1 H2 H3; V2 H4 H5 H6 (H7 removed). after: V1 H1 H2 H8; V2 H3 H4 (H6 removed)
    assert villages.loc["V1", ["households_before", "households_after"]].tolist() == [3, 3]
    assert villages.loc["V2", ["households_before", "households_after"]].tolist() == [3, 2]
    # people before: V1 2+1+1; V2 1+2+1. after: V1 1+2+1; V2 1+2
    assert villages.loc["V1", ["people_before", "people_after"]].tolist() == [4, 4]
    assert villages.loc["V2", ["people_before", "people_after"]].tolist() == [4, 3]
    # not exited before: V1 H1 H3; V2 H4 H5 H6. after: V1 H2 (relapsed) H8; V2 H3 H4
    assert villages.loc["V1", ["not_exited_before", "not_exited_after"]].tolist() == [2, 2]
    assert villages.loc["V2", ["not_exited_before", "not_exited_after"]].tolist() == [3, 2]
    flows = ["new_households", "exits", "relapses", "removals", "moved_in", "moved_out"]
    assert villages.loc["V1", flows].tolist() == [1, 1, 1, 0, 0, 1]
    assert villages.loc["V2", flows].tolist() == [0, 0, 0, 2, 1, 0]


def test_lists_for_the_page(town):
    changes = town.run("compare_households", from_date=BEFORE, to_date=AFTER)
    assert charts.counts(changes)["removed"] == 2
    table = charts.household_list(changes, "exited", "zh")
    assert table["户编号"].tolist() == ["H1"]
    assert table["原状态"].tolist() == ["未脱贫"]


# --- the demo: consecutive half-year snapshots agree with the exits by year -------------------


def test_demo_2017_second_half_shows_the_99_exits(demo_db):
    """F08: 99 households exited in 2017, and they are exactly the comparison's exits."""
    changes = demo_db.run(
        "compare_households", from_date=dt.date(2017, 6, 30), to_date=dt.date(2017, 12, 31)
    )
    exited = changes[changes["is_exit"]]
    assert len(exited) == 99
    assert set(exited["exit_year"]) == {2017}


@pytest.mark.parametrize("year", [2015, 2016, 2017])
def test_demo_consecutive_comparisons_agree_with_exits_by_year(demo_db, demo_sql, year):
    """Exits between mid-year and year end are the households exited that year at year end;
    none exit in a first half-year (exits are decided at year end)."""
    first_half = demo_db.run(
        "compare_households", from_date=dt.date(year - 1, 12, 31), to_date=dt.date(year, 6, 30)
    )
    second_half = demo_db.run(
        "compare_households", from_date=dt.date(year, 6, 30), to_date=dt.date(year, 12, 31)
    )
    expected = {
        household_id
        for (household_id,) in demo_sql.execute(
            "select household_id from households "
            "where snapshot_date = $d and status = 'exited' and exit_year = $y",
            {"d": dt.date(year, 12, 31), "y": year},
        ).fetchall()
    }
    assert not first_half["is_exit"].any()
    assert set(second_half.loc[second_half["is_exit"], "household_id"]) == expected
    villages = demo_db.run(
        "compare_villages", from_date=dt.date(year, 6, 30), to_date=dt.date(year, 12, 31)
    )
    assert int(villages["exits"].sum()) == len(expected)
