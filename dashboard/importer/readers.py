"""Reading spreadsheets as they really come, and finding the table inside them.

Files: .xlsx (python-calamine), old .xls (xlrd), .csv in UTF-8 with or without BOM, or GBK/GB18030;
an .xls that is really a web page, an Excel 2003 XML workbook or text is read as what it is
(dashboard/importer/markup.py).
Inside: title rows above the header (贫困人口信息表, 填报单位 …), a header over two rows, merged
cells (their value fills the whole range, so a 户编号 merged down a household's rows repeats),
a row of column numbers under the header, 合计 rows, blank rows, 填表人 footers, stray and
full-width spaces. Values keep their Excel type (a number stays a number, so an ID number
that Excel turned into 3.41182E+17 can be recognised and refused).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from dashboard.errors import TuopinError
from dashboard.importer import markup
from dashboard.importer.headers import is_known_header, normalize_header

HEADER_SEARCH_ROWS = 20  # title rows above the header: real exports have two or three
MIN_HEADER_MATCHES = 2  # fewer known headers than this in every row: not a table we know
TOTAL_WORDS = ("合计", "总计", "小计", "共计", "累计")
FOOTER_WORDS = (
    "填表人",
    "制表人",
    "审核人",
    "负责人",
    "填报人",
    "制表",
    "审核",
    "说明",
    "注:",
    "备注:",
)
_TOTAL = re.compile("|".join(TOTAL_WORDS))
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK and GB2312
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")


class UnreadableFile(TuopinError):
    """A file that cannot be opened or decoded, or holds no table we know."""


@dataclass
class Sheet:
    """One sheet's cells: `rows[i]` is Excel row i + 1."""

    file_name: str
    sheet_name: str | None
    rows: list[list[object]]


@dataclass
class TableLayout:
    """Where the table is in a sheet: header texts, header rows, and the data rows kept."""

    sheet: Sheet
    headers: list[str]
    header_rows: tuple[int, ...]  # Excel row numbers
    data: list[tuple[int, list[object]]]  # (Excel row number, cells)
    dropped: dict[str, int]  # why rows were left out: blank, total, footer, numbering


def read_file(path: Path, display_name: str | None = None) -> list[Sheet]:
    """Every sheet of a spreadsheet or CSV file, with its cell values cleaned of stray spaces."""
    path = Path(path)
    name = display_name or path.name
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableFile(
            f"{name}：不支持的文件类型 {suffix or '（无扩展名）'}。请另存为 .xlsx、.xls 或 .csv。",
            f"{name}: unsupported file type {suffix or '(no extension)'}. "
            "Save it as .xlsx, .xls or .csv.",
        )
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFile(f"{name}：文件是空的。", f"{name}: the file is empty.")
    if suffix in (".xlsx", ".xlsm"):
        sheets = _read_xlsx(data, name)
    elif suffix == ".xls":
        sheets = _read_any_xls(data, name)
    else:
        sheets = [Sheet(name, None, _read_csv(data, name))]
    for sheet in sheets:
        cleaned: dict[str, object] = {}  # most texts repeat (codes, places): clean each once

        def clean(value: str, cleaned=cleaned) -> object:
            found = cleaned[value] = clean_cell(value)
            return found

        sheet.rows = [
            [
                (cleaned[value] if value in cleaned else clean(value))
                if value.__class__ is str
                else (
                    int(value)  # a whole number from a workbook, as xlrd gives it
                    if value.__class__ is float and value.is_integer() and abs(value) < 1e15
                    else value
                )
                for value in row
            ]
            for row in sheet.rows
        ]
    return sheets


_UNSEEN = object()


def clean_cell(value: object) -> object:
    """Strings lose stray spaces and full-width forms (NFKC); empty strings become None."""
    if isinstance(value, str):
        if value.isascii():  # ID numbers, numbers, dates: nothing to normalise
            text = value.strip()
        else:
            text = unicodedata.normalize("NFKC", value).replace("\u200b", "").strip()
        if "  " in text or "\t" in text:
            text = re.sub(r"[ \t]{2,}", " ", text)
        return text or None
    return value


def _read_xlsx(data: bytes, name: str) -> list[Sheet]:
    """Values and merged ranges through python-calamine (Rust): a 100,000-person roster reads
    in seconds, where openpyxl takes minutes. Whole numbers come back as int, as from xlrd."""
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for sheet_name in workbook.sheet_names:
            worksheet = workbook.get_sheet_by_name(sheet_name)
            rows = worksheet.to_python(skip_empty_area=False)  # floats made int in read_file
            for (top, left), (bottom, right) in worksheet.merged_cell_ranges or ():
                _fill_merged(rows, top + 1, left + 1, bottom + 1, right + 1)
            sheets.append(Sheet(name, sheet_name, rows))
    except Exception as error:  # calamine raises its own kinds for a file that is not a workbook
        raise UnreadableFile(
            f"{name}：无法作为 Excel（.xlsx）文件打开，文件可能已损坏或并非 Excel 文件（{error}）。"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
            f"{name}: cannot be opened as an Excel (.xlsx) file; it may be damaged or not a "
            f"workbook ({error}). Open it in Excel or WPS, save it as .xlsx and import again.",
        ) from None
    return sheets


