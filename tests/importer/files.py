"""A tiny town written by hand, and writers for every format and layout the importer takes.

The expected values are typed here, not taken from the importer: two villages, two households
of three people, two helpers, two payments.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from pathlib import Path

import openpyxl

SNAPSHOT_DATE = dt.date(2018, 6, 30)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(first_17: str) -> str:
    """A valid 18-character ID number (GB 11643 check character computed here, independently)."""
    total = sum(int(d) * w for d, w in zip(first_17, WEIGHTS, strict=True))
    return first_17 + "10X98765432"[total % 11]


HEAD_ID = id_number("34118219600101123")  # male (3 is odd), born 1960-01-01
SPOUSE_ID = id_number("34118219620315124")  # female, born 1962-03-15
OTHER_ID = id_number("34118219751120004")  # female (4 is even), born 1975-11-20

VILLAGES = [
    ["区划代码", "村名称", "乡(镇)", "县", "类型", "村民组数", "户籍人口", "贫困村", "出列年度"],
    ["341182108206", "山南村", "女山湖镇", "明光市", "行政村", 14, 4100, "是", "2016年"],
    ["341182108200", "荷花村", "女山湖镇", "明光市", "水上村", 8, 3200, "否", None],
]
ROSTER = [
    ["行政村", "村民组", "户编号", "人编号", "姓名", "证件号码", "人数", "与户主关系", "性别",
     "文化程度", "在校生状况", "健康状况", "劳动技能", "务工状况", "务工时间(月)",
     "参加城乡居民基本医疗保险", "贫困户属性", "主要致贫原因", "识别年度", "脱贫年度",
     "贫困户状态", "人均纯收入", "住房安全", "饮水安全", "家庭医生签约"],
    ["山南村", "一组", "H1", "P11", "张德才", HEAD_ID, 2, "户主", "男", "小学", "非在校生",
     "长期慢性病", "弱劳动力", "县内乡外务工", 6, "是", "五保", "因病致贫", "2014年", "2016",
     "已脱贫", "4200.5", "是", "是", "是"],
    ["山南村", "一组", "H1", "P12", "李桂英", SPOUSE_ID, 2, "妻", "女", "文盲", "非在校生",
     "健康", "普通劳动力", "未外出务工", 0, "是", "五保", "因病致贫", "2014年", "2016",
     "已脱贫", "4200.5", "是", "是", "是"],
    ["荷花村", "二组", "H2", "P21", "王秀兰", OTHER_ID, 1, "户主", "女", "初中", "非在校生",
     "残疾", "丧失劳动力", "未外出务工", 0, "否", "低保户", "因残", "2015", None,
     "未脱贫", "2100", "否", "是", "是"],
]  # fmt: skip
HELPERS = [
    ["帮扶人编号", "姓名", "工作单位", "帮扶级别", "帮扶户编号"],
    ["A1", "赵建国", "市国土局", "市级", "H1、H2"],
    ["C1", "钱志强", "山南村", "村级", "H1,H2"],
]
PAYMENTS = [
    ["户编号", "项目类别", "项目名称", "金额", "发放日期", "批次"],
    ["H1", "特色养殖", "养鸡", "1,200.00", "2017/05/03", "第一批"],
    ["H2", "教育资助", None, 500, "2016.9.1", None],
]

# What those files must give, typed by hand.
EXPECTED_HOUSEHOLDS = {
    "H1": {"village_code": "341182108206", "attribute": "tekun", "main_cause": "illness",
           "status": "exited", "exit_year": 2016, "identified_year": 2014, "size": 2,
           "housing_safe": True, "helper_id": "A1", "village_contact_id": "C1",
           "income_year": 2017},
    "H2": {"village_code": "341182108200", "attribute": "dibao", "main_cause": "disability",
           "status": "not_exited", "exit_year": None, "identified_year": 2015, "size": 1,
           "housing_safe": False, "helper_id": "A1", "village_contact_id": "C1",
           "income_year": 2017},
}  # fmt: skip
EXPECTED_MEMBERS = {
    "P11": {"sex": "male", "birth_date": dt.date(1960, 1, 1), "relation": "head",
            "migrant_work": "in_county", "labor": "weak", "health": "chronic"},
    "P12": {"sex": "female", "birth_date": dt.date(1962, 3, 15), "relation": "spouse",
            "education": "illiterate", "labor": "normal"},
    "P21": {"sex": "female", "birth_date": dt.date(1975, 11, 20), "medical_insurance": False},
}  # fmt: skip


def base_set() -> dict[str, list[list]]:
    """File name → rows (header first) of a valid import; copies, so tests may change them."""
    return {
        "村情表.csv": [list(row) for row in VILLAGES],
        "贫困人口信息表.xlsx": [list(row) for row in ROSTER],
        "帮扶责任人表.csv": [list(row) for row in HELPERS],
        "资金发放台账.xlsx": [list(row) for row in PAYMENTS],
    }


def write_rows(
    path: Path, rows: list[list], *, encoding: str = "utf-8-sig", text_ids: bool = True
) -> Path:
    """Rows into .xlsx, .xls or .csv (in `encoding`), whichever the path's suffix says."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    elif suffix == ".xls":
        import xlwt

        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("Sheet1")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
        book.save(str(path))
    else:
        buffer = io.StringIO()
        csv.writer(buffer).writerows([["" if v is None else v for v in row] for row in rows])
        path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_set(folder: Path, files: dict[str, list[list]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_rows(folder / name, rows) for name, rows in files.items()]


def html_table(rows: list[list], *, title: str | None = None, charset: str = "utf-8") -> str:
    """Rows as the web page some systems name .xls: one <table>, the title over all columns."""
    from html import escape

    width = max(len(row) for row in rows)
    lines = [f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
             "</head><body><table border=1>"]  # fmt: skip
    if title:
        lines.append(f"<tr><td colspan={width}><b>{escape(title)}</b></td></tr>")
    lines += html_rows(rows)
    lines.append("</table></body></html>")
    return "\n".join(lines)


def html_rows(rows: list[list]) -> list[str]:
    """Rows of a web-page .xls, each cell text (`mso-number-format:@`, so Excel keeps an ID
    number's digits), empty for None."""
    from html import escape

    return [
        "<tr>"
        + "".join(
            f'<td style="mso-number-format:\\@">{"" if v is None else escape(str(v))}</td>'
            for v in row
        )
        + "</tr>"
        for row in rows
    ]


def spreadsheet_xml(rows: list[list], *, sheet: str = "Sheet1") -> str:
    """Rows as an Excel 2003 XML workbook (SpreadsheetML): numbers typed Number, text String."""
    from html import escape

    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?mso-application progid="Excel.Sheet"?>',
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">',
        f'<Worksheet ss:Name="{escape(sheet)}"><Table>',
    ]
    for row in rows:
        cells = []
        for value in row:
            if value is None:
                cells.append("<Cell/>")
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<Cell><Data ss:Type="Number">{value}</Data></Cell>')
            else:
                cells.append(f'<Cell><Data ss:Type="String">{escape(str(value))}</Data></Cell>')
        lines.append(f"<Row>{''.join(cells)}</Row>")
    lines.append("</Table></Worksheet></Workbook>")
    return "\n".join(lines)


def digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` by its relative path, with its SHA-256: equal when nothing
    under it was written, removed or changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
