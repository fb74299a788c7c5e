"""The industry page's query files on a hand-made town, and on the demo where the report fixes
the answer (F27-F30).

The small town (four villages, seven households, eight payments, two snapshots) is written with
the project's own snapshot writer; every expected number below is counted by hand from the rows
written here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard.concentration import village_concentration
from dashboard.data import open_database
from tests.builders import household, payment, village, write_town

BEFORE = dt.date(2017, 12, 31)
LATEST = dt.date(2018, 6, 30)
WINDOW = {"paid_from": dt.date(2017, 1, 1), "paid_to": LATEST}

# household id → (village, status)
HOUSEHOLDS = {
    "H1": ("V1", "not_exited"),
    "H2": ("V1", "exited"),
    "H3": ("V1", "relapsed"),
    "H4": ("V2", "not_exited"),
    "H5": ("V2", "exited"),
    "H6": ("V2", "removed"),  # 清退: not registered, not counted anywhere
    "H7": ("V3", "not_exited"),  # a village with households but no industry support
}
# payment id → (household, program, item, yuan, paid, batch)
PAYMENTS = {
    "P1": ("H1", "industry_planting", "花生", 1000, dt.date(2017, 3, 20), "2017年第1批"),
    "P2": ("H1", "industry_breeding", "养鸡", 2000, dt.date(2017, 3, 20), "2017年第1批"),
    "P3": ("H2", "industry_planting", "花生", 500, dt.date(2017, 8, 1), "2017年第2批"),
    "P4": ("H3", "industry_breeding", "小龙虾", 3000, dt.date(2018, 2, 1), "2018年第1批"),
    "P5": ("H4", "industry_planting", "花生", 400, dt.date(2016, 12, 31), "2016年第2批"),  # before
    "P6": ("H4", "industry_breeding", None, 600, dt.date(2018, 6, 30), None),  # last day, no item
    "P7": ("H5", "education_aid", None, 1500, dt.date(2017, 9, 1), None),  # not industry
    "P8": ("H4", "industry_planting", "水稻", 700, dt.date(2017, 12, 31), "2017年第2批"),
}


def _tables(on: dt.date) -> dict[str, list[dict]]:
    return {
        "villages": [
            village(code, name)
            for code, name in (("V1", "甲村"), ("V2", "乙村"), ("V3", "丙村"), ("V4", "丁村"))
        ],
        "households": [
            household(
                household_id,
                village_code,
                identified_year=2016,
                status=status,
                exit_year=2017 if status in ("exited", "relapsed") else None,
                income_year=2016,
            )
            for household_id, (village_code, status) in HOUSEHOLDS.items()
        ],
        "payments": [
            payment(payment_id, household_id, program, amount, paid, item=item, batch=batch)
            for payment_id, (household_id, program, item, amount, paid, batch) in PAYMENTS.items()
            if paid <= on  # a snapshot holds every event dated on or before it
        ],
    }


@pytest.fixture
def town(tmp_path: Path):
    # Two snapshots: the queries must read the chosen one only, never both.
    for on in (BEFORE, LATEST):
        write_town(tmp_path, on, _tables(on))
    database = open_database(tmp_path)
    yield database
    database.close()


def _rows(frame: pd.DataFrame, columns: list[str] | None = None) -> list[tuple]:
    columns = list(frame.columns) if columns is None else columns
    return [
        tuple(
            None
            if v is None or (isinstance(v, float) and pd.isna(v))
            else int(v)
            if isinstance(v, int | float) and not isinstance(v, bool) and float(v).is_integer()
            else v
            for v in row
        )
        for row in frame[columns].itertuples(index=False)
    ]


def test_industry_totals_on_the_small_town(town):
    """Window 2017-01-01..2018-06-30: P1 P2 P3 P4 P6 P8 (P5 before it, P7 not industry)."""
    frame = town.run("industry_totals", snapshot_date=LATEST, **WINDOW)
    assert _rows(frame) == [
        # program, projects, yuan, households
        ("all", 6, 7800, 4),  # H1 H2 H3 H4: H1 and H4 have both programs, counted once
        ("industry_breeding", 3, 5600, 3),  # P2 P4 P6: H1 H3 H4
        ("industry_planting", 3, 2200, 3),  # P1 P3 P8: H1 H2 H4
    ]


def test_industry_totals_of_a_half_year_includes_both_ends(town):
    """2018-01-01..2018-06-30: P4 and P6 (paid on the last day)."""
    frame = town.run(
        "industry_totals", snapshot_date=LATEST, paid_from=dt.date(2018, 1, 1), paid_to=LATEST
    )
    assert _rows(frame) == [("all", 2, 3600, 2), ("industry_breeding", 2, 3600, 2)]


def test_industry_totals_reads_the_chosen_snapshot_only(town):
    """The earlier snapshot holds P1 P2 P3 P5 P8 of the window's industry rows."""
    frame = town.run("industry_totals", snapshot_date=BEFORE, **WINDOW)
    assert _rows(frame)[0] == ("all", 4, 4200, 3)


