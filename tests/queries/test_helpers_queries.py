"""The helper-accountability page's queries on a hand-made town, and on the demo where the
report fixes the answer (F12, F13, the 3–5 rule) or an independent SQL does.

The small town: two villages, six helpers, fourteen households (one removed), one snapshot
dated 2018-06-30. Every expected number below is counted by hand from the rows written here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import open_database
from dashboard.definitions import constant
from tests.builders import helper, household, member, village, visit, write_town

ON = dt.date(2018, 6, 30)
DEMO_DATE = dt.date(2018, 6, 30)

HELPERS = [
    # helper id, name, unit, level
    ("H1", "张三丰", "市甲局", "city"),  # 6 households: too many
    ("H2", "李四", "镇乙办", "town"),  # 2: too few
    ("H3", "王五", "镇乙办", "town"),  # only a removed household: none
    ("H4", "赵六", "市甲局", "city"),  # 3: within the rule
    ("C1", "钱七", "甲村村委会", "village"),
    ("C2", "孙八", "乙村村委会", "village"),
]
# household id → (village, status, helper id, village contact id)
HOUSEHOLDS = {
    "HH01": ("V1", "not_exited", "H1", "C1"),
    "HH02": ("V1", "relapsed", "H1", "C1"),
    "HH03": ("V1", "exited", "H1", "C1"),
    "HH04": ("V1", "exited", "H1", "C1"),
    "HH05": ("V1", "exited", "H1", "C1"),
    "HH06": ("V1", "exited", "H1", "C1"),
    "HH07": ("V2", "not_exited", "H2", "C2"),
    "HH08": ("V2", "exited", "H2", "C2"),
    "HH09": ("V2", "not_exited", "H4", "C2"),
    "HH10": ("V2", "exited", "H4", "C2"),
    "HH11": ("V2", "exited", "H4", None),  # no village contact
    "HH12": ("V1", "not_exited", None, "C1"),  # no helper
    "HH13": ("V2", "exited", "HX", "C2"),  # a helper id missing from the roster
    "HH14": ("V1", "removed", "H3", "C1"),  # removed: counts for no one
}
VISITS = [
    # helper, household, date; days before 2018-06-30 in the comment
    ("H1", "HH01", dt.date(2018, 6, 20)),  # 10
    ("H1", "HH01", dt.date(2018, 1, 10)),
    ("H1", "HH02", dt.date(2018, 5, 1)),  # 60: overdue for 30, not for 60
    ("H1", "HH03", dt.date(2018, 3, 1)),  # 121
    ("C1", "HH05", dt.date(2018, 6, 29)),  # the contact's visit: not the helper's
    ("H2", "HH06", dt.date(2018, 6, 1)),  # not HH06's own helper: does not count for HH06
    ("H2", "HH07", dt.date(2018, 6, 30)),  # 0
    ("H2", "HH08", dt.date(2017, 6, 30)),  # 365, before the 12-month window
    ("H4", "HH09", dt.date(2018, 4, 1)),  # 90: overdue for 60, not for 90
    ("H4", "HH10", dt.date(2018, 6, 15)),  # 15
    ("C1", "HH01", dt.date(2018, 6, 1)),  # the contact: 29
]


def _town() -> dict[str, list[dict]]:
    return {
        "villages": [village("V1", "甲村"), village("V2", "乙村")],
        "helpers": [helper(*row) for row in HELPERS],
        "households": [
            household(
                household_id,
                village_code,
                status=status,
                exit_year=2016 if status in ("exited", "relapsed") else None,
                helper_id=helper_id,
                village_contact_id=contact,
            )
            for household_id, (village_code, status, helper_id, contact) in HOUSEHOLDS.items()
        ],
        "members": [
            member(f"{household_id}-1", household_id, name="周大福", education="junior")
            for household_id in HOUSEHOLDS
        ],
        "visits": [
            visit(f"VS{number:03d}", helper_id, household_id, day)
            for number, (helper_id, household_id, day) in enumerate(VISITS)
        ],
    }


@pytest.fixture
def town_db(tmp_path: Path):
    data_dir = write_town(tmp_path / "d", ON, _town())
    database = open_database(data_dir)
    yield database
    database.close()


def _records(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return [
        tuple(None if pd.isna(value) else value for value in row)
        for row in frame[columns].itertuples(index=False)
    ]


# ---------------------------------------------------------------- the small town


def test_helpers_households_applies_the_rule(town_db):
    frame = town_db.run("helpers_households", snapshot_date=ON)
    assert _records(
        frame, ["helper_id", "helper_name", "level", "households", "remaining_households"]
    ) == [
        ("H1", "张**", "city", 6, 2),
        ("H4", "赵**", "city", 3, 1),
        ("H2", "李**", "town", 2, 1),
        ("H3", "王**", "town", 0, 0),
        ("C1", "钱**", "village", 7, 3),
        ("C2", "孙**", "village", 5, 2),
    ]
    bands = dict(zip(frame["helper_id"], frame["load_band"], strict=True))
    assert bands["H1"] == "too_many"
    assert bands["H4"] == "within"
    assert bands["H2"] == "too_few"
    assert bands["H3"] == "none"
    assert pd.isna(bands["C1"]) and pd.isna(bands["C2"])  # the rule is for city and town only


def test_helpers_households_bounds_are_the_definitions(town_db):
    """The 3–5 rule is helper_load's: bounds a caller passes (the old $min/$max) are refused."""
    assert (constant("helper_households_min"), constant("helper_households_max")) == (3, 5)
    with pytest.raises(ValueError, match="max_households, min_households"):
        town_db.run("helpers_households", snapshot_date=ON, min_households=2, max_households=6)
    frame = town_db.run("helpers_households", snapshot_date=ON)
    bands = dict(zip(frame["helper_id"], frame["load_band"], strict=True))
    assert (bands["H1"], bands["H2"], bands["H3"]) == ("too_many", "too_few", "none")


