"""The reference tables under `data/reference/`: code labels and poverty lines."""

from __future__ import annotations

import csv
from functools import cache

from dashboard import divisions
from dashboard.snapshots import PROJECT_ROOT

REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"


@cache
def code_labels() -> dict[tuple[str, str, str], dict[str, str]]:
    """(table, column, code) → {"zh": label, "en": label}."""
    with open(REFERENCE_DIR / "code_labels.csv", encoding="utf-8", newline="") as handle:
        return {
            (row["table"], row["column"], row["code"]): {
                "zh": row["label_zh"],
                "en": row["label_en"],
            }
            for row in csv.DictReader(handle)
        }


def code_label(table: str, column: str, code: str, lang: str = "zh") -> str:
    """The label of one code; the code itself when the table has none (never an error on a page)."""
    return code_labels().get((table, column, code), {}).get(lang, code)


@cache
def poverty_lines() -> dict[int, int]:
    """The national rural poverty line (yuan per person per year) by year."""
    with open(REFERENCE_DIR / "poverty_line.csv", encoding="utf-8", newline="") as handle:
        return {int(row["year"]): int(row["poverty_line_yuan"]) for row in csv.DictReader(handle)}


def poverty_line_for(year: int) -> tuple[int, int]:
    """(year used, yuan): the line of `year`, or of the latest earlier year the table has."""
    lines = poverty_lines()
    known = [line_year for line_year in lines if line_year <= year]
    line_year = max(known) if known else min(lines)
    return line_year, lines[line_year]


def division_names() -> dict[str, str]:
    """Official name of every province, prefecture, county and town: {"34": "安徽省", …}.

    From the 2023 统计用区划代码 (`dashboard.divisions`, `data/reference/divisions/`).
    """
    return divisions.upper_names()
