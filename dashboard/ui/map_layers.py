"""The map page's layers and clicks: the boundary file read once per server, a level's shapes
dissolved once, and which unit a click on the map chose.

The boundaries are matched to the units of the data directory (`dashboard/geo.py`); the water
layer gives only context, so a broken one is reported beside the map, never raised. Nothing is
fetched from the network: the folder is `<data dir>/maps/` (`geo.maps_dir_for`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard import geo
from dashboard.errors import TuopinError
from dashboard.ui import state
from dashboard.ui.components import chart_key

LAYER_CACHE_ENTRIES = 4  # a few data directories or boundary files per server at most


@dataclass(frozen=True)
class MapLayers:
    """What the maps folder gave: boundaries matched to the units, and the water context."""

    boundary_file: str
    boundaries: geo.BoundaryResult
    water: gpd.GeoDataFrame | None
    water_problem: TuopinError | None


def load_layers(
    maps_dir: str, identity: tuple, units: tuple[tuple[str, str], ...]
) -> MapLayers | None:
    """The boundary file read and matched to `units`, cached (`_load_layers`) by their digest."""
    return _load_layers(maps_dir, identity, geo.units_digest(units), units)


@st.cache_resource(max_entries=LAYER_CACHE_ENTRIES, show_spinner=False)
def _load_layers(
    maps_dir: str, identity: tuple, digest: str, _units: tuple[tuple[str, str], ...]
) -> MapLayers | None:
    """Read and match the boundary file once per (folder, files' sizes and times, units).

    Keyed by the units' digest (`geo.units_digest`), not the units themselves, which
    Streamlit would hash pair by pair on every run.

    None when the folder holds no boundary file; a BoundaryError (not cached) when it holds
    one that cannot be used. A broken water layer only loses the lakes, so it is reported,
    not raised.
    """
    boundary_file = geo.find_boundary_file(Path(maps_dir))
    if boundary_file is None:
        return None
    villages = pd.DataFrame(list(_units), columns=["village_code", "village_name"])
    boundaries = geo.load_boundaries(boundary_file, villages)
    try:
        water, water_problem = geo.load_water(Path(maps_dir)), None
    except TuopinError as problem:
        water, water_problem = None, problem
    return MapLayers(str(boundary_file), boundaries, water, water_problem)


@st.cache_resource(max_entries=LAYER_CACHE_ENTRIES * 4, show_spinner=False)
def level_shapes(
    maps_dir: str, identity: tuple, level: str, _layers: MapLayers
) -> gpd.GeoDataFrame:
    """The level's shapes (dissolved once, then read from `<data dir>/.cache/maps/`)."""
    return geo.cached_level_shapes(_layers.boundaries.gdf, level, Path(maps_dir), state.data_dir())


def clicked_unit(map_key: str, known_codes: frozenset[str]) -> str | None:
    """The unit a click on the map `map_key` chose (its code is the point's customdata), or
    None when the click was on nothing known."""
    event = st.session_state.get(chart_key(map_key))
    for point in event["selection"]["points"] if event else []:
        code = point.get("customdata")
        code = code[0] if isinstance(code, list) and code else code
        if code in known_codes:
            return code
    return None
