"""The rectification ledger: findings in step across snapshots, edits that never overwrite each
other, counts as of a day, the demo's 2018 大排查 (F34), and the town's Excel form both ways."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.cli import main
from dashboard.data import Viewer
from dashboard.ledger import measures
from dashboard.ledger.demo import build_rows, ensure_demo_ledger
from dashboard.ledger.excel import COLUMNS, ledger_table, ledger_workbook, read_ledger_workbook
from dashboard.ledger.store import EditConflict, Ledger, LedgerError
from dashboard.state_store import PostgresDatabase, SqliteDatabase, open_state

DAY = dt.date(2018, 6, 30)


def findings(*keys: tuple[str, str, str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"rule_id": rule, "household_id": household, "person_id": person,
             "village_code": "341182108200", "detail": f"{rule} {household}"}
            for rule, household, person in keys
        ],
        columns=["rule_id", "household_id", "person_id", "village_code", "detail"],
    )  # fmt: skip


@pytest.fixture
def ledger(tmp_path, state_backend) -> Ledger:
    """An empty ledger, once on SQLite and once on PostgreSQL (`state_backend`)."""
    return Ledger(open_state(tmp_path / "instance"))


def test_a_finding_becomes_one_problem_however_often_the_checks_run(ledger):
    first = ledger.sync_findings(findings(("C01", "H1", None), ("C20", "H1", "P1")), DAY, "a")
    again = ledger.sync_findings(findings(("C01", "H1", None), ("C20", "H1", "P1")), DAY, "a")
    assert (first.added, again.added, again.unchanged) == (2, 0, 2)
    assert ledger.count() == 2
    assert set(ledger.frame()["category"]) == {"two_assurances", "data_quality"}


def test_a_finding_gone_is_fixed_in_the_data_and_one_that_returns_is_reopened(ledger):
    ledger.sync_findings(
        findings(("C01", "H1", None), ("C02", "H2", None)), dt.date(2017, 12, 31), "a"
    )
    gone = ledger.sync_findings(findings(("C02", "H2", None)), DAY, "a")
    assert gone.fixed_in_data == 1
    fixed = ledger.frame().set_index("household_id").loc["H1"]
    assert (fixed["status"], fixed["fixed_in_data"], fixed["fixed_date"]) == ("fixed", 1, DAY)
    back = ledger.sync_findings(
        findings(("C01", "H1", None), ("C02", "H2", None)), dt.date(2018, 12, 31), "a"
    )
    assert back.reopened == 1
    reopened = ledger.frame().set_index("household_id").loc["H1"]
    assert (reopened["status"], reopened["reopened"]) == ("open", 1)


def test_the_later_of_two_saves_on_one_version_is_refused_and_the_first_kept(ledger):
    problem_id = ledger.add(
        source="inspection", category="policy", description="教育补助未发放",
        found_date=dt.date(2018, 3, 5), actor="analyst",
    )  # fmt: skip
    opened = ledger.get(problem_id)["version"]
    ledger.update(
        problem_id, version=opened, actor="helper-a", measures="补发", status="in_progress"
    )
    with pytest.raises(EditConflict) as refused:
        ledger.update(problem_id, version=opened, actor="helper-b", measures="另一个措施")
    assert "helper-a" in refused.value.message_zh and "not lost" in refused.value.message_en
    kept = ledger.get(problem_id)
    assert (kept["measures"], kept["status"], kept["version"]) == (
        "补发",
        "in_progress",
        opened + 1,
    )
    changes = ledger.history(problem_id)["change"].tolist()
    assert changes == ["created", "measures", "status"]


def test_cannot_fix_needs_a_reason(ledger):
    problem_id = ledger.add(
        source="audit", category="other", description="x", found_date=DAY, actor="a"
    )
    with pytest.raises(LedgerError):
        ledger.update(problem_id, version=1, actor="a", status="cannot_fix")
    saved = ledger.update(problem_id, version=1, actor="a", status="cannot_fix", reason="户已迁出")
    assert saved["status"] == "cannot_fix"


def test_counts_are_as_of_the_day_not_today():
    rows = [
        # found, deadline, fixed, status
        ("2018-03-01", "2018-04-01", "2018-03-20", "fixed"),  # fixed in time
        ("2018-03-01", "2018-04-01", "2018-06-10", "verified"),  # fixed late, this month
        ("2018-03-01", "2018-07-31", None, "in_progress"),  # open, not yet due
        ("2018-03-01", "2018-05-01", None, "open"),  # open and overdue
        ("2018-07-05", "2018-07-20", None, "open"),  # found after the day: not counted
    ]
    problems = pd.DataFrame(
        [
            {"problem_id": i, "source": "inspection", "found_date": dt.date.fromisoformat(f),
             "deadline": dt.date.fromisoformat(d), "fixed_date": x and dt.date.fromisoformat(x),
             "verified_date": None, "status": s, "village_code": "V", "responsible_id": "R",
             "category": "policy"}
            for i, (f, d, x, s) in enumerate(rows)
        ]
    )  # fmt: skip
    assert measures.cards(problems, DAY) == {
        "total": 4, "open": 2, "overdue": 1, "fixed_this_month": 1,
    }  # fmt: skip
    # On 2018-04-15 the late one was still open and overdue, the other open one not yet due.
    assert measures.cards(problems, dt.date(2018, 4, 15)) == {
        "total": 4, "open": 3, "overdue": 1, "fixed_this_month": 0,
    }  # fmt: skip


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_ledger(request, demo_db, tmp_path_factory) -> Ledger:
    """The demo's ledger, written once into a SQLite file and once into PostgreSQL."""
    if request.param == "sqlite":
        database = SqliteDatabase(tmp_path_factory.mktemp("ledger") / "state.sqlite")
        ledger = Ledger(database)
        ensure_demo_ledger(demo_db, ledger)
        yield ledger
        return
    server = request.getfixturevalue("postgres_server")
    schema, url = server.fresh_url()
    database = PostgresDatabase(url)
    ledger = Ledger(database)
    ensure_demo_ledger(demo_db, ledger)
    yield ledger
    database.close()
    server.admin(f"drop schema {schema} cascade")


