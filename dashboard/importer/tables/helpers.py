"""The `helpers` table (帮扶责任人表), and, once the households are made, the households each
helper is assigned to (its 帮扶户编号) as the households' helper and village contact."""

from __future__ import annotations

import re
from collections import Counter

from dashboard.importer.tables.context import Context

HOUSEHOLD_LIST_SEPARATORS = r"[、,，;；\s/]+"


def assemble(context: Context) -> None:
    """The helpers file's rows, numbered and given a level when the file has neither."""
    records = context.records["helpers"]
    has_id = "helper_id" in context.fields["helpers"]
    counts = Counter()
    for number, record in enumerate(records, start=1):
        v = record.values
        helper_id = context.need(record, "helper_id") if has_id else f"H{number:04d}"
        counts["helper_id"] += 0 if has_id else 1
        name = context.need(record, "name")
        unit = context.need(record, "unit")
        level = v.get("level")
        if level is None and "level" not in context.fields["helpers"] and unit:
            level = helper_level(unit)
            counts["level"] += level is not None
        if level is None:
            context.error(
                record,
                "level" if "level" in record.headers else None,
                "无法确定帮扶级别（市级/镇级/村级），请填写“帮扶级别”列。",
                "The helper's level (市级/镇级/村级) is unknown; fill in a 帮扶级别 column.",
            )
        if helper_id is None or name is None or unit is None or level is None:
            continue
        if helper_id in context.helper_rows:
            context.error(
                record,
                "helper_id",
                f"帮扶人编号 {helper_id} 重复（第一次出现在第 {context.helper_rows[helper_id].row} 行）。",
                f"The helper number {helper_id} appears twice (first on row "
                f"{context.helper_rows[helper_id].row}).",
            )
            continue
        context.helper_rows[helper_id] = record
        context.helper_by_name[name].append(helper_id)
        context.rows["helpers"].append(
            {"helper_id": helper_id, "name": name, "unit": unit, "level": level}
        )
        for household in re.split(HOUSEHOLD_LIST_SEPARATORS, v.get("households") or ""):
            if household:
                context.assignments.append((record, helper_id, level, household))
    context.derive(
        "helpers",
        "helper_id",
        counts["helper_id"],
        "按行顺序编号 H0001…",
        "numbered H0001… in row order",
    )
    context.derive(
        "helpers",
        "level",
        counts["level"],
        "由工作单位推断（市…为市级，…镇为镇级，…村为村级）",
        "from the work unit (市… city, …镇 town, …村 village)",
    )


def assign(context: Context) -> None:
    """After the households: 帮扶户编号 in the helpers file → the households' helper_id and
    village_contact_id."""
    roster_fields = context.fields["roster"]
    households = {row["household_id"]: row for row in context.rows["households"]}
    counts = Counter()
    for record, helper_id, level, household_id in context.assignments:
        column = "village_contact_id" if level == "village" else "helper_id"
        if column in roster_fields:
            continue  # the roster names them itself
        if household_id not in context.household_rows:
            context.error(
                record,
                "households",
                f"帮扶户编号 {household_id} 不在贫困人口信息表中。",
                f"The household {household_id} is not in the roster.",
            )
            continue
        row = households.get(household_id)
        if row is None:
            continue
        if row[column] is not None and row[column] != helper_id:
            context.warn(
                record,
                "households",
                f"户 {household_id} 已有{'村级联系人' if level == 'village' else '帮扶责任人'} {row[column]}，本行的 {helper_id} 未采用。",
                f"Household {household_id} already has {row[column]} as its {'village contact' if level == 'village' else 'helper'}; {helper_id} on this row is not used.",
            )
            continue
        row[column] = helper_id
        counts[column] += 1
    for household_id, row in households.items():
        for column in ("helper_id", "village_contact_id"):
            if row[column] is not None and row[column] not in context.helper_rows:
                record = context.household_rows[household_id]
                context.error(
                    record,
                    column,
                    f"帮扶人编号 {row[column]} 不在帮扶责任人表中。",
                    f"The helper {row[column]} is not in the helpers file.",
                )
    context.derive(
        "households",
        "helper_id",
        counts["helper_id"],
        "取自帮扶责任人表的“帮扶户编号”",
        "from the helpers file's list of households",
    )
    context.derive(
        "households",
        "village_contact_id",
        counts["village_contact_id"],
        "取自帮扶责任人表（村级）的“帮扶户编号”",
        "from the helpers file's village-level lists",
    )


def helper_level(unit: str) -> str | None:
    """A helper's level from their work unit: 市… city, …村 village, …镇/乡 town (else None)."""
    if unit.startswith("市") or "市" in unit[:4] and not unit.endswith("村"):
        return "city"
    if unit.endswith("村") or unit.endswith("村委会"):
        return "village"
    if "镇" in unit or "乡" in unit:
        return "town"
    return None
