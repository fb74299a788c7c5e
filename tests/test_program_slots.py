"""The half-year evaluation's programs read from half-year masks give what the payments give.

`evaluation_programs` reads a window of whole half-years from `program_slots` (one row per
household, person and batch paid, with a bit per half-year) instead of counting a province's
five million payments distinct six times; another window is counted from the payments. Here
both are compared with the plain count written below, window by window, for the whole county,
one village and a helper's account (whose rows the live view computes).
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
        ours = database.run("evaluation_programs", viewer=viewer, **params)
        plain = database.run_sql(FROM_PAYMENTS, params, viewer=viewer)
        plain = plain.astype(ours.dtypes.to_dict())
        pd.testing.assert_frame_equal(ours, plain, obj=f"{paid_from}..{paid_to}")
        compared += len(ours)
    return compared


@pytest.mark.parametrize("which", [-1, 4])
def test_the_county_windows_from_masks_are_the_payments_counted(county, which):
    closing = county.snapshots[which].snapshot_date
    assert _compare(county, Viewer(area=""), closing, None) > 20


def test_a_village_and_a_helper_get_their_own_rows(county):
    closing = county.snapshots[-1].snapshot_date
    register = county.run_sql(
        "select village_code, helper_id from households where snapshot_date = $day "
        "and helper_id is not null order by household_id limit 1",
        {"day": closing},
        viewer=Viewer(True, True, True, area=""),
    )
    village, helper = register.iloc[0]
    assert _compare(county, Viewer(area=""), closing, village) > 5
    helper_viewer = Viewer(True, True, True, area="", helper_id=helper)
    assert _compare(county, helper_viewer, closing, None) > 0
