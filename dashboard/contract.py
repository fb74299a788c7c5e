"""The data contract, version 1.2, in code: the one place every other module reads it from.

`../shared/data-contract.md` is the human text; this module is its executable twin. The demo
generator, the snapshot writer, the importer, the checks and the tests all take table names,
column types, nullability, keys and allowed codes from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

# Add-only over 1 and 1.1: an older snapshot reads as 1.2 with the new columns NULL and the new
# tables empty.
CONTRACT_VERSION = "1.2"


@dataclass(frozen=True)
class Column:
    """One column: its DuckDB type, whether it may be NULL, and its allowed codes if coded."""

    name: str
    duckdb_type: str
    nullable: bool = False
    codes: tuple[str, ...] | None = None
    personal: bool = False  # names, ID numbers, phones: masked unless the viewer may see them
    since: str = "1"  # the contract version that added it; older snapshots read it as NULL
    # v1.2, "not in the source": NOT NULL whenever the source carries it, but a layout that does
    # not (the monitoring system's person list has no 贫困户属性) leaves it NULL, and the
    # snapshot's manifest lists it under `not_in_source`.
    source_optional: bool = False


@dataclass(frozen=True)
class ForeignKey:
    """`column` of this table refers to `ref_column` of `ref_table` (within one snapshot)."""

    column: str
    ref_table: str
    ref_column: str


@dataclass(frozen=True)
class Table:
    """One table of a snapshot."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)
    since: str = "1"  # the contract version that added it; older snapshots read it as empty

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    def arrow_schema(self, not_in_source: tuple[str, ...] | list[str] = ()) -> pa.Schema:
        """The Arrow schema Parquet files of this table are written with.

        `not_in_source`: the source-optional columns this snapshot's source did not carry; they
        are written nullable (and NULL), every other column keeps its contract flag.
        """
        return pa.schema(
            [
                pa.field(
                    column.name,
                    arrow_type(column.duckdb_type),
                    nullable=column.nullable or column.name in not_in_source,
                )
                for column in self.columns
            ]
        )

    @property
    def source_optional_columns(self) -> list[str]:
        """The columns a layout may not carry (contract v1.2, "Not in the source")."""
        return [column.name for column in self.columns if column.source_optional]


def arrow_type(duckdb_type: str) -> pa.DataType:
    """Map a contract DuckDB type to the Arrow type its Parquet column is written with.

    >>> arrow_type("DECIMAL(12,2)")
    Decimal128Type(decimal128(12, 2))
    """
    if duckdb_type.startswith("DECIMAL("):
        precision, scale = duckdb_type[len("DECIMAL(") : -1].split(",")
        return pa.decimal128(int(precision), int(scale))
    simple = {
        "VARCHAR": pa.string(),
        "INTEGER": pa.int32(),
        "BOOLEAN": pa.bool_(),
        "DATE": pa.date32(),
    }
    return simple[duckdb_type]


VILLAGE_KINDS = ("village", "water_village", "community", "shipping_company", "fishery")
HOUSEHOLD_ATTRIBUTES = ("general", "dibao", "tekun")
MAIN_CAUSES = (
    "illness",
    "disability",
    "education",
    "disaster",
    "lack_land",
    "lack_water",
    "lack_skills",
    "lack_labor",
    "lack_capital",
    "poor_transport",
    "lack_motivation",
)
# `monitored_only` (v1.2): an ordinary household (一般农户) that is a monitoring object and was
# never registered as poor; no figure of the 2014–2020 register counts it.
HOUSEHOLD_STATUSES = ("not_exited", "exited", "relapsed", "removed", "monitored_only")
RELATIONS = (
    "head",
    "spouse",
    "child",
    "child_in_law",
    "grandchild",
    "parent",
    "sibling",
    "other",
)
SEXES = ("male", "female")
EDUCATION_LEVELS = ("illiterate", "primary", "junior", "senior", "vocational", "college")
SCHOOL_STAGES = (
    "none",
    "preschool",
    "primary",
    "junior",
    "senior",
    "secondary_vocational",
    "higher_vocational",
    "college",
)
HEALTH_STATES = ("healthy", "chronic", "serious_illness", "disabled")
LABOR_ABILITIES = ("normal", "skilled", "weak", "lost", "none")
MIGRANT_WORK = ("none", "in_town", "in_county", "in_province", "out_of_province")
HELPER_LEVELS = ("city", "town", "village")
VISIT_KINDS = ("visit", "policy", "condolence", "other")
PROGRAMS = (
    "education_aid",
    "rainbow_plan",
    "transport_subsidy",
    "housing_renovation",
    "industry_planting",
    "industry_breeding",
    "pv_income",
    "loan_dividend",
    "public_welfare_job",
    "health_aid",
)
LOAN_MODES = ("enterprise_use", "self_use")
COURSES = ("city_employment", "town_skills")
PROJECT_CATEGORIES = ("industry", "infrastructure", "other")
PROJECT_STATUSES = ("planned", "tendering", "building", "done")
MONITORING_OBJECT_TYPES = ("unstable_exited", "edge", "sudden_hardship")
MONITORING_RISKS = (
    "illness",
    "disability",
    "education",
    "disaster",
    "accident",
    "industry_failure",
    "unstable_employment",
    "lack_labor",
    "housing",
    "drinking_water",
    "other",
)
DEPARTMENTS = (
    "medical_insurance",
    "civil_affairs",
    "disability",
    "education",
    "housing",
    "water",
    "emergency",
    "employment",
    "public_security",
    "market_regulation",
    "vehicles",
    "real_estate",
    "public_payroll",
    "other",
)

