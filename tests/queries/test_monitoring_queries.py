"""The monitoring queries (monitoring_*.sql, household_monitoring.sql) on a hand-made 2023 town.

Every expected value is worked out by hand in `tests/monitoring_town.py`'s docstring.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from monitoring_town import SNAPSHOT, monitoring_town, write_monitoring_town

from dashboard.data import Viewer, open_database
from dashboard.definitions import MonitoringLineError

NAMES = Viewer(show_names=True)


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """The town opened once for the module's read-only tests (no instance folder)."""
    root = tmp_path_factory.mktemp("monitoring")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TUOPIN_INSTANCE", str(root / "no-instance"))
        db = open_database(write_monitoring_town(monitoring_town(), root / "data"))
    yield db
    db.close()


def test_totals(database):
    row = database.run("monitoring_totals", snapshot_date=SNAPSHOT).iloc[0].to_dict()
    assert row == {
        "households": 4,  # A, B, C, E
        "people": 9,  # 3 + 1 + 3 + 2
        "open_households": 3,  # A (second spell), B, E
        "open_people": 6,
        "eliminated_households": 1,  # C
        "elimination_rate": 0.25,
        "open_without_measure": 1,  # A
        "open_able_without_developmental": 1,  # A (A1 able, no measure); B has no labour
        "identified_again": 1,  # A
        "identified_this_year": 2,  # A's second spell, C
        "eliminated_this_year": 1,  # C (A's first was in 2022)
    }


def test_by_kind_in_the_contracts_order(database):
    frame = database.run("monitoring_by_kind", snapshot_date=SNAPSHOT)
    assert frame.to_dict("records") == [
        {"object_type": "unstable_exited", "open_households": 1, "eliminated_households": 1,
         "open_people": 1, "eliminated_people": 3},
        {"object_type": "edge", "open_households": 1, "eliminated_households": 0,
         "open_people": 2, "eliminated_people": 0},
        {"object_type": "sudden_hardship", "open_households": 1, "eliminated_households": 0,
         "open_people": 3, "eliminated_people": 0},
    ]  # fmt: skip


def test_by_risk(database):
    frame = database.run("monitoring_by_risk", snapshot_date=SNAPSHOT)
    assert list(frame["main_risk"]) == [
        "accident",
        "disability",
        "unstable_employment",
        "education",
    ]
    assert list(frame["open_households"]) == [1, 1, 1, 0]
    assert list(frame["eliminated_households"]) == [0, 0, 0, 1]


def test_by_month_counts_every_spell_and_fills_empty_months(database):
    frame = database.run("monitoring_by_month", snapshot_date=SNAPSHOT)
    assert len(frame) == 34  # 2021-03 … 2023-12
    assert frame["month"].iloc[0] == dt.date(2021, 3, 1)
    assert frame["month"].iloc[-1] == dt.date(2023, 12, 1)
    identified = {r.month: r.identified for r in frame.itertuples() if r.identified}
    eliminated = {r.month: r.eliminated for r in frame.itertuples() if r.eliminated}
    assert identified == {
        dt.date(2021, 3, 1): 1, dt.date(2021, 6, 1): 1, dt.date(2022, 8, 1): 1,
        dt.date(2023, 2, 1): 1, dt.date(2023, 5, 1): 1,
    }  # fmt: skip
    assert eliminated == {dt.date(2022, 1, 1): 1, dt.date(2023, 5, 1): 1}


def test_duration_bands_of_latest_spells(database):
    frame = database.run("monitoring_duration", snapshot_date=SNAPSHOT)
    assert frame.to_dict("records") == [
        {"band": "under_6", "open_households": 0, "eliminated_households": 1},  # C: 3 months
        {"band": "6_12", "open_households": 1, "eliminated_households": 0},  # A: 7
        {"band": "12_24", "open_households": 1, "eliminated_households": 0},  # E: 16
        {"band": "24_plus", "open_households": 1, "eliminated_households": 0},  # B: 30
    ]


def test_by_unit_villages_and_town(database):
    villages = database.run("monitoring_by_unit", snapshot_date=SNAPSHOT, unit_digits=12)
    assert villages.to_dict("records") == [
        {"village_code": "341182108200", "village_name": "甲村", "households": 2,
         "open_households": 2, "eliminated_households": 0, "elimination_rate": 0.0,
         "open_without_measure": 1, "open_able_without_developmental": 1},
        {"village_code": "341182108201", "village_name": "乙村", "households": 2,
         "open_households": 1, "eliminated_households": 1, "elimination_rate": 0.5,
         "open_without_measure": 0, "open_able_without_developmental": 0},
    ]  # fmt: skip
    town = database.run("monitoring_by_unit", snapshot_date=SNAPSHOT, unit_digits=9)
    assert town[["village_code", "households", "open_households"]].values.tolist() == [
        ["341182108", 4, 3]
    ]


