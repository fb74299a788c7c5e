"""整改台账 Rectification ledger (/ledger): problems found, who fixes them by when, and how.

The ledger is `dashboard/ledger/` (its store, its measures as of the snapshot's date, the
town's Excel form); its figures are `dashboard/charts/ledger.py`; names beside codes come from
`queries/ledger_names.sql`, masked as the viewer may see them. The filters (?village=,
?responsible=, ?category=, ?status=, ?state=open|overdue|fixed_this_month, ?area=) live in
the URL; the forms that change the ledger are `dashboard/ui/ledger_forms.py`. This module reads
the choices and lists the sections.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import ledger as charts
from dashboard.formatting import format_count
from dashboard.hierarchy import LEVEL_LABELS
from dashboard.i18n import text
from dashboard.ledger import measures
from dashboard.measures import ledger as page_measures
from dashboard.ui import ledger_access, ledger_forms, state
from dashboard.ui.cards import cards
from dashboard.ui.controls import choice, older_link
from dashboard.ui.page import page_header
from dashboard.ui.section import page_sections
from dashboard.ui.shared import shared_figure

MEASURES = "dashboard/ledger/measures.py"

lang = state.language()
snapshot = page_header("ledger", lang)
day = snapshot.snapshot_date
show = page_sections(lang, query=MEASURES, empty=text("ledger.empty", lang))
area = state.area()  # ?area=: a town, county … or village code; the data layer scopes the rest
problems = measures.in_area(ledger_access.problems(), area)
# Names of what this ledger mentions: the filters offer the helpers responsible for a problem.
names = measures.names_for(state.query("ledger_names", snapshot_date=day), problems)
choices = measures.filter_choices(names)
if ledger_access.helper_id():  # a helper's ledger is his own problems and nothing else
    st.info(text("ledger.mine", lang, count=format_count(len(measures.as_of(problems, day)))))

# ---------------------------------------------------------------- filters, kept in the URL
# The overview's cards link here with ?state=open, overdue or fixed_this_month, so the list
# shows what the card counted (?overdue=1, the older link, means overdue).
older_link("overdue", "1", means=("state", "overdue"))
chosen = {
    name: choice(
        text(f"ledger.filter.{name}", lang),
        options,
        key=f"ledger_{name}",
        default=page_measures.ANY,
        parameter=name,
        format_func=label,
        container=column,
    )
    for (name, options, label), column in zip(
        page_measures.filters(choices, lang), st.columns([2, 2, 2, 2, 1.4]), strict=True
    )
}
selected = measures.select(problems, day, **page_measures.selection(chosen))

# ---------------------------------------------------------------- the numbers
counted = measures.cards(selected, day)
cards(page_measures.count_cards(counted, lang), query=MEASURES, lang=lang, border=False)
progress = measures.progress(selected, day)
show(
    text("ledger.section.progress", lang),
    progress,
    figure=shared_figure(charts.progress_figure, progress, lang),
    caption=text("ledger.progress.caption", lang),
    key="ledger_progress",
)
categories = measures.by_category(selected, day, lang)
show(
    text("ledger.section.categories", lang),
    categories,
    figure=shared_figure(charts.categories_figure, categories, lang),
    key="ledger_categories",
)
# Who is behind at every level of the area: its towns (of a county), counties (of a city) …,
# the level picked here, then its villages and the helpers responsible.
upper_levels = page_measures.upper_levels(area, selected)
level = None
if upper_levels:
    level = st.segmented_control(
        text("ledger.section.levels", lang),
        upper_levels,
        default=upper_levels[-1],
        format_func=lambda code: LEVEL_LABELS[code][lang],
        key="ledger_level",
    )
for title, table, key, caption in page_measures.behind(
    selected, day, level or (upper_levels[-1] if upper_levels else None), lang
):
    show(
        title,
        table,
        table=measures.readable(table, names, lang),
        caption=caption,
        key=key,
        expanded=True,
    )

# ---------------------------------------------------------------- the list, and the Excel form
show(
    text("ledger.section.list", lang),
    selected,
    query=[MEASURES, "ledger_names"],
    table=measures.readable(selected, names, lang),
    key="ledger_list",
    expanded=True,
    household_column=text("ledger.column.household_id", lang),
)
# The form of one village when one is chosen, else of the area shown (a town, a county …).
place = measures.place_name(names, chosen["village"] or area)
ledger_forms.excel_form(selected, names, place, day, lang)

# ---------------------------------------------------------------- record measures and results
ledger_forms.edit_form(selected, choices["helper"], day, lang)
ledger_forms.sync_panel(day, lang)
ledger_forms.import_panel(names, day, lang)
# ---------------------------------------------------------------- the exit procedure's notices
ledger_forms.notice_panel(choices["village"], day, lang)
