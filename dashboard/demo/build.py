"""`tuopin demo`: write the demo town's eight snapshots and its map, never over real data."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from dashboard.demo import town
from dashboard.demo.generator import DemoTown
from dashboard.demo.geometry import write_demo_geometry
from dashboard.errors import RealDataPresent, SnapshotExists
from dashboard.snapshots import PROJECT_ROOT, list_snapshots, write_snapshot

DEMO_MAPS_DIR = PROJECT_ROOT / "maps" / "demo"


@dataclass(frozen=True)
class DemoResult:
    data_dir: Path
    snapshots: int
    seconds: float


def build_demo(
    data_dir: Path, *, force: bool = False, maps_dir: Path | None = DEMO_MAPS_DIR
) -> DemoResult:
    """Generate the demo town into `data_dir` (and its map into `maps_dir`).

    Refuses a directory that holds any imported snapshot, with or without `force`; refuses to
    replace existing demo snapshots unless `force`.
    """
    data_dir = Path(data_dir)
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
    started = time.perf_counter()
    demo = DemoTown(town.SEED)
    source = {
        "kind": "demo",
        "generator": "dashboard.demo",
        "seed": town.SEED,
        "note": "synthetic 女山湖镇, calibrated to the township's 2018-05-11 report",
    }
    for snapshot_date in town.SNAPSHOT_DATES:
        write_snapshot(
            data_dir, snapshot_date, demo.tables_at(snapshot_date), source, replace=force
        )
    if maps_dir is not None:
        write_demo_geometry(Path(maps_dir))
    return DemoResult(data_dir, len(town.SNAPSHOT_DATES), time.perf_counter() - started)
