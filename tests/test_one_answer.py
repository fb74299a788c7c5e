"""One answer everywhere, on the town where the old copies of the rules disagreed.

tests/fixture_drift_town.py holds the edge cases (a 10-year-old in preschool, a 15-year-old done
with junior school, incomes exactly on the line, helpers with 2 and 6 households, visits exactly
90 and 91 days old). The overview's readiness and attention, the progress and helpers queries,
the logic checks (dashboard.checks), and the evaluation's deck and narrative must all give the
answer of docs/definitions.md. Every expected number is counted by hand from the fixture's
docstring; the checks must name the same households the staging views name.
"""

from __future__ import annotations

import pandas as pd
import pytest
from fixture_drift_town import SNAPSHOT, write_drift_town

from dashboard import checks
from dashboard.data import open_database
from dashboard.evaluation.figures import compute
from dashboard.evaluation.narrative import build_narrative
from dashboard.evaluation.period import parse_period, resolve
from dashboard.evaluation.slides import build_slides

HELPER_OVER_FIVE = "checks/helper_over_five_households"


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    database = open_database(write_drift_town(tmp_path_factory.mktemp("drift")))
    yield database
    database.close()


def facts(town, where: str) -> set[str]:
    """Households of household_facts on the snapshot matching a condition written here."""
    frame = town.run_sql(
        f"select household_id from household_facts where snapshot_date = $day and ({where})",
        {"day": SNAPSHOT},
    )
    return set(frame["household_id"])


def findings(town, rule: checks.Rule) -> pd.DataFrame:
    return checks.run_catalogue(town.run, SNAPSHOT, [rule])


# ------------------------------------------------------------------ the definitions themselves


def test_the_staging_view_applies_the_national_rules(town):
    """C's, G's and H's 10-year-olds in preschool are out of school; D's and E's 15-year-olds are not;
    A and B, exactly on their lines, are not above them; B was visited on day 90, C on day 91."""
    assert facts(town, "children_out_of_school > 0") == {"C", "G", "H"}
    assert facts(town, "not is_income_above_line") == {"A", "B"}
    assert facts(town, "meets_exit_standard") == {"D", "E", "F"}
    assert facts(town, "is_not_exited and is_visited_recently") == {"B", "F"}


# ------------------------------------------------------------------ the overview


def test_readiness_for_this_year(town):
    """Planned for 2018: B, C, E, F (7 people). Ready: E (3 people: the 15-year-old is done with
    school) and F; B is on the line, C's 10-year-old is in preschool. (The old overview rule, "not
    in school", made C ready and E not: 3 ready people instead of 4.)"""
    row = town.run("exit_target_progress", snapshot_date=SNAPSHOT, year=2018).iloc[0]
    assert (row["planned_households"], row["planned_people"]) == (4, 7)
    assert (row["ready_households"], row["ready_people"]) == (2, 4)
    assert row["not_ready_households"] == 2
    assert row["income_below_line"] == 1  # B
    assert row["child_out_of_school"] == 1  # C
    assert (row["housing_unsafe"], row["water_unsafe"], row["someone_uninsured"]) == (0, 0, 0)


def test_village_attention(town):
    """Unmet 两不愁三保障: C, G and H (the preschool children), not D or E (the 15-year-olds: the
    old "not in school" test counted D and E, 2 households);
    unvisited not-exited households: C (91 days) and E (never), not B (90 days) or F."""
    row = town.run("village_attention", snapshot_date=SNAPSHOT).iloc[0]
    assert (row["not_exited_households"], row["not_exited_people"]) == (4, 7)
    assert row["incidence"] == pytest.approx(7 / 1000)
    assert row["unmet_households"] == 3
    assert row["unvisited_households"] == 2
    assert facts(town, "is_not_exited and not is_visited_recently") == {"C", "E"}


# ------------------------------------------------------------------ progress and helpers


def test_progress_counts(town):
    totals = town.run("household_totals", snapshot_date=SNAPSHOT).iloc[0]
    assert (totals["registered_households"], totals["registered_people"]) == (8, 14)
    assert (totals["exited_households"], totals["exited_people"]) == (4, 7)
    assert (totals["not_exited_households"], totals["not_exited_people"]) == (4, 7)
    exits = town.run("exits_by_year", snapshot_date=SNAPSHOT)
    assert [tuple(row) for row in exits.itertuples(index=False)] == [
        (2015, 1, 2),
        (2016, 1, 2),
        (2017, 2, 3),
    ]
    targets = town.run("exit_targets_by_year", snapshot_date=SNAPSHOT).set_index("year")
    assert (targets.loc[2018, "planned_households"], targets.loc[2018, "planned_people"]) == (4, 7)