def _fill_merged(
    rows: list[list[object]], min_row: int, min_col: int, max_row: int, max_col: int
) -> None:
    """Give every cell of a merged range (1-based, inclusive) the value of its top-left cell."""
    if min_row - 1 >= len(rows):
        return
    top_row = rows[min_row - 1]
    top = top_row[min_col - 1] if min_col - 1 < len(top_row) else None
    for row_number in range(min_row, min(max_row, len(rows)) + 1):
        row = rows[row_number - 1]
        if len(row) < max_col:
            row.extend([None] * (max_col - len(row)))
        for column in range(min_col, max_col + 1):
            row[column - 1] = top


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a real (BIFF) .xls
ZIP_SIGNATURE = b"PK\x03\x04"  # an .xlsx renamed .xls


def _read_any_xls(data: bytes, name: str) -> list[Sheet]:
    """A file named .xls: a real one, an .xlsx renamed, a web page, an XML workbook or text."""
    if data.startswith(OLE_SIGNATURE):
        return _read_xls(data, name)
    if data.startswith(ZIP_SIGNATURE):
        return _read_xlsx(data, name)
    kind = markup.kind_of(data)
    if kind is None:
        if b"\x00" not in data[:4096] and _decodes(data):
            return [Sheet(name, None, _read_csv(data, name))]  # tab- or comma-separated text
        return _read_xls(data, name)  # xlrd's own words on what is wrong
    text = _decode_markup(data, name)
    try:
        if kind == "spreadsheetml":
            return [Sheet(name, title, rows) for title, rows in markup.read_spreadsheetml(text)]
        tables = markup.read_html_tables(text)
    except (ElementTree.ParseError, ValueError) as error:
        raise UnreadableFile(
            f"{name}：这个 .xls 其实是网页或 XML 表格，但内容已损坏（{error}）。"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
            f"{name}: this .xls is really a web page or XML table, but it is damaged ({error}). "
            "Open it in Excel or WPS, save it as .xlsx and import again.",
        ) from None
    if not tables:
        raise UnreadableFile(
            f"{name}：这个 .xls 其实是网页，但其中没有表格。",
            f"{name}: this .xls is really a web page, but it holds no table.",
        )
    label = "表格" if len(tables) > 1 else None
    return [
        Sheet(name, f"{label}{number}" if label else None, rows)
        for number, rows in enumerate(tables, start=1)
    ]


def _decodes(data: bytes) -> bool:
    for encoding in TEXT_ENCODINGS:
        try:
            data[:65536].decode(encoding)
            return True
        except UnicodeDecodeError as error:
            if error.start > 65536 - 4:  # cut inside a character at the sample's end
                return True
    return False


def _decode_markup(data: bytes, name: str) -> str:
    """A page's text: in the encoding it declares (gb2312 pages are GBK in practice), else as
    any text file."""
    declared = markup.declared_encoding(data)
    if declared:
        if declared.replace("-", "") in ("gb2312", "gbk", "gb18030", "cp936"):
            declared = "gb18030"
        try:
            return data.decode(declared).lstrip("\ufeff")
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)


