"""The definitions page (/definitions) and the way back from a number to its query file.

Every section names its query file in its data expander and links to /definitions, which draws
the definitions `docs/definitions.md` is written from; both driven headless with AppTest.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import definitions
from dashboard.ui.section import DEFINITIONS_URL, query_files, source_note

ROOT = Path(__file__).resolve().parents[2]
VIEWS = ROOT / "dashboard" / "views"
TIMEOUT_SECONDS = 60
QUERY_FILE = re.compile(r"`(queries/[a-z0-9_/]+\.sql)`")


def open_page(monkeypatch: pytest.MonkeyPatch, data_dir: Path, page: str, lang: str = "zh"):
    """Run one page on its own (`app.py`: the whole app, which opens on the overview)."""
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    path = ROOT / "dashboard" / "app.py" if page == "app.py" else VIEWS / page
    app = AppTest.from_file(str(path), default_timeout=TIMEOUT_SECONDS)
    app.query_params["lang"] = lang
    return app.run()


def test_the_definitions_page_draws_every_definition_under_its_anchor(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir, "definitions.py", lang="en")
    assert not app.exception
    every = definitions.definitions()
    headings = {heading.proto.anchor: heading.value for heading in app.subheader}
    assert set(headings) == {item.definition_id for item in every}
    assert headings["helper_load"].startswith("每名帮扶责任人帮扶3至5户")
    body = "\n".join(block.value for block in app.markdown)
    rule = next(item for item in every if item.definition_id == "child_out_of_school")
    assert rule.rule_en in body  # the English wording, as in docs/definitions.md
    assert "](#household_facts)" in body  # the index links to the anchors
    assert any("create or replace macro" in block.value.lower() for block in app.code)


def test_the_document_holds_what_the_page_draws():
    """The page and docs/definitions.md come from one source: every rule's text is in both."""
    document = definitions.DOCUMENT_PATH.read_text(encoding="utf-8")
    for item in definitions.definitions():
        assert f'<a id="{item.definition_id}"></a>' in document
        assert item.rule_zh in document and item.rule_en in document


def test_a_query_name_becomes_its_file_and_a_path_stays_as_written():
    assert query_files("industry_totals") == ["queries/industry_totals.sql"]
    assert query_files(["a", "queries/checks/*.sql", "dashboard/attention.py"]) == [
        "queries/a.sql",
        "queries/checks/*.sql",
        "dashboard/attention.py",
    ]
    note = source_note("industry_totals", "en")
    assert "`queries/industry_totals.sql`" in note and f"]({DEFINITIONS_URL})" in note


def test_every_industry_section_names_an_existing_query_file(monkeypatch, demo_dir):
    """From the funding card to its SQL in one hop: the page names the files it reads."""
    app = open_page(monkeypatch, demo_dir, "industry.py")
    assert not app.exception
    notes = [caption.value for caption in app.caption if "queries/" in caption.value]
    named = {path for note in notes for path in QUERY_FILE.findall(note)}
    assert "queries/industry_totals.sql" in named  # under the key-number cards
    assert {"queries/industry_by_batch.sql", "queries/industry_items.sql"} <= named
    assert all((ROOT / path).is_file() for path in named), named
    assert all(f"]({DEFINITIONS_URL})" in note for note in notes)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("programs.py", "queries/report_figures.sql"),
        ("helper_accountability.py", "queries/visits_by_village.sql"),
        ("progress.py", "queries/exit_progress_by_year.sql"),
        ("app.py", "queries/household_totals.sql"),  # the overview, linking to other pages
    ],
)
def test_pages_name_their_query_files(monkeypatch, demo_dir, page, expected):
    app = open_page(monkeypatch, demo_dir, page)
    assert not app.exception
    named = {path for caption in app.caption for path in QUERY_FILE.findall(caption.value)}
    assert expected in named
    assert all((ROOT / path).is_file() for path in named), named


def test_the_sql_schema_panel_offers_the_staging_views_and_links_the_definitions(
    monkeypatch, demo_dir
):
    app = open_page(monkeypatch, demo_dir, "sql_console.py", lang="en")
    assert not app.exception
    panel = "\n".join(block.value for block in (*app.markdown, *app.caption))
    for view in ("household_facts", "member_facts", "village_areas"):
        assert f"[`{view}`]({DEFINITIONS_URL}#{view})" in panel
    assert f"[definitions]({DEFINITIONS_URL})" in panel
