"""Rows and personal columns limited in the data layer: Database.run and the SQL sandbox.

Expected rows come from the demo's Parquet files read directly (`demo_sql`), not through the
code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import sandbox
from dashboard.access.roles import Identity, viewer_for
from dashboard.data import QUERIES_DIR, Viewer, apply_viewer

LATEST = dt.date(2018, 6, 30)
VILLAGE = "341182108206"


@pytest.fixture(scope="module")
def leader():
    return viewer_for(Identity("village-leader", ("leader",), VILLAGE))


def a_household_in(demo_sql, village: str, inside: bool) -> str:
    sign = "=" if inside else "<>"
    return demo_sql.sql(
        f"select min(household_id) from households where snapshot_date = $d "
        f"and village_code {sign} $v",
        params={"d": LATEST, "v": village},
    ).fetchall()[0][0]


def test_a_leader_of_one_village_reads_only_its_rows_through_run(demo_db, demo_sql, leader):
    frame = demo_db.run(
        "compare_villages", viewer=leader, from_date=dt.date(2017, 12, 31), to_date=LATEST
    )
    assert list(frame["village_code"]) == [VILLAGE]
    everyone = demo_db.run("compare_villages", from_date=dt.date(2017, 12, 31), to_date=LATEST)
    assert len(everyone) > 1


def test_a_household_outside_the_area_has_no_members_for_the_leader(demo_db, demo_sql, leader):
    inside, outside = (a_household_in(demo_sql, VILLAGE, flag) for flag in (True, False))
    mine = demo_db.run(
        "household_members", viewer=leader, household_id=inside, snapshot_date=LATEST
    )
    theirs = demo_db.run(
        "household_members", viewer=leader, household_id=outside, snapshot_date=LATEST
    )
    assert len(mine) > 0 and len(theirs) == 0
    raw = demo_sql.sql(
        "select name, id_number from members where household_id = $h and snapshot_date = $d",
        params={"h": inside, "d": LATEST},
    ).df()
    # A leader sees names whole and ID numbers masked.
    assert sorted(mine["name"]) == sorted(raw["name"])
    assert not set(mine["id_number"]) & set(raw["id_number"])


def test_every_table_is_limited_to_the_area(demo_db, demo_sql, leader):
    cursor = demo_db.connection.cursor()
    apply_viewer(cursor, leader)
    expected = demo_sql.sql(
        "select count(*) from members join households using (household_id, snapshot_date) "
        "where village_code = $v",
        params={"v": VILLAGE},
    ).fetchall()[0][0]
    assert cursor.sql("select count(*) from members").fetchall()[0][0] == expected
    assert cursor.sql("select distinct village_code from household_facts").fetchall() == [
        (VILLAGE,)
    ]
    assert cursor.sql("select distinct village_code from villages").fetchall() == [(VILLAGE,)]
    cursor.close()


def test_a_cursor_nobody_set_up_reads_no_row(demo_db):
    cursor = demo_db.connection.cursor()
    assert cursor.sql("select count(*) from households").fetchall()[0][0] == 0
    assert cursor.sql("select count(*) from members").fetchall()[0][0] == 0
    cursor.close()


def test_no_query_file_reads_the_unscoped_views():
    offenders = [
        path.name for path in QUERIES_DIR.rglob("*.sql") if "unscoped_" in path.read_text("utf-8")
    ]
    assert offenders == []


def test_a_helper_reads_only_the_households_they_answer_for(demo_db, demo_sql):
    helper = demo_sql.sql(
        "select helper_id from households where snapshot_date = $d and helper_id is not null "
        "limit 1",
        params={"d": LATEST},
    ).fetchall()[0][0]
    viewer = viewer_for(Identity("helper", ("helper",), "", helper_id=helper))
    cursor = demo_db.connection.cursor()
    apply_viewer(cursor, viewer)
    seen = {
        row[0]
        for row in cursor.sql(
            "select household_id from households where snapshot_date = $d", params={"d": LATEST}
        ).fetchall()
    }
    expected = {
        row[0]
        for row in demo_sql.sql(
            "select household_id from households where snapshot_date = $d "
            "and (helper_id = $h or village_contact_id = $h)",
            params={"d": LATEST, "h": helper},
        ).fetchall()
    }
    assert seen == expected and 0 < len(seen) < 20
    cursor.close()


def test_the_sandbox_holds_only_the_leaders_village(demo_dir, demo_sql, leader):
    result = sandbox.run_sql(
        demo_dir, "select distinct village_code from households", viewer=leader
    )
    assert list(result.frame["village_code"]) == [VILLAGE]
    members = sandbox.run_sql(demo_dir, "select count(*) as n from members", viewer=leader)
    expected = demo_sql.sql(
        "select count(*) from members join households using (household_id, snapshot_date) "
        "where village_code = $v and snapshot_date = $d",
        params={"v": VILLAGE, "d": LATEST},
    ).fetchall()[0][0]
    assert members.frame["n"].iloc[0] == expected
    outside = a_household_in(demo_sql, VILLAGE, False)
    probe = sandbox.run_sql(
        demo_dir,
        "select count(*) as n from household_facts where household_id = $h",
        parameters={"h": outside},
        viewer=leader,
    )
    assert probe.frame["n"].iloc[0] == 0


def test_the_sandbox_shows_an_analyst_names_and_id_numbers(demo_dir, demo_sql):
    analyst = viewer_for(Identity("analyst", ("analyst",), ""))
    shown = sandbox.run_sql(
        demo_dir,
        "select name, id_number from members order by person_id limit 3",
        viewer=analyst,
    ).frame
    raw = demo_sql.sql(
        "select name, id_number from members where snapshot_date = $d order by person_id limit 3",
        params={"d": LATEST},
    ).df()
    assert shown.to_dict("records") == raw.to_dict("records")
    masked = sandbox.run_sql(
        demo_dir, "select name from members order by person_id limit 3", viewer=Viewer()
    ).frame
    assert all(name.endswith("**") for name in masked["name"])


def test_a_session_nobody_signed_in_to_reads_nothing_in_the_sandbox(demo_dir):
    denied = Viewer(area=None)
    result = sandbox.run_sql(demo_dir, "select count(*) as n from households", viewer=denied)
    assert result.frame["n"].iloc[0] == 0


def test_roles_get_the_columns_the_issue_gives_them():
    area = VILLAGE
    assert viewer_for(Identity("a", ("analyst",), area)) == Viewer(True, True, True, area=area)
    assert viewer_for(Identity("l", ("leader",), area)) == Viewer(True, False, False, area=area)
    assert viewer_for(Identity("v", ("viewer",), area)).show_names is False
    assert viewer_for(Identity("v", ("viewer",), area)).small_counts_hidden
    assert viewer_for(Identity("x", ("admin",), area)).area is None  # no data role: no rows
    assert viewer_for(Identity("h", ("helper",), area)).area is None  # not linked: no rows


# The per-village sums kept as files (visit_months, program_periods) hold no household: an
# area's viewer reads them by village, a helper's account their live view over its households.
RAW_VISITS = (
    "select count(*) from visits as v join households as h using (household_id, snapshot_date) "
    "where v.snapshot_date = $d and v.visit_date <= $d and {where}"
)
RAW_PAID = (
    "select sum(p.amount_yuan) from payments as p "
    "join households as h using (household_id, snapshot_date) "
    "where p.snapshot_date = $d and p.paid_date <= $d and {where}"
)


def _sums(demo_db, viewer) -> tuple[int, float]:
    cursor = demo_db.connection.cursor()
    apply_viewer(cursor, viewer)
    visits = cursor.sql(
        "select sum(visits) from visit_months where snapshot_date = $d", params={"d": LATEST}
    ).fetchall()[0][0]
    yuan = cursor.sql(
        "select sum(yuan) from program_periods where snapshot_date = $d and period = 'all'",
        params={"d": LATEST},
    ).fetchall()[0][0]
    cursor.close()
    return visits, yuan


def _raw(demo_sql, where: str, params: dict) -> tuple[int, float]:
    params = {"d": LATEST, **params}
    visits = demo_sql.sql(RAW_VISITS.format(where=where), params=params).fetchall()[0][0]
    yuan = demo_sql.sql(RAW_PAID.format(where=where), params=params).fetchall()[0][0]
    return visits, yuan


def test_per_village_sums_follow_the_area_and_the_helper(demo_db, demo_sql, leader):
    visits, yuan = _sums(demo_db, leader)
    raw_visits, raw_yuan = _raw(demo_sql, "h.village_code = $v", {"v": VILLAGE})
    assert visits == raw_visits > 0 and float(yuan) == pytest.approx(float(raw_yuan))
    helper = demo_sql.sql(
        "select helper_id from households where snapshot_date = $d and helper_id is not null "
        "group by helper_id order by count(*) desc, helper_id limit 1",
        params={"d": LATEST},
    ).fetchall()[0][0]
    viewer = viewer_for(Identity("helper", ("helper",), "", helper_id=helper))
    visits, yuan = _sums(demo_db, viewer)
    raw_visits, raw_yuan = _raw(
        demo_sql, "(h.helper_id = $h or h.village_contact_id = $h)", {"h": helper}
    )
    assert visits == raw_visits > 0
    assert float(yuan or 0) == pytest.approx(float(raw_yuan or 0))
    assert _sums(demo_db, Viewer(area=None)) == (None, None)  # nobody set up: no row