_V = "VARCHAR"
_I = "INTEGER"
_B = "BOOLEAN"
_D = "DATE"

TABLES: tuple[Table, ...] = (
    Table(
        "villages",
        (
            Column("village_code", _V),
            Column("village_name", _V),
            Column("town_code", _V),
            Column("town_name", _V),
            Column("county_code", _V),
            Column("county_name", _V),
            Column("prefecture_code", _V, nullable=True, since="1.1"),
            Column("prefecture_name", _V, nullable=True, since="1.1"),
            Column("province_code", _V, nullable=True, since="1.1"),
            Column("province_name", _V, nullable=True, since="1.1"),
            Column("kind", _V, codes=VILLAGE_KINDS),
            Column("groups_count", _I),
            Column("population", _I),
            Column("is_poor_village", _B),
            Column("poor_village_exit_year", _I, nullable=True),
        ),
        primary_key=("village_code",),
    ),
    Table(
        "households",
        (
            Column("household_id", _V),
            Column("village_code", _V),
            Column("group_name", _V, source_optional=True),
            Column("size", _I),
            Column("attribute", _V, codes=HOUSEHOLD_ATTRIBUTES, source_optional=True),
            Column("main_cause", _V, codes=MAIN_CAUSES, source_optional=True),
            Column("identified_year", _I),
            Column("status", _V, codes=HOUSEHOLD_STATUSES),
            Column("exit_year", _I, nullable=True),
            Column("planned_exit_year", _I, nullable=True),
            Column("income_per_capita", "DECIMAL(12,2)"),
            Column("income_year", _I),
            Column("housing_safe", _B, source_optional=True),
            Column("drinking_water_safe", _B, source_optional=True),
            Column("family_doctor_signed", _B, source_optional=True),
            Column("helper_id", _V, nullable=True),
            Column("village_contact_id", _V, nullable=True),
            Column("phone", _V, nullable=True, personal=True, since="1.1"),
            Column("natural_village", _V, nullable=True, since="1.2"),
        ),
        primary_key=("household_id",),
        foreign_keys=(
            ForeignKey("village_code", "villages", "village_code"),
            ForeignKey("helper_id", "helpers", "helper_id"),
            ForeignKey("village_contact_id", "helpers", "helper_id"),
        ),
    ),
    Table(
        "members",
        (
            Column("person_id", _V),
            Column("household_id", _V),
            Column("name", _V, personal=True),
            Column("id_number", _V, personal=True),
            Column("relation", _V, codes=RELATIONS),
            Column("sex", _V, codes=SEXES),
            Column("birth_date", _D),
            Column("education", _V, codes=EDUCATION_LEVELS, source_optional=True),
            Column("school_stage", _V, codes=SCHOOL_STAGES),
            Column("health", _V, codes=HEALTH_STATES),
            Column("health_detail", _V, nullable=True, since="1.1"),
            Column("labor", _V, codes=LABOR_ABILITIES),
            Column("migrant_work", _V, codes=MIGRANT_WORK, source_optional=True),
            Column("migrant_months", _I, source_optional=True),
            Column("medical_insurance", _B, source_optional=True),
            Column("ethnicity", _V, nullable=True, since="1.2"),
            Column("phone", _V, nullable=True, personal=True, since="1.2"),
        ),
        primary_key=("person_id",),
        foreign_keys=(ForeignKey("household_id", "households", "household_id"),),
    ),
    Table(
        "helpers",
        (
            Column("helper_id", _V),
            Column("name", _V, personal=True),
            Column("unit", _V),
            Column("level", _V, codes=HELPER_LEVELS),
        ),
        primary_key=("helper_id",),
    ),
    Table(
        "visits",
        (
            Column("visit_id", _V),
            Column("helper_id", _V),
            Column("household_id", _V),
            Column("visit_date", _D),
            Column("kind", _V, codes=VISIT_KINDS),
        ),
        primary_key=("visit_id",),
        foreign_keys=(
            ForeignKey("helper_id", "helpers", "helper_id"),
            ForeignKey("household_id", "households", "household_id"),
        ),
    ),
    Table(
        "payments",
        (
            Column("payment_id", _V),
            Column("household_id", _V),
            Column("person_id", _V, nullable=True),
            Column("program", _V, codes=PROGRAMS),
            Column("item", _V, nullable=True),
            Column("amount_yuan", "DECIMAL(12,2)"),
            Column("paid_date", _D),
            Column("batch", _V, nullable=True),
        ),
        primary_key=("payment_id",),
        foreign_keys=(
            ForeignKey("household_id", "households", "household_id"),
            ForeignKey("person_id", "members", "person_id"),
        ),
    ),
    Table(
        "loans",
        (
            Column("loan_id", _V),
            Column("household_id", _V),
            Column("mode", _V, codes=LOAN_MODES),
            Column("amount_yuan", "DECIMAL(12,2)"),
            Column("issued_date", _D),
            Column("term_months", _I),
            Column("enterprise", _V, nullable=True),
        ),
        primary_key=("loan_id",),
        foreign_keys=(ForeignKey("household_id", "households", "household_id"),),
    ),
    Table(
        "trainings",
        (
            Column("person_id", _V),
            Column("course", _V, codes=COURSES),
            Column("training_date", _D),
        ),
        foreign_keys=(ForeignKey("person_id", "members", "person_id"),),
    ),
    Table(
        "targets",
        (
            Column("year", _I),
            Column("village_code", _V, nullable=True),
            Column("town_code", _V, nullable=True, since="1.1"),
            Column("households", _I, nullable=True),
            Column("people", _I, nullable=True),
        ),
        primary_key=("year", "town_code", "village_code"),
        foreign_keys=(ForeignKey("village_code", "villages", "village_code"),),
    ),
    Table(
        "village_projects",
        (
            Column("project_id", _V),
            Column("village_code", _V),
            Column("name", _V),
            Column("category", _V, codes=PROJECT_CATEGORIES),
            Column("budget_yuan", "DECIMAL(14,2)"),
            Column("status", _V, codes=PROJECT_STATUSES),
            Column("year", _I),
        ),
        primary_key=("project_id",),
        foreign_keys=(ForeignKey("village_code", "villages", "village_code"),),
    ),
    Table(
        "monitoring",
        (
            Column("household_id", _V),
            Column("object_type", _V, codes=MONITORING_OBJECT_TYPES),
            Column("identified_date", _D),
            Column("risk_types", _V, nullable=True),
            Column("main_risk", _V, nullable=True, codes=MONITORING_RISKS),
            Column("eliminated", _B),
            Column("eliminated_date", _D, nullable=True),
            Column("measures", _V, nullable=True),
        ),
        primary_key=("household_id", "identified_date"),
        foreign_keys=(ForeignKey("household_id", "households", "household_id"),),
        since="1.2",
    ),
    Table(
        "department_records",
        (
            Column("record_id", _V),
            Column("id_number", _V, personal=True),
            Column("name", _V, nullable=True, personal=True),
            Column("department", _V, codes=DEPARTMENTS),
            Column("kind", _V),
            Column("record_date", _D),
            Column("amount_yuan", "DECIMAL(14,2)", nullable=True),
            Column("detail", _V, nullable=True),
        ),
        primary_key=("record_id",),
        since="1.2",
    ),
)

TABLES_BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}
TABLE_NAMES: tuple[str, ...] = tuple(TABLES_BY_NAME)


def table(name: str) -> Table:
    """The contract's table called `name`; KeyError naming the known tables otherwise."""
    try:
        return TABLES_BY_NAME[name]
    except KeyError:
        raise KeyError(f"no table {name!r} in the data contract; tables: {TABLE_NAMES}") from None


def coded_columns() -> list[tuple[str, Column]]:
    """Every (table name, column) pair whose values are codes from a fixed list."""
    return [(t.name, c) for t in TABLES for c in t.columns if c.codes is not None]
