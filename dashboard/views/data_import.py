"""数据导入 Import (/import): upload files, see the header mapping and the problems, then confirm.

Nothing is written until the user confirms a plan with no error. Reading, checking and writing
live in `dashboard/importer/`; the tables shown come from `dashboard/importer/report.py`.
"""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st

from dashboard.errors import TuopinError
from dashboard.formatting import format_count, format_date
from dashboard.i18n import text
from dashboard.importer import report
from dashboard.importer.departments import department_choices, department_label
from dashboard.importer.headers import KINDS
from dashboard.importer.run import already_imported, plan_mapping, plan_uploaded, write_import
from dashboard.importer.summary import problems_workbook
from dashboard.importer.templates import template_bytes, template_name
from dashboard.ui import state
from dashboard.ui.components import audited

PLAN_KEY = "import_plan"
UPLOADS_KEY = "import_uploads"  # the files as uploaded, to check them again with new columns
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

state.init_from_url()
lang = state.language()
st.title(text("import.heading", lang))
st.markdown(text("import.intro", lang, data_dir=state.data_dir()))
st.caption(text("import.admin_note", lang))

# ---------------------------------------------------------------- templates
with st.expander(text("import.templates", lang)):
    st.caption(text("import.templates.caption", lang))
    left, right = st.columns([2, 1])
    kind = left.selectbox(
        text("import.template.kind", lang),
        KINDS,
        format_func=lambda value: report._kind(value, lang),
        key="import_template_kind",
    )
    right.download_button(
        text("import.template.download", lang),
        functools.partial(template_bytes, kind),
        file_name=template_name(kind),
        mime=XLSX_MIME,
        key="import_template_download",
        on_click="ignore",
    )

# ---------------------------------------------------------------- upload and check
with st.form("import_form"):
    uploads = st.file_uploader(
        text("import.files", lang),
        type=["xlsx", "xlsm", "xls", "csv"],
        accept_multiple_files=True,
    )
    left, right = st.columns(2)
    snapshot_date = left.date_input(
        text("import.snapshot_date", lang),
        value=report.default_snapshot_date(dt.date.today()),
        format="YYYY-MM-DD",
    )
    mapping_upload = right.file_uploader(text("import.mapping", lang), type=["toml"])
    department = left.selectbox(
        text("import.department", lang),
        [None, *department_choices()],
        format_func=lambda code: (
            text("import.department.none", lang) if code is None else department_label(code, lang)
        ),
        help=text("import.department.help", lang),
        key="import_department",
    )
    force = st.checkbox(text("import.force", lang))
    checked = st.form_submit_button(text("import.check", lang), type="primary")

if checked:
    if not uploads:
        st.warning(text("import.no_files", lang))
        st.session_state.pop(PLAN_KEY, None)
    else:
        with st.status(text("import.checking", lang)) as status:
            try:
                st.session_state[UPLOADS_KEY] = [
                    (upload.name, upload.getvalue()) for upload in uploads
                ]
                st.session_state[PLAN_KEY] = plan_uploaded(
                    st.session_state[UPLOADS_KEY],
                    snapshot_date,
                    (mapping_upload.name, mapping_upload.getvalue()) if mapping_upload else None,
                    progress=lambda step: status.update(
                        label=text("import.progress", lang, step=step.strip())
                    ),
                    data_dir=state.data_dir(),
                    department=department,
                )
                status.update(label=text("import.checking", lang), state="complete")
            except TuopinError as error:
                st.session_state.pop(PLAN_KEY, None)
                status.update(state="error")
                st.error(error.message(lang))

plan = st.session_state.get(PLAN_KEY)
if plan is None:
    st.stop()

# ---------------------------------------------------------------- what was found
st.subheader(text("import.summary", lang))
files, errors, warnings, people = st.columns(4)
files.metric(text("import.metric.files", lang), format_count(len(plan.sources)), border=True)
errors.metric(text("import.metric.errors", lang), format_count(len(plan.errors)), border=True)
warnings.metric(text("import.metric.warnings", lang), format_count(len(plan.warnings)), border=True)
people.metric(
    text("import.metric.members", lang),
    format_count(plan.row_counts().get("members", 0)),
    border=True,
)

