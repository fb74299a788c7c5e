"""Writing and finding snapshots: whole or not at all, never over what is there unasked."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard.demo.build import build_demo
from dashboard.errors import InvalidSnapshot, RealDataPresent, SnapshotExists, SnapshotNotFound
from dashboard.snapshots import get_snapshot, list_snapshots, write_snapshot

DAY = dt.date(2018, 6, 30)
OTHER_DAY = dt.date(2017, 12, 31)
IMPORT = {"kind": "import", "files": []}


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones included) by relative path, with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def one_village(groups_count=3) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "village_code": ["341182108901"],
            "village_name": ["东村"],
            "town_code": ["341182108"],
            "town_name": ["女山湖镇"],
            "county_code": ["341182"],
            "county_name": ["明光市"],
            "kind": ["village"],
            "groups_count": [groups_count],
            "population": [1200],
            "is_poor_village": [False],
            "poor_village_exit_year": [None],
        }
    )


def test_written_snapshot_is_listed_and_found(tmp_path, empty_tables):
    """A written snapshot is listed, found by date and by string, and is the latest."""
    info = write_snapshot(tmp_path, DAY, empty_tables, IMPORT)
    assert info.path == tmp_path / "snapshots" / "snapshot_date=2018-06-30"
    assert [s.snapshot_date for s in list_snapshots(tmp_path)] == [DAY]
    assert get_snapshot(tmp_path, DAY).path == info.path
    assert get_snapshot(tmp_path, "2018-06-30").path == info.path
    assert get_snapshot(tmp_path).source_kind == "import"


def test_existing_date_is_refused_and_left_byte_identical(tmp_path, empty_tables):
    """Writing a date that exists raises SnapshotExists and leaves the old files untouched."""
    write_snapshot(tmp_path, DAY, empty_tables, IMPORT)
    before = tree_bytes(tmp_path)
    tables = dict(empty_tables, villages=one_village())
    with pytest.raises(SnapshotExists) as error:
        write_snapshot(tmp_path, DAY, tables, IMPORT)
    assert "2018-06-30" in error.value.message("en")
    assert tree_bytes(tmp_path) == before


def test_replace_swaps_in_the_new_snapshot(tmp_path, empty_tables):
    """replace=True puts the new tables in place and leaves no hidden leftovers behind."""
    first = write_snapshot(tmp_path, DAY, empty_tables, IMPORT)
    second = write_snapshot(
        tmp_path, DAY, dict(empty_tables, villages=one_village()), IMPORT, replace=True
    )
    assert second.path == first.path
    assert pq.read_table(second.path / "villages.parquet").num_rows == 1
    manifest = json.loads((second.path / "manifest.json").read_text("utf-8"))
    assert manifest["tables"]["villages"] == 1
    assert get_snapshot(tmp_path, DAY).identity != first.identity
    assert [p.name for p in (tmp_path / "snapshots").iterdir()] == ["snapshot_date=2018-06-30"]


def _bad_tables(empty_tables: dict[str, pd.DataFrame], case: str) -> dict[str, pd.DataFrame]:
    tables = dict(empty_tables)
    if case == "missing_column":
        tables["villages"] = one_village().drop(columns=["population"])
    elif case == "extra_column":
        tables["villages"] = one_village().assign(mayor=["张三"])
    elif case == "string_in_integer":
        tables["villages"] = one_village(groups_count="三个组")
    elif case == "null_in_not_null":
        tables["villages"] = one_village().assign(village_name=[None])
    elif case == "missing_table":
        del tables["trainings"]
    elif case == "unknown_table":
        tables["budgets"] = pd.DataFrame({"x": [1]})
    return tables


BAD_CASES = [
    "missing_column",
    "extra_column",
    "string_in_integer",
    "null_in_not_null",
    "missing_table",
    "unknown_table",
]


@pytest.mark.parametrize("case", BAD_CASES)
def test_invalid_tables_leave_no_folder(tmp_path, empty_tables, case):
    """Tables off the contract raise InvalidSnapshot and leave nothing under snapshots/."""
    with pytest.raises(InvalidSnapshot):
        write_snapshot(tmp_path, DAY, _bad_tables(empty_tables, case), IMPORT)
    root = tmp_path / "snapshots"
    assert not root.exists() or list(root.iterdir()) == []
    assert list_snapshots(tmp_path) == []


@pytest.mark.parametrize("case", BAD_CASES)
def test_invalid_tables_leave_an_existing_data_dir_unchanged(tmp_path, empty_tables, case):
    """A refused write, even with replace=True, leaves the existing snapshots byte-identical."""
    write_snapshot(tmp_path, DAY, empty_tables, IMPORT)
    before = tree_bytes(tmp_path)
    for day in (OTHER_DAY, DAY):
        with pytest.raises(InvalidSnapshot):
            write_snapshot(tmp_path, day, _bad_tables(empty_tables, case), IMPORT, replace=True)
    assert tree_bytes(tmp_path) == before
    assert [s.snapshot_date for s in list_snapshots(tmp_path)] == [DAY]


def test_invalid_snapshot_message_names_the_table_and_column(tmp_path, empty_tables):
    """The error says which table and which column are wrong."""
    with pytest.raises(InvalidSnapshot) as error:
        write_snapshot(tmp_path, DAY, _bad_tables(empty_tables, "missing_column"), IMPORT)
    assert "villages" in error.value.message("en") and "population" in error.value.message("en")
    assert "villages" in error.value.message("zh")


def test_staging_folders_are_not_snapshots(tmp_path, empty_tables):
    """A half-written (staging) folder, or a folder without manifest, is never listed."""
    write_snapshot(tmp_path, DAY, empty_tables, IMPORT)
    root = tmp_path / "snapshots"
    (root / ".staging-2017-12-31-deadbeef").mkdir()
    (root / ".staging-2017-12-31-deadbeef" / "manifest.json").write_text("{}", "utf-8")
    (root / "snapshot_date=2017-06-30").mkdir()  # no manifest: a writer died before the end
    assert [s.snapshot_date for s in list_snapshots(tmp_path)] == [DAY]


def test_unknown_date_lists_the_existing_ones(tmp_path, empty_tables):
    """get_snapshot for a missing date raises SnapshotNotFound naming the dates there are."""
    write_snapshot(tmp_path, DAY, empty_tables, IMPORT)
    write_snapshot(tmp_path, OTHER_DAY, empty_tables, IMPORT)
    with pytest.raises(SnapshotNotFound) as error:
        get_snapshot(tmp_path, dt.date(2016, 12, 31))
    for language in ("en", "zh"):
        message = error.value.message(language)
        assert "2016-12-31" in message
        assert "2017-12-31" in message and "2018-06-30" in message


def test_bad_date_text_and_empty_dir_raise_snapshot_not_found(tmp_path):
    """A malformed date string, or a directory with no snapshot, raise SnapshotNotFound."""
    with pytest.raises(SnapshotNotFound):
        get_snapshot(tmp_path)
    (tmp_path / "snapshots").mkdir()
    with pytest.raises(SnapshotNotFound):
        get_snapshot(tmp_path, "30/06/2018")


@pytest.mark.parametrize("force", [False, True])
def test_demo_refuses_a_directory_with_imported_data(tmp_path, empty_tables, force):
    """build_demo next to an imported snapshot raises RealDataPresent and writes nothing."""
    data_dir = tmp_path / "data"
    maps_dir = tmp_path / "maps"
    write_snapshot(data_dir, DAY, empty_tables, IMPORT)
    before = tree_bytes(data_dir)
    with pytest.raises(RealDataPresent) as error:
        build_demo(data_dir, force=force, maps_dir=maps_dir)
    assert "2018-06-30" in error.value.message("en")
    assert tree_bytes(data_dir) == before
    assert not maps_dir.exists()


def test_demo_refuses_to_overwrite_itself_without_force(demo_dir, tmp_path):
    """build_demo into an existing demo directory without force raises SnapshotExists."""
    before = {s.snapshot_date: s.identity for s in list_snapshots(demo_dir)}
    assert len(before) == 8
    with pytest.raises(SnapshotExists):
        build_demo(demo_dir, maps_dir=tmp_path / "maps")
    assert {s.snapshot_date: s.identity for s in list_snapshots(demo_dir)} == before
    assert not (tmp_path / "maps").exists()
