"""Every snapshot of the demo town follows the data contract, checked on the Parquet files.

The whole town as `tuopin demo` writes it (2014-12-31 … 2025-12-31, `full_demo_dir`), so the
monitoring years' tables (monitoring, department_records, monitored_only households) are
checked too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from dashboard import contract
from dashboard.snapshots import PROJECT_ROOT

SNAPSHOT_DATES = [
    dt.date.fromisoformat(text)
    for text in (
        "2014-12-31",
        "2015-06-30",
        "2015-12-31",
        "2016-06-30",
        "2016-12-31",
        "2017-06-30",
        "2017-12-31",
        "2018-06-30",
        # After the report: half-yearly to the end of the campaign, then every year-end.
        "2018-12-31",
        "2019-06-30",
        "2019-12-31",
        "2020-06-30",
        "2020-12-31",
        "2021-12-31",
        "2022-12-31",
        "2023-12-31",
        "2024-12-31",
        "2025-12-31",
    )
]
CONTRACT_TEXT = PROJECT_ROOT.parent / "shared" / "data-contract.md"

# The foreign keys the data contract describes, typed here so that a key dropped from
# dashboard/contract.py does not silently drop its check.
EXPECTED_FOREIGN_KEYS = {
    ("households", "village_code", "villages", "village_code"),
    ("households", "helper_id", "helpers", "helper_id"),
    ("households", "village_contact_id", "helpers", "helper_id"),
    ("members", "household_id", "households", "household_id"),
    ("visits", "helper_id", "helpers", "helper_id"),
    ("visits", "household_id", "households", "household_id"),
    ("payments", "household_id", "households", "household_id"),
    ("payments", "person_id", "members", "person_id"),
    ("loans", "household_id", "households", "household_id"),
    ("trainings", "person_id", "members", "person_id"),
    ("targets", "village_code", "villages", "village_code"),
    ("village_projects", "village_code", "villages", "village_code"),
    ("monitoring", "household_id", "households", "household_id"),
}

# GB 11643-1999: weights of the first 17 digits, and the check character for sum mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def gb11643_check(first_17: str) -> str:
    """The check character of a resident ID number, written here apart from the generator's."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(first_17, ID_WEIGHTS, strict=True)) % 11]


def snapshot_folder(data_dir: Path, day: dt.date) -> Path:
    return data_dir / "snapshots" / f"snapshot_date={day.isoformat()}"


def table_path(data_dir: Path, day: dt.date, name: str) -> Path:
    return snapshot_folder(data_dir, day) / f"{name}.parquet"


def test_gb11643_check_on_published_examples():
    """The test's own ID check agrees with the standard's worked examples."""
    assert gb11643_check("11010519491231002") == "X"
    assert gb11643_check("44052418800101001") == "4"


def test_demo_has_the_eighteen_snapshot_folders(full_demo_dir):
    """The demo writes exactly its eighteen snapshots (the report's eight half-years, five more
    to the end of 2020, five year-ends to 2025), each with every table file."""
    folders = sorted(p.name for p in (full_demo_dir / "snapshots").iterdir())
    assert folders == [f"snapshot_date={d.isoformat()}" for d in SNAPSHOT_DATES]
    for day in SNAPSHOT_DATES:
        files = {p.name for p in snapshot_folder(full_demo_dir, day).iterdir()}
        assert files == {f"{name}.parquet" for name in contract.TABLE_NAMES} | {"manifest.json"}


@pytest.mark.parametrize("spec", contract.TABLES, ids=lambda spec: spec.name)
def test_column_names_and_types_are_the_contracts(full_demo_dir, spec):
    """Each Parquet file has the contract's columns, in order, with exactly its DuckDB types."""
    expected = [(column.name, column.duckdb_type) for column in spec.columns]
    for day in SNAPSHOT_DATES:
        relation = duckdb.read_parquet(
            str(table_path(full_demo_dir, day, spec.name)), hive_partitioning=False
        )
        actual = [
            (name, str(kind)) for name, kind in zip(relation.columns, relation.types, strict=True)
        ]
        assert actual == expected, f"{spec.name} on {day}"


