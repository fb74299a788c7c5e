"""The domain's definitions, once: SQL macros in `queries/definitions/`, staging models in
`queries/staging/`.

Every rule that pages, checks, the deck and the narrative share ("not exited", "meets the exit
standard", "a child out of school", the 3–5 households rule, "visited recently", the industry
programs, masking…) is written once, as DuckDB SQL: a macro that reads no table in a file of
`queries/definitions/`, a view (or table macro) over the contract's tables in a file of its own,
`queries/staging/<name>.sql`. The data layer runs them on every connection it opens
(`define_all`), so any query can call `is_not_exited(status)` or read the staging view
`household_facts` (defined in `queries/staging/household_facts.sql`).

Each definition carries a header that says what it is, in both languages, and where it comes
from::

    -- definition: not_exited
    -- name_zh: 未脱贫
    -- name_en: Not exited (still poor)
    -- rule_zh: …
    -- rule_en: …
    -- source: report (F03 …)

`docs/definitions.md` is written from these headers (`tuopin definitions --write`), and a test
keeps the two equal. Python reads a value it needs from the same SQL (`constant`, `holds`), so
a number such as the 5 of the 3–5 rule is never typed twice.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard import contract
from dashboard.errors import TuopinError
from dashboard.reference import REFERENCE_DIR
from dashboard.snapshots import PROJECT_ROOT

DEFINITIONS_DIR = PROJECT_ROOT / "queries" / "definitions"  # macros, run in file-name order
# One staging model per file, named after it; run in the order of what each reads.
STAGING_DIR = PROJECT_ROOT / "queries" / "staging"
DOCUMENT_PATH = PROJECT_ROOT / "docs" / "definitions.md"
POVERTY_LINES_FILE = REFERENCE_DIR / "poverty_line.csv"
MONITORING_LINES_FILE = REFERENCE_DIR / "monitoring_line.csv"
# A county that sets its own monitoring line keeps it in its instance folder, in the same
# columns as MONITORING_LINES_FILE; its rows replace the reference's for the same region and year.
MONITORING_LINES_OVERRIDE = "monitoring_line.csv"
MONITORING_LINE_BASES = ("floor", "set", "not_below", "reference")
MONITORING_LINE_COLUMNS = ("region_code", "region_name", "year", "line_yuan", "basis", "source")
HEADER_KEYS = ("name_zh", "name_en", "rule_zh", "rule_en", "source")
SOURCE_KINDS = ("national", "report", "ours")  # the first word of every `source:` line
_DEFINITION_START = re.compile(r"^--\s*definition:\s*([a-z][a-z0-9_]*)\s*$")
_HEADER_LINE = re.compile(r"^--\s*([a-z_]+):\s*(.*)$")
# The one statement of a staging file: `create or replace view <name> as` or `… macro <name>(`.
_MODEL = re.compile(r"^create or replace (view|macro) ([a-z_][a-z0-9_]*)\b", re.MULTILINE)
_WORD = re.compile(r"[a-z_][a-z0-9_]*")
_COMMENT_OR_TEXT = re.compile(r"--[^\n]*|'(?:[^']|'')*'")


class DefinitionError(ValueError):
    """A definitions file whose header is incomplete or names an unknown kind of source."""


class MonitoringLineError(TuopinError):
    """A monitoring-line file (the reference's, or a county's own) with a bad row or column."""


@dataclass(frozen=True)
class Definition:
    """One rule: its id, its names and wording in Chinese and English, its source, its SQL."""

    definition_id: str
    file_name: str
    name_zh: str
    name_en: str
    rule_zh: str
    rule_en: str
    source: str
    sql: str  # the statements under the header (may be empty: a rule read straight off a column)
    folder: str = "queries/definitions"  # where `file_name` is, from the project root

    @property
    def location(self) -> str:
        """The file the definition is written in, from the project root."""
        return f"{self.folder}/{self.file_name}"

    @property
    def source_kind(self) -> str:
        """`national`, `report` or `ours`: the first word of the source line."""
        return self.source.split()[0].rstrip(",;:")


@dataclass(frozen=True)
class StagingModel:
    """One file of `queries/staging/`: the view or table macro it creates, and what it reads."""

    name: str
    kind: str  # view or macro
    path: Path
    reads: tuple[str, ...]  # the other staging models its SQL names


def macro_files() -> list[Path]:
    """The macro files of `queries/definitions/`, in the order they run (numeric prefixes)."""
    return sorted(DEFINITIONS_DIR.glob("*.sql"))


def staging_model(path: Path) -> tuple[str, str]:
    """The kind and name of the one view or macro a staging file creates.

    DefinitionError unless the file creates exactly one, named as the file is: from a query
    that reads `household_facts`, the file is `household_facts.sql`.
    """
    found = _MODEL.findall(path.read_text(encoding="utf-8"))
    if len(found) != 1:
        raise DefinitionError(
            f"{path.name}: a staging file creates one view or macro; it creates {len(found)}"
        )
    kind, name = found[0]
    if name != path.stem:
        raise DefinitionError(f"{path.name}: creates {name}; the file must be named {name}.sql")
    return kind, name


def staging_models(folder: Path | None = None) -> tuple[StagingModel, ...]:
    """The staging models of `folder` (`queries/staging/`), each after every model it reads.

    What a model reads is every other model's name in its SQL (comments and quoted text
    left out); among the models ready at the same time, the file names' order. DefinitionError
    names the files of a cycle.
    """
    paths = sorted((folder or STAGING_DIR).glob("*.sql"))
    kinds = {path.stem: staging_model(path)[0] for path in paths}
    reads = {}
    for path in paths:
        words = set(_WORD.findall(_COMMENT_OR_TEXT.sub(" ", path.read_text(encoding="utf-8"))))
        reads[path.stem] = tuple(sorted(words & set(kinds) - {path.stem}))
    ordered: list[str] = []
    waiting = dict(reads)
    while waiting:
        ready = sorted(name for name, needs in waiting.items() if set(needs) <= set(ordered))
        if not ready:
            cycle = ", ".join(f"{name}.sql" for name in sorted(waiting))
            raise DefinitionError(f"staging models that read one another in a circle: {cycle}")
        ordered += ready
        for name in ready:
            del waiting[name]
    by_name = {path.stem: path for path in paths}
    return tuple(StagingModel(name, kinds[name], by_name[name], reads[name]) for name in ordered)


def staging_files(folder: Path | None = None) -> list[Path]:
    """The staging files, in the order they must run (each after what it reads)."""
    return [model.path for model in staging_models(folder)]


def definition_files() -> list[Path]:
    """Every definitions file in the order it runs: the macros, then the staging models."""
    return [*macro_files(), *staging_files()]


def _parse(path: Path) -> list[Definition]:
    found: list[Definition] = []
    current: dict[str, str] | None = None
    body: list[str] = []

    def close() -> None:
        if current is None:
            return
        missing = [key for key in HEADER_KEYS if not current.get(key)]
        if missing:
            raise DefinitionError(
                f"{path.name}: definition {current['id']} lacks {', '.join(missing)}"
            )
        kind = current["source"].split()[0].rstrip(",;:")
        if kind not in SOURCE_KINDS:
            raise DefinitionError(
                f"{path.name}: definition {current['id']} has source {kind!r}; "
                f"one of {SOURCE_KINDS} expected"
            )
        sql = "\n".join(line for line in body if not line.startswith("--")).strip()
        folder = (
            path.parent.relative_to(PROJECT_ROOT).as_posix()
            if path.parent.is_relative_to(PROJECT_ROOT)
            else str(path.parent)
        )
        found.append(
            Definition(current["id"], path.name, sql=sql, folder=folder, **_header(current))
        )

    for line in path.read_text(encoding="utf-8").splitlines():
        start = _DEFINITION_START.match(line)
        if start:
            close()
            current, body = {"id": start.group(1)}, []
            continue
        header = _HEADER_LINE.match(line)
        if current is not None and header and header.group(1) in HEADER_KEYS and not body:
            current[header.group(1)] = header.group(2).strip()
            continue
        if current is not None:
            body.append(line)
    close()
    return found


def _header(values: dict[str, str]) -> dict[str, str]:
    return {key: values[key] for key in HEADER_KEYS}


@cache
def definitions() -> tuple[Definition, ...]:
    """Every definition, in file order; DefinitionError on an incomplete header."""
    found = [definition for path in definition_files() for definition in _parse(path)]
    ids = [definition.definition_id for definition in found]
    repeated = sorted({name for name in ids if ids.count(name) > 1})
    if repeated:
        raise DefinitionError(f"definitions written twice: {', '.join(repeated)}")
    return tuple(found)


def load_poverty_lines(connection: duckdb.DuckDBPyConnection) -> None:
    """The reference table of poverty lines as the table `poverty_lines` of a connection."""
    relation = connection.read_csv(
        str(POVERTY_LINES_FILE),
        header=True,
        dtype={"year": "INTEGER", "poverty_line_yuan": "INTEGER", "source": "VARCHAR"},
    )
    relation.select("year, poverty_line_yuan").create("poverty_lines")


def read_monitoring_lines(path: Path) -> list[dict[str, object]]:
    """The rows of a monitoring-line file, checked; MonitoringLineError names the bad cell.

    Columns `MONITORING_LINE_COLUMNS`: region_code (a code prefix of 0, 2, 4 or 6 digits, empty
    for the national floor), year (2020–2100), line_yuan (a whole number of yuan above 0),
    basis (`MONITORING_LINE_BASES`: floor, set, not_below 不低于, reference 为参考), source.
    """
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [
            name for name in MONITORING_LINE_COLUMNS if name not in (reader.fieldnames or [])
        ]
        if missing:
            raise MonitoringLineError(
                f"监测线文件 {path} 缺少列：{', '.join(missing)}（应有 "
                f"{', '.join(MONITORING_LINE_COLUMNS)}）。",
                f"The monitoring-line file {path} lacks the columns {', '.join(missing)} "
                f"(it needs {', '.join(MONITORING_LINE_COLUMNS)}).",
            )
        rows = []
        for number, row in enumerate(reader, start=2):
            rows.append(_monitoring_line_row(path, number, row))
    return rows


def _monitoring_line_row(path: Path, number: int, row: dict[str, str]) -> dict[str, object]:
    def bad(column: str, what_zh: str, what_en: str) -> MonitoringLineError:
        value = row.get(column) or ""
        return MonitoringLineError(
            f"监测线文件 {path} 第 {number} 行 {column} 列的值 {value!r} 无效：{what_zh}",
            f"{path}, row {number}, column {column}: {value!r} is not valid: {what_en}",
        )

    region = (row.get("region_code") or "").strip()
    if not re.fullmatch(r"([0-9]{2}|[0-9]{4}|[0-9]{6})?", region):
        raise bad(
            "region_code",
            "应为2、4或6位区划代码，全国留空。",
            "a 2, 4 or 6 digit code, empty for national.",
        )
    year = (row.get("year") or "").strip()
    if not (year.isdigit() and 2020 <= int(year) <= 2100):
        raise bad("year", "应为2020至2100之间的年份。", "a year from 2020 to 2100.")
    line = (row.get("line_yuan") or "").strip()
    if not (line.isdigit() and int(line) > 0):
        raise bad("line_yuan", "应为大于0的整数（元）。", "a whole number of yuan above 0.")
    basis = (row.get("basis") or "").strip()
    if basis not in MONITORING_LINE_BASES:
        raise bad(
            "basis",
            f"应为 {', '.join(MONITORING_LINE_BASES)} 之一。",
            f"one of {', '.join(MONITORING_LINE_BASES)}.",
        )
    return {
        "region_code": region,
        "region_name": (row.get("region_name") or "").strip(),
        "year": int(year),
        "line_yuan": int(line),
        "basis": basis,
        "source": (row.get("source") or "").strip(),
    }


def monitoring_lines(override: Path | None = None) -> list[dict[str, object]]:
    """The reference's monitoring lines with a county's own (`override`, if the file exists)
    on top: a row of the override replaces the reference's row of the same region and year."""
    rows = {(r["region_code"], r["year"]): r for r in read_monitoring_lines(MONITORING_LINES_FILE)}
    if override is not None and override.is_file():
        for row in read_monitoring_lines(override):
            rows[(row["region_code"], row["year"])] = {**row, "overridden": True}
    return [{"overridden": False, **row} for _key, row in sorted(rows.items())]


