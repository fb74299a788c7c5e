"""The half-year evaluation's programs and industry items read from half-year masks give what
the payments give.

`evaluation_programs` reads a window of whole half-years from `program_slots` (households and
one-village recipients counted per mask of half-years paid, other recipients and batches one
row each with their mask) instead of counting a province's five million payments distinct six
times; another window is counted from the payments. Here both are compared with the plain count
made in pandas from the snapshot's Parquet files (not the queries' SQL typed again), window by
window, for the whole county, one village, a helper's account (whose rows the live view
computes) and recipients paid in two villages.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.connection import snapshot_files
from dashboard.data import Viewer, open_database

# The plain counts, straight from the snapshot's Parquet files in pandas: what the queries
# counted before the half-year masks, written without their SQL. A viewer's rows are the
# households it may read (a helper's: those it helps or is the village contact of).
INDUSTRY_PROGRAMS = ("industry_planting", "industry_breeding")  # the contract's two codes


def snapshot_tables(database, closing: dt.date) -> dict[str, pd.DataFrame]:
    """The households, members, payments and trainings of the snapshot on `closing`."""
    info = next(info for info in database.snapshots if info.snapshot_date == closing)
    tables = {}
    for name in ("households", "members", "payments", "trainings"):
        table = pd.concat([pd.read_parquet(file) for file in snapshot_files(info, name)])
        for column in ("paid_date", "training_date"):
            if column in table:
                table[column] = pd.to_datetime(table[column])
        tables[name] = table.reset_index(drop=True)
    return tables


def viewer_households(tables, viewer, village_code) -> pd.DataFrame:
    """The households `viewer` reads, in `village_code` when one is chosen."""
    households = tables["households"]
    if viewer.helper_id is not None:
        helps = (households["helper_id"] == viewer.helper_id) | (
            households["village_contact_id"] == viewer.helper_id
        )
        households = households[helps]
    if village_code is not None:
        households = households[households["village_code"] == village_code]
    return households


def paid_in(tables, viewer, closing, village_code, paid_from, paid_to) -> pd.DataFrame:
    """The payments to the viewer's households paid by the snapshot and in the window."""
    payments = tables["payments"]
    households = viewer_households(tables, viewer, village_code)
    day = payments["paid_date"]
    return payments[
        payments["household_id"].isin(households["household_id"])
        & (day <= pd.Timestamp(closing))
        & day.between(pd.Timestamp(paid_from), pd.Timestamp(paid_to))
    ]


def ordered(frame: pd.DataFrame, by: list[str], descending: tuple[str, ...]) -> pd.DataFrame:
    ascending = [column not in descending for column in by]
    return frame.sort_values(by, ascending=ascending, kind="stable").reset_index(drop=True)


def programs_from_payments(tables, viewer, closing, village_code, paid_from, paid_to):
    """evaluation_programs before the masks: per program, and industry as one program too."""
    paid = paid_in(tables, viewer, closing, village_code, paid_from, paid_to)
    industry = paid[paid["program"].isin(INDUSTRY_PROGRAMS)].assign(program="industry")
    grouped = pd.concat([paid, industry], ignore_index=True)
    grouped["household_year"] = (
        grouped["household_id"] + "/" + grouped["paid_date"].dt.year.astype(str)
    )
    by_program = grouped.groupby("program")
    counted = pd.DataFrame(
        {
            "payments": by_program.size(),
            "households": by_program["household_id"].nunique(),
            "household_years": by_program["household_year"].nunique(),
            "people": by_program["person_id"].nunique(),
            "yuan": by_program["amount_yuan"].sum(),
            "batches": by_program["batch"].nunique(),
        }
    ).reset_index()
    return ordered(counted, ["yuan", "program"], descending=("yuan",))


