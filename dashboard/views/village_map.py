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

import functools

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
from dashboard.ui.map_layers import clicked_unit
from dashboard.ui.page import page_header
from dashboard.ui.section import page_sections, section
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


def choose_from_map(known_codes: frozenset[str]) -> None:
    """A click on a village's name on the map chooses it."""
    code = clicked_unit(MAP_KEY, known_codes)
    if code is not None:
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


def open_from_map(known_codes: frozenset[str]) -> None:
    """A click on a unit of the map opens it."""
    code = clicked_unit(MAP_KEY, known_codes)
    if code is not None:
        open_area(code)


lang = state.language()
snapshot_date = page_header("map", lang).snapshot_date

all_measures = state.query("village_measures", snapshot_date=snapshot_date)
if all_measures.empty:
    st.warning(text("map.no_units", lang))
    st.stop()
village_codes = all_measures["village_code"].astype(str).tolist()
wanted_area = state.area()
area = map_levels.shown_area(wanted_area, village_codes)
digits = map_levels.unit_digits(area)
level = map_levels.unit_level(area)
up = map_levels.up_area(area, village_codes)
division = division_names()
if up is not None:
    up_name = division.get(up, up) if up else text("map.level.all", lang)
    st.button(
        text("map.level.up", lang, name=up_name),
        on_click=open_area,
        args=(up,),
        type="tertiary",
        icon=":material/arrow_upward:",
    )

if digits < map_levels.VILLAGE_DIGITS:
    units = map_levels.as_map_units(
        state.query("unit_measures", snapshot_date=snapshot_date, area=area, digits=digits),
        division,
    )
    area_name = division.get(area, area) if area else text("map.level.all", lang)
    st.subheader(
        text(
            "map.level.heading",
            lang,
            area=area_name,
            count=format_count(len(units)),
            level=LEVEL_LABELS[level][lang],
        )
    )
    measure = pick_measure(lang)
    unit_names = villages.unit_names(units)
    picked = st.selectbox(
        text("map.level.open", lang, level=LEVEL_LABELS[level][lang]),
        [None, *unit_names],
        format_func=lambda code: (
            text("map.village.placeholder", lang) if code is None else unit_names[code]
        ),
        key=AREA_KEY,
    )
    if picked is not None:
        open_area(picked)
        st.rerun()
    loaded = map_layers.load(villages.unit_names(all_measures), level)
    if not map_layers.nothing_to_draw(loaded, lang, level=True):
        boundaries = geo.unit_boundaries(map_levels.shapes_in_area(loaded.shapes, area), unit_names)
        # Built once per content and shared by every session that draws the same map (the
        # province's outlines are the costliest figure of the walk).
        figure = shared_figure(
            charts.measure_map,
            boundaries,
            units,
            measure,
            lang,
            water=loaded.layers.water,
            height=MAP_HEIGHT,
            label_limit=LABEL_LIMIT,
        )()
        section(
            None,
            units,
            query="unit_measures",
            figure=lambda: figure,
            table=charts.measures_table(units.assign(kind=None), lang),
            key=MAP_KEY,
            lang=lang,
            file_stem=f"unit_measures_{area or 'all'}_{snapshot_date.isoformat()}",
            on_select=functools.partial(open_from_map, frozenset(unit_names)),
            selection_mode="points",
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
layers = loaded.layers
drawn = charts.drawn_codes(layers.boundaries.gdf) if layers is not None else set()

map_column, side_column = st.columns([3, 1], gap="medium")
with side_column:
    # ?area= a village: its town's map, it chosen
    chosen = choice(
        text("map.village", lang),
        [None, *names],
        key=VILLAGE_KEY,
        default=wanted_area if wanted_area in names else None,
        format_func=lambda code: (
            text("map.village.placeholder", lang)
            if code is None
            else charts.unit_option(names.get(code, code), code in drawn, lang)
        ),
    )

with map_column:
    if not map_layers.nothing_to_draw(loaded, lang):
        figure = shared_figure(
            charts.measure_map,
            layers.boundaries.gdf,
            measures,
            measure,
            lang,
            water=layers.water,
            highlight_code=chosen,
            height=MAP_HEIGHT,
        )()
        section(
            None,
            measures,
            query="village_measures",
            # No unit with a shape (a visitor's one village without a boundary): the table alone,
            # and the units listed beside it.
            figure=lambda: figure if drawn else None,
            table=charts.measures_table(measures, lang),
            key=MAP_KEY,
            lang=lang,
            file_stem=f"village_measures_{snapshot_date.isoformat()}",
            on_select=functools.partial(choose_from_map, frozenset(names)),
            selection_mode="points",
        )
        with side_column:
            sentence = charts.without_geometry_sentence(
                figure.layout.meta["without_geometry"], measure, lang
            )
            if sentence:
                st.markdown(sentence)
            if layers.water_problem is not None:
                st.caption(
                    text("map.water_unreadable", lang, error=layers.water_problem.message(lang))
                )
            with st.expander(text("map.report", lang)):
                for line in charts.boundary_report(
                    layers.boundaries, layers.boundary_file, names, lang
                ):
                    st.markdown(f"- {line}")

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
profile = page_sections(lang, file_suffix=f"{chosen}_{snapshot_date.isoformat()}")
groups = state.query("village_groups", **params)
households = state.query("village_households", **params)
helpers = state.query("village_helpers", **params)
payments = state.query("village_payments", **params)
projects = state.query("village_projects", **params)

tab_groups, tab_households, tab_helpers, tab_payments, tab_projects = st.tabs(
    [
        text(f"map.tab.{name}", lang)
        for name in ("groups", "households", "helpers", "payments", "projects")
    ]
)
with tab_groups:
    profile(
        None,
        groups,
        query="village_groups",
        figure=shared_figure(charts.groups_figure, groups, lang),
        empty=text("map.empty.groups", lang),
        table=charts.groups_table(groups, lang),
        key="village-groups",
        stem="village_groups",
    )
with tab_households:
    profile(
        None,
        households,
        query="village_households",
        caption=text(
            "map.households.summary",
            lang,
            households=format_count(len(households)),
            not_exited=format_count(unit["not_exited_households"]),
        ),
        empty=text("map.empty.households", lang),
        table=charts.households_table(households, lang),
        key="village-households",
        expanded=True,
        household_column=text("map.column.household_id", lang),
        stem="village_households",
    )
with tab_helpers:
    profile(
        None,
        helpers,
        query="village_helpers",
        caption=text("map.helpers.summary", lang, helpers=format_count(len(helpers))),
        empty=text("map.empty.helpers", lang),
        table=charts.helpers_table(helpers, lang),
        key="village-helpers",
        expanded=True,
        stem="village_helpers",
    )
with tab_payments:
    profile(
        None,
        payments,
        query="village_payments",
        figure=shared_figure(charts.payments_figure, payments, lang),
        caption=text("map.payments.summary", lang, yuan=format_yuan(unit["yuan_received"], lang)),
        empty=text("map.empty.payments", lang),
        table=charts.payments_table(payments, lang),
        key="village-payments",
        stem="village_payments",
    )
with tab_projects:
    profile(
        None,
        projects,
        query="village_projects",
        empty=text("map.empty.projects", lang),
        table=charts.projects_table(projects, lang),
        key="village-projects",
        expanded=True,
        stem="village_projects",
    )
