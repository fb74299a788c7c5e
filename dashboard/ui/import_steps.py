"""The import page's parts (/import): the templates, the upload form, the check, the header
mapping to correct, the problems and the confirmation. What each says comes from
`dashboard/importer/steps.py` and `dashboard/importer/report.py`; reading, checking and writing
from `dashboard/importer/run.py`. The plan and the uploaded files live in the session between
runs (`PLAN_KEY`, `UPLOADS_KEY`), so correcting a column checks the same files again.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import streamlit as st

from dashboard.errors import TuopinError
from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.importer import report, steps
from dashboard.importer.departments import department_choices, department_label
from dashboard.importer.headers import KINDS
from dashboard.importer.run import (
    ImportPlan,
    already_imported,
    plan_mapping,
    plan_uploaded,
    write_import,
)
from dashboard.importer.summary import problems_workbook
from dashboard.importer.templates import template_bytes, template_name
from dashboard.ui.components import audited
from dashboard.ui.file_buttons import file_button

PLAN_KEY = "import_plan"
UPLOADS_KEY = "import_uploads"  # the files as uploaded, to check them again with new columns
UPLOAD_TYPES = ["xlsx", "xlsm", "xls", "csv"]
MAPPING_FIXED = ["header", "how", "confidence", "values"]  # the mapping columns not edited


def templates(lang: str) -> None:
    """An empty workbook per kind of list, to fill in and upload."""
    with st.expander(text("import.templates", lang)):
        st.caption(text("import.templates.caption", lang))
        left, right = st.columns([2, 1])
        kind = left.selectbox(
            text("import.template.kind", lang),
            KINDS,
            format_func=lambda value: report._kind(value, lang),
            key="import_template_kind",
        )
        file_button(
            "xlsx",
            text("import.template.download", lang),
            functools.partial(template_bytes, kind),
            template_name(kind),
            key="import_template_download",
            place=right,
        )


class Upload(NamedTuple):
    """The form: whether "check" was pressed now, the files, the snapshot's date, a mapping
    file, the department whose lists these are, whether to replace an import of that date."""

    checked: bool
    files: list[Any]
    snapshot_date: dt.date
    mapping: Any
    department: str | None
    force: bool


def upload_form(lang: str) -> Upload:
    """The upload form, as it stands (a form's widgets keep their values between runs)."""
    with st.form("import_form"):
        files = st.file_uploader(
            text("import.files", lang), type=UPLOAD_TYPES, accept_multiple_files=True
        )
        left, right = st.columns(2)
        snapshot_date = left.date_input(
            text("import.snapshot_date", lang),
            value=report.default_snapshot_date(dt.date.today()),
            format="YYYY-MM-DD",
        )
        mapping = right.file_uploader(text("import.mapping", lang), type=["toml"])
        department = left.selectbox(
            text("import.department", lang),
            [None, *department_choices()],
            format_func=lambda code: (
                text("import.department.none", lang)
                if code is None
                else department_label(code, lang)
            ),
            help=text("import.department.help", lang),
            key="import_department",
        )
        force = st.checkbox(text("import.force", lang))
        checked = st.form_submit_button(text("import.check", lang), type="primary")
    return Upload(checked, files, snapshot_date, mapping, department, force)


def check(upload: Upload, data_dir: Path, lang: str) -> None:
    """Read and check the uploaded files into a plan kept in the session (none on an error,
    said in the reader's language), each step shown as it runs."""
    if not upload.files:
        st.warning(text("import.no_files", lang))
        st.session_state.pop(PLAN_KEY, None)
        return
    with st.status(text("import.checking", lang)) as status:
        try:
            st.session_state[UPLOADS_KEY] = [(file.name, file.getvalue()) for file in upload.files]
            mapping = upload.mapping
            st.session_state[PLAN_KEY] = plan_uploaded(
                st.session_state[UPLOADS_KEY],
                upload.snapshot_date,
                (mapping.name, mapping.getvalue()) if mapping else None,
                progress=lambda step: status.update(
                    label=text("import.progress", lang, step=step.strip())
                ),
                data_dir=data_dir,
                department=upload.department,
            )
            status.update(label=text("import.checking", lang), state="complete")
        except TuopinError as error:
            st.session_state.pop(PLAN_KEY, None)
            status.update(state="error")
            st.error(error.message(lang))


def _mapping_columns(kind: str, lang: str) -> dict[str, object]:
    """The mapping editor's columns: only "use as" is chosen, from the kind's fields."""
    config = {
        name: st.column_config.TextColumn(text(f"import.col.{name}", lang))
        for name in MAPPING_FIXED
    }
    config["use_as"] = st.column_config.SelectboxColumn(
        text("import.col.use_as", lang), options=report.field_choices(kind, lang), required=True
    )
    return {name: config[name] for name in ("header", "use_as", "how", "confidence", "values")}


def mapping(plan: ImportPlan, data_dir: Path, lang: str) -> None:
    """The files found and how each header was read, one editor per file; "apply" checks the
    same files again with the corrected columns, and the mapping downloads as TOML."""
    st.subheader(text("import.section.files", lang))
    st.dataframe(report.files_frame(plan, lang), hide_index=True)
    st.subheader(text("import.section.mapping", lang))
    st.caption(text("import.mapping.caption", lang))
    if plan.guesses:
        st.warning(text("import.guesses", lang, count=format_count(len(plan.guesses))))
    edited = {}
    for number, parsed in enumerate(plan.files):
        with st.expander(steps.file_heading(parsed, lang), expanded=steps.needs_a_look(parsed)):
            edited[(parsed.name, parsed.kind)] = st.data_editor(
                report.editable_mapping_frame(parsed, lang),
                hide_index=True,
                disabled=MAPPING_FIXED,
                column_config=_mapping_columns(parsed.kind, lang),
                key=f"map-{number}",
            )
    left, right = st.columns(2)
    if UPLOADS_KEY in st.session_state and left.button(
        text("import.mapping.apply", lang), key="import_apply_mapping"
    ):
        with st.spinner(text("import.checking", lang)):
            st.session_state[PLAN_KEY] = plan_uploaded(
                st.session_state[UPLOADS_KEY],
                plan.snapshot_date,
                report.mapping_from_choices(edited, lang),
                data_dir=data_dir,
                department=plan.department,
            )
        st.rerun()
    file_button(
        "toml",
        text("import.mapping.download", lang),
        plan_mapping(plan),
        "mapping.toml",
        key="import_mapping_download",
        place=right,
    )
    for note in steps.source_notes(plan, lang):
        st.info(note)


def problems(plan: ImportPlan, lang: str) -> pd.DataFrame:
    """The problems found (with a workbook of every one), then the suggested defaults;
    returns the suggestions, which confirming accepts."""
    st.subheader(text("import.section.problems", lang))
    st.caption(text("import.problems.caption", lang))
    found = report.summary_frame(plan, lang, suggestions=False)
    if found.empty:
        st.success(text("import.no_problems", lang))
    else:
        st.dataframe(found, hide_index=True, key="import_problems")
    if plan.problems:
        listed = plan.errors + plan.warnings
        file_button(
            "xlsx",
            text("import.problems.download", lang),
            audited(
                functools.partial(problems_workbook, listed, lang),
                "download",
                what="import_problems",
                format="xlsx",
                rows=len(listed),
            ),
            "import_problems.xlsx",
            key="import_problems_download",
        )
    suggestions = report.summary_frame(plan, lang, suggestions=True)
    if not suggestions.empty:
        st.subheader(text("import.section.suggestions", lang))
        st.caption(text("import.suggestions.caption", lang))
        st.dataframe(suggestions, hide_index=True, key="import_suggestions")
    return suggestions


def tables(plan: ImportPlan, lang: str) -> None:
    """The rows each table will hold, and what was derived from them."""
    left, right = st.columns([1, 3])
    with left:
        st.subheader(text("import.section.tables", lang))
        st.dataframe(report.tables_frame(plan, lang), hide_index=True)
    with right:
        st.subheader(text("import.section.derived", lang))
        st.caption(text("import.derived.caption", lang))
        st.dataframe(report.derived_frame(plan, lang), hide_index=True, width="stretch")


SAY = {"error": st.error, "info": st.info, "success": st.success}


def confirm(plan: ImportPlan, data_dir: Path, suggestions: int, force: bool, lang: str) -> None:
    """Where the plan stands and, when it may be written, the button that writes it (then the
    session forgets the plan and its files)."""
    earlier = already_imported(data_dir, plan) if steps.may_be_written(plan) else None
    where = steps.confirmation(plan, earlier, suggestions, lang)
    if where.kind is not None:
        SAY[where.kind](where.sentence)
    if where.button is None or not st.button(where.button, type="primary", key="import_confirm"):
        return
    try:
        written = write_import(data_dir, plan, replace=force)
    except TuopinError as error:
        st.error(error.message(lang))
    else:
        st.session_state.pop(PLAN_KEY, None)
        st.session_state.pop(UPLOADS_KEY, None)
        st.success(steps.done(plan, written.path, lang))
