"""Download buttons for files made on a click: an Excel workbook, a CSV, a TOML mapping.

Streamlit calls a download button's function only when it is clicked (`on_click="ignore"`
keeps the page from rerunning), so a page never pays for a file nobody asked for. The kinds of
file and their types are named here once instead of on every page::

    file_button("xlsx", text("ledger.download_form", lang), make_form, "台账.xlsx", key="ledger_form")
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

MIME_TYPES = {
    "csv": "text/csv",
    "toml": "application/toml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_button(
    kind: str,
    label: str,
    content: Callable[[], bytes] | bytes | str,
    file_name: str,
    *,
    key: str,
    place: Any = None,
    help: str | None = None,
) -> None:
    """A button downloading `content` (made when clicked, if a function) as `file_name`, a
    file of `kind` ("xlsx", "csv", "toml"), drawn in `place` (a column; the page by default)."""
    if kind not in MIME_TYPES:
        raise ValueError(f"kind must be one of {sorted(MIME_TYPES)}, not {kind!r}")
    (st if place is None else place).download_button(
        label,
        content,
        file_name=file_name,
        mime=MIME_TYPES[kind],
        key=key,
        help=help,
        on_click="ignore",
    )
