"""The `members` table: each person of the roster, added as their household is checked
(`households.assemble`), with sex and birth date from the ID number when the file lacks them."""

from __future__ import annotations

import re
from collections import Counter

from dashboard.importer.records import Record
from dashboard.importer.tables.context import Context
from dashboard.importer.values import COMBINED_SEPARATORS, as_text, id_birth_date, id_sex
from dashboard.masking import mask_id_number


class Members:
    """The members added so far: to find a person number or an ID number given twice, and to
    count what was derived."""

    def __init__(self, context: Context):
        self.context = context
        self.counts: Counter = Counter()
        self.person_rows: dict[str, Record] = {}  # person number → the row that gave it first
        self.id_rows: dict[str, Record] = {}  # ID number → the row that gave it first

    def read_from_number(
        self, record: Record, name: str, given, in_number, disagrees_zh: str, disagrees_en: str
    ):
        """A member's sex or birth date: read from the ID number when the file left its column
        out or empty (counted), else as given, with a warning where the number says otherwise."""
        if given is None and not record.raw.get(name):
            self.counts[name] += 1
            return in_number
        if given is not None and given != in_number:
            self.context.warn(record, name, disagrees_zh, disagrees_en)
        return given

    def add(self, record: Record, household_id: str, sequence: int) -> None:
        """One member of a household being checked; a row of `members` unless it is refused."""
        context = self.context
        v = record.values
        person_id = v.get("person_id")
        if person_id is None:
            if "person_id" in context.fields["roster"]:
                context.need(record, "person_id")
                return
            person_id = f"{household_id}{sequence:02d}"
            self.counts["person_id"] += 1
        number = context.need(record, "id_number")
        if person_id in self.person_rows:
            context.error(
                record,
                "person_id",
                f"人编号 {person_id} 重复（第一次出现在第 {self.person_rows[person_id].row} 行）。",
                f"The person number {person_id} appears twice (first on row {self.person_rows[person_id].row}).",
            )
            return
        self.person_rows[person_id] = record
        if number is not None:
            if number in self.id_rows:
                first = self.id_rows[number]
                context.error(
                    record,
                    "id_number",
                    f"证件号码 {mask_id_number(number)} 重复（第一次出现在第 {first.row} 行，户 {first.values.get('household_id')}）。",
                    f"The ID number {mask_id_number(number)} appears twice (first on row {first.row}, household {first.values.get('household_id')}).",
                )
                return
            self.id_rows[number] = record
            context.person_by_id_number[number] = person_id
        sex, birth_date = v.get("sex"), v.get("birth_date")
        if number is not None:
            sex = self.read_from_number(
                record,
                "sex",
                sex,
                id_sex(number),
                f"性别与证件号码不符（证件号码第17位表示{'男' if id_sex(number) == 'male' else '女'}）。",
                f"The sex disagrees with the ID number (its 17th digit says {id_sex(number)}).",
            )
            birth_date = self.read_from_number(
                record,
                "birth_date",
                birth_date,
                id_birth_date(number),
                f"出生日期与证件号码中的 {id_birth_date(number).isoformat()} 不符。",
                f"The birth date disagrees with the ID number's {id_birth_date(number).isoformat()}.",
            )
        months = context.optional(record, "members", "migrant_months")
        if months is not None and not 0 <= months <= 12:
            context.error(
                record,
                "migrant_months",
                f"务工时间 {months} 个月不在 0–12 之间。",
                f"{months} months of migrant work is not between 0 and 12.",
            )
            return
        if v.get("relation") == "head":
            context.head_by_household[household_id] = person_id
        context.member_household[person_id] = household_id
        row = {
            "person_id": person_id,
            "household_id": household_id,
            "name": context.need(record, "name"),
            "id_number": number,
            "relation": context.need(record, "relation"),
            "sex": sex,
            "birth_date": birth_date,
            "education": context.optional(record, "members", "education"),
            "school_stage": context.need(record, "school_stage"),
            "health": context.need(record, "health"),
            # the contract keeps the text only when it gave several values (残疾,长期慢性病)
            "health_detail": as_text(record.raw.get("health"))
            if record.kind == "roster" and is_combined_health(record)
            else None,
            "labor": context.need(record, "labor"),
            "migrant_work": context.optional(record, "members", "migrant_work"),
            "migrant_months": months,
            "medical_insurance": context.optional(record, "members", "medical_insurance"),
            "ethnicity": v.get("ethnicity"),
            "phone": v.get("member_phone"),
        }
        if birth_date is not None and birth_date > context.snapshot_date:
            context.error(
                record,
                "birth_date",
                "出生日期晚于快照日期。",
                "The birth date is after the snapshot date.",
            )
            return
        nullable = {
            "health_detail",
            "ethnicity",
            "phone",
            *context.not_in_source.get("members", ()),
        }
        context.keep_row("members", row, optional=nullable)

    def derive(self) -> None:
        """What was derived of the members, once every household is checked."""
        context = self.context
        context.derive(
            "members",
            "birth_date",
            self.counts["birth_date"],
            "由证件号码第7–14位得出",
            "from digits 7-14 of the ID number",
        )
        context.derive(
            "members",
            "sex",
            self.counts["sex"],
            "由证件号码第17位得出（奇数为男）",
            "from the 17th digit of the ID number (odd: male)",
        )
        context.derive(
            "members",
            "person_id",
            self.counts["person_id"],
            "户编号加两位序号",
            "the household number and a two-digit sequence",
        )


def is_combined_health(record: Record) -> bool:
    """Whether the health cell gave several values (残疾,长期慢性病)."""
    text = as_text(record.raw.get("health"))
    return (
        bool(text)
        and len([part for part in re.split(COMBINED_SEPARATORS, text) if part.strip()]) > 1
    )
