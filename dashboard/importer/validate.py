"""From matched rows to the contract's tables, with every problem named where the user sees it.

A problem is (file, sheet, Excel row, column as headed in the file, value, message in Chinese
and English, severity). Errors block the import; warnings are imported and listed. What the
data implies but the files lack (birth date and sex from the ID number, the village code from
the village's name, the income year from the snapshot date …) is derived and recorded.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from functools import cache

import pyarrow as pa

from dashboard import contract
from dashboard.importer.headers import FIELDS, KIND_LABELS, REQUIRED, ColumnMatch, field_spec
from dashboard.importer.values import (
    COMBINED_SEPARATORS,
    UNKNOWN_COUNTY,
    BadValue,
    Mapped,
    as_text,
    id_birth_date,
    id_sex,
    parser_for,
)
from dashboard.masking import mask_id_number
from dashboard.reference import REFERENCE_DIR, code_labels, division_names

try:  # the official division codes (统计用区划代码), when that reference is installed
    from dashboard.divisions import place_village as _place_village
except ImportError:
    _place_village = None

EMPTY_DEFAULTS_FILE = REFERENCE_DIR / "empty_defaults.csv"

ERROR = "error"
WARNING = "warning"
VILLAGE_CODE_DIGITS = 12
PROGRESS_EVERY_HOUSEHOLDS = 5_000  # the check of a large roster says how far it got this often
PERSON_PROGRAMS = (  # benefits paid for one person: an ID number in the ledger names that person
    "education_aid",
    "rainbow_plan",
    "transport_subsidy",
    "public_welfare_job",
    "health_aid",
)
TOWN_WORDS = ("全镇", "全乡", "合计", "全镇合计", "镇级")
HOUSEHOLD_LIST_SEPARATORS = r"[、,，;；\s/]+"


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
            special = False
            for cell in cells:
                try:
                    parsed.append(None if cell is None else parse(cell))
                except BadValue as error:
                    parsed.append(error)
                    special = True
        if special:  # bad cells become errors, wordings that say more become one warning each
            for offset, value in enumerate(parsed):
                if isinstance(value, BadValue):
                    bad.append((row_numbers[offset], position, match, cells[offset], value))
                    parsed[offset] = None
                elif isinstance(value, Mapped) and value.kind == UNKNOWN_COUNTY:
                    problems.grouped(  # one warning per area code, never the number itself
                        WARNING,
                        (name, sheet, row_numbers[offset]),
                        match.header,
                        match.field,
                        value.kind,
                        value.original,
                        f"{value.note_zh}。",
                        f"{value.note_en}.",
                    )
                    parsed[offset] = str(value)
                elif isinstance(value, Mapped):
                    label = _label(kind, match.field, value)
                    problems.grouped(
                        WARNING,
                        (name, sheet, row_numbers[offset]),
                        match.header,
                        match.field,
                        value.kind,
                        value.original,
                        f"“{value.original}”按“{label}”导入：{value.note_zh}。",
                        f"“{value.original}” imported as {value}: {value.note_en}.",
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


def missing_requirements(kind: str, fields: set[str]) -> list[tuple[str, ...]]:
    """The requirement groups of `kind` none of whose fields the file has."""
    return [group for group in REQUIRED[kind] if not any(name in fields for name in group)]


def requirement_label(kind: str, group: tuple[str, ...], lang: str) -> str:
    specs = [field_spec(kind, name) for name in group]
    words = [
        spec.headers[0] if lang == "zh" else f"{spec.en} ({spec.headers[0]})" for spec in specs
    ]
    return (" 或 " if lang == "zh" else " or ").join(words)


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


class Assembler:
    """Turns the parsed files of one import into the contract's tables."""

    def __init__(
        self,
        files: list[ParsedFile],
        snapshot_date: dt.date,
        problems: Problems,
        progress=None,
        not_in_source: dict[str, list[str]] | None = None,
    ):
        self.progress = progress or (lambda line: None)
        self.not_in_source = {name: set(columns) for name, columns in (not_in_source or {}).items()}
        self.files = files
        self.snapshot_date = snapshot_date
        self.problems = problems
        self.derived: list[Derivation] = []
        self.records: dict[str, list[Record]] = defaultdict(list)
        self.fields: dict[str, set[str]] = defaultdict(set)
        for parsed in files:
            self.records[parsed.kind].extend(parsed.records)
            self.fields[parsed.kind] |= parsed.fields
        self.rows: dict[str, list[dict]] = {name: [] for name in contract.TABLE_NAMES}

    # ------------------------------------------------------------------ helpers
    def derive(self, table: str, column: str, rows: int, how_zh: str, how_en: str) -> None:
        if rows:
            self.derived.append(Derivation(table, column, rows, how_zh, how_en))

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

    # ------------------------------------------------------------------ the tables
    def run(self) -> dict[str, pa.Table]:
        self._villages()
        self._helpers()
        self._roster()
        self._placed_village_rows()
        self._assign_helpers()
        self._payments()
        self._loans()
        self._visits()
        self._trainings()
        self._targets()
        self._projects()
        return {
            name: pa.Table.from_pylist(self.rows[name], schema=contract.table(name).arrow_schema())
            for name in contract.TABLE_NAMES
        }

    def _most_common(self, kind: str, name: str) -> str | None:
        found = Counter(r.values.get(name) for r in self.records[kind] if r.values.get(name))
        return found.most_common(1)[0][0] if found else None

    PLACE_COLUMNS = (
        "town_name",
        "town_code",
        "county_name",
        "county_code",
        "prefecture_name",
        "province_name",
    )

    def _roster_places(self) -> dict[str, dict[str, object]]:
        """Village code or name → the places the roster's rows of that village carry (the
        most common of each: 乡(镇), 县, their codes, 市, 省), for a villages file without them."""
        found: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        for record in [*self.records["roster"], *self.records["households"]]:
            v = record.values
            for key in (v.get("village_code"), v.get("village_name")):
                if key:
                    for column in self.PLACE_COLUMNS:
                        if v.get(column):
                            found[key][column][v[column]] += 1
        return {
            key: {column: counter.most_common(1)[0][0] for column, counter in columns.items()}
            for key, columns in found.items()
        }

    def _villages(self) -> None:
        records = self.records["villages"]
        town_wide = {
            column: self._most_common("roster", column) or self._most_common("households", column)
            for column in self.PLACE_COLUMNS
        }
        roster_places = self._roster_places()
        counts = Counter()
        self.village_by_code: dict[str, Record] = {}
        self.placed_villages: dict[str, Record] = {}  # code → a roster row naming it
        self.unplaced: set[str] = set()  # village names the division codes could not place
        self.village_by_name: dict[str, str] = {}
        for record in records:
            v = record.values
            code = self.need(record, "village_code")
            name = self.need(record, "village_name")
            if code is not None and not (code.isdigit() and len(code) == VILLAGE_CODE_DIGITS):
                self.error(
                    record,
                    "village_code",
                    f"村代码“{code}”应为12位数字的统计用区划代码。",
                    f"The village code “{code}” should be the 12-digit statistical area code.",
                )
                continue
            if code is None or name is None:
                continue
            if code in self.village_by_code:
                self.error(
                    record,
                    "village_code",
                    f"村代码 {code} 重复（第一次出现在第 {self.village_by_code[code].row} 行）。",
                    f"The village code {code} appears twice (first on row "
                    f"{self.village_by_code[code].row}).",
                )
                continue
            self.village_by_code[code] = record
            if name in self.village_by_name:
                self.warn(
                    record,
                    "village_name",
                    f"村名“{name}”重复，按村名查找时无法区分。",
                    f"The village name “{name}” appears twice; it cannot identify a village.",
                )
            self.village_by_name[name] = code
            place = roster_places.get(code) or roster_places.get(name) or {}
            row = {
                "village_code": code,
                "village_name": name,
                "town_code": v.get("town_code") or code[:9],
                "town_name": v.get("town_name") or place.get("town_name") or town_wide["town_name"],
                "county_code": v.get("county_code") or code[:6],
                "county_name": v.get("county_name")
                or place.get("county_name")
                or town_wide["county_name"],
                # Above the county: from the files, else the village code's leading digits and
                # the reference table of divisions (data contract v1.1).
                "prefecture_code": v.get("prefecture_code") or code[:4],
                "prefecture_name": v.get("prefecture_name")
                or place.get("prefecture_name")
                or division_names().get(code[:4]),
                "province_code": v.get("province_code") or code[:2],
                "province_name": v.get("province_name")
                or place.get("province_name")
                or division_names().get(code[:2]),
                "kind": v.get("kind") or _village_kind(name),
                "groups_count": self.need(record, "groups_count"),
                "population": self.need(record, "population"),
                "is_poor_village": self.need(record, "is_poor_village"),
                "poor_village_exit_year": v.get("poor_village_exit_year"),
            }
            for column in (
                "town_code",
                "county_code",
                "kind",
                "town_name",
                "county_name",
                "prefecture_name",
                "province_name",
            ):
                if v.get(column) is None and row[column] is not None:
                    counts[column] += 1
            for column in ("town_name", "county_name"):
                if row[column] is None:
                    label = "乡（镇）" if column == "town_name" else "县"
                    self.error(
                        record,
                        None,
                        f"缺少“{label}”：村情表和贫困人口信息表中都没有。",
                        f"No {label} ({column}) in the villages file nor in the roster.",
                    )
            optional = {"poor_village_exit_year", "prefecture_name", "province_name"}
            if any(value is None for key, value in row.items() if key not in optional):
                continue
            self.rows["villages"].append(row)
        self.derive(
            "villages",
            "town_code",
            counts["town_code"],
            "取村代码前9位",
            "first 9 digits of the village code",
        )
        self.derive(
            "villages",
            "county_code",
            counts["county_code"],
            "取村代码前6位",
            "first 6 digits of the village code",
        )
        self.derive(
            "villages",
            "kind",
            counts["kind"],
            "由村名推断（…社区、…渔场、…公司，其余为行政村）",
            "from the name (…社区, …渔场, …公司; else a village)",
        )
        self.derive(
            "villages",
            "town_name",
            counts["town_name"],
            "取自贫困人口信息表的“乡（镇）”",
            "from the roster's 乡(镇)",
        )
        self.derive(
            "villages",
            "county_name",
            counts["county_name"],
            "取自贫困人口信息表的“县”",
            "from the roster's 县",
        )
        for column, label in (("prefecture_name", "市"), ("province_name", "省")):
            self.derive(
                "villages",
                column,
                counts[column],
                f"取自贫困人口信息表的“{label}”",
                f"from the roster's {label}",
            )

    def _village_code(self, record: Record, counts: Counter) -> str | None:
        """A row's village: its code, else its name looked up in the villages file."""
        code = record.values.get("village_code")
        if code:
            if code not in self.village_by_code:
                self.error(
                    record,
                    "village_code",
                    f"村代码 {code} 不在村情表中。请同时导入村情表，或核对代码。",
                    f"The village code {code} is not in the villages file. Import the villages "
                    "file too, or check the code.",
                )
                return None
            return code
        name = record.values.get("village_name")
        if not name:
            self.need(record, "village_name")
            return None
        if name not in self.village_by_name and not self.records["villages"]:
            return self._placed_by_division(record, name, counts)
        if name not in self.village_by_name:
            known = "、".join(self.village_by_name) or "（未导入村情表）"
            self.error(
                record,
                "village_name",
                f"村“{name}”不在村情表中（村情表中有：{known}）。请同时导入村情表，或核对村名。",
                f"The village “{name}” is not in the villages file (it has: "
                f"{', '.join(self.village_by_name) or 'no villages file imported'}). Import the "
                "villages file too, or check the name.",
            )
            return None
        counts["village_code"] += 1
        return self.village_by_name[name]

    def _placed_by_division(self, record: Record, name: str, counts: Counter) -> str | None:
        """A village named without a code and with no villages file: its official code from the
        division reference (dashboard.divisions, when present), and a villages row made from
        what the roster says of it."""
        v = record.values
        place = division_placer()
        if name in self.unplaced:  # said once per village, not once per row
            return None
        self.unplaced.add(name)
        if place is None:
            self.error(
                record,
                "village_name",
                f"村“{name}”不在村情表中，也没有代码：没有村情表，也没有区划代码参考表，无法确定是哪个村。请同时导入村情表。",
                f"The village “{name}” is not in the villages file and has no code: there is no "
                "villages file and no division reference to place it. Import the villages file "
                "too.",
            )
            return None
        code = place(
            province=v.get("province_name"),
            county=v.get("county_name"),
            town=v.get("town_name"),
            village=name,
        )
        if not code:
            named = [part for part in (v.get("town_name"), v.get("county_name")) if part]
            where_zh = "".join(reversed(named)) if named else "（名单未写县、乡镇）"
            where_en = (
                f" ({', '.join(named)})" if named else " (the roster names no county or town)"
            )
            self.error(
                record,
                "village_name",
                f"村“{name}”不在村情表中（未导入村情表），区划代码也无法确定它是哪个村："
                f"{where_zh}。请核对县、乡镇和村名，或同时导入村情表。",
                f"The village “{name}” is not in the villages file (none was imported), and the "
                f"official division codes cannot place it{where_en}. Check the county, town and "
                "village names, or import the villages file too.",
            )
            return None
        self.village_by_name[name] = code
        self.placed_villages[code] = record
        counts["village_code"] += 1
        return code

    def _placed_village_rows(self) -> None:
        """A villages row for each village placed by the division codes (no villages file):
        names from the roster, groups and people counted from it, not a poor village."""
        if not self.placed_villages:
            return
        groups: dict[str, set] = defaultdict(set)
        people: Counter = Counter()
        for row in self.rows["households"]:
            groups[row["village_code"]].add(row["group_name"])
            people[row["village_code"]] += row["size"]
        for code, record in self.placed_villages.items():
            v = record.values
            self.rows["villages"].append(
                {
                    "village_code": code,
                    "village_name": v.get("village_name"),
                    "town_code": code[:9],
                    "town_name": v.get("town_name") or "",
                    "county_code": code[:6],
                    "county_name": v.get("county_name") or "",
                    "prefecture_code": code[:4],
                    "prefecture_name": v.get("prefecture_name"),
                    "province_code": code[:2],
                    "province_name": v.get("province_name"),
                    "kind": _village_kind(v.get("village_name") or ""),
                    "groups_count": len(groups[code] - {None}),
                    "population": people[code],
                    "is_poor_village": False,
                    "poor_village_exit_year": None,
                }
            )
        for column, zh, en in (
            ("village_code", "按县、乡（镇）、村名在区划代码中查得", "from the official division codes by name"),
            ("groups_count", "名单中该村的村民组数", "the village groups the roster names"),
            ("population", "名单中该村的人数（户籍人口不在来源中）", "the roster's people in the village (its registered residents are not in the source)"),
            ("is_poor_village", "来源未提供，按否导入", "not in the source: imported as no"),
        ):  # fmt: skip
            self.derive("villages", column, len(self.placed_villages), zh, en)

    def _helpers(self) -> None:
        records = self.records["helpers"]
        has_id = "helper_id" in self.fields["helpers"]
        counts = Counter()
        self.helper_rows: dict[str, Record] = {}
        self.helper_by_name: dict[str, list[str]] = defaultdict(list)
        self.assignments: list[
            tuple[Record, str, str, str]
        ] = []  # record, helper, level, household
        for number, record in enumerate(records, start=1):
            v = record.values
            helper_id = self.need(record, "helper_id") if has_id else f"H{number:04d}"
            counts["helper_id"] += 0 if has_id else 1
            name = self.need(record, "name")
            unit = self.need(record, "unit")
            level = v.get("level")
            if level is None and "level" not in self.fields["helpers"] and unit:
                level = _helper_level(unit)
                counts["level"] += level is not None
            if level is None:
                self.error(
                    record,
                    "level" if "level" in record.headers else None,
                    "无法确定帮扶级别（市级/镇级/村级），请填写“帮扶级别”列。",
                    "The helper's level (市级/镇级/村级) is unknown; fill in a 帮扶级别 column.",
                )
            if helper_id is None or name is None or unit is None or level is None:
                continue
            if helper_id in self.helper_rows:
                self.error(
                    record,
                    "helper_id",
                    f"帮扶人编号 {helper_id} 重复（第一次出现在第 {self.helper_rows[helper_id].row} 行）。",
                    f"The helper number {helper_id} appears twice (first on row "
                    f"{self.helper_rows[helper_id].row}).",
                )
                continue
            self.helper_rows[helper_id] = record
            self.helper_by_name[name].append(helper_id)
            self.rows["helpers"].append(
                {"helper_id": helper_id, "name": name, "unit": unit, "level": level}
            )
            for household in re.split(HOUSEHOLD_LIST_SEPARATORS, v.get("households") or ""):
                if household:
                    self.assignments.append((record, helper_id, level, household))
        self.derive(
            "helpers",
            "helper_id",
            counts["helper_id"],
            "按行顺序编号 H0001…",
            "numbered H0001… in row order",
        )
        self.derive(
            "helpers",
            "level",
            counts["level"],
            "由工作单位推断（市…为市级，…镇为镇级，…村为村级）",
            "from the work unit (市… city, …镇 town, …村 village)",
        )

    def _roster(self) -> None:
        records = self.records["roster"]
        fields = self.fields["roster"]
        counts = Counter()
        by_household: dict[str, list[Record]] = {}
        for record in records:
            household_id = self.need(record, "household_id")
            if household_id:
                by_household.setdefault(household_id, []).append(record)
        self.household_form: dict[str, Record] = {}
        for record in self.records["households"]:
            household_id = self.need(record, "household_id")
            if household_id in self.household_form:
                self.error(
                    record,
                    "household_id",
                    f"户编号 {household_id} 在贫困户信息表中重复（第一次出现在第 "
                    f"{self.household_form[household_id].row} 行）。",
                    f"The household {household_id} appears twice in the household form (first "
                    f"on row {self.household_form[household_id].row}).",
                )
            elif household_id:
                self.household_form[household_id] = record
        used_forms: set[str] = set()
        self.household_rows: dict[str, Record] = {}
        self.member_household: dict[str, str] = {}
        self.person_by_id_number: dict[str, str] = {}
        self.head_by_household: dict[str, str] = {}
        person_rows: dict[str, Record] = {}
        id_rows: dict[str, Record] = {}
        all_fields = fields | self.fields["households"]
        data_dates = Counter(
            r.values["data_date"]
            for kind in ("roster", "households")
            for r in self.records[kind]
            if r.values.get("data_date")
        )
        income_year = last_full_year(self.snapshot_date)
        if data_dates:  # the export says when its data stood: its income is of that year
            data_date = data_dates.most_common(1)[0][0]
            income_year = last_full_year(data_date)
            income_how = (
                f"取导出文件“数据日期”{data_date.isoformat()}前最近一个完整年度 {income_year}",
                f"the last full year before the export's data date {data_date.isoformat()}, "
                f"{income_year}",
            )
        else:
            income_how = (
                f"取快照日期前最近一个完整年度 {income_year}",
                f"the last full year before the snapshot date, {income_year}",
            )
        self.monitoring_rows: list[dict] = []
        for number, (household_id, members) in enumerate(by_household.items(), start=1):
            if number % PROGRESS_EVERY_HOUSEHOLDS == 0:
                self.progress(f"  校验户 / checking households: {number:,}/{len(by_household):,}")
            heads = [r for r in members if r.values.get("relation") == "head"]
            main = heads[0] if heads else members[0]
            form = self.household_form.get(household_id)
            if not heads:
                self.warn(
                    main,
                    "relation",
                    f"户 {household_id} 没有户主。",
                    f"Household {household_id} has no head.",
                )
            elif len(heads) > 1:
                self.warn(
                    heads[1],
                    "relation",
                    f"户 {household_id} 有 {len(heads)} 个户主。",
                    f"Household {household_id} has {len(heads)} heads.",
                )
            self._check_same(household_id, members, main)
            if form is not None:  # the household form's row speaks for the household
                main = _merged(form, main)
                used_forms.add(household_id)
            v = main.values
            village_code = self._village_code(main, counts)
            housing = v.get("housing_safe")
            if housing is None and v.get("housing_unsafe") is not None:
                housing = not v["housing_unsafe"]
                counts["housing_safe"] += 1
            if housing is None and "housing_safe" not in self.not_in_source.get("households", ()):
                self.need(main, "housing_safe" if "housing_safe" in fields else "housing_unsafe")
            status = self._status(main, counts)
            exit_year = v.get("exit_year")
            identified_year = self._identified_year(main, status, counts)
            if status == "exited" and exit_year is None and "exit_year" not in all_fields:
                counts["exit_year_missing"] += 1
            elif status == "exited" and exit_year is None:
                self.error(
                    main,
                    "exit_year" if "exit_year" in fields else "status",
                    f"户 {household_id} 已脱贫，但没有脱贫年度。",
                    f"Household {household_id} has exited but has no exit year.",
                )
            if exit_year and identified_year and exit_year < identified_year:
                self.warn(
                    main,
                    "exit_year",
                    f"脱贫年度 {exit_year} 早于识别年度 {identified_year}。",
                    f"Exit year {exit_year} is before the year identified, {identified_year}.",
                )
            stated_size = v.get("size")
            if stated_size is not None and stated_size != len(members):
                self.warn(
                    main,
                    "size",
                    f"户 {household_id} 的“人数”写的是 {stated_size}，但名单中有 {len(members)} 人；按名单人数 {len(members)} 导入。",
                    f"Household {household_id} states {stated_size} people but the roster lists "
                    f"{len(members)}; imported as {len(members)}.",
                )
            if stated_size is None:
                counts["size"] += 1
            if v.get("income_year") is None:
                counts["income_year"] += 1
            group_name = v.get("group_name")
            if group_name is None and "group_name" not in all_fields and v.get("natural_village"):
                group_name = v["natural_village"]  # the 自然村 is the group a layout knows
                counts["group_name"] += 1
            elif "group_name" in all_fields or "natural_village" in all_fields:
                group_name = self.optional(
                    main, "households", "group_name",
                    "group_name" if "group_name" in all_fields else "natural_village",
                )  # fmt: skip
            row = {
                "household_id": household_id,
                "village_code": village_code,
                "group_name": group_name,
                "size": len(members),
                "attribute": None
                if status == MONITORED_ONLY
                else self.optional(main, "households", "attribute"),
                "main_cause": self.optional(main, "households", "main_cause"),
                "identified_year": identified_year,
                "status": status,
                "exit_year": exit_year,
                "planned_exit_year": v.get("planned_exit_year"),
                "income_per_capita": self.need(main, "income_per_capita"),
                "income_year": v.get("income_year") or income_year,
                "housing_safe": housing,
                "drinking_water_safe": self.optional(main, "households", "drinking_water_safe"),
                "family_doctor_signed": self.optional(main, "households", "family_doctor_signed"),
                "helper_id": v.get("helper_id"),
                "village_contact_id": v.get("village_contact_id"),
                "phone": v.get("phone"),
                "natural_village": v.get("natural_village"),
            }
            if row["income_per_capita"] is not None and row["income_per_capita"] < 0:
                self.error(
                    main,
                    "income_per_capita",
                    "人均纯收入不能为负数。",
                    "Income per person cannot be negative.",
                )
                continue
            self.household_rows[household_id] = main
            nullable = {
                "exit_year",
                "planned_exit_year",
                "helper_id",
                "village_contact_id",
                "phone",
                "natural_village",
                *self.not_in_source.get("households", ()),
            }
            if status == MONITORED_ONLY:
                nullable.add("attribute")
            if all(value is not None for key, value in row.items() if key not in nullable):
                self.rows["households"].append(row)
                self._monitoring(main, household_id, status)
            for sequence, record in enumerate(members, start=1):
                self._member(record, household_id, sequence, counts, person_rows, id_rows)
        for household_id, record in self.household_form.items():
            if household_id not in used_forms:
                self.error(
                    record,
                    "household_id",
                    f"户 {household_id} 在贫困户信息表中，但贫困人口信息表中没有它的成员。",
                    f"The household {household_id} is in the household form but has no members "
                    "in the person roster.",
                )
        self.derive(
            "households",
            "village_code",
            counts["village_code"],
            "按“行政村”名称在村情表中查得",
            "looked up from the village name in the villages file",
        )
        self.derive(
            "households",
            "size",
            counts["size"],
            "按名单中该户的人数计",
            "counted from the household's rows",
        )
        self.derive("households", "income_year", counts["income_year"], *income_how)
        if counts["income_year"] and records and data_dates:
            self.warn(
                records[0],
                None,
                f"文件没有“收入年度”：{counts['income_year']} 户的收入年度{income_how[0]}。",
                f"The files give no income year: for {counts['income_year']} households it is "
                f"{income_how[1]}.",
            )
        self.derive(
            "households",
            "housing_safe",
            counts["housing_safe"],
            "由“危房户”取反（危房户为“是”即住房不安全）",
            "the opposite of 危房户 (是 means the house is not safe)",
        )
        self.derive(
            "households",
            "status",
            counts["status"],
            "由户类型/脱贫标志得出（脱贫户为已脱贫，一般农户为仅监测对象）",
            "from 户类型 / 脱贫标志 (脱贫户: exited; 一般农户: monitored only)",
        )
        self.derive(
            "households",
            "identified_year",
            counts["identified_year"],
            "一般农户取其纳入监测（风险识别时间）的年份",
            "for an ordinary household, the year it became a monitoring object (风险识别时间)",
        )
        self.derive(
            "households",
            "group_name",
            counts["group_name"],
            "没有村民组列：取自然村",
            "no village group column: the natural village (自然村)",
        )
        if counts["exit_year_missing"] and records:
            self.warn(
                records[0],
                None,
                f"文件没有“脱贫年度”：{counts['exit_year_missing']} 户已脱贫户的脱贫年度为空。",
                f"The files give no exit year: {counts['exit_year_missing']} exited households "
                "are imported without one.",
            )
        self.rows["monitoring"].extend(self.monitoring_rows)
        self.derive(
            "members",
            "birth_date",
            counts["birth_date"],
            "由证件号码第7–14位得出",
            "from digits 7-14 of the ID number",
        )
        self.derive(
            "members",
            "sex",
            counts["sex"],
            "由证件号码第17位得出（奇数为男）",
            "from the 17th digit of the ID number (odd: male)",
        )
        self.derive(
            "members",
            "person_id",
            counts["person_id"],
            "户编号加两位序号",
            "the household number and a two-digit sequence",
        )

    def _status(self, main: Record, counts: Counter) -> str | None:
        """贫困户状态 as written; else from 户类型 (脱贫户 / 一般农户) or 脱贫标志 (是/否)."""
        if "status" in main.headers:
            return self.need(main, "status")
        if "household_type" in main.headers:
            written = self.need(main, "household_type")
            if written is None:
                return None
            status = household_type_status(written)
            if status is None:
                self.error(
                    main,
                    "household_type",
                    f"户类型“{written}”无法识别：应为“脱贫户”或“一般农户”。",
                    f"The household type “{written}” is not known: it should be 脱贫户 (exited) "
                    "or 一般农户 (an ordinary household under monitoring).",
                )
                return None
            counts["status"] += 1
            return status
        flag = self.need(main, "exited_flag")
        if flag is None:
            return None
        counts["status"] += 1
        return "exited" if flag else "not_exited"

    def _identified_year(self, main: Record, status: str | None, counts: Counter) -> int | None:
        """识别年度 (or the year of 首次识别时间); for an ordinary household under monitoring,
        which was never identified as poor, the year it became a monitoring object."""
        v = main.values
        if status == MONITORED_ONLY and v.get("identified_year") is None:
            risk_date = v.get("risk_identified_date")
            if risk_date is not None:
                counts["identified_year"] += 1
                return risk_date.year
        return self.need(main, "identified_year")

    def _monitoring(self, main: Record, household_id: str, status: str | None) -> None:
        """The household's spell as a monitoring object (contract v1.2 `monitoring`), when the
        file says it is one: a 监测对象类型, or a 风险识别时间."""
        v = main.values
        written = v.get("monitoring_type")
        identified = v.get("risk_identified_date")
        if not written and identified is None:
            if status == MONITORED_ONLY:
                self.error(
                    main,
                    "household_type",
                    f"户 {household_id} 是一般农户，但没有监测对象类型和风险识别时间。",
                    f"Household {household_id} is an ordinary household (一般农户) but has no "
                    "monitoring type and no date the risk was identified.",
                )
            return
        object_type = monitoring_object_type(written) if written else None
        if object_type is None:
            object_type = "edge" if status == MONITORED_ONLY else "unstable_exited"
            if written:
                self.error(
                    main,
                    "monitoring_type",
                    f"监测对象类型“{written}”无法识别：应为脱贫不稳定户、边缘易致贫户或突发严重困难户。",
                    f"The monitoring type “{written}” is not known: it should be 脱贫不稳定户, "
                    "边缘易致贫户 or 突发严重困难户.",
                )
                return
        if identified is None:
            self.error(
                main,
                "risk_identified_date" if "risk_identified_date" in main.headers else None,
                f"户 {household_id} 是监测对象，但没有风险识别时间。",
                f"Household {household_id} is a monitoring object but has no date the risk was "
                "identified (风险识别时间).",
            )
            return
        eliminated_date = v.get("risk_eliminated_date")
        eliminated = v.get("risk_eliminated")
        if eliminated is None:
            eliminated = eliminated_date is not None
        if eliminated and eliminated_date is not None and eliminated_date < identified:
            self.warn(
                main,
                "risk_eliminated_date",
                "风险消除时间早于风险识别时间。",
                "The risk was eliminated before it was identified.",
            )
        risks = [
            part
            for part in re.split(r"[、,，;；/]+", as_text(v.get("risk_types") or "") or "")
            if part
        ]
        if not risks and as_text(main.raw.get("main_cause")):
            risks = [as_text(main.raw.get("main_cause"))]
        self.monitoring_rows.append(
            {
                "household_id": household_id,
                "object_type": object_type,
                "identified_date": identified,
                "risk_types": "、".join(risks[:5]) or None,
                "main_risk": main_risk(risks[0]) if risks else None,
                "eliminated": bool(eliminated),
                "eliminated_date": eliminated_date if eliminated else None,
                "measures": as_text(v.get("measures")),
            }
        )

    def _check_same(self, household_id: str, members: list[Record], main: Record) -> None:
        """Household columns are repeated on each member's row: they must agree."""
        for name in (
            "village_name",
            "village_code",
            "group_name",
            "attribute",
            "main_cause",
            "status",
            "identified_year",
            "exit_year",
            "income_per_capita",
        ):
            seen = {r.values.get(name) for r in members if r.values.get(name) is not None}
            if len(seen) > 1:
                other = next(
                    r for r in members if r.values.get(name) not in (None, main.values.get(name))
                )
                self.warn(
                    other,
                    name,
                    f"户 {household_id} 各成员行的“{other.headers.get(name)}”不一致（{'、'.join(map(str, seen))}），按户主行导入。",
                    f"The rows of household {household_id} disagree on {other.headers.get(name)} "
                    f"({', '.join(map(str, seen))}); the head's row is used.",
                )

    def _member(self, record, household_id, sequence, counts, person_rows, id_rows) -> None:
        v = record.values
        person_id = v.get("person_id")
        if person_id is None:
            if "person_id" in self.fields["roster"]:
                self.need(record, "person_id")
                return
            person_id = f"{household_id}{sequence:02d}"
            counts["person_id"] += 1
        number = self.need(record, "id_number")
        if person_id in person_rows:
            self.error(
                record,
                "person_id",
                f"人编号 {person_id} 重复（第一次出现在第 {person_rows[person_id].row} 行）。",
                f"The person number {person_id} appears twice (first on row {person_rows[person_id].row}).",
            )
            return
        person_rows[person_id] = record
        if number is not None:
            if number in id_rows:
                first = id_rows[number]
                self.error(
                    record,
                    "id_number",
                    f"证件号码 {mask_id_number(number)} 重复（第一次出现在第 {first.row} 行，户 {first.values.get('household_id')}）。",
                    f"The ID number {mask_id_number(number)} appears twice (first on row {first.row}, household {first.values.get('household_id')}).",
                )
                return
            id_rows[number] = record
            self.person_by_id_number[number] = person_id
        sex, birth_date = v.get("sex"), v.get("birth_date")
        if number is not None:
            if sex is None and not record.raw.get("sex"):
                sex = id_sex(number)
                counts["sex"] += 1
            elif sex is not None and sex != id_sex(number):
                self.warn(
                    record,
                    "sex",
                    f"性别与证件号码不符（证件号码第17位表示{'男' if id_sex(number) == 'male' else '女'}）。",
                    f"The sex disagrees with the ID number (its 17th digit says {id_sex(number)}).",
                )
            if birth_date is None and not record.raw.get("birth_date"):
                birth_date = id_birth_date(number)
                counts["birth_date"] += 1
            elif birth_date is not None and birth_date != id_birth_date(number):
                self.warn(
                    record,
                    "birth_date",
                    f"出生日期与证件号码中的 {id_birth_date(number).isoformat()} 不符。",
                    f"The birth date disagrees with the ID number's {id_birth_date(number).isoformat()}.",
                )
        months = self.optional(record, "members", "migrant_months")
        if months is not None and not 0 <= months <= 12:
            self.error(
                record,
                "migrant_months",
                f"务工时间 {months} 个月不在 0–12 之间。",
                f"{months} months of migrant work is not between 0 and 12.",
            )
            return
        if v.get("relation") == "head":
            self.head_by_household[household_id] = person_id
        self.member_household[person_id] = household_id
        row = {
            "person_id": person_id,
            "household_id": household_id,
            "name": self.need(record, "name"),
            "id_number": number,
            "relation": self.need(record, "relation"),
            "sex": sex,
            "birth_date": birth_date,
            "education": self.optional(record, "members", "education"),
            "school_stage": self.need(record, "school_stage"),
            "health": self.need(record, "health"),
            # the contract keeps the text only when it gave several values (残疾,长期慢性病)
            "health_detail": as_text(record.raw.get("health"))
            if record.kind == "roster" and self._is_combined_health(record)
            else None,
            "labor": self.need(record, "labor"),
            "migrant_work": self.optional(record, "members", "migrant_work"),
            "migrant_months": months,
            "medical_insurance": self.optional(record, "members", "medical_insurance"),
            "ethnicity": v.get("ethnicity"),
            "phone": v.get("member_phone"),
        }
        if birth_date is not None and birth_date > self.snapshot_date:
            self.error(
                record,
                "birth_date",
                "出生日期晚于快照日期。",
                "The birth date is after the snapshot date.",
            )
            return
        nullable = {"health_detail", "ethnicity", "phone", *self.not_in_source.get("members", ())}
        if all(value is not None for key, value in row.items() if key not in nullable):
            self.rows["members"].append(row)

    @staticmethod
    def _is_combined_health(record: Record) -> bool:
        text = as_text(record.raw.get("health"))
        return (
            bool(text)
            and len([part for part in re.split(COMBINED_SEPARATORS, text) if part.strip()]) > 1
        )

    def _assign_helpers(self) -> None:
        """帮扶户编号 in the helpers file → households' helper_id and village_contact_id."""
        roster_fields = self.fields["roster"]
        households = {row["household_id"]: row for row in self.rows["households"]}
        counts = Counter()
        for record, helper_id, level, household_id in self.assignments:
            column = "village_contact_id" if level == "village" else "helper_id"
            if column in roster_fields:
                continue  # the roster names them itself
            if household_id not in self.household_rows:
                self.error(
                    record,
                    "households",
                    f"帮扶户编号 {household_id} 不在贫困人口信息表中。",
                    f"The household {household_id} is not in the roster.",
                )
                continue
            row = households.get(household_id)
            if row is None:
                continue
            if row[column] is not None and row[column] != helper_id:
                self.warn(
                    record,
                    "households",
                    f"户 {household_id} 已有{'村级联系人' if level == 'village' else '帮扶责任人'} {row[column]}，本行的 {helper_id} 未采用。",
                    f"Household {household_id} already has {row[column]} as its {'village contact' if level == 'village' else 'helper'}; {helper_id} on this row is not used.",
                )
                continue
            row[column] = helper_id
            counts[column] += 1
        for household_id, row in households.items():
            for column in ("helper_id", "village_contact_id"):
                if (
                    row[column] is not None
                    and row[column] not in self.helper_rows
                    and self.records["helpers"] is not None
                ):
                    record = self.household_rows[household_id]
                    self.error(
                        record,
                        column,
                        f"帮扶人编号 {row[column]} 不在帮扶责任人表中。",
                        f"The helper {row[column]} is not in the helpers file.",
                    )
        self.derive(
            "households",
            "helper_id",
            counts["helper_id"],
            "取自帮扶责任人表的“帮扶户编号”",
            "from the helpers file's list of households",
        )
        self.derive(
            "households",
            "village_contact_id",
            counts["village_contact_id"],
            "取自帮扶责任人表（村级）的“帮扶户编号”",
            "from the helpers file's village-level lists",
        )

    def _household_of(
        self, record: Record, with_person: bool = False
    ) -> tuple[str | None, str | None]:
        """(household, person) of a ledger row: by 户编号, else by 证件号码 through the roster."""
        household_id = record.values.get("household_id")
        number = record.values.get("id_number")
        person_id = None
        if number is not None:
            person_id = self.person_by_id_number.get(number)
            if person_id is None:
                self.error(
                    record,
                    "id_number",
                    f"证件号码 {mask_id_number(number)} 不在贫困人口信息表中。",
                    f"The ID number {mask_id_number(number)} is not in the roster.",
                )
                return None, None
            if household_id is None:
                household_id = self.member_household[person_id]
                self._by_id_number += 1
        if household_id is None:
            self.need(record, "household_id" if "household_id" in record.headers else "id_number")
            return None, None
        if household_id not in self.household_rows:
            self.error(
                record,
                "household_id",
                f"户编号 {household_id} 不在贫困人口信息表中。",
                f"The household {household_id} is not in the roster.",
            )
            return None, None
        return household_id, person_id

    def _event_date(self, record: Record, name: str) -> dt.date | None:
        value = self.need(record, name)
        if value is not None and value > self.snapshot_date:
            self.error(
                record,
                name,
                f"日期 {value.isoformat()} 晚于快照日期 {self.snapshot_date.isoformat()}：快照只含此前发生的事。",
                f"The date {value.isoformat()} is after the snapshot date {self.snapshot_date.isoformat()}: a snapshot holds only what happened before it.",
            )
            return None
        return value

    def _positive(self, record: Record, name: str, allow_zero: bool = False):
        value = self.need(record, name)
        if value is not None and (value < 0 or (value == 0 and not allow_zero)):
            self.error(
                record,
                name,
                f"金额 {value} 必须大于0。" if not allow_zero else f"金额 {value} 不能为负数。",
                f"The amount {value} must be more than 0."
                if not allow_zero
                else f"The amount {value} cannot be negative.",
            )
            return None
        return value

    def _ids(self, kind: str, name: str, prefix: str, width: int) -> list[str | None]:
        """Each record's own identifier, or a derived one when the file has no such column."""
        records = self.records[kind]
        if name in self.fields[kind]:
            return [self.need(record, name) for record in records]
        table = {
            "payments": "payments",
            "loans": "loans",
            "visits": "visits",
            "projects": "village_projects",
        }[kind]
        self.derive(
            table,
            name,
            len(records),
            f"按行顺序编号 {prefix}{1:0{width}d}…",
            f"numbered {prefix}{1:0{width}d}… in row order",
        )
        return [f"{prefix}{number:0{width}d}" for number in range(1, len(records) + 1)]

    def _unique(self, kind: str, name: str, ids: list[str | None]) -> list[bool]:
        seen: dict[str, Record] = {}
        keep = []
        for record, value in zip(self.records[kind], ids, strict=True):
            if value is not None and value in seen:
                self.error(
                    record,
                    name,
                    f"编号 {value} 重复（第一次出现在第 {seen[value].row} 行）。",
                    f"The number {value} appears twice (first on row {seen[value].row}).",
                )
                keep.append(False)
                continue
            if value is not None:
                seen[value] = record
            keep.append(value is not None)
        return keep

    def _payments(self) -> None:
        self._by_id_number = 0
        ids = self._ids("payments", "payment_id", "P", 6)
        keep = self._unique("payments", "payment_id", ids)
        person_count = 0
        for record, payment_id, ok in zip(self.records["payments"], ids, keep, strict=True):
            v = record.values
            household_id, person_from_number = self._household_of(record)
            program = self.need(record, "program")
            person_id = v.get("person_id")
            if person_id is None and person_from_number and program in PERSON_PROGRAMS:
                person_id = person_from_number
                person_count += 1
            if person_id is not None:
                if person_id not in self.member_household:
                    self.error(
                        record,
                        "person_id",
                        f"人编号 {person_id} 不在贫困人口信息表中。",
                        f"The person {person_id} is not in the roster.",
                    )
                    continue
                if household_id and self.member_household[person_id] != household_id:
                    self.error(
                        record,
                        "person_id",
                        f"人编号 {person_id} 不属于户 {household_id}。",
                        f"The person {person_id} is not a member of household {household_id}.",
                    )
                    continue
            row = {
                "payment_id": payment_id,
                "household_id": household_id,
                "person_id": person_id,
                "program": program,
                "item": v.get("item"),
                "amount_yuan": self._positive(record, "amount"),
                "paid_date": self._event_date(record, "paid_date"),
                "batch": v.get("batch"),
            }
            if ok and all(
                row[c] is not None for c in ("household_id", "program", "amount_yuan", "paid_date")
            ):
                self.rows["payments"].append(row)
        self.derive(
            "payments",
            "household_id",
            self._by_id_number,
            "由证件号码在贫困人口信息表中查得",
            "looked up from the ID number in the roster",
        )
        self.derive(
            "payments",
            "person_id",
            person_count,
            "由证件号码查得（只对发给个人的补助）",
            "from the ID number (benefits paid to one person only)",
        )

    def _loans(self) -> None:
        self._by_id_number = 0
        ids = self._ids("loans", "loan_id", "L", 5)
        keep = self._unique("loans", "loan_id", ids)
        for record, loan_id, ok in zip(self.records["loans"], ids, keep, strict=True):
            household_id, _ = self._household_of(record)
            term = self.need(record, "term_months")
            if term is not None and term <= 0:
                self.error(
                    record,
                    "term_months",
                    f"贷款期限 {term} 个月必须大于0。",
                    f"A term of {term} months must be more than 0.",
                )
                term = None
            row = {
                "loan_id": loan_id,
                "household_id": household_id,
                "mode": self.need(record, "mode"),
                "amount_yuan": self._positive(record, "amount"),
                "issued_date": self._event_date(record, "issued_date"),
                "term_months": term,
                "enterprise": record.values.get("enterprise"),
            }
            if ok and all(value is not None for key, value in row.items() if key != "enterprise"):
                self.rows["loans"].append(row)
        self.derive(
            "loans",
            "household_id",
            self._by_id_number,
            "由证件号码在贫困人口信息表中查得",
            "looked up from the ID number in the roster",
        )

    def _visits(self) -> None:
        self._by_id_number = 0
        ids = self._ids("visits", "visit_id", "V", 6)
        keep = self._unique("visits", "visit_id", ids)
        by_name = 0
        for record, visit_id, ok in zip(self.records["visits"], ids, keep, strict=True):
            v = record.values
            helper_id = v.get("helper_id")
            if helper_id is None and v.get("helper_name"):
                found = self.helper_by_name.get(v["helper_name"], [])
                if len(found) == 1:
                    helper_id = found[0]
                    by_name += 1
                else:
                    self.error(
                        record,
                        "helper_name",
                        f"帮扶人“{v['helper_name']}”在帮扶责任人表中{'没有' if not found else '有重名'}，请改用帮扶人编号。",
                        f"The helper “{v['helper_name']}” is {'not' if not found else 'more than once'} in the helpers file; use the helper number.",
                    )
                    continue
            elif helper_id is None:
                self.need(record, "helper_id" if "helper_id" in record.headers else "helper_name")
                continue
            if helper_id not in self.helper_rows:
                self.error(
                    record,
                    "helper_id",
                    f"帮扶人编号 {helper_id} 不在帮扶责任人表中。",
                    f"The helper {helper_id} is not in the helpers file.",
                )
                continue
            household_id, _ = self._household_of(record)
            row = {
                "visit_id": visit_id,
                "helper_id": helper_id,
                "household_id": household_id,
                "visit_date": self._event_date(record, "visit_date"),
                "kind": self.need(record, "kind"),
            }
            if ok and all(value is not None for value in row.values()):
                self.rows["visits"].append(row)
        self.derive(
            "visits",
            "household_id",
            self._by_id_number,
            "由证件号码在贫困人口信息表中查得",
            "looked up from the ID number in the roster",
        )
        self.derive(
            "visits",
            "helper_id",
            by_name,
            "由帮扶人姓名在帮扶责任人表中查得",
            "looked up from the helper's name in the helpers file",
        )

    def _trainings(self) -> None:
        by_number = 0
        for record in self.records["trainings"]:
            v = record.values
            person_id = v.get("person_id")
            if person_id is None and v.get("id_number"):
                person_id = self.person_by_id_number.get(v["id_number"])
                if person_id is None:
                    self.error(
                        record,
                        "id_number",
                        f"证件号码 {mask_id_number(v['id_number'])} 不在贫困人口信息表中。",
                        f"The ID number {mask_id_number(v['id_number'])} is not in the roster.",
                    )
                    continue
                by_number += 1
            if person_id is None:
                self.need(record, "person_id" if "person_id" in record.headers else "id_number")
                continue
            if person_id not in self.member_household:
                self.error(
                    record,
                    "person_id",
                    f"人编号 {person_id} 不在贫困人口信息表中。",
                    f"The person {person_id} is not in the roster.",
                )
                continue
            row = {
                "person_id": person_id,
                "course": self.need(record, "course"),
                "training_date": self._event_date(record, "training_date"),
            }
            if all(value is not None for value in row.values()):
                self.rows["trainings"].append(row)
        self.derive(
            "trainings",
            "person_id",
            by_number,
            "由证件号码在贫困人口信息表中查得",
            "looked up from the ID number in the roster",
        )

    def _targets(self) -> None:
        seen: dict[tuple, Record] = {}
        counts = Counter()
        town_names = {row["town_name"] for row in self.rows["villages"]}
        town_codes = {row["town_code"] for row in self.rows["villages"]}
        # A town-wide target names its town (contract v1.1) when the files hold exactly one.
        only_town = next(iter(town_codes)) if len(town_codes) == 1 else None
        for record in self.records["targets"]:
            v = record.values
            village_code = None
            if v.get("village_code") or (
                v.get("village_name")
                and v["village_name"] not in TOWN_WORDS
                and v["village_name"] not in town_names
            ):
                village_code = self._village_code(record, counts)
                if village_code is None:
                    continue
            year = self.need(record, "year")
            if v.get("households") is None and v.get("people") is None:
                self.error(
                    record,
                    None,
                    "计划脱贫户数和人数不能都为空。",
                    "Target households and people cannot both be empty.",
                )
                continue
            key = (year, village_code)
            if key in seen:
                self.error(
                    record,
                    None,
                    f"{year} 年{'全镇' if village_code is None else village_code}的目标重复（第一次出现在第 {seen[key].row} 行）。",
                    f"The {year} target of {'the town' if village_code is None else village_code} appears twice (first on row {seen[key].row}).",
                )
                continue
            seen[key] = record
            if year is not None:
                self.rows["targets"].append(
                    {
                        "year": year,
                        "village_code": village_code,
                        "town_code": only_town if village_code is None else None,
                        "households": v.get("households"),
                        "people": v.get("people"),
                    }
                )
        self.derive(
            "targets",
            "village_code",
            counts["village_code"],
            "按村名在村情表中查得",
            "looked up from the village name in the villages file",
        )

    def _projects(self) -> None:
        ids = self._ids("projects", "project_id", "VP", 3)
        keep = self._unique("projects", "project_id", ids)
        counts = Counter()
        for record, project_id, ok in zip(self.records["projects"], ids, keep, strict=True):
            row = {
                "project_id": project_id,
                "village_code": self._village_code(record, counts),
                "name": self.need(record, "name"),
                "category": self.need(record, "category"),
                "budget_yuan": self._positive(record, "budget", allow_zero=True),
                "status": self.need(record, "status"),
                "year": self.need(record, "year"),
            }
            if ok and all(value is not None for value in row.values()):
                self.rows["village_projects"].append(row)
        self.derive(
            "village_projects",
            "village_code",
            counts["village_code"],
            "按村名在村情表中查得",
            "looked up from the village name in the villages file",
        )


