"""村情地图 Village map: units coloured by a measure, and the chosen unit's profile below.

At every level (`?area=`): a county shows its towns, a prefecture its counties, the province its
prefectures (`queries/unit_measures.sql`, shapes dissolved from the villages by
`dashboard.geo.area_boundaries`); a town shows its villages as it always has. A click on a unit
or the picker opens it (sets `?area=`), a button goes up one level.

Numbers come from `queries/village_measures.sql` (the map and the profile's headline) and
`queries/village_{groups,households,helpers,payments,projects}.sql` (the profile); figures and
tables from `dashboard/charts/map.py` and `dashboard/charts/village.py`; boundaries from
`dashboard/geo.py`. This module reads the choices (`?measure=`, `?village=`, a click on the
map), and lays things out. Nothing is fetched from the network: the map is a plain figure.
"""

from __future__ import annotations

import streamlit as st

from dashboard import geo
from dashboard.charts import village as charts
from dashboard.formatting import format_count, format_yuan
from dashboard.hierarchy import LEVEL_LABELS
from dashboard.i18n import text
from dashboard.measures import map_levels
from dashboard.measures import village as villages
from dashboard.reference import division_names
from dashboard.ui import map_layers, state
from dashboard.ui.cards import Card, cards
from dashboard.ui.controls import choice, forget, measure_toggle
from dashboard.ui.layout import Chart, Sections
from dashboard.ui.map_layers import map_section
from dashboard.ui.page import page_header
from dashboard.ui.shared import shared_figure

# Widget keys, and the URL parameters that hold the choices: ?measure=incidence&village=341182108206
MEASURE_KEY = "measure"
VILLAGE_KEY = "village"
MAP_KEY = "village_map_chart"
MAP_HEIGHT = 560  # px: the demo town (wider than tall) fills a 900 px column at this height
AREA_KEY = "map_area_picker"
# Names on a map of towns or counties: the largest this many units carry their name, the rest
# show it on hover. ~30 names of three or four characters fill a 900 x 560 map without touching.
LABEL_LIMIT = 30
# The profile's tabs: each a query `village_<tab>`, its figure (None: a list) and its labeller.
PROFILE_TABS = {
    "groups": (charts.groups_figure, charts.groups_table),
    "households": (None, charts.households_table),
    "helpers": (None, charts.helpers_table),
    "payments": (charts.payments_figure, charts.payments_table),
    "projects": (None, charts.projects_table),
}


def choose(code: str) -> None:
    """A click on a village's name on the map chooses it."""
    st.session_state[VILLAGE_KEY] = code


def pick_measure(lang: str) -> str:
    """The map's measure: seeded from `?measure=`, written back to the URL, explained below."""
    measure = measure_toggle(
        text("map.measure", lang),
        list(charts.MEASURES),
        key=MEASURE_KEY,
        default=charts.DEFAULT_MEASURE,
        parameter=MEASURE_KEY,
        format_func=lambda value: charts.measure_label(value, lang),
    )
    st.caption(charts.measure_help(measure, lang))
    return measure


def open_area(code: str) -> None:
    """Drill in or up: the area goes into the URL, every other choice of the map stays."""
    state.set_area(code)
    forget(VILLAGE_KEY)
    st.session_state.pop(AREA_KEY, None)


lang = state.language()
snapshot_date = page_header("map", lang).snapshot_date

all_measures = state.query("village_measures", snapshot_date=snapshot_date)
if all_measures.empty:
    st.warning(text("map.no_units", lang))
    st.stop()
village_codes = all_measures["village_code"].astype(str).tolist()
wanted_area = state.area()
area = map_levels.shown_area(wanted_area, village_codes)
level = map_levels.unit_level(area)
division = division_names()
if (up := map_levels.up_area(area, village_codes)) is not None:
    st.button(
        text("map.level.up", lang, name=map_levels.area_name(up, division, lang)),
        on_click=open_area,
        args=(up,),
        type="tertiary",
        icon=":material/arrow_upward:",
    )

if (digits := map_levels.unit_digits(area)) < map_levels.VILLAGE_DIGITS:
    units = map_levels.as_map_units(
        state.query("unit_measures", snapshot_date=snapshot_date, area=area, digits=digits),
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
    if not map_layers.nothing_to_draw(loaded, lang, level=True):
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

unit = villages.unit_row(measures, chosen)
st.divider()
st.header(text("map.profile.heading", lang, name=unit["village_name"]))
st.caption(text("map.profile.kind", lang, kind=charts.kind_label(unit["kind"], lang), code=chosen))
cards(
    [Card(*numbers) for numbers in charts.profile_numbers(unit, lang)],
    query=None,  # the village's row of the map's query, named in its data beneath the map
    lang=lang,
)
if unit["households"] == 0:
    st.info(text("map.profile.no_households", lang, name=unit["village_name"]))

params = {"snapshot_date": snapshot_date, "village_code": chosen}
tabs = {name: state.query(f"village_{name}", **params) for name in PROFILE_TABS}
profile = Sections("map", lang, file_suffix=f"{chosen}_{snapshot_date.isoformat()}")
summaries = {
    "households": profile.text(
        "households.summary",
        households=format_count(len(tabs["households"])),
        not_exited=format_count(unit["not_exited_households"]),
    ),
    "helpers": profile.text("helpers.summary", helpers=format_count(len(tabs["helpers"]))),
    "payments": profile.text("payments.summary", yuan=format_yuan(unit["yuan_received"], lang)),
}
profile.in_tabs(
    [profile.text(f"tab.{name}") for name in PROFILE_TABS],
    [
        Chart(
            f"village_{name}",
            tabs[name],
            figure,
            lang,
            caption=summaries.get(name),
            empty=profile.text(f"empty.{name}"),
            label=label,
            key=f"village-{name}",
            stem=f"village_{name}",
            expanded=figure is None,  # a list without a chart opens its table
            household_column=profile.text("column.household_id") if name == "households" else None,
        )
        for name, (figure, label) in PROFILE_TABS.items()
    ],
)
