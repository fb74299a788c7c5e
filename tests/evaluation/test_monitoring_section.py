"""The evaluation's monitoring section (issue 27, point 7): the deck's 防返贫监测 slide and the
narrative's paragraph on the whole demo town's latest half-year with monitoring rows, and no such
slide for 2018H1.

Every expected number is counted here on the demo's Parquet files with plain DuckDB
(`full_demo_sql`), independently of the query files and of `85_monitoring.sql`'s macros: a
household's state is that of its latest spell (by identification date), a spell is open unless
marked eliminated on or before the snapshot date, and a household missing from the snapshot's
households table is not an object.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn

from dashboard.data import open_database
from dashboard.evaluation.deck import EAST_ASIAN_FONT, build_deck
from dashboard.evaluation.figures import compute
from dashboard.evaluation.narrative import build_narrative
from dashboard.evaluation.period import Period, resolve
from dashboard.evaluation.slides import build_slides
from tests.evaluation.commands import run_evaluation as run_cli

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
TITLE = "防返贫监测"
KIND_LABELS = {
    "unstable_exited": "脱贫不稳定户",
    "edge": "边缘易致贫户",
    "sudden_hardship": "突发严重困难户",
}

# One row per household ever identified, in the state of its latest spell, on one snapshot;
# `$village` '' for the whole town. Plain SQL over the Parquet views, no project macro.
OBJECTS_SQL = """
with spells as (
    select m.household_id, h.village_code, m.object_type, m.identified_date, m.measures,
        not coalesce(m.eliminated and coalesce(m.eliminated_date, m.snapshot_date)
                     <= m.snapshot_date, false) as is_open,
        row_number() over (partition by m.household_id order by m.identified_date desc) as rank
    from monitoring m
    join households h on h.snapshot_date = m.snapshot_date and h.household_id = m.household_id
    where m.snapshot_date = $day and starts_with(h.village_code, $village)
)
select household_id, object_type, is_open, coalesce(trim(measures), '') = '' as no_measure,
    (select count(*) from members p
     where p.snapshot_date = $day and p.household_id = spells.household_id) as people
from spells where rank = 1
"""
# Spells identified, and spells marked eliminated, between $start and $end.
FLOWS_SQL = """
select
    count(*) filter (where m.identified_date between $start and $end),
    count(*) filter (where m.eliminated and m.eliminated_date between $start and $end
                     and m.eliminated_date <= m.snapshot_date)
from monitoring m
join households h on h.snapshot_date = m.snapshot_date and h.household_id = m.household_id
where m.snapshot_date = $day
"""


def latest_monitored_period(full_demo_sql) -> tuple[Period, dt.date]:
    """The half-year of the latest snapshot holding monitoring rows, and that snapshot's date."""
    (day,) = full_demo_sql.execute("select max(snapshot_date) from monitoring").fetchone()
    day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
    return Period(day.year, 1 if day.month <= 6 else 2), day


def expected(full_demo_sql, day: dt.date, period: Period, village: str = "") -> dict:
    objects = full_demo_sql.execute(OBJECTS_SQL, {"day": day, "village": village}).df()
    identified, eliminated = full_demo_sql.execute(
        FLOWS_SQL, {"day": day, "start": period.start, "end": min(period.end, day)}
    ).fetchone()
    closed = objects[~objects["is_open"]]
    by_kind = {
        KIND_LABELS[kind]: (
            int((group["is_open"]).sum()),
            int((~group["is_open"]).sum()),
        )
        for kind, group in objects.groupby("object_type")
    }
    return {
        "households": len(objects),
        "people": int(objects["people"].sum()),
        "open": int(objects["is_open"].sum()),
        "open_people": int(objects.loc[objects["is_open"], "people"].sum()),
        "eliminated": len(closed),
        "rate": len(closed) / len(objects),
        "without_measure": int((objects["is_open"] & objects["no_measure"]).sum()),
        "by_kind": by_kind,
        "identified": identified,
        "eliminated_in_period": eliminated,
    }


@pytest.fixture(scope="module")
def full_db(full_demo_dir):
    database = open_database(full_demo_dir)
    yield database
    database.close()