COUNTY_LINE_BASES = ("set", "not_below", "reference")  # a county's own: not the national floor


def write_county_line(override: Path, row: dict[str, object]) -> dict[str, object] | None:
    """Set one county's monitoring line for one year in the instance folder's file `override`
    (created when missing; its other rows kept): the row checked as the file's rows are, then
    written whole to a new file that replaces the old one, so a reader never sees half a file.
    Returns the row it replaced (None for a new county and year); MonitoringLineError names
    what is wrong and writes nothing.

    `row`: region_code (the county's 6 digits), region_name, year, line_yuan, basis (set,
    not_below 不低于, reference 为参考) and source (the document or page it comes from).
    """
    text_row = {name: str(row.get(name) if row.get(name) is not None else "").strip()
                for name in MONITORING_LINE_COLUMNS}  # fmt: skip
    checked = _monitoring_line_row(override, 0, text_row)
    if len(checked["region_code"]) != 6:
        raise MonitoringLineError(
            f"本县自定的监测线须写明县的6位区划代码，而不是 {checked['region_code']!r}。",
            f"A county's own line needs the county's 6-digit code, not {checked['region_code']!r}.",
        )
    if checked["basis"] not in COUNTY_LINE_BASES:
        raise MonitoringLineError(
            f"本县自定的监测线的依据应为 {'、'.join(COUNTY_LINE_BASES)} 之一。",
            f"A county's own line has the basis {', '.join(COUNTY_LINE_BASES)}.",
        )
    if not checked["source"]:
        raise MonitoringLineError(
            "请写明监测线的来源（文件号、网页或会议纪要）。",
            "Say where the line comes from (the document's number, a page, the minutes).",
        )
    rows = read_monitoring_lines(override) if override.is_file() else []
    key = (checked["region_code"], checked["year"])
    previous = next((r for r in rows if (r["region_code"], r["year"]) == key), None)
    rows = sorted(
        [r for r in rows if (r["region_code"], r["year"]) != key] + [checked],
        key=lambda r: (r["region_code"], r["year"]),
    )
    override.parent.mkdir(parents=True, exist_ok=True)
    partial = override.with_name(f".{override.name}.partial")
    with open(partial, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=MONITORING_LINE_COLUMNS)
        writer.writeheader()
        for line in rows:
            writer.writerow({name: line[name] for name in MONITORING_LINE_COLUMNS})
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, override)
    return previous


