"""The SQL sandbox (dashboard/sandbox.py): escapes refused, masking kept, honest answers right.

Escape attempts are tried twice: through `run_sql` (the page's and `tuopin sql`'s engine, with
its friendly statement checks) and straight on the locked connection from `open_sandbox`, so
the tests show DuckDB's own settings hold even where the friendly checks are bypassed.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pytest

from dashboard import sandbox
from dashboard.access import scope
from dashboard.data import MASKED
from dashboard.downloads import to_csv_bytes
from dashboard.errors import TuopinError
from dashboard.snapshots import get_snapshot
from tests.demo_facts import households_in_village

SNAPSHOT = "2018-06-30"
PROBE_DIR = Path("/tmp/tuopin-sandbox-probe")  # every write attempt aims here; must stay absent


def honest_count(data_dir: Path) -> int:
    result = sandbox.run_sql(
        data_dir, "select count(*) as n from households", snapshot_date=SNAPSHOT
    )
    return int(result.frame["n"].iloc[0])


# Statements that try to leave the sandbox: read, write, attach, load, loosen. `{snapshot}` is
# the snapshot's folder and `{probe}` a path that must never come to exist.
ESCAPE_ATTEMPTS = [
    "select * from read_csv('/etc/passwd')",
    "select * from read_csv_auto('/etc/passwd')",
    "select * from read_parquet('/etc/passwd')",
    "select count(*) from read_parquet('{snapshot}/households.parquet')",  # even its own files
    "select * from parquet_scan('/etc/passwd')",
    "select * from read_json('/etc/passwd')",
    "select * from read_json_auto('/etc/passwd')",
    "select * from read_text('/etc/passwd')",
    "select * from read_blob('/etc/passwd')",
    "select * from glob('/etc/*')",
    "select * from glob('/**')",
    "select * from '/etc/passwd'",
    "from '/etc/hostname'",
    "select * from read_text('{snapshot}/../../../../../etc/passwd')",
    "select * from glob('{snapshot}/../*')",
    "select * from read_text('{snapshot}/manifest.json')",
    "select * from sniff_csv('/etc/passwd')",
    "select * from parquet_metadata('/etc/passwd')",
    "copy (select 1) to '{probe}.csv'",
    "copy households to '{snapshot}/copied.csv'",
    "export database '{probe}'",
    "attach '{probe}.db'",
    "attach '{probe}.db' as probe; create table probe.t as select 1",
    "install httpfs",
    "load httpfs",
    "force install httpfs",
    "load '{probe}.duckdb_extension'",
    "set enable_external_access = true",
    "set allowed_directories = ['/']",
    "set allowed_paths = ['/etc/passwd']",
    "set lock_configuration = false",
    "set disabled_filesystems = ''",
    "set temp_directory = '{probe}'",
    "set memory_limit = '100GB'",
    "reset lock_configuration",
    "reset enable_external_access",
    "pragma enable_external_access",
    "pragma memory_limit='100GB'",
    "pragma threads = 64",
    "select 1; select * from read_text('/etc/passwd')",
    "create table leaked as select * from read_text('{snapshot}/members.parquet')",
]


def escape(template: str, data_dir: Path) -> str:
    snapshot = data_dir / "snapshots" / f"snapshot_date={SNAPSHOT}"
    return template.format(snapshot=snapshot, probe=PROBE_DIR)


def assert_nothing_written(data_dir: Path) -> None:
    for path in (PROBE_DIR, Path(f"{PROBE_DIR}.csv"), Path(f"{PROBE_DIR}.db")):
        assert not path.exists(), f"the sandbox wrote {path}"
    snapshot = data_dir / "snapshots" / f"snapshot_date={SNAPSHOT}"
    assert not (snapshot / "copied.csv").exists()


def test_there_are_at_least_twenty_escape_attempts():
    assert len(ESCAPE_ATTEMPTS) >= 20


@pytest.mark.parametrize("template", ESCAPE_ATTEMPTS)
def test_escape_refused_through_run_sql_then_honest_query_works(demo_dir, template):
    statement = escape(template, demo_dir)
    with pytest.raises(TuopinError) as caught:
        sandbox.run_sql(demo_dir, statement, snapshot_date=SNAPSHOT, time_limit=5)
    assert caught.value.message_zh and caught.value.message_en
    assert "Traceback" not in str(caught.value)
    assert_nothing_written(demo_dir)
    assert honest_count(demo_dir) == 650


@pytest.mark.parametrize("template", ESCAPE_ATTEMPTS)
def test_escape_refused_by_the_settings_alone(demo_dir, template):
    """The locked connection itself refuses, without the friendly statement checks."""
    statement = escape(template, demo_dir)
    connection, _snapshot = sandbox.open_sandbox(demo_dir, SNAPSHOT)
    try:
        with pytest.raises(duckdb.Error):
            connection.execute(statement).fetchall()
        assert connection.execute("select count(*) from households").fetchall() == [(650,)]
    finally:
        connection.close()
    assert_nothing_written(demo_dir)


def test_settings_are_those_of_a_sandbox(demo_dir):
    connection, _snapshot = sandbox.open_sandbox(demo_dir, SNAPSHOT)
    try:
        settings = dict(
            connection.execute(
                "select name, value from duckdb_settings() where name in ('enable_external_access',"
                " 'lock_configuration', 'allowed_directories', 'allowed_paths', 'temp_directory',"
                " 'autoinstall_known_extensions', 'autoload_known_extensions', 'threads')"
            ).fetchall()
        )
    finally:
        connection.close()
    assert settings["enable_external_access"] == "false"
    assert settings["lock_configuration"] == "true"
    assert settings["allowed_directories"] == "[]"
    assert settings["allowed_paths"] == "[]"
    assert settings["temp_directory"] == ""
    assert settings["autoinstall_known_extensions"] == "false"
    assert settings["autoload_known_extensions"] == "false"
    assert settings["threads"] == "2"
    # disabled_filesystems reads back empty in DuckDB 2.0 though it is in force: the escape
    # attempts above on the snapshot's own files show it.


def test_a_query_that_runs_forever_is_interrupted(demo_dir):
    started = time.perf_counter()
    with pytest.raises(sandbox.SqlTimeout) as caught:
        sandbox.run_sql(
            demo_dir, "select count(*) from range(10000000000000)", time_limit=1, snapshot_date=None
        )
    assert time.perf_counter() - started < 1 + sandbox.INTERRUPT_GRACE_SECONDS
    assert "1 s" in caught.value.message_en and "1 秒" in caught.value.message_zh
    assert honest_count(demo_dir) == 650


def test_an_endless_recursion_is_interrupted(demo_dir):
    recursion = (
        "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r"
    )
    with pytest.raises(sandbox.SqlTimeout):
        sandbox.run_sql(demo_dir, recursion, time_limit=1)
    assert honest_count(demo_dir) == 650


def test_other_queries_answer_while_one_runs_away(demo_dir):
    """The server stays responsive: a query in another thread answers during a runaway one."""
    outcome: dict[str, BaseException] = {}

    def runaway() -> None:
        try:
            sandbox.run_sql(demo_dir, "select count(*) from range(10000000000000)", time_limit=4)
        except TuopinError as error:
            outcome["error"] = error

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    started = time.perf_counter()
    assert honest_count(demo_dir) == 650
    assert time.perf_counter() - started < 3, "an honest query waited for the runaway one"
    assert thread.is_alive(), "the runaway query should still have been running"
    thread.join(15)
    assert isinstance(outcome.get("error"), sandbox.SqlTimeout)


def test_a_query_that_wants_all_memory_is_stopped(demo_dir):
    with pytest.raises(sandbox.SqlFailed) as caught:
        sandbox.run_sql(demo_dir, "select list(range) from range(500000000)", time_limit=30)
    assert sandbox.MEMORY_LIMIT in caught.value.message_en
    assert honest_count(demo_dir) == 650


def test_honest_counts_on_the_demo(demo_dir, demo_sql):
    """Counts through the sandbox equal those read from the Parquet files independently."""
    for table in ("households", "members", "payments", "visits", "helpers"):
        expected = demo_sql.execute(
            f"select count(*) from {table} where snapshot_date = date '2018-06-30'"
        ).fetchall()[0][0]
        result = sandbox.run_sql(
            demo_dir, f"select count(*) as n from {table}", snapshot_date=SNAPSHOT
        )
        assert int(result.frame["n"].iloc[0]) == expected, table
    assert honest_count(demo_dir) == 650  # the report's F01
    members = sandbox.run_sql(demo_dir, "select count(*) as n from members", snapshot_date=SNAPSHOT)
    assert int(members.frame["n"].iloc[0]) == 1372  # the report's F02


def test_an_earlier_snapshot_has_its_own_tables(demo_dir):
    result = sandbox.run_sql(
        demo_dir,
        "select count(*) as n from households where status = 'exited' and exit_year = 2017",
        snapshot_date="2016-12-31",
    )
    assert int(result.frame["n"].iloc[0]) == 0  # 2017's exits had not happened


def test_snapshot_date_is_bound_and_the_projects_queries_run(demo_dir):
    result = sandbox.run_sql(
        demo_dir, sandbox.load_example("exits_by_year"), snapshot_date=SNAPSHOT
    )
    by_year = {
        int(row.exit_year): (row.households, row.people) for row in result.frame.itertuples()
    }
    # The report's F05-F08, as seed-figures.md states them.
    assert by_year == {2014: (167, 181), 2015: (114, 227), 2016: (65, 167), 2017: (99, 271)}


def test_a_given_parameter_overrides_its_default(demo_dir, demo_sql):
    sql = "select count(*) as n from households where village_code = $village_code"
    village = "341182108206"
    expected = households_in_village(demo_sql, village)
    result = sandbox.run_sql(demo_dir, sql, parameters={"village_code": village})
    assert int(result.frame["n"].iloc[0]) == expected > 0


def test_an_unknown_parameter_is_explained(demo_dir):
    with pytest.raises(sandbox.SqlRefused) as caught:
        sandbox.run_sql(demo_dir, "select $no_such_thing as x")
    assert "$no_such_thing" in caught.value.message_en
    assert "--param" in caught.value.message_en


def test_parameters_are_read_as_their_defaults_kind():
    assert sandbox.parse_parameter("windows", "30, 60", [30, 60, 90]) == [30, 60]
    assert str(sandbox.parse_parameter("paid_from", "2017-01-01", sandbox.dt.date(2018, 1, 1))) == (
        "2017-01-01"
    )
    assert sandbox.parse_parameter("year", "2017", 2018) == 2017
    assert sandbox.parse_parameter("village_code", "341182108206", "x") == "341182108206"
    with pytest.raises(sandbox.SqlRefused):
        sandbox.parse_parameter("paid_from", "last year", sandbox.dt.date(2018, 1, 1))


def test_every_example_query_runs_or_says_why(demo_dir):
    """The project's own queries open as examples; each runs, or fails with a message."""
    names = sandbox.example_queries()
    assert "exits_by_year" in names and len(names) >= 30
    for name in names:
        try:
            sandbox.run_sql(demo_dir, sandbox.load_example(name), snapshot_date=SNAPSHOT)
        except TuopinError as error:
            assert error.message_en, name