def test_industry_totals_with_nothing_paid_is_one_row_of_zeros(town):
    frame = town.run(
        "industry_totals",
        snapshot_date=LATEST,
        paid_from=dt.date(2015, 1, 1),
        paid_to=dt.date(2015, 12, 31),
    )
    assert _rows(frame) == [("all", 0, 0, 0)]


def test_industry_items_on_the_small_town(town):
    frame = town.run("industry_items", snapshot_date=LATEST, **WINDOW)
    assert _rows(frame) == [
        ("industry_breeding", "小龙虾", 1, 3000, 1),
        ("industry_breeding", "养鸡", 1, 2000, 1),
        ("industry_planting", "花生", 2, 1500, 2),  # P1 H1, P3 H2 (P5 is before the window)
        ("industry_planting", "水稻", 1, 700, 1),
        ("industry_breeding", None, 1, 600, 1),  # P6 names no item
    ]


def test_industry_by_year_on_the_small_town(town):
    frame = town.run("industry_by_year", snapshot_date=LATEST, **WINDOW)
    assert _rows(frame) == [
        (2017, "all", 4, 4200, 3),  # P1 P2 P3 P8: H1 H2 H4
        (2017, "industry_breeding", 1, 2000, 1),
        (2017, "industry_planting", 3, 2200, 3),
        (2018, "all", 2, 3600, 2),  # P4 P6
        (2018, "industry_breeding", 2, 3600, 2),
    ]


def test_industry_by_half_year_on_the_small_town(town):
    frame = town.run("industry_by_half_year", snapshot_date=LATEST, **WINDOW)
    assert _rows(frame) == [
        (2017, 1, "all", 2, 3000, 1),  # P1 P2, both H1
        (2017, 1, "industry_breeding", 1, 2000, 1),
        (2017, 1, "industry_planting", 1, 1000, 1),
        (2017, 2, "all", 2, 1200, 2),  # P3 (1 Aug) and P8 (31 Dec)
        (2017, 2, "industry_planting", 2, 1200, 2),
        (2018, 1, "all", 2, 3600, 2),
        (2018, 1, "industry_breeding", 2, 3600, 2),
    ]


