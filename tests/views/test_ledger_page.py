"""The rectification ledger page (/ledger) driven headless with AppTest, run as its own script."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from dashboard.ledger import measures
from dashboard.ledger.store import Ledger

PAGE = str(Path(__file__).resolve().parents[2] / "dashboard" / "views" / "ledger.py")
TIMEOUT_SECONDS = 60
DAY = dt.date(2018, 6, 30)


def open_page(monkeypatch, data_dir: Path, role: str | None = None, **query_params: str) -> AppTest:
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    app = AppTest.from_file(PAGE, default_timeout=TIMEOUT_SECONDS)
    if role is not None:  # else the open demo's own identity (names masked)
        sign_in(app, role)
    app.query_params.update(query_params)
    app.run()
    assert not app.exception, [error.value for error in app.exception]
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_the_cards_are_the_ledgers_as_of_the_snapshot_for_the_chosen_village(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir, village="341182108206", state="overdue")
    problems = Ledger.of(demo_dir).frame()
    chosen = measures.select(problems, DAY, village_code="341182108206", overdue_only=True)
    assert metrics(app)["问题（件）"] == f"{len(chosen):,}"
    assert metrics(app)["逾期（件）"] == f"{len(chosen):,}"
    assert (
        app.query_params["village"] == ["341182108206"]
        or app.query_params["village"] == "341182108206"
    )


def test_a_save_on_a_version_someone_else_changed_is_refused_with_nothing_lost(
    monkeypatch, demo_dir
):
    app = open_page(monkeypatch, demo_dir, village="341182108206")
    problem_id = app.selectbox(key="ledger_pick").value
    ledger = Ledger.of(demo_dir)
    opened = ledger.get(problem_id)
    # Someone else saves first, from the command line or another browser.
    ledger.update(problem_id, version=opened["version"], actor="someone", measures="先到的措施")
    app.text_area[0].input("后到的措施")
    app.button[0].click()  # the form's save button
    app.run()
    assert any("没有保存" in error.value and "someone" in error.value for error in app.error)
    assert ledger.get(problem_id)["measures"] == "先到的措施"


def test_a_notice_is_made_on_the_page_and_audited(monkeypatch, demo_dir):
    from dashboard.access import audit
    from dashboard.access.store import open_store

    masked = open_page(monkeypatch, demo_dir)  # the open demo masks names: no notices
    assert "notice_village" not in [widget.key for widget in masked.selectbox]
    app = open_page(monkeypatch, demo_dir, role="analyst")
    app.selectbox(key="notice_village").set_value("341182108206")
    app.text_input(key="notice_phone").input("0550-8123456")
    app.button(key="notice_make").click()
    app.run()
    assert not app.exception
    store = open_store(demo_dir)
    made = [entry for entry in audit.entries(store) if entry.event == "notice.made"]
    assert made and made[-1].detail["village"] == "341182108206"
    assert made[-1].actor == "test-analyst"


def test_the_monitoring_notice_is_offered_as_the_command_line_does(monkeypatch, full_demo_dir):
    """The form's kinds are `tuopin notice --kind`'s: the 5-day monitoring notice names the
    spells identified in the year in the village (counted here on the Parquet files)."""
    from dashboard.access import audit
    from dashboard.access.store import open_store

    (day,) = duckdb.execute(
        f"select max(snapshot_date) from read_parquet('{full_demo_dir}/snapshots/*/monitoring.parquet',"
        " hive_partitioning = true)"
    ).fetchone()
    village, spells = duckdb.execute(
        f"""
        select h.village_code, count(*)
        from read_parquet('{full_demo_dir}/snapshots/*/monitoring.parquet', hive_partitioning = true) m
        join read_parquet('{full_demo_dir}/snapshots/*/households.parquet', hive_partitioning = true) h
          on h.snapshot_date = m.snapshot_date and h.household_id = m.household_id
        where m.snapshot_date = $day and year(m.identified_date) = year($day)
        group by 1 order by 2 desc, 1 limit 1
        """,
        {"day": day},
    ).fetchone()
    app = open_page(monkeypatch, full_demo_dir, role="analyst")
    kinds = app.selectbox(key="notice_kind")
    assert list(kinds.options) == ["拟退出贫困户", "拟识别贫困户", "拟纳入防返贫监测对象"]
    kinds.set_value("monitoring")
    app.selectbox(key="notice_village").set_value(village)
    app.number_input(key="notice_year").set_value(day.year)
    app.text_input(key="notice_phone").input("0550-8123456")
    app.button(key="notice_make").click()
    app.run()
    assert not app.exception
    made = [e for e in audit.entries(open_store(full_demo_dir)) if e.event == "notice.made"]
    assert made[-1].detail["kind"] == "monitoring"
    assert made[-1].detail["village"] == village
    assert made[-1].detail["households"] == spells > 0


def busiest_helper(data_dir: Path) -> str:
    """The helper responsible for the most problems of the demo's ledger."""
    return Ledger.of(data_dir).frame()["responsible_id"].value_counts().index[0]


