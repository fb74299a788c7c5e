"""The map above a town: the units of the level below the area (a county's towns, a
prefecture's counties, the province's prefectures) coloured by a measure, each opened by a
click or the picker.

Numbers come from `queries/unit_measures.sql`, the shapes dissolved from the villages by
`dashboard.geo.unit_boundaries`, the figure from `dashboard/charts/village.py`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import geo
from dashboard.charts import village as charts
from dashboard.hierarchy import LEVEL_LABELS
from dashboard.i18n import text
from dashboard.measures import map_levels
from dashboard.measures import village as villages
from dashboard.ui import map_layers, state
from dashboard.ui.map_choices import AREA_KEY, MAP_HEIGHT, MAP_KEY, open_area, pick_measure
from dashboard.ui.map_layers import map_section
from dashboard.ui.shared import shared_figure

# Names on a map of towns or counties: the largest this many units carry their name, the rest
# show it on hover. ~30 names of three or four characters fill a 900 x 560 map without touching.
LABEL_LIMIT = 30


def area_map(
    area: str,
    all_measures: pd.DataFrame,
    division: dict[str, str],
    snapshot_date: dt.date,
    lang: str,
) -> None:
    """The units under `area` (not a town), their heading, the measure, the picker that opens
    one, and the map with its table; `all_measures` are the villages' (their names give the
    shapes)."""
    level = map_levels.unit_level(area)
    units = map_levels.as_map_units(
        state.query(
            "unit_measures",
            snapshot_date=snapshot_date,
            area=area,
            digits=map_levels.unit_digits(area),
        ),
        division,
    )
    st.subheader(map_levels.level_heading(area, len(units), level, division, lang))
    measure = pick_measure(lang)
    unit_names = villages.unit_names(units)
    picked = st.selectbox(
        text("map.level.open", lang, level=LEVEL_LABELS[level][lang]),
        [None, *unit_names],
        format_func=lambda code: (
            unit_names[code] if code else text("map.village.placeholder", lang)
        ),
        key=AREA_KEY,
    )
    if picked is not None:
        open_area(picked)
        st.rerun()
    loaded = map_layers.load(villages.unit_names(all_measures), level)
    if map_layers.nothing_to_draw(loaded, lang, level=True):
        return
    boundaries = geo.unit_boundaries(map_levels.shapes_in_area(loaded.shapes, area), unit_names)
    figure = shared_figure(  # built once per content, shared by every session
        charts.measure_map,
        boundaries,
        units,
        measure,
        lang,
        water=loaded.layers.water,
        height=MAP_HEIGHT,
        label_limit=LABEL_LIMIT,
    )()
    map_section(
        figure,
        units,
        units=unit_names,
        on_click=open_area,
        query="unit_measures",
        table=charts.measures_table(units.assign(kind=None), lang),
        key=MAP_KEY,
        lang=lang,
        file_stem=f"unit_measures_{area or 'all'}_{snapshot_date.isoformat()}",
    )
