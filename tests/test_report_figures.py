"""The report's 33 figures come out of the demo's 2018-06-30 snapshot exactly.

Expected values are typed here from shared/reference/seed-figures.md, the independent source;
a handful are also recomputed with SQL written in this file straight over the Parquet files,
so a mistake in queries/report_figures.sql cannot hide behind itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb
import pandas as pd
import pytest

REPORT_DATE = dt.date(2018, 6, 30)

# figure id -> the values of seed-figures.md, in the order its definition lists them.
EXPECTED = {
    "F01": (650,),
    "F02": (1372,),
    "F03": (205,),
    "F04": (526,),
    "F05": (167, 181),
    "F06": (114, 227),
    "F07": (65, 167),
    "F08": (99, 271),
    "F09": (300,),
    "F10": (11, 9, 2),
    "F12": (143,),
    "F13": (76,),
    "F15": (412, 319_750),
    "F16": (67, 174_000),
    "F17": (135, 91_500),
    "F18": (22, 356),
    "F19": (10,),
    "F20": (14,),
    "F21": (100,),
    "F22": (78, 3_120_000),
    "F23": (218_400,),
    "F24": (85, 4_040_000),
    "F25": (7_160_000,),
    "F26": (123, 76_025),
    "F27": (475, 598_160, 368),
    "F28": (220, 361_070),
    "F29": (255, 237_090),
    "F30": (30, 39, 49_300),
    "F31": (50, 41_600),
    "F32": (600_000,),
    "F33": (43_000,),
}
ALL_FIGURE_IDS = [f"F{number:02d}" for number in range(1, 34)]


@pytest.fixture(scope="module")
def figures(demo_db) -> dict[str, tuple]:
    """report_figures on 2018-06-30 with exact decimals, as {figure id: (value_1, 2, 3)}."""
    table = demo_db.run_arrow("report_figures", snapshot_date=REPORT_DATE)
    return {
        row["figure_id"]: (row["value_1"], row["value_2"], row["value_3"])
        for row in table.to_pylist()
    }


@pytest.fixture(scope="module")
def report_sql(demo_dir):
    """DuckDB with short views over the 2018-06-30 folder's files only (no Hive, no views of
    dashboard.data): h households, m members, p payments, v villages, l loans, t trainings,
    tg targets, hp helpers, vp village_projects."""
    folder = demo_dir / "snapshots" / f"snapshot_date={REPORT_DATE.isoformat()}"
    connection = duckdb.connect()
    views = {
        "h": "households",
        "m": "members",
        "p": "payments",
        "v": "villages",
        "l": "loans",
        "t": "trainings",
        "tg": "targets",
        "hp": "helpers",
        "vp": "village_projects",
    }
    for view, table_name in views.items():
        connection.read_parquet(str(folder / f"{table_name}.parquet")).create_view(view)
    yield connection
    connection.close()


def number(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def test_report_figures_returns_each_figure_once(figures):
    """One row per figure, F01 to F33, none missing and none extra."""
    assert sorted(figures) == ALL_FIGURE_IDS


@pytest.mark.parametrize("figure_id", sorted(EXPECTED))
def test_figure_matches_the_report(figures, figure_id):
    """The figure's values are the report's, exactly (trailing values unused are NULL)."""
    expected = EXPECTED[figure_id]
    values = figures[figure_id]
    assert tuple(number(v) for v in values[: len(expected)]) == tuple(Decimal(e) for e in expected)
    assert all(v is None for v in values[len(expected) :]), values


def test_report_figures_as_pages_get_them(demo_db):
    """Database.run (plain floats, NaN for unused values) gives the same figures."""
    frame = demo_db.run("report_figures", snapshot_date=REPORT_DATE).set_index("figure_id")
    for figure_id, expected in EXPECTED.items():
        values = frame.loc[figure_id, ["value_1", "value_2", "value_3"]].tolist()
        assert values[: len(expected)] == [float(e) for e in expected], figure_id
        assert all(pd.isna(v) for v in values[len(expected) :]), figure_id


def test_f11_groups(figures):
    """F11: 133 村民组 in all, and households use at most that many distinct groups."""
    total, used, unused = figures["F11"]
    assert number(total) == 133
    assert 100 <= number(used) <= 133  # well spread, yet never more groups than exist
    assert unused is None


def test_f14_poor_village(figures, report_sql):
    """F14: one poor village, exited 2016, and it is 山南村."""
    count, exit_year, named_shannan = figures["F14"]
    assert (number(count), number(exit_year), number(named_shannan)) == (1, 2016, 1)
    poor = report_sql.execute(
        "select village_name, poor_village_exit_year from v where is_poor_village"
    ).fetchall()
    assert poor == [("山南村", 2016)]


# Independent recomputation: (figure id, SQL over the 2018-06-30 files) -> the report's values.
INDEPENDENT = {
    "F01": "select count(*) from h",
    "F02": "select count(*) from m",
    "F03": "select count(*) from h where status in ('not_exited', 'relapsed')",
    "F04": """select count(*) from m
              where household_id in
                  (select household_id from h where status in ('not_exited', 'relapsed'))""",
    "F05": """select count(distinct h.household_id), count(m.person_id)
              from h left join m using (household_id)
              where h.status = 'exited' and h.exit_year = 2014""",
    "F08": """select count(distinct h.household_id), count(m.person_id)
              from h left join m using (household_id)
              where h.status = 'exited' and h.exit_year = 2017""",
    "F09": "select people from tg where year = 2018 and village_code is null",
    "F10": """select count(*), sum(case when kind in ('village', 'water_village') then 1 end),
                     sum(case when kind = 'water_village' then 1 end)
              from v""",
    "F12": "select count(*) from hp where level <> 'village'",
    "F15": """select count(*), sum(yuan) from (
                  select household_id, year(paid_date), sum(amount_yuan) as yuan from p
                  where program = 'education_aid'
                    and paid_date >= '2015-01-01' and paid_date < '2018-01-01'
                  group by 1, 2)""",
    "F16": """select count(distinct household_id), sum(amount_yuan) from p
              where program = 'rainbow_plan' and year(paid_date) in (2016, 2017)""",
    "F18": """select (select count(distinct person_id) from t where course = 'city_employment'),
                     (select count(distinct person_id) from t where course = 'town_skills')""",
    "F21": """select 100 * avg(case when family_doctor_signed then 1 else 0 end) from h""",
    "F22": """select count(distinct household_id), sum(amount_yuan) from l
              where mode = 'enterprise_use'""",
    "F25": "select sum(amount_yuan) from l",
    "F27": """select count(*), sum(amount_yuan), count(distinct household_id) from p
              where program like 'industry_%'
                and paid_date >= '2017-01-01' and paid_date <= '2018-06-30'""",
    "F30": """select count(distinct household_id), count(*), sum(amount_yuan) from p
              where program in ('industry_planting', 'industry_breeding')
                and year(paid_date) = 2018 and month(paid_date) <= 6""",
    "F32": """select sum(vp.budget_yuan) from vp join v using (village_code)
              where v.village_name = '山南村' and vp.status = 'tendering'""",
    "F33": "select sum(population) from v",
}


@pytest.mark.parametrize("figure_id", sorted(INDEPENDENT))
def test_figure_recomputed_straight_from_the_parquet_files(report_sql, figure_id):
    """SQL written in this test over the snapshot's files gives the report's values too."""
    row = report_sql.execute(INDEPENDENT[figure_id]).fetchone()
    assert tuple(number(v) for v in row) == tuple(Decimal(e) for e in EXPECTED[figure_id])


def test_exits_by_year_agrees_with_f05_to_f08(demo_db):
    """exits_by_year gives the report's households and people for 2014 to 2017, and no more."""
    frame = demo_db.run("exits_by_year", snapshot_date=REPORT_DATE)
    rows = [(int(r.exit_year), int(r.households), int(r.people)) for r in frame.itertuples()]
    assert rows == [(2014, 167, 181), (2015, 114, 227), (2016, 65, 167), (2017, 99, 271)]


def test_household_totals_agrees_with_f01_to_f08(demo_db):
    """household_totals gives the report's registered, exited and not-exited counts."""
    frame = demo_db.run("household_totals", snapshot_date=REPORT_DATE)
    assert len(frame) == 1
    totals = frame.iloc[0]
    assert totals["registered_households"] == 650
    assert totals["registered_people"] == 1372
    assert totals["not_exited_households"] == 205
    assert totals["not_exited_people"] == 526
    assert totals["exited_households"] == 167 + 114 + 65 + 99
    assert totals["exited_people"] == 181 + 227 + 167 + 271
    assert totals["removed_households"] == 0
    assert 1 <= totals["relapsed_households"] <= 205  # 返贫 are counted among the 未脱贫
    assert totals["rural_population"] == 43_000  # F33
    assert float(totals["incidence"]) == pytest.approx(526 / 43_000)  # F04 / F33