def test_helpers_by_unit(town_db):
    frame = town_db.run("helpers_by_unit", snapshot_date=ON)
    assert _records(frame, ["level", "unit", "helpers", "households", "remaining_households"]) == [
        ("city", "市甲局", 2, 9, 3),
        ("town", "镇乙办", 2, 2, 1),
        ("village", "乙村村委会", 1, 5, 2),
        ("village", "甲村村委会", 1, 7, 3),
    ]


def test_helpers_missing_households(town_db):
    frame = town_db.run("helpers_missing_households", snapshot_date=ON)
    assert _records(
        frame, ["household_id", "village_name", "head_name", "has_helper", "has_village_contact"]
    ) == [
        ("HH12", "甲村", "周**", False, True),  # not yet exited: first
        ("HH11", "乙村", "周**", True, False),
        ("HH13", "乙村", "周**", False, True),  # HX is on no roster
    ]


def test_visits_household_recency(town_db):
    frame = town_db.run("visits_household_recency", snapshot_date=ON)
    days = {
        row.household_id: (
            None if pd.isna(row.days_since_helper_visit) else int(row.days_since_helper_visit)
        )
        for row in frame.itertuples()
    }
    assert days == {
        "HH01": 10,
        "HH02": 60,
        "HH03": 121,
        "HH04": None,
        "HH05": None,  # only the contact came
        "HH06": None,  # only someone else's helper came
        "HH07": 0,
        "HH08": 365,
        "HH09": 90,
        "HH10": 15,
        "HH11": None,
        "HH12": None,
        "HH13": None,
    }
    assert list(frame["household_id"][:6]) == ["HH04", "HH05", "HH06", "HH11", "HH12", "HH13"]
    assert list(
        town_db.run("visits_household_recency", snapshot_date=ON, list_limit=3)["household_id"]
    ) == ["HH04", "HH05", "HH06"]  # the longest-waiting first, as the whole list
    first = frame.set_index("household_id")
    assert first.loc["HH01", "days_since_contact_visit"] == 29
    assert first.loc["HH05", "days_since_contact_visit"] == 1
    assert first.loc["HH01", "helper_name"] == "张**"
    assert first.loc["HH01", "head_name"] == "周**"
    assert "id_number" not in frame.columns


def test_visits_overdue_counts(town_db):
    frame = town_db.run("visits_overdue_counts", snapshot_date=ON, windows=[90, 30, 60])
    assert _records(frame, ["days", "households", "remaining_households"]) == [
        (30, 10, 3),
        (60, 9, 2),
        (90, 8, 1),
    ]
    assert set(frame["registered_households"]) == {13}


