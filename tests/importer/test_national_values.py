"""The national system's wordings (data/reference/national_values.csv), its combined health
values, and the defaults an empty cell means (data/reference/empty_defaults.csv)."""

from __future__ import annotations

import csv

import pytest

from dashboard import contract
from dashboard.importer import values
from dashboard.importer.run import plan_import
from dashboard.reference import REFERENCE_DIR
from tests.importer.files import SNAPSHOT_DATE, base_set, write_set

ROSTER = "贫困人口信息表.xlsx"


@pytest.mark.parametrize(
    ("column", "raw", "expected", "warns"),
    [
        ("school_stage", "小学三年级", "primary", True),
        ("school_stage", "小学3年级", "primary", True),
        ("school_stage", "七年级", "junior", True),
        ("school_stage", "初三", "junior", True),
        ("school_stage", "普通高中二年级", "senior", True),
        ("school_stage", "中职一年级", "secondary_vocational", True),
        ("school_stage", "大二", "college", True),
        ("school_stage", "学前教育", "preschool", False),
        ("migrant_work", "乡（镇）内务工", "in_town", False),
        ("migrant_work", "乡(镇)外县内务工", "in_county", False),
        ("migrant_work", "县外省内务工", "in_province", False),
        ("migrant_work", "省外务工", "out_of_province", False),
        ("migrant_work", "境外务工", "out_of_province", True),
        ("labor", "弱劳动力或半劳动力", "weak", False),
        ("labor", "技能劳动力", "skilled", False),
        ("education", "学龄前儿童", "illiterate", True),
        ("relation", "之外孙女", "grandchild", False),
        ("relation", "之祖母", "other", True),
        ("health", "患有大病", "serious_illness", False),
    ],
)
def test_member_wordings(column, raw, expected, warns):
    found = values.code("members", column, raw)
    assert found == expected
    assert isinstance(found, values.Mapped) is warns


@pytest.mark.parametrize(
    ("column", "raw", "expected"),
    [
        ("attribute", "特困供养贫困户", "tekun"),
        ("attribute", "五保户", "tekun"),
        ("attribute", "低保户", "dibao"),
        ("main_cause", "交通条件落后", "poor_transport"),
        ("main_cause", "自身发展动力不足", "lack_motivation"),
        ("main_cause", "缺水", "lack_water"),
        ("status", "脱贫不享受政策", "exited"),
        ("status", "自然减少", "removed"),
    ],
)
def test_household_wordings(column, raw, expected):
    assert values.code("households", column, raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("残疾,长期慢性病", "disabled"),
        ("长期慢性病，残疾", "disabled"),
        ("长期慢性病、患有大病", "serious_illness"),
        ("残疾;患有大病", "serious_illness"),
    ],
)
def test_combined_health_keeps_the_most_serious(raw, expected):
    found = values.code("members", "health", raw)
    assert found == expected and found.kind == "combined"


@pytest.mark.parametrize(
    ("column", "raw"), [("main_cause", "因婚"), ("main_cause", "其它"), ("attribute", "一般农户")]
)
def test_a_national_wording_without_a_code_says_so(column, raw):
    with pytest.raises(values.BadValue) as caught:
        values.code("households", column, raw)
    assert "national system" in caught.value.message_en


def test_every_national_value_names_a_contract_code_and_a_source():
    with open(REFERENCE_DIR / "national_values.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 200
    sources = {"djb2014", "gz2013", "nat-export"}
    for row in rows:
        codes = contract.table(row["table"]).column(row["column"]).codes
        assert row["code"] == "" or row["code"] in codes, row
        assert row["code"] or row["note"], row  # a wording without a code says why
        assert set(row["source"].split(";")) <= sources, row
        assert row["warn"] in ("yes", "no"), row


def test_a_roster_as_the_system_writes_it_imports_with_grouped_warnings(tmp_path):
    """Empty work, school, skill and health cells, grades and combined health: imported,
    one warning per column (or wording) with its rows, never one per cell."""
    files = base_set()
    roster = files[ROSTER]
    header = roster[0]
    for row in roster[1:]:
        row[header.index("务工状况")] = None
        row[header.index("务工时间(月)")] = None
        row[header.index("在校生状况")] = None
        row[header.index("劳动技能")] = None
    roster[2][header.index("在校生状况")] = "小学三年级"
    roster[1][header.index("健康状况")] = "残疾,长期慢性病"
    plan = plan_import(write_set(tmp_path, files), SNAPSHOT_DATE)
    assert plan.ok, [p.message_en for p in plan.errors]
    members = {row["person_id"]: row for row in plan.tables["members"].to_pylist()}
    assert members["P11"]["migrant_work"] == "none" and members["P11"]["migrant_months"] == 0
    assert members["P11"]["labor"] == "normal"
    assert members["P11"]["health"] == "disabled"
    assert members["P11"]["health_detail"] == "残疾,长期慢性病"
    assert members["P12"]["health_detail"] is None
    assert members["P12"]["school_stage"] == "primary"
    assert members["P21"]["school_stage"] == "none"
    by_column = {(w.column, w.kind): w for w in plan.warnings}
    assert by_column[("务工状况", "empty_default")].rows == [2, 3, 4]
    assert by_column[("务工时间(月)", "empty_default")].rows == [2, 3, 4]
    assert by_column[("劳动技能", "empty_default")].rows == [2, 3, 4]
    assert by_column[("在校生状况", "empty_default")].rows == [2, 4]
    assert by_column[("在校生状况", "wording")].rows == [3]
    assert by_column[("健康状况", "combined")].rows == [2]
    assert len(plan.warnings) == 6


@pytest.mark.parametrize("header", ["证件号码", "户编号", "贫困户状态", "姓名"])
def test_where_emptiness_loses_meaning_it_stays_an_error(tmp_path, header):
    files = base_set()
    files[ROSTER][3][files[ROSTER][0].index(header)] = None
    plan = plan_import(write_set(tmp_path, files), SNAPSHOT_DATE)
    assert not plan.ok
    assert any(p.column == header and "may not be empty" in p.message_en for p in plan.errors)
