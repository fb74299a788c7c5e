"""What pages say, built without Streamlit: the map's level heading, the household search's
ID digits and query, a coverage gap's tab and sentences (`dashboard/measures/`)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.measures import household, map_levels, programs
from dashboard.snapshots import NOT_IN_SOURCE_ATTRIBUTE, WHOLE_RESULT


def test_an_area_is_named_or_is_the_whole_directory():
    names = {"341182108": "女山湖镇"}
    assert map_levels.area_name("341182108", names, "zh") == "女山湖镇"
    assert map_levels.area_name("341182109", names, "zh") == "341182109"  # unnamed: its code
    assert map_levels.area_name("", names, "zh") == "全部数据"
    assert map_levels.area_name("", names, "en") == "all the data"


def test_a_level_heading_counts_the_units_of_its_level():
    names = {"341182": "明光市"}
    assert map_levels.level_heading("341182", 1234, "town", names, "zh") == "明光市：1,234 个乡镇"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (" 12x ", ("12X", False)),  # three characters: too few to look up
        ("123x", ("123X", True)),  # an ID number's last four, its check digit X
        ("0012", ("0012", True)),
        ("001X", ("001X", True)),
        ("12a4", ("12A4", False)),
        ("", ("", False)),
    ],
)
def test_id_digits_are_cleaned_and_checked(typed, expected):
    assert household.id_digits(typed) == expected


def test_each_way_of_finding_runs_its_query():
    assert household.search_query("number") == "household_find_by_number"
    assert household.search_query("id_digits") == "household_find_by_id_number"
    assert household.search_query("name") == "household_find_by_name"


def test_a_gap_says_how_many_and_when_its_program_was_last_paid():
    students = pd.DataFrame({"household_id": ["H1", "H1", "H2"], "person_id": ["a", "b", "c"]})
    never = programs.gap_sentences(
        "students",
        "education_aid",
        students,
        pd.DataFrame({"program": []}),
        dt.date(2018, 6, 30),
        "zh",
    )
    assert never[0] == "3 名在校生（2 户）未享受教育补助。"
    assert never[1:] == ["该快照中从未发放过教育补助。"]  # never paid at all: said as well
    housing = programs.gap_sentences(
        "housing", "housing_renovation", students, None, dt.date(2018, 6, 30), "zh"
    )
    assert len(housing) == 1  # not a windowed gap: no word on the program's last payment


def test_a_gap_tab_counts_its_list_or_says_the_source_lacks_it():
    gap = pd.DataFrame({"household_id": ["H1", "H2"]})
    assert programs.gap_tab_label("students", gap, "zh") == "教育补助 · 2"
    lacking = gap.iloc[0:0].copy()
    lacking.attrs[NOT_IN_SOURCE_ATTRIBUTE] = [WHOLE_RESULT]  # as Database.run marks it
    assert programs.gap_tab_label("students", lacking, "zh") == "教育补助 · 来源未提供"
