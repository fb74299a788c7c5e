"""Every query file runs; the small ones give hand-computed answers on a hand-made town."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from dashboard.data import load_query, open_database, query_names, query_parameters
from dashboard.errors import QueryError
from dashboard.reference import poverty_lines
from tests.builders import household, member, payment, village, write_town

PAID_FROM = dt.date(2017, 1, 1)
EMPTY_DATE = dt.date(2018, 6, 30)  # the date of conftest's empty snapshot
SHANNAN = "341182108206"  # 山南村: the demo's poor village, with projects, payments, helpers


def offered_parameters(snapshot_date: dt.date) -> dict[str, object]:
    """A value for every parameter a page may bind, for a snapshot of 2018."""
    return {
        "snapshot_date": snapshot_date,
        "paid_from": PAID_FROM,
        "paid_to": snapshot_date,
        "year": snapshot_date.year,
        "period": str(snapshot_date.year),  # /programs' period: a year (cut at the snapshot)
        "kind": "exit",  # notice_candidates: the exit notice (拟退出)
        "village_code": SHANNAN,
        "windows": [30, 60, 90],
        "bins": [30, 60, 90, 180, 365],  # visits_recency_bins: days since the last visit
        "list_limit": 100,
        "rule_id": None,  # quality_findings: every rule (a rule id takes one rule's)
        "poverty_lines": [{"year": year, "yuan": yuan} for year, yuan in poverty_lines().items()],
        # Periods of other queries: the first half of 2018.
        "from_date": dt.date(2017, 12, 31),
        "to_date": snapshot_date,
        "issued_from": dt.date(2018, 1, 1),
        "issued_to": snapshot_date,
        "trained_from": dt.date(2018, 1, 1),
        "trained_to": snapshot_date,
        "visited_from": dt.date(2018, 1, 1),
        "visited_to": snapshot_date,
        # One household of 山南村, found by its number, the last digits of an ID, a name.
        "household_id": SHANNAN + "0001",
        "household_text": SHANNAN + "0001",
        "id_digits": "1234",
        "name_text": "王",
        "unit_digits": 9,  # the per-unit queries one level down (village_units): a county's towns
        # unit_measures: the demo town's villages (an area and the digits of the level below).
        "area": SHANNAN[:9],
        "digits": 12,
    }


# Lists of problems to act on: on the demo some are rightly empty (every household has a
# helper, every vocational student got 雨露计划), so "returns rows" does not apply to them.
MAY_BE_EMPTY_ON_THE_DEMO = (
    "gap_",
    "helpers_missing_",
    "checks/",
    "household_",  # one household's loans or a search may rightly be empty
    "programs_possible_double_payments",
    "quality_findings",  # one household's findings (test_stored_findings compares them all)
    # The monitoring work starts in 2021: nothing on the report's town (demo_db stops at
    # 2018-06-30); test_monitoring_query_has_rows_on_the_whole_town runs them on 2025.
    "monitoring_",
    "notice_monitoring_",
    "department_records_",  # the departments' lists: the town's come with the monitoring work
)
MONITORING_QUERIES = [
    name
    for name in query_names()
    if name.startswith(("monitoring_", "notice_monitoring_", "department_records_by_signal"))
]


def parameters_for(name: str, snapshot_date: dt.date) -> dict[str, object]:
    """Only the parameters the query asks for, bound by name."""
    offered = offered_parameters(snapshot_date)
    return {key: offered[key] for key in query_parameters(load_query(name))}


def test_there_are_query_files():
    """The queries folder holds the result files the dashboard relies on."""
    expected = {
        "exits_by_year",
        "household_totals",
        "industry_by_item",
        "program_totals",
        "remaining_by_village",
        "report_figures",
        "snapshot_totals",
    }
    assert expected <= set(query_names())


@pytest.mark.parametrize("name", query_names())
def test_query_binds_only_known_parameters(name):
    """Each query asks only for parameters this file has a test value for (add one if not)."""
    assert query_parameters(load_query(name)) <= offered_parameters(EMPTY_DATE).keys()


@pytest.mark.parametrize("name", query_names())
def test_query_runs_on_the_demos_latest_snapshot(demo_db, name):
    """Each query runs on the demo's latest snapshot and returns rows."""
    latest = demo_db.snapshot().snapshot_date
    frame = demo_db.run(name, **parameters_for(name, latest))
    assert isinstance(frame, pd.DataFrame)
    if not name.startswith(MAY_BE_EMPTY_ON_THE_DEMO):
        assert len(frame) > 0


