"""Places taken from wherever the files carry them, and headers as the exports write them."""

from __future__ import annotations

from decimal import Decimal

from dashboard.importer.run import plan_import
from tests.importer.files import SNAPSHOT_DATE, base_set, write_set

ROSTER = "贫困人口信息表.xlsx"
VILLAGES = "村情表.csv"


def test_town_and_county_come_from_the_roster_when_the_villages_file_lacks_them(tmp_path):
    files = base_set()
    villages = files[VILLAGES]
    keep = [i for i, h in enumerate(villages[0]) if h not in ("乡(镇)", "县")]
    files[VILLAGES] = [[row[i] for i in keep] for row in villages]
    roster = files[ROSTER]
    roster[0] = ["省", "市", "县", "乡（镇）", *roster[0]]
    places = {"山南村": "女山湖镇", "荷花村": "古沛镇"}
    for row in roster[1:]:
        row[:0] = ["安徽省", "滁州市", "明光市", places[row[0]]]
    plan = plan_import(write_set(tmp_path, files), SNAPSHOT_DATE)
    assert plan.ok, [p.message_en for p in plan.errors]
    villages = {row["village_name"]: row for row in plan.tables["villages"].to_pylist()}
    assert villages["山南村"]["town_name"] == "女山湖镇"
    assert villages["荷花村"]["town_name"] == "古沛镇"  # each village its own town
    assert villages["荷花村"]["county_name"] == "明光市"
    assert villages["荷花村"]["province_name"] == "安徽省"
    assert villages["荷花村"]["prefecture_name"] == "滁州市"
    derived = {(d.table, d.column): d.rows for d in plan.derived}
    assert derived[("villages", "town_name")] == 2


def test_without_any_town_each_village_is_an_error(tmp_path):
    files = base_set()
    keep = [i for i, h in enumerate(files[VILLAGES][0]) if h != "乡(镇)"]
    files[VILLAGES] = [[row[i] for i in keep] for row in files[VILLAGES]]
    plan = plan_import(write_set(tmp_path, files), SNAPSHOT_DATE)
    assert not plan.ok
    assert sorted(p.row for p in plan.errors if "乡（镇）" in p.message_zh) == [2, 3]


def test_header_variants_of_the_exports(tmp_path):
    """Full-width brackets and spaces, a line break inside the cell, units, 【】."""
    files = base_set()
    header = files[ROSTER][0]
    variants = {
        "务工时间(月)": "务工时间\n（月）",
        "人均纯收入": "家庭年人均纯收入（元）",
        "与户主关系": "与户主\n关系",
        "参加城乡居民基本医疗保险": "是否参加城乡居民基本医疗保险",
        "证件号码": "证件号码【身份证号】",
        "户编号": "户 编 号",
        "人数": "家庭人口数（人）",
    }
    files[ROSTER][0] = [variants.get(h, h) for h in header]
    files[ROSTER][0].append("联系电话")
    files[ROSTER][0].append("民族")
    for row in files[ROSTER][1:]:
        row += ["13812345678", "汉族"]
    plan = plan_import(write_set(tmp_path, files), SNAPSHOT_DATE)
    assert plan.ok, [p.message_en for p in plan.errors]
    assert not plan.warnings, [w.message_en for w in plan.warnings]
    households = {row["household_id"]: row for row in plan.tables["households"].to_pylist()}
    assert households["H1"]["income_per_capita"] == Decimal("4200.50")
    assert households["H1"]["phone"] == "13812345678"
