"""Small hand-made towns for the query tests, built in one place from the data contract.

A row of a contract table starts from values any snapshot may hold (a general household of
测试县's 测试镇, not exited, 3,000 yuan a head in 2017; a healthy head of household born on
1980-01-01) and takes what a test cares about as keywords:

    household("H1", "V1", status="exited", exit_year=2017)

A keyword that is not a column of the table is refused, so a misspelt override fails the test
instead of being dropped. `write_town` writes the rows as a real snapshot with the project's
own `write_snapshot` (every table the test leaves out is written empty), so the queries read
Parquet files made the way users get them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path

import pandas as pd

from dashboard import contract
from dashboard.snapshots import write_snapshot

IMPORT_SOURCE = {"kind": "import", "files": []}  # the manifest's source of an imported snapshot
# The columns contract v1.2 lets a source leave out ("not in the source"), typed from the brief,
# not read from the contract: tests/test_not_in_source.py checks the contract against it.
NOT_IN_SOURCE = {
    "households": [
        "attribute",
        "main_cause",
        "group_name",
        "housing_safe",
        "drinking_water_safe",
        "family_doctor_signed",
    ],
    "members": ["education", "migrant_work", "migrant_months", "medical_insurance"],
}

VILLAGE_DEFAULTS = {
    "town_code": "341182108",
    "town_name": "测试镇",
    "county_code": "341182",
    "county_name": "测试县",
    "kind": "village",
    "groups_count": 3,
    "population": 100,
    "is_poor_village": False,
    "poor_village_exit_year": None,
}
HOUSEHOLD_DEFAULTS = {
    "group_name": "一组",
    "size": 1,
    "attribute": "general",
    "main_cause": "illness",
    "identified_year": 2014,
    "status": "not_exited",
    "exit_year": None,
    "planned_exit_year": 2018,
    "income_per_capita": Decimal("3000.00"),
    "income_year": 2017,
    "housing_safe": True,
    "drinking_water_safe": True,
    "family_doctor_signed": True,
    "helper_id": None,
    "village_contact_id": None,
}
MEMBER_DEFAULTS = {
    "name": "某某",
    "id_number": "34118219800101001X",
    "relation": "head",
    "sex": "male",
    "birth_date": dt.date(1980, 1, 1),
    "education": "primary",
    "school_stage": "none",
    "health": "healthy",
    "labor": "normal",
    "migrant_work": "none",
    "migrant_months": 0,
    "medical_insurance": True,
}
PAYMENT_DEFAULTS = {"person_id": None, "item": None, "batch": None}


def row(table: str, defaults: Mapping[str, object], **values) -> dict:
    """A row of contract table `table`: `defaults` overridden by `values`, columns checked.

    >>> row("helpers", {"unit": "镇政府", "level": "town"}, helper_id="K1", name="李建国")["level"]
    'town'
    """
    columns = contract.table(table).column_names
    unknown = sorted(set(values) - set(columns))
    if unknown:
        raise TypeError(f"{table} has no column {unknown}; its columns are {columns}")
    return {**defaults, **values}


def village(village_code: str, village_name: str, **values) -> dict:
    """A village of 测试镇, 测试县: three groups, a hundred people, not a poor village."""
    return row(
        "villages", VILLAGE_DEFAULTS, village_code=village_code, village_name=village_name, **values
    )


def household(household_id: str, village_code: str, **values) -> dict:
    """A household of one in group 一组, general, 因病, identified in 2014, not exited, planned
    for 2018, 3,000 yuan a head in 2017, safe housing and water, a family doctor, no helper."""
    return row(
        "households",
        HOUSEHOLD_DEFAULTS,
        household_id=household_id,
        village_code=village_code,
        **values,
    )


def member(person_id: str, household_id: str, **values) -> dict:
    """A healthy head of household, a man born on 1980-01-01 with primary schooling, insured,
    not a migrant worker, named 某某."""
    return row("members", MEMBER_DEFAULTS, person_id=person_id, household_id=household_id, **values)


def payment(
    payment_id: str, household_id: str, program: str, amount_yuan, paid_date: dt.date, **values
) -> dict:
    """A payment to a household (no person, item or batch unless given); `amount_yuan` in yuan,
    an int, a string or a Decimal."""
    return row(
        "payments",
        PAYMENT_DEFAULTS,
        payment_id=payment_id,
        household_id=household_id,
        program=program,
        amount_yuan=Decimal(amount_yuan),
        paid_date=paid_date,
        **values,
    )


def visit(
    visit_id: str, helper_id: str, household_id: str, visit_date: dt.date, kind: str = "visit"
) -> dict:
    """A helper's visit to a household."""
    return row(
        "visits",
        {},
        visit_id=visit_id,
        helper_id=helper_id,
        household_id=household_id,
        visit_date=visit_date,
        kind=kind,
    )


def helper(helper_id: str, name: str, unit: str, level: str) -> dict:
    """A helper of the roster (帮扶责任人)."""
    return row("helpers", {}, helper_id=helper_id, name=name, unit=unit, level=level)


def town_tables(tables: Mapping[str, Iterable[dict] | pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every contract table as a frame: the rows given for a table, the others empty."""
    frames = {}
    for spec in contract.TABLES:
        rows = tables.get(spec.name, [])
        if isinstance(rows, pd.DataFrame):
            frames[spec.name] = rows
        else:
            rows = list(rows)
            frames[spec.name] = (
                pd.DataFrame(rows) if rows else pd.DataFrame({c: [] for c in spec.column_names})
            )
    unknown = sorted(set(tables) - set(contract.TABLES_BY_NAME))
    if unknown:
        raise TypeError(f"no contract table {unknown}")
    return frames


def write_town(
    data_dir: Path,
    snapshot_date: dt.date,
    tables: Mapping[str, Iterable[dict] | pd.DataFrame],
    *,
    source: dict = IMPORT_SOURCE,
    **options,
) -> Path:
    """Write `tables` (rows or frames per contract table; the rest empty) as the snapshot of
    `snapshot_date` in `data_dir` with `write_snapshot` (`options`: its `replace`,
    `not_in_source`), and return `data_dir`."""
    write_snapshot(data_dir, snapshot_date, town_tables(tables), source, **options)
    return data_dir
