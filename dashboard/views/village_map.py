"""村情地图 Village map: units coloured by a measure, and the chosen unit's profile below.

At every level (`?area=`): a county shows its towns, a prefecture its counties, the province its
prefectures (`queries/unit_measures.sql`, shapes dissolved from the villages by
`dashboard.geo.area_boundaries`); a town shows its villages as it always has. A click on a unit
or the picker opens it (sets `?area=`), a button goes up one level.

Numbers come from `queries/village_measures.sql` (the map and the profile's headline) and
`queries/village_{groups,households,helpers,payments,projects}.sql` (the profile); figures and
tables from `dashboard/charts/map.py` and `dashboard/charts/village.py`; boundaries from
`dashboard/geo.py`. The choices are `dashboard/ui/map_choices.py`, the map above a town
`dashboard/ui/area_map.py`, the profile `dashboard/ui/village_profile.py`; this module draws
a town's map and lays things out. Nothing is fetched from the network: the map is a plain figure.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import village as charts
from dashboard.i18n import text
from dashboard.measures import map_levels
from dashboard.measures import village as villages
from dashboard.reference import division_names
from dashboard.ui import map_layers, state
from dashboard.ui.area_map import area_map
from dashboard.ui.controls import choice
from dashboard.ui.map_choices import (
    MAP_HEIGHT,
    MAP_KEY,
    VILLAGE_KEY,
    choose,
    pick_measure,
    up_button,
)
from dashboard.ui.map_layers import map_section
from dashboard.ui.page import page_header
from dashboard.ui.shared import shared_figure
from dashboard.ui.village_profile import village_profile

lang = state.language()
snapshot_date = page_header("map", lang).snapshot_date

all_measures = state.query("village_measures", snapshot_date=snapshot_date)
if all_measures.empty:
    st.warning(text("map.no_units", lang))
    st.stop()
village_codes = all_measures["village_code"].astype(str).tolist()
wanted_area = state.area()
area = map_levels.shown_area(wanted_area, village_codes)
division = division_names()
up_button(area, village_codes, division, lang)
if map_levels.unit_digits(area) < map_levels.VILLAGE_DIGITS:  # above a town: its units
    area_map(area, all_measures, division, snapshot_date, lang)
    st.stop()

measures = map_levels.in_area(all_measures, area)
if measures.empty:
    st.warning(text("map.no_units", lang))
    st.stop()
if villages.total_households(measures) == 0:
    st.warning(text("map.no_households", lang))
names = villages.unit_names(measures)
measure = pick_measure(lang)
loaded = map_layers.load(names)
drawn = charts.drawn_codes(loaded.layers.boundaries.gdf) if loaded.layers is not None else set()

map_column, side_column = st.columns([3, 1], gap="medium")
chosen = choice(  # ?area= a village: its town's map, it chosen
    text("map.village", lang),
    [None, *names],
    key=VILLAGE_KEY,
    default=wanted_area if wanted_area in names else None,
    format_func=lambda code: (
        charts.unit_option(names.get(code, code), code in drawn, lang)
        if code
        else text("map.village.placeholder", lang)
    ),
    container=side_column,
)
with map_column:
    if not map_layers.nothing_to_draw(loaded, lang):
        figure = shared_figure(  # built once per content, shared by every session
            charts.measure_map,
            loaded.layers.boundaries.gdf,
            measures,
            measure,
            lang,
            water=loaded.layers.water,
            highlight_code=chosen,
            height=MAP_HEIGHT,
        )()
        map_section(
            # No unit with a shape (a visitor's one village without a boundary): the table alone,
            # and the units listed beside it.
            figure if drawn else None,
            measures,
            units=names,
            on_click=choose,
            query="village_measures",
            table=charts.measures_table(measures, lang),
            key=MAP_KEY,
            lang=lang,
            file_stem=f"village_measures_{snapshot_date.isoformat()}",
        )
        with side_column:
            map_layers.layer_notes(
                loaded, names, figure.layout.meta["without_geometry"], measure, lang
            )
if chosen is None:
    st.stop()

village_profile(villages.unit_row(measures, chosen), chosen, snapshot_date, lang)
