"""The logic-check catalogue (疑点): one SQL rule per file in `queries/checks/`, run on a snapshot.

Each rule file starts with a header that says what it is::

    -- id: C01
    -- severity: error
    -- title_zh: 已脱贫户住房不安全
    -- title_en: Exited household whose housing is unsafe
    -- explanation_zh: …
    -- explanation_en: …

and returns the offending rows with at least `household_id` (NULL for a helper-level finding),
`person_id` (NULL unless one person is concerned), `village_code` and a `detail` text written
for the village cadre who has to fix it. A rule reads the staging views of
`queries/staging/` (`member_facts`, `household_facts`, and the joins the checks share:
`members_with_household`, `households_with_helpers`, `payments_with_household`) and uses the
macros of `queries/definitions/` instead of re-deriving a rule. Personal data is
masked in the SQL itself, through the macros `mask_name` and `mask_id_number` only (they read
who is looking from the connection); `dashboard.masking.mask_id_numbers_in` is a second guard
here, so no 18-character number leaves this module whole.

This module only reads the headers, runs the rules through a `run(name, **params)` callable
(`Database.run` on the command line, the page's cached `state.query` on /quality) and shapes
the results: counts by rule, by village, across snapshots, and the workbook for one village.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

import pandas as pd

from dashboard.downloads import EXCEL_SHEET_NAME_LIMIT
from dashboard.masking import mask_id_numbers_in
from dashboard.query_files import (
    CHECKS_FOLDER,
    check_files,
    query_parameters,
    source_dependencies,
)
from dashboard.snapshots import WHOLE_RESULT, SnapshotInfo

SEVERITIES = ("error", "warning")  # error: must be fixed; warning: check, it may be right
HEADER_KEYS = ("id", "severity", "title_zh", "title_en", "explanation_zh", "explanation_en")
RULE_ID = re.compile(r"^C\d{2,3}$")
_HEADER_LINE = re.compile(r"^--\s*(\w+):\s*(.*)$")
# Every rule returns these; a rule may add more, which the page shows but does not rely on.
FINDING_COLUMNS = ("household_id", "person_id", "village_code", "detail")

Runner = Callable[..., pd.DataFrame]


class CatalogueError(ValueError):
    """A rule file whose header is missing a key or holds a value the catalogue cannot use."""


@dataclass(frozen=True)
class Rule:
    """One logic check: its header, and the query name `Database.run` takes for it."""

    rule_id: str
    query: str  # "checks/exited_unsafe_housing"
    severity: str
    title_zh: str
    title_en: str
    explanation_zh: str
    explanation_en: str
    parameters: frozenset[str]
    # The source-optional columns the rule reads (its `-- not_in_source: rows <- …` header line):
    # on a snapshot whose source did not carry one, the rule cannot tell and is not counted.
    rests_on: tuple[tuple[str, str], ...] = ()

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_zh

    def explanation(self, lang: str) -> str:
        return self.explanation_en if lang == "en" else self.explanation_zh


def parse_header(sql: str) -> dict[str, str]:
    """The `-- key: value` lines at the top of a rule file, up to the first line of SQL.

    >>> parse_header("-- id: C01\\n-- severity: error\\nselect 1")
    {'id': 'C01', 'severity': 'error'}
    """
    header: dict[str, str] = {}
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        match = _HEADER_LINE.match(line)
        if match and match.group(1) in HEADER_KEYS:
            header[match.group(1)] = match.group(2).strip()
    return header


def rule_from_file(query: str, sql: str) -> Rule:
    """A Rule from one file's text; CatalogueError naming the file when the header is incomplete."""
    header = parse_header(sql)
    missing = [key for key in HEADER_KEYS if not header.get(key)]
    if missing:
        raise CatalogueError(f"{query}.sql: header lacks {', '.join(missing)}")
    if not RULE_ID.match(header["id"]):
        raise CatalogueError(f"{query}.sql: id {header['id']!r} is not like C01")
    if header["severity"] not in SEVERITIES:
        raise CatalogueError(f"{query}.sql: severity {header['severity']!r} not in {SEVERITIES}")
    return Rule(
        rule_id=header["id"],
        query=query,
        severity=header["severity"],
        title_zh=header["title_zh"],
        title_en=header["title_en"],
        explanation_zh=header["explanation_zh"],
        explanation_en=header["explanation_en"],
        parameters=frozenset(query_parameters(sql)),
        rests_on=source_dependencies(sql).get(WHOLE_RESULT, ()),
    )


