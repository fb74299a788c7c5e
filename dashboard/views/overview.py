"""总览 Overview: in one minute, how many are still poor, this year's target, which villages lag.

A helper (帮扶干部) gets his own overview instead: his households from
`queries/helper_own_households.sql` (status, the exit standard and what each still lacks, the
last visit, what was paid) and his open problems in the ledger, with nothing measured against
rows he does not see (no target, no incidence, no rank among villages); its figures come from
`dashboard/measures/helper_overview.py`.

Numbers from `queries/household_totals.sql`, `exit_target_progress.sql`, `exits_by_year.sql`
and `village_attention.sql` (named in each section's data); changes, targets and reasons from
`dashboard/measures/overview.py`; the attention list from `dashboard/attention.py`.
"""

from __future__ import annotations

import streamlit as st

from dashboard.attention import ATTENTION_LINKS_SHOWN, STALE_VISIT_DAYS, rank_villages
from dashboard.charts.overview import exit_progress_compact
from dashboard.formatting import format_count, format_date, format_share
from dashboard.i18n import text
from dashboard.ledger import measures as ledger_measures
from dashboard.measures import helper_overview
from dashboard.measures import overview as measures
from dashboard.reference import poverty_line_for
from dashboard.snapshots import shown_or_label
from dashboard.ui import ledger_access, navigation, state
from dashboard.ui.page import page_header
from dashboard.ui.section import section, sources
from dashboard.ui.shared import shared_figure

lang = state.language()
snapshot = page_header("overview", lang)
as_of = snapshot.snapshot_date

if helper_overview.is_helper_view(state.own_viewer()):
    # --- A helper's own overview: his households and his problems, nothing beyond them.
    own = state.query("helper_own_households", snapshot_date=as_of)
    st.subheader(text("overview.helper.heading", lang))
    st.caption(text("overview.helper.scope", lang))
    if own.empty:
        st.info(text("overview.helper.none", lang))
        st.stop()
    numbers = helper_overview.cards(own, as_of)
    for column, (name, unit) in zip(
        st.columns(4),
        (
            ("households", "unit.households"),
            ("not_exited", "unit.households"),
            ("not_exited_meeting", "unit.households"),
            ("not_visited", "unit.households"),
        ),
        strict=True,
    ):
        column.metric(
            text(f"overview.helper.card.{name}", lang, days=helper_overview.VISIT_WINDOW_DAYS),
            f"{format_count(numbers[name])} {text(unit, lang)}".strip(),
            border=True,
        )
    st.markdown(helper_overview.summary(numbers, lang))
    section(
        text("overview.helper.households_heading", lang),
        own,
        query="helper_own_households",
        table=helper_overview.readable(own, lang),
        household_column=helper_overview.household_column(lang),
        key="overview-helper-households",
        lang=lang,
        file_stem="helper_own_households",
        expanded=True,
    )
    mine = ledger_access.problems() if ledger_access.may_read() else ledger_access.no_problems()
    open_problems = ledger_measures.select(mine, as_of, state="open")
    st.subheader(text("overview.helper.problems_heading", lang))
    section(
        None,
        open_problems,
        query=["dashboard/ledger/measures.py", "ledger_names"],
        table=ledger_measures.readable(
            open_problems,
            ledger_measures.names_for(
                state.query("ledger_names", snapshot_date=as_of), open_problems
            ),
            lang,
        ),
        empty=text("overview.helper.no_problems", lang),
        key="overview-helper-problems",
        lang=lang,
        file_stem="my_open_problems",
        expanded=True,
    )
    navigation.page_link(
        "ledger",
        label=text("overview.helper.ledger_link", lang),
        icon=":material/checklist:",
        query_params={"state": "open"},
    )
    st.stop()

totals = state.query("household_totals", snapshot_date=as_of).iloc[0]
previous = state.previous_snapshot(snapshot)
before = (
    state.query("household_totals", snapshot_date=previous.snapshot_date).iloc[0]
    if previous is not None
    else None
)
if totals["registered_households"] == 0:
    st.warning(text("error.empty_snapshot", lang))
    st.stop()

# --- Headline numbers, each with its change since the previous snapshot.
if previous is not None:
    st.caption(text("overview.compared_with", lang, date=format_date(previous.snapshot_date, lang)))
cards = [
    ("overview.registered_households", "registered_households", "unit.households"),
    ("overview.registered_people", "registered_people", "unit.people"),
    ("overview.exited", "exited_households", "unit.households"),
    ("overview.not_exited", "not_exited_households", "unit.households"),
]
columns = st.columns(len(cards) + 1)
for column, (label, field, unit) in zip(columns, cards, strict=False):
    column.metric(
        text(label, lang),
        f"{format_count(totals[field])} {text(unit, lang)}".strip(),
        delta=measures.change(totals, before, field),
        delta_color="off",
        border=True,
    )
    people_field = field.replace("households", "people")
    if people_field != field:
        column.caption(
            text(
                "overview.households_people",
                lang,
                households=format_count(totals[field]),
                people=format_count(totals[people_field]),
            )
        )
incidence = totals["incidence"]
columns[-1].metric(
    text("overview.incidence", lang),
    format_share(incidence, 2),  # a visitor's "<5" (a village of 1-4 poor households) as is
    **measures.incidence_delta(totals, before, lang),  # no arrow, no colour when unchanged
    border=True,
    help=text("overview.incidence_help", lang, population=format_count(totals["rural_population"])),
)
sources("household_totals", lang)

