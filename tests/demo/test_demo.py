"""The demo town: the same on every run, consistent through its eight snapshots, and plausible."""

from __future__ import annotations

import csv
import datetime as dt
import statistics
from collections import Counter

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from dashboard.demo.generator import DemoTown
from dashboard.snapshots import PROJECT_ROOT

FINAL = dt.date(2018, 6, 30)
AQUATIC_ITEMS = {"小龙虾", "螃蟹", "水产养殖", "芡实", "养鸭"}
# (table, date column): events, which a later snapshot must carry unchanged (ids included).
EVENT_TABLES = (
    ("payments", "paid_date"),
    ("loans", "issued_date"),
    ("visits", "visit_date"),
    ("trainings", "training_date"),
)


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@pytest.fixture(scope="module")
def snapshot_dates(demo_sql) -> list[dt.date]:
    dates = [
        row[0]
        for row in demo_sql.execute(
            "select distinct snapshot_date from households order by 1"
        ).fetchall()
    ]
    assert len(dates) == 8
    return dates


@pytest.fixture(scope="module")
def households(demo_sql) -> pd.DataFrame:
    """Households of every snapshot, indexed by (snapshot_date, household_id)."""
    frame = demo_sql.execute(
        "select snapshot_date, household_id, status, exit_year, identified_year from households"
    ).df()
    frame["snapshot_date"] = pd.to_datetime(frame["snapshot_date"]).dt.date
    return frame.set_index(["snapshot_date", "household_id"]).sort_index()


# ------------------------------------------------------------------------------ determinism


@pytest.fixture(scope="module")
def demo_town() -> DemoTown:
    """One freshly generated town, with its history (not only its snapshots)."""
    return DemoTown()


def test_two_generations_give_identical_tables(demo_town):
    """DemoTown() twice gives frame-for-frame identical tables on two snapshot dates."""
    again = DemoTown()
    for day in (dt.date(2016, 6, 30), FINAL):
        a, b = demo_town.tables_at(day), again.tables_at(day)
        assert a.keys() == b.keys()
        assert len(a["households"]) > 600 and len(a["visits"]) > 1000  # not trivially equal
        for name in a:
            assert_frame_equal(a[name], b[name], check_exact=True, obj=f"{name} on {day}")


def test_the_2017_helper_reshuffle_keeps_every_helpers_load(demo_town):
    """Swapping helpers between pairs of households changes no helper's number of households.

    Guards generator.py's 2017 reshuffle: it swaps from each household's original helper, so
    a household drawn into two swaps would move one household between helpers.
    """
    registered = [h for h in demo_town.households if h.removed_date is None]
    before = Counter(h.helper_on(dt.date(2017, 2, 28)) for h in registered)
    after = Counter(h.helper_on(dt.date(2017, 3, 1)) for h in registered)
    assert sum(h.helper_on(dt.date(2017, 3, 1)) != h.helper_id for h in registered) >= 2
    assert after == before


# ------------------------------------------------------------------- consistency in time


def test_exited_households_are_exited_from_their_exit_year_end(households, snapshot_dates):
    """A household exited in Y on 2018-06-30 is exited/Y from Y-12-31 on, and not before."""
    final = households.loc[FINAL]
    exited = final[final["status"] == "exited"]
    assert len(exited) == 445
    for household_id, row in exited.iterrows():
        exit_year = int(row["exit_year"])
        for day in snapshot_dates:
            key = (day, household_id)
            if day >= dt.date(exit_year, 12, 31):
                assert key in households.index, key
                earlier = households.loc[key]
                assert (earlier["status"], earlier["exit_year"]) == ("exited", exit_year), key
            elif key in households.index:
                assert households.loc[key, "status"] == "not_exited", key
                assert pd.isna(households.loc[key, "exit_year"]), key


def test_households_are_absent_before_their_identified_year(households, snapshot_dates):
    """No snapshot holds a household before its identified year; it is there from that year end."""
    frame = households.reset_index()
    years = frame.groupby("household_id")["identified_year"].nunique()
    assert (years == 1).all(), "identified_year changes between snapshots"
    too_early = frame[frame["snapshot_date"].map(lambda d: d.year) < frame["identified_year"]]
    assert too_early.empty, too_early.head()
    later = frame[frame["identified_year"] > 2014]
    assert not later.empty, "every household identified in 2014: nothing to check"
    final = households.loc[FINAL]
    for household_id, row in final.iterrows():
        for day in snapshot_dates:
            if day >= dt.date(int(row["identified_year"]), 12, 31):
                assert (day, household_id) in households.index, (day, household_id)


