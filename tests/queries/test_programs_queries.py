"""The benefit-programs page's query files on a hand-made town, and on the demo where the report
fixes the answer.

The small town (two villages, three households, one snapshot) is written with the project's own
snapshot writer; every expected number below is counted by hand from the rows written here.
Each coverage-gap list is run twice: on the town as written, where every gap is present once,
and on the same town with the gap closed (the missing payment made, the missing flag set).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import open_database
from dashboard.definitions import constant
from tests.builders import household, member, payment, village, write_town

SNAPSHOT = dt.date(2018, 6, 30)
WINDOW = 12
H1, H2, H3 = "H1", "H2", "H3"

# household → (village, group, status, housing_safe, family_doctor_signed)
HOUSEHOLDS = {
    H1: ("V1", "一组", "not_exited", False, True),
    H2: ("V2", "二组", "exited", False, False),
    H3: ("V2", "三组", "removed", False, False),  # removed: on no list, whatever it lacks
}
# person → (household, name, relation, school stage, migrant work, insured)
MEMBERS = {
    "H1-0": (H1, "张三丰", "head", "none", "in_county", True),  # in the county: not entitled
    "H1-1": (H1, "张小红", "child", "primary", "none", True),
    "H1-2": (H1, "张小明", "child", "secondary_vocational", "none", True),
    "H1-3": (H1, "王芳", "spouse", "none", "out_of_province", True),
    "H2-0": (H2, "李四", "head", "none", "in_province", False),
    "H2-1": (H2, "李小五", "child", "junior", "none", True),
    "H3-0": (H3, "赵六", "head", "none", "none", False),
    "H3-1": (H3, "赵小七", "child", "primary", "none", True),
}
# (payment id, household, person, program, yuan, paid date)
PAYMENTS = [
    ("P01", H1, "H1-1", "education_aid", 500, dt.date(2017, 10, 20)),
    ("P02", H1, "H1-2", "rainbow_plan", 1500, dt.date(2017, 6, 30)),  # exactly 12 months: out
    ("P03", H2, None, "education_aid", 600, dt.date(2018, 3, 1)),  # to the household: covers H2-1
    ("P04", H2, "H2-0", "transport_subsidy", 500, dt.date(2018, 2, 20)),
    ("P05", H2, None, "housing_renovation", 8000, dt.date(2017, 4, 1)),
    ("P06", H1, None, "pv_income", 416, dt.date(2018, 3, 26)),
    ("P07", H1, None, "pv_income", 416, dt.date(2018, 3, 26)),  # the same again: a double
    ("P08", H1, None, "pv_income", 416, dt.date(2018, 6, 25)),
    ("P09", H1, None, "loan_dividend", 1800, dt.date(2018, 1, 10)),
    ("P10", H2, None, "loan_dividend", 600, dt.date(2018, 1, 10)),
    ("P11", H3, None, "loan_dividend", 300, dt.date(2018, 1, 10)),  # no enterprise loan
    ("P12", H1, "H1-1", "education_aid", 500, dt.date(2016, 10, 20)),
]
# What closes every gap of the town above.
CLOSING_PAYMENTS = [
    ("C1", H1, "H1-2", "education_aid", 500, dt.date(2018, 3, 1)),
    ("C2", H1, "H1-2", "rainbow_plan", 1500, dt.date(2018, 5, 18)),
    ("C3", H1, "H1-3", "transport_subsidy", 500, dt.date(2018, 2, 20)),
    ("C4", H1, None, "housing_renovation", 20000, dt.date(2018, 4, 1)),
]
# (loan id, household, mode, yuan, issued, term months, enterprise)
LOANS = [
    ("L1", H1, "enterprise_use", 40000, dt.date(2017, 8, 1), 36, "甲公司"),
    ("L2", H2, "self_use", 50000, dt.date(2016, 9, 15), 24, None),  # due 2018-09-15
    ("L3", H2, "self_use", 30000, dt.date(2017, 6, 30), 12, None),  # due on the snapshot day
    ("L4", H2, "enterprise_use", 20000, dt.date(2017, 8, 1), 36, "乙公司"),
    ("L5", H1, "enterprise_use", 20000, dt.date(2017, 9, 1), 36, "乙公司"),
]


def _tables(*, closed: bool) -> dict[str, list[dict]]:
    households = []
    for household_id, (village_code, group, status, safe, doctor) in HOUSEHOLDS.items():
        households.append(
            household(
                household_id,
                village_code,
                group_name=group,
                size=sum(1 for person in MEMBERS.values() if person[0] == household_id),
                status=status,
                exit_year=2017 if status == "exited" else None,
                housing_safe=safe,
                family_doctor_signed=doctor or (closed and household_id == H2),
            )
        )
    members = [
        member(
            person_id,
            household_id,
            name=name,
            relation=relation,
            school_stage=stage,
            migrant_work=migrant,
            migrant_months=6 if migrant != "none" else 0,
            medical_insurance=insured or (closed and person_id == "H2-0"),
        )
        for person_id, (household_id, name, relation, stage, migrant, insured) in MEMBERS.items()
    ]
    payments = PAYMENTS + CLOSING_PAYMENTS if closed else PAYMENTS
    if closed:
        payments = [row for row in payments if row[0] != "P07"]
    return {
        "villages": [village("V1", "甲村"), village("V2", "乙村")],
        "households": households,
        "members": members,
        "payments": [
            payment(payment_id, household_id, program, yuan, paid, person_id=person_id)
            for payment_id, household_id, person_id, program, yuan, paid in payments
        ],
        "loans": [
            {
                "loan_id": loan_id,
                "household_id": household_id,
                "mode": mode,
                "amount_yuan": Decimal(yuan),
                "issued_date": issued,
                "term_months": term,
                "enterprise": enterprise,
            }
            for loan_id, household_id, mode, yuan, issued, term, enterprise in LOANS
        ],
    }


def _open(directory: Path, *, closed: bool):
    return open_database(write_town(directory, SNAPSHOT, _tables(closed=closed)))


@pytest.fixture
def town(tmp_path: Path):
    database = _open(tmp_path / "gaps", closed=False)
    yield database
    database.close()


@pytest.fixture
def covered_town(tmp_path: Path):
    database = _open(tmp_path / "covered", closed=True)
    yield database
    database.close()


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    def plain(value):
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return None
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if hasattr(value, "item") and not isinstance(value, str):
            return plain(value.item())
        return value

    return [tuple(plain(v) for v in row) for row in frame[columns].itertuples(index=False)]


# ------------------------------------------------------------------ programs


def test_programs_by_year_on_the_small_town(town):
    """people: the named person, or every member of the household paid (H1: 4, H2: 2, H3: 2)."""
    frame = town.run("programs_by_year", snapshot_date=SNAPSHOT)
    assert _rows(frame, ["program", "year", "payments", "households", "people", "yuan"]) == [
        ("education_aid", 2016, 1, 1, 1, 500),
        ("education_aid", 2017, 1, 1, 1, 500),
        ("education_aid", 2018, 1, 1, 2, 600),
        ("rainbow_plan", 2017, 1, 1, 1, 1500),
        ("transport_subsidy", 2018, 1, 1, 1, 500),
        ("housing_renovation", 2017, 1, 1, 2, 8000),
        ("pv_income", 2018, 3, 1, 4, 1248),
        ("loan_dividend", 2018, 3, 3, 8, 2700),
    ]


def test_programs_in_period_2018_is_cut_at_the_snapshot(town):
    """Period '2018' on the 2018-06-30 snapshot: the payments of 2018's first half."""
    frame = town.run("programs_in_period", snapshot_date=SNAPSHOT, period="2018")
    columns = ["program", "payments", "households", "household_years", "people"]
    columns += ["named_recipients", "yuan"]
    assert _rows(frame, columns) == [
        ("education_aid", 1, 1, 1, 2, 0, 600),
        ("transport_subsidy", 1, 1, 1, 1, 1, 500),
        ("pv_income", 3, 1, 1, 4, 0, 1248),
        ("loan_dividend", 3, 3, 3, 8, 0, 2700),
    ]


