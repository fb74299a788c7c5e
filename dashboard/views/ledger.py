"""整改台账 Rectification ledger (/ledger): problems found, who fixes them by when, and how.

The ledger is `dashboard/ledger/` (its store, its measures as of the snapshot's date, the
town's Excel form); its figures are `dashboard/charts/ledger.py`; names beside codes come from
`queries/ledger_names.sql`, masked as the viewer may see them. The filters (?village=,
?responsible=, ?category=, ?status=, ?overdue=1) live in the URL. This module reads the
choices and lists the sections.
"""

from __future__ import annotations

import functools

import streamlit as st

from dashboard.charts import ledger as charts
from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.ledger import measures
from dashboard.ledger.excel import ledger_table, ledger_workbook
from dashboard.ledger.store import CATEGORIES, CATEGORY_LABELS, STATUS_LABELS, STATUSES
from dashboard.ui import ledger_access, state
from dashboard.ui.page import page_header
from dashboard.ui.section import section, sources

MEASURES = "dashboard/ledger/measures.py"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ANY = ""  # the filters' "all" choice

lang = state.language()
index = 0 if lang == "zh" else 1
snapshot = page_header("ledger", lang)
day = snapshot.snapshot_date
problems = ledger_access.problems()
names = state.query("ledger_names", snapshot_date=day)
choices = measures.filter_choices(names)

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
    key = f"ledger_{name}"
    state.seed_from_url(key, options, ANY, parameter=name)
    chosen[name] = column.selectbox(
        text(f"ledger.filter.{name}", lang),
        options,
        format_func=lambda code, label=label: (
            text("ledger.filter.all", lang) if code == ANY else label(code)
        ),
        key=key,
    )
    st.query_params[name] = chosen[name]
state.seed_from_url("ledger_overdue", ("1", "0"), "0", parameter="overdue")
overdue_only = filters[-1].toggle(
    text("ledger.filter.overdue", lang), value=st.session_state["ledger_overdue"] == "1"
)
st.query_params["overdue"] = "1" if overdue_only else "0"

selected = measures.select(
    problems,
    day,
    village_code=chosen["village"] or None,
    responsible_id=chosen["responsible"] or None,
    category=chosen["category"] or None,
    status=chosen["status"] or None,
    overdue_only=overdue_only,
)
cards = measures.cards(selected, day)

# ---------------------------------------------------------------- the numbers
for column, name in zip(
    st.columns(4), ("total", "open", "overdue", "fixed_this_month"), strict=True
):
    column.metric(text(f"ledger.card.{name}", lang), format_count(cards[name]))
sources(MEASURES, lang)

progress = measures.progress(selected, day)
section(
    text("ledger.section.progress", lang),
    progress,
    query=MEASURES,
    figure=lambda: charts.progress_figure(progress, lang),
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
    figure=lambda: charts.categories_figure(categories, lang),
    empty=text("ledger.empty", lang),
    key="ledger_categories",
    lang=lang,
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
        text("ledger.form_title", lang, date=day.isoformat()),
    ),
    file_name=f"整改台账_{day.isoformat()}.xlsx",
    mime=XLSX_MIME,
    key="ledger_form",
    on_click="ignore",
)

# ---------------------------------------------------------------- record measures and results
st.subheader(text("ledger.section.edit", lang))
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
    # The version this person opened, kept across reruns: a save names it, so a change someone
    # else saved in between is refused instead of overwritten.
    opened = st.session_state.setdefault(f"ledger_opened_{problem_id}", current["version"])
    with st.form(f"ledger_edit_{problem_id}_{opened}"):
        st.caption(titles[problem_id])
        measures_text = st.text_area(text("ledger.edit.measures", lang), current["measures"] or "")
        result_text = st.text_area(text("ledger.edit.result", lang), current["result"] or "")
        status = st.selectbox(
            text("ledger.edit.status", lang),
            STATUSES,
            index=STATUSES.index(current["status"]),
            format_func=lambda code: STATUS_LABELS[code][index],
        )
        reason = st.text_input(text("ledger.edit.reason", lang), current["reason"] or "")
        saved = st.form_submit_button(text("ledger.edit.save", lang))
    if saved:
        outcome = ledger_access.save(
            problem_id,
            version=opened,
            status=status,
            on=day,
            measures=measures_text or None,
            result=result_text or None,
            reason=reason or None,
        )
        if outcome is None:
            st.session_state[f"ledger_opened_{problem_id}"] = opened + 1
            st.success(text("ledger.edit.saved", lang, problem=problem_id))
        else:
            st.error(outcome)
            if st.button(text("ledger.edit.reload", lang), key=f"ledger_reload_{problem_id}"):
                del st.session_state[f"ledger_opened_{problem_id}"]
                st.rerun()

if ledger_access.may("sync"):
    with st.expander(text("ledger.section.sync", lang)):
        st.caption(text("ledger.sync.caption", lang))
        if st.button(text("ledger.sync.button", lang), key="ledger_sync"):
            result = ledger_access.sync(day)
            st.success(
                text(
                    "ledger.sync.done",
                    lang,
                    added=result.added,
                    fixed=result.fixed_in_data,
                    reopened=result.reopened,
                )
            )

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
            ("exit", "identify"),
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
