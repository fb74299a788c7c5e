"""An import plan as tables for people: files, header mapping, derived columns, problems.

Pure functions (a plan in, a pandas frame out), used by the /import page and its downloads.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.i18n import text
from dashboard.importer.headers import (
    FIELDS,
    IGNORE,
    KIND_LABELS,
    Mapping,
    normalize_header,
)
from dashboard.importer.run import ImportPlan
from dashboard.importer.summary import group_problems
from dashboard.importer.validate import ParsedFile

HALF_YEAR_ENDS = ((6, 30), (12, 31))  # snapshots are taken at the half-year evaluations


def default_snapshot_date(today: dt.date) -> dt.date:
    """The latest 30 June or 31 December on or before `today`."""
    candidates = [
        dt.date(year, m, d) for year in (today.year - 1, today.year) for m, d in HALF_YEAR_ENDS
    ]
    return max(day for day in candidates if day <= today)


def _kind(kind: str | None, lang: str) -> str:
    if not kind:
        return "—"
    zh, en = KIND_LABELS.get(kind, (kind, kind))
    return zh if lang == "zh" else en


def files_frame(plan: ImportPlan, lang: str) -> pd.DataFrame:
    """One row per table found: file, sheet, kind, header rows, data rows, rows left out."""
    rows = []
    for parsed in plan.files:
        dropped = ", ".join(
            f"{text('import.dropped.' + why, lang)} {n}" for why, n in parsed.dropped.items() if n
        )
        rows.append(
            {
                text("import.col.file", lang): parsed.name,
                text("import.col.sheet", lang): parsed.sheet or "—",
                text("import.col.kind", lang): _kind(parsed.kind, lang),
                text("import.col.header_rows", lang): "、".join(map(str, parsed.header_rows)),
                text("import.col.rows", lang): len(parsed.records),
                text("import.col.dropped", lang): dropped or "—",
            }
        )
    return pd.DataFrame(rows)


def field_choices(kind: str, lang: str) -> list[str]:
    """The choices of the page's "import as" column for a file of `kind`: every field, and ignore."""
    labels = [f"{spec.name} — {spec.zh if lang == 'zh' else spec.en}" for spec in FIELDS[kind]]
    return [text("import.ignore", lang), *labels]


def editable_mapping_frame(parsed: ParsedFile, lang: str) -> pd.DataFrame:
    """The mapping as the page lets the user change it: header, import as (a choice), how sure,
    a few values."""
    choices = field_choices(parsed.kind, lang)
    by_name = {choice.split(" — ")[0]: choice for choice in choices[1:]}
    rows = []
    for match in parsed.matches:
        rows.append(
            {
                "header": match.header,
                "use_as": by_name.get(match.field or "", choices[0]),
                "how": text(f"import.how.{match.how}", lang),
                "confidence": f"{match.confidence:.0%}" if match.field else "",
                "values": "、".join(match.samples),
            }
        )
    return pd.DataFrame(rows)


def mapping_from_choices(edited: dict[tuple[str, str], pd.DataFrame], lang: str) -> Mapping:
    """The Mapping the user's choices say: per (file name, kind), header → field or ignore."""
    ignore = text("import.ignore", lang)
    mapping = Mapping()
    for (name, kind), frame in edited.items():
        mapping.kinds[normalize_header(name)] = kind
        table = mapping.columns_by_kind.setdefault(kind, {})
        for header, choice in zip(frame["header"], frame["use_as"], strict=True):
            table[normalize_header(header)] = (
                IGNORE if not choice or choice == ignore else str(choice).split(" — ")[0]
            )
    return mapping


def tables_frame(plan: ImportPlan, lang: str) -> pd.DataFrame:
    """Rows per contract table the snapshot would hold."""
    return pd.DataFrame(
        [
            {text("import.col.table", lang): name, text("import.col.rows", lang): rows}
            for name, rows in plan.row_counts().items()
        ]
    )


def derived_frame(plan: ImportPlan, lang: str) -> pd.DataFrame:
    """What was derived because the files lack it."""
    return pd.DataFrame(
        [
            {
                text("import.col.column", lang): f"{d.table}.{d.column}",
                text("import.col.rows", lang): d.rows,
                text("import.col.how", lang): d.how_zh if lang == "zh" else d.how_en,
            }
            for d in plan.derived
        ]
    )


def summary_frame(plan: ImportPlan, lang: str, *, suggestions: bool | None = None) -> pd.DataFrame:
    """The problems grouped by file, column and kind: count, first rows, what is imported.

    `suggestions`: True for the defaults and mappings the import applies by itself only,
    False for the rest, None for all.
    """
    return groups_frame(plan.errors + plan.warnings, lang, suggestions=suggestions)


def groups_frame(problems, lang: str, *, suggestions: bool | None = None) -> pd.DataFrame:
    """`summary_frame` of a list of problems (`validate.Problem`), for imports that are not
    a roster (the town's Excel ledger)."""
    groups = [
        group
        for group in group_problems(problems)
        if suggestions is None or group.is_suggestion == suggestions
    ]
    columns = [
        text(f"import.col.{key}", lang)
        for key in (
            "severity",
            "file",
            "column",
            "problem",
            "count",
            "first_rows",
            "suggestion",
            "message",
        )
    ]
    return pd.DataFrame(
        [
            [
                text(f"import.severity.{group.severity}", lang),
                group.file + (f" [{group.sheet}]" if group.sheet else ""),
                group.column or "",
                f"“{group.value}”" if group.value else group.kind_label(lang),
                group.count,
                group.rows_shown(),
                group.suggestion or "",
                group.message(lang),
            ]
            for group in groups
        ],
        columns=columns,
    )
