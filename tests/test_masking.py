"""One masking rule: the SQL macros for queries, `dashboard.masking` for messages, and no query
that masks by hand."""

from __future__ import annotations

import re

import duckdb
import pytest

from dashboard import definitions, masking
from dashboard.data import QUERIES_DIR, query_names

SAMPLES = (
    "张三",
    "欧阳娜娜",
    " 李 ",
    "",
    "34118219800101123X",
    "341182198001011234",
    "1234567890",
    "12345678901",
    "13812345678",
    "0550-1234567",
    "1234567",
    "12345678",
    "x",
)


@pytest.fixture(scope="module")
def macros():
    connection = duckdb.connect()
    definitions.define_macros(connection)
    yield connection
    connection.close()


@pytest.mark.parametrize("value", SAMPLES)
@pytest.mark.parametrize(
    ("macro", "python"),
    [
        ("mask_name", masking.mask_name),
        ("mask_id_number", masking.mask_id_number),
        ("mask_phone", masking.mask_phone),
    ],
)
def test_python_masks_as_the_sql_macros_do(macros, macro, python, value):
    sql_value = macros.execute(f"select {macro}(?)", [value]).fetchone()[0]
    assert python(value) == sql_value


def test_no_number_leaves_whole():
    """Short numbers too: the importer's old masker left numbers of 10 characters or fewer."""
    assert masking.mask("id_number", "1234567890") == "**********"
    assert masking.mask("households", "H1 34118219800101123X") == "H1 341182********123X"
    assert masking.mask("size", "3") == "3"


HAND_MASKING = re.compile(r"'\*\*'|repeat\('\*'|\|\|\s*'\*")


@pytest.mark.parametrize("name", query_names())
def test_no_query_masks_by_hand(name):
    """Every query masks through the macros (mask_name, mask_id_number, mask_phone)."""
    sql = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    code = "\n".join(line.split("--")[0] for line in sql.splitlines())
    assert not HAND_MASKING.search(code), f"queries/{name}.sql masks by hand"
