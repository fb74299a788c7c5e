"""The household profile page (/household) driven headless with AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests import pages

PAGE = pages.VIEWS / "household.py"


def open_page(monkeypatch, data_dir: Path, **query_params: str) -> AppTest:
    return pages.open_page(monkeypatch, data_dir, PAGE, query_params)


def _a_household(demo_sql) -> tuple[str, str, str, int]:
    """The first exited household of the demo's last snapshot: id, head's ID, name, size."""
    return demo_sql.execute(
        "select h.household_id, m.id_number, m.name, h.size from households as h "
        "join members as m on m.snapshot_date = h.snapshot_date "
        "and m.household_id = h.household_id and m.relation = 'head' "
        "where h.snapshot_date = date '2018-06-30' and h.status = 'exited' "
        "order by h.household_id limit 1"
    ).fetchone()


def test_a_link_opens_the_profile(monkeypatch, demo_dir, demo_sql):
    household_id, id_number, name, size = _a_household(demo_sql)
    app = open_page(monkeypatch, demo_dir, household=household_id)
    assert not app.exception
    assert household_id in app.header[0].value
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["状态"] == "已脱贫"
    assert metrics["人数"] == str(size)
    members = app.dataframe[0].value
    assert len(members) == size
    assert members["身份证号"].iloc[0] == id_number[:6] + "********" + id_number[-4:]
    assert members["姓名"].iloc[0] == name[0] + "**"
    history = app.dataframe[1].value
    assert len(history) == 8  # one row per snapshot
    assert any("没有发现疑点" in message.value for message in app.success)
    shown = " ".join(str(v) for frame in app.dataframe for v in frame.value.to_numpy().ravel())
    assert id_number not in shown and name not in shown


def test_find_by_the_last_digits_of_an_id_number(monkeypatch, demo_dir, demo_sql):
    household_id, id_number, _, _ = _a_household(demo_sql)
    app = open_page(monkeypatch, demo_dir, find="id_digits", lang="en")
    app.text_input(key="household_id_digits").set_value(id_number[-8:]).run()
    assert not app.exception
    found = app.dataframe[0].value
    assert household_id in set(found["Household"])
    assert id_number not in set(found["ID number"])


def test_too_few_digits_is_refused_in_words(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir, find="id_digits")
    app.text_input(key="household_id_digits").set_value("12").run()
    assert not app.exception
    assert any("至少 4 位" in warning.value for warning in app.warning)


def test_an_unknown_household_says_so(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir, household="nope")
    assert not app.exception
    assert any("nope" in warning.value for warning in app.warning)


def _checks_table(app: AppTest):
    """The dataframe of the logic-check tab (the one led by the rule), or None when none is."""
    tables = [frame for frame in app.dataframe if frame.value.columns[0] in ("规则编号", "Rule")]
    return tables[0].value if tables else None


def _head_and_spouse_of_one_sex(demo_sql) -> tuple[str, str]:
    """The household the demo plants rule C28 in (docs/demo-errors.md): id and spouse's id."""
    rows = demo_sql.execute(
        "select h.household_id, s.person_id from members as h join members as s "
        "on s.snapshot_date = h.snapshot_date and s.household_id = h.household_id "
        "where h.snapshot_date = date '2018-06-30' and h.relation = 'head' "
        "and s.relation = 'spouse' and s.sex = h.sex"
    ).fetchall()
    assert len(rows) == 1
    return rows[0]


def test_a_planted_error_is_among_the_findings(monkeypatch, demo_dir, demo_sql):
    household_id, spouse_id = _head_and_spouse_of_one_sex(demo_sql)
    app = open_page(monkeypatch, demo_dir, household=household_id, snapshot="2018-06-30")
    assert not app.exception
    table = _checks_table(app)
    assert table is not None
    assert list(table.columns) == ["规则编号", "严重程度", "疑点", "说明", "人编号"]
    c28 = table[table["规则编号"] == "C28"]
    assert len(c28) == 1
    assert c28["严重程度"].iloc[0] == "错误"
    assert c28["疑点"].iloc[0] == "户主与配偶性别相同"
    assert "性别相同" in c28["说明"].iloc[0]
    assert c28["人编号"].iloc[0] == spouse_id
    # Names in the detail come masked: one character and two asterisks.
    assert "**" in c28["说明"].iloc[0]
    assert not any("没有发现疑点" in message.value for message in app.success)


def test_findings_in_english(monkeypatch, demo_dir, demo_sql):
    household_id, _ = _head_and_spouse_of_one_sex(demo_sql)
    app = open_page(monkeypatch, demo_dir, household=household_id, lang="en")
    table = _checks_table(app)
    c28 = table[table["Rule"] == "C28"]
    assert c28["Severity"].iloc[0] == "error"
    assert c28["Finding"].iloc[0] == "Head and spouse of the same sex"


def test_the_same_household_before_the_error_was_planted_has_none(monkeypatch, demo_dir, demo_sql):
    """The C28 error is planted from 2018-06-30 on; on 2017-12-31 the household is clean."""
    household_id, _ = _head_and_spouse_of_one_sex(demo_sql)
    app = open_page(monkeypatch, demo_dir, household=household_id, snapshot="2017-12-31")
    assert not app.exception
    assert _checks_table(app) is None
    assert any("没有发现疑点" in message.value for message in app.success)


def test_findings_of_other_households_are_not_shown(monkeypatch, demo_dir, demo_sql):
    """Another household of the town: the C28 finding, about someone else, is not listed."""
    other, _ = _a_household(demo_sql)[:2]
    c28_household, _ = _head_and_spouse_of_one_sex(demo_sql)
    assert other != c28_household
    app = open_page(monkeypatch, demo_dir, household=other, snapshot="2018-06-30")
    table = _checks_table(app)
    assert table is None or "C28" not in set(table["规则编号"])
