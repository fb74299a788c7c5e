"""End to end on the model of the national system's exports (tests/importer/national_export.py):
generated → written as the system writes it → imported → the snapshot holds what was generated."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from dashboard.importer.run import plan_import, write_import
from tests.importer.national_export import (
    SNAPSHOT_DATE,
    generate_town,
    write_roster,
    write_villages,
)

FORMS = [
    ("2016", ".csv", "gbk"),
    ("2016", ".csv", "utf-8-sig"),
    ("2016", ".xlsx", None),
    ("2016", ".xls", "gbk"),
    ("2014", ".csv", "gbk"),
    ("2014", ".xlsx", None),
]
MEMBER_COLUMNS = ("relation", "sex", "birth_date", "education", "school_stage", "health",
                  "labor", "migrant_work", "migrant_months", "medical_insurance")  # fmt: skip
HOUSEHOLD_COLUMNS = ("village_code", "group_name", "attribute", "main_cause", "identified_year",
                     "status", "exit_year", "housing_safe", "drinking_water_safe",
                     "family_doctor_signed")  # fmt: skip


def read(snapshot: Path, table: str, columns: str) -> list[tuple]:
    path = str(snapshot / f"{table}.parquet")
    return duckdb.sql(
        f"select {columns} from read_parquet($path)", params={"path": path}
    ).fetchall()


@pytest.mark.parametrize(
    ("layout", "suffix", "encoding"), FORMS, ids=["-".join(map(str, f)) for f in FORMS]
)
def test_an_export_imports_to_what_was_generated(tmp_path, layout, suffix, encoding):
    town = generate_town(320, seed=len(layout + suffix + str(encoding)), layout=layout)
    roster = write_roster(town, tmp_path / f"贫困人口信息表{suffix}", layout,
                          encoding=encoding or "utf-8")  # fmt: skip
    villages = write_villages(town, tmp_path / "村情表.csv", with_places=layout == "2014")
    plan = plan_import([roster, villages], SNAPSHOT_DATE)
    assert plan.ok, [p.message_en for p in plan.errors][:5]
    info = write_import(tmp_path / "data", plan)
    snapshot = info.path

    [(households, members, villages_count)] = duckdb.sql(
        "select (select count(*) from read_parquet($h)), (select count(*) from read_parquet($m)),"
        " (select count(*) from read_parquet($v))",
        params={"h": str(snapshot / "households.parquet"),
                "m": str(snapshot / "members.parquet"),
                "v": str(snapshot / "villages.parquet")},
    ).fetchall()  # fmt: skip
    assert (households, members, villages_count) == (
        len(town.households),
        len(town.people),
        len(town.villages),
    )
    people = {p.person_id: p for p in town.people}
    imported = read(
        snapshot, "members", "person_id, id_number, health_detail, " + ", ".join(MEMBER_COLUMNS)
    )
    for person_id, number, health_detail, *values in imported:
        person = people[person_id]
        assert number == person.id_number
        assert tuple(values) == tuple(getattr(person, c) for c in MEMBER_COLUMNS), person_id
        combined = person.health_written and "," in person.health_written
        assert health_detail == (person.health_written if combined else None)
    by_id = {h.household_id: h for h in town.households}
    rows = read(
        snapshot,
        "households",
        "household_id, size, income_per_capita, phone, " + ", ".join(HOUSEHOLD_COLUMNS),
    )
    for household_id, size, income, phone, *values in rows:
        household = by_id[household_id]
        assert size == len(household.members)
        assert income == Decimal(household.income) and phone == household.phone
        assert tuple(values) == tuple(getattr(household, c) for c in HOUSEHOLD_COLUMNS)
    places = read(snapshot, "villages", "distinct town_name, county_name, town_code")
    assert places == [(town.town, town.county, town.town_code)]


def test_the_empty_cells_are_one_warning_each(tmp_path):
    town = generate_town(320, layout="2016")
    roster = write_roster(town, tmp_path / "r.csv", "2016")
    plan = plan_import([roster, write_villages(town, tmp_path / "v.csv")], SNAPSHOT_DATE)
    empty = {w.column: w for w in plan.warnings if w.kind == "empty_default"}
    not_working = sum(1 for p in town.people if p.migrant_work == "none")
    assert empty["务工状况"].count == not_working
    assert empty["在校生状况"].count == sum(1 for p in town.people if p.school_written is None)
    assert empty["劳动技能"].count == sum(1 for p in town.people if p.labor_written is None)
    assert empty["健康状况"].count == sum(1 for p in town.people if p.health_written is None)
    assert len(plan.warnings) < 40  # grouped: a few dozen lines for 320 people, not hundreds


def test_household_form_and_person_form_together(tmp_path):
    """The household form (one row per household) and a person form without household columns."""
    from tests.importer.national_export import write_household_form, write_members_only

    town = generate_town(320, seed=5)
    files = [
        write_household_form(town, tmp_path / "贫困户信息表.csv"),
        write_members_only(town, tmp_path / "贫困人口信息表.csv"),
        write_villages(town, tmp_path / "村情表.csv"),
    ]
    plan = plan_import(files, SNAPSHOT_DATE)
    assert plan.ok, [p.message_en for p in plan.errors][:5]
    assert {p.kind for p in plan.files} == {"households", "roster", "villages"}
    households = {row["household_id"]: row for row in plan.tables["households"].to_pylist()}
    assert len(households) == len(town.households)
    assert plan.row_counts()["members"] == len(town.people)
    for household in town.households:
        row = households[household.household_id]
        assert tuple(row[c] for c in HOUSEHOLD_COLUMNS) == tuple(
            getattr(household, c) for c in HOUSEHOLD_COLUMNS
        )


def test_a_person_form_without_household_columns_needs_the_household_form(tmp_path):
    from tests.importer.national_export import write_members_only

    town = generate_town(40, seed=5)
    files = [write_members_only(town, tmp_path / "r.csv"), write_villages(town, tmp_path / "v.csv")]
    plan = plan_import(files, SNAPSHOT_DATE)
    assert not plan.ok
    assert any("no household form has it" in p.message_en for p in plan.errors)


def test_a_household_of_the_form_without_members_is_an_error(tmp_path):
    from tests.importer.national_export import write_household_form, write_members_only

    town = generate_town(40, seed=5)
    form = write_household_form(town, tmp_path / "h.csv")
    lonely = town.households.pop()
    files = [form, write_members_only(town, tmp_path / "r.csv"),
             write_villages(town, tmp_path / "v.csv")]  # fmt: skip
    plan = plan_import(files, SNAPSHOT_DATE)
    assert not plan.ok
    [error] = plan.errors
    assert lonely.household_id in error.message_en and "no members" in error.message_en
