"""`tuopin deck` and `tuopin narrative` through the module's own `register`, as dashboard/cli.py
will wire them: a small parser with the same `--data` option and the same error handling."""

from __future__ import annotations

from pptx import Presentation

from tests.evaluation.commands import run_evaluation as run


def test_narrative_prints_markdown_and_writes_docx(demo_dir, tmp_path, capsys):
    docx = tmp_path / "report.docx"
    code = run(["narrative", "--data", str(demo_dir), "--period", "2018H1", "--docx", str(docx)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "建档立卡贫困户650户、1372人" in printed
    assert docx.stat().st_size > 5_000


def test_deck_writes_a_pptx(demo_dir, tmp_path):
    out = tmp_path / "deck.pptx"
    code = run(
        [
            "deck",
            "--data",
            str(demo_dir),
            "--period",
            "2018H1",
            "--lang",
            "en",
            "--no-map",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    titles = [slide.shapes.title.text for slide in Presentation(str(out)).slides]
    assert titles[2] == "Exits by year against the target"


def test_a_village_deck(demo_dir, tmp_path):
    out = tmp_path / "village.pptx"
    code = run(
        ["deck", "--data", str(demo_dir), "--period", "2018H1", "--village", "341182108206",
         "--no-map", "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    deck = Presentation(str(out))
    assert deck.slides[0].shapes.title.text == "山南村脱贫攻坚2018年上半年讲评"
    assert deck.slides[3].shapes.title.text == "各村民组未脱贫情况"


def test_a_county_deck_counts_by_town_and_maps_the_towns(county_dir, tmp_path):
    """Above a town the remaining slide has the next level down: the county's towns, named,
    their households adding up to the county's; the map is of the towns, dissolved."""
    import functools

    from dashboard.data import Viewer, open_database
    from dashboard.evaluation.deck import map_renderer
    from dashboard.evaluation.figures import compute
    from dashboard.evaluation.period import parse_period, resolve
    from dashboard.evaluation.slides import build_slides
    from dashboard.hierarchy import AreaIndex

    out = tmp_path / "county.pptx"
    code = run(["deck", "--data", str(county_dir), "--period", "2018H1", "--no-map",
                "--out", str(out)])  # fmt: skip
    assert code == 0
    assert Presentation(str(out)).slides[3].shapes.title.text == "各乡镇未脱贫情况"

    database = open_database(county_dir)
    try:
        run_query = functools.partial(database.run, viewer=Viewer(area=""))
        periods = resolve(parse_period("2018H1"), database.snapshots)
        index = AreaIndex.of(run_query("area_units", snapshot_date=periods.closing.snapshot_date))
        by_town = compute(
            run_query, periods, None, unit_digits=index.unit_digits(""), unit_names=index.names
        )
        by_village = compute(run_query, periods, None)
    finally:
        database.close()
    towns = by_town.remaining_by_unit
    assert 10 <= len(towns) <= 20 and set(towns["unit_code"].str.len()) == {9}
    assert all(name.endswith(("镇", "乡", "街道")) for name in towns["unit_name"])
    for column in ("households", "not_exited_households", "not_exited_people"):
        assert towns[column].sum() == by_village.remaining_by_unit[column].sum()
    slide = next(s for s in build_slides(by_town, "zh") if s.key == "remaining")
    rendered = map_renderer(county_dir, "zh")(slide)
    assert rendered is not None and rendered.startswith(b"\x89PNG")  # Kaleido, Debian's Chromium
    from dashboard.evaluation.figures import map_layers

    layers = map_layers(county_dir, slide.map_values, slide.map_villages)
    assert layers is not None
    assert sorted(layers[0]["village_code"]) == sorted(towns["unit_code"])


def test_errors_exit_with_code_2(demo_dir, tmp_path):
    assert run(["narrative", "--data", str(demo_dir), "--period", "2030H1"]) == 2
    assert run(["narrative", "--data", str(demo_dir), "--period", "2018Q1"]) == 2
    assert (
        run(["narrative", "--data", str(demo_dir), "--period", "2018H1", "--village", "999"]) == 2
    )
    assert (
        run(
            [
                "deck",
                "--data",
                str(demo_dir),
                "--period",
                "2018H1",
                "--out",
                str(tmp_path / "x.txt"),
            ]
        )
        == 2
    )