def items_from_payments(tables, viewer, closing, village_code, paid_from, paid_to):
    """evaluation_industry_items before the masks: industry projects per program and item."""
    paid = paid_in(tables, viewer, closing, village_code, paid_from, paid_to)
    paid = paid[paid["program"].isin(INDUSTRY_PROGRAMS)]
    paid = paid.assign(item=paid["item"].fillna("未注明"))
    by_item = paid.groupby(["program", "item"])
    counted = pd.DataFrame(
        {
            "projects": by_item.size(),
            "yuan": by_item["amount_yuan"].sum(),
            "households": by_item["household_id"].nunique(),
        }
    ).reset_index()
    return ordered(counted, ["yuan", "program", "item"], descending=("yuan",))


def trainings_from_rows(tables, viewer, closing, village_code, paid_from, paid_to):
    """evaluation_trainings before the masks: people trained per course, and in the window."""
    households = viewer_households(tables, viewer, village_code)
    members = tables["members"]
    people = members[members["household_id"].isin(households["household_id"])]["person_id"]
    trainings = tables["trainings"]
    day = trainings["training_date"]
    trained = trainings[trainings["person_id"].isin(people) & (day <= pd.Timestamp(closing))]
    in_period = trained["training_date"].between(pd.Timestamp(paid_from), pd.Timestamp(paid_to))
    by_course = trained.assign(in_period=trained["person_id"].where(in_period)).groupby("course")
    counted = pd.DataFrame(
        {
            "people": by_course["person_id"].nunique(),
            "people_in_period": by_course["in_period"].nunique(),
        }
    ).reset_index()
    return ordered(counted, ["course"], descending=())


@pytest.fixture(scope="module")
def county(county_dir):
    database = open_database(county_dir)
    yield database
    database.close()


