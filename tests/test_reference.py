"""The committed reference tables cover the contract and read as numbers."""

from __future__ import annotations

from dashboard import contract
from dashboard.reference import code_label, code_labels, poverty_lines


def test_every_contract_code_has_both_labels():
    """Each code of each coded column has a non-empty Chinese and English label."""
    labels = code_labels()
    for table_name, column in contract.coded_columns():
        for code in column.codes:
            entry = labels.get((table_name, column.name, code))
            assert entry, f"no label for {table_name}.{column.name}={code}"
            assert entry["zh"].strip() and entry["en"].strip()
            assert entry["zh"] != code


def test_no_label_for_a_code_the_contract_does_not_have():
    """The labels table carries no stale code."""
    allowed = {
        (table_name, column.name, code)
        for table_name, column in contract.coded_columns()
        for code in column.codes
    }
    assert set(code_labels()) <= allowed


def test_known_labels_and_fallback():
    """A few labels people know by heart, and an unknown code shown as itself."""
    assert code_label("households", "attribute", "tekun").startswith("特困供养")
    assert code_label("payments", "program", "rainbow_plan") == "雨露计划"
    assert code_label("payments", "program", "rainbow_plan", "en") == "Rainbow Plan"
    assert code_label("payments", "program", "no_such_program") == "no_such_program"


def test_poverty_line_rises_and_covers_the_demo_years():
    """One line per year 2014-2020, never falling, 2,800 yuan in 2014 (the published value)."""
    lines = poverty_lines()
    assert list(lines) == list(range(2014, 2021))
    assert lines[2014] == 2800
    assert all(lines[year] <= lines[year + 1] for year in range(2014, 2020))


def test_every_message_has_chinese_and_english():
    """Each catalogue entry has both languages (one may be empty on purpose, e.g. a unit
    that Chinese writes after the number and English leaves out, never both)."""
    from dashboard.i18n import messages

    for key, entry in messages().items():
        assert set(entry) == {"zh", "en"}, key
        assert entry["zh"].strip() or entry["en"].strip(), key
