"""Which staging views are kept as files, their order and their scope: read from each view's
own file's header (`queries/staging/<view>.sql`: `-- materialised: order by …; scope …`), not
from lists in Python.

The first test holds the runner's lists as they were typed in Python before the headers took
their place; the second shows the files give the live views' rows, view by view; the last
ones show a wrong header is refused with its file and line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import staging
from dashboard.connection import apply_viewer
from dashboard.data import open_database
from dashboard.definitions import DefinitionError
from dashboard.viewer import Viewer

# As `dashboard/data.py` declared them before (MATERIALISED_VIEWS, STAGING_SCOPE, AREA_ONLY_VIEWS).
BEFORE_ORDER = {
    "household_facts": "village_code, household_id",
    "member_facts": "household_id, person_id",
    "payment_recipients": "program, paid_date, village_code",
    "helper_households": "village_code, helper_id, household_id",
    "visit_months": "village_code, month",
    "helper_village_visits": "village_code, helper_id",
    "program_periods": "period, village_code, program",
    "program_slots": "program, kind, village_code",
    "training_slots": "course, kind, village_code",
    "members_with_household": "village_code, household_id, person_id",
    "benefit_coverage_facts": "program, village_code, household_id, person_id",
    "payment_repeats": "paid_date, household_id",
}
BEFORE_SCOPE = {
    "household_facts": "households",
    "member_facts": "members",
    "payment_recipients": "payments",
    "helper_households": "payments",
    "members_with_household": "members",
    "benefit_coverage_facts": "members",
    "payment_repeats": "payments",
}
BEFORE_AREA_ONLY = {
    "visit_months",
    "helper_village_visits",
    "program_periods",
    "program_slots",
    "training_slots",
}
EVERY_ROW = Viewer(area="")


def test_the_headers_declare_what_python_declared_before():
    assert staging.MATERIALISED_VIEWS == BEFORE_ORDER  # same views, same order of rows
    assert staging.STAGING_SCOPE == BEFORE_SCOPE
    assert set(staging.AREA_ONLY_VIEWS) == BEFORE_AREA_ONLY


def _rows(database, view: str) -> pd.DataFrame:
    cursor = database.connection.cursor()
    try:
        apply_viewer(cursor, EVERY_ROW)
        frame = cursor.sql(f"select * from {view}").df()  # names from the headers: ours
    finally:
        cursor.close()
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def test_the_files_give_the_live_views_rows(demo_dir):
    cached = open_database(demo_dir)
    live = open_database(demo_dir, materialise=False)
    try:
        assert cached.staging is not None
        for view in staging.MATERIALISED_VIEWS:
            from_files, computed = _rows(cached, view), _rows(live, view)
            assert len(computed) > 0, view
            pd.testing.assert_frame_equal(from_files, computed, check_dtype=False, obj=view)
    finally:
        cached.close()
        live.close()


def write(tmp_path: Path, **files: str) -> list[Path]:
    """Staging files in `tmp_path`, one per keyword (`v="create … view v …"` → v.sql)."""
    paths = []
    for name, sql in files.items():
        path = tmp_path / f"{name}.sql"
        path.write_text(sql, encoding="utf-8")
        paths.append(path)
    return paths


def test_a_header_above_no_view_is_refused(tmp_path):
    files = write(tmp_path, v="-- materialised: order by a; scope members\nselect 1;\n")
    with pytest.raises(DefinitionError, match=r"v.sql:1: .* just above a view"):
        staging.materialised_views(files)


def test_a_scope_that_is_no_table_is_refused(tmp_path):
    sql = "-- materialised: order by a; scope cats\ncreate or replace view v as select 1 as a;\n"
    with pytest.raises(DefinitionError, match="v has scope 'cats'"):
        staging.materialised_views(write(tmp_path, v=sql))


def test_an_area_view_needs_its_live_view(tmp_path):
    sql = "-- materialised: order by a; scope area\ncreate or replace view v as select * from v_live;\n"
    with pytest.raises(DefinitionError, match="v_live is missing"):
        staging.materialised_views(write(tmp_path, v=sql))
    both = write(tmp_path, v_live="create or replace view v_live as select 1 as a;\n", v=sql)
    assert staging.materialised_views(both) == (staging.Materialised("v", "a", "area", "v.sql"),)