def personal_values(demo_sql) -> list[str]:
    """Some full names and ID numbers of the demo's 2018-06-30 snapshot, read from Parquet."""
    rows = demo_sql.execute(
        "select name, id_number from members where snapshot_date = date '2018-06-30' "
        "and length(name) >= 2 limit 20"
    ).fetchall()
    helpers = demo_sql.execute(
        "select name from helpers where snapshot_date = date '2018-06-30' and length(name) >= 2 "
        "limit 10"
    ).fetchall()
    return [value for row in rows for value in row] + [row[0] for row in helpers]


def test_masking_holds_in_results_and_downloads(demo_dir, demo_sql):
    secrets = personal_values(demo_sql)
    assert len(secrets) >= 30
    queries = [
        "select * from members",
        "select name, id_number, name || '' as copy_name, upper(id_number) from members",
        "select string_agg(name, ',') as all_names, string_agg(id_number, ',') from members",
        "select * from helpers",
        "select h.*, m.* from households h join members m using (household_id)",
    ]
    for sql in queries:
        result = sandbox.run_sql(demo_dir, sql, snapshot_date=SNAPSHOT)
        shown = result.frame.to_csv(index=False)
        download = to_csv_bytes(result.frame).decode("utf-8-sig")
        for secret in secrets:
            assert secret not in shown, sql
            assert secret not in download, sql


