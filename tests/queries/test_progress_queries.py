"""The exit-progress page's query files on a hand-made town, and on the demo where the report fixes the answer.

The small town (two villages, nine households, two snapshots) is written with the project's own
snapshot writer; every expected number below is counted by hand from the rows written here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import open_database
from tests.builders import household, member, village, write_town

BEFORE = dt.date(2017, 6, 30)
AFTER = dt.date(2017, 12, 31)
LATEST = dt.date(2018, 6, 30)

# household id → (village, size, main cause, attribute, identified year, planned exit year)
HOUSEHOLDS = {
    "H1": ("V1", 2, "illness", "general", 2016, 2016),
    "H2": ("V1", 1, "disability", "dibao", 2016, 2017),
    "H3": ("V2", 3, "illness", "tekun", 2016, 2017),
    "H4": ("V2", 2, "illness", "general", 2016, 2018),
    "H5": ("V2", 1, "lack_labor", "general", 2016, 2018),
    "H6": ("V1", 1, "lack_capital", "general", 2016, 2019),
    "H7": ("V1", 1, "lack_capital", "general", 2016, 2016),
    "H8": ("V2", 2, "lack_capital", "general", 2016, 2016),
    "H9": ("V2", 4, "disaster", "general", 2017, 2018),
}
# (status, exit year) on each snapshot; a missing household is not in that snapshot.
STATES = {
    BEFORE: {
        "H1": ("exited", 2016),
        "H2": ("not_exited", None),
        "H3": ("not_exited", None),
        "H4": ("not_exited", None),
        "H5": ("exited", 2016),
        "H6": ("not_exited", None),
        "H7": ("not_exited", None),
        "H8": ("not_exited", None),
    },
    AFTER: {
        "H1": ("exited", 2016),
        "H2": ("exited", 2017),  # exits
        "H3": ("exited", 2017),  # exits
        "H4": ("not_exited", None),
        "H5": ("relapsed", 2016),  # 返贫
        "H6": ("not_exited", None),
        "H7": ("removed", None),  # 清退, marked
        # H8 gone: 自然减少
        "H9": ("not_exited", None),  # newly identified
    },
}
TARGETS_AFTER = [
    {"year": 2016, "village_code": None, "households": 1, "people": 2},
    {"year": 2017, "village_code": None, "households": 3, "people": 5},
    {"year": 2018, "village_code": None, "households": 3, "people": 7},
    {"year": 2018, "village_code": "V1", "households": 1, "people": 1},  # not the town's: ignored
]


def _tables(on: dt.date) -> dict[str, list[dict]]:
    households, members = [], []
    for household_id, (status, exit_year) in STATES[on].items():
        village_code, size, cause, attribute, identified, planned = HOUSEHOLDS[household_id]
        households.append(
            household(
                household_id,
                village_code,
                size=size,
                attribute=attribute,
                main_cause=cause,
                identified_year=identified,
                status=status,
                exit_year=exit_year,
                planned_exit_year=planned,
                income_year=2016,
            )
        )
        members += [
            member(
                f"{household_id}-{number}",
                household_id,
                relation="head" if number == 0 else "child",
            )
            for number in range(size)
        ]
    return {
        "villages": [village("V1", "甲村"), village("V2", "乙村")],
        "households": households,
        "members": members,
        "targets": TARGETS_AFTER if on == AFTER else [],
    }


@pytest.fixture
def town(tmp_path: Path):
    for on in (BEFORE, AFTER):
        write_town(tmp_path, on, _tables(on))
    database = open_database(tmp_path)
    yield database
    database.close()


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return [
        tuple(int(v) if isinstance(v, int | float) and not isinstance(v, bool) else v for v in row)
        for row in frame[columns].itertuples(index=False)
    ]


def test_exit_progress_by_year_on_the_small_town(town):
    """Registered 7 households / 14 people (H7 removed, H8 gone); exits 2016: H1, 2017: H2, H3."""
    frame = town.run("exit_progress_by_year", snapshot_date=AFTER)
    assert _rows(frame, list(frame.columns)) == [
        # year, exited h/p, cumulative h/p, remaining h/p
        (2016, 1, 2, 1, 2, 6, 12),
        (2017, 2, 4, 3, 6, 4, 8),
    ]


def test_exit_targets_by_year_on_the_small_town(town):
    """Town targets only; planned = H4, H5 (relapsed), H9 for 2018."""
    frame = town.run("exit_targets_by_year", snapshot_date=AFTER)
    assert _rows(frame, list(frame.columns)) == [
        # year, target h/p, exited h/p, planned h/p, current year
        (2016, 1, 2, 1, 2, 0, 0, False),
        (2017, 3, 5, 2, 4, 0, 0, True),
        (2018, 3, 7, 0, 0, 3, 7, False),
    ]


def test_exit_targets_by_year_without_targets_still_shows_exits(town):
    """The earlier snapshot has no targets: one row for 2016's exit (H1; H5 too then), target NULL."""
    frame = town.run("exit_targets_by_year", snapshot_date=BEFORE)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert int(row["year"]) == 2016
    assert pd.isna(row["target_households"]) and pd.isna(row["target_people"])
    assert (int(row["exited_households"]), int(row["exited_people"])) == (2, 3)


def test_exits_by_village_year_on_the_small_town(town):
    """Every village × exit year, zeros included; H5 relapsed so 乙村 2016 is 0."""
    frame = town.run("exits_by_village_year", snapshot_date=AFTER)
    assert _rows(frame, ["village_name", "exit_year", "households", "people"]) == [
        ("甲村", 2016, 1, 2),
        ("甲村", 2017, 1, 1),
        ("乙村", 2016, 0, 0),
        ("乙村", 2017, 1, 3),
    ]


