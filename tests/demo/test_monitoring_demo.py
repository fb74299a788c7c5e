"""The demo town after the report: exits to 2020, then the monitoring years 2021–2025.

Checked on the Parquet files of the whole town (`full_demo_sql`, plain DuckDB), against the
rules of shared/reference/monitoring-rules.md and the data contract v1.2.
"""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest
from pandas.testing import assert_frame_equal

from dashboard import contract
from dashboard.data import open_database
from dashboard.demo.build import build_demo
from dashboard.demo.later import LaterTown
from dashboard.errors import SnapshotNotFound
from dashboard.report_figures import check_figures
from tests.demo_facts import monitoring_rows_against_the_rules
from tests.tuopin_process import tuopin

REPORT_DATE = dt.date(2018, 6, 30)
# The demo's monitoring line for Anhui by income year (2021: the national floor, 1.5 x 4,000).
MONITORING_LINE = {2021: 6000, 2022: 6600, 2023: 7100, 2024: 7500, 2025: 8000}
# "超六成" of objects eliminated at 2024-09, 63.5 % in 2023 (monitoring-rules.md §6.1).
PUBLIC_ELIMINATED_SHARE = 0.6


def test_every_household_has_exited_by_the_end_of_2020(full_demo_sql):
    """On 2020-12-31 the 650 registered households are all exited; none was before 2020."""
    rows = full_demo_sql.execute(
        "select snapshot_date, status, count(*) from households "
        "where snapshot_date in ('2019-12-31', '2020-12-31') group by all order by all"
    ).fetchall()
    final = {status: count for day, status, count in rows if day == dt.date(2020, 12, 31)}
    assert final == {"exited": 650}
    before = {status: count for day, status, count in rows if day == dt.date(2019, 12, 31)}
    assert before.get("not_exited", 0) > 0


def test_the_report_snapshots_are_unchanged_by_the_later_years(demo_dir, full_demo_dir):
    """The full town's eight report snapshots hold the same rows as the town built to 2018."""
    connection = duckdb.connect()
    for folder in sorted((demo_dir / "snapshots").iterdir()):
        for name in contract.TABLE_NAMES:
            short = str(folder / f"{name}.parquet")
            full = str(full_demo_dir / "snapshots" / folder.name / f"{name}.parquet")
            differing = connection.execute(
                f"select count(*) from ((select * from '{short}' except all "
                f"select * from '{full}') union all (select * from '{full}' "
                f"except all select * from '{short}'))"
            ).fetchone()[0]
            assert differing == 0, f"{name} in {folder.name}"
    assert len(list((demo_dir / "snapshots").iterdir())) == 8


def test_the_33_figures_hold_on_the_full_town(full_demo_dir):
    """monitored_only households and the later years change no figure of 2018-06-30."""
    database = open_database(full_demo_dir)
    try:
        checks = check_figures(database, REPORT_DATE)
    finally:
        database.close()
    assert len(checks) == 33
    assert [c.figure.figure_id for c in checks if not c.matches] == []