def test_programs_in_period_counts_household_years(town):
    """Education aid over all years: H1 in 2016 and 2017, H2 in 2018 → 2 households, 3 years."""
    frame = town.run("programs_in_period", snapshot_date=SNAPSHOT, period="all").set_index(
        "program"
    )
    row = frame.loc["education_aid"]
    assert (row["payments"], row["households"], row["household_years"]) == (3, 2, 3)
    assert (row["people"], row["named_recipients"], row["yuan"]) == (3, 1, 1600)
    assert (row["first_paid"], row["last_paid"]) == (dt.date(2016, 10, 20), dt.date(2018, 3, 1))


def test_programs_by_village_has_every_village_and_zeros(town):
    frame = town.run("programs_by_village", snapshot_date=SNAPSHOT, period="2018")
    columns = ["village_name", "program", "payments", "households", "people", "yuan"]
    assert _rows(frame, columns) == [
        ("甲村", "education_aid", 0, 0, 0, 0),
        ("甲村", "transport_subsidy", 0, 0, 0, 0),
        ("甲村", "pv_income", 3, 1, 4, 1248),
        ("甲村", "loan_dividend", 1, 1, 4, 1800),
        ("乙村", "education_aid", 1, 1, 2, 600),
        ("乙村", "transport_subsidy", 1, 1, 1, 500),
        ("乙村", "pv_income", 0, 0, 0, 0),
        ("乙村", "loan_dividend", 2, 2, 4, 900),
    ]