def _merged(form: Record, member_row: Record) -> Record:
    """A household's row of the household form with what only the roster's head row has."""
    values = dict(member_row.values)
    raw = dict(member_row.raw)
    headers = dict(member_row.headers)
    for name, value in form.values.items():
        if value is not None or name not in values or form.raw.get(name) is not None:
            values[name] = value
            raw[name] = form.raw.get(name)
            headers[name] = form.headers[name]
    return Record(form.file, form.sheet, form.row, values, raw, headers, "roster")


def division_placer():
    """`dashboard.divisions.place_village` when the division reference is installed, else None
    (an import then needs a villages file to place villages named without a code)."""
    return _place_village


MONITORED_ONLY = "monitored_only"  # contract v1.2: 一般农户 under monitoring, never registered
# 户类型 → status: the words that decide it (a 脱贫户 exited; a 一般农户 is only monitored).
HOUSEHOLD_TYPE_WORDS = (("脱贫", "exited"), ("贫困户", "not_exited"), ("一般", MONITORED_ONLY),
                        ("农户", MONITORED_ONLY))  # fmt: skip
MONITORING_TYPE_WORDS = (("不稳定", "unstable_exited"), ("边缘", "edge"),
                         ("突发", "sudden_hardship"), ("严重困难", "sudden_hardship"))  # fmt: skip
