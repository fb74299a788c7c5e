"""The ledger page's forms (/ledger): record a problem's measures and result (and, for who
assigns, its helper and deadline), follow a new snapshot, import the town's Excel form back, and
make the exit procedure's notices. Each draws itself only for who may use it
(`ui/ledger_access.py`); the page lists them under its numbers and lists.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import streamlit as st

from dashboard.i18n import text
from dashboard.importer import report
from dashboard.importer.summary import problems_workbook
from dashboard.ledger import measures
from dashboard.ledger.excel import ledger_table, ledger_workbook
from dashboard.ledger.store import STATUS_LABELS
from dashboard.measures import ledger as page_measures
from dashboard.notices import KINDS
from dashboard.ui import ledger_access, state
from dashboard.ui.file_buttons import file_button

ANY = ""  # a select box's "nobody" choice


def excel_form(
    selected: pd.DataFrame, names: pd.DataFrame, place: str, day: dt.date, lang: str
) -> None:
    """The town's Excel form of the problems `selected`, titled for `place` (a village, or
    the area shown) on `day`: made when its button is clicked."""
    file_button(
        "xlsx",
        text("ledger.download_form", lang),
        functools.partial(
            ledger_workbook,
            ledger_table(selected, names),
            page_measures.form_title(place, day, lang),
        ),
        page_measures.form_file_name(place, day),
        key="ledger_form",
    )


def edit_form(
    selected: pd.DataFrame, helper_names: dict[str, str], day: dt.date, lang: str
) -> None:
    """Pick one of the problems listed and record its measures, result and status; an analyst
    also assigns its helper and deadline. `helper_names` are the helpers the ledger mentions
    (`measures.filter_choices(...)["helper"]`)."""
    index = 0 if lang == "zh" else 1
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
                            for code, name in helper_names.items()
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
                text("ledger.edit.result", lang),
                opened["result"] or "",
                key=f"ledger_result_{suffix}",
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


def sync_panel(day: dt.date, lang: str) -> None:
    """Follow the snapshot `day`: problems the data shows fixed, new and reopened."""
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


def import_panel(names: pd.DataFrame, day: dt.date, lang: str) -> None:
    """Read the town's Excel form back into the ledger, or show why not, row by row."""
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
                    file_button(
                        "xlsx",
                        text("import.problems.download", lang),
                        problems_workbook(import_problems, lang),
                        "ledger_import_problems.xlsx",
                        key="ledger_import_problems_download",
                    )
                else:
                    st.success(text("ledger.import.done", lang, count=written))


def notice_panel(villages: dict[str, str], day: dt.date, lang: str) -> None:
    """Make an exit procedure's notice or announcement for one village (Word or PDF)."""
    if ledger_access.may_make_notices():
        with st.expander(text("ledger.section.notice", lang)):
            st.caption(text("ledger.notice.caption", lang))
            left, middle, right = st.columns(3)
            notice_village = left.selectbox(
                text("ledger.filter.village", lang),
                list(villages),
                format_func=lambda code: villages.get(code, code),
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
