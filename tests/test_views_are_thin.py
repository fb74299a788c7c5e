"""Every page module only renders: no SQL, no DuckDB, no file reading, no reshaping of data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

VIEWS = sorted((Path(__file__).resolve().parent.parent / "dashboard" / "views").glob("*.py"))
FORBIDDEN = {
    "a DuckDB call": re.compile(r"\bduckdb\."),
    "reading Parquet": re.compile(r"read_parquet|pq\.read_table"),
    "SQL text": re.compile(r"\b(select|SELECT)\s+[\w*].*\b(from|FROM)\s+\w"),
    "a group-by": re.compile(r"\.groupby\("),
    "a pivot": re.compile(r"\.pivot_table\(|\.pivot\("),
    "file access": re.compile(r"\bopen\(|\.read_text\(|\.read_bytes\("),
}


def test_there_are_views():
    """The app's pages live in dashboard/views (not pages/, which Streamlit auto-registers)."""
    assert {path.stem for path in VIEWS} >= {"overview", "progress", "village_map"}
    assert not (VIEWS[0].parent.parent / "pages").exists()


@pytest.mark.parametrize("path", VIEWS, ids=[path.stem for path in VIEWS])
def test_view_only_renders(path):
    """No page module computes: queries live in queries/, shaping in builders."""
    source = path.read_text(encoding="utf-8")
    found = [what for what, pattern in FORBIDDEN.items() if pattern.search(source)]
    assert not found, f"{path.name} contains {', '.join(found)}"