def load_monitoring_lines(
    connection: duckdb.DuckDBPyConnection, override: Path | None = None
) -> None:
    """The monitoring lines as the table `monitoring_lines` of a connection (replaced if there)."""
    rows = monitoring_lines(override)
    frame = pa.Table.from_pylist(
        rows,
        schema=pa.schema(
            [
                ("region_code", pa.string()),
                ("region_name", pa.string()),
                ("year", pa.int32()),
                ("line_yuan", pa.int32()),
                ("basis", pa.string()),
                ("source", pa.string()),
                ("overridden", pa.bool_()),
            ]
        ),
    )
    connection.from_arrow(frame).create("monitoring_lines_new")
    connection.execute("drop table if exists monitoring_lines")
    connection.execute("alter table monitoring_lines_new rename to monitoring_lines")


def define_macros(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the reference tables and every macro on a connection (no table needed)."""
    load_poverty_lines(connection)
    load_monitoring_lines(connection)
    define_macro_files(connection)


def define_macro_files(connection: duckdb.DuckDBPyConnection) -> None:
    """Create (or put back) every macro of the definitions; each file replaces its own."""
    for path in macro_files():
        connection.execute(path.read_text(encoding="utf-8"))


def define_staging(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the staging models, once the contract's tables (or views) exist on the connection."""
    for path in staging_files():
        connection.execute(path.read_text(encoding="utf-8"))


def define_all(connection: duckdb.DuckDBPyConnection) -> None:
    """Macros, reference tables and staging views: what the data layer runs on open."""
    define_macros(connection)
    define_staging(connection)


@cache
def _macros() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    define_macros(connection)
    return connection


def constant(macro: str) -> object:
    """The value of a constant macro, e.g. `constant("helper_households_max")` → 5."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", macro):
        raise ValueError(f"not a macro name: {macro!r}")
    # The name is checked above and is one of our own macros; values are never pasted in.
    return _macros().execute(f"select {macro}()").fetchone()[0]


def holds(macro: str, *arguments: object) -> bool:
    """Whether a one-value predicate macro holds: `holds("is_not_exited", "relapsed")` → True."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", macro):
        raise ValueError(f"not a macro name: {macro!r}")
    placeholders = ", ".join("?" for _ in arguments)
    return bool(_macros().execute(f"select {macro}({placeholders})", list(arguments)).fetchone()[0])