MAIN_RISK_WORDS = (("病", "illness"), ("残", "disability"), ("学", "education"),
                   ("灾", "disaster"), ("意外", "accident"), ("产业", "industry_failure"),
                   ("就业", "unstable_employment"), ("务工", "unstable_employment"),
                   ("劳", "lack_labor"), ("住房", "housing"), ("饮水", "drinking_water"))  # fmt: skip


def _by_words(text: str, words: tuple[tuple[str, str], ...]) -> str | None:
    text = unicodedata.normalize("NFKC", str(text)).strip()
    return next((code for word, code in words if word in text), None)


def household_type_status(text: str) -> str | None:
    """`exited` for 脱贫户, `monitored_only` for 一般农户, None when the words say neither."""
    return _by_words(text, HOUSEHOLD_TYPE_WORDS)


def monitoring_object_type(text: str) -> str | None:
    """脱贫不稳定户 → unstable_exited, 边缘易致贫户 → edge, 突发严重困难户 → sudden_hardship."""
    return _by_words(text, MONITORING_TYPE_WORDS)


def main_risk(text: str) -> str:
    """The contract's main_risk code of a risk as written (因病 → illness), else `other`."""
    return _by_words(text, MAIN_RISK_WORDS) or "other"


def last_full_year(snapshot_date: dt.date) -> int:
    """The income year a snapshot reports: its own year on 31 December, else the year before."""
    if (snapshot_date.month, snapshot_date.day) == (12, 31):
        return snapshot_date.year
    return snapshot_date.year - 1


def _village_kind(name: str) -> str:
    if name.endswith("社区") or name.endswith("居委会"):
        return "community"
    if name.endswith("渔场"):
        return "fishery"
    if name.endswith("公司"):
        return "shipping_company"
    return "village"


def _helper_level(unit: str) -> str | None:
    if unit.startswith("市") or "市" in unit[:4] and not unit.endswith("村"):
        return "city"
    if unit.endswith("村") or unit.endswith("村委会"):
        return "village"
    if "镇" in unit or "乡" in unit:
        return "town"
    return None


def kind_label(kind: str, lang: str) -> str:
    zh, en = KIND_LABELS[kind]
    return zh if lang == "zh" else en


__all__ = ["Assembler", "ParsedFile", "Problem", "Problems", "Record", "as_text"]
