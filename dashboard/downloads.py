"""Tables as files people open: CSV with a BOM (so Excel reads the Chinese), and .xlsx."""

from __future__ import annotations

import io

import pandas as pd

EXCEL_SHEET_NAME_LIMIT = 31  # Excel refuses longer sheet names


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte-order mark: Excel on Windows then shows 户 instead of mojibake."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    """One sheet of an .xlsx workbook, headers bold (openpyxl's default), no index column."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet_name[:EXCEL_SHEET_NAME_LIMIT], index=False)
    return buffer.getvalue()