def status_options(app: AppTest) -> list[str]:
    picked = next(box for box in app.selectbox if box.key.startswith("ledger_status_"))
    return list(picked.options)


def test_an_analyst_assigns_the_helper_and_the_deadline_and_the_save_is_audited(
    monkeypatch, demo_dir
):
    from dashboard.access import audit
    from dashboard.access.store import open_store

    app = open_page(monkeypatch, demo_dir, role="analyst", village="341182108206")
    assert status_options(app) == ["待整改", "整改中", "已整改", "已验收", "无法整改"]
    problem_id = app.selectbox(key="ledger_pick").value
    version = Ledger.of(demo_dir).get(problem_id)["version"]
    responsible = app.selectbox(key=f"ledger_responsible_{problem_id}_{version}")
    problem = Ledger.of(demo_dir).get(problem_id)
    current = problem["responsible_id"]
    # Offered: the helpers and contacts answering for the problem's village, read off the files.
    folder = demo_dir / "snapshots" / "snapshot_date=2018-06-30"
    # A connection of its own: the module-level default one may hold another test's half-read
    # result (DuckDB refuses new work on it then).
    answering = (
        duckdb.connect()
        .execute(
            "select distinct unnest([helper_id, village_contact_id]) from read_parquet($file) "
            "where village_code = $village and status <> 'removed'",
            {"file": str(folder / "households.parquet"), "village": problem["village_code"]},
        )
        .fetchall()
    )
    answering = {code for (code,) in answering if code}
    # One choice each, the one responsible now if he is not among them, and "nobody".
    assert len(responsible.options) == len(answering | {current} - {None}) + 1
    other = sorted(answering - {current})[0]
    responsible.set_value(other)
    app.date_input(key=f"ledger_deadline_{problem_id}_{version}").set_value(dt.date(2018, 7, 15))
    app.button[0].click()  # the form's save
    app.run()
    assert not app.exception
    saved = Ledger.of(demo_dir).get(problem_id)
    assert (saved["responsible_id"], saved["deadline"]) == (other, "2018-07-15")
    assert saved["version"] == version + 1
    assert any(f"问题 {problem_id} 已保存" in message.value for message in app.success)
    entry = [e for e in audit.entries(open_store(demo_dir)) if e.event == "ledger.changed"][-1]
    assert entry.detail["problem"] == problem_id and "responsible_id" in entry.detail["fields"]


