"""The ledger as towns keep it in Excel: 序号, 村, 户主, 问题描述, 责任人, 整改时限, 整改措施, 整改结果, 状态.

`ledger_workbook` writes it for one village or the whole area; `read_ledger_workbook` reads a
town's own Excel ledger back into problems, with the roster import's row-level problems (file,
sheet, row, column, value, in Chinese and English), grouped and listed as it groups them:
nothing is entered unless every row is readable. Names are those the viewer may see
(`queries/ledger_names.sql`); an import matches a head of household by name within the
village, so it needs names in full (or the 户编号 column).
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from dashboard.importer.validate import ERROR, Problem
from dashboard.ledger.store import CATEGORY_LABELS, STATUS_LABELS, STATUSES
from dashboard.masking import mask_name

# The town's nine columns in the town's order; then two of ours, optional on import: the
# category, and the 户编号 that tells two heads of one name apart.
COLUMNS = (
    "序号", "村", "户主", "问题描述", "责任人", "整改时限", "整改措施", "整改结果", "状态",
    "问题类别", "户编号",
)  # fmt: skip
REQUIRED = ("村", "问题描述", "状态")
_STATUS_BY_LABEL = {labels[0]: status for status, labels in STATUS_LABELS.items()}
_CATEGORY_BY_LABEL = {labels[0]: category for category, labels in CATEGORY_LABELS.items()}


def ledger_table(problems: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    """The ledger with names in the town's columns, by village then date found."""
    lookup = {(row.kind, row.code): row.name for row in names.itertuples(index=False)}
    table = problems.sort_values(["village_code", "found_date", "problem_id"], kind="stable")
    return pd.DataFrame(
        {
            "序号": range(1, len(table) + 1),
            "村": [lookup.get(("village", code), code) for code in table["village_code"]],
            "户主": [lookup.get(("household", code), "") for code in table["household_id"]],
            "问题描述": table["description"].tolist(),
            "责任人": [
                lookup.get(("helper", code), code or "") for code in table["responsible_id"]
            ],
            "整改时限": table["deadline"].tolist(),
            "整改措施": table["measures"].fillna("").tolist(),
            "整改结果": table["result"].fillna("").tolist(),
            "状态": [STATUS_LABELS[s][0] for s in table["status"]],
            "问题类别": [CATEGORY_LABELS[c][0] for c in table["category"]],
            "户编号": table["household_id"].fillna("").tolist(),
        }
    )