@pytest.fixture(scope="module")
def full_demo_db(full_demo_dir):
    database = open_database(full_demo_dir)
    yield database
    database.close()


@pytest.mark.parametrize("name", MONITORING_QUERIES)
def test_monitoring_query_has_rows_on_the_whole_town(full_demo_db, name):
    """Each monitoring query returns rows on the whole demo town's latest snapshot (2025)."""
    latest = full_demo_db.snapshot().snapshot_date
    assert latest.year == 2025
    frame = full_demo_db.run(name, **parameters_for(name, latest))
    assert len(frame) > 0, name


@pytest.mark.parametrize("name", query_names())
def test_query_runs_on_an_empty_snapshot(empty_db, name):
    """Each query runs on a snapshot with no rows at all."""
    frame = empty_db.run(name, **parameters_for(name, EMPTY_DATE))
    assert isinstance(frame, pd.DataFrame)


COUNT_COLUMNS = [
    "registered_households",
    "registered_people",
    "exited_households",
    "exited_people",
    "not_exited_households",
    "not_exited_people",
    "relapsed_households",
    "removed_households",
]


def test_household_totals_on_empty_snapshot_are_zeros(empty_db):
    """On an empty snapshot household_totals is one row whose counts are zeros, not NULLs."""
    frame = empty_db.run("household_totals", snapshot_date=EMPTY_DATE)
    assert len(frame) == 1
    row = frame.iloc[0]
    counts = row[COUNT_COLUMNS + ["rural_population"]]
    assert not counts.isna().any(), row.to_dict()
    assert all(value == 0 for value in counts), row.to_dict()
    # A rate over no population is undefined: NULL, never a division error or a fake 0.
    assert pd.isna(row["incidence"]), row.to_dict()


def test_household_totals_with_villages_but_no_households(tmp_path):
    """Villages registered, no poor household yet: the population is theirs, incidence 0."""
    write_town(tmp_path, NEW, {"villages": _villages()})
    database = open_database(tmp_path)
    try:
        row = database.run("household_totals", snapshot_date=NEW).iloc[0]
    finally:
        database.close()
    assert int(row["registered_households"]) == 0
    assert row["rural_population"] == 100 + 50 + 20, row.to_dict()
    assert row["incidence"] == 0, row.to_dict()


def test_remaining_by_village_on_empty_snapshot_has_no_rows(empty_db):
    """With no villages, remaining_by_village returns no rows."""
    assert len(empty_db.run("remaining_by_village", snapshot_date=EMPTY_DATE)) == 0


def test_missing_parameter_raises_query_error(demo_db):
    """Running a query without a parameter it needs raises QueryError naming it."""
    with pytest.raises(QueryError) as error:
        demo_db.run("program_totals", snapshot_date=dt.date(2018, 6, 30), paid_from=PAID_FROM)
    assert "paid_to" in error.value.message("en")


@pytest.mark.parametrize("name", ["no_such_query", "../queries/report_figures", "Exits_By_Year"])
def test_unknown_query_name_raises_query_error(demo_db, name):
    """A name that is not a file under queries/ raises QueryError."""
    with pytest.raises(QueryError):
        demo_db.run(name, snapshot_date=dt.date(2018, 6, 30))


# ------------------------------------------------------------------ a hand-made small town
#
# Three villages (V3 has no poor household) and, on 2018-06-30, three households:
#   H1 in V1, exited 2015, 2 people;  H2 in V1, not exited, 3 people;
#   H3 in V2, relapsed (exited 2016), 1 person.
# On 2017-12-31: H2 had 2 people (M203 joined in 2018), H3 was still exited, and H4 (V2,
# 4 people) was on the register, marked removed.