def test_industry_by_batch_on_the_small_town(town):
    """Batches in the order first paid; a payment without batch is a group of its own."""
    frame = town.run("industry_by_batch", snapshot_date=LATEST, **WINDOW)
    assert _rows(frame) == [
        ("2017年第1批", dt.date(2017, 3, 20), dt.date(2017, 3, 20), "all", 2, 3000, 1),
        (
            "2017年第1批",
            dt.date(2017, 3, 20),
            dt.date(2017, 3, 20),
            "industry_breeding",
            1,
            2000,
            1,
        ),
        (
            "2017年第1批",
            dt.date(2017, 3, 20),
            dt.date(2017, 3, 20),
            "industry_planting",
            1,
            1000,
            1,
        ),
        ("2017年第2批", dt.date(2017, 8, 1), dt.date(2017, 12, 31), "all", 2, 1200, 2),
        (
            "2017年第2批",
            dt.date(2017, 8, 1),
            dt.date(2017, 12, 31),
            "industry_planting",
            2,
            1200,
            2,
        ),
        ("2018年第1批", dt.date(2018, 2, 1), dt.date(2018, 2, 1), "all", 1, 3000, 1),
        ("2018年第1批", dt.date(2018, 2, 1), dt.date(2018, 2, 1), "industry_breeding", 1, 3000, 1),
        (None, LATEST, LATEST, "all", 1, 600, 1),
        (None, LATEST, LATEST, "industry_breeding", 1, 600, 1),
    ]


def test_industry_reach_by_village_on_the_small_town(town):
    frame = town.run("industry_reach_by_village", snapshot_date=LATEST, **WINDOW)
    counts = [
        "village_name",
        "registered_households",
        "not_exited_households",
        "reached_households",
        "reached_not_exited_households",
        "projects",
        "yuan",
    ]
    assert _rows(frame, counts) == [
        ("甲村", 3, 2, 3, 2, 4, 6500),  # H1 (P1 P2) H2 (P3) H3 relapsed (P4)
        ("乙村", 2, 1, 1, 1, 2, 1300),  # H6 removed left out; H4: P6 P8 (P5 before the window)
        ("丙村", 1, 1, 0, 0, 0, 0),
        ("丁村", 0, 0, 0, 0, 0, 0),  # no household at all: still listed
    ]
    ratios = frame.set_index("village_name")
    assert ratios.at["甲村", "yuan_per_reached_household"] == pytest.approx(6500 / 3)
    assert ratios.at["乙村", "yuan_per_reached_household"] == pytest.approx(1300)
    assert ratios.at["乙村", "yuan_per_registered_household"] == pytest.approx(650)
    assert ratios.at["乙村", "reached_share_of_registered"] == pytest.approx(0.5)
    assert ratios.at["乙村", "reached_share_of_not_exited"] == pytest.approx(1.0)
    assert ratios.at["丙村", "reached_share_of_not_exited"] == pytest.approx(0.0)
    assert pd.isna(ratios.at["丙村", "yuan_per_reached_household"])
    for column in ("yuan_per_registered_household", "reached_share_of_registered"):
        assert pd.isna(ratios.at["丁村", column])


def test_concentration_of_the_small_town(town):
    """甲村: 花生 1,500 (P1+P3), 养鸡 2,000, 小龙虾 3,000 of 6,500, shares 3/13, 4/13, 6/13:
    HHI = (9 + 16 + 36) / 169. 乙村: 水稻 700 and an unnamed 600: (49 + 36) / 169."""
    by_item = town.run("industry_by_item", snapshot_date=LATEST, **WINDOW)
    table = village_concentration(by_item).set_index("village_name")
    assert list(table.index) == ["乙村", "甲村"]  # most concentrated first; 丙村 has no yuan
    assert table.at["甲村", "herfindahl"] == pytest.approx(61 / 169)
    assert table.at["甲村", "top_item"] == "小龙虾"
    assert table.at["甲村", "top_share"] == pytest.approx(6 / 13)
    assert table.at["甲村", "second_item"] == "养鸡"
    assert table.at["甲村", "top_two_share"] == pytest.approx(10 / 13)
    assert table.at["甲村", "dominance"] == "two"  # 6/13 < 50%, 10/13 > 60%
    assert table.at["乙村", "herfindahl"] == pytest.approx(85 / 169)
    assert table.at["乙村", "top_item"] == "水稻"
    assert table.at["乙村", "dominance"] == "one"  # 7/13 > 50%
    assert table.at["乙村", "items"] == 2