def test_masked_values_have_the_agreed_shape(demo_dir, demo_sql):
    truth = demo_sql.execute(
        "select person_id, name, id_number from members where snapshot_date = date '2018-06-30' "
        "order by person_id limit 5"
    ).fetchall()
    result = sandbox.run_sql(
        demo_dir, "select person_id, name, id_number from members order by person_id limit 5"
    )
    for (person_id, name, id_number), row in zip(truth, result.frame.itertuples(), strict=True):
        assert row.person_id == person_id
        assert row.name == name[0] + "**"
        assert row.id_number == id_number[:6] + "*" * 8 + id_number[-4:]


def test_rows_shown_are_capped_and_the_download_holds_them_all(demo_dir):
    result = sandbox.run_sql(demo_dir, "select * from range(25000)")
    assert result.rows == 25000 and result.complete
    assert len(result.shown) == sandbox.MAX_ROWS_SHOWN
    capped = sandbox.run_sql(demo_dir, "select * from range(25000)", max_rows=20000)
    assert capped.rows == 20000 and not capped.complete


def test_friendly_messages_for_common_mistakes(demo_dir):
    with pytest.raises(sandbox.SqlRefused, match="One statement"):
        sandbox.run_sql(demo_dir, "select 1; select 2")
    with pytest.raises(sandbox.SqlRefused, match="read-only"):
        sandbox.run_sql(demo_dir, "copy households to 'x.csv'")
    with pytest.raises(sandbox.SqlFailed, match="does not parse"):
        sandbox.run_sql(demo_dir, "selec 1")
    with pytest.raises(sandbox.SqlFailed, match="households"):
        sandbox.run_sql(demo_dir, "select * from household")
    with pytest.raises(sandbox.SqlRefused, match="Type an SQL"):
        sandbox.run_sql(demo_dir, "  -- nothing\n")


