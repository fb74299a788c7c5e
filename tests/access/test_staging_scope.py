"""The materialised staging views (household_facts, member_facts) keep the viewer's rows."""

from __future__ import annotations

from dashboard.data import Viewer

SQL = "select count(*) as n from {view} where snapshot_date = '2018-06-30'"


def count(demo_db, view: str, viewer: Viewer) -> int:
    return int(demo_db.run_sql(SQL.format(view=view), {}, viewer=viewer)["n"][0])


def test_the_cache_is_in_use_and_scoped_like_the_tables_it_stages(demo_db):
    assert demo_db.staging is not None  # the staging views read the per-snapshot cache
    village = Viewer(area="341182108206")
    for view, table in (("household_facts", "households"), ("member_facts", "members")):
        assert count(demo_db, view, Viewer(area="")) == count(demo_db, table, Viewer(area=""))
        assert count(demo_db, view, village) == count(demo_db, table, village)
        assert 0 < count(demo_db, view, village) < count(demo_db, view, Viewer(area=""))
        assert count(demo_db, view, Viewer(area=None)) == 0  # nobody signed in: nothing