def test_a_helper_sees_only_his_problems_and_moves_them_no_further_than_fixed(
    monkeypatch, demo_dir
):
    helper = busiest_helper(demo_dir)
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    app = AppTest.from_file(PAGE, default_timeout=TIMEOUT_SECONDS)
    sign_in(app, "helper", helper_id=helper)
    app.run()
    assert not app.exception, [error.value for error in app.exception]
    mine = Ledger.of(demo_dir).frame()
    mine = mine[(mine["responsible_id"] == helper) & (mine["found_date"] <= DAY)]
    assert any(f"{len(mine):,} 件问题" in info.value for info in app.info)  # "my problems"
    assert set(app.selectbox(key="ledger_pick").options) <= {
        title for title in measures.problem_titles(measures.select(mine, DAY)).values()
    }
    assert metrics(app)["问题（件）"] == f"{len(mine):,}"
    # No assigning, no reason, no import, no sync: measures, results, and three statuses.
    keys = [widget.key or "" for widget in (*app.selectbox, *app.text_input, *app.date_input)]
    assert not any(
        key.startswith(("ledger_responsible_", "ledger_deadline_", "ledger_reason_"))
        for key in keys
    )
    assert "ledger_sync" not in [button.key for button in app.button]
    picked = Ledger.of(demo_dir).get(app.selectbox(key="ledger_pick").value)
    assert picked["status"] in ("open", "in_progress")  # the most urgent first: an overdue one
    assert status_options(app) == ["待整改", "整改中", "已整改"]


def test_a_leader_reads_the_ledger_and_may_change_nothing(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir, role="leader")
    assert any("不能修改" in info.value for info in app.info)
    assert not [box for box in app.selectbox if (box.key or "").startswith("ledger_status_")]
    assert "ledger_pick" not in [box.key for box in app.selectbox]
    assert (
        metrics(app)["问题（件）"] == f"{len(measures.as_of(Ledger.of(demo_dir).frame(), DAY)):,}"
    )


def test_below_the_page_a_helper_cannot_assign_verify_or_touch_anothers_problem(
    monkeypatch, demo_dir
):
    """`ledger_access.save` decides, whatever a page (or a forged form) sends."""
    helper = busiest_helper(demo_dir)
    frame = Ledger.of(demo_dir).frame()
    own = frame[(frame["responsible_id"] == helper) & (frame["status"] == "in_progress")]
    other = frame[frame["responsible_id"] != helper]
    own_id, other_id = int(own["problem_id"].iloc[0]), int(other["problem_id"].iloc[0])

    def attempts(own_id: int, other_id: int) -> None:
        import datetime as dt

        import streamlit as st

        from dashboard.ui import ledger_access

        def version(problem_id: int) -> int:
            return ledger_access.problem(problem_id)["version"]

        day = dt.date(2018, 6, 30)
        tries = {
            "assign": dict(status="in_progress", responsible_id="somebody"),
            "deadline": dict(status="in_progress", deadline=dt.date(2019, 1, 1)),
            "verify": dict(status="verified"),
            "give_up": dict(status="cannot_fix", reason="搬走了"),
            "other": dict(status="in_progress", measures="x", problem=other_id),
            "own": dict(status="fixed", measures="入户核实并更正", result="已更正"),
        }
        for name, change in tries.items():
            problem_id = change.pop("problem", own_id)
            outcome = ledger_access.save(problem_id, version=version(problem_id), on=day, **change)
            st.text(f"{name}: {outcome or 'saved'}")

    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    app = AppTest.from_function(attempts, args=(own_id, other_id), default_timeout=TIMEOUT_SECONDS)
    sign_in(app, "helper", helper_id=helper)
    app.run()
    assert not app.exception, [error.value for error in app.exception]
    said = dict(line.value.split(": ", 1) for line in app.text)
    assert "只有扶贫专干可以指定责任人" in said["assign"]
    assert "只有扶贫专干可以指定责任人" in said["deadline"]
    assert "只有扶贫专干可以验收" in said["verify"]
    assert "只有扶贫专干" in said["give_up"]
    assert "不能修改这件问题" in said["other"]
    assert said["own"] == "saved"
    kept = Ledger.of(demo_dir).get(own_id)
    assert (kept["status"], kept["result"], kept["responsible_id"]) == ("fixed", "已更正", helper)