V1, V2, V3 = "341182108901", "341182108902", "341182108903"
OLD, NEW = dt.date(2017, 12, 31), dt.date(2018, 6, 30)


PLACE = {"town_name": "女山湖镇", "county_name": "明光市"}


def _villages() -> list[dict]:
    rows = [
        (V1, "东村", "village", 3, 100),
        (V2, "西村", "water_village", 2, 50),
        (V3, "渔场", "fishery", 1, 20),
    ]
    return [
        village(code, name, **PLACE, kind=kind, groups_count=groups, population=population)
        for code, name, kind, groups, population in rows
    ]


def _household(household_id, village_code, status, exit_year, size) -> dict:
    return household(
        household_id,
        village_code,
        size=size,
        status=status,
        exit_year=exit_year,
        planned_exit_year=None,
    )


def _member(person_id, household_id) -> dict:
    return member(
        person_id, household_id, id_number="34118219600101001X", birth_date=dt.date(1960, 1, 1)
    )


PAYMENTS = [
    payment("P01", "H1", "education_aid", 500, dt.date(2017, 3, 1), person_id="M101"),
    payment("P02", "H1", "education_aid", 500, dt.date(2017, 9, 1), person_id="M101"),
    payment("P03", "H1", "education_aid", 300, dt.date(2018, 3, 1), person_id="M102"),
    payment("P04", "H2", "education_aid", 250, dt.date(2018, 3, 1), person_id="M201"),
    payment("P05", "H2", "industry_planting", 1000, dt.date(2017, 5, 1), item="花生"),
    payment("P06", "H1", "industry_planting", 600, dt.date(2017, 5, 1), item="花生"),
    payment("P07", "H2", "industry_breeding", 800, dt.date(2018, 6, 30), item="养鸡"),
    payment("P08", "H3", "industry_planting", 400, dt.date(2017, 6, 1), item="花生"),
    payment("P09", "H3", "industry_planting", 200, dt.date(2017, 6, 1)),  # item unrecorded
    payment("P10", "H1", "industry_planting", 900, dt.date(2016, 12, 31), item="花生"),
    payment("P11", "H3", "pv_income", 416, dt.date(2016, 12, 25)),
]


def _town_at(day: dt.date) -> dict[str, list[dict]]:
    if day == NEW:
        households = [
            _household("H1", V1, "exited", 2015, 2),
            _household("H2", V1, "not_exited", None, 3),
            _household("H3", V2, "relapsed", 2016, 1),
        ]
        people = {"H1": 2, "H2": 3, "H3": 1}
    else:
        households = [
            _household("H1", V1, "exited", 2015, 2),
            _household("H2", V1, "not_exited", None, 2),
            _household("H3", V2, "exited", 2016, 1),
            _household("H4", V2, "removed", None, 4),
        ]
        people = {"H1": 2, "H2": 2, "H3": 1, "H4": 4}
    members = [
        _member(f"M{household_id[1]}{number:02d}", household_id)
        for household_id, count in people.items()
        for number in range(1, count + 1)
    ]
    return {
        "villages": _villages(),
        "households": households,
        "members": members,
        "payments": [p for p in PAYMENTS if p["paid_date"] <= day],
    }


@pytest.fixture
def small_db(tmp_path):
    """The hand-made town, written as two real snapshots (2017-12-31 and 2018-06-30)."""
    for day in (OLD, NEW):
        write_town(tmp_path, day, _town_at(day))
    database = open_database(tmp_path)
    yield database
    database.close()


def rows_of(frame: pd.DataFrame) -> list[tuple]:
    """Plain Python tuples: numpy ints become ints, decimals and floats stay comparable."""
    return [
        tuple(v.item() if hasattr(v, "item") else v for v in row)
        for row in frame.itertuples(index=False, name=None)
    ]


def test_exits_by_year_small_town(small_db):
    """Exited households and their people by exit year; the relapsed H3 is not counted."""
    assert rows_of(small_db.run("exits_by_year", snapshot_date=NEW)) == [(2015, 1, 2)]
    assert rows_of(small_db.run("exits_by_year", snapshot_date=OLD)) == [(2015, 1, 2), (2016, 1, 1)]