# ------------------------------------------------------------------ microcredit


def test_loans_by_mode(town):
    frame = town.run("loans_by_mode", snapshot_date=SNAPSHOT)
    assert _rows(frame, ["mode", "loans", "households", "yuan", "enterprises"]) == [
        ("enterprise_use", 3, 2, 80000, 2),
        ("self_use", 2, 1, 80000, 0),
    ]
    assert frame.loc[0, "dividends_yuan"] == 2700
    assert frame.loc[0, "dividend_households"] == 3
    assert pd.isna(frame.loc[1, "dividends_yuan"])


def test_loans_by_issue_year(town):
    frame = town.run("loans_by_issue_year", snapshot_date=SNAPSHOT)
    assert _rows(frame, ["issue_year", "mode", "loans", "households", "yuan"]) == [
        (2016, "self_use", 1, 1, 50000),
        (2017, "enterprise_use", 3, 2, 80000),
        (2017, "self_use", 1, 1, 30000),
    ]


def test_loans_by_enterprise_shares_dividends_by_amount(town):
    """H1's 1,800 splits 2:1 over 甲 (40,000) and 乙 (20,000); H2's 600 goes to 乙; H3's 300 has
    no enterprise loan and gets its own row."""
    frame = town.run("loans_by_enterprise", snapshot_date=SNAPSHOT)
    assert _rows(frame, ["enterprise", "loans", "households", "yuan", "dividends_yuan"]) == [
        ("乙公司", 2, 2, 40000, 1200),
        ("甲公司", 1, 1, 40000, 1200),
        (None, 0, 1, 0, 300),
    ]


def test_loans_due_soon(town):
    """L2 falls due on 2018-09-15, within the definition's 6 months (loans_due_months); L3 fell
    due on the snapshot day itself and is not listed. An old $months_ahead is refused."""
    assert constant("loans_due_months") == 6
    with pytest.raises(ValueError, match="months_ahead"):
        town.run("loans_due_soon", snapshot_date=SNAPSHOT, months_ahead=2)
    frame = town.run("loans_due_soon", snapshot_date=SNAPSHOT)
    assert list(frame["loan_id"]) == ["L2"]
    row = frame.iloc[0]
    assert row["due_date"] == dt.date(2018, 9, 15)
    assert row["days_left"] == 77
    assert (row["village_name"], row["group_name"], row["head_name"]) == (
        "乙村",
        "二组",
        "李**",
    )


# ------------------------------------------------------------------ coverage gaps

GAPS = {
    # query → (bound to the coverage window?, rows expected on the town as written)
    "gap_students_without_education_aid": (True, ["H1-2"]),
    "gap_vocational_without_rainbow_plan": (True, ["H1-2"]),
    "gap_migrants_without_transport_subsidy": (True, ["H1-3"]),
    "gap_unsafe_housing_without_renovation": (False, [H1]),
    "gap_members_without_medical_insurance": (False, ["H2-0"]),
    "gap_households_without_family_doctor": (False, [H2]),
}


def _gap(database, name: str) -> pd.DataFrame:
    return database.run(name, snapshot_date=SNAPSHOT)


@pytest.mark.parametrize("name", list(GAPS))
def test_each_gap_is_listed_when_present(town, name):
    frame = _gap(town, name)
    key = "person_id" if "person_id" in frame.columns else "household_id"
    assert list(frame[key]) == GAPS[name][1]
    assert "id_number" not in frame.columns
    assert frame["village_name"].notna().all() and frame["head_name"].notna().all()


