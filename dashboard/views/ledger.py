"""整改台账 Rectification ledger (/ledger): problems found, who fixes them by when, and how.

The ledger is `dashboard/ledger/` (its store, its measures as of the snapshot's date, the
town's Excel form); its figures are `dashboard/charts/ledger.py`; names beside codes come from
`queries/ledger_names.sql`, masked as the viewer may see them. The filters (?village=,
?responsible=, ?category=, ?status=, ?state=open|overdue|fixed_this_month, ?area=) live in
the URL; the forms that change the ledger are `dashboard/ui/ledger_forms.py`. This module reads
the choices and lists the sections.
"""

from __future__ import annotations

import functools

import streamlit as st

from dashboard.charts import ledger as charts
from dashboard.formatting import format_count
from dashboard.hierarchy import LEVEL_LABELS
from dashboard.i18n import text
from dashboard.ledger import measures
from dashboard.ledger.excel import ledger_table, ledger_workbook
from dashboard.ledger.store import CATEGORIES, CATEGORY_LABELS, STATUS_LABELS, STATUSES
from dashboard.ui import ledger_access, ledger_forms, state
from dashboard.ui.cards import Card
from dashboard.ui.cards import cards as show_cards
from dashboard.ui.controls import choice, older_link
from dashboard.ui.page import page_header
from dashboard.ui.section import page_sections
from dashboard.ui.shared import shared_figure

MEASURES = "dashboard/ledger/measures.py"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ANY = ""  # the filters' "all" choice

lang = state.language()
index = 0 if lang == "zh" else 1
snapshot = page_header("ledger", lang)
day = snapshot.snapshot_date
show = page_sections(lang)
area = state.area()  # ?area=: a town, county … or village code; the data layer scopes the rest
problems = measures.in_area(ledger_access.problems(), area)
# Names of what this ledger mentions: the filters offer the helpers responsible for a problem.
names = measures.names_for(state.query("ledger_names", snapshot_date=day), problems)
choices = measures.filter_choices(names)
if ledger_access.helper_id():  # a helper's ledger is his own problems and nothing else
    st.info(text("ledger.mine", lang, count=format_count(len(measures.as_of(problems, day)))))

# ---------------------------------------------------------------- filters, kept in the URL
filters = st.columns([2, 2, 2, 2, 1.4])
FILTERS = (
    ("village", [ANY, *choices["village"]], lambda code: choices["village"].get(code, code)),
    ("responsible", [ANY, *choices["helper"]], lambda code: choices["helper"].get(code, code)),
    ("category", [ANY, *CATEGORIES], lambda code: CATEGORY_LABELS[code][index]),
    ("status", [ANY, *STATUSES], lambda code: STATUS_LABELS[code][index]),
)
chosen: dict[str, str] = {}
for column, (name, options, label) in zip(filters, FILTERS, strict=False):
    chosen[name] = choice(
        text(f"ledger.filter.{name}", lang),
        options,
        key=f"ledger_{name}",
        default=ANY,
        parameter=name,
        format_func=lambda code, label=label: (
            text("ledger.filter.all", lang) if code == ANY else label(code)
        ),
        container=column,
    )
# Which of them: the overview's cards link here with ?state=open, overdue or fixed_this_month,
# so the list shows what the card counted (?overdue=1, the older link, means overdue).
older_link("overdue", "1", means=("state", "overdue"))
chosen_state = choice(
    text("ledger.filter.state", lang),
    [ANY, *measures.STATES],
    key="ledger_state",
    default=ANY,
    parameter="state",
    format_func=lambda code: text(f"ledger.filter.state.{code or 'all'}", lang),
    container=filters[-1],
)

selected = measures.select(
    problems,
    day,
    village_code=chosen["village"] or None,
    responsible_id=chosen["responsible"] or None,
    category=chosen["category"] or None,
    status=chosen["status"] or None,
    state=chosen_state or None,
)
counted = measures.cards(selected, day)

# ---------------------------------------------------------------- the numbers
show_cards(
    [
        Card(text(f"ledger.card.{name}", lang), format_count(counted[name]))
        for name in ("total", "open", "overdue", "fixed_this_month")
    ],
    query=MEASURES,
    lang=lang,
    border=False,
)

progress = measures.progress(selected, day)
show(
    text("ledger.section.progress", lang),
    progress,
    query=MEASURES,
    figure=shared_figure(charts.progress_figure, progress, lang),
    caption=text("ledger.progress.caption", lang),
    empty=text("ledger.empty", lang),
    key="ledger_progress",
)
categories = measures.by_category(selected, day, lang)
by_village = measures.by_village(selected, day)
by_responsible = measures.by_responsible(selected, day)
show(
    text("ledger.section.categories", lang),
    categories,
    query=MEASURES,
    figure=shared_figure(charts.categories_figure, categories, lang),
    empty=text("ledger.empty", lang),
    key="ledger_categories",
)
# Who is behind at every level of the area: its towns (of a county), counties (of a city) …
upper_levels = [
    level for level in measures.levels_below(area, selected["village_code"]) if level != "village"
]
if upper_levels:
    level = (
        st.segmented_control(
            text("ledger.section.levels", lang),
            upper_levels,
            default=upper_levels[-1],
            format_func=lambda code: LEVEL_LABELS[code][lang],
            key="ledger_level",
        )
        or upper_levels[-1]
    )
    by_level = measures.by_level(selected, day, level)
    show(
        text("ledger.section.level", lang, level=LEVEL_LABELS[level][lang]),
        by_level,
        query=MEASURES,
        table=measures.readable(by_level, names, lang),
        caption=text("ledger.responsible.caption", lang),
        empty=text("ledger.empty", lang),
        key="ledger_by_level",
        expanded=True,
    )
show(
    text("ledger.section.villages", lang),
    by_village,
    query=MEASURES,
    table=measures.readable(by_village, names, lang),
    empty=text("ledger.empty", lang),
    key="ledger_villages",
    expanded=True,
)
show(
    text("ledger.section.responsible", lang),
    by_responsible,
    query=MEASURES,
    table=measures.readable(by_responsible, names, lang),
    caption=text("ledger.responsible.caption", lang),
    empty=text("ledger.empty", lang),
    key="ledger_responsible",
    expanded=True,
)

# ---------------------------------------------------------------- the list, and the Excel form
listed = measures.readable(selected, names, lang)
# The form of one village when one is chosen, else of the area shown (a town, a county …).
place = measures.place_name(names, chosen["village"] or area)
show(
    text("ledger.section.list", lang),
    selected,
    query=[MEASURES, "ledger_names"],
    table=listed,
    empty=text("ledger.empty", lang),
    key="ledger_list",
    expanded=True,
    household_column=text("ledger.column.household_id", lang),
)
st.download_button(
    text("ledger.download_form", lang),
    functools.partial(
        ledger_workbook,
        ledger_table(selected, names),
        text("ledger.form_title", lang, place=place, date=day.isoformat()),
    ),
    file_name=f"{place}整改台账_{day.isoformat()}.xlsx",
    mime=XLSX_MIME,
    key="ledger_form",
    on_click="ignore",
)

# ---------------------------------------------------------------- record measures and results
ledger_forms.edit_form(selected, choices["helper"], day, lang)
ledger_forms.sync_panel(day, lang)
ledger_forms.import_panel(names, day, lang)
# ---------------------------------------------------------------- the exit procedure's notices
ledger_forms.notice_panel(choices["village"], day, lang)
