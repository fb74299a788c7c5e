"""Controls that own their state: the URL seeds them, the session keeps them, they write back.

A page used to seed each widget by hand (read `?measure=` on the first run, check it against
the allowed values, draw the widget, write its value back to the URL); each control here does
that once, so a page reads as its controls::

    measure = measure_toggle(label, charts.MEASURES, key="progress_measure", default="households")
    paid = date_range((first, last), key="industry_paid", default=period, earliest=START,
                      latest=snapshot_date, parameters=("paid_from", "paid_to"))

The rule each follows (`seed_from_url` in `ui/state.py` says why the URL is kept by hand):
on a session's first run the widget starts from its URL parameter when that names an allowed
value, else from its default; after that the widget is the truth, and its value is written
back to the URL on every run, so a bookmarked or shared link opens the same view. A value
kept in the session that is no longer allowed (another snapshot has other periods) falls
back to the default instead of stopping the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, TypeVar

import streamlit as st

from dashboard.i18n import text

Option = TypeVar("Option")

# How a choice is drawn: the Streamlit widget behind each name.
WIDGETS = ("select", "segmented", "pills", "radio")


def _url_value(parameter: str, options: Sequence[Option]) -> Option | None:
    """The option the URL names (`?window=60` names the option 60), or None."""
    wanted = st.query_params.get(parameter)
    if wanted is None:
        return None
    return next((option for option in options if str(option) == str(wanted)), None)


def _seed(
    key: str,
    parameter: str,
    options: Sequence[Option],
    default: Option,
    url_options: Sequence[Option] | None = None,
) -> None:
    """Start the widget `key` from the URL on the first run (a value of `url_options`, all
    `options` by default); reset a value no longer allowed."""
    if key not in st.session_state:
        named = _url_value(parameter, options if url_options is None else url_options)
        st.session_state[key] = default if named is None else named
    elif st.session_state[key] not in options:
        st.session_state[key] = default


def choice(
    label: str,
    options: Sequence[Option],
    *,
    key: str,
    default: Option,
    parameter: str | None = None,
    format_func: Callable[[Any], str] = str,
    widget: str = "select",
    container: Any = None,
    help: str | None = None,
    on_change: Callable[[], None] | None = None,
    url_options: Sequence[Option] | None = None,
    nothing: Option | None = None,
) -> Option:
    """One value out of `options`, kept in the session under `key` and in the URL.

    `parameter` is the URL's name for it (`key` by default); `widget` draws it as a select box,
    a segmented control, pills or radio buttons; `container` is where (a column; the page by
    default); `on_change` runs when the reader changes it; `url_options` are the values a URL
    may start it from (all `options` by default: a picker whose choice opens another area
    starts from its default whatever the link says). Returns an allowed value, never None (a segmented control cleared by a click
    reads as the default). The option `nothing` (None by default: a select box's placeholder;
    the SQL console's empty example) is "nothing chosen yet" and leaves the parameter out of
    the URL.
    """
    if widget not in WIDGETS:
        raise ValueError(f"widget must be one of {WIDGETS}, not {widget!r}")
    if default not in options:
        raise ValueError(f"default {default!r} is not one of the options {list(options)!r}")
    parameter = parameter or key
    _seed(key, parameter, options, default, url_options)
    place = st if container is None else container
    drawing = {"format_func": format_func, "key": key, "help": help, "on_change": on_change}
    if widget == "select":
        # Nothing chosen shows the option `nothing` in its own words, not Streamlit's English
        # "Choose an option".
        if nothing in options:
            drawing["placeholder"] = format_func(nothing)
        chosen = place.selectbox(label, options, **drawing)
    elif widget == "radio":
        chosen = place.radio(label, options, **drawing)
    else:
        draw = place.segmented_control if widget == "segmented" else place.pills
        chosen = draw(label, options, required=True, **drawing)
    chosen = chosen if chosen in options else default
    if chosen == nothing:  # nothing chosen yet: no parameter at all
        st.query_params.pop(parameter, None)
    else:
        st.query_params[parameter] = str(chosen)
    return chosen


def forget(key: str, parameter: str | None = None) -> None:
    """Drop a control's value from the session and the URL (`parameter`, `key` by default), so
    the next run starts it afresh from its default: the map's village when another area opens."""
    st.session_state.pop(key, None)
    st.query_params.pop(parameter or key, None)


def older_link(parameter: str, value: str, *, means: tuple[str, str]) -> None:
    """Read an older link's `?parameter=value` as the newer `?<means[0]>=<means[1]>`, unless the
    URL names the newer one itself (`?overdue=1` is `?state=overdue`). Call it before the
    control of the newer parameter."""
    newer, newer_value = means
    if newer not in st.query_params and st.query_params.get(parameter) == value:
        st.query_params[newer] = newer_value


def kept_in_url(key: str, parameter: str) -> str | None:
    """A value no widget of its own draws (the household a search picked), kept in the session
    under `key` and in `?parameter=`: started from the URL on a session's first run, set by the
    page in between, and written back while it is set. Call it after the page may have set it.
    """
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(parameter)
    value = st.session_state[key]
    if value:
        st.query_params[parameter] = str(value)
    return value


def measure_toggle(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: str,
    format_func: Callable[[Any], str] = str,
    parameter: str = "measure",
    container: Any = None,
) -> str:
    """What a page counts (户/人, 金额/户数/人数): a segmented control kept in `?measure=`."""
    return choice(
        label,
        options,
        key=key,
        default=default,
        parameter=parameter,
        format_func=format_func,
        widget="segmented",
        container=container,
    )


def page_measure(
    page: str,
    lang: str,
    options: Sequence[str],
    *,
    default: str,
    container: Any = None,
) -> str:
    """A page's measure toggle by convention: labelled by the messages `<page>.measure` and
    `<page>.measure.<option>`, its key `<page>_measure`, kept in `?measure=`."""
    return measure_toggle(
        text(f"{page}.measure", lang),
        options,
        key=f"{page}_measure",
        default=default,
        format_func=lambda value: text(f"{page}.measure.{value}", lang),
        container=container,
    )


class DateRange(NamedTuple):
    """A period as chosen: `start` ≤ `end`; `swapped` when the reader entered them the other
    way round (the page says so)."""

    start: dt.date
    end: dt.date
    swapped: bool


def _url_date(parameter: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(st.query_params.get(parameter, "")))
    except ValueError:
        return None


def date_range(
    labels: tuple[str, str],
    *,
    key: str,
    default: tuple[dt.date, dt.date],
    earliest: dt.date,
    latest: dt.date,
    parameters: tuple[str, str] = ("from", "to"),
    containers: tuple[Any, Any] | None = None,
) -> DateRange:
    """Two date pickers, a period's first and last day, kept in the session and in the URL.

    The pickers' keys are `<key>_from` and `<key>_to`; the URL's names are `parameters`
    (`?paid_from=2017-01-01&paid_to=2017-12-31`). A date outside [`earliest`, `latest`] (a
    typed URL, a value kept from another snapshot) is moved to the nearest bound, since a
    picker given one stops the page. Returns the period in order, and whether it was swapped.
    """
    if earliest > latest:
        raise ValueError(f"earliest {earliest} is after latest {latest}")
    keys = (f"{key}_from", f"{key}_to")
    places = containers or (st, st)
    chosen = []
    for widget_key, parameter, fallback, label, place in zip(
        keys, parameters, default, labels, places, strict=True
    ):
        if widget_key not in st.session_state:
            st.session_state[widget_key] = _url_date(parameter) or fallback
        value = st.session_state[widget_key]
        if not isinstance(value, dt.date):
            value = fallback
        st.session_state[widget_key] = min(max(value, earliest), latest)
        picked = place.date_input(
            label, min_value=earliest, max_value=latest, format="YYYY-MM-DD", key=widget_key
        )
        st.query_params[parameter] = picked.isoformat()
        chosen.append(picked)
    start, end = chosen
    if start > end:
        return DateRange(end, start, True)
    return DateRange(start, end, False)
