"""Problems summarised for people: grouped by file, column and kind, with counts and rows.

An export with a hundred empty work cells must read as one line, "务工状况 empty: 112 rows
(4, 5, 6, 7, 8 …) → 未外出务工, warning", not as a hundred. The CLI prints these lines, the
/import page shows them as a table, and the full list, one line per row, is an Excel file.
Pure functions: problems in, groups, text or bytes out. Values and messages are masked with
`dashboard.masking.mask` (names, ID numbers, phones), the one masker.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from dashboard.i18n import text
from dashboard.masking import mask, mask_id_numbers_in

FIRST_ROWS_SHOWN = 5  # rows named in a summary line; the Excel list has them all
SUGGESTED_KINDS = ("empty_default", "wording", "combined")  # applied by themselves, shown first
KIND_LABELS = {
    "empty_default": ("为空", "empty"),
    "wording": ("系统取值", "wording"),
    "combined": ("多项取值", "several values"),
    "bad_value": ("取值有误", "bad value"),
    "empty": ("为空（必填）", "empty (required)"),
}
SEVERITY_LABELS = {"error": ("错误", "error"), "warning": ("警告", "warning")}


@dataclass
class ProblemGroup:
    """Problems of one file and column of one kind: how many rows, which, what is done."""

    severity: str
    file: str
    sheet: str | None
    column: str | None
    kind: str
    rows: list[int] = field(default_factory=list)
    count: int = 0
    message_zh: str = ""
    message_en: str = ""
    value: str | None = None  # the wording mapped, for a group of one wording
    suggestion: str | None = None

    @property
    def is_suggestion(self) -> bool:
        return self.kind in SUGGESTED_KINDS

    def kind_label(self, lang: str) -> str:
        zh, en = KIND_LABELS.get(self.kind, (self.kind, self.kind))
        if self.kind not in KIND_LABELS:
            return self.message(lang)
        return zh if lang == "zh" else en

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_zh

    def rows_shown(self) -> str:
        shown = ", ".join(str(row) for row in self.rows[:FIRST_ROWS_SHOWN])
        return shown + (" …" if len(self.rows) > FIRST_ROWS_SHOWN else "")


def _template(message: str) -> str:
    """A message with its values taken out, so messages that differ only in them group."""
    unquoted = re.sub(r"“[^”]*”|\"[^\"]*\"", "“…”", message)
    return re.sub(r"[0-9A-Za-z_]*[0-9][0-9A-Za-z_*]*", "#", unquoted)


def group_problems(problems) -> list[ProblemGroup]:
    """Errors first, then suggestions (defaults and mappings), then other warnings; the
    largest groups first within each."""
    groups: dict[tuple, ProblemGroup] = {}
    for problem in problems:
        kind = problem.kind or _template(problem.message_en)
        value = problem.value if problem.kind in ("wording", "combined") else None
        # bad values of one column group by what is wrong (a check digit, a lost tail …)
        reason = _template(problem.message_en) if problem.kind == "bad_value" else None
        key = (problem.severity, problem.file, problem.sheet, problem.column, kind, value, reason)
        group = groups.get(key)
        if group is None:
            group = groups[key] = ProblemGroup(
                problem.severity,
                problem.file,
                problem.sheet,
                problem.column,
                kind,
                message_zh=mask_id_numbers_in(problem.message_zh),
                message_en=mask_id_numbers_in(problem.message_en),
                value=mask(problem.field, value),
                suggestion=problem.suggestion,
            )
        group.rows.extend(problem.all_rows)
        group.count += problem.count
    order = {"error": 0, "warning": 1}
    return sorted(
        groups.values(),
        key=lambda g: (order.get(g.severity, 2), not g.is_suggestion, -g.count, g.file),
    )


def group_line(group: ProblemGroup, lang: str) -> str:
    """务工状况 为空：112 行（4, 5, 6, 7, 8 …）→ 未外出务工，警告"""
    severity = SEVERITY_LABELS[group.severity][0 if lang == "zh" else 1]
    place = group.file + (f" [{group.sheet}]" if group.sheet else "")
    known = group.kind in KIND_LABELS
    what = f"“{group.value}”" if group.value else group.kind_label(lang) if known else ""
    column = " ".join(part for part in (group.column or "", what) if part)
    if group.rows:
        counted = (
            f"{group.count:,} 行（{group.rows_shown()}）"
            if lang == "zh"
            else f"{group.count:,} row{'s' if group.count != 1 else ''} ({group.rows_shown()})"
        )
    else:
        counted = "整个文件" if lang == "zh" else "the whole file"
    arrow = f" → {group.suggestion}" if group.suggestion else ""
    line = f"{place}: {column + ': ' if column else ''}{counted}{arrow}, {severity}"
    if not known or group.kind == "bad_value" or group.kind == "wording":
        line += f" — {group.message(lang)}"
    return line


def problem_rows(problems, lang: str) -> list[dict]:
    """The full list, one line per row a problem stands for, values masked."""
    lines = []
    for problem in problems:
        rows = problem.all_rows or [None]
        for row in rows:
            lines.append(
                {
                    text("import.col.severity", lang): text(
                        f"import.severity.{problem.severity}", lang
                    ),
                    text("import.col.file", lang): problem.file,
                    text("import.col.sheet", lang): problem.sheet or "",
                    text("import.col.row", lang): row,
                    text("import.col.column", lang): problem.column or "",
                    text("import.col.value", lang): mask(problem.field, problem.value) or "",
                    text("import.col.suggestion", lang): problem.suggestion or "",
                    text("import.col.message", lang): mask_id_numbers_in(problem.message(lang)),
                }
            )
    return lines


def problems_workbook(problems, lang: str) -> bytes:
    """The full list as an .xlsx (one sheet, one line per row), for the download."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("问题" if lang == "zh" else "Problems")
    lines = problem_rows(problems, lang)
    if lines:
        sheet.append(list(lines[0]))
    for line in lines:
        sheet.append(list(line.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