def rules_not_in_source(info: SnapshotInfo, rules: Iterable[Rule] | None = None) -> list[Rule]:
    """The rules that read a column `info`'s source did not carry (contract v1.2): their zero
    findings mean "cannot tell", not "no problem"."""
    return [
        rule
        for rule in (rules or catalogue())
        if any(info.lacks_column(table, column) for table, column in rule.rests_on)
    ]


@cache
def catalogue() -> tuple[Rule, ...]:
    """Every rule under `queries/checks/`, in id order; ids must be unique."""
    rules = [
        rule_from_file(f"{CHECKS_FOLDER}/{path.stem}", path.read_text(encoding="utf-8"))
        for path in check_files()
    ]
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.rule_id in seen:
            raise CatalogueError(f"id {rule.rule_id} used by {seen[rule.rule_id]} and {rule.query}")
        seen[rule.rule_id] = rule.query
    return tuple(sorted(rules, key=lambda rule: int(rule.rule_id[1:])))


def rules_by_id() -> dict[str, Rule]:
    return {rule.rule_id: rule for rule in catalogue()}


def rule_parameters(rule: Rule, snapshot_date: dt.date) -> dict[str, object]:
    """The values a rule's `$parameters` take on a snapshot (only those the rule uses).

    The snapshot date is the only one: every rule, value and threshold a check needs (the
    poverty line of a year, the 3–5 rule, working age…) is a definition in SQL
    (`queries/definitions/`, `queries/staging/`), which the data layer creates on every connection.
    """
    available: dict[str, object] = {"snapshot_date": snapshot_date}
    unknown = rule.parameters - available.keys()
    if unknown:
        raise CatalogueError(f"{rule.query}.sql binds parameters no one supplies: {unknown}")
    return {name: value for name, value in available.items() if name in rule.parameters}


def run_rule(run: Runner, rule: Rule, snapshot_date: dt.date) -> pd.DataFrame:
    """One rule's offending rows on a snapshot: the finding columns, rule id first, masked."""
    frame = run(rule.query, **rule_parameters(rule, snapshot_date))
    missing = [column for column in FINDING_COLUMNS if column not in frame.columns]
    if missing:
        raise CatalogueError(f"{rule.query}.sql returns no column {', '.join(missing)}")
    findings = frame.loc[:, list(FINDING_COLUMNS)].copy()
    findings["detail"] = findings["detail"].fillna("").astype(str).map(mask_id_numbers_in)
    findings.insert(0, "severity", rule.severity)
    findings.insert(0, "rule_id", rule.rule_id)
    return findings


def run_catalogue(
    run: Runner, snapshot_date: dt.date, rules: Iterable[Rule] | None = None
) -> pd.DataFrame:
    """Every rule's findings on a snapshot in one frame: rule_id, severity, FINDING_COLUMNS."""
    frames = [run_rule(run, rule, snapshot_date) for rule in (rules or catalogue())]
    columns = ["rule_id", "severity", *FINDING_COLUMNS]
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in columns})
    return pd.concat(frames, ignore_index=True)[columns]


