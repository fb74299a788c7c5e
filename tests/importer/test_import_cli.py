"""`tuopin import` as a real subprocess: exit codes, dry run, problems, and a killed import."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.data import open_database
from dashboard.snapshots import list_snapshots
from tests.importer.command import RUNNER, tuopin
from tests.importer.files import base_set, digest, write_set

ROOT = Path(__file__).resolve().parents[2]
KILL_TRIES = 4  # each try kills one import the moment its staging folder appears


@pytest.fixture
def files(tmp_path) -> list[Path]:
    return write_set(tmp_path / "files", base_set())


def test_a_new_data_directory_is_created(tmp_path, files):
    data_dir = tmp_path / "not" / "yet"
    result = tuopin(
        "import", "--data", str(data_dir), "--snapshot-date", "2018-06-30", *map(str, files)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    [info] = list_snapshots(data_dir)
    assert info.row_counts["members"] == 3 and info.row_counts["payments"] == 2
    assert "reading" in result.stderr  # progress goes to stderr


def test_dry_run_writes_nothing(tmp_path, files):
    data_dir = tmp_path / "data"
    result = tuopin(
        "import",
        "--dry-run",
        "--data",
        str(data_dir),
        "--snapshot-date",
        "2018-06-30",
        *map(str, files),
    )
    assert result.returncode == 0
    assert "Dry run" in result.stdout
    assert not data_dir.exists()


def test_problems_are_printed_and_the_exit_code_is_not_zero(tmp_path):
    spoiled = base_set()
    spoiled["资金发放台账.xlsx"][1][3] = "-100"
    paths = write_set(tmp_path / "files", spoiled)
    data_dir = tmp_path / "data"
    result = tuopin(
        "import", "--data", str(data_dir), "--snapshot-date", "2018-06-30", *map(str, paths)
    )
    assert result.returncode == 1
    assert "资金发放台账.xlsx [Sheet]: 金额: 1 行（2）, 错误" in result.stdout
    assert "资金发放台账.xlsx [Sheet]: 金额: 1 row (2), error" in result.stdout
    assert "must be more than 0" in result.stdout
    assert not (data_dir / "snapshots").exists()


def test_a_bad_mapping_file_is_an_error_in_both_languages(tmp_path, files):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\n"户码" = "no_such_field"\n', "utf-8")
    result = tuopin(
        "import",
        "--data",
        str(tmp_path / "d"),
        "--snapshot-date",
        "2018-06-30",
        "--mapping",
        str(mapping),
        *map(str, files),
    )
    assert result.returncode == 2
    assert "错误" in result.stderr and "unknown field 'no_such_field'" in result.stderr


def test_an_existing_date_needs_force(tmp_path, files):
    data_dir = tmp_path / "data"
    assert (
        tuopin(
            "import", "--data", str(data_dir), "--snapshot-date", "2018-06-30", *map(str, files[:2])
        ).returncode
        == 0
    )
    again = tuopin(
        "import", "--data", str(data_dir), "--snapshot-date", "2018-06-30", *map(str, files)
    )
    assert again.returncode == 2 and "already exists" in again.stderr
    forced = tuopin(
        "import",
        "--force",
        "--data",
        str(data_dir),
        "--snapshot-date",
        "2018-06-30",
        *map(str, files),
    )
    assert forced.returncode == 0
    assert list_snapshots(data_dir)[0].row_counts["payments"] == 2


def _big_payments(rows: int) -> bytes:
    """Many payment rows, so that writing the snapshot takes long enough to be interrupted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["户编号", "项目类别", "金额", "发放日期"])
    for number in range(rows):
        writer.writerow(
            [
                "H1" if number % 2 else "H2",
                "光伏收益",
                100 + number % 50,
                f"2018-0{1 + number % 5}-1{number % 9}",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def test_an_import_killed_midway_leaves_earlier_snapshots_as_they_were(tmp_path, files):
    data_dir = tmp_path / "data"
    first = tuopin(
        "import", "--data", str(data_dir), "--snapshot-date", "2017-12-31", *map(str, files)
    )
    assert first.returncode == 0, first.stdout
    earlier = digest(data_dir / "snapshots")
    big = tmp_path / "files" / "光伏收益.csv"
    big.write_bytes(_big_payments(60_000))
    arguments = [
        sys.executable,
        str(RUNNER),
        "import",
        "--data",
        str(data_dir),
        "--snapshot-date",
        "2018-06-30",
    ]
    arguments += [str(path) for path in files if "资金" not in path.name] + [str(big)]
    snapshots = data_dir / "snapshots"
    killed_while_staging = 0
    for _ in range(KILL_TRIES):
        process = subprocess.Popen(
            arguments, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 240
        while process.poll() is None and time.monotonic() < deadline:
            if any(entry.name.startswith(".staging-") for entry in os.scandir(snapshots)):
                os.kill(process.pid, signal.SIGKILL)
                killed_while_staging += 1
                break
            time.sleep(0.0005)
        process.wait(timeout=60)
        # The earlier snapshot is byte for byte what it was, and readable.
        now = {
            k: v for k, v in digest(snapshots).items() if k.startswith("snapshot_date=2017-12-31")
        }
        assert now == earlier
        dates = [info.snapshot_date for info in list_snapshots(data_dir)]
        assert dates[0] == dt.date(2017, 12, 31)
        database = open_database(data_dir)
        try:
            counted = database.run_sql(
                "select count(*) as people from members where snapshot_date = '2017-12-31'", {}
            )
            assert counted["people"].tolist() == [3]
        finally:
            database.close()
        if dt.date(2018, 6, 30) in dates:  # it finished before the kill: whole, then remove it
            info = list_snapshots(data_dir)[-1]
            assert info.row_counts["payments"] == 60_000
            import shutil

            shutil.rmtree(info.path)
    assert killed_while_staging >= 1
    # A later import still works, beside the leftovers of the killed ones.
    final = tuopin(
        "import", "--data", str(data_dir), "--snapshot-date", "2018-06-30", *arguments[7:]
    )
    assert final.returncode == 0, final.stdout
    assert [i.snapshot_date for i in list_snapshots(data_dir)] == [
        dt.date(2017, 12, 31),
        dt.date(2018, 6, 30),
    ]