def test_object_list_open_first_and_masked(database):
    masked = database.run("monitoring_objects", snapshot_date=SNAPSHOT)
    assert list(masked["household_id"]) == ["B", "E", "A", "C"]
    assert list(masked["spells"]) == [1, 1, 2, 1]
    named = database.run("monitoring_objects", snapshot_date=SNAPSHOT, viewer=NAMES)
    assert list(named["head_name"]) == ["吴桂英", "钱大勇", "孙德胜", "郑光明"]
    assert all(name.endswith("**") for name in masked["head_name"])
    limited = database.run("monitoring_objects", snapshot_date=SNAPSHOT, list_limit=2)
    assert list(limited["household_id"]) == ["B", "E"]


def test_household_history(database):
    frame = database.run("household_monitoring", snapshot_date=SNAPSHOT, household_id="A")
    assert list(frame["object_type"]) == ["unstable_exited", "sudden_hardship"]
    assert list(frame["is_open"]) == [False, True]
    assert list(frame["months_monitored"]) == [10, 7]
    assert database.run("household_monitoring", snapshot_date=SNAPSHOT, household_id="D").empty


EXPECTED_CLUES = {
    ("C", "income_near_line"),  # 6,000 <= 6,000 × 1.1
    ("C", "medical_bill"),  # 9,500 > 9,000; the 2022 bill is too old
    ("C", "dropout"),
    ("C", "worker_death"),
    ("C", "visit_dibao"),
    ("D", "disaster"),
    ("D", "loan_due"),
    ("D", "visit_unstable_migrant"),
    ("F", "income_near_line"),  # 6,500 <= 6,600
    ("F", "illness_no_labor"),
    ("F", "visit_tekun_alone"),
    ("F", "visit_serious_illness"),
}


def test_clues_name_exited_households_not_being_monitored(database):
    clues = database.run("monitoring_clues", snapshot_date=SNAPSHOT, viewer=NAMES)
    assert set(zip(clues["household_id"], clues["clue"], strict=True)) == EXPECTED_CLUES
    assert len(clues) == len(EXPECTED_CLUES)  # one row per household per clue
    by_clue = {(r.household_id, r.clue): r for r in clues.itertuples()}
    bill = by_clue[("C", "medical_bill")]
    assert (bill.amount_yuan, bill.records, bill.person_name) == (9500.0, 1, "冯春梅")
    loan = by_clue[("D", "loan_due")]
    assert (loan.record_date, loan.amount_yuan) == (dt.date(2024, 3, 1), 50000.0)
    near = by_clue[("F", "income_near_line")]
    assert (near.income_per_capita, near.line_yuan) == (6500.0, 6000)
    assert by_clue[("C", "worker_death")].person_name == "郑光明"
    masked = database.run("monitoring_clues", snapshot_date=SNAPSHOT)
    assert set(masked["person_name"].dropna()) <= {"冯**", "郑**", "曹**", "陶**"}


def test_clue_counts(database):
    counts = database.run("monitoring_clue_counts", snapshot_date=SNAPSHOT)
    assert dict(zip(counts["clue"], counts["households"], strict=True)) == {
        "income_near_line": 2, "medical_bill": 1, "dropout": 1, "worker_death": 1,
        "visit_dibao": 1, "disaster": 1, "loan_due": 1, "visit_unstable_migrant": 1,
        "illness_no_labor": 1, "visit_tekun_alone": 1, "visit_serious_illness": 1,
    }  # fmt: skip
    assert list(counts["clue"])[:3] == ["income_near_line", "illness_no_labor", "medical_bill"]
    assert list(counts["clue"])[-1] == "visit_unstable_migrant"


def test_a_helper_sees_the_clues_and_objects_of_his_households_only(database):
    helper = Viewer(True, True, True, area="", helper_id="H2")  # C, D, E
    clues = database.run("monitoring_clues", snapshot_date=SNAPSHOT, viewer=helper)
    assert set(clues["household_id"]) == {"C", "D"}
    objects = database.run("monitoring_objects", snapshot_date=SNAPSHOT, viewer=helper)
    assert set(objects["household_id"]) == {"C", "E"}


def test_lines_in_use_fall_back_to_the_national_floor(database):
    lines = database.run("monitoring_lines_in_use", snapshot_date=SNAPSHOT)
    assert lines[["county_code", "year", "line_yuan", "line_year", "region_code"]].values.tolist() == [
        ["341182", 2020, 6000, 2020, ""],
        ["341182", 2021, 6000, 2021, ""],
        ["341182", 2022, 6000, 2021, ""],
        ["341182", 2023, 6000, 2021, ""],
    ]  # fmt: skip


