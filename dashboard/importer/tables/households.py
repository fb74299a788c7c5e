"""The `households` table: one row per household of the person roster (贫困人口信息表),
spoken for by its head's row or by its row of the household form (贫困户信息表), with its status,
years, income and housing read or derived. Each household's members (`members`) and its spell as
a monitoring object (`monitoring`) are checked with it, in the roster's order."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from dashboard.importer.records import Record
from dashboard.importer.tables.context import Context
from dashboard.importer.tables.members import Members
from dashboard.importer.tables.monitoring import MONITORED_ONLY, add_spell, by_words
from dashboard.importer.tables.villages import village_code_of

PROGRESS_EVERY_HOUSEHOLDS = 5_000  # the check of a large roster says how far it got this often
# 户类型 → status: the words that decide it (a 脱贫户 exited; a 一般农户 is only monitored).
HOUSEHOLD_TYPE_WORDS = (("脱贫", "exited"), ("贫困户", "not_exited"), ("一般", MONITORED_ONLY),
                        ("农户", MONITORED_ONLY))  # fmt: skip


def assemble(context: Context) -> None:
    """The households of the roster, with their members and monitoring spells."""
    records = context.records["roster"]
    fields = context.fields["roster"]
    counts = Counter()
    by_household: dict[str, list[Record]] = {}
    for record in records:
        household_id = context.need(record, "household_id")
        if household_id:
            by_household.setdefault(household_id, []).append(record)
    for record in context.records["households"]:
        household_id = context.need(record, "household_id")
        if household_id in context.household_form:
            context.error(
                record,
                "household_id",
                f"户编号 {household_id} 在贫困户信息表中重复（第一次出现在第 "
                f"{context.household_form[household_id].row} 行）。",
                f"The household {household_id} appears twice in the household form (first "
                f"on row {context.household_form[household_id].row}).",
            )
        elif household_id:
            context.household_form[household_id] = record
    used_forms: set[str] = set()
    people = Members(context)
    all_fields = fields | context.fields["households"]
    income_year, income_how, dated = income_year_of(context)
    for number, (household_id, members) in enumerate(by_household.items(), start=1):
        if number % PROGRESS_EVERY_HOUSEHOLDS == 0:
            context.progress(f"  校验户 / checking households: {number:,}/{len(by_household):,}")
        heads = [r for r in members if r.values.get("relation") == "head"]
        main = heads[0] if heads else members[0]
        form = context.household_form.get(household_id)
        if not heads:
            context.warn(
                main,
                "relation",
                f"户 {household_id} 没有户主。",
                f"Household {household_id} has no head.",
            )
        elif len(heads) > 1:
            context.warn(
                heads[1],
                "relation",
                f"户 {household_id} 有 {len(heads)} 个户主。",
                f"Household {household_id} has {len(heads)} heads.",
            )
        check_same(context, household_id, members, main)
        if form is not None:  # the household form's row speaks for the household
            main = merged(form, main)
            used_forms.add(household_id)
        v = main.values
        village_code = village_code_of(context, main, counts)
        housing = v.get("housing_safe")
        if housing is None and v.get("housing_unsafe") is not None:
            housing = not v["housing_unsafe"]
            counts["housing_safe"] += 1
        if housing is None and "housing_safe" not in context.not_in_source.get("households", ()):
            context.need(main, "housing_safe" if "housing_safe" in fields else "housing_unsafe")
        status = status_of(context, main, counts)
        exit_year = v.get("exit_year")
        identified_year = identified_year_of(context, main, status, counts)
        if status == "exited" and exit_year is None and "exit_year" not in all_fields:
            counts["exit_year_missing"] += 1
        elif status == "exited" and exit_year is None:
            context.error(
                main,
                "exit_year" if "exit_year" in fields else "status",
                f"户 {household_id} 已脱贫，但没有脱贫年度。",
                f"Household {household_id} has exited but has no exit year.",
            )
        if exit_year and identified_year and exit_year < identified_year:
            context.warn(
                main,
                "exit_year",
                f"脱贫年度 {exit_year} 早于识别年度 {identified_year}。",
                f"Exit year {exit_year} is before the year identified, {identified_year}.",
            )
        stated_size = v.get("size")
        if stated_size is not None and stated_size != len(members):
            context.warn(
                main,
                "size",
                f"户 {household_id} 的“人数”写的是 {stated_size}，但名单中有 {len(members)} 人；按名单人数 {len(members)} 导入。",
                f"Household {household_id} states {stated_size} people but the roster lists "
                f"{len(members)}; imported as {len(members)}.",
            )
        if stated_size is None:
            counts["size"] += 1
        if v.get("income_year") is None:
            counts["income_year"] += 1
        group_name = v.get("group_name")
        if group_name is None and "group_name" not in all_fields and v.get("natural_village"):
            group_name = v["natural_village"]  # the 自然村 is the group a layout knows
            counts["group_name"] += 1
        elif "group_name" in all_fields or "natural_village" in all_fields:
            group_name = context.optional(
                main, "households", "group_name",
                "group_name" if "group_name" in all_fields else "natural_village",
            )  # fmt: skip
        row = {
            "household_id": household_id,
            "village_code": village_code,
            "group_name": group_name,
            "size": len(members),
            "attribute": None
            if status == MONITORED_ONLY
            else context.optional(main, "households", "attribute"),
            "main_cause": context.optional(main, "households", "main_cause"),
            "identified_year": identified_year,
            "status": status,
            "exit_year": exit_year,
            "planned_exit_year": v.get("planned_exit_year"),
            "income_per_capita": context.need(main, "income_per_capita"),
            "income_year": v.get("income_year") or income_year,
            "housing_safe": housing,
            "drinking_water_safe": context.optional(main, "households", "drinking_water_safe"),
            "family_doctor_signed": context.optional(main, "households", "family_doctor_signed"),
            "helper_id": v.get("helper_id"),
            "village_contact_id": v.get("village_contact_id"),
            "phone": v.get("phone"),
            "natural_village": v.get("natural_village"),
        }
        if row["income_per_capita"] is not None and row["income_per_capita"] < 0:
            context.error(
                main,
                "income_per_capita",
                "人均纯收入不能为负数。",
                "Income per person cannot be negative.",
            )
            continue
        context.household_rows[household_id] = main
        nullable = {
            "exit_year",
            "planned_exit_year",
            "helper_id",
            "village_contact_id",
            "phone",
            "natural_village",
            *context.not_in_source.get("households", ()),
        }
        if status == MONITORED_ONLY:
            nullable.add("attribute")
        if context.keep_row("households", row, optional=nullable):
            add_spell(context, main, household_id, status)
        for sequence, record in enumerate(members, start=1):
            people.add(record, household_id, sequence)
    for household_id, record in context.household_form.items():
        if household_id not in used_forms:
            context.error(
                record,
                "household_id",
                f"户 {household_id} 在贫困户信息表中，但贫困人口信息表中没有它的成员。",
                f"The household {household_id} is in the household form but has no members "
                "in the person roster.",
            )
    context.derive(
        "households",
        "village_code",
        counts["village_code"],
        "按“行政村”名称在村情表中查得",
        "looked up from the village name in the villages file",
    )
    context.derive(
        "households",
        "size",
        counts["size"],
        "按名单中该户的人数计",
        "counted from the household's rows",
    )
    context.derive("households", "income_year", counts["income_year"], *income_how)
    if counts["income_year"] and records and dated:
        context.warn(
            records[0],
            None,
            f"文件没有“收入年度”：{counts['income_year']} 户的收入年度{income_how[0]}。",
            f"The files give no income year: for {counts['income_year']} households it is "
            f"{income_how[1]}.",
        )
    context.derive(
        "households",
        "housing_safe",
        counts["housing_safe"],
        "由“危房户”取反（危房户为“是”即住房不安全）",
        "the opposite of 危房户 (是 means the house is not safe)",
    )
    context.derive(
        "households",
        "status",
        counts["status"],
        "由户类型/脱贫标志得出（脱贫户为已脱贫，一般农户为仅监测对象）",
        "from 户类型 / 脱贫标志 (脱贫户: exited; 一般农户: monitored only)",
    )
    context.derive(
        "households",
        "identified_year",
        counts["identified_year"],
        "一般农户取其纳入监测（风险识别时间）的年份",
        "for an ordinary household, the year it became a monitoring object (风险识别时间)",
    )
    context.derive(
        "households",
        "group_name",
        counts["group_name"],
        "没有村民组列：取自然村",
        "no village group column: the natural village (自然村)",
    )
    if counts["exit_year_missing"] and records:
        context.warn(
            records[0],
            None,
            f"文件没有“脱贫年度”：{counts['exit_year_missing']} 户已脱贫户的脱贫年度为空。",
            f"The files give no exit year: {counts['exit_year_missing']} exited households "
            "are imported without one.",
        )
    people.derive()


def income_year_of(context: Context) -> tuple[int, tuple[str, str], bool]:
    """The year a household's income is of when the files do not say: the last full year before
    the export's 数据日期 when it has one, else before the snapshot date; how that was decided, in
    Chinese and English; and whether an export's date decided it."""
    data_dates = Counter(
        r.values["data_date"]
        for kind in ("roster", "households")
        for r in context.records[kind]
        if r.values.get("data_date")
    )
    if data_dates:  # the export says when its data stood: its income is of that year
        data_date = data_dates.most_common(1)[0][0]
        income_year = last_full_year(data_date)
        return (
            income_year,
            (
                f"取导出文件“数据日期”{data_date.isoformat()}前最近一个完整年度 {income_year}",
                f"the last full year before the export's data date {data_date.isoformat()}, "
                f"{income_year}",
            ),
            True,
        )
    income_year = last_full_year(context.snapshot_date)
    return (
        income_year,
        (
            f"取快照日期前最近一个完整年度 {income_year}",
            f"the last full year before the snapshot date, {income_year}",
        ),
        False,
    )


