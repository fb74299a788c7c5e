"""The `targets` table (脱贫目标): the households and people to exit each year, for a village
or for the whole town."""

from __future__ import annotations

from collections import Counter

from dashboard.importer.records import Record
from dashboard.importer.tables.context import Context
from dashboard.importer.tables.villages import village_code_of

TOWN_WORDS = ("全镇", "全乡", "合计", "全镇合计", "镇级")  # a target of the whole town


def assemble(context: Context) -> None:
    """The targets' rows: one per year and village (or the whole town)."""
    seen: dict[tuple, Record] = {}
    counts = Counter()
    town_names = {row["town_name"] for row in context.rows["villages"]}
    town_codes = {row["town_code"] for row in context.rows["villages"]}
    # A town-wide target names its town (contract v1.1) when the files hold exactly one.
    only_town = next(iter(town_codes)) if len(town_codes) == 1 else None
    for record in context.records["targets"]:
        v = record.values
        village_code = None
        if v.get("village_code") or (
            v.get("village_name")
            and v["village_name"] not in TOWN_WORDS
            and v["village_name"] not in town_names
        ):
            village_code = village_code_of(context, record, counts)
            if village_code is None:
                continue
        year = context.need(record, "year")
        if v.get("households") is None and v.get("people") is None:
            context.error(
                record,
                None,
                "计划脱贫户数和人数不能都为空。",
                "Target households and people cannot both be empty.",
            )
            continue
        key = (year, village_code)
        if key in seen:
            context.error(
                record,
                None,
                f"{year} 年{'全镇' if village_code is None else village_code}的目标重复（第一次出现在第 {seen[key].row} 行）。",
                f"The {year} target of {'the town' if village_code is None else village_code} appears twice (first on row {seen[key].row}).",
            )
            continue
        seen[key] = record
        if year is not None:
            context.rows["targets"].append(
                {
                    "year": year,
                    "village_code": village_code,
                    "town_code": only_town if village_code is None else None,
                    "households": v.get("households"),
                    "people": v.get("people"),
                }
            )
    context.derive(
        "targets",
        "village_code",
        counts["village_code"],
        "按村名在村情表中查得",
        "looked up from the village name in the villages file",
    )
