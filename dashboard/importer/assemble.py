"""From the parsed files of one import to the contract's tables, one table module at a time
(`dashboard.importer.tables`), every problem named where the user sees it.

What the data implies but the files lack (birth date and sex from the ID number, the village
code from the village's name, the income year from the snapshot date …) is derived and recorded
(`Assembler.derived`).
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from dashboard import contract
from dashboard.importer.records import Derivation, ParsedFile, Problems
from dashboard.importer.tables import (
    department_records,
    helpers,
    households,
    loans,
    payments,
    targets,
    trainings,
    village_projects,
    villages,
    visits,
)
from dashboard.importer.tables.context import Context


class Assembler:
    """Turns the parsed files of one import into the contract's tables."""

    def __init__(self, context: Context):
        self.context = context  # the parsed files, the problems, the rows made so far

    @property
    def derived(self) -> list[Derivation]:
        return self.context.derived

    def run(self) -> dict[str, pa.Table]:
        """Each table in the order its lookups need: villages first (every row is placed in
        one), helpers before the households that name them, the households (with their members
        and monitoring spells) before the ledgers that point at them and the department lists
        matched to their members."""
        context = self.context
        villages.assemble(context)
        helpers.assemble(context)
        households.assemble(context)  # and members, monitoring
        villages.add_placed(context)  # the villages placed by the division codes, now counted
        helpers.assign(context)  # the helpers file's 帮扶户编号 onto the households
        payments.assemble(context)
        loans.assemble(context)
        visits.assemble(context)
        trainings.assemble(context)
        targets.assemble(context)
        village_projects.assemble(context)
        department_records.assemble(context)  # matched to the members by ID number
        return {
            name: pa.Table.from_pylist(
                context.rows[name], schema=contract.table(name).arrow_schema()
            )
            for name in contract.TABLE_NAMES
        }


def carry_over(
    files: list[ParsedFile],
    snapshot_date: dt.date,
    problems: Problems,
    base: dict[str, pa.Table],
    *,
    department: str | None = None,
    file_ids: dict[str, str] | None = None,
    progress=None,
) -> tuple[dict[str, pa.Table], list[Derivation]]:
    """An import of department lists alone: the register of `base` (an earlier snapshot's
    tables) carried over unchanged, its department records and the lists' records after them,
    matched by ID number to `base`'s members."""
    context = Context(
        files, snapshot_date, problems, progress, department=department, file_ids=file_ids
    )
    context.register_id_numbers = {
        str(number).strip().upper()
        for number in base["members"].column("id_number").to_pylist()
        if number
    }
    context.carried_records = base["department_records"].to_pylist()
    department_records.assemble(context)
    tables = dict(base)
    tables["department_records"] = pa.Table.from_pylist(
        context.rows["department_records"],
        schema=contract.table("department_records").arrow_schema(),
    )
    return tables, context.derived
