"""The query files: `queries/<name>.sql`, one result per file, found and read by name.

Below both the data layer (`dashboard/data.py` runs them) and the check catalogue
(`dashboard/checks.py` lists its rules among them): neither has to import the other to read SQL.
"""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.errors import QueryError
from dashboard.snapshots import PROJECT_ROOT

QUERIES_DIR = PROJECT_ROOT / "queries"
CHECKS_FOLDER = "checks"  # the logic-check catalogue's rules, one per file (dashboard/checks.py)
DEFINITIONS_FOLDER = "definitions"  # macros, run on open; not query results
STAGING_FOLDER = "staging"  # one staging model per file, run on open; not query results
NOT_QUERIES = (DEFINITIONS_FOLDER, STAGING_FOLDER)

QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*(/[a-z][a-z0-9_]*)?$")
_PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT_OR_STRING = re.compile(r"--[^\n]*|'(?:[^']|'')*'")
# A header line declaring that a figure of the result rests on source-optional columns
# (contract v1.2, "Not in the source"): `-- not_in_source: ready_households <- households.housing_safe,
# members.medical_insurance`. The figure is an output column, or a row of a long result whose first
# column holds that name (`evaluation_data_quality`'s `uninsured_members`).
_NOT_IN_SOURCE = re.compile(
    r"^--\s*not_in_source:\s*([A-Za-z_][A-Za-z0-9_]*)\s*<-\s*(.+)$", re.MULTILINE
)
_TABLE_COLUMN = re.compile(r"^([a-z_]+)\.([a-z_]+)$")
# A query over two snapshots (compare_households: $from_date and $to_date) says which one a
# figure reads: `-- not_in_source: attribute_after <- households.attribute on $to_date`.
# Without it, the figure reads the snapshot of $snapshot_date.
_ON_DATE = re.compile(r"\s+on\s+\$([a-z_][a-z0-9_]*)\s*$")
DEFAULT_DATE_PARAMETER = "snapshot_date"


def query_names() -> list[str]:
    """Every query file under `queries/`, as the names `run` takes (`checks/x` for subfolders)."""
    return sorted(
        str(path.relative_to(QUERIES_DIR).with_suffix(""))
        for path in QUERIES_DIR.rglob("*.sql")
        if path.parent.name not in NOT_QUERIES
    )


def load_query(name: str) -> str:
    """The SQL text of `queries/<name>.sql`; the name must be one of the files there."""
    if (
        not QUERY_NAME.match(name)
        or name.split("/")[0] in NOT_QUERIES
        or not (QUERIES_DIR / f"{name}.sql").is_file()
    ):
        raise QueryError(
            f"没有名为 {name!r} 的查询文件。",
            f"No query file named {name!r}; queries: {', '.join(query_names())}",
        )
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def query_parameters(sql: str) -> set[str]:
    """The `$names` a query binds, ignoring comments and string literals.

    >>> sorted(query_parameters("select 1 -- $not_me\\nwhere d = $snapshot_date and x = '$no'"))
    ['snapshot_date']
    """
    return set(_PARAMETER.findall(_COMMENT_OR_STRING.sub(" ", sql)))


def source_dependencies(sql: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """The figures of a query that rest on source-optional columns, from its header.

    >>> source_dependencies("-- not_in_source: housing_unsafe <- households.housing_safe\\nselect 1")
    {'housing_unsafe': (('households', 'housing_safe'),)}
    """
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    for figure, pairs, _date in source_dependency_lines(sql):
        found[figure] = found.get(figure, ()) + pairs
    return found


def source_dependency_lines(sql: str) -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    """Each `-- not_in_source:` header line as (figure, its columns, the date parameter naming
    the snapshot they are read on): `snapshot_date` unless the line ends `on $other_date`. A
    figure of a comparison may rest on both snapshots: a line for each.

    >>> source_dependency_lines("-- not_in_source: cause_after <- households.main_cause on $to_date")
    [('cause_after', (('households', 'main_cause'),), 'to_date')]
    """
    lines = []
    for figure, declared in _NOT_IN_SOURCE.findall(sql):
        match = _ON_DATE.search(declared)
        columns = declared[: match.start()] if match else declared
        pairs = []
        for entry in columns.split(","):
            match_column = _TABLE_COLUMN.match(entry.strip())
            if match_column is None:
                raise QueryError(
                    f"查询头部的 not_in_source 行写法不对：{entry.strip()!r}，应为 表.列。",
                    f"A not_in_source header line names {entry.strip()!r}; write table.column.",
                )
            pairs.append((match_column.group(1), match_column.group(2)))
        lines.append((figure, tuple(pairs), match.group(1) if match else DEFAULT_DATE_PARAMETER))
    return lines


def check_files() -> list[Path]:
    """The rule files of the check catalogue, whose findings are kept per snapshot."""
    return sorted((QUERIES_DIR / CHECKS_FOLDER).glob("*.sql"))
