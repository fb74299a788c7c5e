"""The presentation mode's notes and downloads (/present): the problems and next steps written
for a period and scope, the narrative to edit, and the deck (.pptx, .pdf), the narrative
(.docx, .md) and the charts (.png) to take away, each recorded in the audit log when made.
"""

from __future__ import annotations

import functools

import streamlit as st

from dashboard.errors import TuopinError
from dashboard.evaluation import deck, images, narrative, notes, pdf
from dashboard.evaluation.figures import EvaluationFigures
from dashboard.evaluation.period import parse_period
from dashboard.evaluation.slides import Slide, build_slides
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.components import audited

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def deck_pdf(slides: list[Slide], data_dir, lang: str) -> bytes:
    """The deck as PDF through LibreOffice; made only when the button is clicked."""
    return pdf.deck_to_pdf(deck.build_deck(slides, deck.map_renderer(data_dir, lang)))


def notes_and_downloads(
    figures: EvaluationFigures,
    written: dict[str, str],
    period_code: str,
    scope: str,
    village_code: str | None,
    lang: str,
) -> None:
    """The notes of `period_code` and `scope` (saved beside the data), the narrative built from
    `figures` and them, and the downloads of the deck and the narrative."""
    st.divider()
    st.header(text("evaluation.downloads", lang))
    period = parse_period(period_code)
    scope_key = f"{period_code}-{scope}-{lang}"
    notes_left, notes_right = st.columns(2)
    problems = notes_left.text_area(
        text("evaluation.problems_label", lang),
        value=written["problems"],
        height=180,
        key=f"problems-{scope_key}",
    )
    next_steps = notes_right.text_area(
        text("evaluation.next_steps_label", lang),
        value=written["next_steps"],
        height=180,
        key=f"next-{scope_key}",
    )
    if st.button(text("evaluation.save_notes", lang), key=f"save-{scope_key}"):
        try:
            saved = notes.save_notes(state.data_dir(), period, village_code, problems, next_steps)
            st.success(text("evaluation.notes_saved", lang, path=saved))
            st.rerun()
        except TuopinError as problem:
            st.error(problem.message(lang))

    current_notes = {"problems": problems, "next_steps": next_steps}
    edited = st.text_area(
        text("evaluation.narrative_edit", lang),
        value=narrative.build_narrative(figures, lang, current_notes),
        height=420,
        key=f"narrative-{scope_key}",
    )
    stem = f"tuopin_{period_code}_{scope}"
    slides_with_notes = build_slides(figures, lang, current_notes)
    first, second, third = st.columns(3)
    first.download_button(
        text("evaluation.download_pptx", lang),
        audited(
            functools.partial(
                deck.build_deck, slides_with_notes, deck.map_renderer(state.data_dir(), lang)
            ),
            "deck.made",
            what=stem,
            format="pptx",
            slides=len(slides_with_notes),
        ),
        file_name=f"{stem}.pptx",
        mime=PPTX_MIME,
        key=f"pptx-{scope_key}",
        on_click="ignore",
    )
    second.download_button(
        text("evaluation.download_docx", lang),
        audited(
            functools.partial(narrative.to_docx, edited), "narrative.made", what=stem, format="docx"
        ),
        file_name=f"{stem}.docx",
        mime=DOCX_MIME,
        key=f"docx-{scope_key}",
        on_click="ignore",
    )
    third.download_button(
        text("evaluation.download_md", lang),
        audited(lambda: edited.encode("utf-8"), "narrative.made", what=stem, format="md"),
        file_name=f"{stem}.md",
        mime="text/markdown",
        key=f"md-{scope_key}",
        on_click="ignore",
    )
    fourth, fifth = st.columns(2)
    if pdf.soffice_available():
        fourth.download_button(
            text("evaluation.download_pdf", lang),
            audited(
                functools.partial(deck_pdf, slides_with_notes, state.data_dir(), lang),
                "deck.made",
                what=stem,
                format="pdf",
                slides=len(slides_with_notes),
            ),
            file_name=f"{stem}.pdf",
            mime="application/pdf",
            key=f"pdf-{scope_key}",
            on_click="ignore",
        )
    else:
        fourth.info(text("evaluation.pdf_unavailable", lang))
    fifth.download_button(
        text("evaluation.download_png", lang),
        audited(
            functools.partial(images.chart_images, slides_with_notes, state.data_dir(), lang),
            "export",
            what=f"{stem}_charts",
            format="png",
        ),
        file_name=f"{stem}_charts.zip",
        mime="application/zip",
        key=f"png-{scope_key}",
        on_click="ignore",
    )
