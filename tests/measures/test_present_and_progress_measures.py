"""The presentation page's scope names (`dashboard/measures/present.py`) and the progress
page's headings and series notes (`dashboard/measures/progress.py`), from hand-written rows."""

from __future__ import annotations

import pandas as pd

from dashboard.measures import present, progress


def test_a_unit_named_only_by_its_code_takes_its_name_from_the_hierarchy():
    units = pd.DataFrame(
        {"unit_code": ["341182100", "341182101"], "unit_name": ["341182100", "大柳镇"]}
    )
    names = {"341182100": "小河镇", "341182101": "别的名字"}
    assert present.unit_names(units, names) == {"341182100": "小河镇", "341182101": "大柳镇"}


def test_the_whole_area_is_the_town_or_the_areas_own_name():
    names = {"341182": "明光市"}
    assert present.whole_label(True, None, names, "zh") == "全镇"
    assert present.whole_label(False, "341182", names, "en") == "明光市"
    assert present.whole_label(False, "999999", names, "en") == "Whole town"
    units = {"341182100": "小河镇"}
    assert present.scope_label(present.WHOLE, "明光市", units) == "明光市"
    assert present.scope_label("341182100", "明光市", units) == "小河镇"
    assert present.scope_label("341182199", "明光市", units) == "341182199"


def test_the_progress_headings_and_why_there_is_no_series():
    assert progress.units_heading(True, "乡镇", "en") == "Exits by village and year"
    assert "乡镇" in progress.units_heading(False, "乡镇", "zh")
    some = pd.DataFrame({"households": [1]})
    none = some.iloc[0:0]
    assert progress.series_missing(none, none, "en").startswith("No snapshot")
    assert progress.series_missing(some, none, "en").startswith("There is only one snapshot")
    assert progress.series_missing(some, some, "en") is None