def ledger_workbook(table: pd.DataFrame, title: str) -> bytes:
    """An .xlsx of `ledger_table`, titled, with the columns towns print."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "整改台账"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in table.itertuples(index=False):
        sheet.append([value if value is not None else "" for value in row])
    for column, width in zip(
        "ABCDEFGHIJK", (6, 10, 10, 36, 10, 12, 30, 20, 10, 12, 18), strict=True
    ):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_ledger_workbook(
    content: bytes,
    names: pd.DataFrame,
    found_date: dt.date,
    source: str = "inspection",
    file_name: str = "整改台账.xlsx",
) -> tuple[list[dict], list[Problem]]:
    """Problems from a town's Excel ledger, and the problems with its rows (empty when all good).

    The header row is found wherever it is (a title above it is fine); 村 is matched by name,
    户主 by name within that village, 责任人 by helper name; 状态 and 问题类别 by their labels.
    The problems are the roster import's (`dashboard.importer.validate.Problem`: file, sheet,
    Excel row, column, value, message), so they are grouped and listed the same way.
    """
    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    sheet_name = sheet.title
    rows = [
        [("" if cell is None else str(cell).strip()) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    errors: list[Problem] = []

    def refuse(row: int, column: str, value: str, zh: str, en: str, field=None, kind=None):
        errors.append(
            Problem(ERROR, file_name, sheet_name, row, column, value, zh, en, field, kind)
        )

    header_at = next((i for i, row in enumerate(rows) if "问题描述" in row), None)
    if header_at is None:
        refuse(
            1,
            "问题描述",
            "",
            "找不到表头（应有“问题描述”列）。",
            "No header row (a 问题描述 column).",
        )
        return [], errors
    header = rows[header_at]
    for column in REQUIRED:
        if column not in header:
            refuse(header_at + 1, column, "", f"缺少列：{column}", f"Missing column: {column}")
    if errors:
        return [], errors
    index = {name: header.index(name) for name in COLUMNS if name in header}
    villages = {
        row.name: row.code for row in names.itertuples(index=False) if row.kind == "village"
    }
    heads: dict[tuple[str, str], list[str]] = {}
    for row in names.itertuples(index=False):
        if row.kind == "household":
            heads.setdefault((row.village_code, row.name), []).append(row.code)
    known_households = {code for codes in heads.values() for code in codes}
    helpers = {row.name: row.code for row in names.itertuples(index=False) if row.kind == "helper"}
    problems: list[dict] = []
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):

        def cell(name: str, row: list[str] = row) -> str:
            return row[index[name]] if name in index and index[name] < len(row) else ""

        def bad(column: str, zh: str, en: str, number: int = number, **more) -> None:
            """The row's cell in `column` holds what cannot be entered: refused, saying why."""
            refuse(number, column, cell(column), zh, en, kind="bad_value", **more)

        if not any(row):
            continue
        if not cell("问题描述"):
            refuse(
                number,
                "问题描述",
                "",
                "“问题描述”不能为空。",
                '"问题描述" cannot be empty.',
                kind="empty",
            )
            continue
        village = villages.get(cell("村"))
        if village is None:
            bad(
                "村",
                f"没有名为“{cell('村')}”的村（村名应与花名册一致）。",
                f'No village named "{cell("村")}" (the name must be as in the roster).',
            )
            continue
        household = None
        head = mask_name(cell("户主"))  # messages name the head as the roster import does
        if cell("户编号"):
            household = cell("户编号") if cell("户编号") in known_households else None
            if household is None:
                bad(
                    "户编号",
                    f"没有户编号“{cell('户编号')}”。",
                    f'No household "{cell("户编号")}".',
                )
                continue
        elif cell("户主"):
            matches = heads.get((village, cell("户主")), [])
            if len(matches) != 1:
                bad(
                    "户主",
                    f"{cell('村')}有 {len(matches)} 户户主同名“{head}”，请填写户编号。"
                    if matches
                    else f"{cell('村')}没有户主“{head}”。",
                    f'{len(matches)} heads of household in {cell("村")} are named "{head}"; '
                    "give the 户编号."
                    if matches
                    else f'No head of household "{head}" in {cell("村")}.',
                    field="name",
                )
                continue
            household = matches[0]
        status = _STATUS_BY_LABEL.get(
            cell("状态"), cell("状态") if cell("状态") in STATUSES else None
        )
        if status is None:
            bad(
                "状态",
                f"状态“{cell('状态')}”应为 {'、'.join(_STATUS_BY_LABEL)} 之一。",
                f'Status "{cell("状态")}" is not one of {", ".join(_STATUS_BY_LABEL)}.',
            )
            continue
        deadline = None
        if cell("整改时限"):
            try:
                deadline = dt.date.fromisoformat(cell("整改时限")[:10])
            except ValueError:
                bad(
                    "整改时限",
                    f"整改时限“{cell('整改时限')}”不是日期（如 2018-06-30）。",
                    f'Deadline "{cell("整改时限")}" is not a date (like 2018-06-30).',
                )
                continue
        problems.append(
            {
                "source": source,
                "village_code": village,
                "household_id": household,
                "category": _CATEGORY_BY_LABEL.get(cell("问题类别"), "other"),
                "description": cell("问题描述"),
                "responsible_id": helpers.get(cell("责任人")),
                "deadline": deadline.isoformat() if deadline else None,
                "measures": cell("整改措施") or None,
                "result": cell("整改结果") or None,
                "status": status,
                "found_date": found_date.isoformat(),
                "reason": "导入时标记为无法整改" if status == "cannot_fix" else None,
            }
        )
    return problems, errors


def import_ledger_workbook(
    ledger, content: bytes, names: pd.DataFrame, found_date: dt.date, actor: str, file_name: str
) -> tuple[int, list[Problem]]:
    """Read a town's Excel ledger and enter it whole, or nothing when a row is bad.

    What `tuopin ledger import` and the ledger page's upload both do: (problems entered,
    the rows' problems); the problems are empty when it was entered.
    """
    problems, errors = read_ledger_workbook(content, names, found_date, file_name=file_name)
    if errors:
        return 0, errors
    return ledger.add_many(problems, actor), []