@pytest.mark.parametrize("name", list(GAPS))
def test_each_gap_list_is_empty_when_closed(covered_town, name):
    assert len(_gap(covered_town, name)) == 0


def test_student_gap_row_is_masked_and_says_the_household_had_aid(town):
    row = _gap(town, "gap_students_without_education_aid").iloc[0]
    assert (row["village_name"], row["group_name"], row["status"]) == ("甲村", "一组", "not_exited")
    assert (row["head_name"], row["member_name"]) == ("张**", "张**")
    assert row["school_stage"] == "secondary_vocational"
    assert bool(row["household_paid_in_window"])  # H1-1 was paid in October 2017
    assert pd.isna(row["last_paid_date"])


def test_a_payment_exactly_a_window_ago_does_not_count(town):
    """P02 was paid on 2017-06-30, twelve months to the day before the snapshot: outside the
    coverage window (benefit_window_months); a caller's old $window_months is refused, not taken."""
    assert constant("benefit_window_months") == WINDOW
    row = _gap(town, "gap_vocational_without_rainbow_plan").iloc[0]
    assert row["last_paid_date"] == dt.date(2017, 6, 30)
    assert not bool(row["household_paid_in_window"])
    with pytest.raises(ValueError, match="window_months"):
        town.run("gap_vocational_without_rainbow_plan", snapshot_date=SNAPSHOT, window_months=13)


def test_migrant_gap_keeps_the_months_away(town):
    row = _gap(town, "gap_migrants_without_transport_subsidy").iloc[0]
    assert (row["member_name"], row["migrant_work"], row["migrant_months"]) == (
        "王**",
        "out_of_province",
        6,
    )


def test_possible_double_payments(town, covered_town):
    frame = town.run("programs_possible_double_payments", snapshot_date=SNAPSHOT)
    columns = ["household_id", "program", "amount_yuan", "paid_date", "payments"]
    columns += ["distinct_people", "total_yuan", "possibly_overpaid_yuan", "payment_ids"]
    assert _rows(frame, columns) == [
        (H1, "pv_income", 416, dt.date(2018, 3, 26), 2, 0, 832, 416, "P06, P07"),
    ]
    assert frame.loc[0, "head_name"] == "张**"
    assert len(covered_town.run("programs_possible_double_payments", snapshot_date=SNAPSHOT)) == 0


def test_gap_villages(town):
    frame = town.run("gap_villages", snapshot_date=SNAPSHOT)
    assert list(frame["village_name"]) == ["甲村", "乙村"]


PROGRAMS_QUERIES = {
    "programs_by_year": {},
    "programs_in_period": {"period": "all"},
    "programs_by_village": {"period": "all"},
    "loans_by_mode": {},
    "loans_by_issue_year": {},
    "loans_by_enterprise": {},
    "loans_due_soon": {},
    "programs_possible_double_payments": {},
    "gap_villages": {},
    **{name: {} for name in GAPS},
}


@pytest.mark.parametrize("name", list(PROGRAMS_QUERIES))
def test_programs_queries_on_an_empty_snapshot_have_no_rows(empty_dir, name):
    database = open_database(empty_dir)
    try:
        assert len(database.run(name, snapshot_date=SNAPSHOT, **PROGRAMS_QUERIES[name])) == 0
    finally:
        database.close()


# ------------------------------------------------------------------ the demo and the report


def _period(demo_db, period: str) -> pd.DataFrame:
    return demo_db.run("programs_in_period", snapshot_date=SNAPSHOT, period=period).set_index(
        "program"
    )


def test_programs_in_period_gives_the_reports_figures_on_the_demo(demo_db):
    """The page's periods (a year, cut at the snapshot; all of them) give the report's figures.

    The report's windows of several years (F15–F17) are report_figures.sql's; over years, the
    household-years of F15 and F17 are the years' households added up (programs_by_year).
    """
    by_year = demo_db.run("programs_by_year", snapshot_date=SNAPSHOT)
    three_years = by_year[by_year["year"].between(2015, 2017)].groupby("program").sum()
    assert three_years.at["education_aid", "households"] == 412  # F15
    assert three_years.at["education_aid", "yuan"] == 319_750
    assert three_years.at["transport_subsidy", "households"] == 135  # F17
    assert three_years.at["transport_subsidy", "yuan"] == 91_500
    first_half = _period(demo_db, "2018")
    assert first_half.at["education_aid", "named_recipients"] == 123  # F26
    assert first_half.at["education_aid", "yuan"] == 76_025
    assert first_half.at["pv_income", "households"] == 50  # F31
    assert first_half.at["pv_income", "yuan"] == 41_600
    assert first_half.at["public_welfare_job", "named_recipients"] == 10  # F19
    everything = _period(demo_db, "all")
    assert everything.at["housing_renovation", "households"] == 14  # F20
    assert everything.at["loan_dividend", "yuan"] == 218_400  # F23
    education = by_year[by_year["program"] == "education_aid"]
    assert everything.at["education_aid", "household_years"] == education["households"].sum()


