"""The domain's definitions, once: SQL macros and staging views in `queries/definitions/`.

Every rule that pages, checks, the deck and the narrative share ("not exited", "meets the exit
standard", "a child out of school", the 3–5 households rule, "visited recently", the industry
programs, masking…) is written once, as DuckDB SQL, in the files of `queries/definitions/`.
The data layer runs them on every connection it opens (`define_all`), so any query can call
`is_not_exited(status)` or read the staging view `household_facts`.

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

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from dashboard import contract
from dashboard.reference import REFERENCE_DIR
from dashboard.snapshots import PROJECT_ROOT

DEFINITIONS_DIR = PROJECT_ROOT / "queries" / "definitions"
DOCUMENT_PATH = PROJECT_ROOT / "docs" / "definitions.md"
POVERTY_LINES_FILE = REFERENCE_DIR / "poverty_line.csv"
STAGING_SUFFIX = "_staging"  # files of views over the contract's tables (the rest are macros)
HEADER_KEYS = ("name_zh", "name_en", "rule_zh", "rule_en", "source")
SOURCE_KINDS = ("national", "report", "ours")  # the first word of every `source:` line
_DEFINITION_START = re.compile(r"^--\s*definition:\s*([a-z][a-z0-9_]*)\s*$")
_HEADER_LINE = re.compile(r"^--\s*([a-z_]+):\s*(.*)$")


class DefinitionError(ValueError):
    """A definitions file whose header is incomplete or names an unknown kind of source."""


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

    @property
    def source_kind(self) -> str:
        """`national`, `report` or `ours`: the first word of the source line."""
        return self.source.split()[0].rstrip(",;:")


def definition_files() -> list[Path]:
    """The definitions files, in the order they must run (their numeric prefixes)."""
    return sorted(DEFINITIONS_DIR.glob("*.sql"))


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
        found.append(Definition(current["id"], path.name, sql=sql, **_header(current)))

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


def define_macros(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the reference tables and every macro on a connection (no table needed)."""
    load_poverty_lines(connection)
    define_macro_files(connection)


def define_macro_files(connection: duckdb.DuckDBPyConnection) -> None:
    """Create (or put back) every macro of the definitions; each file replaces its own."""
    for path in definition_files():
        if not path.stem.endswith(STAGING_SUFFIX):
            connection.execute(path.read_text(encoding="utf-8"))


def define_staging(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the staging views, once the contract's tables (or views) exist on the connection."""
    for path in definition_files():
        if path.stem.endswith(STAGING_SUFFIX):
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
        "Every rule the pages, checks, deck and narrative share, written once in SQL under",
        "`queries/definitions/` and run by the data layer on every connection. This page is",
        "generated from those files (`tuopin definitions --write`); a test keeps it equal to them.",
        "Source: **national** (a national standard or the 建档立卡 system), **report** (the",
        "township's 2018 report), **ours** (our choice, with the reason).",
        "",
        "| id | 名称 | name | file |",
        "|---|---|---|---|",
    ]
    for item in definitions():
        lines.append(
            f"| [`{item.definition_id}`](#{item.definition_id}) | {item.name_zh} | "
            f"{item.name_en} | `queries/definitions/{item.file_name}` |"
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
            f"- In SQL: `queries/definitions/{item.file_name}`",
        ]
        if item.sql:
            lines += ["", "```sql", item.sql, "```"]
    return "\n".join(lines) + "\n"


def document_anchor(definition_id: str) -> str:
    """The link to one definition in `docs/definitions.md`, relative to the project root."""
    return f"docs/definitions.md#{definition_id}"


def write_document(path: Path = DOCUMENT_PATH) -> Path:
    """Write `docs/definitions.md` from the definitions files."""
    path.write_text(markdown(), encoding="utf-8")
    return path
