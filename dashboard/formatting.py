"""Numbers and dates as each language writes them: 1,372 人, 59.8万元, 2018年6月30日 / 30 Jun 2018.

A visitor's frames hold "<5" where a cell stands for fewer than 5 households
(`dashboard.access.small_counts`): every number formatter writes it as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dashboard.access.small_counts import is_hidden

Number = int | float | Decimal | str | None  # str: only the small-count label "<5"

WAN = 10_000  # 万: Chinese readers count large sums in ten-thousands


def _not_a_number(value: Number) -> str | None:
    """What a formatter writes for a value that is no number: "<5" (or "×" hidden beside one)
    as it is, an em dash for a missing value; None for a number, which the formatter writes."""
    if is_hidden(value):
        return value
    if value is None:
        return "—"
    return None


def format_count(value: Number) -> str:
    """A whole count with thousands separators; an em dash for a missing value; "<5" as is."""
    if (shown := _not_a_number(value)) is not None:
        return shown
    return f"{int(value):,}"


def format_yuan(value: Number, lang: str = "zh") -> str:
    """Yuan: 万元 with two decimals from 10,000 up in Chinese, plain yuan in English."""
    if (shown := _not_a_number(value)) is not None:
        return shown
    amount = float(value)
    if lang == "zh":
        if abs(amount) >= WAN:
            return f"{amount / WAN:,.2f}万元"
        return f"{amount:,.0f}元"
    return f"¥{amount:,.0f}"


def format_date(value: dt.date, lang: str = "zh") -> str:
    """2018年6月30日 in Chinese, 30 Jun 2018 in English."""
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%b} {value.year}"


def format_yuan_compact(value: Number, lang: str = "zh") -> str:
    """Yuan short enough for a narrow card: 78.1万 / ¥781k / ¥1.20M (the caption gives it whole)."""
    if (shown := _not_a_number(value)) is not None:
        return shown
    amount = float(value)
    if lang == "zh":
        return f"{amount / WAN:,.1f}万" if abs(amount) >= WAN else f"{amount:,.0f}"
    if abs(amount) >= 1_000_000:
        return f"¥{amount / 1_000_000:,.2f}M"
    return f"¥{amount / 1_000:,.0f}k" if abs(amount) >= 1_000 else f"¥{amount:,.0f}"


def format_share(value: Number, digits: int = 1) -> str:
    """A share as a percentage (0.598 → 59.8%); an em dash for a missing value; "<5" as is."""
    if is_hidden(value):
        return value  # "<5", or "×" hidden beside one
    if value is None or value != value:  # NaN
        return "—"
    return f"{float(value):.{digits}%}"
