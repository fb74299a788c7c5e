"""Small counts and lists for visitors: cells standing for 1-4 households read "<5", and a
list of people or households comes with no row, from the data layer itself."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.access.roles import Identity, viewer_for
from dashboard.access.small_counts import (
    as_number,
    bar_values,
    displayable,
    hide_small_counts,
    is_withheld,
)
from dashboard.formatting import format_count, format_share, format_yuan

LATEST = dt.date(2018, 6, 30)
VISITOR = viewer_for(Identity("v", ("viewer",), ""))


def test_counts_of_one_to_four_households_read_less_than_five_with_their_people():
    frame = pd.DataFrame(
        {
            "village": ["a", "b", "c", "d"],
            "households": [0, 1, 4, 5],
            "people": [0, 3, 9, 12],
            "yuan": [0.0, 800.0, 1200.5, 3000.0],
        }
    )
    hidden = hide_small_counts(frame)
    assert list(hidden["households"]) == [0, "<5", "<5", 5]
    # People and yuan of a row of 1-4 households stand for those households too.
    assert list(hidden["people"]) == [0, "<5", "<5", 12]
    assert list(hidden["yuan"]) == [0.0, "<5", "<5", 3000.0]
    assert list(frame["households"]) == [0, 1, 4, 5]  # the original is not changed


def test_a_small_count_hides_its_people_and_its_share_but_not_the_rest_of_the_row():
    frame = pd.DataFrame(
        {
            "village_code": ["1", "2"],
            "households": [120, 80],
            "exited_households": [3, 40],
            "exited_people": [7, 90],
            "exited_share": [0.025, 0.5],
            "not_exited_households": [117, 40],
        }
    )
    hidden = hide_small_counts(frame)
    assert hidden.loc[0, "exited_households"] == "<5"
    assert hidden.loc[0, "exited_people"] == "<5"
    assert hidden.loc[0, "exited_share"] == "<5"  # 3 / 120 would give the 3 back
    assert hidden.loc[0, "households"] == 120
    # Complementary suppression (issue 25): 120 - 117 and the column's total - 40 would each
    # give the 3 back, so the second part of the row and of the column read "×".
    assert hidden.loc[0, "not_exited_households"] == "×"
    assert hidden.loc[1, "exited_households"] == "×"
    assert hidden.loc[1, "households"] == 80


def test_formatters_and_chart_helpers_accept_the_label():
    assert format_count("<5") == "<5"
    assert format_yuan("<5") == "<5"
    assert format_share("<5") == "<5"
    assert format_share(0.598) == "59.8%"
    values = pd.Series([12, "<5", None], dtype=object)
    assert list(as_number(values).isna()) == [False, True, True]
    assert bar_values(values) == ([12.0, 0.0, 0.0], [False, True, False])
    shown = displayable(pd.DataFrame({"households": pd.Series([1200, "<5"], dtype=object)}))
    assert list(shown["households"]) == ["1,200", "<5"]


def test_the_data_layer_hides_small_counts_for_a_visitor(demo_db, demo_sql):
    by_village = demo_db.run("exits_by_village_year", viewer=VISITOR, snapshot_date=LATEST)
    truth = demo_sql.sql(
        "select count(*) from households where snapshot_date = $d and status = 'exited' "
        "group by village_code, exit_year having count(*) between 1 and 4",
        params={"d": LATEST},
    ).fetchall()
    assert truth, "the demo has villages with fewer than 5 exits in a year"
    small = by_village[by_village["households"].map(lambda v: v == "<5")]
    assert len(small) == len(truth)
    assert set(small["people"]) == {"<5"}
    # "×": hidden beside a "<5" so that no subtraction gives it back (issue 25).
    numbers = by_village[by_village["households"].map(lambda v: v not in ("<5", "×"))]
    assert (numbers["households"].astype(int) >= 5).all()
    # A leader of the same area sees the numbers.
    leader = viewer_for(Identity("l", ("leader",), ""))
    plain = demo_db.run("exits_by_village_year", viewer=leader, snapshot_date=LATEST)
    assert plain["households"].between(1, 4).sum() == len(truth)


def test_a_visitor_gets_no_row_of_any_list_of_households_or_helpers(demo_db):
    village = "341182108206"
    for name, params in (
        ("village_households", {"village_code": village}),
        ("village_helpers", {"village_code": village}),
        ("loans_due_soon", {}),
        ("programs_possible_double_payments", {}),
    ):
        frame = demo_db.run(name, viewer=VISITOR, snapshot_date=LATEST, **params)
        assert frame.empty and is_withheld(frame), name
        leader = viewer_for(Identity("l", ("leader",), ""))
        assert not is_withheld(demo_db.run(name, viewer=leader, snapshot_date=LATEST, **params))
    aggregate = demo_db.run(
        "village_groups", viewer=VISITOR, snapshot_date=LATEST, **{"village_code": village}
    )
    assert not aggregate.empty and not is_withheld(aggregate)


def test_run_arrow_refuses_a_visitor(demo_db):
    import pytest

    from dashboard.errors import QueryError

    with pytest.raises(QueryError):
        demo_db.run_arrow("household_totals", viewer=VISITOR, snapshot_date=LATEST)