def test_relapsed_households_had_exited_with_the_same_year(households, snapshot_dates):
    """At least one household relapsed, and each was exited earlier with the exit year it keeps."""
    final = households.loc[FINAL]
    relapsed = final[final["status"] == "relapsed"]
    assert len(relapsed) >= 1
    for household_id, row in relapsed.iterrows():
        history = [
            households.loc[(day, household_id)]
            for day in snapshot_dates
            if (day, household_id) in households.index
        ]
        exited = [h for h in history if h["status"] == "exited"]
        assert exited, f"{household_id} relapsed without having exited"
        assert {int(h["exit_year"]) for h in exited} == {int(row["exit_year"])}


def test_households_leave_only_after_being_marked_removed(households, snapshot_dates):
    """Between snapshots a household disappears only if marked removed; some are removed."""
    removed_seen = 0
    for earlier, later in zip(snapshot_dates, snapshot_dates[1:], strict=False):
        before = households.loc[earlier]
        after_ids = set(households.loc[later].index)
        gone = set(before.index) - after_ids
        removed = set(before.index[before["status"] == "removed"])
        removed_seen += len(removed)
        assert gone <= removed, (earlier, later, sorted(gone - removed)[:5])
        assert len(after_ids) >= len(before) - len(removed)
    assert removed_seen >= 1, "no household is ever removed (清退)"


@pytest.mark.parametrize(
    ("table_name", "date_column"), EVENT_TABLES, ids=[t[0] for t in EVENT_TABLES]
)
def test_events_are_dated_on_or_before_their_snapshot(demo_sql, table_name, date_column):
    """No snapshot holds an event dated after the snapshot itself."""
    late = demo_sql.execute(
        f"select count(*) from {table_name} where {date_column} > snapshot_date"
    ).fetchone()[0]
    assert late == 0
    assert demo_sql.execute(f"select count(*) from {table_name}").fetchone()[0] > 0


@pytest.mark.parametrize("table_name", [t[0] for t in EVENT_TABLES])
def test_events_of_a_snapshot_stay_unchanged_in_every_later_one(
    demo_sql, snapshot_dates, table_name
):
    """Every event row of a snapshot is in the next one, same id and same values (so, by
    induction, in every later one)."""
    columns = "* exclude (snapshot_date)"
    grew = False
    for earlier, later in zip(snapshot_dates, snapshot_dates[1:], strict=False):
        lost = demo_sql.execute(
            f"select {columns} from {table_name} where snapshot_date = $earlier "
            f"except select {columns} from {table_name} where snapshot_date = $later",
            {"earlier": earlier, "later": later},
        ).fetchall()
        assert lost == [], (table_name, earlier, later, lost[:3])
        counts = demo_sql.execute(
            f"select count(*) filter (where snapshot_date = $earlier), "
            f"count(*) filter (where snapshot_date = $later) from {table_name}",
            {"earlier": earlier, "later": later},
        ).fetchone()
        grew = grew or counts[1] > counts[0]
    assert grew, f"{table_name} never gains a row: nothing was compared"


def members_only_in(demo_sql, day, other, also: str = "") -> int:
    """Members on `day` whose household is registered on `other` but who are not among its
    members then (`also`: a further condition, with `$other` the other date)."""
    return demo_sql.execute(
        f"""
        select count(*) from members as m
        where m.snapshot_date = $day {also}
          and m.household_id in
              (select household_id from households where snapshot_date = $other)
          and m.person_id not in
              (select person_id from members where snapshot_date = $other)
        """,
        {"day": day, "other": other},
    ).fetchone()[0]


def test_members_are_born_and_die_between_snapshots(demo_sql, snapshot_dates):
    """Between snapshots people appear by birth and leave households that stay registered."""
    births = deaths = 0
    for earlier, later in zip(snapshot_dates, snapshot_dates[1:], strict=False):
        # born since `earlier` into a household registered then; in `earlier`'s household
        # still registered at `later`, gone from the members by then
        births += members_only_in(demo_sql, later, earlier, "and m.birth_date > $other")
        deaths += members_only_in(demo_sql, earlier, later)
    assert births >= 1, "nobody is ever born into a registered household"
    assert deaths >= 1, "nobody ever leaves a household that stays registered"


# -------------------------------------------------------------------------- plausibility