def _read_xls(data: bytes, name: str) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except Exception as error:  # xlrd raises many kinds for a file that is not BIFF
        raise UnreadableFile(
            f"{name}：无法作为旧版 Excel（.xls）文件打开（{error}）。"
            "有些系统导出的 .xls 其实是网页或文本：请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
            f"{name}: cannot be opened as an old Excel (.xls) file ({error}). Some systems "
            "export web pages or text named .xls: open it in Excel or WPS, save it as .xlsx "
            "and import again.",
        ) from None
    sheets = []
    for sheet in book.sheets():
        rows = []
        for row_number in range(sheet.nrows):
            row = []
            for column in range(sheet.ncols):
                cell = sheet.cell(row_number, column)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append(None)
                elif cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
                    row.append(int(cell.value))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    row.append(bool(cell.value))
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    row.append(None)
                else:
                    row.append(cell.value)
            rows.append(row)
        for top, bottom, left, right in sheet.merged_cells:
            value = rows[top][left]
            for row_number in range(top, bottom):
                for column in range(left, right):
                    rows[row_number][column] = value
        sheets.append(Sheet(name, sheet.name, rows))
    return sheets


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else GB18030 (covers GBK); an error naming both otherwise."""
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        f"{name}：无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030）。"
        "请用 Excel 或 WPS 打开后另存为 .xlsx，或另存为“CSV UTF-8”。",
        f"{name}: the text is neither UTF-8 nor GBK/GB18030. Open it in Excel or WPS and "
        "save it as .xlsx, or as 'CSV UTF-8'.",
    )


def _read_csv(data: bytes, name: str) -> list[list[object]]:
    if b"\x00" in data[:4096]:
        raise UnreadableFile(
            f"{name}：这不是文本（CSV）文件，可能是改了扩展名的 Excel 或其他二进制文件。",
            f"{name}: this is not a text (CSV) file; it may be a renamed workbook or other "
            "binary file.",
        )
    text = decode_text(data, name)
    sample = text[:8192]
    delimiter = max((",", "\t", ";"), key=sample.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _is_blank(row: list[object]) -> bool:
    return all(value is None or value == "" for value in row)


def _known_count(row: list[object]) -> int:
    # distinct texts: a title merged across the width repeats one text in every cell
    return sum(1 for value in set(row) if isinstance(value, str) and is_known_header(value))


def _strict_count(headers: list[str]) -> int:
    return sum(1 for header in headers if is_known_header(header, strict=True))


def _combine(upper: list[object], lower: list[object], width: int) -> list[str]:
    """Two header rows as one: the lower text where it is a known header, else the joined text."""
    headers = []
    for column in range(width):
        top = _text(upper, column)
        bottom = _text(lower, column)
        if bottom and top and top != bottom:
            if is_known_header(bottom):
                headers.append(bottom)
            elif is_known_header(top + bottom):
                headers.append(top + bottom)
            elif is_known_header(top):
                headers.append(top)
            else:
                headers.append(top + bottom)
        else:
            headers.append(bottom or top)
    return headers


def _text(row: list[object], column: int) -> str:
    value = row[column] if column < len(row) else None
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def locate_table(sheet: Sheet) -> TableLayout | None:
    """Find the header row (or two) among the first rows and keep the data rows below it.

    The header is the row with the most known headers; the row under it joins it when that
    makes more headers known (a two-row header, its upper cells merged over groups).
    None when no row has at least MIN_HEADER_MATCHES known headers.
    """
    rows = sheet.rows
    width = max((len(row) for row in rows), default=0)
    search = rows[:HEADER_SEARCH_ROWS]
    counts = [_known_count(row) for row in search]
    if not counts or max(counts) < MIN_HEADER_MATCHES:
        return None
    best = counts.index(max(counts))
    headers = [_text(rows[best], column) for column in range(width)]
    header_rows: tuple[int, ...] = (best + 1,)
    candidates = []
    if best + 1 < len(rows):
        candidates.append((best, best + 1))
    if best > 0:
        candidates.append((best - 1, best))
    for upper, lower in candidates:
        combined = _combine(rows[upper], rows[lower], width)
        # counted strictly: a header joined with the data cell under it still contains its term
        if _strict_count(combined) > _strict_count(headers):
            headers, header_rows = combined, (upper + 1, lower + 1)
    start = header_rows[-1]  # index of the first row under the header
    dropped = {"blank": 0, "total": 0, "footer": 0, "numbering": 0}
    data = []
    for index in range(start, len(rows)):
        row = rows[index]
        # the first non-empty cells of the first eight columns tell totals and footers apart
        filled = [value for value in row[:8] if value is not None and value != ""]
        if not filled and _is_blank(row):
            dropped["blank"] += 1
            continue
        if index == start and _is_numbering(
            [t for t in map(lambda c: _text(row, c), range(width)) if t]
        ):
            dropped["numbering"] += 1
            continue
        if any(
            isinstance(value, str)
            and _TOTAL.search(value)
            and normalize_header(value).replace(":", "") in TOTAL_WORDS
            for value in filled[:4]
        ):
            dropped["total"] += 1
            continue
        if (
            filled
            and len(filled) <= 3
            and isinstance(filled[0], str)
            and filled[0].startswith(FOOTER_WORDS)
        ):
            dropped["footer"] += 1
            continue
        data.append((index + 1, row if len(row) >= width else row + [None] * (width - len(row))))
    return TableLayout(sheet, headers, header_rows, data, dropped)


def _is_numbering(filled: list[str]) -> bool:
    """A row of column numbers (1, 2, 3 …) under the header, as government forms have."""
    return len(filled) >= 3 and filled == [str(number) for number in range(1, len(filled) + 1)]