def codes_where(macro: str, codes: tuple[str, ...]) -> tuple[str, ...]:
    """The codes of a coded column for which a predicate macro holds, in the contract's order."""
    return tuple(code for code in codes if holds(macro, code))


@cache
def not_exited_statuses() -> tuple[str, ...]:
    """The statuses `is_not_exited` counts as 未脱贫, for Python that needs the list itself."""
    return codes_where("is_not_exited", contract.HOUSEHOLD_STATUSES)


@cache
def industry_programs() -> tuple[str, ...]:
    """The programs `is_industry_program` counts as industry support (特色种养业)."""
    return codes_where("is_industry_program", contract.PROGRAMS)


def markdown() -> str:
    """`docs/definitions.md`, written from the definitions' headers."""
    lines = [
        "# Definitions 定义",
        "",
        "Every rule the pages, checks, deck and narrative share, written once in SQL: macros under",
        "`queries/definitions/`, staging models one per file under `queries/staging/`, run by the",
        "data layer on every connection. This page is generated from those files",
        "(`tuopin definitions --write`); a test keeps it equal to them.",
        "Source: **national** (a national standard or the 建档立卡 system), **report** (the",
        "township's 2018 report), **ours** (our choice, with the reason).",
        "",
        "| id | 名称 | name | file |",
        "|---|---|---|---|",
    ]
    for item in definitions():
        lines.append(
            f"| [`{item.definition_id}`](#{item.definition_id}) | {item.name_zh} | "
            f"{item.name_en} | `{item.location}` |"
        )
    for item in definitions():
        lines += [
            "",
            f'<a id="{item.definition_id}"></a>',
            f"## {item.definition_id}: {item.name_zh} · {item.name_en}",
            "",
            f"- 定义：{item.rule_zh}",
            f"- Rule: {item.rule_en}",
            f"- Source: {item.source}",
            f"- In SQL: `{item.location}`",
        ]
        if item.sql:
            lines += ["", "```sql", item.sql, "```"]
    return "\n".join(lines) + "\n"


def write_document(path: Path = DOCUMENT_PATH) -> Path:
    """Write `docs/definitions.md` from the definitions files."""
    path.write_text(markdown(), encoding="utf-8")
    return path
