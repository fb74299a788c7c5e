"""Contract v1.2: ordinary households under monitoring (边缘易致贫户, status monitored_only) are
not on the register. Adding them to the demo's 2018-06-30 snapshot changes none of the report's
33 figures and no count any page shows for the snapshot."""

from __future__ import annotations

import datetime as dt
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard import checks, id_numbers
from dashboard.data import load_query, open_database, parameters_read, query_names, query_parameters
from dashboard.definitions import holds
from dashboard.report_figures import check_figures
from dashboard.snapshots import write_snapshot

REPORT_DATE = dt.date(2018, 6, 30)
EDGE_HOUSEHOLDS = 12
MEMBERS_EACH = 3


def _with_edge_households(folder) -> dict[str, pa.Table]:
    """The snapshot's tables plus EDGE_HOUSEHOLDS monitored-only households, their members and
    their monitoring rows, in the snapshot's first villages."""
    tables = {path.stem: pq.read_table(path) for path in folder.glob("*.parquet")}
    households = tables["households"].to_pylist()
    villages = sorted({row["village_code"] for row in households})
    added_households, added_members, added_monitoring = [], [], []
    for number in range(EDGE_HOUSEHOLDS):
        household_id = f"{villages[number % len(villages)]}9{number:03d}"
        template = dict(households[number])
        template.update(
            household_id=household_id,
            village_code=villages[number % len(villages)],
            size=MEMBERS_EACH,
            attribute=None,
            status="monitored_only",
            identified_year=2018,
            exit_year=None,
            planned_exit_year=None,
            helper_id=None,
            village_contact_id=None,
        )
        added_households.append(template)
        for sequence in range(1, MEMBERS_EACH + 1):
            birth = dt.date(1960 + sequence * 10, 1 + number % 12, 1 + sequence)
            sex = "male" if sequence % 2 else "female"
            serial = f"{number % 50:02d}{1 if sex == 'male' else 2}"
            added_members.append(
                {
                    "person_id": f"{household_id}{sequence:02d}",
                    "household_id": household_id,
                    "name": f"监测{number}{sequence}",
                    "id_number": id_numbers.with_check_character(f"341182{birth:%Y%m%d}{serial}"),
                    "relation": "head" if sequence == 1 else "child",
                    "sex": sex,
                    "birth_date": birth,
                    "education": "junior",
                    "school_stage": "none",
                    "health": "chronic",
                    "health_detail": None,
                    "labor": "normal",
                    "migrant_work": "none",
                    "migrant_months": 0,
                    "medical_insurance": True,
                    "ethnicity": None,
                    "phone": None,
                }
            )
        added_monitoring.append(
            {
                "household_id": household_id,
                "object_type": "edge",
                "identified_date": dt.date(2018, 3, 1),
                "risk_types": "因病",
                "main_risk": "illness",
                "eliminated": False,
                "eliminated_date": None,
                "measures": None,
            }
        )

    def extended(name, rows):
        table = tables[name]
        return pa.concat_tables([table, pa.Table.from_pylist(rows, schema=table.schema)])

    tables["households"] = extended("households", added_households)
    tables["members"] = extended("members", added_members)
    tables["monitoring"] = extended("monitoring", added_monitoring)
    return tables


@pytest.fixture(scope="module")
def both(demo_dir, tmp_path_factory):
    """(the demo, the demo with edge households added), each as an open database."""
    plain = tmp_path_factory.mktemp("plain") / "data"
    edge = tmp_path_factory.mktemp("edge") / "data"
    folder = demo_dir / "snapshots" / f"snapshot_date={REPORT_DATE.isoformat()}"
    (plain / "snapshots").mkdir(parents=True)
    shutil.copytree(folder, plain / "snapshots" / folder.name)
    write_snapshot(edge, REPORT_DATE, _with_edge_households(folder), {"kind": "test"})
    first, second = open_database(plain), open_database(edge)
    yield first, second
    first.close()
    second.close()


def test_monitored_only_is_not_registered():
    assert not holds("is_registered", "monitored_only")
    assert holds("is_registered", "relapsed")
    assert not holds("is_not_exited", "monitored_only")
    assert not holds("is_exited", "monitored_only")


def test_the_edge_households_are_there(both):
    _, edge = both
    counts = edge.run_sql(
        "select count(*) filter (where status = 'monitored_only') as monitored from households",
        {},
    )
    assert int(counts["monitored"].iloc[0]) == EDGE_HOUSEHOLDS


def test_the_33_report_figures_do_not_move(both):
    plain, edge = both
    before = [check.computed for check in check_figures(plain, REPORT_DATE)]
    after = [check.computed for check in check_figures(edge, REPORT_DATE)]
    assert len(before) == 33
    assert after == before


# The monitoring work's own queries and checks count monitoring objects: the edge households
# are such objects, so those figures rightly move. Every other figure is the register's.
MONITORING_RULES = {
    rule.rule_id for rule in checks.catalogue() if rule.query.startswith("checks/monitoring_")
}
# The findings' totals and trend sum every rule, monitoring rules included: compared rule by
# rule instead (quality_rule_counts, without the monitoring rules).
SUMS_OVER_EVERY_RULE = ("quality_totals", "quality_trend")
SNAPSHOT_ONLY = sorted(
    name
    for name in query_names()
    if query_parameters(load_query(name)) <= {"snapshot_date"}
    # a lookup of names by code (every household of the snapshot has one), not a count
    and name not in ("ledger_names", *SUMS_OVER_EVERY_RULE)
    and not name.startswith(("access_", "monitoring_", "checks/monitoring_"))
)


@pytest.mark.parametrize("name", SNAPSHOT_ONLY)
def test_every_snapshot_query_gives_the_same_rows(both, name):
    """Every query the pages run over a snapshot alone (counts, lists, maps) gives the same
    rows with the edge households added."""
    plain, edge = both
    params = parameters_read(name, {"snapshot_date": REPORT_DATE})
    before = plain.run(name, **params)
    after = edge.run(name, **params)
    if "rule_id" in before.columns:
        before = before[~before["rule_id"].isin(MONITORING_RULES)]
        after = after[~after["rule_id"].isin(MONITORING_RULES)]
    assert after.astype(str).to_dict("records") == before.astype(str).to_dict("records")


def test_a_figure_on_a_column_not_in_the_source_says_so(demo_dir, tmp_path):
    """F21 (family doctors) on a snapshot whose source had no 家庭医生签约: "not in the source",
    never 0 %; the household page says the same of the household."""
    folder = demo_dir / "snapshots" / f"snapshot_date={REPORT_DATE.isoformat()}"
    tables = {path.stem: pq.read_table(path) for path in folder.glob("*.parquet")}
    households = tables["households"]
    position = households.schema.get_field_index("family_doctor_signed")
    tables["households"] = households.set_column(
        position,
        pa.field("family_doctor_signed", pa.bool_()),
        pa.nulls(households.num_rows, pa.bool_()),
    )
    data_dir = tmp_path / "data"
    write_snapshot(
        data_dir,
        REPORT_DATE,
        tables,
        {"kind": "test"},
        not_in_source={"households": ["family_doctor_signed"]},
    )
    database = open_database(data_dir)
    try:
        info = database.snapshot(REPORT_DATE)
        assert info.lacks("family_doctor") and not info.lacks("housing")
        checks = {check.figure.figure_id: check for check in check_figures(database, REPORT_DATE)}
    finally:
        database.close()
    assert checks["F21"].not_in_source and checks["F21"].computed == (None, None, None)
    assert not checks["F01"].not_in_source and checks["F01"].matches
