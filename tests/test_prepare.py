"""A new snapshot is ready before anyone opens it: `tuopin prepare`, and serving meanwhile.

`tuopin prepare` (and `import`, `demo`) build the derived tables when a snapshot is written,
with progress on the terminal; while that build runs, the pages serve the snapshots that are
ready and say that the new one is being prepared, instead of building it inside a page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import cli, data, staging
from dashboard.snapshots import list_snapshots

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture
def copied_demo(demo_dir: Path, tmp_path: Path) -> Path:
    """The town demo's snapshots in a data directory of their own, nothing built yet."""
    target = tmp_path / "demo"
    shutil.copytree(demo_dir / "snapshots", target / "snapshots")
    for name in ("reference", "maps"):
        if (demo_dir / name).exists():
            shutil.copytree(demo_dir / name, target / name)
    for extra in demo_dir.iterdir():
        if extra.is_file():
            shutil.copy2(extra, target / extra.name)
    return target


def test_prepare_builds_what_is_missing_with_progress_then_nothing(copied_demo: Path, capsys):
    snapshots = list_snapshots(copied_demo)
    assert not any(data.derived_ready(copied_demo, info) for info in snapshots)
    assert cli.main(["prepare", "--data", str(copied_demo)]) == 0
    out, err = capsys.readouterr()
    assert all(data.derived_ready(copied_demo, info) for info in snapshots)
    latest = snapshots[-1].snapshot_date.isoformat()
    assert f"· {latest} ({len(snapshots)}/{len(snapshots)})" in err
    assert "household_facts" in err and "findings" in err
    assert latest in out
    assert cli.main(["prepare", "--data", str(copied_demo)]) == 0
    out, err = capsys.readouterr()
    assert "nothing to build" in out and err == ""


def test_while_a_snapshot_is_prepared_the_ready_ones_are_served(copied_demo: Path, monkeypatch):
    """The latest snapshot's derived files are missing and a build holds the lock: the app
    offers the older snapshots, says the latest is being prepared, and builds nothing itself."""
    data.prepare_derived(copied_demo)
    snapshots = list_snapshots(copied_demo)
    latest = snapshots[-1]
    folder = data.staging_folder(copied_demo, latest, data.definitions_key())
    shutil.rmtree(folder)  # as if the latest had just been copied in
    lock = staging.build_lock(copied_demo)  # a `tuopin prepare` is building it
    try:
        assert data.being_prepared(copied_demo)
        monkeypatch.setenv("TUOPIN_DATA", str(copied_demo))
        app = AppTest.from_file(APP, default_timeout=120).run()
        assert not app.exception
        notices = " ".join(info.value for info in app.sidebar.info)
        assert latest.snapshot_date.isoformat() in notices and "正在准备" in notices
        offered = app.sidebar.selectbox[0].options
        assert len(offered) == len(snapshots) - 1  # every snapshot but the one being prepared
        assert not folder.exists()  # the page did not build the new snapshot itself
    finally:
        lock.close()
    assert not data.being_prepared(copied_demo)
