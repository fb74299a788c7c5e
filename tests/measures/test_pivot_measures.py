"""What the explorer says besides its table (`dashboard/measures/pivot.py`): dimension names,
a filter's choices in order, the subject's note, the total card and the files' name."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import pivot_queries
from dashboard.measures import pivot as measures


def result(spec: pivot_queries.PivotSpec, total: float) -> pivot_queries.PivotResult:
    return pivot_queries.PivotResult(spec, [], [], {}, {(None, None): total}, {}, {}, total)


def test_dimension_names_and_the_columns_a_row_leaves():
    assert measures.dimension_name(None, "en") == "(none)"
    assert measures.dimension_name("village", "zh") == "村（单位）"
    assert measures.column_choices(("village", "sex", "health"), None) == [None]
    assert measures.column_choices(("village", "sex", "health"), "sex") == [
        None,
        "village",
        "health",
    ]


def test_a_filter_keeps_a_linked_value_the_snapshot_lacks_and_orders_by_the_dimension():
    values = pd.DataFrame(
        {"value": ["2016", "2014", pivot_queries.NONE_VALUE], "label": [None] * 3}
    )
    ordered, labels = measures.filter_choices("exit_year", values, ["2015"], "en")
    assert ordered == sorted(ordered, key=lambda v: pivot_queries.sort_key("exit_year", v))
    assert set(ordered) == {"2014", "2015", "2016", pivot_queries.NONE_VALUE}
    assert labels[pivot_queries.NONE_VALUE] == "(blank)"
    lacking = measures.filter_choices("exit_year", values, [], "en", frozenset({"exit_year"}))[1][
        pivot_queries.NONE_VALUE
    ]
    assert lacking != "(blank)"  # the source did not say, rather than said nothing


def test_the_subjects_note_the_total_card_and_the_files_name():
    members = pivot_queries.parse_spec({"subject": "members", "measure": "people"})
    assert measures.subject_note(members, "zh")
    assert measures.subject_note(pivot_queries.parse_spec({"subject": "payments"}), "en")
    assert measures.subject_note(pivot_queries.parse_spec({}), "en") is None
    card = measures.total_card(result(pivot_queries.parse_spec({}), 1234), "en")
    assert card.label == "Households" and card.value == "1,234"
    yuan = pivot_queries.parse_spec({"subject": "payments", "measure": "yuan"})
    assert measures.total_card(result(yuan, 1234.5), "zh").value != "1,234"
    by_village = pivot_queries.parse_spec({"rows": "village"})
    assert measures.total_card(result(by_village, 5), "en") is None
    day = dt.date(2018, 6, 30)
    assert measures.file_stem(members, day) == "explore_members_people_2018-06-30"
    assert measures.is_view_parameter("f_health") and measures.is_view_parameter("cols")
    assert not measures.is_view_parameter("area")
