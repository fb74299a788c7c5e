"""A helper's own overview: his households, where each stands, his open problems, and no figure
measured against rows he does not see (issue 25). Real app under AppTest, demo town."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access import web
from dashboard.access.roles import Identity

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT_SECONDS = 120
LATEST = dt.date(2018, 6, 30)


@pytest.fixture
def helper_id(demo_sql) -> str:
    return demo_sql.sql(
        "select helper_id from households where snapshot_date = $d and helper_id is not null "
        "group by helper_id order by count(*) desc, helper_id limit 1",
        params={"d": LATEST},
    ).fetchall()[0][0]


def helper_app(monkeypatch, tmp_path, demo_dir, helper_id, lang="zh") -> AppTest:
    identity = Identity("demo-helper", ("helper",), "", helper_id)
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    monkeypatch.setenv("TUOPIN_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setattr(web, "_token", lambda: "a signed-in session")
    monkeypatch.setattr(web, "_signed_in", lambda _directory, _token: identity)
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    app.query_params["lang"] = lang
    return app.run()


def test_the_helper_sees_his_households_and_nothing_of_the_town(
    monkeypatch, tmp_path, demo_dir, demo_sql, helper_id
):
    app = helper_app(monkeypatch, tmp_path, demo_dir, helper_id)
    assert not app.exception, app.exception
    mine = demo_sql.sql(
        "select household_id, status from households where snapshot_date = $d "
        "and status <> 'removed' and (helper_id = $h or village_contact_id = $h)",
        params={"d": LATEST, "h": helper_id},
    ).df()
    assert 0 < len(mine) < 40  # his few households, not the town's 656
    cards = {metric.label: metric.value for metric in app.metric}
    assert cards["帮扶户"] == f"{len(mine)} 户"
    not_exited = int(mine["status"].isin(["not_exited", "relapsed"]).sum())
    assert cards["未脱贫"] == f"{not_exited} 户"
    # Nothing measured against the town: no target, no incidence, no ranking of villages.
    labels = " ".join(cards) + " ".join(str(h.value) for h in app.subheader)
    for town_figure in ("贫困发生率", "目标", "需要关注", "建档立卡贫困人口"):
        assert town_figure not in labels, town_figure
    table = next(t.value for t in app.dataframe if "尚缺" in t.value.columns)
    assert sorted(table["户编号"].str.extract(r"household=(.+)$")[0]) == sorted(
        mine["household_id"]
    )
    assert "达到脱贫标准" in table.columns and "累计帮扶资金（元）" in table.columns


def test_what_a_household_lacks_and_what_was_paid_are_its_own(
    monkeypatch, tmp_path, demo_dir, demo_sql, helper_id
):
    app = helper_app(monkeypatch, tmp_path, demo_dir, helper_id, lang="en")
    assert not app.exception, app.exception
    table = next(t.value for t in app.dataframe if "Still lacks" in t.value.columns)
    table = table.assign(household_id=table["Household"].str.extract(r"household=(.+)$")[0])
    paid = dict(
        demo_sql.sql(
            "select household_id, sum(amount_yuan) from payments where snapshot_date = $d "
            "and paid_date <= $d group by household_id",
            params={"d": LATEST},
        ).fetchall()
    )
    for row in table.itertuples(index=False):
        assert float(row[table.columns.get_loc("Paid in all (yuan)")]) == pytest.approx(
            float(paid.get(row.household_id, 0))
        )
    below_line = demo_sql.sql(
        "select household_id from households where snapshot_date = $d "
        "and (helper_id = $h or village_contact_id = $h) and status <> 'removed' "
        "and income_per_capita <= 2995 and income_year = 2018",
        params={"d": LATEST, "h": helper_id},
    ).fetchall()
    lacking = dict(zip(table["household_id"], table["Still lacks"], strict=True))
    for (household,) in below_line:
        assert "income not above the line" in lacking[household]
    met = dict(zip(table["household_id"], table["Meets the exit standard"], strict=True))
    assert all(met[h] == "no" for (h,) in below_line)
    assert "This app has encountered an error" not in str(app)
