"""?area= on every page: the hierarchy's helpers, the queries one level down, the narrowing of
the data layer and the refusal of an area outside the user's, on the county demo."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access.scope import area_permitted, narrow_to_area
from dashboard.data import MASKED, Viewer, open_database
from dashboard.hierarchy import children_of, data_root, trail, unit_names
from tests.evaluation.commands import run_evaluation as run_cli

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
TIMEOUT_SECONDS = 120
COUNTY = "341182"
LATEST = "2018-06-30"


@pytest.fixture(scope="module")
def county_db(county_dir: Path):
    database = open_database(county_dir)
    yield database
    database.close()


@pytest.fixture(scope="module")
def raw(county_dir: Path):
    """Plain DuckDB over the latest snapshot's files, independent of the data layer."""
    folder = county_dir / "snapshots" / f"snapshot_date={LATEST}"
    connection = duckdb.connect()
    for table in ("villages", "households", "targets", "payments"):
        files = (
            [str(folder / f"{table}.parquet")] if (folder / f"{table}.parquet").is_file() else []
        )
        files += sorted(str(part) for part in (folder / table).glob("*.parquet"))
        connection.read_parquet(files).create_view(table)
    yield connection
    connection.close()


def first_town(raw) -> str:
    return raw.execute("select min(town_code) from villages").fetchone()[0]


# ------------------------------------------------------------------ pure helpers
def test_root_children_and_trail():
    villages = ["341182100201", "341182100202", "341182104201"]
    assert data_root(villages) == COUNTY
    assert children_of("", villages) == ["341182100", "341182104"]  # 34, 3411 stepped over
    assert children_of("341182100", villages) == ["341182100201", "341182100202"]
    assert children_of("341182100201", villages) == []
    assert data_root(villages[:2]) == "341182100"
    assert children_of("", villages[:2]) == villages[:2]  # a one-town directory: its villages
    assert trail("341182100201", COUNTY) == ["", "341182100", "341182100201"]


def test_names_from_columns_else_reference_else_code():
    units = pd.DataFrame(
        {
            "village_code": ["341182100201"],
            "village_name": ["东村"],
            "town_code": ["341182100"],
            "town_name": [None],
            "county_code": [COUNTY],
            "county_name": ["明光市"],
            "prefecture_code": ["3411"],
            "prefecture_name": [None],
            "province_code": ["34"],
            "province_name": [None],
        }
    )
    names = unit_names(units, {"3411": "滁州市"})
    assert names["341182100201"] == "东村"
    assert names["3411"] == "滁州市"
    assert names["341182100"] == "341182100"
    assert names["34"] == "34"


def test_narrowing_never_widens():
    town = Viewer(area="341182100")
    assert narrow_to_area(MASKED, "341182100").area == "341182100"
    assert narrow_to_area(town, "341182100201").area == "341182100201"
    assert narrow_to_area(town, COUNTY).area == "341182100"  # wider: the user's own
    assert narrow_to_area(town, "341182104").area is None  # outside: no row
    assert not area_permitted(town, "341182104")
    assert area_permitted(town, "")


# ------------------------------------------------------------------ queries one level down
def test_exits_by_village_year_groups_the_towns_one_level_down(county_db, raw):
    frame = county_db.run("exits_by_village_year", snapshot_date=LATEST, unit_digits=9)
    expected = raw.execute(
        "select left(village_code, 9) as town, count(*) as households from households "
        "where status = 'exited' group by town order by town"
    ).df()
    got = frame.groupby("village_code")["households"].sum().reset_index()
    got = got[got["households"] > 0].reset_index(drop=True)
    assert got["village_code"].tolist() == expected["town"].tolist()
    assert got["households"].tolist() == expected["households"].tolist()
    names = dict(raw.execute("select distinct town_code, town_name from villages").fetchall())
    assert set(frame["village_name"]) == set(names.values())


def test_village_attention_one_level_down_adds_up_the_villages(county_db, raw):
    towns = county_db.run("village_attention", snapshot_date=LATEST, unit_digits=9)
    villages = county_db.run("village_attention", snapshot_date=LATEST)
    assert len(towns) == raw.execute("select count(distinct town_code) from villages").fetchone()[0]
    assert towns["not_exited_people"].sum() == villages["not_exited_people"].sum()
    one = first_town(raw)
    of_town = villages[villages["village_code"].str.startswith(one)]
    row = towns.set_index("village_code").loc[one]
    assert row["unmet_households"] == of_town["unmet_households"].sum()
    assert row["population"] == of_town["population"].sum()