if plan.files:
    st.subheader(text("import.section.files", lang))
    st.dataframe(report.files_frame(plan, lang), hide_index=True)
    st.subheader(text("import.section.mapping", lang))
    st.caption(text("import.mapping.caption", lang))
    if plan.guesses:
        st.warning(text("import.guesses", lang, count=format_count(len(plan.guesses))))
    edited = {}
    for number, parsed in enumerate(plan.files):
        label = f"{parsed.name}" + (f" [{parsed.sheet}]" if parsed.sheet else "")
        unsure = any(match.unsure for match in parsed.matches)
        with st.expander(f"{label} — {report._kind(parsed.kind, lang)}", expanded=unsure):
            edited[(parsed.name, parsed.kind)] = st.data_editor(
                report.editable_mapping_frame(parsed, lang),
                hide_index=True,
                disabled=["header", "how", "confidence", "values"],
                column_config={
                    "header": st.column_config.TextColumn(text("import.col.header", lang)),
                    "use_as": st.column_config.SelectboxColumn(
                        text("import.col.use_as", lang),
                        options=report.field_choices(parsed.kind, lang),
                        required=True,
                    ),
                    "how": st.column_config.TextColumn(text("import.col.how", lang)),
                    "confidence": st.column_config.TextColumn(text("import.col.confidence", lang)),
                    "values": st.column_config.TextColumn(text("import.col.values", lang)),
                },
                key=f"map-{number}",
            )
    left, right = st.columns(2)
    if UPLOADS_KEY in st.session_state and left.button(
        text("import.mapping.apply", lang), key="import_apply_mapping"
    ):
        with st.spinner(text("import.checking", lang)):
            plan = plan_uploaded(
                st.session_state[UPLOADS_KEY],
                plan.snapshot_date,
                report.mapping_from_choices(edited, lang),
                data_dir=state.data_dir(),
                department=plan.department,
            )
        st.session_state[PLAN_KEY] = plan
        st.rerun()
    right.download_button(
        text("import.mapping.download", lang),
        plan_mapping(plan),
        file_name="mapping.toml",
        mime="application/toml",
        key="import_mapping_download",
        on_click="ignore",
    )
    if plan.base is not None and plan.tables is not None:
        st.info(
            text(
                "import.carried_over",
                lang,
                date=format_date(plan.base.snapshot_date, lang),
                records=format_count(plan.carried_records),
                added=format_count(plan.added_records),
            )
        )
    for table, columns in plan.not_in_source.items():
        st.info(
            text("import.not_in_source", lang, columns=", ".join(f"{table}.{c}" for c in columns))
        )

st.subheader(text("import.section.problems", lang))
st.caption(text("import.problems.caption", lang))
problems = report.summary_frame(plan, lang, suggestions=False)
if problems.empty:
    st.success(text("import.no_problems", lang))
else:
    st.dataframe(problems, hide_index=True, key="import_problems")
if plan.problems:
    st.download_button(
        text("import.problems.download", lang),
        audited(
            functools.partial(problems_workbook, plan.errors + plan.warnings, lang),
            "download",
            what="import_problems",
            format="xlsx",
            rows=len(plan.errors) + len(plan.warnings),
        ),
        file_name="import_problems.xlsx",
        mime=XLSX_MIME,
        key="import_problems_download",
        on_click="ignore",
    )
suggestions = report.summary_frame(plan, lang, suggestions=True)
if not suggestions.empty:
    st.subheader(text("import.section.suggestions", lang))
    st.caption(text("import.suggestions.caption", lang))
    st.dataframe(suggestions, hide_index=True, key="import_suggestions")

if plan.tables is not None:
    left, right = st.columns([1, 3])
    with left:
        st.subheader(text("import.section.tables", lang))
        st.dataframe(report.tables_frame(plan, lang), hide_index=True)
    with right:
        st.subheader(text("import.section.derived", lang))
        st.caption(text("import.derived.caption", lang))
        st.dataframe(report.derived_frame(plan, lang), hide_index=True, width="stretch")

# ---------------------------------------------------------------- confirm
date_shown = format_date(plan.snapshot_date, lang)
if not plan.ok:
    st.error(text("import.blocked", lang, errors=format_count(len(plan.errors))))
    st.stop()
if plan.guesses:  # nothing is written while a column is only a guess
    st.stop()
earlier = already_imported(state.data_dir(), plan)
if earlier is not None:
    st.info(
        text(
            "import.already",
            lang,
            date=format_date(earlier.snapshot_date, lang),
            written=earlier.manifest.get("written_at", "")[:19],
        )
    )
    st.stop()
st.success(text("import.ready", lang, date=date_shown))
confirm_label = (
    text("import.confirm_suggestions", lang, count=format_count(len(suggestions)))
    if not suggestions.empty
    else text("import.confirm", lang)
)
if st.button(confirm_label, type="primary", key="import_confirm"):
    try:
        written = write_import(state.data_dir(), plan, replace=force)
    except TuopinError as error:
        st.error(error.message(lang))
    else:
        st.session_state.pop(PLAN_KEY, None)
        st.session_state.pop(UPLOADS_KEY, None)
        st.success(text("import.done", lang, date=date_shown, path=written.path))
