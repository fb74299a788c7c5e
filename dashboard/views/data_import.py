"""数据导入 Import (/import): upload files, see the header mapping and the problems, then confirm.

Nothing is written until the user confirms a plan with no error. Reading, checking and writing
live in `dashboard/importer/` (the steps a plan goes through in `importer/steps.py`); the
tables shown come from `dashboard/importer/report.py`; the page's parts are
`dashboard/ui/import_steps.py`.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import text
from dashboard.importer import steps
from dashboard.ui import import_steps, state
from dashboard.ui.cards import cards

state.init_from_url()
lang = state.language()
data_dir = state.data_dir()
st.title(text("import.heading", lang))
st.markdown(text("import.intro", lang, data_dir=data_dir))
st.caption(text("import.admin_note", lang))

# ---------------------------------------------------------------- templates, upload and check
import_steps.templates(lang)
upload = import_steps.upload_form(lang)
if upload.checked:
    import_steps.check(upload, data_dir, lang)
plan = st.session_state.get(import_steps.PLAN_KEY)
if plan is None:
    st.stop()

# ---------------------------------------------------------------- what was found
st.subheader(text("import.summary", lang))
cards(steps.summary_cards(plan, lang), query=None, lang=lang)
if plan.files:
    import_steps.mapping(plan, data_dir, lang)
suggestions = import_steps.problems(plan, lang)
if plan.tables is not None:
    import_steps.tables(plan, lang)

# ---------------------------------------------------------------- confirm
import_steps.confirm(plan, data_dir, len(suggestions), upload.force, lang)