def test_every_contract_column_is_in_the_schema_and_the_tables():
    from dashboard import contract

    listed = {(column.table, column.column) for column in sandbox.schema()}
    for spec in contract.TABLES:
        for column in spec.columns:
            assert (spec.name, column.name) in listed
        assert (spec.name, "snapshot_date") in listed
    masked = {(c.table, c.column) for c in sandbox.schema() if c.masked}
    assert masked == {
        ("members", "name"),
        ("members", "id_number"),
        ("helpers", "name"),
        ("households", "phone"),
        ("members", "phone"),  # v1.2: 人联系电话
        ("department_records", "id_number"),  # v1.2: a department's record names a person
        ("department_records", "name"),
    }


def test_a_hand_made_snapshot_with_part_files(tmp_path, empty_tables):
    """A table stored as a folder of part files is read whole, and masked."""
    import datetime as dt

    import pandas as pd

    from dashboard.snapshots import write_snapshot

    tables = dict(empty_tables)
    tables["helpers"] = pd.DataFrame(
        {
            "helper_id": ["H1", "H2"],
            "name": ["欧阳修文", "李白"],
            "unit": ["市农委", "镇政府"],
            "level": ["city", "town"],
        }
    )
    info = write_snapshot(tmp_path, dt.date(2019, 6, 30), tables, {"kind": "import", "files": []})
    helpers_file = info.path / "helpers.parquet"
    (info.path / "helpers").mkdir()
    helpers_file.rename(info.path / "helpers" / "part-0.parquet")
    result = sandbox.run_sql(tmp_path, "select helper_id, name from helpers order by helper_id")
    assert result.frame.to_dict("records") == [
        {"helper_id": "H1", "name": "欧**"},
        {"helper_id": "H2", "name": "李**"},
    ]


# ------------------------------------------------------------------ areas (a county's towns)


def smallest_town(county_files) -> tuple[str, int]:
    """The county's town with the fewest households, and their number, from the files alone."""
    return county_files.execute(
        "select v.town_code, count(*) as households from households as h "
        "join villages as v using (village_code) group by all order by 2, 1 limit 1"
    ).fetchone()