PERIOD = {"period": "all"}  # /programs: everything paid on or before the snapshot
WINDOW = {"paid_from": "2014-01-01", "paid_to": LATEST}  # /industry: the same, as dates


def paid_by_town(raw, where: str) -> pd.DataFrame:
    """Payments of the period by town, straight from the files: yuan, payments, households."""
    return (
        raw.execute(
            "select left(h.village_code, 9) as town, sum(p.amount_yuan) as yuan, "
            "count(*) as payments, count(distinct p.household_id) as households "
            "from payments as p join households as h using (household_id) "
            f"where p.paid_date <= $latest and {where} group by town",
            {"latest": LATEST},
        )
        .df()
        .set_index("town")
    )


def test_programs_by_village_one_level_down_adds_up_each_town(county_db, raw):
    towns = county_db.run("programs_by_village", snapshot_date=LATEST, unit_digits=9, **PERIOD)
    assert set(towns["village_code"]) == {
        code for (code,) in raw.execute("select distinct town_code from villages").fetchall()
    }
    expected = paid_by_town(raw, "p.program = 'pv_income'")
    assert len(expected) > 1
    got = towns[towns["program"] == "pv_income"].set_index("village_code")
    for town, row in expected.iterrows():
        assert got.loc[town, "yuan"] == pytest.approx(row["yuan"])
        assert got.loc[town, "payments"] == row["payments"]
        assert got.loc[town, "households"] == row["households"]


def test_industry_one_level_down_counts_each_town_once(county_db, raw):
    industry = "p.program in ('industry_planting', 'industry_breeding')"
    expected = paid_by_town(raw, industry)
    by_item = county_db.run("industry_by_item", snapshot_date=LATEST, unit_digits=9, **WINDOW)
    yuan = by_item.groupby("village_code")["yuan"].sum()
    assert yuan.to_dict() == pytest.approx(expected["yuan"].to_dict())
    reach = county_db.run(
        "industry_reach_by_village", snapshot_date=LATEST, unit_digits=9, **WINDOW
    ).set_index("village_code")
    registered_households = (
        raw.execute(
            "select left(village_code, 9) as town, count(*) as n from households "
            "where status <> 'removed' group by town"
        )
        .df()
        .set_index("town")["n"]
    )
    assert reach["registered_households"].to_dict() == registered_households.to_dict()
    reached = paid_by_town(raw, f"{industry} and h.status <> 'removed'")["households"]
    assert len(reached) > 1
    for town, households in reached.items():
        assert reach.loc[town, "reached_households"] == households
        assert reach.loc[town, "yuan_per_reached_household"] == pytest.approx(
            expected.loc[town, "yuan"] / households
        )


def test_visits_by_village_one_level_down_counts_each_towns_households(county_db, raw):
    towns = county_db.run("visits_by_village", snapshot_date=LATEST, unit_digits=9)
    expected = raw.execute(
        "select left(village_code, 9) as town, count(*) as registered, "
        "count(*) filter (where status in ('not_exited', 'relapsed')) as remaining "
        "from households where status <> 'removed' group by town order by town"
    ).fetchall()
    got = towns[["village_code", "registered_households", "remaining_households"]]
    assert list(got.itertuples(index=False, name=None)) == expected


def test_gap_villages_one_level_down_are_the_towns(county_db, raw):
    towns = county_db.run("gap_villages", snapshot_date=LATEST, unit_digits=9)
    expected = raw.execute(
        "select town_code, any_value(town_name) from villages group by town_code order by 1"
    ).fetchall()
    assert list(towns.itertuples(index=False, name=None)) == expected


def test_a_county_target_is_the_sum_of_its_towns(county_db, raw):
    expected = raw.execute(
        "select sum(households), sum(people) from targets "
        "where year = 2018 and village_code is null and town_code is not null"
    ).fetchone()
    progress = county_db.run(
        "exit_target_progress", snapshot_date=LATEST, year=2018, viewer=Viewer(area=COUNTY)
    ).iloc[0]
    assert (progress["target_households"], progress["target_people"]) == expected


