"""Department lists in (issue 27 item 5): a 医保 and a vehicles list, written here with headers of
their own, imported by `tuopin import` and on /import, matched by ID number into
`department_records` of a new snapshot that carries the register over unchanged.

The register is tests/importer/files.py's town (H1 exited: 张德才 HEAD_ID and his wife; H2 not
exited: 王秀兰 OTHER_ID), imported as the 2018-06-30 snapshot. Every expected record, count and
clue is typed here from the lists below, not read from the importer.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from dashboard import checks, contract
from dashboard.data import Viewer, open_database
from dashboard.importer.run import plan_import, plan_uploaded, write_import
from dashboard.snapshots import get_snapshot, list_snapshots, read_table
from tests.importer.files import (
    HEAD_ID,
    OTHER_ID,
    SNAPSHOT_DATE,
    base_set,
    digest,
    id_number,
    write_rows,
    write_set,
)

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "importer" / "run_tuopin.py"
IMPORT_PAGE = str(ROOT / "dashboard" / "views" / "data_import.py")
QUALITY_PAGE = str(ROOT / "dashboard" / "views" / "quality.py")
LISTS_DATE = dt.date(2018, 12, 31)
STRANGER_ID = id_number("34118219800202001")  # a man born 1980-02-02, in no household
ALL_NAMES = Viewer(True, True, True)

# The 医保's list: no department column (its file name says 医保), no kind column (a 医保 list
# is about out-of-pocket costs), the amount under 个人自付金额 beside totals that are not stored.
MEDICAL_NAME = "2018年下半年医保住院结算.xlsx"
MEDICAL = [
    ["序号", "参保人姓名", "公民身份号码", "出院日期", "医疗总费用", "统筹支付", "个人自付金额", "备注"],
    [1, "张德才", HEAD_ID, "2018-10-15", 20000, 14000, 6000, "脑梗"],
    [2, "刘一鸣", STRANGER_ID, "2018/11/02", 3000, 2400, 600, None],
]  # fmt: skip
# The vehicles list: the department in a 数据来源 column, as the office wrote its own name.
VEHICLES_NAME = "比对名单.csv"
VEHICLES = [
    ["姓名", "身份证号码", "号牌号码", "登记日期", "数据来源"],
    ["王秀兰", OTHER_ID, "皖M12345", "2018年9月1日", "县公安交警大队"],
]


def tuopin(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(RUNNER), *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def town(tmp_path) -> Path:
    """The register, imported as the 2018-06-30 snapshot of a data directory of its own."""
    plan = plan_import(write_set(tmp_path / "register", base_set()), SNAPSHOT_DATE)
    assert plan.ok, [problem.message_en for problem in plan.errors]
    data_dir = tmp_path / "town"
    write_import(data_dir, plan)
    return data_dir


@pytest.fixture
def lists(tmp_path) -> list[Path]:
    folder = tmp_path / "lists"
    folder.mkdir()
    return [
        write_rows(folder / MEDICAL_NAME, MEDICAL),
        write_rows(folder / VEHICLES_NAME, VEHICLES),
    ]


def records_of(data_dir: Path, snapshot_date: dt.date) -> dict[str, dict]:
    """The snapshot's department records by ID number (each person has one here)."""
    rows = read_table(get_snapshot(data_dir, snapshot_date), "department_records").to_pylist()
    return {row["id_number"]: row for row in rows}


