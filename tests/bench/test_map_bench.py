"""Map benchmark (`-m benchmark`): dissolve time cold and cached, and the figure JSON sent.

Runs on the county demo; set TUOPIN_MAP_BENCH_DATA to a data directory (the province demo,
`tuopin demo --scale province`) to measure it by hand. Figures are printed, not asserted.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import geopandas as gpd
import pytest

from dashboard import geo
from dashboard.charts.map import village_map
from dashboard.demo.build import build_demo
from dashboard.hierarchy import LEVEL_DIGITS

pytestmark = pytest.mark.benchmark
LABEL_LIMIT = 30  # as the page


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("TUOPIN_MAP_BENCH_DATA")
    if given:
        return Path(given)
    folder = tmp_path_factory.mktemp("county") / "data"
    build_demo(folder, scale="county")
    return folder


def test_dissolve_cold_cached_and_json_size(data_dir: Path, tmp_path: Path, capsys):
    path = geo.find_boundary_file(geo.maps_dir_for(data_dir))
    started = time.perf_counter()
    raw = gpd.read_file(path)
    villages = geo.load_boundaries(path, raw[["village_code", "village_name"]]).gdf
    read_seconds = time.perf_counter() - started
    lines = [f"{len(villages):,} villages read and matched in {read_seconds:.2f} s"]
    for level in ("town", "county", "prefecture"):
        started = time.perf_counter()
        shapes = geo.area_boundaries(villages, level, cache_dir=tmp_path, cache_key="bench")
        cold = time.perf_counter() - started
        started = time.perf_counter()
        geo.area_boundaries(villages, level, cache_dir=tmp_path, cache_key="bench")
        cached = time.perf_counter() - started
        # The biggest map of this level: the parent area with the most units of it.
        parents = shapes["code"].str[: _parent_digits(level)]
        parent = parents.value_counts().index[0]
        drawn = shapes[parents == parent]
        boundaries = gpd.GeoDataFrame(
            {"village_code": drawn["code"], "village_name": drawn["code"]},
            geometry=drawn.geometry.to_numpy(),
            crs=geo.OUTPUT_CRS,
        )
        values = boundaries[["village_code", "village_name"]].assign(n=range(len(boundaries)))
        figure = village_map(
            boundaries,
            values,
            measure_column="n",
            measure_label="n",
            water=None,
            label_limit=LABEL_LIMIT,
        )
        size = len(figure.to_json())
        lines.append(
            f"{level:<11}{len(shapes):>6} units  dissolve cold {cold * 1000:>7.0f} ms  "
            f"cached {cached * 1000:>5.0f} ms  largest map ({parent}, {len(drawn)} units) "
            f"{size / 1024:>6.0f} KiB JSON"
        )
    with capsys.disabled():
        print()
        print("\n".join(lines))
    assert len(lines) == 4


def _parent_digits(level: str) -> int:
    levels = list(LEVEL_DIGITS)
    return LEVEL_DIGITS[levels[levels.index(level) - 1]]
