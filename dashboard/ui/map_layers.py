"""The map page's layers and clicks: the boundary file read once per server, a level's shapes
dissolved once, and which unit a click on the map chose.

The boundaries are matched to the units of the data directory (`dashboard/geo.py`); the water
layer gives only context, so a broken one is reported beside the map, never raised. Nothing is
fetched from the network: the folder is `<data dir>/maps/` (`geo.maps_dir_for`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import geo
from dashboard.charts import village as village_charts
from dashboard.errors import TuopinError
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.components import chart_key
from dashboard.ui.section import section

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


@dataclass(frozen=True)
class Loaded:
    """The layers for a map of some units: what the folder gave, or why it gave nothing."""

    maps_dir: Path
    layers: MapLayers | None = None
    shapes: gpd.GeoDataFrame | None = None  # a level's own shapes, when one was asked for
    problem: TuopinError | None = None


def load(units: dict[str, str], level: str | None = None) -> Loaded:
    """The data directory's boundaries matched to `units` (code → name), and with `level`
    (town, county …) that level's shapes; an unusable file is the `problem`, not raised."""
    maps_dir = geo.maps_dir_for(state.data_dir())
    identity = geo.maps_identity(maps_dir)
    try:
        layers = load_layers(str(maps_dir), identity, tuple(units.items()))
        # a level's own layer (counties.geojson …) may be unusable too
        shapes = (
            level_shapes(str(maps_dir), identity, level, layers)
            if layers is not None and level is not None
            else None
        )
    except TuopinError as problem:
        return Loaded(maps_dir, problem=problem)
    return Loaded(maps_dir, layers, shapes)


def nothing_to_draw(loaded: Loaded, lang: str, *, level: bool = False) -> bool:
    """Say why there is no map (an unusable file, or none in the folder) and return True; or
    return False when there is one to draw (with `level`, its level's shapes too)."""
    if loaded.problem is not None:
        st.warning(loaded.problem.message(lang))
        return True
    if loaded.layers is None or (level and loaded.shapes is None):
        st.info(text("map.no_boundary_file", lang, maps_dir=loaded.maps_dir))
        return True
    return False


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


def layer_notes(
    loaded: Loaded, names: dict[str, str], without_geometry: list[dict], measure: str, lang: str
) -> None:
    """What the layers said beside a map of villages: the units drawn without a shape (with
    their `measure`), a water layer that could not be read, and the boundary file's report."""
    layers = loaded.layers
    sentence = village_charts.without_geometry_sentence(without_geometry, measure, lang)
    if sentence:
        st.markdown(sentence)
    if layers.water_problem is not None:
        st.caption(text("map.water_unreadable", lang, error=layers.water_problem.message(lang)))
    with st.expander(text("map.report", lang)):
        for line in village_charts.boundary_report(
            layers.boundaries, layers.boundary_file, names, lang
        ):
            st.markdown(f"- {line}")


def map_section(
    figure: go.Figure | None,
    frame: pd.DataFrame,
    *,
    units: Iterable[str],
    on_click: Callable[[str], None],
    key: str,
    lang: str,
    **options: object,
) -> None:
    """A map drawn as a section (its table and files beneath, `options` as `section`'s), where
    a click on one of `units` (their codes) calls `on_click(code)`. A `figure` of None draws
    the table alone (no unit has a shape)."""
    section(
        None,
        frame,
        figure=lambda: figure,
        key=key,
        lang=lang,
        on_select=functools.partial(_clicked, key, frozenset(units), on_click),
        selection_mode="points",
        **options,
    )


def _clicked(key: str, units: frozenset[str], on_click: Callable[[str], None]) -> None:
    code = clicked_unit(key, units)
    if code is not None:
        on_click(code)
