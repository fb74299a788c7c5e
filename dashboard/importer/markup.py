"""Tables that government systems hand out as .xls but write as web pages or XML.

Many systems (the national poverty-alleviation system's older exports among them) "export to
Excel" by writing an HTML table, or an Excel 2003 XML workbook (SpreadsheetML), and naming it
.xls: Excel opens it, xlrd does not. Both are read here with the standard library
(html.parser, xml.etree), so no extra package is needed and a cell's text stays text: an ID
number written as text in the page is never turned into a number on the way.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser

SPREADSHEET_NS = "urn:schemas-microsoft-com:office:spreadsheet"
MAX_SPAN = 1_000  # a colspan or rowspan beyond this is a broken page, not a table
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-]+)""")


def kind_of(data: bytes) -> str | None:
    """'html', 'spreadsheetml' or None, from the first bytes of a file."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe\r\n\t ").lower()
    if (
        head.startswith((b"<?xml", b"<workbook"))
        and b"urn:schemas-microsoft-com:office:spreadsheet" in data[:16384].lower()
    ):
        return "spreadsheetml"
    if b"<table" in data[: 1 << 20].lower() or head.startswith((b"<html", b"<!doctype html")):
        return "html"
    return None


def declared_encoding(data: bytes) -> str | None:
    """The encoding the page or XML declaration names (gb2312, utf-8 …), if any."""
    match = _XML_ENCODING.search(data[:1024]) or _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


class _TableParser(HTMLParser):
    """Every <table> of a page as rows of cell texts, colspan and rowspan spread out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[object]]] = []
        self._stack: list[dict] = []  # nested tables: each is read on its own

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._stack.append({"grid": {}, "row": -1, "cell": None})
            return
        if not self._stack:
            return
        table = self._stack[-1]
        if tag == "tr":
            self._end_cell(table)
            table["row"] += 1
        elif tag in ("td", "th"):
            self._end_cell(table)
            if table["row"] < 0:
                table["row"] = 0
            attributes = dict(attrs)
            table["cell"] = {
                "text": [],
                "colspan": _span(attributes.get("colspan")),
                "rowspan": _span(attributes.get("rowspan")),
            }
        elif tag == "br" and table["cell"] is not None:
            table["cell"]["text"].append("\n")

    def handle_endtag(self, tag):
        if not self._stack:
            return
        table = self._stack[-1]
        if tag in ("td", "th", "tr"):
            self._end_cell(table)
        elif tag == "table":
            self._end_cell(table)
            self._stack.pop()
            grid = table["grid"]
            if grid:
                height = max(row for row, _ in grid) + 1
                width = max(column for _, column in grid) + 1
                self.tables.append(
                    [[grid.get((row, column)) for column in range(width)] for row in range(height)]
                )

    def handle_data(self, data):
        if self._stack and self._stack[-1]["cell"] is not None:
            self._stack[-1]["cell"]["text"].append(data)

    @staticmethod
    def _end_cell(table) -> None:
        """Place the open cell in the first free column of its row, over all it spans."""
        cell = table["cell"]
        if cell is None:
            return
        table["cell"] = None
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(cell["text"])).strip() or None
        grid, row = table["grid"], table["row"]
        column = 0
        while (row, column) in grid:
            column += 1
        for down in range(cell["rowspan"]):
            for across in range(cell["colspan"]):
                grid.setdefault((row + down, column + across), text)
        if (row, column) not in grid:
            grid[(row, column)] = text


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_SPAN))
    except ValueError:
        return 1


def read_html_tables(text: str) -> list[list[list[object]]]:
    """The tables of a page, each as rows of cells (text or None)."""
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    while parser._stack:  # a page that never closes its table
        parser.handle_endtag("table")
    return parser.tables


def read_spreadsheetml(text: str) -> list[tuple[str, list[list[object]]]]:
    """(sheet name, rows) of an Excel 2003 XML workbook; numbers and dates keep their type."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    root = ElementTree.fromstring(text)
    ns = {"ss": SPREADSHEET_NS}
    attribute = f"{{{SPREADSHEET_NS}}}"
    sheets = []
    for worksheet in root.iter(f"{attribute}Worksheet"):
        rows: list[list[object]] = []
        pending: dict[tuple[int, int], object] = {}
        table = worksheet.find("ss:Table", ns)
        for row_element in table.findall("ss:Row", ns) if table is not None else []:
            index = row_element.get(f"{attribute}Index")
            while index and len(rows) < int(index) - 1:
                rows.append([])
            row: list[object] = []
            row_number = len(rows)
            for cell in row_element.findall("ss:Cell", ns):
                cell_index = cell.get(f"{attribute}Index")
                column = int(cell_index) - 1 if cell_index else len(row)
                while (row_number, column) in pending and not cell_index:
                    column += 1
                while len(row) < column:
                    row.append(pending.pop((row_number, len(row)), None))
                data = cell.find("ss:Data", ns)
                value = _typed(data) if data is not None else None
                across = int(cell.get(f"{attribute}MergeAcross") or 0)
                down = int(cell.get(f"{attribute}MergeDown") or 0)
                for offset in range(across + 1):
                    row.append(value)
                    for below in range(1, down + 1):
                        pending[(row_number + below, column + offset)] = value
            for key in [key for key in pending if key[0] == row_number]:
                while len(row) <= key[1]:
                    row.append(None)
                if row[key[1]] is None:
                    row[key[1]] = pending.pop(key)
                else:
                    pending.pop(key)
            rows.append(row)
        sheets.append((worksheet.get(f"{attribute}Name") or "Sheet1", rows))
    return sheets


def _typed(data: ElementTree.Element) -> object:
    text = "".join(data.itertext())
    kind = data.get(f"{{{SPREADSHEET_NS}}}Type")
    if text == "":
        return None
    if kind == "Number":
        number = float(text)
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if kind == "DateTime":
        try:
            return dt.datetime.fromisoformat(text.rstrip("Z"))
        except ValueError:
            return text
    if kind == "Boolean":
        return text.strip() == "1"
    return text