# --- This year's target and how close the planned households are.
year = as_of.year
line_year, line = poverty_line_for(year)
progress = state.query("exit_target_progress", snapshot_date=as_of, year=year).iloc[0]
exits = state.query("exits_by_year", snapshot_date=as_of)
planned = measures.target(progress)
# The target cards get the wider half: a county's or province's "4,625 人" must not be cut.
left, right = st.columns([3, 2])
with left:
    st.subheader(text("overview.target_heading", lang, year=year))
    target_cards = st.columns(3)
    if planned["target_people"] is not None:
        target_cards[0].metric(
            text("overview.target", lang),
            text("overview.target_value", lang, people=format_count(planned["target_people"])),
            border=True,
        )
        if planned["target_households"] is not None:
            target_cards[0].caption(
                text(
                    "overview.target_households",
                    lang,
                    households=format_count(planned["target_households"]),
                )
            )
    else:
        target_cards[0].info(
            text("overview.no_target", lang, year=year, area=state.area_in_words(lang))
        )
    target_cards[1].metric(
        text("overview.exited_this_year", lang),
        f"{format_count(progress['exited_households'])} {text('unit.households', lang)}".strip(),
        border=True,
    )
    target_cards[1].caption(text("overview.exits_decided_at_year_end", lang))
    target_cards[2].metric(
        text("overview.planned", lang),
        f"{format_count(progress['planned_households'])} {text('unit.households', lang)}".strip(),
        border=True,
    )
    target_cards[2].caption(
        text(
            "overview.households_people",
            lang,
            households=format_count(progress["planned_households"]),
            people=format_count(progress["planned_people"]),
        )
    )
    ready_cards = st.columns(2)
    ready_cards[0].metric(
        text("overview.ready", lang),
        shown_or_label(
            progress,
            "ready_households",
            f"{format_count(progress['ready_households'])} {text('unit.households', lang)}".strip(),
            lang,
        ),
        border=True,
        help=text("overview.ready_help", lang, year=line_year, line=format_count(line)),
    )
    ready_cards[1].metric(
        text("overview.not_ready", lang),
        shown_or_label(
            progress,
            "not_ready_households",
            f"{format_count(progress['not_ready_households'])} "
            f"{text('unit.households', lang)}".strip(),
            lang,
        ),
        border=True,
    )
    reasons = measures.not_ready_reasons(progress, lang)
    if reasons:
        st.markdown(
            text("overview.reasons", lang, reasons=text("attention.separator", lang).join(reasons))
        )
    unknown = measures.unknown_reasons(progress, lang)
    if unknown:
        st.caption(unknown)
with right:
    section(
        text("overview.progress_heading", lang),
        exits,
        query=["exits_by_year", "exit_target_progress"],
        figure=shared_figure(
            exit_progress_compact,
            exits,
            target_year=year,
            target_households=planned["target_households"],
            planned_households=planned["planned_households"] or 0,
            lang=lang,
        ),
        is_empty=False,  # the target and the plan are drawn also before anyone exits
        key="overview-exits",
        lang=lang,
        file_stem="exits_by_year",
    )
    navigation.page_link(
        "progress",
        label=text("overview.progress_link", lang),
        icon=":material/trending_up:",
    )

# --- Rectification (整改台账): open, overdue and fixed this month, each opening the ledger.
ledger_cards = ledger_measures.cards(
    ledger_access.problems() if ledger_access.may_read() else ledger_access.no_problems(), as_of
)
if ledger_cards["total"]:
    st.subheader(text("overview.ledger_heading", lang))
    for column, (name, filters) in zip(
        st.columns(3),
        (
            ("open", {"state": "open"}),
            ("overdue", {"state": "overdue"}),
            ("fixed_this_month", {"state": "fixed_this_month"}),
        ),
        strict=True,
    ):
        column.metric(text(f"ledger.card.{name}", lang), format_count(ledger_cards[name]))
        navigation.page_link(
            "ledger",
            label=text(f"overview.ledger_link.{name}", lang),
            icon=":material/checklist:",
            query_params=filters,
            container=column,
        )
    sources("dashboard/ledger/measures.py", lang)

# --- Villages (a county's towns…) that need attention, each linking to its map or its area.
by_village = state.units_are_villages()
st.subheader(
    text("overview.attention_heading", lang)
    if by_village
    else text("overview.attention_heading_units", lang, level=state.unit_level_label(lang))
)
st.caption(
    text("overview.attention_help", lang, days=STALE_VISIT_DAYS)
    if by_village
    else text(
        "overview.attention_help_units",
        lang,
        days=STALE_VISIT_DAYS,
        level=state.unit_level_label(lang),
    )
)
attention = rank_villages(
    state.query_units("village_attention", snapshot_date=as_of),
    lang,
    STALE_VISIT_DAYS,
)
if attention.empty:
    st.info(text("overview.attention_none", lang))
for row in attention.head(ATTENTION_LINKS_SHOWN).itertuples(index=False):
    name_column, reason_column = st.columns([1, 4])
    if by_village:
        if not navigation.page_link(
            "map",
            label=row.village_name,
            icon=":material/location_on:",
            query_params={"village": row.village_code},
            container=name_column,
        ):
            name_column.markdown(f"**{row.village_name}**")
    else:  # a town's row drills into the town
        name_column.button(
            row.village_name,
            key=f"attention-drill-{row.village_code}",
            icon=":material/zoom_in:",
            type="tertiary",
            on_click=state.set_area,
            args=(row.village_code,),
        )
    reason_column.markdown(row.reasons)
if len(attention) > ATTENTION_LINKS_SHOWN:
    st.caption(
        text(
            "overview.attention_more",
            lang,
            count=format_count(len(attention) - ATTENTION_LINKS_SHOWN),
        )
    )
section(
    None,
    attention,
    query=["village_attention", "dashboard/attention.py"],
    table=attention[["village_code", "village_name", "not_exited_people", "reasons"]],
    key="overview-attention",
    lang=lang,
    file_stem="villages_attention",
)
