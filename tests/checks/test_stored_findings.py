"""The check catalogue's findings kept per snapshot give what running every rule now gives.

/quality, /household and `tuopin check` read `findings` (dashboard.data.FINDINGS), built once per
snapshot with the names and ID numbers in each detail marked; `mask_marked` masks them on every
read. Here the kept rows are compared with `checks.run_catalogue`, which runs the 42 rules on
the spot, for each way a reader may see personal data, and the scope of an area and a helper.
"""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from dashboard import checks, data
from dashboard.data import Viewer, open_database

READERS = {
    "masked": Viewer(area=""),
    "names": Viewer(show_names=True, area=""),
    "everything": Viewer(True, True, True, area=""),
}


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return list(frame.itertuples(index=False, name=None))


@pytest.fixture(scope="module")
def county(county_dir):
    database = open_database(county_dir)
    yield database
    database.close()


@pytest.mark.parametrize("reader", READERS, ids=list(READERS))
def test_the_kept_findings_are_the_rules_run_now(county, reader):
    viewer = READERS[reader]
    run = functools.partial(county.run, viewer=viewer)
    for info in (county.snapshots[0], county.snapshots[-1]):
        now = checks.run_catalogue(run, info.snapshot_date)
        kept = checks.stored_findings(run, info.snapshot_date)
        assert len(now) > 100  # the county's demo has findings of many rules to compare
        assert _rows(kept) == _rows(now)


def test_names_are_masked_unless_the_reader_may_see_them(county):
    date = county.snapshots[-1].snapshot_date
    masked = checks.stored_findings(functools.partial(county.run, viewer=READERS["masked"]), date)
    shown = checks.stored_findings(functools.partial(county.run, viewer=READERS["names"]), date)
    named = masked["detail"].str.contains(r"\*\*", regex=True)
    assert named.sum() > 50
    assert not shown["detail"].str.contains("\x01|\x02", regex=True).any()
    assert (masked["detail"] != shown["detail"]).sum() == named.sum()


def test_counts_in_sql_are_the_counts_of_the_rows(county):
    date = county.snapshots[-1].snapshot_date
    run = functools.partial(county.run, viewer=READERS["masked"])
    now = checks.run_catalogue(run, date)
    pd.testing.assert_frame_equal(
        checks.stored_counts_by_rule(run, date), checks.counts_by_rule(now)
    )
    towns = run("gap_villages", snapshot_date=date, unit_digits=9)
    pd.testing.assert_frame_equal(
        checks.stored_counts_by_unit(run, date, towns, 9), checks.counts_by_village(now, towns)
    )
    trend = checks.stored_trend(run, [date])
    by_rule = checks.counts_by_rule(now)
    assert list(trend["rule_id"]) == list(by_rule["rule_id"])
    assert list(trend["findings"]) == list(by_rule["findings"])


def test_an_area_reads_its_own_findings_and_a_helper_his_households(county):
    date = county.snapshots[-1].snapshot_date
    everything = checks.stored_findings(
        functools.partial(county.run, viewer=READERS["everything"]), date
    )
    town = everything["village_code"].dropna().str[:9].value_counts().index[0]
    in_town = checks.stored_findings(
        functools.partial(county.run, viewer=Viewer(True, True, True, area=town)), date
    )
    expected = everything[everything["village_code"].fillna("").str.startswith(town)]
    assert 0 < len(in_town) < len(everything)
    assert _rows(in_town) == _rows(expected.reset_index(drop=True))

    register = county.run_sql(
        "select household_id, helper_id, village_contact_id from households "
        "where snapshot_date = $day",
        {"day": date},
        viewer=READERS["everything"],
    )
    flagged = set(everything["household_id"].dropna())
    helper = register.loc[register["household_id"].isin(flagged), "helper_id"].dropna().iloc[0]
    households = set(
        register.loc[
            (register["helper_id"] == helper) | (register["village_contact_id"] == helper),
            "household_id",
        ]
    )
    own = checks.stored_findings(
        functools.partial(county.run, viewer=Viewer(True, True, True, area="", helper_id=helper)),
        date,
    )
    assert not own.empty
    assert set(own["household_id"]) <= households


def test_a_directory_whose_cache_cannot_be_written_keeps_them_in_memory(county_dir, monkeypatch):
    monkeypatch.setattr(data, "materialise_staging", lambda *arguments, **keywords: None)
    database = open_database(county_dir)
    try:
        date = database.snapshots[-1].snapshot_date
        run = functools.partial(database.run, viewer=READERS["names"])
        assert _rows(checks.stored_findings(run, date)) == _rows(checks.run_catalogue(run, date))
    finally:
        database.close()
