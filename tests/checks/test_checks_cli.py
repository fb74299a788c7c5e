"""`tuopin check`: counts by rule on a hand-made snapshot, through the real `tuopin` entry point.

`dashboard/cli.py` lists feature commands in COMMAND_MODULES; until `check` is wired there,
these tests add `dashboard.checks_cli` to that list for their own run.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from checks.fixture_town import SNAPSHOT, clean_town, row, write_town

from dashboard import cli


@pytest.fixture(autouse=True)
def check_command(monkeypatch):
    if "dashboard.checks_cli" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "dashboard.checks_cli"))


@pytest.fixture
def faulty_dir(tmp_path):
    """Two snapshots: a clean one at the end of 2017, and 2018-06-30 with two faults."""
    data_dir = tmp_path / "data"
    write_town(clean_town(), data_dir, dt.date(2017, 12, 31))
    town = clean_town()
    row(town, "households", "A")["housing_safe"] = False  # C01, an error
    row(town, "members", "A1")["migrant_months"] = 0  # C21, a warning
    write_town(town, data_dir, SNAPSHOT)
    return data_dir


def test_counts_by_rule_and_exit_code_one_for_errors(faulty_dir, capsys):
    code = cli.main(["check", "--data", str(faulty_dir)])
    out = capsys.readouterr().out
    assert code == 1
    assert "2018-06-30" in out
    lines = {line.split()[1]: line for line in out.splitlines() if line[:1] in "✓✗!"}
    assert len(lines) > 30
    assert lines["C01"].split()[4] == "1" and lines["C01"].startswith("✗")
    assert lines["C21"].split()[4] == "1" and lines["C21"].startswith("!")
    assert lines["C02"].split()[4] == "0" and lines["C02"].startswith("✓")
    assert "已脱贫户住房不安全" in lines["C01"] and "unsafe" in lines["C01"]


def test_json_and_an_earlier_clean_snapshot(faulty_dir, capsys):
    code = cli.main(["check", "--data", str(faulty_dir), "--snapshot", "2017-12-31", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert result["snapshot_date"] == "2017-12-31"
    assert result["errors"] == 0 and result["warnings"] == 0
    assert result["rules"] == len(result["checks"]) > 30
    assert {entry["severity"] for entry in result["checks"]} == {"error", "warning"}


def test_json_counts_on_the_latest(faulty_dir, capsys):
    assert cli.main(["check", "--data", str(faulty_dir), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    found = {entry["id"]: entry["findings"] for entry in result["checks"] if entry["findings"]}
    assert found == {"C01": 1, "C21": 1}
    assert (result["errors"], result["warnings"]) == (1, 1)


def test_warnings_alone_exit_zero(tmp_path, capsys):
    town = clean_town()
    row(town, "members", "A1")["migrant_months"] = 0
    data_dir = write_town(town, tmp_path / "data")
    assert cli.main(["check", "--data", str(data_dir)]) == 0
    assert "待核实 1" in capsys.readouterr().out


def test_a_missing_snapshot_is_a_bilingual_error(faulty_dir, capsys):
    code = cli.main(["check", "--data", str(faulty_dir), "--snapshot", "2016-06-30"])
    err = capsys.readouterr().err
    assert code == 2
    assert "没有 2016-06-30 的快照" in err and "no snapshot dated 2016-06-30" in err


def test_an_empty_directory_says_to_run_demo_or_import(tmp_path, capsys):
    assert cli.main(["check", "--data", str(tmp_path / "nothing")]) == 2
    assert "tuopin demo" in capsys.readouterr().err