@pytest.fixture(scope="module")
def latest(full_db, full_demo_sql):
    period, day = latest_monitored_period(full_demo_sql)
    periods = resolve(period, full_db.snapshots)
    assert periods.closing.snapshot_date == day
    figures = compute(full_db.run, periods, None)
    return period, day, figures, expected(full_demo_sql, day, period)


@pytest.fixture(scope="module")
def monitoring_slide(latest):
    _, _, figures, _ = latest
    deck = Presentation(io.BytesIO(build_deck(build_slides(figures, "zh"))))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles.count(TITLE) == 1, titles
    return deck.slides[titles.index(TITLE)]


def charts_of(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def texts_of(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_the_demo_town_has_monitoring_in_its_latest_half_year(latest):
    period, day, _, wanted = latest
    assert day.year >= 2021
    assert period.code == "2025H2"  # the full demo runs to 2025-12-31
    # Enough to show anything: every kind, some open, some eliminated, some flows in the period.
    assert set(wanted["by_kind"]) == set(KIND_LABELS.values())
    assert 0 < wanted["open"] < wanted["households"]
    assert wanted["identified"] > 0 and wanted["eliminated_in_period"] > 0


def test_the_kind_chart_is_a_native_stacked_chart_of_open_and_eliminated(monitoring_slide, latest):
    *_, wanted = latest
    kinds, months = charts_of(monitoring_slide)
    assert kinds.chart_type == XL_CHART_TYPE.COLUMN_STACKED
    categories = list(kinds.plots[0].categories)
    series = {s.name: list(s.values) for s in kinds.plots[0].series}
    drawn = {
        kind: (int(series["风险未消除"][i]), int(series["风险已消除"][i]))
        for i, kind in enumerate(categories)
    }
    assert drawn == wanted["by_kind"]
    assert categories == [k for k in KIND_LABELS.values() if k in wanted["by_kind"]]
    assert months.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(months.plots[0].categories) == ["7月", "8月", "9月", "10月", "11月", "12月"]
    flows = {s.name: sum(s.values) for s in months.plots[0].series}
    assert flows == {"新识别": wanted["identified"], "风险已消除": wanted["eliminated_in_period"]}


def test_the_key_figures_are_the_towns(monitoring_slide, latest):
    *_, wanted = latest
    texts = "\n".join(texts_of(monitoring_slide))
    assert f"监测对象（累计，户）\n{wanted['households']:,}\n{wanted['people']:,} 人" in texts
    assert f"\n{wanted['identified']:,} / {wanted['eliminated_in_period']:,}" in texts
    assert f"风险消除率\n{wanted['rate']:.1%}\n已消除 {wanted['eliminated']:,} 户" in texts
    assert (
        f"风险未消除且未落实帮扶措施（户）\n{wanted['without_measure']:,}\n"
        f"风险未消除 {wanted['open']:,} 户"
    ) in texts


def test_every_chinese_run_names_the_east_asian_font_and_the_notes_define(monitoring_slide):
    checked = 0
    trees = [monitoring_slide.shapes._spTree, monitoring_slide.notes_slide.shapes._spTree]
    trees += [chart._chartSpace for chart in charts_of(monitoring_slide)]
    for tree in trees:
        for run in tree.iter(qn("a:r")):
            if not CJK.search("".join(t.text or "" for t in run.iter(qn("a:t")))):
                continue
            east_asian = run.find(qn("a:rPr")).find(qn("a:ea"))
            assert east_asian is not None and east_asian.get("typeface") == EAST_ASIAN_FONT
            checked += 1
    assert checked >= 10
    notes = monitoring_slide.notes_slide.notes_text_frame.text
    for query in ("monitoring_totals", "monitoring_by_kind", "monitoring_by_month"):
        assert f"queries/{query}.sql" in notes
    assert "monitoring_households" in notes and "2025-07-01 至 2025-12-31" in notes


def test_the_narrative_names_the_same_figures(latest):
    *_, figures, wanted = latest
    text = build_narrative(figures, "zh")
    (paragraph,) = [line for line in text.split("\n\n") if line.startswith("防返贫监测方面")]
    assert f"累计识别防返贫监测对象{wanted['households']}户{wanted['people']}人" in paragraph
    for kind, (still_open, closed) in wanted["by_kind"].items():
        assert f"{kind}{still_open + closed}户" in paragraph
    assert (
        f"2025年下半年新识别{wanted['identified']}户次、"
        f"风险消除{wanted['eliminated_in_period']}户次" in paragraph
    )
    assert f"累计风险消除{wanted['eliminated']}户，风险消除率{wanted['rate']:.1%}" in paragraph
    assert f"尚有{wanted['open']}户{wanted['open_people']}人风险未消除" in paragraph
    if wanted["without_measure"]:
        assert f"其中{wanted['without_measure']}户尚未落实帮扶措施" in paragraph
    else:
        assert "均已落实帮扶措施" in paragraph


def test_the_2018h1_deck_and_narrative_have_no_monitoring(full_db):
    periods = resolve(Period(2018, 1), full_db.snapshots)
    figures = compute(full_db.run, periods, None)
    assert figures.monitoring is None
    keys = [slide.key for slide in build_slides(figures, "zh")]
    assert keys == [
        "title", "kpi", "exits", "remaining", "industry", "programs", "helpers", "quality",
        "problems",
    ]  # fmt: skip
    assert "防返贫监测" not in build_narrative(figures, "zh")


def village_with_most_objects(full_demo_sql, day) -> str:
    """The village with the most monitoring objects on `day` (plain DuckDB over the files)."""
    (village,) = full_demo_sql.execute(
        """
        select h.village_code from monitoring m join households h
          on h.snapshot_date = m.snapshot_date and h.household_id = m.household_id
        where m.snapshot_date = $day group by 1 order by count(*) desc, 1 limit 1
        """,
        {"day": day},
    ).fetchone()
    return village


def test_a_villages_deck_counts_that_villages_objects_only(
    full_demo_dir, full_demo_sql, tmp_path, latest
):
    period, day, *_ = latest
    village = village_with_most_objects(full_demo_sql, day)
    wanted = expected(full_demo_sql, day, period, village)
    out = tmp_path / "village.pptx"
    argv = ["deck", "--data", str(full_demo_dir), "--period", period.code]
    assert run_cli([*argv, "--village", village, "--no-map", "--out", str(out)]) == 0
    deck = Presentation(str(out))
    (slide,) = [s for s in deck.slides if s.shapes.title.text == TITLE]
    texts = "\n".join(texts_of(slide))
    assert f"监测对象（累计，户）\n{wanted['households']:,}\n" in texts
    town = expected(full_demo_sql, day, period)
    assert wanted["households"] < town["households"]


def test_a_village_without_its_own_monitoring_runner_has_no_section(full_db, latest):
    """The monitoring queries take no village: run over the whole town's rows they would put
    the town's objects on one village's slide."""
    period, day, *_ = latest
    periods = resolve(period, full_db.snapshots)
    village = str(full_db.run("area_units", snapshot_date=day)["village_code"].iloc[0])
    assert compute(full_db.run, periods, village).monitoring is None


def test_the_present_page_shows_one_villages_monitoring_slide(
    full_demo_dir, full_demo_sql, latest, monkeypatch
):
    """On /present a village's slide counts that village's objects (the session's rows
    narrowed to it), not the town's."""
    from streamlit.testing.v1 import AppTest

    period, day, *_ = latest
    village = village_with_most_objects(full_demo_sql, day)
    wanted = expected(full_demo_sql, day, period, village)
    monkeypatch.setenv("TUOPIN_DATA", str(full_demo_dir))
    page = AppTest.from_file(
        str(Path(__file__).resolve().parents[2] / "dashboard" / "views" / "present.py"),
        default_timeout=180,
    )
    page.query_params.update({"period": period.code, "village": village})
    page.run()
    assert not page.exception, [e.value for e in page.exception]
    for _ in range(7):  # title, kpi, exits, remaining, industry, programs, helpers
        page.button(key="present-next").click().run()
    assert page.title[0].value == TITLE
    assert page.metric[0].value == f"{wanted['households']:,}"
    assert page.metric[2].value == f"{wanted['rate']:.1%}"