def stored_findings(
    run: Runner,
    snapshot_date: dt.date,
    *,
    rule_id: str | None = None,
    village_code: str | None = None,
    household_id: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """The findings kept for a snapshot (`quality_findings.sql`), as `run_catalogue` gives them.

    The same rows and text as running every rule now, read from the file built once per
    snapshot: a province's /quality lists a village's findings without running 42 rules over
    a million households. `village_code` '' takes the findings with no village.
    """
    frame = run(
        "quality_findings",
        snapshot_date=snapshot_date,
        rule_id=rule_id,
        village_code=village_code,
        household_id=household_id,
        list_limit=limit,
    )
    findings = frame.loc[:, ["rule_id", "severity", *FINDING_COLUMNS]].copy()
    findings["detail"] = findings["detail"].fillna("").astype(str).map(mask_id_numbers_in)
    return findings


def counts_by_rule(findings: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per rule of the catalogue (none left out), with its finding count.

    Columns: rule_id, severity, title, explanation, findings, households, villages.
    """
    counted = findings.groupby("rule_id").agg(
        findings=("rule_id", "size"),
        households=("household_id", "nunique"),
        villages=("village_code", "nunique"),
    )
    return rule_counts(counted.reset_index(), lang)


def stored_counts_by_rule(run: Runner, snapshot_date: dt.date, lang: str = "zh") -> pd.DataFrame:
    """`counts_by_rule` of a snapshot's kept findings, counted in SQL (`quality_rule_counts`)."""
    return rule_counts(run("quality_rule_counts", snapshot_date=snapshot_date), lang)


def rule_counts(counted: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Counts per rule (rule_id, findings, households, villages) with every rule of the catalogue.

    A rule with no finding gets zeros; the columns are `counts_by_rule`'s.
    """
    by_rule = counted.set_index("rule_id")
    rows = []
    for rule in catalogue():
        found = rule.rule_id in by_rule.index
        rows.append(
            {
                "rule_id": rule.rule_id,
                "severity": rule.severity,
                "title": rule.title(lang),
                "explanation": rule.explanation(lang),
                **{
                    column: int(by_rule.at[rule.rule_id, column]) if found else 0
                    for column in ("findings", "households", "villages")
                },
            }
        )
    return pd.DataFrame(rows)


NO_VILLAGE = "\x00"  # the key of findings without a village while counting


def counts_by_village(findings: pd.DataFrame, villages: pd.DataFrame) -> pd.DataFrame:
    """Findings per unit and severity, every unit of `villages` present (0 when clean).

    `villages` has village_code and village_name: villages, or above a town the next level's
    units (`gap_villages.sql` with `$unit_digits`), whose code is a prefix of each finding's
    village code. Findings without a village (a payment to a household not on the register)
    come last, under a NULL code. Columns: village_code, village_name, error, warning,
    findings, households.
    """
    known = villages[["village_code", "village_name"]].drop_duplicates("village_code")
    digits = int(known["village_code"].str.len().max()) if not known.empty else None
    unit = findings["village_code"].str[:digits].fillna(NO_VILLAGE)
    counted = (
        pd.crosstab(unit, findings["severity"])
        .reindex(columns=list(SEVERITIES), fill_value=0)
        .rename_axis(columns=None)
    )
    counted["findings"] = unit.value_counts()
    counted["households"] = findings.groupby(unit)["household_id"].nunique()
    counted.index = [None if key == NO_VILLAGE else key for key in counted.index]
    return unit_counts(counted.rename_axis("village_code").reset_index(), villages)


def stored_counts_by_unit(
    run: Runner, snapshot_date: dt.date, villages: pd.DataFrame, unit_digits: int
) -> pd.DataFrame:
    """`counts_by_village` of a snapshot's kept findings, counted in SQL (`quality_unit_counts`)."""
    counted = run("quality_unit_counts", snapshot_date=snapshot_date, unit_digits=unit_digits)
    return unit_counts(counted, villages)


def unit_counts(counted: pd.DataFrame, villages: pd.DataFrame) -> pd.DataFrame:
    """Counts per unit (village_code, error, warning, findings, households; NULL code: no
    village) with every unit of `villages`, in its order, zeros for the clean ones."""
    known = villages[["village_code", "village_name"]].drop_duplicates("village_code")
    keys = list(known["village_code"])
    by_unit = counted.assign(village_code=counted["village_code"].fillna(NO_VILLAGE))
    if (by_unit["village_code"] == NO_VILLAGE).any():
        keys.append(NO_VILLAGE)
    columns = [*SEVERITIES, "findings", "households"]
    table = (
        by_unit.set_index("village_code")[columns]
        .reindex(keys, fill_value=0)
        .fillna(0)
        .astype(int)
        .reset_index(names="village_code")
    )
    names = dict(zip(known["village_code"], known["village_name"], strict=True))
    table["village_code"] = [None if key == NO_VILLAGE else key for key in keys]
    table.insert(1, "village_name", [names.get(key) for key in table["village_code"]])
    return table[["village_code", "village_name", *columns]]


def stored_trend(run: Runner, snapshot_dates: Iterable[dt.date]) -> pd.DataFrame:
    """Findings per snapshot and rule of the findings kept per snapshot, counted in SQL
    (`quality_trend`): snapshot_date, rule_id, severity, findings (zeros kept)."""
    counted = run("quality_trend")
    days = pd.to_datetime(counted["snapshot_date"]).dt.date
    rows = []
    for snapshot_date in snapshot_dates:
        own = counted[days == snapshot_date].set_index("rule_id")["findings"]
        rows.extend(
            {
                "snapshot_date": snapshot_date,
                "rule_id": rule.rule_id,
                "severity": rule.severity,
                "findings": int(own.get(rule.rule_id, 0)),
            }
            for rule in catalogue()
        )
    return pd.DataFrame(rows, columns=["snapshot_date", "rule_id", "severity", "findings"])


def findings_table(findings: pd.DataFrame, villages: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Findings with the rule's title and the village's name, for a person to read."""
    rules = rules_by_id()
    names = dict(zip(villages["village_code"], villages["village_name"], strict=False))
    table = findings.copy()
    titles = {rule_id: rules[rule_id].title(lang) for rule_id in table["rule_id"].unique()}
    table["title"] = table["rule_id"].map(titles)
    table["village_name"] = table["village_code"].map(names)
    # The detail next to the title: on a narrow screen it is what the reader needs first.
    columns = ["rule_id", "severity", "title", "detail", "village_name", "household_id"]
    return table[[*columns, "person_id", "village_code"]]


VILLAGE_SHEET_LABELS = {
    "zh": {
        "rule_id": "规则编号",
        "severity": "严重程度",
        "title": "疑点",
        "village_code": "村代码",
        "village_name": "村",
        "household_id": "户编号",
        "person_id": "人编号",
        "detail": "说明",
        "fixed": "处理结果（村里填写）",
        "explanation": "为什么是疑点、怎么处理",
        "findings": "条数",
        "error": "错误",
        "warning": "待核实",
        "sheet_findings": "疑点明细",
        "sheet_rules": "规则说明",
    },
    "en": {
        "rule_id": "Rule",
        "severity": "Severity",
        "title": "Finding",
        "village_code": "Village code",
        "village_name": "Village",
        "household_id": "Household",
        "person_id": "Person",
        "detail": "Detail",
        "fixed": "Action taken (filled in by the village)",
        "explanation": "Why it is flagged and what to do",
        "findings": "Findings",
        "error": "error",
        "warning": "to check",
        "sheet_findings": "Findings",
        "sheet_rules": "Rules",
    },
}


def village_workbook(table: pd.DataFrame, village_code: str | None, lang: str = "zh") -> bytes:
    """An .xlsx for one village's cadre: its findings (masked) and what each rule means.

    `table` is `findings_table`'s output; a `None` village_code takes the findings with no
    village. The first sheet has an empty column for the cadre to write what was done.
    """
    labels = VILLAGE_SHEET_LABELS["en" if lang == "en" else "zh"]
    rules = rules_by_id()
    own = table[
        table["village_code"].isna()
        if village_code is None
        else table["village_code"] == village_code
    ].copy()
    own["severity"] = own["severity"].map(lambda severity: labels[severity])
    own["fixed"] = ""
    columns = [
        "rule_id",
        "severity",
        "title",
        "village_name",
        "household_id",
        "person_id",
        "detail",
        "fixed",
    ]
    sheet = own[columns].rename(columns=labels)
    used = sorted(set(own["rule_id"]), key=lambda rule_id: int(rule_id[1:]))
    explained = pd.DataFrame(
        [
            {
                labels["rule_id"]: rule_id,
                labels["title"]: rules[rule_id].title(lang),
                labels["findings"]: int((own["rule_id"] == rule_id).sum()),
                labels["explanation"]: rules[rule_id].explanation(lang),
            }
            for rule_id in used
        ],
        columns=[labels["rule_id"], labels["title"], labels["findings"], labels["explanation"]],
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        sheet.to_excel(
            writer, sheet_name=labels["sheet_findings"][:EXCEL_SHEET_NAME_LIMIT], index=False
        )
        explained.to_excel(
            writer, sheet_name=labels["sheet_rules"][:EXCEL_SHEET_NAME_LIMIT], index=False
        )
        for worksheet, widths in (
            (writer.sheets[labels["sheet_findings"]], (8, 8, 30, 10, 16, 18, 60, 30)),
            (writer.sheets[labels["sheet_rules"]], (8, 30, 8, 100)),
        ):
            for index, width in enumerate(widths):
                worksheet.column_dimensions[chr(ord("A") + index)].width = width
    return buffer.getvalue()