def test_an_area_loads_exactly_that_towns_rows(county_dir, county_files):
    town, households = smallest_town(county_files)
    members = county_files.execute(
        "select count(*) from members where household_id in "
        "(select household_id from households where starts_with(village_code, ?))",
        [town],
    ).fetchone()[0]
    total = county_files.execute("select count(*) from households").fetchone()[0]
    assert 0 < households < total
    viewer = scope.narrow_to_area(MASKED, town)
    result = sandbox.run_sql(
        county_dir,
        "select (select count(*) from households) as households, "
        "(select count(*) from members) as members, "
        "(select count(*) from households where not starts_with(village_code, $town)) as outside",
        parameters={"town": town},
        viewer=viewer,
    )
    assert result.frame.to_dict("records") == [
        {"households": households, "members": members, "outside": 0}
    ]


# The county's load needs some 64MB. At 16MB a sandbox with DuckDB's default temporary
# directory spilled to it, then stopped at `SET temp_directory = ''` with DuckDB's "Cannot switch
# temporary directory after the current one has been used" (the province's traceback).
SMALL_MEMORY_LIMIT = "16MB"


def test_an_area_too_large_for_the_memory_limit_is_told(monkeypatch, county_dir, county_files):
    """A load past MEMORY_LIMIT: the clear error naming the area and its households."""
    total = county_files.execute("select count(*) from households").fetchone()[0]
    county_name = county_files.execute("select min(county_name) from villages").fetchone()[0]
    monkeypatch.setattr(sandbox, "MEMORY_LIMIT", SMALL_MEMORY_LIMIT)
    with pytest.raises(sandbox.AreaTooLarge) as caught:
        sandbox.run_sql(county_dir, "select count(*) from households", viewer=MASKED)
    zh, en = caught.value.message_zh, caught.value.message_en
    assert f"全部数据（{county_name}）有 {total:,} 户" in zh
    assert SMALL_MEMORY_LIMIT in zh and "--area" in zh and "侧栏" in zh
    assert f"({county_name}) has {total:,} households" in en and SMALL_MEMORY_LIMIT in en
    assert "--area CODE" in en and "sidebar" in en
    monkeypatch.undo()
    assert honest_count(county_dir) == total


def test_the_temporary_directory_is_off_from_the_first_moment():
    """Set in the connect config, not only in LOCKDOWN: DuckDB cannot switch it once used."""
    assert sandbox.CONNECT_CONFIG["temp_directory"] == ""


@pytest.mark.parametrize("code", ["12x", "3411822", "341182 ", "all", ""])
def test_a_code_that_is_not_an_area_is_refused_in_both_languages(county_dir, code):
    snapshot = get_snapshot(county_dir)
    with pytest.raises(sandbox.AreaNotFound) as caught:
        sandbox.check_area(snapshot, code)
    assert "2、4、6、9 或 12 位数字" in caught.value.message_zh
    assert "2, 4, 6, 9 or 12 digits" in caught.value.message_en


def test_an_area_not_in_the_villages_is_refused_in_both_languages(county_dir, county_files):
    snapshot = get_snapshot(county_dir)
    codes = {row[0] for row in county_files.execute("select county_code from villages").fetchall()}
    absent = "35" if not any(code.startswith("35") for code in codes) else "11"
    with pytest.raises(sandbox.AreaNotFound) as caught:
        sandbox.check_area(snapshot, absent)
    assert f"没有区域 {absent} 的村" in caught.value.message_zh
    assert f"No village of the area {absent}" in caught.value.message_en


def test_an_area_is_named_and_counted(county_dir, county_files):
    town, households = smallest_town(county_files)
    name = county_files.execute(
        "select min(town_name) from villages where town_code = ?", [town]
    ).fetchone()[0]
    summary = sandbox.check_area(get_snapshot(county_dir), town)
    assert (summary.code, summary.name, summary.households) == (town, name, households)


def test_a_capped_result_names_the_cap(demo_dir):
    result = sandbox.run_sql(demo_dir, "select * from members", max_rows=5)
    assert not result.complete and result.rows == 5
    assert f"{sandbox.MAX_ROWS_DOWNLOAD:,}" in sandbox.download_cap("zh")
    assert f"{sandbox.MAX_ROWS_DOWNLOAD:,} rows" in sandbox.download_cap("en")