def test_tuopin_figures_compares_on_the_report_date_by_default(full_demo_dir):
    """`tuopin figures` on the full demo picks 2018-06-30, not the latest snapshot, and exits 0."""
    result = tuopin("figures", "--data", str(full_demo_dir), "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["snapshot_date"] == "2018-06-30"
    assert answer["matched"] == answer["total"] == 33
    latest = tuopin("figures", "--data", str(full_demo_dir), "--snapshot", "2025-12-31", "--json")
    assert json.loads(latest.stdout)["snapshot_date"] == "2025-12-31"
    assert latest.returncode == 1  # all exited by then: the report's 2018 figures differ


def test_monitoring_rows_follow_the_rules(full_demo_sql):
    """Each row: its household is there, exited or monitored_only, of the matching kind;
    eliminated_date set exactly when eliminated, between identification and the snapshot;
    nothing identified before 2021 (the mechanism of 中农组发〔2021〕7号)."""
    wrong = monitoring_rows_against_the_rules(
        full_demo_sql,
        "m.snapshot_date, m.household_id, m.object_type, h.status, m.identified_date, "
        "m.eliminated, m.eliminated_date",
    )
    assert wrong == []
    kinds = full_demo_sql.execute(
        "select object_type, count(distinct household_id) from monitoring "
        "where snapshot_date = '2025-12-31' group by all"
    ).fetchall()
    assert {kind for kind, _ in kinds} == {"unstable_exited", "edge", "sudden_hardship"}
    sudden = full_demo_sql.execute(
        "select distinct h.status from monitoring as m join households as h "
        "using (snapshot_date, household_id) where m.object_type = 'sudden_hardship'"
    ).fetchall()
    assert {row[0] for row in sudden} == {"exited", "monitored_only"}


def test_no_monitoring_before_2021(full_demo_sql):
    """Snapshots up to 2020 hold no monitoring row and no monitored_only household."""
    counts = full_demo_sql.execute(
        """
        select
            (select count(*) from monitoring where snapshot_date < '2021-01-01'),
            (select count(*) from households
             where snapshot_date < '2021-01-01' and status = 'monitored_only')
        """
    ).fetchone()
    assert counts == (0, 0)


def test_a_spell_keeps_its_facts_from_snapshot_to_snapshot(full_demo_sql):
    """A row, once recorded, is in every later snapshot with the same kind; once eliminated it
    stays eliminated on the same date."""
    wrong = full_demo_sql.execute(
        """
        with pairs as (
            select a.household_id, a.identified_date, a.snapshot_date as earlier,
                   b.snapshot_date as later, a.object_type as kind_a, b.object_type as kind_b,
                   a.eliminated_date as gone_a, b.eliminated_date as gone_b
            from monitoring as a
            left join monitoring as b
              on b.household_id = a.household_id and b.identified_date = a.identified_date
             and b.snapshot_date = (select min(snapshot_date) from households
                                    where snapshot_date > a.snapshot_date)
            where a.snapshot_date < '2025-12-31'
        )
        select * from pairs
        where later is null or kind_a <> kind_b
           or (gone_a is not null and (gone_b is null or gone_b <> gone_a))
        limit 5
        """
    ).fetchall()
    assert wrong == []


def test_monitored_only_households_enter_the_year_they_became_objects(full_demo_sql):
    """A monitored_only household's identified_year is the year of its first identification,
    and it first appears in the snapshot at that year's end."""
    wrong = full_demo_sql.execute(
        """
        with first_spell as (
            select household_id, min(identified_date) as first_identified
            from monitoring where snapshot_date = '2025-12-31' group by household_id
        ), first_seen as (
            select household_id, min(snapshot_date) as first_snapshot, any_value(identified_year)
                   as identified_year
            from households where status = 'monitored_only' group by household_id
        )
        select s.household_id, s.first_snapshot, s.identified_year, f.first_identified
        from first_seen as s left join first_spell as f using (household_id)
        where f.first_identified is null
           or s.identified_year <> year(f.first_identified)
           or s.first_snapshot <> make_date(year(f.first_identified), 12, 31)
        """
    ).fetchall()
    assert wrong == []


def test_relapses_are_a_second_row_after_the_first_is_eliminated(full_demo_sql):
    """Some households are identified again after their risk was eliminated: a second row,
    identified after the first row's elimination."""
    rows = full_demo_sql.execute(
        """
        select household_id, identified_date, eliminated_date,
               lag(eliminated_date) over (partition by household_id order by identified_date)
                   as previous_eliminated
        from monitoring where snapshot_date = '2025-12-31'
        qualify count(*) over (partition by household_id) > 1
        """
    ).fetchall()
    seconds = [
        row
        for row in rows
        if row[3] is not None or row[1] != min(r[1] for r in rows if r[0] == row[0])
    ]
    assert len({row[0] for row in rows}) >= 3
    for household_id, identified, _, previous in seconds:
        assert previous is not None and previous < identified, household_id


def test_elimination_share_by_2024_is_near_the_public_figure(full_demo_sql):
    """Of every row identified by 2024-12-31, about six in ten are eliminated by then (the
    public "超六成" of 2024-09); 2023 near the public 63.5 %; the first year far lower."""
    shares = dict(
        full_demo_sql.execute(
            "select snapshot_date, avg(eliminated::int) from monitoring "
            "group by snapshot_date order by snapshot_date"
        ).fetchall()
    )
    share_2024 = shares[dt.date(2024, 12, 31)]
    assert PUBLIC_ELIMINATED_SHARE - 0.05 <= share_2024 <= PUBLIC_ELIMINATED_SHARE + 0.08
    assert 0.55 <= shares[dt.date(2023, 12, 31)] <= 0.72
    first_years = [shares[dt.date(year, 12, 31)] for year in (2021, 2022, 2023)]
    assert first_years == sorted(first_years) and first_years[0] < 0.3


def test_some_risks_are_eliminated_too_early(full_demo_sql):
    """Within six months of identification, and with income still under the year's line."""
    quick = full_demo_sql.execute(
        "select count(*) from monitoring where snapshot_date = '2025-12-31' and eliminated "
        "and eliminated_date < identified_date + interval 6 month"
    ).fetchone()[0]
    assert quick >= 3
    eliminated_low = 0
    for year, line in MONITORING_LINE.items():
        eliminated_low += full_demo_sql.execute(
            """
            select count(*) from monitoring as m
            join households as h using (snapshot_date, household_id)
            where m.snapshot_date = make_date($year, 12, 31) and m.eliminated
              and year(m.eliminated_date) = $year and h.income_year = $year
              and h.income_per_capita < $line
            """,
            {"year": year, "line": line},
        ).fetchone()[0]
    assert eliminated_low >= 2


def test_objects_at_risk_are_mostly_under_the_line(full_demo_sql):
    """Unstable exited and edge objects not yet eliminated earn under the line at the year's
    end, most of them; sudden-hardship objects earn above it (their trouble is a shock)."""
    for year, line in MONITORING_LINE.items():
        under, total, sudden_above, sudden = full_demo_sql.execute(
            """
            select
                count(*) filter (where m.object_type <> 'sudden_hardship'
                                 and h.income_per_capita < $line),
                count(*) filter (where m.object_type <> 'sudden_hardship'),
                count(*) filter (where m.object_type = 'sudden_hardship'
                                 and h.income_per_capita >= $line),
                count(*) filter (where m.object_type = 'sudden_hardship')
            from monitoring as m join households as h using (snapshot_date, household_id)
            where m.snapshot_date = make_date($year, 12, 31) and not m.eliminated
            """,
            {"year": year, "line": line},
        ).fetchone()
        assert total > 0 and under / total > 0.8, (year, under, total)
        assert sudden_above == sudden, year


def test_measures_have_gaps_on_purpose(full_demo_sql):
    """Some objects have no measure at all; some with labour have no 产业/就业 measure."""
    none, labour_without = full_demo_sql.execute(
        """
        with able as (
            select snapshot_date, household_id from members
            where labor in ('normal', 'skilled', 'weak') group by all
        )
        select
            count(*) filter (where m.measures is null),
            count(*) filter (where m.measures is not null and a.household_id is not null
                             and m.measures not like '%产业%' and m.measures not like '%就业%')
        from monitoring as m
        left join able as a using (snapshot_date, household_id)
        where m.snapshot_date = '2025-12-31'
        """
    ).fetchone()
    assert none >= 3 and labour_without >= 3


def test_department_records_of_every_kind_the_brief_names(full_demo_sql):
    """医保 bills with out-of-pocket amounts, new disabilities, dropouts, disasters, deaths;
    the 2018 回头看's cars, businesses and public-payroll staff among registered members."""
    kinds = set(
        full_demo_sql.execute(
            "select distinct department, kind from department_records "
            "where snapshot_date = '2025-12-31'"
        ).fetchall()
    )
    for wanted in (
        ("medical_insurance", "住院自付费用"),
        ("disability", "新增残疾"),
        ("education", "义务教育辍学"),
        ("emergency", "受灾"),
        ("public_security", "死亡注销"),
        ("vehicles", "车辆登记"),
        ("market_regulation", "工商注册"),
        ("public_payroll", "财政供养人员"),
    ):
        assert wanted in kinds, wanted
    bills = full_demo_sql.execute(
        "select count(*), min(amount_yuan) from department_records "
        "where snapshot_date = '2025-12-31' and department = 'medical_insurance'"
    ).fetchone()
    assert bills[0] > 100 and bills[1] > 0
    roundup = full_demo_sql.execute(
        """
        select r.department, r.record_date, count(m.person_id) as registered
        from department_records as r
        left join members as m
          on m.snapshot_date = date '2018-12-31' and m.id_number = r.id_number
        where r.snapshot_date = '2018-12-31'
          and r.department in ('vehicles', 'market_regulation', 'public_payroll')
        group by all
        """
    ).fetchall()
    assert len(roundup) >= 10
    for department, day, registered in roundup:
        assert dt.date(2018, 7, 1) <= day <= dt.date(2018, 12, 31), (department, day)
        assert registered == 1, department


def test_records_about_people_outside_the_register_and_the_dead(full_demo_sql):
    """Some records name people in no household; a person recorded dead is gone from members
    in the next snapshot."""
    outside = full_demo_sql.execute(
        """
        select count(*) from department_records as r
        where r.snapshot_date = '2025-12-31'
          and r.id_number not in (select id_number from members)
        """
    ).fetchone()[0]
    assert outside >= 5
    still_there = full_demo_sql.execute(
        """
        select r.id_number, m.snapshot_date from department_records as r
        join members as m on m.id_number = r.id_number
        where r.snapshot_date = '2025-12-31' and r.kind = '死亡注销'
          and m.snapshot_date > r.record_date
        """
    ).fetchall()
    assert still_there == []


def test_until_before_the_first_snapshot_is_refused(tmp_path):
    """`build_demo(until=...)` before 2014-12-31: an error in both languages, nothing written."""
    with pytest.raises(SnapshotNotFound) as raised:
        build_demo(tmp_path / "data", maps_dir=None, until=dt.date(2014, 1, 1))
    assert "2014-12-31" in raised.value.message_zh and "2014-12-31" in raised.value.message_en
    assert not (tmp_path / "data").exists()


def test_tuopin_demo_until_the_report(tmp_path):
    """`tuopin demo --until 2018-06-30` writes the report's eight snapshots; a date it cannot
    read is refused in both languages with exit code 2."""
    data_dir = tmp_path / "data"
    result = tuopin("demo", "--data", str(data_dir), "--until", "2018-06-30", timeout=300)
    assert result.returncode == 0, result.stderr
    folders = sorted(p.name for p in (data_dir / "snapshots").iterdir())
    assert folders[0] == "snapshot_date=2014-12-31" and folders[-1] == "snapshot_date=2018-06-30"
    assert len(folders) == 8
    wrong = tuopin("demo", "--data", str(tmp_path / "other"), "--until", "2018-13-01")
    assert wrong.returncode == 2
    assert "YYYY-MM-DD" in wrong.stderr and "无法识别" in wrong.stderr
    assert not (tmp_path / "other").exists()


def test_the_later_years_are_the_same_on_every_run():
    """LaterTown() twice gives identical monitoring, department records and households in 2025."""
    day = dt.date(2025, 12, 31)
    first, second = LaterTown().tables_at(day), LaterTown().tables_at(day)
    for name in ("households", "members", "monitoring", "department_records", "visits"):
        assert len(first[name]) > 0, name
        assert_frame_equal(first[name], second[name], check_exact=True, obj=name)
