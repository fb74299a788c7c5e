"""The shared rules of queries/definitions/: documented as written, and meaning what they say."""

from __future__ import annotations

import re

import duckdb
import pytest

from dashboard import contract, definitions
from dashboard.data import QUERIES_DIR, query_names


def test_the_document_is_the_one_written_from_the_definitions():
    """docs/definitions.md equals what `tuopin definitions --write` makes of the SQL files."""
    assert definitions.DOCUMENT_PATH.read_text(encoding="utf-8") == definitions.markdown()


def test_every_definition_names_its_source_and_both_languages():
    for item in definitions.definitions():
        assert item.source_kind in definitions.SOURCE_KINDS, item.definition_id
        assert re.search(r"[\u4e00-\u9fff]", item.name_zh), item.definition_id
        assert re.search(r"[\u4e00-\u9fff]", item.rule_zh), item.definition_id
        # English written in English (a Chinese term may stand in brackets beside its gloss).
        assert len(re.findall(r"[A-Za-z]", item.rule_en)) > 2 * len(
            re.findall(r"[\u4e00-\u9fff]", item.rule_en)
        ), item.definition_id


def test_the_drifted_rules_are_written_once():
    """Each rule that used to have copies is a macro or view of the definitions, and only there."""
    ids = {item.definition_id for item in definitions.definitions()}
    for wanted in (
        "registered",
        "exited",
        "not_exited",
        "relapsed",
        "removed",
        "meets_exit_standard",
        "child_out_of_school",
        "income_above_line",
        "helper_load",
        "visited_recently",
        "industry_program",
        "working_age",
    ):
        assert wanted in ids
    defining = re.compile(r"create or replace macro (\w+)")
    macros = [
        name
        for path in definitions.definition_files()
        for name in defining.findall(path.read_text(encoding="utf-8"))
    ]
    assert len(macros) == len(set(macros))
    # No query file redefines a macro of its own.
    for name in query_names():
        assert "create" not in (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8").lower()


def test_python_takes_its_lists_from_the_sql():
    assert definitions.not_exited_statuses() == ("not_exited", "relapsed")
    assert definitions.industry_programs() == ("industry_planting", "industry_breeding")
    assert definitions.constant("helper_households_min") == 3
    assert definitions.constant("helper_households_max") == 5
    assert set(definitions.not_exited_statuses()) < set(contract.HOUSEHOLD_STATUSES)


@pytest.fixture(scope="module")
def macros() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    definitions.define_macros(connection)
    yield connection
    connection.close()


def value(connection: duckdb.DuckDBPyConnection, sql: str, *params: object) -> object:
    return connection.execute(sql, list(params)).fetchone()[0]


@pytest.mark.parametrize(
    ("age", "stage", "education", "out"),
    [
        (10, "preschool", "illiterate", True),  # a 10-year-old still in preschool
        (10, "none", "primary", True),
        (10, "primary", "primary", False),
        (15, "none", "junior", False),  # finished junior school: compulsory schooling done
        (15, "none", "primary", True),
        (16, "none", "primary", False),  # past compulsory-school age
        (5, "none", "illiterate", False),
        (6, "none", "illiterate", True),
    ],
)
def test_child_out_of_school(macros, age, stage, education, out):
    sql = "select is_child_out_of_school(?::integer, ?, ?)"
    assert value(macros, sql, age, stage, education) is out


def test_income_exactly_on_the_line_does_not_meet_it(macros):
    line_2018 = value(macros, "select poverty_line(2018)")
    assert value(macros, "select income_above_line(?::decimal(12,2), 2018)", line_2018) is False
    assert value(macros, "select income_above_line(?::decimal(12,2), 2018)", line_2018 + 1) is True
    # A year the table lacks takes the latest earlier line, one before it the first.
    assert value(macros, "select poverty_line(2099)") == value(macros, "select poverty_line(2020)")
    assert value(macros, "select poverty_line(1999)") == value(macros, "select poverty_line(2014)")


@pytest.mark.parametrize(
    ("households", "load"), [(2, "under"), (3, "within"), (5, "within"), (6, "over")]
)
def test_the_three_to_five_rule(macros, households, load):
    assert value(macros, "select helper_load(?::integer)", households) == load


def test_visited_recently_counts_day_ninety(macros):
    sql = "select visited_recently(?::date, ?::date)"
    assert value(macros, sql, "2018-04-01", "2018-06-30") is True  # 90 days before
    assert value(macros, sql, "2018-03-31", "2018-06-30") is False  # 91 days before
    assert value(macros, sql, None, "2018-06-30") is False  # never visited


def test_masks_by_default_and_shows_whole_when_the_viewer_may(macros):
    cursor = macros.cursor()
    assert value(cursor, "select mask_name('欧阳娜娜')") == "欧**"
    assert value(cursor, "select mask_id_number('34112219800101123X')") == "341122********123X"
    assert value(cursor, "select mask_id_number('1234567890')") == "**********"
    assert value(cursor, "select mask_phone('13812345678')") == "138****5678"
    cursor.execute("set variable tuopin_show_names = true")
    assert value(cursor, "select mask_name('欧阳娜娜')") == "欧阳娜娜"
    assert value(cursor, "select mask_id_number('34112219800101123X')") == "341122********123X"
    cursor.close()
    assert value(macros.cursor(), "select mask_name('欧阳娜娜')") == "欧**"