def test_exits_by_cause_on_the_small_town(town):
    """Exited: H1 illness/general (2), H2 disability/dibao (1), H3 illness/tekun (3)."""
    frame = town.run("exits_by_cause", snapshot_date=AFTER)
    assert _rows(frame, ["main_cause", "attribute", "households", "people"]) == [
        ("illness", "general", 1, 2),
        ("illness", "tekun", 1, 3),
        ("disability", "dibao", 1, 1),
    ]


def test_snapshot_flows_on_the_small_town(town):
    """Between the two snapshots: H9 new, H2+H3 exit, H5 relapses, H7 removed and H8 gone."""
    frame = town.run("snapshot_flows")
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["previous_date"], row["snapshot_date"]) == (BEFORE, AFTER)
    counts = {
        column: int(row[column])
        for column in frame.columns
        if column.endswith(("households", "people"))
    }
    assert counts == {
        "new_households": 1,
        "new_people": 4,
        "exits_households": 2,
        "exits_people": 4,
        "relapses_households": 1,
        "relapses_people": 1,
        "removals_households": 2,
        "removals_people": 3,
    }


def test_snapshot_flows_with_a_single_snapshot_has_no_rows(tmp_path):
    """One snapshot has nothing to compare with: no row, not a row of NULLs."""
    write_town(tmp_path, AFTER, _tables(AFTER))
    database = open_database(tmp_path)
    try:
        assert len(database.run("snapshot_flows")) == 0
    finally:
        database.close()


@pytest.mark.parametrize(
    "name",
    ["exit_progress_by_year", "exit_targets_by_year", "exits_by_village_year", "exits_by_cause"],
)
def test_progress_queries_on_an_empty_snapshot_have_no_rows(empty_dir, name):
    database = open_database(empty_dir)
    try:
        assert len(database.run(name, snapshot_date=LATEST)) == 0
    finally:
        database.close()


# ------------------------------------------------------------------ the demo and the report

REPORT_EXITS = {2014: (167, 181), 2015: (114, 227), 2016: (65, 167), 2017: (99, 271)}  # F05-F08


def test_exit_progress_by_year_on_the_demo_gives_the_reports_figures(demo_db):
    frame = demo_db.run("exit_progress_by_year", snapshot_date=LATEST).set_index("exit_year")
    for year, (households, people) in REPORT_EXITS.items():
        assert (frame.at[year, "exited_households"], frame.at[year, "exited_people"]) == (
            households,
            people,
        )
    # F03 / F04: what remains at the end of 2017 (and mid-2018) is 205 households, 526 people.
    assert (frame.at[2017, "remaining_households"], frame.at[2017, "remaining_people"]) == (
        205,
        526,
    )
    assert (frame.at[2018, "remaining_households"], frame.at[2018, "remaining_people"]) == (
        205,
        526,
    )
    assert frame.at[2018, "exited_households"] == 0


def test_exit_targets_by_year_on_the_demo_has_the_2018_target(demo_db):
    frame = demo_db.run("exit_targets_by_year", snapshot_date=LATEST).set_index("year")
    assert frame.at[2018, "target_people"] == 300  # F09
    assert bool(frame.at[2018, "is_current_year"])
    for year, (households, people) in REPORT_EXITS.items():
        assert (frame.at[year, "exited_households"], frame.at[year, "exited_people"]) == (
            households,
            people,
        )


def test_exits_by_village_year_on_the_demo_sums_to_the_reports_exits(demo_db):
    frame = demo_db.run("exits_by_village_year", snapshot_date=LATEST)
    assert frame["village_code"].nunique() == 11  # F10: every unit, also with no exit
    for year, (households, people) in REPORT_EXITS.items():
        in_year = frame[frame["exit_year"] == year]
        assert (in_year["households"].sum(), in_year["people"].sum()) == (households, people)


def test_exits_by_cause_on_the_demo_sums_to_all_exits(demo_db):
    frame = demo_db.run("exits_by_cause", snapshot_date=LATEST)
    assert frame["households"].sum() == sum(h for h, _ in REPORT_EXITS.values())
    assert frame["people"].sum() == sum(p for _, p in REPORT_EXITS.values())


def test_snapshot_flows_on_the_demo(demo_db):
    """Seven pairs for eight snapshots; the 2017 exits fall between mid-2017 and end-2017."""
    frame = demo_db.run("snapshot_flows").set_index("snapshot_date")
    assert len(frame) == 7
    late_2017 = frame.loc[AFTER]
    assert late_2017["previous_date"] == BEFORE
    assert late_2017["exits_households"] == 99
    assert late_2017["exits_people"] == 271
    # The 6 households removed at the 2016 回头看 (town.REMOVED_HOUSEHOLDS), 4 relapses in all.
    assert frame["removals_households"].sum() == 6
    assert frame["relapses_households"].sum() == 4
    # The flows carry the remaining from one snapshot to the next, as snapshot_totals counts it.
    totals = demo_db.run("snapshot_totals").set_index("snapshot_date")["not_exited_households"]
    for date, flow in frame.iterrows():
        removed_while_poor = flow["removals_households"]  # in the demo only poor ones are removed
        expected = (
            totals[flow["previous_date"]]
            + flow["new_households"]
            - flow["exits_households"]
            + flow["relapses_households"]
            - removed_while_poor
        )
        assert totals[date] == expected, date