def test_programs_by_year_and_by_village_add_up_on_the_demo(demo_db, demo_sql):
    by_year = demo_db.run("programs_by_year", snapshot_date=SNAPSHOT)
    education = by_year[by_year["program"] == "education_aid"].set_index("year")
    assert education.loc[2015:2017, "households"].sum() == 412  # household-years, F15
    assert education.at[2018, "people"] == 123  # F26
    total = demo_sql.sql(
        "select sum(amount_yuan) from payments where snapshot_date = date '2018-06-30'"
    ).fetchall()[0][0]
    assert by_year["yuan"].sum() == pytest.approx(float(total))
    by_village = demo_db.run("programs_by_village", snapshot_date=SNAPSHOT, period="2018")
    assert by_village["village_code"].nunique() == 11  # F10
    pv = by_village[by_village["program"] == "pv_income"]
    assert (pv["households"].sum(), pv["yuan"].sum()) == (50, 41_600)  # F31


def test_loans_on_the_demo_give_the_reports_figures(demo_db):
    modes = demo_db.run("loans_by_mode", snapshot_date=SNAPSHOT).set_index("mode")
    assert (modes.at["enterprise_use", "households"], modes.at["enterprise_use", "yuan"]) == (
        78,
        3_120_000,
    )  # F22
    assert modes.at["enterprise_use", "dividends_yuan"] == 218_400  # F23
    assert (modes.at["self_use", "households"], modes.at["self_use", "yuan"]) == (
        85,
        4_040_000,
    )  # F24
    assert modes["yuan"].sum() == 7_160_000  # F25
    by_year = demo_db.run("loans_by_issue_year", snapshot_date=SNAPSHOT)
    assert by_year["yuan"].sum() == 7_160_000
    enterprises = demo_db.run("loans_by_enterprise", snapshot_date=SNAPSHOT)
    assert enterprises["yuan"].sum() == 3_120_000
    assert enterprises["dividends_yuan"].sum() == pytest.approx(218_400)


def test_loans_due_soon_on_the_demo_matches_an_independent_count(demo_db, demo_sql):
    expected = demo_sql.sql(
        """
        select loan_id from loans
        where snapshot_date = date '2018-06-30'
          and issued_date + to_months(term_months) > date '2018-06-30'
          and issued_date + to_months(term_months) <= date '2018-12-30'
        order by loan_id
        """
    ).fetchall()
    frame = demo_db.run("loans_due_soon", snapshot_date=SNAPSHOT)
    assert sorted(frame["loan_id"]) == [loan_id for (loan_id,) in expected]
    assert len(frame) > 0
    assert (frame["days_left"] > 0).all() and frame["days_left"].is_monotonic_increasing


def test_gaps_on_the_demo(demo_db, demo_sql):
    """The report: family doctors 100% (F21), everyone insured; the five unsafe houses of the
    demo have had no renovation; every vocational student is on the list or paid."""
    assert len(_gap(demo_db, "gap_households_without_family_doctor")) == 0
    assert len(_gap(demo_db, "gap_members_without_medical_insurance")) == 0
    unsafe = demo_sql.sql(
        "select count(*) from households where snapshot_date = date '2018-06-30'"
        " and not housing_safe and status <> 'removed'"
    ).fetchall()[0][0]
    housing = _gap(demo_db, "gap_unsafe_housing_without_renovation")
    assert 0 < len(housing) <= unsafe
    students = _gap(demo_db, "gap_students_without_education_aid")
    assert len(students) > 0
    assert not students["school_stage"].isin(["none", "preschool"]).any()
    migrants = _gap(demo_db, "gap_migrants_without_transport_subsidy")
    assert set(migrants["migrant_work"]) <= {"in_province", "out_of_province"}
    assert all("*" in name for name in migrants["member_name"])
