"""From matched rows to the contract's tables: each row's cells parsed by their field's parser
(`parse_records`), bad cells named where the user sees them, then the tables assembled one module
per table (`dashboard.importer.assemble`, `dashboard.importer.tables`).

A problem is (file, sheet, Excel row, column as headed in the file, value, message in Chinese
and English, severity). Errors block the import; warnings are imported and listed. The names the
rest of the project imports from here (`Assembler`, `Problem`, `ERROR` …) stay importable here.
"""

from __future__ import annotations

from dashboard.importer.assemble import Assembler
from dashboard.importer.headers import KIND_LABELS, REQUIRED, ColumnMatch, field_spec
from dashboard.importer.records import (
    ERROR,
    WARNING,
    Derivation,
    ParsedFile,
    Problem,
    Problems,
    Record,
)
from dashboard.importer.tables.context import EMPTY_DEFAULTS_FILE, empty_defaults
from dashboard.importer.tables.households import household_type_status, last_full_year
from dashboard.importer.tables.monitoring import (
    MONITORED_ONLY,
    main_risk,
    monitoring_object_type,
)
from dashboard.importer.tables.payments import PERSON_PROGRAMS
from dashboard.importer.tables.targets import TOWN_WORDS
from dashboard.importer.tables.villages import VILLAGE_CODE_DIGITS, division_placer
from dashboard.importer.values import UNKNOWN_COUNTY, BadValue, Mapped, as_text, parser_for
from dashboard.reference import code_labels

# Columns whose values repeat (codes, yes/no, years, amounts, village names) are parsed once
# per distinct value; columns of one value per person are not worth remembering.
UNIQUE_PARSES = frozenset({"id_number"})
UNIQUE_FIELDS = frozenset({"name", "phone", "person_id", "sequence"})


def parse_records(
    name: str, sheet: str | None, kind: str, matches, data, problems: Problems
) -> list[Record]:
    """Read every data row's matched cells with their field's parser; bad cells become errors.

    Column by column, each distinct value parsed once (a 100,000-person roster has a handful of
    distinct 务工状况), then put together row by row.
    """
    used = [match for match in matches if match.field and field_spec(kind, match.field).kept]
    headers = {match.field: match.header for match in used}
    row_numbers = [row_number for row_number, _ in data]
    rows = [cells for _, cells in data]  # padded to the header's width by locate_table
    bad: list[tuple[int, int, ColumnMatch, object, BadValue]] = []
    raw_columns = []
    value_columns = []
    for position, match in enumerate(used):
        spec = field_spec(kind, match.field)
        parse = parser_for(spec.parse)
        index = match.index
        cells = [row[index] for row in rows]
        remember = spec.parse not in UNIQUE_PARSES and match.field not in UNIQUE_FIELDS
        if remember:
            memo: dict[object, object] = {}
            for cell in set(cells):
                try:
                    memo[cell] = None if cell is None else parse(cell)
                except BadValue as error:
                    memo[cell] = error
            parsed = [memo[cell] for cell in cells]
            special = any(isinstance(value, BadValue | Mapped) for value in memo.values())
        else:
            parsed = []
            for cell in cells:
                try:
                    parsed.append(None if cell is None else parse(cell))
                except BadValue as error:
                    parsed.append(error)
            # a sound ID number of an unknown county is a Mapped value: a warning, not an error
            special = any(isinstance(value, BadValue | Mapped) for value in parsed)
        if special:  # bad cells become errors, wordings that say more become one warning each
            for offset, value in enumerate(parsed):
                if isinstance(value, BadValue):
                    bad.append((row_numbers[offset], position, match, cells[offset], value))
                    parsed[offset] = None
                elif isinstance(value, Mapped):
                    if value.kind == UNKNOWN_COUNTY:  # one warning per area code, never the number
                        label = None
                        zh, en = f"{value.note_zh}。", f"{value.note_en}."
                    else:
                        label = _label(kind, match.field, value)
                        zh = f"“{value.original}”按“{label}”导入：{value.note_zh}。"
                        en = f"“{value.original}” imported as {value}: {value.note_en}."
                    problems.grouped(
                        WARNING,
                        (name, sheet, row_numbers[offset]),
                        match.header,
                        match.field,
                        value.kind,
                        value.original,
                        zh,
                        en,
                        label,
                    )
                    parsed[offset] = str(value)
        raw_columns.append(cells)
        value_columns.append(parsed)
    for row_number, _, match, cell, error in sorted(bad, key=lambda item: item[:2]):
        problems.add(
            ERROR,
            (name, sheet, row_number),
            match.header,
            cell,
            error.message_zh,
            error.message_en,
            match.field,
            "bad_value",
        )
    fields = [match.field for match in used]
    if not used:
        return [Record(name, sheet, row, {}, {}, headers, kind) for row in row_numbers]
    return [
        Record(
            name,
            sheet,
            row_number,
            dict(zip(fields, values, strict=True)),
            dict(zip(fields, raws, strict=True)),
            headers,
            kind,
        )
        for row_number, values, raws in zip(
            row_numbers,
            zip(*value_columns, strict=True),
            zip(*raw_columns, strict=True),
            strict=True,
        )
    ]


def _label(kind: str, name: str, code: str) -> str:
    """The Chinese label of a coded field's code (小学 for members.school_stage primary)."""
    parse = field_spec(kind, name).parse
    if not parse.startswith("code:"):
        return code
    table_name, column_name = parse[len("code:") :].split(".")
    return code_labels().get((table_name, column_name, code), {}).get("zh", code)


def missing_requirements(kind: str, fields: set[str]) -> list[tuple[str, ...]]:
    """The requirement groups of `kind` none of whose fields the file has."""
    return [group for group in REQUIRED[kind] if not any(name in fields for name in group)]


def requirement_label(kind: str, group: tuple[str, ...], lang: str) -> str:
    specs = [field_spec(kind, name) for name in group]
    words = [
        spec.headers[0] if lang == "zh" else f"{spec.en} ({spec.headers[0]})" for spec in specs
    ]
    return (" 或 " if lang == "zh" else " or ").join(words)


def kind_label(kind: str, lang: str) -> str:
    zh, en = KIND_LABELS[kind]
    return zh if lang == "zh" else en


__all__ = [
    "EMPTY_DEFAULTS_FILE",
    "ERROR",
    "MONITORED_ONLY",
    "PERSON_PROGRAMS",
    "TOWN_WORDS",
    "VILLAGE_CODE_DIGITS",
    "WARNING",
    "Assembler",
    "Derivation",
    "ParsedFile",
    "Problem",
    "Problems",
    "Record",
    "as_text",
    "division_placer",
    "empty_defaults",
    "household_type_status",
    "kind_label",
    "last_full_year",
    "main_risk",
    "missing_requirements",
    "monitoring_object_type",
    "parse_records",
    "requirement_label",
]
