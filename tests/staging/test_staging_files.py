"""One staging model per file: `queries/staging/<name>.sql` creates `<name>`, the files run in
the order of what each reads, and a changed file changes the cache key (its files are rebuilt).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from dashboard import contract, definitions, staging
from dashboard.definitions import DefinitionError
from dashboard.query_files import QUERIES_DIR, load_query, query_names

# Names a query reads a table or view by: after from or join.
READ = re.compile(r"\b(?:from|join)\s+([a-z_][a-z0-9_]*)\b")


def empty_contract_tables() -> duckdb.DuckDBPyConnection:
    """A connection holding every contract table, empty, with its snapshot_date column."""
    connection = duckdb.connect()
    for table in contract.TABLES:
        schema = table.arrow_schema()
        if "snapshot_date" not in schema.names:
            schema = schema.append(pa.field("snapshot_date", pa.date32()))
        connection.from_arrow(schema.empty_table()).create(table.name)
    return connection


def test_each_file_creates_the_model_it_is_named_after():
    models = definitions.staging_models()
    assert len(models) >= 30  # the 32 views and table macros of the five files they came from
    for model in models:
        text = model.path.read_text(encoding="utf-8")
        creates = re.findall(r"^create or replace (?:view|macro) ([a-z_0-9]+)", text, re.M)
        assert creates == [model.path.stem], model.path.name
    # What a query reads by a staging model's name is that file.
    named = {model.name for model in models}
    assert definitions.STAGING_DIR == QUERIES_DIR / "staging"
    read = {name for query in query_names() for name in READ.findall(load_query(query))}
    assert {"household_facts", "member_facts", "helper_households"} <= read & named


def test_the_files_run_in_order_over_the_contracts_tables():
    """Each model binds when created: every model it reads was created before it."""
    connection = empty_contract_tables()
    try:
        definitions.define_macros(connection)
        order = [model.name for model in definitions.staging_models()]
        for model in definitions.staging_models():
            for read in model.reads:
                assert order.index(read) < order.index(model.name), (model.name, read)
            connection.execute(model.path.read_text(encoding="utf-8"))
        assert order.index("household_facts") < order.index("helper_households")
        assert connection.execute("select count(*) from household_facts").fetchone() == (0,)
    finally:
        connection.close()


def test_a_view_runs_after_what_it_reads_whatever_its_name(tmp_path):
    (tmp_path / "a_totals.sql").write_text(
        "-- reads b_rows\ncreate or replace view a_totals as select count(*) from b_rows;\n"
    )
    (tmp_path / "b_rows.sql").write_text(
        "create or replace view b_rows as select 'a_totals' as x; -- not a_totals\n"
    )
    models = definitions.staging_models(tmp_path)
    assert [model.name for model in models] == ["b_rows", "a_totals"]
    assert models[1].reads == ("b_rows",)
    assert models[0].reads == ()  # names in comments and quoted text are not read


def test_a_circle_of_reads_is_refused_with_its_files(tmp_path):
    (tmp_path / "a.sql").write_text("create or replace view a as select * from b;\n")
    (tmp_path / "b.sql").write_text("create or replace view b as select * from a;\n")
    with pytest.raises(DefinitionError, match=r"circle: a\.sql, b\.sql"):
        definitions.staging_models(tmp_path)


@pytest.mark.parametrize(
    ("name", "sql", "message"),
    [
        ("a", "create or replace view b as select 1;\n", "the file must be named b.sql"),
        ("a", "select 1;\n", "creates 0"),
        (
            "a",
            "create or replace view a as select 1;\ncreate or replace view a2 as select 1;\n",
            "creates 2",
        ),
    ],
)
def test_a_file_creates_one_model_named_as_it_is(tmp_path, name, sql, message):
    (tmp_path / f"{name}.sql").write_text(sql, encoding="utf-8")
    with pytest.raises(DefinitionError, match=message):
        definitions.staging_models(tmp_path)


def test_a_changed_staging_file_changes_the_cache_key(tmp_path, monkeypatch):
    copy = tmp_path / "staging"
    shutil.copytree(definitions.STAGING_DIR, copy)
    monkeypatch.setattr(definitions, "STAGING_DIR", copy)
    before = staging.definitions_key()
    path: Path = copy / "household_facts.sql"
    path.write_text(path.read_text(encoding="utf-8") + "\n-- one more line\n", encoding="utf-8")
    assert staging.definitions_key() != before