def test_the_cli_matches_the_lists_and_carries_the_register_over(town, lists):
    before = digest(town / "snapshots")
    result = tuopin(
        "import", "--data", str(town), "--snapshot-date", LISTS_DATE.isoformat(), *map(str, lists)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "carried over unchanged" in result.stdout
    assert "不在建档立卡名单" in result.stdout  # the stranger's record: kept, and said so
    base, new = list_snapshots(town)
    assert (base.snapshot_date, new.snapshot_date) == (SNAPSHOT_DATE, LISTS_DATE)
    # the earlier snapshot untouched, its register carried over unchanged
    assert {k: v for k, v in digest(town / "snapshots").items() if k in before} == before
    for name in contract.TABLE_NAMES:
        if name != "department_records":
            assert read_table(new, name).equals(read_table(base, name)), name
    assert new.manifest["source"]["carried_over_from"]["snapshot_date"] == "2018-06-30"
    records = records_of(town, LISTS_DATE)
    assert set(records) == {HEAD_ID, STRANGER_ID, OTHER_ID}
    head = records[HEAD_ID]
    assert (head["department"], head["kind"], head["record_date"], head["amount_yuan"]) == (
        "medical_insurance",
        "医疗费用个人自付",
        dt.date(2018, 10, 15),
        Decimal("6000.00"),
    )
    assert (head["name"], head["detail"]) == ("张德才", "脑梗")
    stranger = records[STRANGER_ID]
    assert (stranger["department"], stranger["amount_yuan"], stranger["record_date"]) == (
        "medical_insurance",
        Decimal("600.00"),
        dt.date(2018, 11, 2),
    )
    car = records[OTHER_ID]
    assert (car["department"], car["kind"], car["record_date"], car["detail"]) == (
        "vehicles",
        "车辆登记",
        dt.date(2018, 9, 1),
        "皖M12345",
    )
    assert car["amount_yuan"] is None
    assert len({row["record_id"] for row in records.values()}) == 3


def test_imported_records_feed_the_checks_and_the_clues(town, lists):
    plan = plan_import(lists, LISTS_DATE, data_dir=town)
    assert plan.ok, [problem.message_en for problem in plan.errors]
    write_import(town, plan)
    database = open_database(town)
    try:
        by_signal = database.run(
            "department_records_by_signal", viewer=ALL_NAMES, snapshot_date=LISTS_DATE
        )
        assert by_signal.drop(columns="latest").to_dict("records") == [
            {"side": "identification", "department": "vehicles", "signal": "vehicle",
             "records": 1, "people": 1, "people_registered": 1,  # H2, not exited
             "people_exited_or_monitored": 0, "people_not_in_register": 0},
            {"side": "monitoring", "department": "medical_insurance", "signal": "medical_bill",
             "records": 2, "people": 2, "people_registered": 1,  # H1 (exited is registered)
             "people_exited_or_monitored": 1, "people_not_in_register": 1},
        ]  # fmt: skip
        # the 2018 回头看 side: H2's member owns a car (C55)
        c55 = checks.run_rule(
            partial(database.run, viewer=ALL_NAMES), checks.rules_by_id()["C55"], LISTS_DATE
        )
        assert list(c55["household_id"]) == ["H2"]
        assert "车辆管理部门" in c55["detail"].iloc[0]
        # the monitoring side: 6,000 yuan out of pocket is more than half of H1's yearly net
        # income (4,200.50 × 2 = 8,401 yuan): a clue for a visit; the stranger gives none
        clues = database.run("monitoring_clues", viewer=ALL_NAMES, snapshot_date=LISTS_DATE)
        medical = clues[clues["clue"] == "medical_bill"]
        assert list(medical["household_id"]) == ["H1"]
        assert float(medical["amount_yuan"].iloc[0]) == 6000.0
        strangers = database.run(
            "department_records_not_in_register", viewer=ALL_NAMES, snapshot_date=LISTS_DATE
        )
        assert list(strangers["id_number"]) == [STRANGER_ID]
        assert list(strangers["person_name"]) == ["刘一鸣"]
    finally:
        database.close()


def test_a_record_about_someone_not_in_the_register_is_shown_only_to_whom_may_see_it(town, lists):
    write_import(town, plan_import(lists, LISTS_DATE, data_dir=town))
    database = open_database(town)
    query = "department_records_not_in_register"
    try:
        # a village's reader (荷花村, H2's village) sees the records of his people only
        village = Viewer(True, True, True, area="341182108200")
        seen = database.run_sql(
            "select id_number from department_records where snapshot_date = $day",
            {"day": LISTS_DATE},
            viewer=village,
        )
        assert list(seen["id_number"]) == [OTHER_ID]
        assert database.run(query, viewer=village, snapshot_date=LISTS_DATE).empty
        # a visitor gets no row of the list, whatever his area
        visitor = Viewer(area="", small_counts_hidden=True)
        assert database.run(query, viewer=visitor, snapshot_date=LISTS_DATE).empty
        # the whole directory's analyst sees it whole; a reader without ID numbers masked
        whole = database.run(query, viewer=ALL_NAMES, snapshot_date=LISTS_DATE)
        assert list(whole["id_number"]) == [STRANGER_ID]
        masked = database.run(query, viewer=Viewer(show_names=True), snapshot_date=LISTS_DATE)
        assert len(masked) == 1 and masked["id_number"].iloc[0] != STRANGER_ID
        assert masked["id_number"].iloc[0].endswith(STRANGER_ID[-4:])
    finally:
        database.close()


def test_a_bad_id_number_names_its_row_and_column_and_nothing_is_written(town, tmp_path):
    bad = [list(row) for row in MEDICAL]
    bad[2][2] = STRANGER_ID[:17] + ("0" if STRANGER_ID[17] != "0" else "1")  # wrong check
    path = write_rows(tmp_path / MEDICAL_NAME, bad)
    before = digest(town)
    result = tuopin("import", "--data", str(town), "--snapshot-date", "2018-12-31", str(path))
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout
    assert "公民身份号码" in output and "3" in output  # the column as headed, Excel's row 3
    assert "校验位不对" in output and "wrong check character" in output
    assert "nothing was written" in output
    assert digest(town) == before  # no snapshot, no source copy, no staging folder
    assert [info.snapshot_date for info in list_snapshots(town)] == [SNAPSHOT_DATE]


def test_a_list_that_names_no_department_asks_for_one(town, tmp_path):
    rows = [
        ["姓名", "证件号码", "日期", "记录类型"],
        ["张德才", HEAD_ID, "2018-08-01", "低保"],
    ]
    path = write_rows(tmp_path / "名单.xlsx", rows)
    plan = plan_import([path], LISTS_DATE, data_dir=town)
    assert not plan.ok
    assert any("哪个部门" in p.message_zh and "--department" in p.message_en for p in plan.errors)
    named = plan_import([path], LISTS_DATE, data_dir=town, department="民政")
    assert named.ok, [problem.message_en for problem in named.errors]
    [row] = named.tables["department_records"].to_pylist()
    assert (row["department"], row["kind"], row["id_number"]) == ("civil_affairs", "低保", HEAD_ID)
    unknown = plan_import([path], LISTS_DATE, data_dir=town, department="天气局")
    assert any(
        "天气局" in p.message_zh and "not a department" in p.message_en for p in unknown.errors
    )


def test_lists_alone_need_a_register_to_match(tmp_path, lists):
    plan = plan_import(lists, LISTS_DATE, data_dir=tmp_path / "empty")
    assert not plan.ok and plan.tables is None
    assert any("no snapshot of 2018-12-31 or earlier" in p.message_en for p in plan.errors)


def test_a_later_list_adds_to_the_records_and_skips_those_already_there(town, lists, tmp_path):
    write_import(town, plan_import(lists, LISTS_DATE, data_dir=town))
    later = [MEDICAL[0], MEDICAL[1], [3, "李桂英", id_number("34118219620315124"), "2019-03-01",
                                      5000, 4000, 1000, None]]  # fmt: skip
    path = write_rows(tmp_path / "2019年上半年医保住院结算.xlsx", later)
    plan = plan_import([path], dt.date(2019, 6, 30), data_dir=town)
    assert plan.ok, [problem.message_en for problem in plan.errors]
    assert plan.base.snapshot_date == LISTS_DATE
    assert (plan.carried_records, plan.added_records) == (3, 1)
    repeated = [p for p in plan.warnings if p.kind == "department_repeat"]
    assert len(repeated) == 1 and repeated[0].all_rows == [2]


def test_the_import_page_matches_a_list_and_writes_it(monkeypatch, town, lists):
    uploads = [(path.name, path.read_bytes()) for path in lists]
    monkeypatch.setenv("TUOPIN_DATA", str(town))
    app = AppTest.from_file(IMPORT_PAGE, default_timeout=60)
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    choice = app.selectbox(key="import_department")
    assert choice.value is None and "Medical insurance" in choice.options
    app.session_state["import_uploads"] = uploads
    app.session_state["import_plan"] = plan_uploaded(
        uploads, LISTS_DATE, data_dir=town, department="medical_insurance"
    )
    app.run()
    assert not app.exception
    assert any("matched with the register of" in info.value for info in app.info)
    assert any("adds 3" in info.value for info in app.info)
    [confirm] = [button for button in app.button if button.key == "import_confirm"]
    confirm.click().run()
    assert not app.exception
    assert [info.snapshot_date for info in list_snapshots(town)] == [SNAPSHOT_DATE, LISTS_DATE]
    assert set(records_of(town, LISTS_DATE)) == {HEAD_ID, STRANGER_ID, OTHER_ID}


def test_quality_shows_both_sides_and_the_strangers_to_the_analyst(monkeypatch, town, lists):
    """Opened before the lists come in and again after (the server's database follows)."""
    monkeypatch.setenv("TUOPIN_DATA", str(town))
    before = sign_in(AppTest.from_file(QUALITY_PAGE, default_timeout=180)).run()
    assert not before.exception
    assert any("没有部门推送的记录" in info.value for info in before.info)
    write_import(town, plan_import(lists, LISTS_DATE, data_dir=town))
    app = sign_in(AppTest.from_file(QUALITY_PAGE, default_timeout=180))
    app.query_params["lang"] = "zh"
    app.run()
    assert not app.exception
    assert "部门数据比对" in [header.value for header in app.header]
    frames = [frame.value for frame in app.dataframe]
    by_signal = next(f for f in frames if "方面" in f.columns)
    assert list(by_signal["方面"]) == ["识别疑点（回头看）", "监测风险"]
    assert list(by_signal["信号"]) == ["名下有车辆", "医疗费用"]
    strangers = next(f for f in frames if "记录类型" in f.columns)
    assert list(strangers["证件号码"]) == [STRANGER_ID]  # the analyst sees it whole
