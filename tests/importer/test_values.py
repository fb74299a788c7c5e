"""Reading single cells: labels and synonyms, dates and years in every form, ID numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dashboard.importer import values
from tests.importer.files import HEAD_ID


@pytest.mark.parametrize(
    ("table", "column", "raw", "expected"),
    [
        ("households", "attribute", "五保", "tekun"),
        ("households", "attribute", "特困供养", "tekun"),
        ("households", "attribute", "特困供养贫困户（五保）", "tekun"),
        ("households", "attribute", "低保贫困户", "dibao"),
        ("households", "attribute", "低保户", "dibao"),
        ("households", "attribute", " 一般贫困户 ", "general"),
        ("households", "main_cause", "因病致贫", "illness"),
        ("households", "main_cause", "因病", "illness"),
        ("households", "main_cause", "缺劳力", "lack_labor"),
        ("households", "status", "返贫", "relapsed"),
        ("members", "migrant_work", "乡（镇）内务工", "in_town"),
        ("members", "relation", "之子", "child"),
        ("members", "relation", "儿媳", "child_in_law"),
        ("members", "sex", "女", "female"),
        ("payments", "program", "教育资助", "education_aid"),
        ("payments", "program", "education_aid", "education_aid"),
    ],
)
def test_labels_and_synonyms_become_codes(table, column, raw, expected):
    assert values.code(table, column, raw) == expected


def test_an_unknown_label_names_the_allowed_ones():
    with pytest.raises(values.BadValue) as caught:
        values.code("households", "attribute", "穷户")
    assert "低保贫困户" in caught.value.message_zh
    assert "Allowed" in caught.value.message_en


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (2016, 2016),
        (2016.0, 2016),
        ("2016", 2016),
        ("2016年", 2016),
        ("2016.05", 2016),
        ("2016-5-3", 2016),
        ("2016/05/03", 2016),
        (dt.datetime(2016, 5, 3), 2016),
        (42493, 2016),  # an Excel serial for 2016-05-03
        (None, None),
    ],
)
def test_years_in_every_form(raw, expected):
    assert values.year(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2016-5-3", dt.date(2016, 5, 3)),
        ("2016/05/03", dt.date(2016, 5, 3)),
        ("2016.05.03", dt.date(2016, 5, 3)),
        ("2016年5月3日", dt.date(2016, 5, 3)),
        ("20160503", dt.date(2016, 5, 3)),
        (42493, dt.date(2016, 5, 3)),
        (dt.datetime(2016, 5, 3, 0, 0), dt.date(2016, 5, 3)),
        ("2016.05", dt.date(2016, 5, 1)),
        ("2016-05-03 00:00:00", dt.date(2016, 5, 3)),
    ],
)
def test_dates_in_every_form(raw, expected):
    assert values.date(raw) == expected


@pytest.mark.parametrize("raw", ["2016-13-01", "去年", "2016-02-30", True])
def test_not_dates(raw):
    with pytest.raises(values.BadValue):
        values.date(raw)


def test_id_number_trailing_x_is_upper_case():
    assert values.id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize("raw", [3.41182194411243e17, "3.41182E+17", 341182194411243000])
def test_id_numbers_stored_as_excel_numbers_are_refused(raw):
    with pytest.raises(values.BadValue) as caught:
        values.id_number(raw)
    assert "15 significant digits" in caught.value.message_en
    assert "3.41182E+17" in caught.value.message_zh


def test_birth_date_and_sex_from_the_id_number():
    assert values.id_birth_date(HEAD_ID) == dt.date(1960, 1, 1)
    assert values.id_sex(HEAD_ID) == "male"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1,200.00", Decimal("1200.00")), ("1200元", Decimal("1200.00")), (319.75, Decimal("319.75")),
     ("￥60", Decimal("60.00")), ("1.2万", Decimal("12000.00"))],
)  # fmt: skip
def test_amounts(raw, expected):
    assert values.amount(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("是", True), ("否", False), ("√", True), ("无", False), (1, True)]
)
def test_booleans(raw, expected):
    assert values.boolean(raw) is expected


def test_long_identifiers_stored_as_numbers_are_refused():
    with pytest.raises(values.BadValue):
        values.identifier(3.41182108205e15)
    assert values.identifier(12345.0) == "12345"
