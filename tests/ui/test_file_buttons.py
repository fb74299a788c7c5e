"""Download buttons (`dashboard/ui/file_buttons.py`) on a page run with AppTest: each kind of
file gets its type and name, and a kind it does not know stops with a clear error."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def buttons_page() -> None:
    import streamlit as st

    from dashboard.ui.file_buttons import file_button

    left, right = st.columns(2)
    file_button("xlsx", "Workbook", lambda: b"x", "form.xlsx", key="form", place=left)
    file_button("csv", "Table", b"a,b\n", "table.csv", key="table", place=right, help="rows")
    try:
        file_button("pdf", "Deck", b"", "deck.pdf", key="deck")
    except ValueError as error:
        st.error(str(error))


def test_each_kind_gets_its_type_and_an_unknown_kind_is_refused():
    app = AppTest.from_function(buttons_page).run()
    assert not app.exception
    buttons = {button.proto.label: button.proto for button in app.get("download_button")}
    assert set(buttons) == {"Workbook", "Table"}
    assert buttons["Table"].help == "rows"
    assert "pdf" in app.error[0].value and "xlsx" in app.error[0].value
