"""What every table's assembly shares: the rows collected so far, the problems, what was derived
and the lookups one table leaves for the next (a village's code by its name, a person by their ID
number …), with the helpers that read a cell and say what is wrong with it."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict
from functools import cache

from dashboard import contract
from dashboard.importer.headers import FIELDS, field_spec
from dashboard.importer.records import ERROR, WARNING, Derivation, ParsedFile, Problems, Record
from dashboard.importer.values import parser_for
from dashboard.reference import REFERENCE_DIR

EMPTY_DEFAULTS_FILE = REFERENCE_DIR / "empty_defaults.csv"


@cache
def empty_defaults() -> dict[tuple[str, str], dict[str, object]]:
    """(kind, field) → the value an empty cell means, from data/reference/empty_defaults.csv."""
    table = {}
    with open(EMPTY_DEFAULTS_FILE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            spec = field_spec(row["kind"], row["field"])
            table[(row["kind"], row["field"])] = {
                "value": parser_for(spec.parse)(row["default"]),
                "shown": row["default"],
                "why_zh": row["why_zh"],
                "why_en": row["why_en"],
            }
    return table


class Context:
    """One import's parsed rows by kind of file, the contract's rows made from them so far, and
    the lookups between tables. The table modules (`dashboard.importer.tables.*`) fill it in the
    order `Assembler.run` calls them; each lookup says which module fills it."""

    def __init__(
        self,
        files: list[ParsedFile],
        snapshot_date: dt.date,
        problems: Problems,
        progress=None,
        not_in_source: dict[str, list[str]] | None = None,
        *,
        department: str | None = None,
        file_ids: dict[str, str] | None = None,
    ):
        self.progress = progress or (lambda line: None)
        self.not_in_source = {name: set(columns) for name, columns in (not_in_source or {}).items()}
        self.files = files
        self.snapshot_date = snapshot_date
        self.problems = problems
        self.derived: list[Derivation] = []
        self.records: dict[str, list[Record]] = defaultdict(list)  # kind of file → its rows
        self.fields: dict[str, set[str]] = defaultdict(set)  # kind of file → fields it carries
        for parsed in files:
            self.records[parsed.kind].extend(parsed.records)
            self.fields[parsed.kind] |= parsed.fields
        self.rows: dict[str, list[dict]] = {name: [] for name in contract.TABLE_NAMES}
        # villages: code → its row in the villages file; name → code; villages placed by the
        # official division codes (code → a roster row naming it) and names they could not place
        self.village_by_code: dict[str, Record] = {}
        self.village_by_name: dict[str, str] = {}
        self.placed_villages: dict[str, Record] = {}
        self.unplaced: set[str] = set()
        # helpers: number → row; name → numbers; (row, helper, level, household) to assign
        self.helper_rows: dict[str, Record] = {}
        self.helper_by_name: dict[str, list[str]] = defaultdict(list)
        self.assignments: list[tuple[Record, str, str, str]] = []
        # households: the household form's row and the row that speaks for each household
        self.household_form: dict[str, Record] = {}
        self.household_rows: dict[str, Record] = {}
        # members: person → household, ID number → person, household → its head
        self.member_household: dict[str, str] = {}
        self.person_by_id_number: dict[str, str] = {}
        self.head_by_household: dict[str, str] = {}
        # department lists (department_records.py): the department the user named, each file's
        # short SHA-256 (the records' numbers), the ID numbers of the register they are matched
        # against when it is carried over from an earlier snapshot, and that snapshot's records
        self.department = department
        self.file_ids = dict(file_ids or {})
        self.register_id_numbers: set[str] | None = None
        self.carried_records: list[dict] = []

    def derive(self, table: str, column: str, rows: int, how_zh: str, how_en: str) -> None:
        """Record that `rows` rows of `table.column` were derived, and how (none: nothing said)."""
        if rows:
            self.derived.append(Derivation(table, column, rows, how_zh, how_en))

    def keep_row(self, table: str, row: dict, ok: bool = True, optional=()) -> bool:
        """Keep `row` in `table` when `ok` and every column but the `optional` ones has a value
        (a missing one was already reported where it was read); whether it was kept."""
        kept = ok and all(value is not None for key, value in row.items() if key not in optional)
        if kept:
            self.rows[table].append(row)
        return kept

    def need(self, record: Record, name: str) -> object:
        """The value of a field that may not be empty; an error when it is (and the cell was)."""
        value = record.values.get(name)
        if value is None and record.raw.get(name) in (None, ""):
            kind = record.kind or next(
                k for k, fields in FIELDS.items() if any(s.name == name for s in fields)
            )
            default = empty_defaults().get((kind, name))
            if default is not None and name in record.headers:
                header = record.headers[name]
                self.problems.grouped(
                    WARNING,
                    (record.file, record.sheet, record.row),
                    header,
                    name,
                    "empty_default",
                    None,
                    f"“{header}”为空，按“{default['shown']}”导入：{default['why_zh']}。",
                    f"“{header}” is empty: imported as {default['shown']}; {default['why_en']}.",
                    default["shown"],
                )
                return default["value"]
            header = record.headers.get(name) or field_spec(kind, name).headers[0]
            self.problems.at(
                record,
                name,
                ERROR,
                f"“{header}”不能为空。",
                f"“{header}” may not be empty.",
                kind="empty",
            )
        return value

    def optional(self, record: Record, table: str, column: str, name: str | None = None):
        """A source-optional column (contract v1.2): None when no file of the import carries it,
        else the field's value, which may not be empty."""
        if column in self.not_in_source.get(table, ()):
            return None
        return self.need(record, name or column)

    def error(self, record: Record, name: str | None, zh: str, en: str) -> None:
        self.problems.at(record, name, ERROR, zh, en)

    def warn(self, record: Record, name: str | None, zh: str, en: str) -> None:
        self.problems.at(record, name, WARNING, zh, en)

    def most_common(self, kind: str, name: str) -> str | None:
        """The value of `name` most rows of `kind` give (None when no row gives one)."""
        found = Counter(r.values.get(name) for r in self.records[kind] if r.values.get(name))
        return found.most_common(1)[0][0] if found else None