def test_a_town_target_is_its_own_row(county_db, raw):
    town = first_town(raw)
    expected = raw.execute(
        "select households, people from targets where year = 2018 and village_code is null "
        "and town_code = $town",
        {"town": town},
    ).fetchone()
    rows = county_db.run("exit_targets_by_year", snapshot_date=LATEST, viewer=Viewer(area=town))
    row = rows.set_index("year").loc[2018]
    assert (row["target_households"], row["target_people"]) == expected


def test_a_village_target_is_its_own_row(county_db, raw):
    village, households = raw.execute(
        "select village_code, households from targets where year = 2018 "
        "and village_code is not null order by village_code limit 1"
    ).fetchone()
    rows = county_db.run("exit_targets_by_year", snapshot_date=LATEST, viewer=Viewer(area=village))
    assert rows.set_index("year").loc[2018, "target_households"] == households


# ------------------------------------------------------------------ pages
def open_page(monkeypatch, data_dir: Path, page: str, area: str, identity_area: str | None = None):
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    if identity_area is not None:
        # The demo is open to all (DEMO_IDENTITY, every run): stand a signed-in analyst of one
        # town in for the sign-in, everything after it (narrowing, refusal, audit) is real.
        from dashboard.access import context, web
        from dashboard.access.roles import Identity, viewer_for

        def establish():
            import streamlit as st

            identity = Identity("test-analyst", ("analyst",), identity_area, None)
            st.session_state[context.IDENTITY_KEY] = identity
            st.session_state[context.VIEWER_KEY] = viewer_for(identity)
            return identity

        monkeypatch.setattr(web, "establish", establish)
    app.query_params["area"] = area
    app.run()
    if page:
        app.switch_page(page)
        app.query_params["area"] = area
        app.run()
    return app


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def registered(raw, area: str) -> str:
    count = raw.execute(
        "select count(*) from households where starts_with(village_code, $area) "
        "and status <> 'removed'",
        {"area": area},
    ).fetchone()[0]
    return f"{count:,} 户"


@pytest.mark.parametrize("level", ["county", "town", "village"])
def test_overview_at_each_level(monkeypatch, county_dir, raw, level):
    town = first_town(raw)
    village = raw.execute(
        "select min(village_code) from households where starts_with(village_code, $town)",
        {"town": town},
    ).fetchone()[0]
    area = {"county": COUNTY, "town": town, "village": village}[level]
    app = open_page(monkeypatch, county_dir, "", area)
    assert not app.exception
    assert metric(app, "建档立卡贫困户") == registered(raw, area)
    headings = [h.value for h in app.subheader]
    if level == "county":
        assert "需要关注的乡镇" in headings
    else:
        assert "需要关注的村" in headings


@pytest.mark.parametrize("level", ["county", "town"])
def test_progress_at_county_and_town(monkeypatch, county_dir, raw, level):
    area = COUNTY if level == "county" else first_town(raw)
    app = open_page(monkeypatch, county_dir, "views/progress.py", area)
    assert not app.exception
    headings = [h.value for h in app.subheader]
    assert ("各乡镇逐年脱贫" if level == "county" else "各村逐年脱贫") in headings


@pytest.mark.parametrize(
    ("page", "heading"),
    [
        ("views/programs.py", "各乡镇各项政策"),
        ("views/industry.py", "各乡镇覆盖与户均资金"),
        ("views/helper_accountability.py", "分乡镇：帮扶力量、走访与剩余贫困户"),
        ("views/quality.py", "按乡镇"),
    ],
)
def test_money_pages_show_the_towns_of_a_county(monkeypatch, county_dir, page, heading):
    app = open_page(monkeypatch, county_dir, page, COUNTY)
    assert not app.exception
    headings = [h.value for h in [*app.header, *app.subheader, *app.markdown]]
    assert any(heading in value for value in headings)
    drills = [p for p in app.get("button_group") if "进入乡镇" in str(p.proto.label)]
    assert drills, "a county's page offers to open each town"