@pytest.mark.parametrize("spec", contract.TABLES, ids=lambda spec: spec.name)
def test_arrow_schema_is_the_contracts(full_demo_dir, spec):
    """The Arrow schema stored in each file is the contract's, NOT NULL flags included."""
    for day in SNAPSHOT_DATES:
        path = table_path(full_demo_dir, day, spec.name)
        expected = spec.arrow_schema()
        if spec.name == "households" and "monitored_only" in set(
            pq.read_table(path, columns=["status"]).column("status").to_pylist()
        ):
            # v1.2: a monitored_only household has no 贫困户属性, so the field is nullable.
            expected = spec.arrow_schema(["attribute"])
        schema = pq.read_schema(path)
        assert schema.remove_metadata().equals(expected), f"{spec.name} on {day}"


def test_types_are_the_physical_ones_not_lookalikes(full_demo_dir):
    """Spot check by hand: decimals stay decimal, dates stay dates, INTEGER is int32."""
    day = SNAPSHOT_DATES[-1]
    households = pq.read_schema(table_path(full_demo_dir, day, "households"))
    assert str(households.field("income_per_capita").type) == "decimal128(12, 2)"
    assert str(households.field("size").type) == "int32"
    assert str(households.field("exit_year").type) == "int32"
    members = pq.read_schema(table_path(full_demo_dir, day, "members"))
    assert str(members.field("birth_date").type) == "date32[day]"
    assert str(members.field("medical_insurance").type) == "bool"
    projects = pq.read_schema(table_path(full_demo_dir, day, "village_projects"))
    assert str(projects.field("budget_yuan").type) == "decimal128(14, 2)"


@pytest.mark.parametrize("spec", contract.TABLES, ids=lambda spec: spec.name)
def test_not_null_columns_hold_no_nulls(full_demo_sql, spec):
    """No NOT NULL column has a NULL in any snapshot (but a monitored_only household's
    attribute, which v1.2 leaves NULL: it was never a registered poor household)."""
    for column in spec.columns:
        if column.nullable:
            continue
        exempt = ""
        if (spec.name, column.name) == ("households", "attribute"):
            exempt = " and status <> 'monitored_only'"
        nulls = full_demo_sql.execute(
            f"select count(*) from {spec.name} where {column.name} is null{exempt}"
        ).fetchone()[0]
        assert nulls == 0, f"{spec.name}.{column.name} has {nulls} NULLs"


def test_monitored_only_households_have_no_attribute(full_demo_sql):
    """v1.2: every monitored_only household's attribute is NULL, and there are some."""
    counts = full_demo_sql.execute(
        "select count(*), count(attribute) from households where status = 'monitored_only'"
    ).fetchone()
    assert counts[0] > 0 and counts[1] == 0, counts


