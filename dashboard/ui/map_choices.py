"""The map page's choices, each kept in the URL: the measure (`?measure=`), the area
(`?area=`, opened by a click, the picker or the button up one level) and the chosen village
(`?village=`). `dashboard/views/village_map.py` and `dashboard/ui/area_map.py` share them.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import village as charts
from dashboard.i18n import text
from dashboard.measures import map_levels
from dashboard.ui import state
from dashboard.ui.controls import forget, measure_toggle

# Widget keys, and the URL parameters that hold the choices: ?measure=incidence&village=341182108206
MEASURE_KEY = "measure"
VILLAGE_KEY = "village"
MAP_KEY = "village_map_chart"
MAP_HEIGHT = 560  # px: the demo town (wider than tall) fills a 900 px column at this height
AREA_KEY = "map_area_picker"


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


def up_button(area: str, village_codes: list[str], division: dict[str, str], lang: str) -> None:
    """The button up one level (none at the top: the whole data directory shown)."""
    if (up := map_levels.up_area(area, village_codes)) is not None:
        st.button(
            text("map.level.up", lang, name=map_levels.area_name(up, division, lang)),
            on_click=open_area,
            args=(up,),
            type="tertiary",
            icon=":material/arrow_upward:",
        )
