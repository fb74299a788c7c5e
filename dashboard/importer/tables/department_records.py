"""The `department_records` table (部门筛查预警, 数据比对): each record a department's list gives
about a person, matched to the register by ID number.

The records keep the ID number, not a person number: a record about someone not in the register
(a 一般农户 the 医保 flags, a car owner of another village) is kept, and the row filters of
`dashboard/access/scope.py` show it only to whoever reads the whole data directory (an analyst's
/quality); a helper or a village's reader sees only the records of the people in his rows.

Where a list leaves something out: the department comes from the user's choice or the file's
name (`dashboard.importer.departments`), what the record says from the department when its
lists have one subject (`DEFAULT_KINDS`), and the record's number is made from the file's
SHA-256 and the row, so the same row imported again has the same number.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from dashboard.importer.departments import (
    DEFAULT_KINDS,
    department_code,
    department_in_name,
    department_label,
)
from dashboard.importer.records import ERROR, WARNING, Record
from dashboard.importer.tables.context import Context

TABLE = "department_records"


def content_key(row: dict) -> tuple:
    """What makes two records the same record, whatever their numbers: the same person, from
    the same department, saying the same thing of the same day and amount."""
    amount = row.get("amount_yuan")
    return (
        str(row["id_number"]).upper(),
        row["department"],
        row["kind"],
        row["record_date"],
        None if amount is None else f"{amount:.2f}",
    )


def record_number(context: Context, record: Record) -> str:
    """A record's number when the list gives none: its file's short SHA-256, its sheet, its row."""
    file_id = context.file_ids.get(record.file) or hashlib.sha256(record.file.encode()).hexdigest()
    sheet = hashlib.sha256(f"{file_id}\x1f{record.sheet or ''}".encode()).hexdigest()[:12]
    return f"{sheet}-{record.row:06d}"


def assemble(context: Context) -> None:
    """The records of the import's department lists, after those carried over (if any)."""
    records = context.records["department"]
    rows = list(context.carried_records)
    if not records:
        context.rows[TABLE] = rows
        return
    register = (
        context.register_id_numbers
        if context.register_id_numbers is not None
        else set(context.person_by_id_number)
    )
    # A record already in the snapshot the lists join (imported before) is not imported twice:
    # the same number with the same content, or, for a list without numbers, the same content.
    carried_numbers = {row["record_id"]: content_key(row) for row in rows}
    carried_content = set(carried_numbers.values())
    first_row: dict[str, Record] = {}  # number → the row of this import that gave it
    told: set[tuple[str, str | None, str]] = set()  # (file, sheet, what) said once per file
    counts: Counter = Counter()
    for record in records:
        row = _row(context, record, told, counts)
        if row is None:
            continue
        number, key = row["record_id"], content_key(row)
        given = "record_id" in record.headers and record.values.get("record_id") is not None
        if carried_numbers.get(number) == key or (not given and key in carried_content):
            context.problems.grouped(
                WARNING,
                (record.file, record.sheet, record.row),
                None,
                None,
                "department_repeat",
                None,
                "与已导入的记录相同（同一编号，或同一人、部门、类型、日期、金额），未重复导入。",
                "The same as a record imported before (its number, or its person, department, "
                "kind, date and amount): not imported twice.",
            )
            continue
        if number in carried_numbers or number in first_row:
            where = f"第 {first_row[number].row} 行" if number in first_row else "此前导入的记录中"
            where_en = (
                f"row {first_row[number].row}"
                if number in first_row
                else "a record imported before"
            )
            context.error(
                record,
                "record_id" if given else None,
                f"记录编号 {number} 重复（已见于{where}）。",
                f"The record number {number} is given twice (also in {where_en}).",
            )
            continue
        first_row[number] = record
        if row["id_number"] not in register:
            counts["not_in_register"] += 1
            context.problems.grouped(
                WARNING,
                (record.file, record.sheet, record.row),
                record.headers.get("id_number"),
                "id_number",
                "not_in_register",
                None,
                "此人不在建档立卡名单（贫困户、脱贫户、监测户成员）中：记录已保留，"
                "只有可查看全部数据的扶贫专干能看到。",
                "This person is not in the register (members of poor, exited or monitored "
                "households): the record is kept, and only an analyst who reads the whole data "
                "directory sees it.",
            )
        rows.append(row)
    context.rows[TABLE] = rows
    context.derive(
        TABLE,
        "record_id",
        counts["record_id"],
        "名单无记录编号：由文件的 SHA-256 和行号生成",
        "the list has no record number: made from the file's SHA-256 and the row",
    )
    context.derive(
        TABLE,
        "department",
        counts["department_named"],
        "名单无部门列：按导入时选择的部门",
        "the list has no department column: the department chosen on import",
    )
    context.derive(
        TABLE,
        "department",
        counts["department_from_name"],
        "名单无部门列：按文件名中的部门",
        "the list has no department column: the department in the file's name",
    )
    context.derive(
        TABLE,
        "kind",
        counts["kind"],
        "名单无记录类型：按部门（如车辆管理为“车辆登记”，医保为“医疗费用个人自付”）",
        "the list does not say what each record is: from the department (车辆登记 for "
        "vehicles, 医疗费用个人自付 for medical insurance …)",
    )