def status_of(context: Context, main: Record, counts: Counter) -> str | None:
    """贫困户状态 as written; else from 户类型 (脱贫户 / 一般农户) or 脱贫标志 (是/否)."""
    if "status" in main.headers:
        return context.need(main, "status")
    if "household_type" in main.headers:
        written = context.need(main, "household_type")
        if written is None:
            return None
        status = household_type_status(written)
        if status is None:
            context.error(
                main,
                "household_type",
                f"户类型“{written}”无法识别：应为“脱贫户”或“一般农户”。",
                f"The household type “{written}” is not known: it should be 脱贫户 (exited) "
                "or 一般农户 (an ordinary household under monitoring).",
            )
            return None
        counts["status"] += 1
        return status
    flag = context.need(main, "exited_flag")
    if flag is None:
        return None
    counts["status"] += 1
    return "exited" if flag else "not_exited"


def identified_year_of(
    context: Context, main: Record, status: str | None, counts: Counter
) -> int | None:
    """识别年度 (or the year of 首次识别时间); for an ordinary household under monitoring,
    which was never identified as poor, the year it became a monitoring object."""
    v = main.values
    if status == MONITORED_ONLY and v.get("identified_year") is None:
        risk_date = v.get("risk_identified_date")
        if risk_date is not None:
            counts["identified_year"] += 1
            return risk_date.year
    return context.need(main, "identified_year")