@pytest.mark.parametrize(
    "name",
    ["industry_items", "industry_by_year", "industry_by_half_year", "industry_by_batch"],
)
def test_industry_queries_on_an_empty_snapshot_have_no_rows(empty_dir, name):
    database = open_database(empty_dir)
    try:
        assert len(database.run(name, snapshot_date=LATEST, **WINDOW)) == 0
    finally:
        database.close()


def test_industry_totals_and_reach_on_an_empty_snapshot(empty_dir):
    database = open_database(empty_dir)
    try:
        assert _rows(database.run("industry_totals", snapshot_date=LATEST, **WINDOW)) == [
            ("all", 0, 0, 0)
        ]
        assert len(database.run("industry_reach_by_village", snapshot_date=LATEST, **WINDOW)) == 0
    finally:
        database.close()


# ------------------------------------------------------------------ the demo and the report


def test_industry_totals_on_the_demo_give_the_reports_figures(demo_db):
    """F27-F29: 2017-01-01..2018-06-30, 475 projects / 598,160 yuan / 368 households."""
    frame = demo_db.run("industry_totals", snapshot_date=LATEST, **WINDOW).set_index("program")
    assert (frame.at["all", "projects"], frame.at["all", "yuan"]) == (475, 598_160)
    assert frame.at["all", "households"] == 368
    assert (frame.at["industry_breeding", "projects"], frame.at["industry_breeding", "yuan"]) == (
        220,
        361_070,
    )
    assert (frame.at["industry_planting", "projects"], frame.at["industry_planting", "yuan"]) == (
        255,
        237_090,
    )


def test_industry_half_year_on_the_demo_gives_the_reports_figures(demo_db):
    """F30: 2018 H1, 30 households / 39 projects / 49,300 yuan, by year and by half-year too."""
    frame = demo_db.run(
        "industry_totals", snapshot_date=LATEST, paid_from=dt.date(2018, 1, 1), paid_to=LATEST
    ).set_index("program")
    assert (frame.at["all", "households"], frame.at["all", "projects"]) == (30, 39)
    assert frame.at["all", "yuan"] == 49_300
    halves = demo_db.run("industry_by_half_year", snapshot_date=LATEST, **WINDOW)
    row = halves[
        (halves["paid_year"] == 2018) & (halves["half"] == 1) & (halves["program"] == "all")
    ]
    assert _rows(row, ["households", "projects", "yuan"]) == [(30, 39, 49_300)]


def test_industry_breakdowns_on_the_demo_add_up_to_the_report(demo_db, demo_sql):
    """Items, years, batches and villages each add up to F27; and the item table agrees with
    a count made straight from the Parquet files, independent of the query files."""
    items = demo_db.run("industry_items", snapshot_date=LATEST, **WINDOW)
    assert (items["projects"].sum(), items["yuan"].sum()) == (475, 598_160)
    for name in ("industry_by_year", "industry_by_half_year", "industry_by_batch"):
        frame = demo_db.run(name, snapshot_date=LATEST, **WINDOW)
        totals = frame[frame["program"] == "all"]
        assert (totals["projects"].sum(), totals["yuan"].sum()) == (475, 598_160), name
    batches = demo_db.run("industry_by_batch", snapshot_date=LATEST, **WINDOW)
    assert batches["batch"].nunique() == 9  # "上报9个批次"
    reach = demo_db.run("industry_reach_by_village", snapshot_date=LATEST, **WINDOW)
    assert reach["reached_households"].sum() == 368
    assert reach["registered_households"].sum() == 650
    assert reach["not_exited_households"].sum() == 205
    direct = demo_sql.execute(
        """
        select item, count(*), sum(amount_yuan)
        from payments
        where snapshot_date = ? and program like 'industry%' and paid_date between ? and ?
        group by item
        """,
        [LATEST, dt.date(2017, 1, 1), LATEST],
    ).fetchall()
    by_item = items.groupby("item")[["projects", "yuan"]].sum()
    assert {item: (count, float(yuan)) for item, count, yuan in direct} == {
        item: (int(row.projects), float(row.yuan)) for item, row in by_item.iterrows()
    }
