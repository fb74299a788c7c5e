"""What the import's steps hand each other: a parsed row, a parsed file, the problems found
and what was derived.

A problem is (file, sheet, Excel row, column as headed in the file, value, message in Chinese
and English, severity). Errors block the import; warnings are imported and listed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from dashboard.importer.headers import ColumnMatch

ERROR = "error"
WARNING = "warning"


@dataclass
class Problem:
    """One problem, located as the user sees the file."""

    severity: str
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    message_zh: str
    message_en: str
    field: str | None = None  # the contract field of the cell, when the problem is in one
    kind: str | None = None  # what kind of problem, for the summary (empty_default, wording …)
    rows: list[int] | None = None  # a problem that stands for many rows: all of them
    suggestion: str | None = None  # what the import puts in instead (a default, a code's label)

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def count(self) -> int:
        """How many rows the problem stands for (one when it is about one cell or the file)."""
        return len(self.rows) if self.rows else 1

    @property
    def all_rows(self) -> list[int]:
        return self.rows if self.rows else ([self.row] if self.row is not None else [])

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_zh


@dataclass
class Record:
    """One data row: parsed values by field, and where it came from."""

    file: str
    sheet: str | None
    row: int
    values: dict[str, object]
    raw: dict[str, object]
    headers: dict[str, str]  # field → header as written in the file
    kind: str | None = None  # the kind of file the row is from (roster, payments …)


@dataclass
class ParsedFile:
    """One table of one file, recognised and parsed."""

    name: str
    sheet: str | None
    kind: str
    matches: list[ColumnMatch]
    records: list[Record]
    header_rows: tuple[int, ...]
    dropped: dict[str, int]

    @property
    def fields(self) -> set[str]:
        return {match.field for match in self.matches if match.field}


@dataclass
class Problems:
    """The problems found so far, and helpers to add them with their place."""

    items: list[Problem] = field(default_factory=list)
    groups: dict[tuple, Problem] = field(default_factory=dict)

    def add(
        self, severity, where, column, value, zh, en, field: str | None = None, kind=None
    ) -> None:
        file_name, sheet, row = where
        shown = None if value is None else str(value)
        self.items.append(
            Problem(severity, file_name, sheet, row, column, shown, zh, en, field, kind)
        )

    def grouped(self, severity, where, column, field, kind, value, zh, en, suggestion=None) -> None:
        """One problem for every row with the same (file, column, kind, value): a default for an
        empty cell or a wording mapped is said once, with its rows, not once per row."""
        file_name, sheet, row = where
        key = (severity, file_name, sheet, column, kind, value)
        problem = self.groups.get(key)
        if problem is None:
            problem = Problem(
                severity, file_name, sheet, row, column, value, zh, en, field, kind, [], suggestion
            )
            self.groups[key] = problem
            self.items.append(problem)
        problem.rows.append(row)

    def at(
        self, record: Record, name: str | None, severity: str, zh: str, en: str, kind=None
    ) -> None:
        """A problem in one cell (`name` a field) or one row (`name` None)."""
        column = record.headers.get(name) if name else None
        value = record.raw.get(name) if name else None
        self.add(
            severity, (record.file, record.sheet, record.row), column, value, zh, en, name, kind
        )

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.items if problem.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.items if problem.severity == WARNING]


@dataclass
class Derivation:
    """Something derived: what, how many rows, and how, for the import summary."""

    table: str
    column: str
    rows: int
    how_zh: str
    how_en: str

    def as_dict(self) -> dict:
        return asdict(self)
