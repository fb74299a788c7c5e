"""The half-year evaluation's programs and industry items read from half-year masks give what
the payments give.

`evaluation_programs` reads a window of whole half-years from `program_slots` (households and
one-village recipients counted per mask of half-years paid, other recipients and batches one
row each with their mask) instead of counting a province's five million payments distinct six
times; another window is counted from the payments. Here both are compared with the plain count
written below, window by window, for the whole county, one village, a helper's account (whose
rows the live view computes) and recipients paid in two villages.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.data import Viewer, open_database

# The figure straight from the payments: what evaluation_programs counted before the masks.
FROM_PAYMENTS = """
with paid as (
    select pay.household_id, pay.person_id, pay.program, pay.amount_yuan, pay.paid_date, pay.batch
    from payments as pay
    inner join households as h
        on h.household_id = pay.household_id and h.snapshot_date = pay.snapshot_date
    where pay.snapshot_date = $snapshot_date
      and pay.paid_date <= $snapshot_date
      and pay.paid_date between $paid_from and $paid_to
      and ($village_code::varchar is null or h.village_code = $village_code::varchar)
),
grouped as (
    select * from paid
    union all
    select * replace ('industry' as program) from paid where is_industry_program(program)
)
select
    program,
    count(*) as payments,
    count(distinct household_id) as households,
    count(distinct (household_id, year(paid_date))) as household_years,
    count(distinct person_id) as people,
    sum(amount_yuan) as yuan,
    count(distinct batch) as batches
from grouped
group by program
order by yuan desc, program
"""

# Industry support by item straight from the payments: evaluation_industry_items before the masks.
ITEMS_FROM_PAYMENTS = """
select
    pay.program,
    coalesce(pay.item, '未注明') as item,
    count(*) as projects,
    sum(pay.amount_yuan) as yuan,
    count(distinct pay.household_id) as households
from payments as pay
inner join households as h
    on h.household_id = pay.household_id and h.snapshot_date = pay.snapshot_date
where pay.snapshot_date = $snapshot_date
  and pay.program in ('industry_planting', 'industry_breeding')
  and pay.paid_date <= $snapshot_date
  and pay.paid_date between $paid_from and $paid_to
  and ($village_code::varchar is null or h.village_code = $village_code::varchar)
group by pay.program, coalesce(pay.item, '未注明')
order by yuan desc, pay.program, item
"""

# People trained per course straight from the trainings: evaluation_trainings before the masks.
TRAININGS_FROM_ROWS = """
select
    t.course,
    count(distinct t.person_id) as people,
    count(distinct t.person_id) filter (where t.training_date between $paid_from and $paid_to)
        as people_in_period
from trainings as t
inner join members as m on m.person_id = t.person_id and m.snapshot_date = $snapshot_date
inner join households as h on h.household_id = m.household_id and h.snapshot_date = $snapshot_date
where t.snapshot_date = $snapshot_date
  and t.training_date <= $snapshot_date
  and ($village_code::varchar is null or h.village_code = $village_code::varchar)
group by t.course
order by t.course
"""


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
    compared = 0
    for paid_from, paid_to in windows(closing):
        params = {
            "snapshot_date": closing,
            "village_code": village_code,
            "paid_from": paid_from,
            "paid_to": paid_to,
        }
        for query, plain_sql in (
            ("evaluation_programs", FROM_PAYMENTS),
            ("evaluation_industry_items", ITEMS_FROM_PAYMENTS),
            ("evaluation_trainings", TRAININGS_FROM_ROWS),
        ):
            bound = (
                params
                if query != "evaluation_trainings"
                else {
                    "snapshot_date": closing,
                    "village_code": village_code,
                    "trained_from": paid_from,
                    "trained_to": paid_to,
                }
            )
            ours = database.run(query, viewer=viewer, **bound)
            plain = database.run_sql(plain_sql, params, viewer=viewer)
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
    from dashboard.data import snapshot_files
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


RENOVATED_FROM_PAYMENTS = """
select count(distinct pay.household_id) as households
from payments as pay
inner join households as h
    on h.household_id = pay.household_id and h.snapshot_date = pay.snapshot_date
where pay.snapshot_date = $snapshot_date
  and pay.program = 'housing_renovation'
  and pay.paid_date <= $snapshot_date
  and ($village_code::varchar is null or h.village_code = $village_code::varchar)
"""


def test_the_headline_s_renovated_households_are_the_payments_counted(county):
    closing = county.snapshots[-1].snapshot_date
    village, helper = first_household_s_village_and_helper(county, closing)
    cases = [
        (Viewer(area=""), None),
        (Viewer(area=""), village),
        (Viewer(True, True, True, area="", helper_id=helper), None),
    ]
    counts = []
    for viewer, village_code in cases:
        params = {"snapshot_date": closing, "village_code": village_code}
        ours = county.run("evaluation_headline", viewer=viewer, **params)
        plain = county.run_sql(RENOVATED_FROM_PAYMENTS, params, viewer=viewer)
        assert ours["renovated_households"].iloc[0] == plain["households"].iloc[0]
        counts.append(int(plain["households"].iloc[0]))
    assert counts[0] > counts[1] > 0