def _row(context: Context, record: Record, told: set, counts: Counter) -> dict | None:
    """One record's row, or None with its errors said."""
    v = record.values
    number = context.need(record, "id_number")
    record_date = context.need(record, "record_date")
    department = _department(context, record, told, counts)
    kind = v.get("kind")
    if kind is None and department is not None:
        if "kind" in record.headers:
            context.need(record, "kind")
            return None
        kind = DEFAULT_KINDS.get(department)
        if kind is None:
            _once(
                context,
                record,
                told,
                "kind",
                f"名单没有“记录类型”列：{department_label(department, 'zh')}的名单须写明每条记录是什么"
                "（如 死亡注销、义务教育辍学、低保），否则无法判断它是否是预警信号。",
                f"The list has no column saying what each record is: a "
                f"{department_label(department, 'en')} list must say it (死亡注销, 义务教育辍学, "
                "低保 …), or no one can tell whether it is a warning.",
            )
            return None
        counts["kind"] += 1
    if record_date is not None and record_date > context.snapshot_date:
        context.error(
            record,
            "record_date",
            f"日期 {record_date.isoformat()} 晚于快照日期 {context.snapshot_date.isoformat()}。"
            "请改用更晚的快照日期，或核对日期。",
            f"The date {record_date.isoformat()} is after the snapshot date "
            f"{context.snapshot_date.isoformat()}. Choose a later snapshot date, or check it.",
        )
        return None
    amount = v.get("amount_yuan")
    if amount is not None and amount < 0:
        context.error(record, "amount_yuan", "金额不能为负数。", "The amount may not be negative.")
        return None
    if number is None or record_date is None or department is None or kind is None:
        return None
    record_id = v.get("record_id")
    if record_id is None:
        record_id = record_number(context, record)
        counts["record_id"] += 1
    return {
        "record_id": record_id,
        "id_number": str(number),
        "name": v.get("name"),
        "department": department,
        "kind": kind,
        "record_date": record_date,
        "amount_yuan": amount,
        "detail": v.get("detail"),
    }


def _department(context: Context, record: Record, told: set, counts: Counter) -> str | None:
    """The record's department: its cell, else the user's choice, else the file's name."""
    written = record.values.get("department")
    if written is not None:
        found = department_code(written)
        if found is None:
            context.error(
                record,
                "department",
                f"“{written}”不是可识别的部门（如 医保、民政、残联、教育、应急管理、公安、"
                "市场监管、车辆管理、财政供养）。",
                f"“{written}” is not a department this import knows (医保, 民政, 残联, 教育, "
                "应急管理, 公安, 市场监管, 车辆管理, 财政供养 …).",
            )
        return found
    if context.department is not None:
        counts["department_named"] += 1
        return context.department
    found = department_in_name(record.file)
    if found is not None:
        counts["department_from_name"] += 1
        return found
    _once(
        context,
        record,
        told,
        "department",
        "无法确定这份名单来自哪个部门：没有“部门”列，文件名中也没有部门名称。请在导入时选择部门"
        "（命令行 --department 医保）。",
        "Cannot tell which department this list comes from: it has no department column and its "
        "file name names none. Name the department on import (--department medical_insurance).",
    )
    return None


def _once(context: Context, record: Record, told: set, what: str, zh: str, en: str) -> None:
    """A problem of the whole file, said once for it (not once per row)."""
    key = (record.file, record.sheet, what)
    if key in told:
        return
    told.add(key)
    context.problems.add(ERROR, (record.file, record.sheet, None), None, None, zh, en)