def test_helpers_visit_ranking(town_db):
    """Overdue is "not visited recently" (90 days): HH09, visited on day 90, is not overdue."""
    frame = town_db.run("helpers_visit_ranking", snapshot_date=ON)
    assert _records(
        frame,
        [
            "rank",
            "helper_id",
            "helper_name",
            "households",
            "overdue_households",
            "never_visited_households",
            "days_since_last_visit",
            "longest_days_waiting",
            "visits_in_window",
        ],
    ) == [
        (1, "H1", "张**", 6, 4, 3, 10, 121, 4),
        (2, "H4", "赵**", 3, 1, 1, 15, 90, 2),
        (3, "H2", "李**", 2, 1, 0, 0, 365, 1),
    ]
    rates = dict(zip(frame["helper_id"], frame["visits_per_household_month"], strict=True))
    assert rates == pytest.approx({"H1": 0.06, "H4": 0.06, "H2": 0.04})


def test_visits_by_level_month(town_db):
    frame = town_db.run("visits_by_level_month", snapshot_date=ON)
    assert len(frame) == 3 * 12  # every level, every month, zeros included
    months = sorted(set(frame["month"]))
    assert (months[0], months[-1]) == (dt.date(2017, 7, 1), dt.date(2018, 6, 1))
    # The roster: H1, H4 city; H2, H3 town; C1, C2 village. Their visits by month (fixture):
    # C1 2 in June; H1 one each in Jan, Mar, May, June; H2 2 in June; H4 one in April, June.
    rows = {(row.level, row.month): (row.visits, row.helpers) for row in frame.itertuples()}
    assert rows[("city", dt.date(2018, 6, 1))] == (2, 2)
    assert rows[("town", dt.date(2018, 6, 1))] == (2, 2)
    assert rows[("village", dt.date(2018, 6, 1))] == (2, 2)
    assert rows[("city", dt.date(2018, 1, 1))] == (1, 2)
    assert rows[("city", dt.date(2018, 4, 1))] == (1, 2)
    assert rows[("town", dt.date(2018, 1, 1))] == (0, 2)
    assert sum(visits for visits, _ in rows.values()) == 10
    per_helper = frame.set_index(["level", "month"])["visits_per_helper"]
    assert per_helper[("city", dt.date(2018, 3, 1))] == 0.5
    assert list(frame["level"][:3]) == ["city", "town", "village"]


def test_visits_by_village(town_db):
    """Overdue is "not visited recently" (90 days, visited_recently)."""
    frame = town_db.run("visits_by_village", snapshot_date=ON)
    assert _records(
        frame,
        [
            "village_name",
            "registered_households",
            "remaining_households",
            "helpers",
            "village_contacts",
            "without_helper",
            "without_contact",
            "median_days_since_visit",
            "overdue_households",
            "overdue_remaining_households",
        ],
    ) == [
        ("甲村", 7, 3, 1, 1, 1, 0, 60.0, 5, 1),
        ("乙村", 6, 2, 2, 1, 1, 1, 52.5, 3, 0),
    ]


def test_visits_recency_bins(town_db):
    """The households of test_visits_household_recency, by bin: 0, 10, 15 | 60 | 90 | 121 |
    365 | none over 365 | six never visited by their own helper."""
    frame = town_db.run("visits_recency_bins", snapshot_date=ON, bins=[30, 60, 90, 180, 365])
    totals = [
        (row.bin, row.remaining_households + row.exited_households) for row in frame.itertuples()
    ]
    assert totals == [(30, 3), (60, 1), (90, 1), (180, 1), (365, 1), (-1, 0), (-2, 6)]
    listed = town_db.run("visits_household_recency", snapshot_date=ON)
    remaining = listed["status"].isin(["not_exited", "relapsed"])
    assert frame["remaining_households"].sum() == remaining.sum()
    assert frame["exited_households"].sum() == (~remaining).sum()


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("helpers_households", {}),
        ("helpers_by_unit", {}),
        ("helpers_missing_households", {}),
        ("visits_household_recency", {}),
        ("helpers_visit_ranking", {}),
        ("visits_by_level_month", {}),
    ],
)
def test_empty_snapshot_returns_no_rows(empty_db, name, params):
    assert empty_db.run(name, snapshot_date=ON, **params).empty


