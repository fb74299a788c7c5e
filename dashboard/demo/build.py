"""`tuopin demo`: write a demo's snapshots and its map, never over real data.

`--scale town` (the default) is the calibrated demo town 女山湖镇: the report's eight half-year
snapshots 2014-12-31 … 2018-06-30, then the exits to 2020 and the monitoring years to 2025
(`dashboard.demo.later`). `--until DATE` stops at a date (`--until 2018-06-30` is the town as the
report saw it). `county` and `province` are the larger synthetic registers of
`dashboard.demo.scaled`, each in its own data directory.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from dashboard.demo import town
from dashboard.demo.generator import DemoTown
from dashboard.demo.geometry import scaled_village_cells, write_demo_geometry, write_scaled_geometry
from dashboard.demo.later import LaterTown
from dashboard.demo.scaled import SCALES as SCALED
from dashboard.demo.scaled import ScaledDemo
from dashboard.demo.scaled_later import ALL_SNAPSHOT_DATES, ScaledLaterDemo
from dashboard.errors import RealDataPresent, SnapshotExists, SnapshotNotFound
from dashboard.snapshots import PROJECT_ROOT, list_snapshots, write_snapshot

DEMO_MAPS_DIR = PROJECT_ROOT / "maps" / "demo"
SCALES = ("town", "county", "province")
DEFAULT_DATA_DIRS = {
    "town": PROJECT_ROOT / "data" / "demo",
    "county": PROJECT_ROOT / "data" / "demo-county",
    "province": PROJECT_ROOT / "data" / "demo-province",
}
SCALED_MAPS_FOLDER = "maps"  # inside the data directory: `dashboard.geo.maps_dir_for` finds it


@dataclass(frozen=True)
class DemoResult:
    data_dir: Path
    snapshots: int
    seconds: float
    households: int = 0  # on the register at some time (the generation-speed denominator)
    people: int = 0  # in the latest snapshot
    draw_seconds: float = 0.0  # drawing the history, before any file is written

    @property
    def households_per_minute(self) -> float:
        return self.households / self.seconds * 60 if self.seconds else 0.0


def _refuse_real_or_existing(data_dir: Path, force: bool) -> None:
    existing = list_snapshots(data_dir)
    real = [info for info in existing if not info.is_demo]
    if real:
        dates = ", ".join(info.snapshot_date.isoformat() for info in real)
        raise RealDataPresent(
            f"{data_dir} 中有导入的真实数据快照（{dates}），演示数据不会写入这里。"
            "请换一个目录，例如 data/demo。",
            f"{data_dir} holds imported, real snapshots ({dates}); the demo is never written "
            "there. Choose another directory, such as data/demo.",
        )
    if existing and not force:
        raise SnapshotExists(
            f"{data_dir} 中已有演示数据。如需重新生成，请加 --force。",
            f"{data_dir} already holds the demo. Pass --force to generate it again.",
        )


def snapshot_dates_until(dates: tuple[dt.date, ...], until: dt.date | None) -> list[dt.date]:
    """The demo's snapshot dates on or before `until` (all of them when None).

    An `until` before the first snapshot is an error that names the first date.
    """
    chosen = [day for day in dates if until is None or day <= until]
    if not chosen:
        first = dates[0].isoformat()
        raise SnapshotNotFound(
            f"演示数据的第一个快照是 {first}，--until {until} 在它之前，没有可写的快照。",
            f"The demo's first snapshot is {first}; --until {until} is before it, so there is "
            "nothing to write.",
        )
    return chosen


def build_demo(
    data_dir: Path,
    *,
    force: bool = False,
    maps_dir: Path | None = DEMO_MAPS_DIR,
    scale: str = "town",
    until: dt.date | None = None,
) -> DemoResult:
    """Generate a demo into `data/dir` (and its map), every snapshot up to `until` (default: all).

    The town's map goes to `maps_dir`; the county's and province's synthetic grid maps go to
    `<data_dir>/maps` (none when `maps_dir` is None). Refuses a directory that holds any imported
    snapshot, with or without `force`; refuses to replace existing demo snapshots unless `force`.
    """
    if scale != "town":
        return build_scaled_demo(
            data_dir, scale, force=force, write_map=maps_dir is not None, until=until
        )
    data_dir = Path(data_dir)
    dates = snapshot_dates_until(town.ALL_SNAPSHOT_DATES, until)
    _refuse_real_or_existing(data_dir, force)
    started = time.perf_counter()
    # The report's town alone when nothing after 2018-06-30 is asked for (the same eight
    # snapshots either way: LaterTown draws after every draw of DemoTown).
    demo = DemoTown(town.SEED) if dates[-1] <= town.FINAL_DATE else LaterTown(town.SEED)
    source = {
        "kind": "demo",
        "generator": "dashboard.demo",
        "seed": town.SEED,
        "note": "synthetic 女山湖镇, calibrated to the township's 2018-05-11 report; after "
        "2018-06-30, the exits to 2020 and the monitoring years to 2025",
    }
    people = 0
    for snapshot_date in dates:
        tables = demo.tables_at(snapshot_date)
        people = len(tables["members"])
        write_snapshot(data_dir, snapshot_date, tables, source, replace=force)
    if maps_dir is not None:
        write_demo_geometry(Path(maps_dir))
    return DemoResult(
        data_dir,
        len(dates),
        time.perf_counter() - started,
        households=len(demo.households),
        people=people,
    )


def build_scaled_demo(
    data_dir: Path,
    scale: str,
    *,
    force: bool = False,
    write_map: bool = True,
    until: dt.date | None = None,
) -> DemoResult:
    """Generate the county or province demo (`dashboard.demo.scaled`) into `data_dir`, every
    snapshot up to `until` (default: all)."""

    data_dir = Path(data_dir)
    dates = snapshot_dates_until(ALL_SNAPSHOT_DATES, until)
    _refuse_real_or_existing(data_dir, force)
    started = time.perf_counter()
    settings = SCALED[scale]
    # The register alone when nothing after 2018-06-30 is asked for (the same eight snapshots).
    demo = ScaledDemo(settings) if dates[-1] <= town.FINAL_DATE else ScaledLaterDemo(settings)
    demo.prepare()
    drawn = time.perf_counter() - started
    source = {
        "kind": "demo",
        "generator": "dashboard.demo.scaled",
        "scale": scale,
        "seed": settings.seed,
        "note": f"synthetic {scale} register in real (2023) divisions and county borders",
    }
    people = 0
    for snapshot_date in dates:
        tables = demo.tables_at(snapshot_date)
        people = tables["members"].num_rows
        write_snapshot(data_dir, snapshot_date, tables, source, replace=force)
        del tables
    if write_map:
        cells = scaled_village_cells(
            demo.village_codes,
            demo.village_names,
            demo.village_kinds,
            settings.seed,
        )
        write_scaled_geometry(data_dir / SCALED_MAPS_FOLDER, cells)
    return DemoResult(
        data_dir,
        len(dates),
        time.perf_counter() - started,
        households=demo.household_count,
        people=people,
        draw_seconds=drawn,
    )