@pytest.mark.parametrize(
    ("table_name", "column"),
    contract.coded_columns(),
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_coded_columns_hold_only_allowed_codes(full_demo_sql, table_name, column):
    """Coded columns hold only the contract's codes."""
    values = {
        row[0]
        for row in full_demo_sql.execute(
            f"select distinct {column.name} from {table_name} where {column.name} is not null"
        ).fetchall()
    }
    assert values, f"{table_name}.{column.name} is never filled"
    assert values <= set(column.codes), values - set(column.codes)


@pytest.mark.parametrize(
    "spec", [t for t in contract.TABLES if t.primary_key], ids=lambda spec: spec.name
)
def test_primary_keys_are_unique_within_each_snapshot(full_demo_sql, spec):
    """No two rows of one snapshot share a primary key (a NULL targets.village_code is the town)."""
    key = ", ".join(spec.primary_key)
    duplicates = full_demo_sql.execute(
        f"select snapshot_date, {key}, count(*) from {spec.name} "
        f"group by snapshot_date, {key} having count(*) > 1"
    ).fetchall()
    assert duplicates == []


def test_targets_have_one_town_row_per_year(full_demo_sql):
    """Town-level targets (village_code NULL) exist and are unique per year and snapshot."""
    rows = full_demo_sql.execute(
        "select snapshot_date, year, count(*) from targets where village_code is null "
        "group by all order by all"
    ).fetchall()
    assert rows, "no town-level target at all"
    assert all(count == 1 for _, _, count in rows)


def test_contract_declares_the_expected_foreign_keys():
    """dashboard/contract.py declares exactly the foreign keys the data contract describes."""
    declared = {
        (spec.name, key.column, key.ref_table, key.ref_column)
        for spec in contract.TABLES
        for key in spec.foreign_keys
    }
    assert declared == EXPECTED_FOREIGN_KEYS


@pytest.mark.parametrize("key", sorted(EXPECTED_FOREIGN_KEYS), ids=lambda k: f"{k[0]}.{k[1]}")
def test_foreign_keys_resolve_within_the_same_snapshot(full_demo_sql, key):
    """Every non-NULL reference finds its row in the same snapshot."""
    table_name, column, ref_table, ref_column = key
    dangling = full_demo_sql.execute(
        f"select t.snapshot_date, t.{column} from {table_name} as t "
        f"anti join {ref_table} as r "
        f"on r.snapshot_date = t.snapshot_date and r.{ref_column} = t.{column} "
        f"where t.{column} is not null limit 5"
    ).fetchall()
    assert dangling == []
    references = full_demo_sql.execute(
        f"select count(*) from {table_name} where {column} is not null"
    ).fetchone()[0]
    assert references > 0, f"{table_name}.{column} never refers to anything"


def test_id_numbers_are_valid_and_agree_with_the_person(full_demo_sql):
    """Every ID number has 18 characters, a valid check digit, the birth date and the sex digit."""
    rows = full_demo_sql.execute(
        "select person_id, id_number, birth_date, sex from members"
    ).fetchall()
    assert len(rows) > 1000
    for person_id, number, birth_date, sex in rows:
        assert len(number) == 18 and number[:17].isdigit(), (person_id, number)
        assert gb11643_check(number[:17]) == number[17], (person_id, number)
        assert number[6:14] == birth_date.strftime("%Y%m%d"), (person_id, number, birth_date)
        assert ("male" if int(number[16]) % 2 else "female") == sex, (person_id, number, sex)


def test_id_numbers_are_unique_per_person(full_demo_sql):
    """One person, one ID number: no number is shared by two person_ids."""
    shared = full_demo_sql.execute(
        "select id_number from members group by id_number having count(distinct person_id) > 1"
    ).fetchall()
    assert shared == []


def test_household_size_is_its_member_rows(full_demo_sql):
    """households.size equals the number of its rows in members, in every snapshot."""
    wrong = full_demo_sql.execute(
        """
        select h.snapshot_date, h.household_id, h.size, count(m.person_id) as rows
        from households as h
        left join members as m
            on m.snapshot_date = h.snapshot_date and m.household_id = h.household_id
        group by all
        having h.size <> count(m.person_id)
        limit 5
        """
    ).fetchall()
    assert wrong == []


def test_exit_year_follows_status(full_demo_sql):
    """exit_year is set for exited (never after the snapshot's year) and relapsed, else NULL."""
    wrong = full_demo_sql.execute(
        """
        select snapshot_date, household_id, status, exit_year from households
        where (status in ('exited', 'relapsed') and exit_year is null)
           or (status in ('not_exited', 'removed') and exit_year is not null)
           or exit_year > year(snapshot_date)
        limit 5
        """
    ).fetchall()
    assert wrong == []


def test_every_household_has_exactly_one_head(full_demo_sql):
    """Each household of each snapshot has one member whose relation is head."""
    wrong = full_demo_sql.execute(
        """
        select h.snapshot_date, h.household_id, count(m.person_id) as heads
        from households as h
        left join members as m
            on m.snapshot_date = h.snapshot_date and m.household_id = h.household_id
           and m.relation = 'head'
        group by all
        having count(m.person_id) <> 1
        limit 5
        """
    ).fetchall()
    assert wrong == []


def test_person_payments_and_births_agree_with_members(full_demo_sql):
    """A payment naming a person pays that person's household, and nobody is paid before birth."""
    wrong = full_demo_sql.execute(
        """
        select p.snapshot_date, p.payment_id from payments as p
        join members as m using (snapshot_date, person_id)
        where m.household_id <> p.household_id or m.birth_date > p.paid_date
        limit 5
        """
    ).fetchall()
    assert wrong == []
    unborn = full_demo_sql.execute(
        "select count(*) from members where birth_date > snapshot_date"
    ).fetchone()[0]
    assert unborn == 0


def test_amounts_are_positive(full_demo_sql):
    """Payments, loans and project budgets are all strictly positive amounts."""
    for table_name, column in (
        ("payments", "amount_yuan"),
        ("loans", "amount_yuan"),
        ("village_projects", "budget_yuan"),
    ):
        smallest = full_demo_sql.execute(f"select min({column}) from {table_name}").fetchone()[0]
        assert smallest > 0, f"{table_name}.{column} min {smallest}"


def test_migrant_months_are_within_a_year(full_demo_sql):
    """migrant_months is between 0 and 12, and 0 for members who do not work away."""
    low, high = full_demo_sql.execute(
        "select min(migrant_months), max(migrant_months) from members"
    ).fetchone()
    assert low >= 0 and high <= 12
    odd = full_demo_sql.execute(
        "select count(*) from members where migrant_work = 'none' and migrant_months <> 0"
    ).fetchone()[0]
    assert odd == 0


def test_parquet_files_are_zstd_compressed(full_demo_dir):
    """Every column chunk of every file is ZSTD-compressed."""
    for day in SNAPSHOT_DATES:
        for name in contract.TABLE_NAMES:
            metadata = pq.ParquetFile(table_path(full_demo_dir, day, name)).metadata
            codecs = {
                metadata.row_group(g).column(c).compression
                for g in range(metadata.num_row_groups)
                for c in range(metadata.num_columns)
            }
            if metadata.num_rows:
                assert codecs == {"ZSTD"}, f"{name} on {day}: {codecs}"
            else:
                assert codecs <= {"ZSTD"}, f"{name} on {day}: {codecs}"


def test_manifests_describe_their_snapshot(full_demo_dir):
    """Each manifest has contract version 1, its date, source kind demo and the true row counts."""
    for day in SNAPSHOT_DATES:
        manifest = json.loads(
            (snapshot_folder(full_demo_dir, day) / "manifest.json").read_text("utf-8")
        )
        assert manifest["contract_version"] == contract.CONTRACT_VERSION == "1.2"
        assert manifest["snapshot_date"] == day.isoformat()
        assert manifest["source"]["kind"] == "demo"
        real_counts = {
            name: pq.ParquetFile(table_path(full_demo_dir, day, name)).metadata.num_rows
            for name in contract.TABLE_NAMES
        }
        assert manifest["tables"] == real_counts, day


def _contract_text_tables(text: str) -> dict[str, list[tuple[str, str, str]]]:
    """Parse the markdown contract into {table: [(column, type text, notes)]}."""
    tables: dict[str, list[tuple[str, str, str]]] = {}
    current = None
    for line in text.splitlines():
        heading = re.match(r"^### (\w+)(?: \(v[\d.]+\))?:", line)  # "### monitoring (v1.2):"
        if heading:
            current = heading.group(1)
            tables[current] = []
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if current and line.startswith("|") and len(cells) == 3:
            if cells[0] in ("column", "---"):
                continue
            tables[current].append((cells[0], cells[1], cells[2]))
    return tables


@pytest.mark.skipif(not CONTRACT_TEXT.is_file(), reason="shared/data-contract.md not beside repo")
def test_contract_in_code_matches_the_written_contract():
    """dashboard/contract.py has the same tables, columns, types, NULLs and codes as the text."""
    written = _contract_text_tables(CONTRACT_TEXT.read_text(encoding="utf-8"))
    assert list(written) == list(contract.TABLE_NAMES)
    for spec in contract.TABLES:
        rows = written[spec.name]
        assert [name for name, _, _ in rows] == spec.column_names, spec.name
        for name, type_text, notes in rows:
            column = spec.column(name)
            nullable = type_text.endswith(" NULL")
            assert type_text.removesuffix(" NULL") == column.duckdb_type, (spec.name, name)
            assert nullable == column.nullable, (spec.name, name)
            # v1.2: "NULL when not in the source" (or "when the source has neither …").
            optional = re.search(r"v1\.2: NULL when (not in the source|the source has)", notes)
            assert bool(optional) == column.source_optional, (spec.name, name)
            if column.codes is not None:
                # "NULL … for `monitored_only`" names another column's code, not one of its own.
                own_notes = re.sub(r"for `\w+`", "", notes)
                codes = set(re.findall(r"`(\w+)`", own_notes))
                assert codes == set(column.codes), (spec.name, name)
