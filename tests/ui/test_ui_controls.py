"""The controls of `dashboard/ui/controls.py` in a real Streamlit script run (AppTest).

Each test drives the control the way a reader does: a first run from a URL, a click, a
second run, and reads what the URL and the returned value say.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest


def measure_page() -> None:
    import streamlit as st

    from dashboard.ui.controls import measure_toggle

    chosen = measure_toggle(
        "计数", ("households", "people"), key="m", default="households", format_func=str.upper
    )
    st.markdown(f"chosen={chosen}")


def page_measure_page() -> None:
    import streamlit as st

    from dashboard.ui.controls import page_measure

    lang = st.query_params.get("lang", "zh")
    chosen = page_measure("programs", lang, ("yuan", "households", "people"), default="yuan")
    st.markdown(f"chosen={chosen} kept={st.session_state['programs_measure']}")


def window_page() -> None:
    import streamlit as st

    from dashboard.ui.controls import choice

    chosen = choice("窗口", (30, 60, 90), key="w", default=30, parameter="window")
    st.markdown(f"chosen={chosen!r}")


def village_page() -> None:
    import streamlit as st

    from dashboard.ui.controls import choice

    chosen = choice(
        "村",
        [None, "V1", "V2"],
        key="village",
        default=None,
        format_func=lambda code: code or "（选择村）",
    )
    st.markdown(f"chosen={chosen!r}")


def kept_page() -> None:
    import streamlit as st

    from dashboard.ui.controls import kept_in_url

    if st.button("pick H2"):
        st.session_state["chosen_household"] = "H2"
    st.markdown(f"kept={kept_in_url('chosen_household', 'household')!r}")


def state_page() -> None:
    import streamlit as st

    from dashboard.ui.controls import choice, older_link

    older_link("overdue", "1", means=("state", "overdue"))
    chosen = choice("状态", ["", "open", "overdue"], key="s", default="", parameter="state")
    st.markdown(f"chosen={chosen!r}")


def period_page() -> None:
    import datetime as dt

    import streamlit as st

    from dashboard.ui.controls import date_range

    period = date_range(
        ("起", "止"),
        key="paid",
        default=(dt.date(2018, 1, 1), dt.date(2018, 6, 30)),
        earliest=dt.date(2000, 1, 1),
        latest=dt.date(2018, 6, 30),
        parameters=("paid_from", "paid_to"),
    )
    st.markdown(f"start={period.start} end={period.end} swapped={period.swapped}")


def run(page, **query_params: str) -> AppTest:
    app = AppTest.from_function(page)
    for name, value in query_params.items():
        app.query_params[name] = value
    return app.run()


def url(app: AppTest, name: str) -> str:
    value = app.query_params[name]
    return value[0] if isinstance(value, list) else value


def shown(app: AppTest) -> str:
    return app.markdown[0].value


def test_measure_starts_from_its_default_and_writes_it_to_the_url():
    app = run(measure_page)
    assert not app.exception
    assert shown(app) == "chosen=households"
    assert url(app, "measure") == "households"


def test_measure_starts_from_the_url_and_follows_a_click():
    app = run(measure_page, measure="people")
    assert shown(app) == "chosen=people"
    app.get("button_group")[0].set_value("households").run()
    assert shown(app) == "chosen=households"
    assert url(app, "measure") == "households"


def test_a_measure_the_url_does_not_allow_falls_back_to_the_default():
    app = run(measure_page, measure="goats")
    assert not app.exception
    assert shown(app) == "chosen=households"
    assert url(app, "measure") == "households"


@pytest.mark.parametrize(
    ("lang", "label", "options"),
    [
        ("zh", "统计口径", ["金额", "户数", "人数"]),
        ("en", "Measure", ["Yuan", "Households", "People"]),
    ],
)
def test_a_pages_measure_is_worded_by_its_messages_and_kept_under_its_key(lang, label, options):
    app = run(page_measure_page, measure="people", lang=lang)
    assert not app.exception
    toggle = app.get("button_group")[0].proto
    assert toggle.label == label
    assert [option.content for option in toggle.options] == options
    assert shown(app) == "chosen=people kept=people"
    app.get("button_group")[0].set_value("yuan").run()
    assert shown(app) == "chosen=yuan kept=yuan"
    assert url(app, "measure") == "yuan"


def test_a_choice_of_numbers_reads_its_url_text_as_the_number():
    app = run(window_page, window="60")
    assert shown(app) == "chosen=60"
    app.selectbox[0].set_value(90).run()
    assert shown(app) == "chosen=90"
    assert url(app, "window") == "90"


def test_a_choice_keeps_the_session_over_the_url_after_the_first_run():
    app = run(window_page, window="60")
    app.query_params["window"] = "90"  # a later run: the widget is the truth now
    app.run()
    assert shown(app) == "chosen=60"


def test_a_choice_of_nothing_yet_leaves_its_parameter_out_of_the_url():
    app = run(village_page)
    assert shown(app) == "chosen=None"
    assert "village" not in app.query_params
    app.selectbox[0].set_value("V2").run()
    assert shown(app) == "chosen='V2'"
    assert url(app, "village") == "V2"
    app.selectbox[0].set_value(None).run()
    assert shown(app) == "chosen=None"
    assert "village" not in app.query_params


def test_nothing_chosen_yet_is_shown_in_the_options_own_words():
    """Not Streamlit's English "Choose an option" on a Chinese page: the option `nothing`
    as its format_func words it."""
    app = run(village_page)
    assert app.selectbox[0].proto.placeholder == "（选择村）"


def test_a_choice_of_nothing_yet_starts_from_a_village_the_url_names():
    app = run(village_page, village="V1")
    assert shown(app) == "chosen='V1'"
    app = run(village_page, village="V9")  # not one of the options: nothing chosen
    assert shown(app) == "chosen=None"
    assert "village" not in app.query_params


def test_a_kept_value_starts_from_the_url_and_follows_the_page():
    app = run(kept_page)
    assert app.markdown[0].value == "kept=None"
    assert "household" not in app.query_params
    app = run(kept_page, household="H1")
    assert app.markdown[0].value == "kept='H1'"
    app.button[0].click().run()
    assert app.markdown[0].value == "kept='H2'"
    assert url(app, "household") == "H2"


def test_an_older_link_is_read_as_the_newer_parameter():
    assert run(state_page, overdue="1").markdown[0].value == "chosen='overdue'"
    assert run(state_page, overdue="0").markdown[0].value == "chosen=''"
    # the newer parameter, when the link names it, wins
    assert run(state_page, overdue="1", state="open").markdown[0].value == "chosen='open'"


def test_a_choice_refuses_a_default_it_does_not_offer():
    from dashboard.ui.controls import choice

    with pytest.raises(ValueError, match="not one of the options"):
        choice("窗口", (30, 60), key="x", default=45)


def test_a_period_starts_from_the_url():
    app = run(period_page, paid_from="2017-01-01", paid_to="2017-12-31")
    assert not app.exception
    assert shown(app) == "start=2017-01-01 end=2017-12-31 swapped=False"


def test_a_period_outside_the_bounds_is_moved_inside_them():
    app = run(period_page, paid_from="1990-05-01", paid_to="2030-01-01")
    assert not app.exception
    assert shown(app) == "start=2000-01-01 end=2018-06-30 swapped=False"
    assert url(app, "paid_from") == "2000-01-01"


def test_a_period_entered_backwards_is_swapped_and_says_so():
    app = run(period_page)
    app.date_input[0].set_value(dt.date(2018, 5, 1))
    app.date_input[1].set_value(dt.date(2018, 2, 1)).run()
    assert shown(app) == "start=2018-02-01 end=2018-05-01 swapped=True"
    assert url(app, "paid_to") == "2018-02-01"  # the URL keeps what the reader entered


def test_a_bad_url_date_falls_back_to_the_default():
    app = run(period_page, paid_from="not-a-date")
    assert shown(app) == "start=2018-01-01 end=2018-06-30 swapped=False"
