"""The demo town's 2018 大排查: "全镇梳理各类问题近2000件，目前安排帮扶人快速整改" (the report).

About 1,950 problems found between March and May 2018 in the demo's households, each given to
the household's own helper with a deadline of two to six weeks; by 2018-06-30 most are fixed
(many verified), a few cannot be fixed, and some are still open, part of them overdue. Seeded,
so every run writes the same ledger. Figure F34 counts them (`dashboard.ledger.measures`).
"""

from __future__ import annotations

import datetime as dt
import random

from dashboard.data import MASKED, Database
from dashboard.ledger.store import Ledger

SEED = 20180301
SNAPSHOT = dt.date(2018, 6, 30)
FIRST_DAY, LAST_DAY = dt.date(2018, 3, 5), dt.date(2018, 5, 31)
PROBLEMS = 1953  # "近2000件": just under two thousand
ACTOR = "demo"
# (category, weight, descriptions, measures)
KINDS = (
    (
        "two_assurances",
        22,
        (
            "住房存在安全隐患，需鉴定并纳入危房改造",
            "饮水不安全，需接通自来水或打井",
            "家庭成员未参加城乡居民基本医疗保险",
            "适龄子女就学情况未核实",
            "收入测算漏计或多计，需重新核算",
        ),
        (
            "协调危房改造资金，限期完工",
            "接通村组自来水管网",
            "代缴参保费用并补办手续",
            "入户核实并联系学校",
            "按收入测算表重新核算",
        ),
    ),
    (
        "policy",
        24,
        (
            "教育补助未按学期发放到位",
            "外出务工交通补助未申报",
            "产业扶持项目未验收即拨付",
            "光伏收益分配名单与在册户不符",
            "公益性岗位工资发放记录不全",
        ),
        (
            "补发并留存发放凭证",
            "补报申请材料",
            "组织验收后拨付",
            "核对名单后重新分配",
            "补齐工资发放台账",
        ),
    ),
    (
        "helper_work",
        22,
        (
            "帮扶人三个月以上未入户走访",
            "帮扶手册填写不全、帮扶措施空泛",
            "贫困户对帮扶人不熟悉",
            "帮扶计划未结合家庭实际",
        ),
        (
            "限期入户走访并记录",
            "补全帮扶手册",
            "帮扶人与贫困户见面对接",
            "重新制定一户一策帮扶计划",
        ),
    ),
    (
        "data_quality",
        27,
        (
            "家庭成员信息与户籍不一致",
            "身份证号码录入错误",
            "劳动能力、健康状况标注与实际不符",
            "系统内致贫原因与实际不符",
            "务工状况、务工时间未更新",
        ),
        (
            "对照户口簿更正",
            "核对身份证后更正",
            "入户核实后更正",
            "村民代表评议后更正",
            "电话核实后更新",
        ),
    ),
    (
        "other",
        5,
        ("村级公示栏内容未及时更新", "档案资料装订不规范"),
        ("更新公示内容", "重新整理归档"),
    ),
)


def build_rows(database: Database) -> list[dict]:
    """The inspection's problems as rows for `Ledger.add_many` (deterministic)."""
    # The demo's own seeding, whoever's session happens to start it: every row, names masked.
    households = database.run("ledger_households", viewer=MASKED, snapshot_date=SNAPSHOT)
    rng = random.Random(SEED)
    weights = [kind[1] for kind in KINDS]
    span = (LAST_DAY - FIRST_DAY).days
    rows = []
    # One household's fields at a time (a province's million rows are never made into dicts);
    # randrange draws as rng.choice did, so the demo's problems are the same.
    columns = {name: households[name].tolist() for name in households.columns}
    for _ in range(PROBLEMS):
        pick = rng.randrange(len(households))
        household = {name: values[pick] for name, values in columns.items()}
        category, _weight, descriptions, measures = rng.choices(KINDS, weights)[0]
        choice = rng.randrange(len(descriptions))
        # Most problems were found in the first weeks of the 大排查 (March and April).
        found = FIRST_DAY + dt.timedelta(days=int(span * rng.random() ** 1.6))
        deadline = found + dt.timedelta(days=rng.randint(14, 42))
        row = {
            "source": "inspection",
            "household_id": household["household_id"],
            "village_code": household["village_code"],
            "category": category,
            "description": descriptions[choice],
            "responsible_id": household["helper_id"],
            "deadline": deadline.isoformat(),
            "found_date": found.isoformat(),
            "measures": measures[choice],
        }
        outcome = rng.random()
        if outcome < 0.86:  # fixed by the half-year, most of them on time
            late = rng.random() < 0.15
            fixed = min(
                deadline + dt.timedelta(days=rng.randint(1, 20))
                if late
                else found + dt.timedelta(days=rng.randint(3, max(4, (deadline - found).days))),
                SNAPSHOT,
            )
            row.update(status="fixed", fixed_date=fixed.isoformat(), result="已整改到位")
            if rng.random() < 0.75 and fixed + dt.timedelta(days=3) <= SNAPSHOT:
                verified = min(fixed + dt.timedelta(days=rng.randint(3, 21)), SNAPSHOT)
                row.update(status="verified", verified_date=verified.isoformat())
        elif outcome < 0.88:
            row.update(
                status="cannot_fix", reason="户主长期在外，无法入户核实；已报镇扶贫工作站备案"
            )
        elif outcome < 0.95:
            row.update(status="in_progress")
        else:
            row.update(status="open", measures=None)
        rows.append(row)
    return rows


def ensure_demo_ledger(database: Database, ledger: Ledger) -> int:
    """Write the demo's inspection into an empty ledger of demo data; how many were written."""
    if not database.snapshot().is_demo or ledger.count() > 0:
        return 0
    if SNAPSHOT not in {info.snapshot_date for info in database.snapshots}:
        return 0  # its snapshot is still being prepared (not served yet): seed it later
    return ledger.add_many(build_rows(database), ACTOR, only_if_empty=True)
