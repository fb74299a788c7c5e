"""口径定义 Definitions: the text of `docs/definitions.md`, served by the app itself.

The app serves no files from `docs/`, and it must work offline, so every "definitions" link
(the data expander of each section, the /sql schema panel) opens this page: it draws the same
definitions `docs/definitions.md` is written from (`dashboard.definitions.definitions()`, read
from `queries/definitions/*.sql` and `queries/staging/*.sql`), each under an anchor of its id (`/definitions#age`).
"""

from __future__ import annotations

import streamlit as st

from dashboard import definitions
from dashboard.i18n import text
from dashboard.ui import state

lang = state.language()
st.title(text("definitions.heading", lang))
st.caption(text("definitions.intro", lang))

every = definitions.definitions()
st.markdown(
    "\n".join(
        f"- [`{item.definition_id}`](#{item.definition_id}) {item.name_zh} · {item.name_en}"
        for item in every
    )
)
for item in every:
    st.subheader(f"{item.name_zh} · {item.name_en}", anchor=item.definition_id)
    st.markdown(
        "\n".join(
            [
                f"- **{text('definitions.rule', lang)}**: "
                + (item.rule_zh if lang == "zh" else item.rule_en),
                f"- **{text('definitions.source', lang)}**: {item.source} "
                f"({text(f'definitions.source.{item.source_kind}', lang)})",
                f"- **{text('definitions.in_sql', lang)}**: "
                f"`{item.location}` · `{item.definition_id}`",
            ]
        )
    )
    if item.sql:
        st.code(item.sql, language="sql")
