"""The village map's queries on a hand-made town with hand-computed answers, and on the demo.

The town: 甲村 with four households (one removed) in groups 二组, 三组 and 十一组 (numbered
out of Unicode order on purpose), 乙村 with none. Snapshot 2018-06-30; a visit counts when
the household's own helper came on or after 2018-04-01 (90 days).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from dashboard.data import open_database
from dashboard.definitions import constant
from tests.builders import helper, household, member, payment, village, visit, write_town

DATE = dt.date(2018, 6, 30)
STALE_DAYS = 90
JIA, YI = "341100000001", "341100000002"
SHANNAN = "341182108206"
FULL_NAMES = ["张三丰", "李四", "张小", "王五", "赵六", "欧阳修", "钱七", "刘德华", "周杰", "陈一"]


def _town() -> dict[str, list[dict]]:
    place = {
        "town_code": "341100000",
        "town_name": "某镇",
        "county_code": "341100",
        "county_name": "某县",
    }
    households = [
        # id, group, size, status, exit_year, helper, village contact, attribute, cause, planned, income
        ("H1", "三组", 3, "not_exited", None, "A", "C", "general", "illness", 2019, "2500.00"),
        ("H2", "十一组", 2, "exited", 2017, "A", None, "dibao", "disability", 2017, "4800.00"),
        ("H3", "二组", 1, "relapsed", 2016, "B", "C", "tekun", "lack_labor", 2019, "2100.00"),
        ("H4", "三组", 1, "removed", None, "B", None, "general", "illness", None, "3000.00"),
    ]
    members = [
        ("H1", "张三丰", "head"),
        ("H1", "李四", "spouse"),
        ("H1", "张小", "child"),
        ("H2", "王五", "head"),
        ("H2", "赵六", "spouse"),
        ("H3", "欧阳修", "head"),
        ("H4", "钱七", "head"),
    ]
    visits = [
        ("A", "H1", dt.date(2018, 5, 1)),  # own helper, within 90 days: H1 counts as visited
        ("A", "H2", dt.date(2018, 6, 10)),  # exited household: not in the coverage
        ("B", "H3", dt.date(2018, 3, 1)),  # own helper, but 121 days before: stale
        ("C", "H3", dt.date(2018, 6, 1)),  # the village contact, not H3's own helper
    ]
    payments = [
        ("H1", "education_aid", 1000.0, dt.date(2017, 3, 1)),
        ("H1", "health_aid", 500.0, dt.date(2018, 2, 1)),
        ("H2", "education_aid", 300.0, dt.date(2018, 1, 1)),
        ("H4", "pv_income", 200.0, dt.date(2016, 5, 5)),  # removed since, but the money was paid
    ]
    return {
        "villages": [
            village(JIA, "甲村", **place, groups_count=12, population=100, is_poor_village=True),
            village(YI, "乙村", **place, groups_count=3, population=50),
        ],
        "households": [
            household(
                household_id,
                JIA,
                group_name=group,
                size=size,
                attribute=attribute,
                main_cause=cause,
                status=status,
                exit_year=exit_year,
                planned_exit_year=planned,
                income_per_capita=Decimal(income),
                helper_id=helper_id,
                village_contact_id=contact,
            )
            for household_id, group, size, status, exit_year, helper_id, contact, attribute, cause, planned, income in households
        ],
        "members": [
            member(
                f"P{index}",
                household_id,
                name=name,
                id_number=f"34110019500101{index:03d}X",
                relation=relation,
                birth_date=dt.date(1950, 1, 1),
            )
            for index, (household_id, name, relation) in enumerate(members)
        ],
        "helpers": [
            helper("A", "刘德华", "市国土局", "city"),
            helper("B", "周杰", "镇政府", "town"),
            helper("C", "陈一", "甲村村委会", "village"),
        ],
        "visits": [
            visit(f"V{index}", helper_id, household_id, day)
            for index, (helper_id, household_id, day) in enumerate(visits)
        ],
        "payments": [
            payment(f"Y{index}", household_id, program, str(yuan), paid)
            for index, (household_id, program, yuan, paid) in enumerate(payments)
        ],
        "village_projects": [
            {
                "project_id": "VP2",
                "village_code": JIA,
                "name": "道路硬化",
                "category": "infrastructure",
                "budget_yuan": Decimal("120000.00"),
                "status": "done",
                "year": 2017,
            },
            {
                "project_id": "VP1",
                "village_code": YI,
                "name": "桥",
                "category": "infrastructure",
                "budget_yuan": Decimal("50000.00"),
                "status": "planned",
                "year": 2018,
            },
        ],  # fmt: skip
    }


@pytest.fixture
def town(tmp_path):
    database = open_database(write_town(tmp_path / "town", DATE, _town()))
    yield database
    database.close()


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(row) for row in frame.itertuples(index=False)]


def test_measures_by_hand(town):
    frame = town.run("village_measures", snapshot_date=DATE)
    assert list(frame["village_code"]) == [JIA, YI]
    jia = frame.set_index("village_code").loc[JIA]
    assert (jia["households"], jia["people"]) == (3, 6)  # H4 removed
    assert (jia["exited_households"], jia["not_exited_households"]) == (1, 2)
    assert jia["not_exited_people"] == 4  # H1's 3 and H3's 1
    assert jia["incidence"] == pytest.approx(4 / 100)
    assert jia["exited_share"] == pytest.approx(1 / 3)
    assert float(jia["yuan_received"]) == pytest.approx(2000.0)
    assert jia["yuan_per_household"] == pytest.approx(2000 / 3)
    assert jia["visited_households"] == 1  # H1 only: H3's own visit is stale
    assert jia["visit_coverage"] == pytest.approx(0.5)


def test_unit_without_households_has_zeros_and_no_ratios(town):
    frame = town.run("village_measures", snapshot_date=DATE)
    yi = frame.set_index("village_code").loc[YI]
    assert (yi["households"], yi["not_exited_households"], float(yi["yuan_received"])) == (0, 0, 0)
    assert yi["incidence"] == 0
    assert pd.isna(yi["exited_share"]) and pd.isna(yi["yuan_per_household"])
    assert pd.isna(yi["visit_coverage"])


def test_the_window_is_the_definitions_not_a_parameter(town):
    """Visited recently is 90 days (visit_recent_days): a caller's old $stale_days is refused,
    not silently ignored, so nobody believes it changes the result."""
    assert constant("visit_recent_days") == STALE_DAYS
    frame = town.run("village_measures", snapshot_date=DATE)
    assert frame.set_index("village_code").loc[JIA, "visit_coverage"] == pytest.approx(0.5)
    with pytest.raises(ValueError, match=r"does not read the parameters stale_days; it reads"):
        town.run("village_measures", snapshot_date=DATE, stale_days=200)


def test_groups_in_number_order(town):
    frame = town.run("village_groups", snapshot_date=DATE, village_code=JIA)
    assert _rows(frame) == [
        ("二组", 1, 1, 1, 1),
        ("三组", 1, 3, 1, 3),  # H4 in 三组 was removed
        ("十一组", 1, 2, 0, 0),
    ]


def test_households_masked_in_sql(town):
    frame = town.run("village_households", snapshot_date=DATE, village_code=JIA)
    assert list(frame["household_id"]) == ["H3", "H1", "H4", "H2"]  # 二组, 三组 ×2, 十一组
    assert list(frame["head_name"]) == ["欧**", "张**", "钱**", "王**"]
    assert "id_number" not in frame.columns and "name" not in frame.columns
    cells = [str(cell) for cell in frame.to_numpy().ravel()]
    assert not any(name in cell for name in FULL_NAMES for cell in cells)
    by_id = frame.set_index("household_id")
    assert list(by_id.loc[["H1", "H2", "H3"], "people"]) == [3, 2, 1]
    assert float(by_id.loc["H1", "yuan_received"]) == pytest.approx(1500.0)
    assert by_id.loc["H1", "last_visit"] == dt.date(2018, 5, 1)
    assert pd.isna(by_id.loc["H4", "last_visit"])


def test_helpers_masked_with_their_households(town):
    frame = town.run("village_helpers", snapshot_date=DATE, village_code=JIA)
    assert _rows(frame.drop(columns=["helper_id", "unit"])) == [
        ("刘**", "city", 2, 1, dt.date(2018, 6, 10)),
        ("周**", "town", 1, 1, dt.date(2018, 3, 1)),  # H4 removed: not counted
        ("陈**", "village", 2, 2, dt.date(2018, 6, 1)),
    ]
    assert "name" not in frame.columns


def test_payments_by_program_and_year(town):
    frame = town.run("village_payments", snapshot_date=DATE, village_code=JIA)
    rows = [(program, year, float(yuan), n, k) for program, year, yuan, n, k in _rows(frame)]
    assert rows == [
        ("pv_income", 2016, 200.0, 1, 1),
        ("education_aid", 2017, 1000.0, 1, 1),
        ("education_aid", 2018, 300.0, 1, 1),
        ("health_aid", 2018, 500.0, 1, 1),
    ]


def test_projects_of_one_unit(town):
    frame = town.run("village_projects", snapshot_date=DATE, village_code=JIA)
    assert list(frame["project_id"]) == ["VP2"]
    assert list(frame["name"]) == ["道路硬化"]
    assert town.run("village_households", snapshot_date=DATE, village_code=YI).empty


# --- the demo -------------------------------------------------------------------------------


def test_demo_measures_add_up_to_the_report(demo_db):
    frame = demo_db.run("village_measures", snapshot_date=DATE)
    assert len(frame) == 11
    assert frame["not_exited_households"].sum() == 205  # the report's 未脱贫 households
    assert frame["households"].sum() == 650


def test_demo_households_never_show_a_full_name(demo_db, demo_sql):
    frame = demo_db.run("village_households", snapshot_date=DATE, village_code=SHANNAN)
    expected = demo_sql.sql(
        "select count(*) from households where snapshot_date = ? and village_code = ?",
        params=[DATE, SHANNAN],
    ).fetchall()[0][0]
    assert len(frame) == expected
    full_names = {
        row[0]
        for row in demo_sql.sql(
            "select distinct name from members where snapshot_date = ? and length(name) > 1",
            params=[DATE],
        ).fetchall()
    }
    assert frame["head_name"].str.fullmatch(r".\*\*").all()
    assert not set(frame["head_name"]) & full_names


def test_demo_payments_add_up_to_the_units_yuan(demo_db):
    measures = demo_db.run("village_measures", snapshot_date=DATE)
    received = measures.set_index("village_code").loc[SHANNAN, "yuan_received"]
    payments = demo_db.run("village_payments", snapshot_date=DATE, village_code=SHANNAN)
    assert float(payments["yuan"].sum()) == pytest.approx(float(received))
