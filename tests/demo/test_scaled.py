"""The county demo (the province's generator at a small setting): valid, deterministic, varied."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from dashboard.demo.people import id_number_is_valid
from dashboard.demo.scaled import SCALES, ScaledDemo, division_names
from dashboard.divisions import check_name, units_under
from dashboard.snapshots import list_snapshots
from tests.demo_facts import assert_same_snapshot

FINAL = "2018-06-30"


@pytest.fixture(scope="module")
def sql(county_dir: Path):
    connection = duckdb.connect()
    for name in ("villages", "households", "members", "visits", "payments", "targets"):
        pattern = str(county_dir / "snapshots" / "*" / f"{name}.parquet")
        connection.read_parquet(pattern, hive_partitioning=True).create_view(name)
    yield connection
    connection.close()


def rows(connection, query: str, *params):
    return connection.execute(query, list(params)).fetchall()


def test_eight_snapshots_and_a_grid_map(county_dir: Path):
    dates = [info.snapshot_date.isoformat() for info in list_snapshots(county_dir)]
    assert dates[0] == "2014-12-31" and dates[-1] == FINAL and len(dates) == 8
    assert all(info.is_demo for info in list_snapshots(county_dir))
    assert (county_dir / "maps" / "villages.geojson").stat().st_size > 10_000


def test_about_fifteen_towns_of_one_county_with_its_real_names(sql):
    ((towns, counties, county_name, prefecture_name, province_name),) = rows(
        sql,
        "select count(distinct town_code), count(distinct county_code), any_value(county_name),"
        " any_value(prefecture_name), any_value(province_name) from villages"
        " where snapshot_date = ?",
        FINAL,
    )
    assert 12 <= towns <= 18 and counties == 1
    assert (county_name, prefecture_name, province_name) == ("明光市", "滁州市", "安徽省")


def test_codes_nest_village_12_town_9_county_6(sql):
    bad = rows(
        sql,
        "select village_code from villages where length(village_code) <> 12"
        " or length(town_code) <> 9 or length(county_code) <> 6"
        " or left(village_code, 9) <> town_code or left(town_code, 6) <> county_code"
        " or prefecture_code <> left(county_code, 4) or province_code <> left(county_code, 2)",
    )
    assert bad == []


def test_id_numbers_are_valid_unique_and_match_the_person(sql):
    members = rows(
        sql,
        "select id_number, sex, birth_date from members where snapshot_date = ?",
        FINAL,
    )
    assert len({number for number, _, _ in members}) == len(members)
    for number, sex, birth in members[:5000]:
        assert id_number_is_valid(number), number
        assert number[6:14] == birth.strftime("%Y%m%d")
        assert (int(number[16]) % 2 == 1) == (sex == "male")


def test_towns_differ_in_size_exit_timing_and_visits(sql):
    per_town = rows(
        sql,
        "with hh as (select left(village_code, 9) as town, status, household_id, helper_id"
        " from households where snapshot_date = ?),"
        " seen as (select household_id, count(*) as visits from visits"
        " where snapshot_date = ? group by household_id)"
        " select town, count(*), avg((status = 'exited')::int), avg(coalesce(visits, 0))"
        " from hh left join seen using (household_id) group by town",
        FINAL,
        FINAL,
    )
    sizes = [row[1] for row in per_town]
    exited = [row[2] for row in per_town]
    visits = [row[3] for row in per_town]
    assert max(sizes) > 1.8 * min(sizes)
    assert max(exited) - min(exited) > 0.1
    assert max(visits) > 1.5 * min(visits)


def test_people_come_and_go_between_snapshots(sql):
    counts = dict(rows(sql, "select snapshot_date, count(*) from households group by all"))
    dates = sorted(counts)
    assert counts[dates[0]] < counts[dates[-1]]  # added at the yearly adjustments
    statuses = dict(
        rows(
            sql,
            "select status, count(*) from households where snapshot_date = ? group by all",
            FINAL,
        )
    )
    assert {"exited", "not_exited", "relapsed"} <= set(statuses)
    assert rows(sql, "select count(*) from households where status = 'removed'")[0][0] > 0


def test_town_wide_targets_carry_the_town_code(sql):
    bad = rows(
        sql,
        "select count(*) from targets where (village_code is null) <> (town_code is not null)",
    )
    assert bad == [(0,)]


def test_events_stay_inside_their_snapshot(sql):
    late = rows(
        sql,
        "select count(*) from payments where paid_date > snapshot_date"
        " union all select count(*) from visits where visit_date > snapshot_date",
    )
    assert late == [(0,), (0,)]


def test_two_draws_are_identical():
    first, second = ScaledDemo(SCALES["county"]), ScaledDemo(SCALES["county"])
    assert_same_snapshot(first, second, dt.date(2017, 6, 30))


def test_every_county_of_the_province_has_its_reference_name():
    names = division_names()
    assert names["34"] == "安徽省" and names["3411"] == "滁州市" and names["341182"] == "明光市"
    assert names["341182108"] == "女山湖镇"


def test_the_county_demos_towns_and_villages_are_real_units_of_their_county(sql):
    """Every town and village has its official code and name (the 2023 list), 明光市's own."""
    towns = rows(
        sql, "select distinct town_code, town_name from villages where snapshot_date = ?", FINAL
    )
    official_towns = dict(units_under("341182", "town"))
    assert len(towns) == 15
    for code, name in towns:
        assert official_towns.get(code) == name, (code, name)  # exactly the official name
    assert "341182108" not in dict(towns)  # 女山湖镇 is the town demo, not drawn again
    villages = rows(
        sql, "select village_code, village_name from villages where snapshot_date = ?", FINAL
    )
    assert {code for code, _ in villages} == {
        code for town, _ in towns for code, _ in units_under(town, "village")
    }
    assert [(code, name) for code, name in villages if check_name(code, name)] == []
    assert any(name.endswith("社区") for _, name in villages)
    assert not any(name.endswith("委会") for _, name in villages)  # written as registers write them