def test_the_demo_holds_just_under_two_thousand_problems_of_the_2018_inspection(
    demo_ledger, demo_db
):
    problems = demo_ledger.frame()
    assert 1900 <= measures.inspection_count(problems, DAY) <= 1999  # F34, "近2000件"
    assert problems["found_date"].between(dt.date(2018, 3, 1), dt.date(2018, 5, 31)).all()
    cards = measures.cards(problems, DAY)
    assert cards["open"] < 0.2 * cards["total"]  # most fixed by the half-year
    assert cards["overdue"] > 0
    assert ensure_demo_ledger(demo_db, demo_ledger) == 0  # never written twice


def test_two_servers_seeding_the_demo_at_once_seed_it_once(demo_db, tmp_path, state_backend):
    """Both find the ledger empty, both build the rows; the write transaction lets one in."""
    instance = tmp_path / "instance"
    first, second = Ledger(open_state(instance)), Ledger(open_state(instance))
    rows = build_rows(demo_db)
    assert first.count() == second.count() == 0
    barrier = threading.Barrier(2)
    written = []

    def seed(ledger: Ledger) -> None:
        barrier.wait()
        written.append(ledger.add_many(rows, "demo", only_if_empty=True))

    threads = [threading.Thread(target=seed, args=(ledger,)) for ledger in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(written) == [0, len(rows)]
    assert first.count() == len(rows)


def test_the_excel_ledger_goes_out_and_comes_back(demo_ledger, demo_db, tmp_path):
    names = demo_db.run("ledger_names", viewer=Viewer(show_names=True), snapshot_date=DAY)
    problems = demo_ledger.frame()
    village = problems[problems["village_code"] == "341182108206"]
    table = ledger_table(village, names)
    workbook = ledger_workbook(table, "山南村整改台账")
    sheet = load_workbook(io.BytesIO(workbook)).active
    assert tuple(cell.value for cell in sheet[2]) == COLUMNS
    assert sheet.max_row == 2 + len(village)
    read, errors = read_ledger_workbook(workbook, names, DAY)
    assert errors == []
    assert len(read) == len(village)
    assert {row["household_id"] for row in read} == set(village["household_id"])
    assert sorted(row["status"] for row in read) == sorted(village["status"])


def test_a_bad_excel_ledger_is_refused_row_by_row_with_nothing_written(
    demo_dir, tmp_path, capsys, state_backend
):
    path = tmp_path / "town.xlsx"
    bad = pd.DataFrame(
        [
            {"序号": 1, "村": "山南村", "户主": "", "问题描述": "公示栏未更新", "状态": "待整改"},
            {"序号": 2, "村": "不存在村", "户主": "", "问题描述": "x", "状态": "待整改"},
            {"序号": 3, "村": "山南村", "户主": "", "问题描述": "y", "状态": "搞定了"},
            {"序号": 4, "村": "无名村", "户主": "", "问题描述": "z", "状态": "待整改"},
        ]
    )
    bad.to_excel(path, index=False)
    main(["ledger", "summary", "--data", str(demo_dir)])  # the demo's inspection, written once
    before = Ledger.of(demo_dir).count()
    assert main(["ledger", "import", "--data", str(demo_dir), str(path)]) == 2
    out = capsys.readouterr()
    # Grouped as the roster import groups: the two unknown villages are one line with rows 3, 5.
    lines = out.out.splitlines()
    villages = [line for line in lines if "村 取值有误" in line]
    assert len(villages) == 1 and "2 行（3, 5）" in villages[0], lines
    assert any("状态 取值有误" in line and "1 行（4）" in line for line in lines), lines
    assert "3 rows have problems; nothing written" in out.err
    assert Ledger.of(demo_dir).count() == before


def test_the_deck_and_the_narrative_tell_the_ledger_as_it_stands(demo_db, demo_ledger):
    from dashboard.evaluation.figures import compute
    from dashboard.evaluation.narrative import build_narrative
    from dashboard.evaluation.period import parse_period, resolve
    from dashboard.evaluation.slides import build_slides

    periods = resolve(parse_period("2018H1"), demo_db.snapshots)
    problems = demo_ledger.frame()
    figures = compute(demo_db.run, periods, None).with_rectification(problems)
    cards = measures.cards(problems, DAY)
    slide = next(s for s in build_slides(figures, "zh") if s.key == "rectification")
    assert [kpi.value for kpi in slide.kpis] == [
        f"{cards[key]:,}" for key in ("total", "open", "overdue", "fixed_this_month")
    ]
    chart = slide.charts[0]
    assert sum(sum(series.values) for series in chart.series) == cards["total"]
    text = build_narrative(figures, "zh")
    assert f"共梳理各类问题{cards['total']}件" in text
    assert f"其中{cards['overdue']}件已超过整改时限" in text
    # A village's deck counts only the village's problems.
    village = compute(demo_db.run, periods, "341182108206").with_rectification(problems)
    in_village = (problems["village_code"] == "341182108206").sum()
    assert village.rectification["cards"]["total"] == in_village < cards["total"]
    # Without a ledger, the deck has no such slide.
    plain = compute(demo_db.run, periods, None)
    assert "rectification" not in [s.key for s in build_slides(plain, "zh")]


def test_who_is_behind_at_each_level_of_the_area():
    """Two towns of one county: the county's ledger splits by town and village; a town's by
    village only. Counted as of the day, most overdue first."""
    rows = [
        # village, deadline, fixed
        ("341182108206", "2018-04-01", None),  # town 108: overdue
        ("341182108206", "2018-04-01", None),  # overdue
        ("341182108207", "2018-04-01", "2018-04-20"),  # fixed
        ("341182109201", "2018-08-01", None),  # town 109: open, not yet due
    ]
    problems = pd.DataFrame(
        [
            {"problem_id": i, "source": "inspection", "found_date": dt.date(2018, 3, 1),
             "deadline": dt.date.fromisoformat(d), "fixed_date": x and dt.date.fromisoformat(x),
             "verified_date": None, "status": "fixed" if x else "open", "village_code": v,
             "responsible_id": "R", "category": "policy"}
            for i, (v, d, x) in enumerate(rows)
        ]
    )  # fmt: skip
    assert measures.levels_below("341182", problems["village_code"]) == ["town", "village"]
    assert measures.levels_below("341182108", problems["village_code"]) == ["village"]
    towns = measures.by_level(problems, DAY, "town")
    assert towns[["area_code", "problems", "open", "overdue", "closed"]].values.tolist() == [
        ["341182108", 3, 2, 2, 1],
        ["341182109", 1, 1, 0, 0],
    ]
    assert len(measures.in_area(problems, "341182109")) == 1


def test_a_sync_keeps_to_its_area_and_never_goes_back_to_an_older_snapshot(ledger):
    other_village = findings(("C03", "H9", None)).assign(village_code="341182108207")
    ledger.sync_findings(pd.concat([findings(("C01", "H1", None)), other_village]), DAY, "a")
    # An analyst of village 200 syncs a later snapshot: his finding is gone, the other's stays.
    later = dt.date(2018, 12, 31)
    result = ledger.sync_findings(findings(), later, "a", area="341182108200")
    assert result.fixed_in_data == 1
    status = ledger.frame().set_index("household_id")["status"]
    assert (status["H1"], status["H9"]) == ("fixed", "open")
    with pytest.raises(LedgerError) as refused:
        ledger.sync_findings(findings(("C01", "H1", None)), DAY, "a", area="341182108200")
    assert "2018-12-31" in refused.value.message_zh and "earlier" in refused.value.message_en
    # The whole town's last sync is the village's too: the town cannot go back either.
    with pytest.raises(LedgerError):
        ledger.sync_findings(findings(), DAY, "a")
    assert ledger.last_sync("341182108207") == DAY  # that village was synced on DAY only


def test_the_store_keeps_an_assignment_and_its_history(ledger):
    problem_id = ledger.add(
        source="supervision", category="policy", description="补助未发放",
        found_date=DAY, actor="analyst",
    )  # fmt: skip
    saved = ledger.update(
        problem_id, version=1, actor="analyst", responsible_id="H0007",
        deadline=dt.date(2018, 7, 20),
    )  # fmt: skip
    assert (saved["responsible_id"], saved["deadline"], saved["version"]) == (
        "H0007",
        "2018-07-20",
        2,
    )
    events = ledger.history(problem_id)
    assert events[["change", "old_value", "new_value"]].values.tolist()[1:] == [
        ["responsible_id", None, "H0007"],
        ["deadline", None, "2018-07-20"],
    ]


def test_the_weekly_progress_is_the_state_as_of_each_week(demo_ledger):
    """`progress` reads the dates once; each of its weeks must be `as_of` that week."""
    problems = demo_ledger.frame()
    weekly = measures.progress(problems, DAY)
    assert len(weekly) > 10 and weekly["week"].iloc[-1] == DAY
    for week, found, still_open in weekly.itertuples(index=False):
        state = measures.as_of(problems, week)
        assert (found, still_open) == (len(state), int(state["is_open"].sum())), week
    assert weekly["found"].is_monotonic_increasing


def test_the_picker_titles_say_when_a_problem_has_no_deadline(ledger):
    dated = ledger.add(
        source="inspection", category="policy", description="教育补助未发放",
        found_date=dt.date(2018, 3, 5), actor="analyst",
    )  # fmt: skip
    ledger.update(dated, version=1, actor="analyst", deadline=dt.date(2018, 4, 1))
    undated = ledger.add(
        source="supervision", category="other", description="公示栏未更新",
        found_date=dt.date(2018, 6, 20), actor="analyst",
    )  # fmt: skip
    titles = measures.problem_titles(measures.select(ledger.frame(), DAY))
    assert titles[dated] == f"#{dated} · 2018-04-01 · 逾期 · 教育补助未发放"
    assert titles[undated] == f"#{undated} · 未定期限 · 公示栏未更新"
    english = measures.problem_titles(measures.select(ledger.frame(), DAY), "en")
    assert english[undated] == f"#{undated} · no deadline · 公示栏未更新"
