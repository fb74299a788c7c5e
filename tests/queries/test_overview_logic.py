"""The overview's own logic: this year's readiness, villages needing attention, the compact chart.

Queries run on a hand-made town written as a real snapshot; every expected number below is
worked out by hand from the rows in this file.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from dashboard.attention import rank_villages
from dashboard.charts.overview import exit_progress_compact
from dashboard.data import open_database
from tests import builders

DAY = dt.date(2018, 6, 30)
V1, V2 = "341182108901", "341182108902"


def village(code, name, population):
    return builders.village(
        code,
        name,
        town_name="女山湖镇",
        county_name="明光市",
        groups_count=2,
        population=population,
    )


def household(household_id, village_code, status, *, income, planned=2018, helper="H01", **flags):
    return builders.household(
        household_id,
        village_code,
        status=status,
        exit_year=2017 if status == "exited" else None,
        planned_exit_year=planned,
        income_per_capita=Decimal(income),
        housing_safe=flags.get("housing_safe", True),
        drinking_water_safe=flags.get("water_safe", True),
        helper_id=helper,
    )


def member(person_id, household_id, *, born=dt.date(1960, 1, 1), insured=True, stage="none"):
    return builders.member(
        person_id,
        household_id,
        id_number="34118219600101001X",
        birth_date=born,
        school_stage=stage,
        medical_insurance=insured,
    )


@pytest.fixture
def town(tmp_path):
    """Five households planned for 2018 (each failing a different way but one), one exited.

    A ready: income above the line, everything safe.        → ready
    B: income 2,995, exactly on 2018's line (not above it)  → income_below_line
    C: unsafe housing                                       → housing_unsafe
    D: unsafe water, and a 10-year-old out of school        → water_unsafe, child_out_of_school
    E: a member without medical insurance (planned 2019)    → not planned this year
    F: exited in 2017, helper visited long ago
    """
    households = [
        household("A", V1, "not_exited", income="3500"),
        household("B", V1, "not_exited", income="2995"),
        household("C", V1, "relapsed", income="4000", housing_safe=False),
        household("D", V2, "not_exited", income="3100", water_safe=False),
        household("E", V2, "not_exited", income="3100", planned=2019),
        household("F", V2, "exited", income="5000", planned=2017),
    ]
    members = [
        member("A1", "A"),
        member("B1", "B"),
        member("C1", "C"),
        member("D1", "D"),
        member("D2", "D", born=dt.date(2008, 1, 1), stage="none"),
        member("E1", "E", insured=False),
        member("F1", "F"),
    ]
    visits = [
        # A's own helper came 10 days ago; B's came 100 days ago; the others never.
        {"visit_id": "V1", "helper_id": "H01", "household_id": "A", "visit_date": DAY - dt.timedelta(10), "kind": "visit"},
        {"visit_id": "V2", "helper_id": "H01", "household_id": "B", "visit_date": DAY - dt.timedelta(100), "kind": "visit"},
        # Someone else's visit does not count for C.
        {"visit_id": "V3", "helper_id": "H99", "household_id": "C", "visit_date": DAY - dt.timedelta(5), "kind": "visit"},
    ]  # fmt: skip
    helpers = [
        {"helper_id": "H01", "name": "甲", "unit": "镇政府", "level": "town"},
        {"helper_id": "H99", "name": "乙", "unit": "镇政府", "level": "town"},
    ]
    targets = [{"year": 2018, "village_code": None, "households": 4, "people": 5}]
    tables = {
        "villages": [village(V1, "东村", 300), village(V2, "西村", 100)],
        "households": households,
        "members": members,
        "visits": visits,
        "helpers": helpers,
        "targets": targets,
    }
    builders.write_town(tmp_path, DAY, tables)
    database = open_database(tmp_path)
    yield database
    database.close()


def test_exit_target_progress_splits_the_planned_households(town):
    """Four planned for 2018: A ready; B, C, D not, each for its own reasons."""
    row = town.run("exit_target_progress", snapshot_date=DAY, year=2018)
    row = row.iloc[0]
    assert (row["target_households"], row["target_people"]) == (4, 5)
    assert (row["planned_households"], row["planned_people"]) == (4, 5)
    assert (row["ready_households"], row["ready_people"]) == (1, 1)
    assert row["not_ready_households"] == 3
    assert row["income_below_line"] == 1  # B: 2,995 is not above a line of 2,995
    assert row["housing_unsafe"] == 1  # C
    assert row["water_unsafe"] == 1  # D
    assert row["child_out_of_school"] == 1  # D's 10-year-old
    assert row["someone_uninsured"] == 0  # E is planned for 2019, not counted here
    assert (row["exited_households"], row["exited_people"]) == (0, 0)  # F exited in 2017


def test_village_attention_counts_per_village(town):
    """Unmet needs and unvisited not-exited households, per village, by hand."""
    frame = town.run("village_attention", snapshot_date=DAY).set_index("village_code")
    east, west = frame.loc[V1], frame.loc[V2]
    assert (east["not_exited_households"], east["not_exited_people"]) == (3, 3)  # A, B, C
    assert (west["not_exited_households"], west["not_exited_people"]) == (2, 3)  # D (2), E
    assert east["incidence"] == pytest.approx(3 / 300)
    assert east["unmet_households"] == 1  # C's house
    assert west["unmet_households"] == 2  # D's water and child, E's insurance
    # B last seen 100 days ago, C only by another helper; D and E never. A was seen.
    assert east["unvisited_households"] == 2
    assert west["unvisited_households"] == 2


def test_rank_villages_gives_reasons_and_puts_the_worst_first():
    """More concerns first, then more people not exited; a village with none is left out."""
    frame = pd.DataFrame(
        {
            "village_code": ["1", "2", "3", "4", "5"],
            "village_name": ["甲村", "乙村", "丙村", "丁村", "戊村"],
            "not_exited_people": [50, 40, 30, 0, 1],
            "not_exited_households": [20, 15, 10, 0, 1],
            "incidence": [0.05, 0.01, 0.08, 0.0, 0.001],
            "unmet_households": [0, 2, 0, 0, 0],
            "unvisited_households": [3, 0, 0, 0, 0],
        }
    )
    ranked = rank_villages(frame, "zh", stale_days=90)
    # 戊村 is in no top three and has no unmet or unvisited household: not listed.
    assert list(ranked["village_name"]) == ["甲村", "乙村", "丙村"]
    assert list(ranked["concerns"]) == [3, 3, 2]
    first = ranked.iloc[0]["reasons"]
    assert "未脱贫人口较多（50人）" in first
    assert "贫困发生率较高（5.00%）" in first
    assert "3 户帮扶人90天未走访" in first
    assert "两不愁三保障未达标 2 户" in ranked.iloc[1]["reasons"]
    english = rank_villages(frame, "en", stale_days=60)
    assert "3 households not visited by their helper in 60 days" in english.iloc[0]["reasons"]


def test_rank_villages_on_no_rows():
    """An empty frame stays empty, with the columns the page reads."""
    empty = pd.DataFrame(
        columns=["village_code", "village_name", "not_exited_people", "incidence"]
        + ["not_exited_households", "unmet_households", "unvisited_households"]
    )
    ranked = rank_villages(empty)
    assert ranked.empty and {"concerns", "reasons"} <= set(ranked.columns)


def test_exit_progress_compact_holds_the_exits_and_this_years_plan():
    """Bars per exit year, the planned bar for this year, the target as a marker."""
    exits = pd.DataFrame(
        {"exit_year": [2014, 2015], "households": [167, 114], "people": [181, 227]}
    )
    figure = exit_progress_compact(
        exits, target_year=2018, target_households=115, planned_households=121, lang="zh"
    )
    bars, planned, target = figure.data
    assert list(bars.x) == ["2014", "2015"] and list(bars.y) == [167, 114]
    assert list(planned.x) == ["2018"] and list(planned.y) == [121]
    assert list(target.y) == [115]
    assert bars.name == "脱贫户数" and target.name == "目标（户）"
    english = exit_progress_compact(
        exits, target_year=2015, target_households=None, planned_households=0, lang="en"
    )
    assert len(english.data) == 1  # 2015 already has its exits; no target recorded
    assert english.data[0].name == "Households exited"