def check_same(context: Context, household_id: str, members: list[Record], main: Record) -> None:
    """Household columns are repeated on each member's row: they must agree."""
    for name in (
        "village_name",
        "village_code",
        "group_name",
        "attribute",
        "main_cause",
        "status",
        "identified_year",
        "exit_year",
        "income_per_capita",
    ):
        seen = {r.values.get(name) for r in members if r.values.get(name) is not None}
        if len(seen) > 1:
            other = next(
                r for r in members if r.values.get(name) not in (None, main.values.get(name))
            )
            context.warn(
                other,
                name,
                f"户 {household_id} 各成员行的“{other.headers.get(name)}”不一致（{'、'.join(map(str, seen))}），按户主行导入。",
                f"The rows of household {household_id} disagree on {other.headers.get(name)} "
                f"({', '.join(map(str, seen))}); the head's row is used.",
            )


def merged(form: Record, member_row: Record) -> Record:
    """A household's row of the household form with what only the roster's head row has."""
    values = dict(member_row.values)
    raw = dict(member_row.raw)
    headers = dict(member_row.headers)
    for name, value in form.values.items():
        if value is not None or name not in values or form.raw.get(name) is not None:
            values[name] = value
            raw[name] = form.raw.get(name)
            headers[name] = form.headers[name]
    return Record(form.file, form.sheet, form.row, values, raw, headers, "roster")


def household_type_status(text: str) -> str | None:
    """`exited` for 脱贫户, `monitored_only` for 一般农户, None when the words say neither."""
    return by_words(text, HOUSEHOLD_TYPE_WORDS)


def last_full_year(snapshot_date: dt.date) -> int:
    """The income year a snapshot reports: its own year on 31 December, else the year before."""
    if (snapshot_date.month, snapshot_date.day) == (12, 31):
        return snapshot_date.year
    return snapshot_date.year - 1
