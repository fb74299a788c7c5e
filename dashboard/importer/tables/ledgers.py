"""What the ledgers (payments, loans, visits, trainings, village projects) share: a row's own
number or one given in row order, the household (and person) a row is of, its date and amount."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from dashboard.importer.records import Record
from dashboard.importer.tables.context import Context
from dashboard.masking import mask_id_number


def household_of(
    context: Context, record: Record, by_id_number: Counter
) -> tuple[str | None, str | None]:
    """(household, person) of a ledger row: by 户编号, else by 证件号码 through the roster
    (counted in `by_id_number["household_id"]`)."""
    household_id = record.values.get("household_id")
    number = record.values.get("id_number")
    person_id = None
    if number is not None:
        person_id = context.person_by_id_number.get(number)
        if person_id is None:
            context.error(
                record,
                "id_number",
                f"证件号码 {mask_id_number(number)} 不在贫困人口信息表中。",
                f"The ID number {mask_id_number(number)} is not in the roster.",
            )
            return None, None
        if household_id is None:
            household_id = context.member_household[person_id]
            by_id_number["household_id"] += 1
    if household_id is None:
        context.need(record, "household_id" if "household_id" in record.headers else "id_number")
        return None, None
    if household_id not in context.household_rows:
        context.error(
            record,
            "household_id",
            f"户编号 {household_id} 不在贫困人口信息表中。",
            f"The household {household_id} is not in the roster.",
        )
        return None, None
    return household_id, person_id


def on_roster(context: Context, record: Record, person_id: str) -> bool:
    """Whether a ledger row's person is a member of the roster; an error on the row if not."""
    if person_id in context.member_household:
        return True
    context.error(
        record,
        "person_id",
        f"人编号 {person_id} 不在贫困人口信息表中。",
        f"The person {person_id} is not in the roster.",
    )
    return False


def event_date(context: Context, record: Record, name: str) -> dt.date | None:
    value = context.need(record, name)
    if value is not None and value > context.snapshot_date:
        context.error(
            record,
            name,
            f"日期 {value.isoformat()} 晚于快照日期 {context.snapshot_date.isoformat()}：快照只含此前发生的事。",
            f"The date {value.isoformat()} is after the snapshot date {context.snapshot_date.isoformat()}: a snapshot holds only what happened before it.",
        )
        return None
    return value


def positive(context: Context, record: Record, name: str, allow_zero: bool = False):
    value = context.need(record, name)
    if value is not None and (value < 0 or (value == 0 and not allow_zero)):
        context.error(
            record,
            name,
            f"金额 {value} 必须大于0。" if not allow_zero else f"金额 {value} 不能为负数。",
            f"The amount {value} must be more than 0."
            if not allow_zero
            else f"The amount {value} cannot be negative.",
        )
        return None
    return value


def numbered(context: Context, kind: str, name: str, prefix: str, width: int):
    """A ledger's records, each with its own identifier (read, or numbered in row order as
    PREFIX0001…) and whether it may be kept (it has one, not seen on an earlier row)."""
    ids = own_ids(context, kind, name, prefix, width)
    keep = unique(context, kind, name, ids)
    return zip(context.records[kind], ids, keep, strict=True)


def own_ids(context: Context, kind: str, name: str, prefix: str, width: int) -> list[str | None]:
    """Each record's own identifier, or a derived one when the file has no such column."""
    records = context.records[kind]
    if name in context.fields[kind]:
        return [context.need(record, name) for record in records]
    table = {
        "payments": "payments",
        "loans": "loans",
        "visits": "visits",
        "projects": "village_projects",
    }[kind]
    context.derive(
        table,
        name,
        len(records),
        f"按行顺序编号 {prefix}{1:0{width}d}…",
        f"numbered {prefix}{1:0{width}d}… in row order",
    )
    return [f"{prefix}{number:0{width}d}" for number in range(1, len(records) + 1)]


def unique(context: Context, kind: str, name: str, ids: list[str | None]) -> list[bool]:
    seen: dict[str, Record] = {}
    keep = []
    for record, value in zip(context.records[kind], ids, strict=True):
        if value is not None and value in seen:
            context.error(
                record,
                name,
                f"编号 {value} 重复（第一次出现在第 {seen[value].row} 行）。",
                f"The number {value} appears twice (first on row {seen[value].row}).",
            )
            keep.append(False)
            continue
        if value is not None:
            seen[value] = record
        keep.append(value is not None)
    return keep