def test_an_area_outside_the_users_is_refused(monkeypatch, county_dir, raw):
    towns = [
        row[0]
        for row in raw.execute("select distinct town_code from villages order by 1").fetchall()
    ]
    app = open_page(monkeypatch, county_dir, "", towns[1], identity_area=towns[0])
    assert not app.exception
    assert any("不允许访问" in e.value and "Not permitted" in e.value for e in app.error)
    assert not app.metric  # nothing of the other town is shown
    from dashboard.access.audit import entries, open_store

    events = [entry for entry in entries(open_store(county_dir)) if entry.event == "access.refused"]
    assert events and events[-1].detail["area"] == towns[1]


# ------------------------------------------------------------------ deck and narrative
def test_narrative_of_a_county_and_of_a_town(county_dir, raw, capsys):
    county_name = raw.execute("select any_value(county_name) from villages").fetchone()[0]
    town = first_town(raw)
    town_name = raw.execute(
        "select any_value(town_name) from villages where town_code = $town", {"town": town}
    ).fetchone()[0]
    households = raw.execute(
        "select count(*) from households where status <> 'removed'"
    ).fetchone()[0]
    assert (
        run_cli(["narrative", "--data", str(county_dir), "--period", "2018H1", "--area", COUNTY])
        == 0
    )
    printed = capsys.readouterr().out
    assert printed.startswith(f"# {county_name}")
    assert f"建档立卡贫困户{households}户" in printed
    assert (
        run_cli(["narrative", "--data", str(county_dir), "--period", "2018H1", "--area", town]) == 0
    )
    assert capsys.readouterr().out.startswith(f"# {town_name}")
    # Outside the data: refused with a message, not an empty report.
    assert (
        run_cli(["narrative", "--data", str(county_dir), "--period", "2018H1", "--area", "341199"])
        == 2
    )


def test_deck_of_a_town_names_it(county_dir, raw, tmp_path):
    from pptx import Presentation

    town = first_town(raw)
    town_name = raw.execute(
        "select any_value(town_name) from villages where town_code = $town", {"town": town}
    ).fetchone()[0]
    out = tmp_path / "deck.pptx"
    argv = ["deck", "--data", str(county_dir), "--period", "2018H1", "--no-map", "--out", str(out)]
    assert run_cli([*argv, "--area", town]) == 0
    first = Presentation(str(out)).slides[0]
    titles = " ".join(shape.text_frame.text for shape in first.shapes if shape.has_text_frame)
    assert town_name in titles


def test_village_stays_an_alias_of_a_twelve_digit_area(county_dir, raw, capsys):
    village, name = raw.execute(
        "select village_code, village_name from villages order by village_code limit 1"
    ).fetchone()
    base = ["narrative", "--data", str(county_dir), "--period", "2018H1"]
    assert run_cli([*base, "--village", village]) == 0
    by_village = capsys.readouterr().out
    assert run_cli([*base, "--area", village]) == 0
    assert capsys.readouterr().out == by_village
    assert by_village.startswith(f"# {name}")


def test_findings_one_level_down_add_up_each_towns_villages(county_db):
    from dashboard import checks

    findings = checks.run_catalogue(county_db.run, pd.Timestamp(LATEST).date())
    assert not findings.empty
    villages = county_db.run("gap_villages", snapshot_date=LATEST)
    towns = county_db.run("gap_villages", snapshot_date=LATEST, unit_digits=9)
    by_village = checks.counts_by_village(findings, villages)
    by_town = checks.counts_by_village(findings, towns).set_index("village_code", drop=False)
    located = findings.dropna(subset=["village_code"])
    for town in towns["village_code"]:
        own = located[located["village_code"].str.startswith(town)]
        assert by_town.loc[town, "findings"] == len(own)
        assert by_town.loc[town, "error"] == (own["severity"] == "error").sum()
        assert by_town.loc[town, "households"] == own["household_id"].nunique()
    assert by_town["findings"].sum() == by_village["findings"].sum() == len(findings)


def test_a_countys_narrative_speaks_of_the_county(county_dir, capsys):
    assert run_cli(["narrative", "--data", str(county_dir), "--period", "2018H1"]) == 0
    written = capsys.readouterr().out
    assert "全县建档立卡贫困户" in written
    assert "分布在全县" in written
    assert "全镇" not in written