def test_an_uploaded_excel_ledger_is_entered_whole_or_refused_grouped_and_audited(
    monkeypatch, demo_dir
):
    """What the page's upload calls: the CLI's import, the roster import's grouped report."""
    import io

    import pandas as pd

    def upload(good: bytes, bad: bytes) -> None:
        import datetime as dt

        import streamlit as st

        from dashboard.importer import report
        from dashboard.ui import ledger_access, state

        day = dt.date(2018, 6, 30)
        names = state.query("ledger_names", snapshot_date=day)
        for name, content in (("bad.xlsx", bad), ("good.xlsx", good)):
            written, problems = ledger_access.import_workbook(content, name, names, day)
            st.text(f"{name}: {written}")
            st.dataframe(report.groups_frame(problems, "zh"), key=name)

    def workbook(rows: list[dict]) -> bytes:
        buffer = io.BytesIO()
        pd.DataFrame(rows).to_excel(buffer, index=False)
        return buffer.getvalue()

    row = {"序号": 1, "村": "山南村", "户主": "", "问题描述": "公示栏未更新", "状态": "待整改"}
    good = workbook([row, {**row, "序号": 2, "问题描述": "档案未装订"}])
    bad = workbook(
        [row, {**row, "村": "无此村"}, {**row, "村": "也无此村"}, {**row, "状态": "好了"}]
    )
    before = Ledger.of(demo_dir).count()
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    app = AppTest.from_function(upload, args=(good, bad), default_timeout=TIMEOUT_SECONDS)
    sign_in(app, "analyst")
    app.run()
    assert not app.exception, [error.value for error in app.exception]
    assert [line.value for line in app.text] == ["bad.xlsx: 0", "good.xlsx: 2"]
    refused = app.dataframe[0].value
    assert refused["列"].tolist() == ["村", "状态"]  # two groups: the villages, the status
    assert refused["行数"].tolist() == [2, 1] and refused["前几行"].tolist() == ["3, 4", "5"]
    assert app.dataframe[1].value.empty
    assert Ledger.of(demo_dir).count() == before + 2
    from dashboard.access import audit
    from dashboard.access.store import open_store

    imports = [e for e in audit.entries(open_store(demo_dir)) if e.event == "ledger.imported"]
    assert [(e.detail["rows"], e.detail["refused_rows"]) for e in imports[-2:]] == [(0, 3), (2, 0)]


def test_each_overview_card_opens_the_ledger_on_what_it_counted(monkeypatch, demo_dir):
    """The overview links open → ?state=open and so on; the list then holds the card's count."""
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    app_file = str(Path(PAGE).parent.parent / "app.py")  # the overview is the app's first page
    overview = AppTest.from_file(app_file, default_timeout=TIMEOUT_SECONDS)
    overview.run()
    assert not overview.exception, [error.value for error in overview.exception]
    links = [str(link.proto) for link in overview.get("page_link")]
    for state in ("open", "overdue", "fixed_this_month"):
        assert any("ledger" in link and f"state={state}" in link for link in links), links
    cards = measures.cards(Ledger.of(demo_dir).frame(), DAY)
    for state in ("open", "overdue", "fixed_this_month"):
        app = open_page(monkeypatch, demo_dir, state=state)
        assert metrics(app)["问题（件）"] == f"{cards[state]:,}", state
    legacy = open_page(monkeypatch, demo_dir, overdue="1")  # the older link still works
    assert metrics(legacy)["问题（件）"] == f"{cards['overdue']:,}"


def test_the_excel_form_is_named_for_the_village_or_area_it_holds(demo_dir):
    """The page titles the download by `place_name`: the chosen village, else the ?area=."""
    from dashboard.data import Viewer, open_database

    database = open_database(demo_dir)
    try:
        names = database.run("ledger_names", viewer=Viewer(show_names=True), snapshot_date=DAY)
    finally:
        database.close()
    assert measures.place_name(names, "341182108206") == "山南村"
    assert measures.place_name(names, "341182108") == "女山湖镇"
    assert measures.place_name(names, "341182") == "明光市"
    assert measures.place_name(names, "") == ""
