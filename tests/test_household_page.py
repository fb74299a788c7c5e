"""The household profile page (/household) driven headless with AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "dashboard" / "views" / "household.py")


def open_page(monkeypatch, data_dir: Path, **query_params: str) -> AppTest:
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    app = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in query_params.items():
        app.query_params[key] = value
    return app.run()


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
    assert any("尚未建立" in info.value for info in app.info)
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
