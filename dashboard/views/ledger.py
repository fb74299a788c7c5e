"""整改台账 Rectification ledger (/ledger): problems found, who fixes them by when, and how.

The ledger is `dashboard/ledger/` (its store, its measures as of the snapshot's date, the
town's Excel form); its figures are `dashboard/charts/ledger.py`; names beside codes come from
`queries/ledger_names.sql`, masked as the viewer may see them. The filters (?village=,
?responsible=, ?category=, ?status=, ?state=open|overdue|fixed_this_month, ?area=) live in the URL. This module reads the
choices and lists the sections.
"""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st

from dashboard.charts import ledger as charts
from dashboard.formatting import format_count
from dashboard.hierarchy import LEVEL_LABELS
from dashboard.i18n import text
from dashboard.importer import report
from dashboard.importer.summary import problems_workbook
from dashboard.ledger import measures
from dashboard.ledger.excel import ledger_table, ledger_workbook
from dashboard.ledger.store import CATEGORIES, CATEGORY_LABELS, STATUS_LABELS, STATUSES
from dashboard.notices import KINDS
from dashboard.ui import ledger_access, state
from dashboard.ui.cards import Card
from dashboard.ui.cards import cards as show_cards
from dashboard.ui.controls import choice
from dashboard.ui.page import page_header
from dashboard.ui.section import section
from dashboard.ui.shared import shared_figure

MEASURES = "dashboard/ledger/measures.py"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ANY = ""  # the filters' "all" choice

