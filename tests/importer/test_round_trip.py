"""demo → spreadsheets → `tuopin import` → the same tables, read back independently."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dashboard import contract
from dashboard.demo.spreadsheets import read_snapshot_tables, write_spreadsheets
from tests.importer import command

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = "2018-06-30"


def tuopin(*arguments: str):
    return command.tuopin(*arguments, timeout=600)  # the round trip imports the whole town


@pytest.fixture(scope="module")
def spreadsheets(demo_dir: Path, tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("sheets")
    snapshot = demo_dir / "snapshots" / f"snapshot_date={SNAPSHOT}"
    return write_spreadsheets(
        read_snapshot_tables(snapshot), folder, dt.date.fromisoformat(SNAPSHOT)
    )


@pytest.fixture(scope="module")
def imported(
    spreadsheets: list[Path], tmp_path_factory
) -> tuple[Path, subprocess.CompletedProcess]:
    data_dir = tmp_path_factory.mktemp("town") / "new" / "data"  # does not exist yet
    result = tuopin(
        "import", "--data", str(data_dir), "--snapshot-date", SNAPSHOT, str(spreadsheets[0].parent)
    )
    return data_dir, result


def table_rows(snapshot_folder: Path, name: str) -> list[tuple]:
    """A table's rows, sorted, read straight from its Parquet file with a plain DuckDB."""
    columns = ", ".join(contract.table(name).column_names)
    path = str(snapshot_folder / f"{name}.parquet")
    return sorted(
        duckdb.sql(f"select {columns} from read_parquet($path)", params={"path": path}).fetchall(),
        key=repr,
    )


def test_import_succeeds_and_says_what_it_derived(imported):
    _, result = imported
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2018-06-30" in result.stdout
    assert "members.birth_date (1,372)" in result.stdout
    assert "households.income_year (650)" in result.stdout


def test_every_table_comes_back_identical(imported, demo_dir):
    data_dir, result = imported
    assert result.returncode == 0, result.stdout
    original = demo_dir / "snapshots" / f"snapshot_date={SNAPSHOT}"
    copy = data_dir / "snapshots" / f"snapshot_date={SNAPSHOT}"
    for name in contract.TABLE_NAMES:
        assert table_rows(copy, name) == table_rows(original, name), name


def test_manifest_lists_the_sources_with_their_hashes(imported, spreadsheets):
    import hashlib

    data_dir, _ = imported
    manifest = json.loads(
        (data_dir / "snapshots" / f"snapshot_date={SNAPSHOT}" / "manifest.json").read_text("utf-8")
    )
    source = manifest["source"]
    assert source["kind"] == "import"
    files = {entry["name"]: entry for entry in source["files"]}
    assert set(files) == {path.name for path in spreadsheets}
    for path in spreadsheets:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert files[path.name]["sha256"] == digest
        kept = data_dir / files[path.name]["stored_as"]
        assert kept.read_bytes() == path.read_bytes()
    assert files["贫困人口信息表.xlsx"]["kind"] == "roster"
    assert files["贫困人口信息表.xlsx"]["rows"] == 1372
    assert {(d["table"], d["column"]) for d in source["derived"]} >= {
        ("members", "birth_date"),
        ("households", "village_code"),
    }


def test_importing_the_same_files_again_is_recognised(imported, spreadsheets):
    data_dir, _ = imported
    manifest = data_dir / "snapshots" / f"snapshot_date={SNAPSHOT}" / "manifest.json"
    before = manifest.read_bytes()
    result = tuopin(
        "import", "--data", str(data_dir), "--snapshot-date", SNAPSHOT, *map(str, spreadsheets)
    )
    assert result.returncode == 0
    assert "already imported" in result.stdout
    assert manifest.read_bytes() == before


def test_the_imported_town_gives_the_reports_figures(imported):
    data_dir, _ = imported
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "figures", "--data", str(data_dir), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert json.loads(result.stdout)["matched"] == 33