def test_heads_of_2014_exited_households_are_old(demo_sql):
    """The 2014 exits were the old: their heads' median age is 60 or more."""
    births = [
        row[0]
        for row in demo_sql.execute(
            """
            select m.birth_date from members as m
            join households as h using (snapshot_date, household_id)
            where h.snapshot_date = $final and h.status = 'exited' and h.exit_year = 2014
              and m.relation = 'head'
            """,
            {"final": FINAL},
        ).fetchall()
    ]
    assert len(births) == 167
    assert statistics.median(age_on(b, FINAL) for b in births) >= 60


def test_2014_exited_households_are_mostly_single(demo_sql):
    """Most 2014-exited households (167 holding 181 people) have one member."""
    sizes = [
        row[0]
        for row in demo_sql.execute(
            "select size from households where snapshot_date = $final "
            "and status = 'exited' and exit_year = 2014",
            {"final": FINAL},
        ).fetchall()
    ]
    assert sum(size == 1 for size in sizes) > len(sizes) / 2


def test_exited_households_earn_above_the_poverty_line(demo_sql):
    """In every snapshot each exited household's income per capita is above its year's line."""
    with open(PROJECT_ROOT / "data" / "reference" / "poverty_line.csv", encoding="utf-8") as f:
        lines = {int(row["year"]): int(row["poverty_line_yuan"]) for row in csv.DictReader(f)}
    rows = demo_sql.execute(
        "select snapshot_date, household_id, income_per_capita, income_year from households "
        "where status = 'exited'"
    ).fetchall()
    assert sum(day == FINAL for day, *_ in rows) == 445
    below = [row for row in rows if row[2] <= lines[row[3]]]
    assert below == []


def test_illness_and_disability_are_the_commonest_causes(demo_sql):
    """因病 and 因残 are the two most common main causes, in that order."""
    causes = demo_sql.execute(
        "select main_cause from households where snapshot_date = $final "
        "group by main_cause order by count(*) desc limit 2",
        {"final": FINAL},
    ).fetchall()
    assert [cause for (cause,) in causes] == ["illness", "disability"]


def test_each_responsible_helper_has_three_to_five_households(demo_sql):
    """Every city- or town-level helper is responsible for 3 to 5 households on 2018-06-30."""
    loads = demo_sql.execute(
        """
        select p.helper_id, count(h.household_id)
        from helpers as p
        left join households as h
            on h.snapshot_date = p.snapshot_date and h.helper_id = p.helper_id
        where p.snapshot_date = $final and p.level in ('city', 'town')
        group by p.helper_id
        """,
        {"final": FINAL},
    ).fetchall()
    assert len(loads) == 143
    assert [(helper, n) for helper, n in loads if not 3 <= n <= 5] == []


def test_some_helpers_hardly_visit(demo_sql):
    """At least 5% of responsible helpers visit under a quarter of the median per household."""
    rates = [
        row[0]
        for row in demo_sql.execute(
            """
            select count(*) / count(distinct v.household_id)
            from visits as v
            join helpers as p using (snapshot_date, helper_id)
            where v.snapshot_date = $final and p.level in ('city', 'town')
            group by v.helper_id
            """,
            {"final": FINAL},
        ).fetchall()
    ]
    assert len(rates) >= 100
    median = statistics.median(rates)
    assert sum(rate < median / 4 for rate in rates) >= 0.05 * len(rates)


@pytest.fixture(scope="module")
def industry_yuan(demo_sql) -> pd.DataFrame:
    """Industry yuan by village and item in the 2018-06-30 snapshot, straight from the files."""
    return demo_sql.execute(
        """
        select v.village_name, v.kind, p.item, sum(p.amount_yuan)::double as yuan
        from payments as p
        join households as h using (snapshot_date, household_id)
        join villages as v using (snapshot_date, village_code)
        where p.snapshot_date = $final
          and p.program in ('industry_planting', 'industry_breeding')
        group by all
        """,
        {"final": FINAL},
    ).df()


def test_peanut_and_chicken_villages(industry_yuan):
    """At least three villages put over half their industry yuan into 花生 and 养鸡."""
    by_village = industry_yuan.groupby("village_name")
    share = by_village.apply(
        lambda g: g.loc[g["item"].isin(["花生", "养鸡"]), "yuan"].sum() / g["yuan"].sum(),
        include_groups=False,
    )
    assert (share > 0.5).sum() >= 3, share.sort_values()


def test_water_villages_raise_aquatic_products(industry_yuan):
    """Both water villages' top three industry items by yuan are aquatic."""
    water = industry_yuan[industry_yuan["kind"] == "water_village"]
    assert water["village_name"].nunique() == 2
    for name, group in water.groupby("village_name"):
        top = group.sort_values("yuan", ascending=False)["item"].head(3).tolist()
        assert set(top) <= AQUATIC_ITEMS, (name, top)