def test_helper_loads(town):
    frame = town.run("helpers_households", snapshot_date=SNAPSHOT).set_index("helper_id")
    assert (frame.loc["H1", "households"], frame.loc["H1", "load_band"]) == (2, "too_few")
    assert (frame.loc["H2", "households"], frame.loc["H2", "load_band"]) == (6, "too_many")
    assert frame.loc["C1", "households"] == 8 and pd.isna(frame.loc["C1", "load_band"])


def test_visits_are_overdue_after_ninety_days(town):
    """H1: A never visited, B on day 90 (not overdue). H2: C on day 91, D, E, G, H never."""
    ranking = town.run("helpers_visit_ranking", snapshot_date=SNAPSHOT).set_index("helper_id")
    assert ranking.loc["H2", "rank"] == 1
    assert (ranking.loc["H1", "overdue_households"], ranking.loc["H2", "overdue_households"]) == (
        1,
        5,
    )
    village = town.run("visits_by_village", snapshot_date=SNAPSHOT).iloc[0]
    assert (village["overdue_households"], village["overdue_remaining_households"]) == (6, 2)
    counts = town.run("visits_overdue_counts", snapshot_date=SNAPSHOT, windows=[90])
    assert counts.iloc[0]["households"] == 6


# ------------------------------------------------------------------ the logic checks


def test_check_child_out_of_school_names_the_staging_views_children(town):
    """C04: G's and H's preschool 10-year-olds, not D's 15-year-old who finished junior school."""
    found = findings(town, checks.rules_by_id()["C04"])
    assert set(found["household_id"]) == facts(town, "is_exited and children_out_of_school > 0")
    assert set(found["household_id"]) == {"G", "H"}
    assert set(found["person_id"]) == {"G2", "H2"}


def test_check_exited_below_the_line_counts_an_income_on_the_line(town):
    """C05: A's 2,952 is exactly the 2017 line, so not above it: A does not meet the standard."""
    found = findings(town, checks.rules_by_id()["C05"])
    assert set(found["household_id"]) == facts(town, "is_exited and not is_income_above_line")
    assert set(found["household_id"]) == {"A"}


def test_check_helper_over_five_names_the_helper_the_helpers_page_calls_over(town):
    rule = next(rule for rule in checks.catalogue() if rule.query == HELPER_OVER_FIVE)
    found = findings(town, rule)
    loads = town.run("helpers_households", snapshot_date=SNAPSHOT)
    over = set(loads.loc[loads["load_band"] == "too_many", "helper_id"])
    assert over == {"H2"}
    assert len(found) == len(over)
    assert "H2" in found.iloc[0]["detail"] and "H1" not in found.iloc[0]["detail"]


# ------------------------------------------------------------------ the deck and the narrative


@pytest.fixture(scope="module")
def evaluation(town):
    periods = resolve(parse_period("2018H1"), town.snapshots)
    return compute(town.run, periods, None)


def test_deck_and_narrative_give_the_overviews_counts(town, evaluation):
    totals = town.run("household_totals", snapshot_date=SNAPSHOT).iloc[0]
    head = evaluation.headline
    assert (head["not_exited_households"], head["not_exited_people"]) == (4, 7)
    assert (head["exited_households"], head["exited_people"]) == (4, 7)
    assert head["not_exited_households"] == totals["not_exited_households"]
    assert (evaluation.helpers["helpers"], evaluation.helpers["village_contacts"]) == (2, 1)
    text = build_narrative(evaluation, "zh")
    assert "未脱贫4户、7人" in text
    slides = build_slides(evaluation, "zh", {"problems": "", "next_steps": ""})
    kpis = {kpi.label: kpi.value for slide in slides if slide.key == "kpi" for kpi in slide.kpis}
    assert (kpis["未脱贫户"], kpis["未脱贫人口"]) == ("4", "7")


def test_the_deck_counts_exits_by_year_as_the_progress_page(town, evaluation):
    exits = evaluation.exits_by_year.set_index("year")
    progress = town.run("exits_by_year", snapshot_date=SNAPSHOT).set_index("exit_year")
    for year in (2015, 2016, 2017):
        assert exits.loc[year, "exited_households"] == progress.loc[year, "households"]
        assert exits.loc[year, "exited_people"] == progress.loc[year, "people"]
