"""`tuopin sql` against the demo: answers, CSV files, masking, refusals and exit codes.

Most tests run it as a real subprocess (`python -m dashboard.sql_cli sql ...`, the module
`tuopin` registers). The escape attempts go through the same parser and handler in-process
(`sql_cli.main`), since a new Python per attempt costs seconds; a few also run as processes.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import sql_cli
from tests.demo_facts import households_in_village
from tests.test_sandbox import ESCAPE_ATTEMPTS, PROBE_DIR, escape, personal_values

ROOT = Path(__file__).resolve().parent.parent


def tuopin_sql(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.sql_cli", "sql", "--data", str(data_dir), *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_prints_an_aligned_table(demo_dir):
    result = tuopin_sql(
        demo_dir, "select status, count(*) as households from households group by all order by 1"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["status", "households"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    counts = {line.split()[0]: int(line.split()[1]) for line in lines[2:]}
    assert sum(counts.values()) == 650
    assert counts["not_exited"] + counts.get("relapsed", 0) == 205  # the report's F03
    # numbers are right-aligned: every count ends in the same column
    assert len({len(line) for line in lines[2:]}) == 1
    assert "2018-06-30" in result.stderr


def test_snapshot_option_and_bound_snapshot_date(demo_dir):
    result = tuopin_sql(
        demo_dir,
        "--snapshot",
        "2017-12-31",
        "select count(*) as n from households where snapshot_date = $snapshot_date "
        "and status = 'exited' and exit_year = 2017",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].strip() == "99"  # the 99 households of 2017


def test_param_option(demo_dir, demo_sql):
    village = "341182108206"
    expected = households_in_village(demo_sql, village)
    result = tuopin_sql(
        demo_dir,
        "--param",
        f"village_code={village}",
        "select count(*) as n from households where village_code = $village_code",
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.splitlines()[-1]) == expected


def test_csv_file_holds_every_row(demo_dir, tmp_path):
    target = tmp_path / "members.csv"
    result = tuopin_sql(
        demo_dir, "--csv", str(target), "select person_id, name, id_number from members"
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1372
    assert all(row["name"].endswith("**") for row in rows)


def test_masking_in_printed_and_csv_output(demo_dir, demo_sql, tmp_path):
    secrets = personal_values(demo_sql)
    printed = tuopin_sql(demo_dir, "select m.*, h.* from members m, helpers h limit 5000")
    target = tmp_path / "all.csv"
    written = tuopin_sql(demo_dir, "--csv", str(target), "select * from members")
    stdout_csv = tuopin_sql(
        demo_dir, "--csv", "-", "select m.name, m.id_number, h.name from helpers h, members m"
    )
    assert printed.returncode == written.returncode == stdout_csv.returncode == 0
    outputs = [printed.stdout, target.read_text(encoding="utf-8-sig"), stdout_csv.stdout]
    for secret in secrets:
        for output in outputs:
            assert secret not in output


def in_process(capsys, data_dir: Path, *arguments: str) -> tuple[int, str, str]:
    code = sql_cli.main(["sql", "--data", str(data_dir), *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("template", ESCAPE_ATTEMPTS)
def test_escape_refused_with_a_message_and_nonzero_exit(demo_dir, capsys, template):
    code, out, err = in_process(capsys, demo_dir, "--timeout", "5", escape(template, demo_dir))
    assert code != 0
    assert "错误：" in err and "Error: " in err
    assert "Traceback" not in err
    assert out == ""
    for path in (PROBE_DIR, Path(f"{PROBE_DIR}.csv"), Path(f"{PROBE_DIR}.db")):
        assert not path.exists()
    code, out, _err = in_process(capsys, demo_dir, "select count(*) as n from households")
    assert code == 0 and out.splitlines()[-1].strip() == "650"


@pytest.mark.parametrize(
    "template",
    [
        "select * from read_text('/etc/passwd')",
        "copy (select 1) to '{probe}.csv'",
        "set enable_external_access = true",
    ],
)
def test_escape_refused_by_a_real_process(demo_dir, template):
    result = tuopin_sql(demo_dir, escape(template, demo_dir))
    assert result.returncode == 2
    assert "错误：" in result.stderr and "Traceback" not in result.stderr
    assert not Path(f"{PROBE_DIR}.csv").exists()


def test_runaway_query_times_out(demo_dir):
    result = tuopin_sql(demo_dir, "--timeout", "1", "select count(*) from range(10000000000000)")
    assert result.returncode == 2
    assert "1 s" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ["--snapshot", "2019-01-01", "select 1"],
        ["--snapshot", "not-a-date", "select 1"],
        ["select * from no_such_table"],
        ["selec 1"],
        ["--timeout", "0", "select 1"],
        ["--param", "nonsense", "select 1"],
        ["--param", "paid_from=last-year", "select $paid_from"],
        ["--csv", "/nonexistent-folder/x.csv", "select 1"],
    ],
)
def test_errors_exit_nonzero_in_both_languages(demo_dir, arguments):
    result = tuopin_sql(demo_dir, *arguments)
    assert result.returncode == 2, result.stdout
    assert "错误：" in result.stderr and "Error: " in result.stderr
    assert "Traceback" not in result.stderr


def test_no_snapshot_is_an_error(tmp_path):
    result = tuopin_sql(tmp_path, "select 1")
    assert result.returncode == 2
    assert "tuopin demo" in result.stderr


# ------------------------------------------------------------------ --area (a county's towns)


def test_area_option_counts_exactly_that_towns_households(county_dir, county_files):
    town, households = county_files.execute(
        "select v.town_code, count(*) from households as h join villages as v "
        "using (village_code) group by all order by 2, 1 limit 1"
    ).fetchone()
    result = tuopin_sql(county_dir, "--area", town, "select count(*) as n from households")
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.splitlines()[-1]) == households
    whole = tuopin_sql(county_dir, "select count(*) as n from households")
    total = county_files.execute("select count(*) from households").fetchone()[0]
    assert int(whole.stdout.splitlines()[-1]) == total > households


@pytest.mark.parametrize("code", ["12x", "3411822", "35"])
def test_a_bad_area_exits_2_with_both_languages(county_dir, code):
    result = tuopin_sql(county_dir, "--area", code, "select count(*) from households")
    assert result.returncode == sql_cli.EXIT_ERROR == 2
    assert "错误：" in result.stderr and "Error: " in result.stderr
    assert code in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_small_memory_limit_gives_the_clear_error(monkeypatch, capsys, county_dir):
    from tests.test_sandbox import SMALL_MEMORY_LIMIT

    monkeypatch.setattr("dashboard.sandbox.MEMORY_LIMIT", SMALL_MEMORY_LIMIT)
    code, out, err = in_process(capsys, county_dir, "select count(*) from households")
    assert code == sql_cli.EXIT_ERROR
    assert out == ""
    assert "Traceback" not in err and "temporary directory" not in err
    assert (
        f"内存上限 {SMALL_MEMORY_LIMIT}" in err and f"memory limit of {SMALL_MEMORY_LIMIT}" in err
    )
    assert "--area 代码" in err and "--area CODE" in err


def test_an_incomplete_csv_names_the_cap(capsys, tmp_path):
    import datetime as dt

    import pandas as pd

    partial = sql_cli.SqlResult(
        frame=pd.DataFrame({"n": [1, 2]}),
        complete=False,
        seconds=0.1,
        snapshot_date=dt.date(2018, 6, 30),
    )
    code = sql_cli._write_csv(partial, str(tmp_path / "partial.csv"))
    err = capsys.readouterr().err
    assert code == sql_cli.EXIT_INCOMPLETE
    assert "1,000,000 行或 256 MB" in err and "1,000,000 rows or 256 MB" in err