def test_empty_snapshot_counts_and_villages(empty_db):
    counts = empty_db.run("visits_overdue_counts", snapshot_date=ON, windows=[30, 60, 90])
    assert _records(counts, ["days", "households", "registered_households"]) == [
        (30, 0, 0),
        (60, 0, 0),
        (90, 0, 0),
    ]
    assert empty_db.run("visits_by_village", snapshot_date=ON).empty


# ---------------------------------------------------------------- the demo


def test_demo_helper_counts_match_the_report(demo_db, demo_sql):
    """F12: 143 city and town helpers; F13: 76 village contacts."""
    frame = demo_db.run("helpers_households", snapshot_date=DEMO_DATE)
    assert int(frame["level"].isin(["city", "town"]).sum()) == 143
    assert int((frame["level"] == "village").sum()) == 76
    independent = demo_sql.sql(
        "select count(*) from helpers where snapshot_date = date '2018-06-30' "
        "and level in ('city', 'town')"
    ).fetchall()[0][0]
    assert independent == 143


def test_demo_every_helper_is_within_the_rule(demo_db, demo_sql):
    frame = demo_db.run("helpers_households", snapshot_date=DEMO_DATE)
    responsible = frame[frame["level"].isin(["city", "town"])]
    assert set(responsible["load_band"]) == {"within"}
    independent = demo_sql.sql(
        """
        select h.helper_id, count(hh.household_id) as n
        from helpers as h
        left join households as hh
            on hh.helper_id = h.helper_id and hh.snapshot_date = h.snapshot_date
            and hh.status <> 'removed'
        where h.snapshot_date = date '2018-06-30' and h.level in ('city', 'town')
        group by h.helper_id
        """
    ).df()
    assert independent["n"].between(3, 5).all()
    loads = dict(zip(responsible["helper_id"], responsible["households"], strict=True))
    assert loads == dict(zip(independent["helper_id"], independent["n"], strict=True))


def test_demo_by_unit_adds_up(demo_db):
    frame = demo_db.run("helpers_by_unit", snapshot_date=DEMO_DATE)
    assert frame.groupby("level")["helpers"].sum().to_dict() == {
        "city": 62,
        "town": 81,
        "village": 76,
    }
    assert demo_db.run("helpers_missing_households", snapshot_date=DEMO_DATE).empty


def test_demo_overdue_counts_agree_with_independent_sql(demo_db, demo_sql):
    frame = demo_db.run("visits_overdue_counts", snapshot_date=DEMO_DATE, windows=[30, 60, 90])
    expected = demo_sql.sql(
        """
        with last as (
            select h.household_id, h.status, max(v.visit_date) as last_visit
            from households as h
            left join visits as v
                on v.household_id = h.household_id and v.helper_id = h.helper_id
                and v.snapshot_date = h.snapshot_date
            where h.snapshot_date = date '2018-06-30' and h.status <> 'removed'
            group by h.household_id, h.status
        )
        select d.days, count(*) as households
        from (values (30), (60), (90)) as d(days), last
        where last.last_visit is null or last.last_visit < date '2018-06-30' - d.days
        group by d.days order by d.days
        """
    ).fetchall()
    assert _records(frame, ["days", "households"]) == [(d, n) for d, n in expected]
    assert list(frame["households"]) == sorted(frame["households"], reverse=True)
    assert set(frame["registered_households"]) == {650}


def test_demo_shows_a_minority_of_helpers_who_rarely_visit(demo_db):
    """The report: some helpers' work is only on paper. The demo has a minority of them."""
    frame = demo_db.run("helpers_visit_ranking", snapshot_date=DEMO_DATE)
    assert len(frame) == 143
    rare = frame[frame["visits_per_household_month"] < 1 / 12]
    assert 5 <= len(rare) <= 0.25 * len(frame)
    # The rare visitors rank near the top: most of them among the first quarter.
    assert (rare["rank"] <= len(frame) // 4).mean() > 0.5


def test_demo_village_view_matches_remaining_households(demo_db, demo_sql):
    frame = demo_db.run("visits_by_village", snapshot_date=DEMO_DATE)
    assert len(frame) == 11
    assert int(frame["remaining_households"].sum()) == 205  # F03
    assert int(frame["registered_households"].sum()) == 650  # F01
    assert (frame["overdue_remaining_households"] <= frame["remaining_households"]).all()
    counts = demo_db.run("visits_overdue_counts", snapshot_date=DEMO_DATE, windows=[90])
    assert int(frame["overdue_households"].sum()) == int(counts["households"].iloc[0])