def test_a_county_line_in_the_instance_folder_wins(tmp_path, monkeypatch):
    monkeypatch.delenv("TUOPIN_INSTANCE", raising=False)
    data_dir = write_monitoring_town(monitoring_town(), tmp_path / "data")
    instance = tmp_path / "data.instance"
    instance.mkdir()
    (instance / "monitoring_line.csv").write_text(
        "region_code,region_name,year,line_yuan,basis,source\n"
        "341182,明光市,2023,7000,set,县乡村振兴局 2023 年监测范围（本地）\n",
        encoding="utf-8",
    )
    db = open_database(data_dir)
    try:
        lines = db.run("monitoring_lines_in_use", snapshot_date=SNAPSHOT)
        last = lines.iloc[-1]
        assert (last["year"], last["line_yuan"], last["overridden"]) == (2023, 7000, True)
        clues = db.run("monitoring_clues", snapshot_date=SNAPSHOT)
        near = set(clues.loc[clues["clue"] == "income_near_line", "household_id"])
        assert near == {"C", "D", "F"}  # D's 7,000 is now within 7,700
        reference = db.run("monitoring_line_reference")
        assert reference["overridden"].sum() == 1
    finally:
        db.close()


def test_a_bad_county_line_file_says_where(tmp_path, monkeypatch):
    monkeypatch.delenv("TUOPIN_INSTANCE", raising=False)
    data_dir = write_monitoring_town(monitoring_town(), tmp_path / "data")
    instance = tmp_path / "data.instance"
    instance.mkdir()
    (instance / "monitoring_line.csv").write_text(
        "region_code,region_name,year,line_yuan,basis,source\n341182,明光市,2023,七千,set,x\n",
        encoding="utf-8",
    )
    with pytest.raises(MonitoringLineError) as raised:
        open_database(data_dir)
    assert "第 2 行 line_yuan" in raised.value.message_zh
    assert "row 2, column line_yuan" in raised.value.message_en


def test_an_older_snapshot_has_no_object_and_no_monitoring_row(tmp_path, monkeypatch):
    monkeypatch.delenv("TUOPIN_INSTANCE", raising=False)
    town = monitoring_town()
    del town["monitoring"], town["department_records"]
    data_dir = write_monitoring_town(town, tmp_path / "data", dt.date(2019, 12, 31))
    db = open_database(data_dir)
    try:
        on = dt.date(2019, 12, 31)
        assert db.run("monitoring_totals", snapshot_date=on).iloc[0]["households"] == 0
        assert db.run("monitoring_by_month", snapshot_date=on).empty
        assert db.run("monitoring_objects", snapshot_date=on).empty
    finally:
        db.close()


def test_amounts_stay_exact_in_arrow(database):
    table = database.run_arrow("monitoring_clues", snapshot_date=SNAPSHOT, viewer=NAMES)
    amounts = [a for a in table.column("amount_yuan").to_pylist() if a is not None]
    assert Decimal("9500.00") in amounts


# ------------------------------------------------------------------ the monitoring checks
def test_the_monitoring_checks_on_the_town(database):
    def found(rule: str) -> set[str]:
        return set(database.run(f"checks/{rule}", snapshot_date=SNAPSHOT)["household_id"])

    assert found("monitoring_eliminated_within_six_months") == {"C"}  # 3 months; A's was 10
    assert found("monitoring_eliminated_below_line") == {"C"}  # 6,000 is not above 6,000
    assert found("monitoring_eliminated_without_labor") == set()  # C1 can work
    assert found("monitoring_risk_without_measure") == set()  # 因残 with 综合保障; accident: any
    # C's 2022-11-01 medical bill precedes its identification by 92 days, but bills say
    # nothing of when a risk began: only events count (see the next test).
    assert found("monitoring_slow_identification") == set()


def test_the_monitoring_checks_that_need_a_changed_town(tmp_path, monkeypatch):
    monkeypatch.setenv("TUOPIN_INSTANCE", str(tmp_path / "no-instance"))
    town = monitoring_town()
    for member in town["members"]:
        if member["household_id"] == "C":
            member["labor"] = "none"
    next(s for s in town["monitoring"] if s["household_id"] == "B")["measures"] = "产业"
    # A disaster record of C3, 2023-01-01: 31 days before C's identification on 2023-02-01.
    town["department_records"].append(
        dict(town["department_records"][2], record_id="R8", department="emergency",
             kind="洪涝受灾", record_date=dt.date(2023, 1, 1))
    )  # fmt: skip
    db = open_database(write_monitoring_town(town, tmp_path / "data"))
    try:
        without_labor = db.run("checks/monitoring_eliminated_without_labor", snapshot_date=SNAPSHOT)
        assert list(without_labor["household_id"]) == ["C"]
        no_answer = db.run("checks/monitoring_risk_without_measure", snapshot_date=SNAPSHOT)
        assert list(no_answer["household_id"]) == ["B"]  # 因残 with only 产业
        slow = db.run("checks/monitoring_slow_identification", snapshot_date=SNAPSHOT)
        assert list(slow["household_id"]) == ["C"]
        assert "相隔 31 天" in slow["detail"].iloc[0]
        stored = db.run("quality_rule_counts", snapshot_date=SNAPSHOT)
        counts = dict(zip(stored["rule_id"], stored["findings"], strict=True))
        assert {rule: counts.get(rule, 0) for rule in ("C50", "C51", "C52", "C53", "C54")} == {
            "C50": 1, "C51": 1, "C52": 1, "C53": 1, "C54": 1,
        }  # fmt: skip
    finally:
        db.close()