def test_household_totals_small_town(small_db):
    """Registered leaves out the removed H4; not exited counts not_exited and relapsed."""
    old = small_db.run("household_totals", snapshot_date=OLD).iloc[0]
    assert {key: int(old[key]) for key in COUNT_COLUMNS} == {
        "registered_households": 3,
        "registered_people": 5,
        "exited_households": 2,
        "exited_people": 3,
        "not_exited_households": 1,
        "not_exited_people": 2,
        "relapsed_households": 0,
        "removed_households": 1,
    }
    assert int(old["rural_population"]) == 100 + 50 + 20
    assert float(old["incidence"]) == pytest.approx(2 / 170)


def test_remaining_by_village_small_town(small_db):
    """Per unit: households, people, not-exited ones, and incidence = not-exited people / population."""
    frame = small_db.run("remaining_by_village", snapshot_date=NEW)
    columns = ["village_code", "households", "people", "not_exited_households", "not_exited_people"]
    assert rows_of(frame[columns]) == [(V1, 2, 5, 1, 3), (V2, 1, 1, 1, 1), (V3, 0, 0, 0, 0)]
    assert frame["incidence"].tolist() == pytest.approx([3 / 100, 1 / 50, 0.0])
    old = small_db.run("remaining_by_village", snapshot_date=OLD)
    # On 2017-12-31 the removed H4 is left out, and V2's H3 had exited.
    assert rows_of(old[columns]) == [(V1, 2, 4, 1, 2), (V2, 1, 1, 0, 0), (V3, 0, 0, 0, 0)]


def test_program_totals_small_town(small_db):
    """Per program in 2017-01-01..2018-06-30: household-years are distinct household x year."""
    frame = small_db.run("program_totals", snapshot_date=NEW, paid_from=PAID_FROM, paid_to=NEW)
    columns = ["program", "payments", "households", "household_years", "people", "yuan"]
    assert rows_of(frame[columns]) == [
        ("industry_planting", 4, 3, 3, 0, Decimal("2200.00")),
        ("education_aid", 4, 2, 3, 3, Decimal("1550.00")),
        ("industry_breeding", 1, 1, 1, 0, Decimal("800.00")),
    ]


def test_program_totals_reads_only_its_snapshot(small_db):
    """On 2017-12-31 only that snapshot's payments count, not the later snapshot's copies."""
    frame = small_db.run("program_totals", snapshot_date=OLD, paid_from=PAID_FROM, paid_to=NEW)
    columns = ["program", "payments", "households", "household_years", "people", "yuan"]
    assert rows_of(frame[columns]) == [
        ("industry_planting", 4, 3, 3, 0, Decimal("2200.00")),
        ("education_aid", 2, 1, 1, 1, Decimal("1000.00")),
    ]


def test_industry_by_item_small_town(small_db):
    """Industry projects by village, program and item, largest yuan first, NULL item 未注明."""
    frame = small_db.run("industry_by_item", snapshot_date=NEW, paid_from=PAID_FROM, paid_to=NEW)
    columns = ["village_code", "village_name", "program", "item", "projects", "yuan", "households"]
    assert rows_of(frame[columns]) == [
        (V1, "东村", "industry_planting", "花生", 2, Decimal("1600.00"), 2),
        (V1, "东村", "industry_breeding", "养鸡", 1, Decimal("800.00"), 1),
        (V2, "西村", "industry_planting", "花生", 1, Decimal("400.00"), 1),
        (V2, "西村", "industry_planting", "未注明", 1, Decimal("200.00"), 1),
    ]


def test_snapshot_totals_small_town(small_db):
    """One row per snapshot, oldest first, with that snapshot's own counts."""
    frame = small_db.run("snapshot_totals")
    frame["snapshot_date"] = pd.to_datetime(frame["snapshot_date"]).dt.date
    assert rows_of(frame) == [
        (OLD, 3, 5, 2, 3, 1, 2, 0, 1),
        (NEW, 3, 6, 1, 2, 2, 4, 1, 0),
    ]
    assert list(frame.columns) == ["snapshot_date", *COUNT_COLUMNS]