lang = state.language()
index = 0 if lang == "zh" else 1
snapshot = page_header("ledger", lang)
day = snapshot.snapshot_date
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
if "state" not in st.query_params and st.query_params.get("overdue") == "1":
    st.query_params["state"] = "overdue"
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
section(
    text("ledger.section.progress", lang),
    progress,
    query=MEASURES,
    figure=shared_figure(charts.progress_figure, progress, lang),
    caption=text("ledger.progress.caption", lang),
    empty=text("ledger.empty", lang),
    key="ledger_progress",
    lang=lang,
)
categories = measures.by_category(selected, day, lang)
by_village = measures.by_village(selected, day)
by_responsible = measures.by_responsible(selected, day)
section(
    text("ledger.section.categories", lang),
    categories,
    query=MEASURES,
    figure=shared_figure(charts.categories_figure, categories, lang),
    empty=text("ledger.empty", lang),
    key="ledger_categories",
    lang=lang,
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
    section(
        text("ledger.section.level", lang, level=LEVEL_LABELS[level][lang]),
        by_level,
        query=MEASURES,
        table=measures.readable(by_level, names, lang),
        caption=text("ledger.responsible.caption", lang),
        empty=text("ledger.empty", lang),
        key="ledger_by_level",
        lang=lang,
        expanded=True,
    )
section(
    text("ledger.section.villages", lang),
    by_village,
    query=MEASURES,
    table=measures.readable(by_village, names, lang),
    empty=text("ledger.empty", lang),
    key="ledger_villages",
    lang=lang,
    expanded=True,
)
section(
    text("ledger.section.responsible", lang),
    by_responsible,
    query=MEASURES,
    table=measures.readable(by_responsible, names, lang),
    caption=text("ledger.responsible.caption", lang),
    empty=text("ledger.empty", lang),
    key="ledger_responsible",
    lang=lang,
    expanded=True,
)

# ---------------------------------------------------------------- the list, and the Excel form
listed = measures.readable(selected, names, lang)
# The form of one village when one is chosen, else of the area shown (a town, a county …).
place = measures.place_name(names, chosen["village"] or area)
section(
    text("ledger.section.list", lang),
    selected,
    query=[MEASURES, "ledger_names"],
    table=listed,
    empty=text("ledger.empty", lang),
    key="ledger_list",
    lang=lang,
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
st.subheader(text("ledger.section.edit", lang))
if "ledger_saved" in st.session_state:  # the save of the run before this one
    st.success(text("ledger.edit.saved", lang, problem=st.session_state.pop("ledger_saved")))
editable = measures.editable_ids(selected) if ledger_access.may("record") else []
if not ledger_access.may("record"):
    st.info(text("ledger.edit.read_only", lang))
elif not editable:
    st.info(text("ledger.empty", lang))
else:
    titles = measures.problem_titles(selected, lang)
    problem_id = st.selectbox(
        text("ledger.edit.pick", lang), editable, format_func=titles.get, key="ledger_pick"
    )
    current = ledger_access.problem(problem_id)
    # The problem as this person opened it, kept across reruns: a save names its version, so a
    # change someone else saved in between is refused instead of overwritten, and the form's
    # widgets (keyed by the problem and that version, started from what was opened) keep what
    # was typed after a refused save; after a save the next version's form starts afresh.
    opened = st.session_state.setdefault(f"ledger_opened_{problem_id}", current)
    suffix = f"{problem_id}_{opened['version']}"
    assigning = ledger_access.may("assign")
    with st.form(f"ledger_edit_{suffix}"):
        st.caption(titles[problem_id])
        if assigning:  # an analyst assigns: the responsible helper and the deadline
            left, right = st.columns(2)
            # Whom to assign: the helpers answering for the problem's village (and whoever is
            # responsible now), not a province's whole roster.
            answering = state.query(
                "village_helpers", snapshot_date=day, village_code=opened["village_code"]
            )
            helpers = measures.responsible_options(
                {
                    **dict(zip(answering["helper_id"], answering["helper_name"], strict=True)),
                    **{
                        code: name
                        for code, name in choices["helper"].items()
                        if code == opened["responsible_id"]
                    },
                },
                opened["responsible_id"],
            )
            responsible = left.selectbox(
                text("ledger.edit.responsible", lang),
                [ANY, *helpers],
                index=[ANY, *helpers].index(opened["responsible_id"] or ANY),
                format_func=lambda code: (
                    text("ledger.edit.nobody", lang) if code == ANY else helpers[code]
                ),
                key=f"ledger_responsible_{suffix}",
            )
            deadline = right.date_input(
                text("ledger.edit.deadline", lang),
                opened["deadline"] and dt.date.fromisoformat(opened["deadline"]),
                format="YYYY-MM-DD",
                key=f"ledger_deadline_{suffix}",
            )
        measures_text = st.text_area(
            text("ledger.edit.measures", lang),
            opened["measures"] or "",
            key=f"ledger_measures_{suffix}",
        )
        result_text = st.text_area(
            text("ledger.edit.result", lang), opened["result"] or "", key=f"ledger_result_{suffix}"
        )
        statuses = ledger_access.status_choices(opened["status"])
        status = st.selectbox(
            text("ledger.edit.status", lang),
            statuses,
            index=statuses.index(opened["status"]),
            format_func=lambda code: STATUS_LABELS[code][index],
            key=f"ledger_status_{suffix}",
        )
        reason = (
            st.text_input(
                text("ledger.edit.reason", lang),
                opened["reason"] or "",
                key=f"ledger_reason_{suffix}",
            )
            if assigning
            else None
        )
        saved = st.form_submit_button(text("ledger.edit.save", lang))
    if saved:
        assignment = (
            {
                "responsible_id": responsible or None,
                "deadline": deadline or None,
                "reason": reason or None,
            }
            if assigning
            else {}
        )
        outcome = ledger_access.save(
            problem_id,
            version=opened["version"],
            status=status,
            on=day,
            measures=measures_text or None,
            result=result_text or None,
            **assignment,
        )
        if outcome is None:  # the lists above show the save: run the page again
            del st.session_state[f"ledger_opened_{problem_id}"]
            st.session_state["ledger_saved"] = problem_id
            st.rerun()
        st.error(outcome)
    stale = opened["version"] != current["version"]  # someone saved since: offer the latest
    if stale and st.button(text("ledger.edit.reload", lang), key=f"ledger_reload_{problem_id}"):
        del st.session_state[f"ledger_opened_{problem_id}"]
        st.rerun()

if ledger_access.may("sync"):
    with st.expander(text("ledger.section.sync", lang)):
        st.caption(text("ledger.sync.caption", lang))
        if st.button(text("ledger.sync.button", lang), key="ledger_sync"):
            result = ledger_access.sync(day)
            if isinstance(result, str):  # the ledger follows a later snapshot already
                st.error(result)
            else:
                st.success(
                    text(
                        "ledger.sync.done",
                        lang,
                        added=result.added,
                        fixed=result.fixed_in_data,
                        reopened=result.reopened,
                    )
                )

if ledger_access.may("import"):
    with st.expander(text("ledger.section.import", lang)):
        st.caption(text("ledger.import.caption", lang))
        upload = st.file_uploader(
            text("ledger.import.file", lang), type=["xlsx"], key="ledger_import_file"
        )
        if upload is not None and st.button(
            text("ledger.import.button", lang), key="ledger_import"
        ):
            written, import_problems = ledger_access.import_workbook(
                upload.getvalue(), upload.name, names, day
            )
            if import_problems:  # shown as the roster import shows its problems
                st.error(text("ledger.import.blocked", lang, errors=len(import_problems)))
                st.dataframe(
                    report.groups_frame(import_problems, lang),
                    hide_index=True,
                    key="ledger_import_problems",
                )
                st.download_button(
                    text("import.problems.download", lang),
                    problems_workbook(import_problems, lang),
                    file_name="ledger_import_problems.xlsx",
                    mime=XLSX_MIME,
                    key="ledger_import_problems_download",
                    on_click="ignore",
                )
            else:
                st.success(text("ledger.import.done", lang, count=written))

# ---------------------------------------------------------------- the exit procedure's notices
if ledger_access.may_make_notices():
    with st.expander(text("ledger.section.notice", lang)):
        st.caption(text("ledger.notice.caption", lang))
        left, middle, right = st.columns(3)
        notice_village = left.selectbox(
            text("ledger.filter.village", lang),
            list(choices["village"]),
            format_func=lambda code: choices["village"].get(code, code),
            key="notice_village",
        )
        notice_year = middle.number_input(
            text("ledger.notice.year", lang), 2014, 2030, day.year, key="notice_year"
        )
        notice_kind = right.selectbox(
            text("ledger.notice.kind", lang),
            KINDS,  # as `tuopin notice --kind`: exit, identify, monitoring (5 days)
            format_func=lambda code: text(f"ledger.notice.kind.{code}", lang),
            key="notice_kind",
        )
        left, middle, right = st.columns(3)
        notice_stage = left.selectbox(
            text("ledger.notice.stage", lang),
            ("notice", "announcement"),
            format_func=lambda code: text(f"ledger.notice.stage.{code}", lang),
            key="notice_stage",
        )
        notice_start = middle.date_input(
            text("ledger.notice.start", lang), day, key="notice_start", format="YYYY-MM-DD"
        )
        notice_phone = right.text_input(text("ledger.notice.phone", lang), key="notice_phone")
        as_pdf = st.toggle(text("ledger.notice.pdf", lang), key="notice_pdf")
        if st.button(text("ledger.notice.make", lang), key="notice_make"):
            if not notice_phone.strip():
                st.error(text("ledger.notice.need_phone", lang))
            else:
                document, title = ledger_access.notice_document(
                    notice_village,
                    int(notice_year),
                    snapshot_date=day,
                    kind=notice_kind,
                    stage=notice_stage,
                    start=notice_start,
                    phone=notice_phone,
                    pdf=as_pdf,
                )
                st.download_button(
                    text("ledger.notice.download", lang, title=title),
                    document,
                    file_name=f"{title}.{'pdf' if as_pdf else 'docx'}",
                    mime="application/pdf"
                    if as_pdf
                    else "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    key="notice_download",
                )
