"""Numbers and dates as each language writes them."""

from __future__ import annotations

import datetime as dt

from dashboard.formatting import format_count, format_date, format_yuan, format_yuan_compact


def test_counts_have_thousands_separators():
    """1372 → 1,372; a missing value is a dash, not 'nan'."""
    assert format_count(1372) == "1,372"
    assert format_count(0) == "0"
    assert format_count(None) == "—"


def test_yuan_in_wan_for_chinese_and_plain_for_english():
    """598,160 yuan reads 59.82万元 in Chinese and ¥598,160 in English; small sums stay in 元."""
    assert format_yuan(598_160, "zh") == "59.82万元"
    assert format_yuan(7_160_000, "zh") == "716.00万元"
    assert format_yuan(2_800, "zh") == "2,800元"
    assert format_yuan(598_160, "en") == "¥598,160"


def test_compact_yuan_fits_a_card():
    """Compact forms keep three or four significant figures."""
    assert format_yuan_compact(780_700, "zh") == "78.1万"
    assert format_yuan_compact(780_700, "en") == "¥781k"
    assert format_yuan_compact(3_120_000, "en") == "¥3.12M"
    assert format_yuan_compact(950, "zh") == "950"


def test_dates_in_each_language():
    """2018年6月30日 / 30 Jun 2018."""
    assert format_date(dt.date(2018, 6, 30), "zh") == "2018年6月30日"
    assert format_date(dt.date(2018, 6, 30), "en") == "30 Jun 2018"