def windows(closing: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The evaluation's kinds of window on a snapshot, and two that are not whole half-years."""
    year = closing.year
    return [
        (dt.date(year, 1, 1), closing),  # this half or year, to date
        (dt.date(year - 3, 1, 1), dt.date(year - 1, 12, 31)),  # three whole years
        (dt.date(year - 1, 7, 1), dt.date(year - 1, 12, 31)),  # one past half-year
        (dt.date(1900, 1, 1), closing),  # since ever
        (dt.date(year - 1, 3, 5), dt.date(year - 1, 12, 31)),  # starts in mid-March
        (dt.date(year - 2, 1, 1), dt.date(year - 1, 10, 15)),  # ends in mid-October
    ]


def _compare(database, viewer, closing, village_code) -> int:
    tables = snapshot_tables(database, closing)
    compared = 0
    for paid_from, paid_to in windows(closing):
        for query, plain_counts in (
            ("evaluation_programs", programs_from_payments),
            ("evaluation_industry_items", items_from_payments),
            ("evaluation_trainings", trainings_from_rows),
        ):
            window = (
                {"paid_from": paid_from, "paid_to": paid_to}
                if query != "evaluation_trainings"
                else {"trained_from": paid_from, "trained_to": paid_to}
            )
            ours = database.run(
                query, viewer=viewer, snapshot_date=closing, village_code=village_code, **window
            )
            plain = plain_counts(tables, viewer, closing, village_code, paid_from, paid_to)
            plain = plain.astype(ours.dtypes.to_dict())
            pd.testing.assert_frame_equal(ours, plain, obj=f"{query} {paid_from}..{paid_to}")
            compared += len(ours)
    return compared


@pytest.mark.parametrize("which", [-1, 4])
def test_the_county_windows_from_masks_are_the_payments_counted(county, which):
    closing = county.snapshots[which].snapshot_date
    assert _compare(county, Viewer(area=""), closing, None) > 20


def first_household_s_village_and_helper(database, closing: dt.date) -> tuple[str, str]:
    """The village and helper of the snapshot's first household that has a helper."""
    register = database.run_sql(
        "select village_code, helper_id from households where snapshot_date = $day "
        "and helper_id is not null order by household_id limit 1",
        {"day": closing},
        viewer=Viewer(True, True, True, area=""),
    )
    village, helper = register.iloc[0]
    return str(village), str(helper)


def test_a_village_and_a_helper_get_their_own_rows(county):
    closing = county.snapshots[-1].snapshot_date
    village, helper = first_household_s_village_and_helper(county, closing)
    assert _compare(county, Viewer(area=""), closing, village) > 5
    helper_viewer = Viewer(True, True, True, area="", helper_id=helper)
    assert _compare(county, helper_viewer, closing, None) > 0


@pytest.fixture(scope="module")
def shared_recipients(demo_dir, tmp_path_factory):
    """The demo town's latest snapshot, with some payments of one village's households made to
    people named on another village's payments (recipients paid in two villages), and some
    trained people of one village listed in a household of another too."""
    from dashboard import contract
    from dashboard.snapshots import get_snapshot, write_snapshot

    info = get_snapshot(demo_dir)
    tables = {
        name: pd.concat([pd.read_parquet(file) for file in snapshot_files(info, name)])
        for name in contract.TABLE_NAMES
    }
    payments = tables["payments"].merge(
        tables["households"][["household_id", "village_code"]], on="household_id"
    )
    named = payments[payments["person_id"].notna()]
    first, second = sorted(named["village_code"].unique())[:2]
    taken = named[named["village_code"] == first]["person_id"].drop_duplicates().head(15)
    targets = named[named["village_code"] == second].index[: len(taken)]
    moved = tables["payments"].copy()
    moved.loc[targets, "person_id"] = list(taken)
    tables["payments"] = moved
    # Some trained people of the first village also listed in a household of the second.
    members = tables["members"].merge(
        tables["households"][["household_id", "village_code"]], on="household_id"
    )
    trained = members[
        members["person_id"].isin(tables["trainings"]["person_id"])
        & (members["village_code"] == first)
    ].head(10)
    elsewhere = members[members["village_code"] == second]["household_id"].iloc[0]
    tables["members"] = pd.concat(
        [tables["members"], trained[tables["members"].columns].assign(household_id=elsewhere)],
        ignore_index=True,
    )
    tables = {
        name: table.drop(columns=["snapshot_date"], errors="ignore")
        for name, table in tables.items()
    }
    folder = tmp_path_factory.mktemp("shared-recipients") / "data"
    write_snapshot(folder, info.snapshot_date, tables, {"kind": "import", "files": []})
    database = open_database(folder)
    yield database, info.snapshot_date, (first, second)
    database.close()


def test_recipients_paid_or_listed_in_two_villages_are_counted_once(shared_recipients):
    database, closing, (first, second) = shared_recipients
    everyone = Viewer(area="")
    twice = database.run_sql(
        "select count(*) as n from program_slots where snapshot_date = $day and kind = 'person'",
        {"day": closing},
        viewer=everyone,
    )
    assert twice["n"].iloc[0] >= 2  # the moved recipients have a row in each village
    trained_twice = database.run_sql(
        "select count(*) as n from training_slots where snapshot_date = $day and kind = 'person'",
        {"day": closing},
        viewer=everyone,
    )
    assert trained_twice["n"].iloc[0] >= 2  # and so have the people listed in both
    assert _compare(database, everyone, closing, None) > 5
    assert _compare(database, everyone, closing, first) > 0
    assert _compare(database, everyone, closing, second) > 0


def test_the_headline_s_renovated_households_are_the_payments_counted(county):
    closing = county.snapshots[-1].snapshot_date
    village, helper = first_household_s_village_and_helper(county, closing)
    cases = [
        (Viewer(area=""), None),
        (Viewer(area=""), village),
        (Viewer(True, True, True, area="", helper_id=helper), None),
    ]
    tables = snapshot_tables(county, closing)
    counts = []
    for viewer, village_code in cases:
        params = {"snapshot_date": closing, "village_code": village_code}
        ours = county.run("evaluation_headline", viewer=viewer, **params)
        # Distinct households paid housing_renovation on or before the snapshot, from the files.
        paid = paid_in(tables, viewer, closing, village_code, dt.date(1900, 1, 1), closing)
        renovated = paid[paid["program"] == "housing_renovation"]["household_id"].nunique()
        assert ours["renovated_households"].iloc[0] == renovated
        counts.append(int(renovated))
    assert counts[0] > counts[1] > 0
