"""`tuopin monitoring summary` on the hand-made 2023 town (expected values worked out in
`tests/monitoring_town.py`), the whole directory and one village, in JSON and as text."""

from __future__ import annotations

import json

import pytest
from monitoring_town import monitoring_town, write_monitoring_town

from dashboard.cli import main


@pytest.fixture(scope="module")
def town_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TUOPIN_INSTANCE", str(root / "instance"))
        yield write_monitoring_town(monitoring_town(), root / "data")


def run_json(capsys, town_dir, *options: str) -> dict:
    assert main(["monitoring", "summary", "--data", str(town_dir), "--json", *options]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_whole_town(capsys, town_dir):
    numbers = run_json(capsys, town_dir)
    assert numbers["as_of"] == "2023-12-31"
    assert (
        numbers["households"],
        numbers["open_households"],
        numbers["eliminated_households"],
    ) == (
        4,
        3,
        1,
    )
    assert numbers["elimination_rate"] == 0.25
    assert (numbers["identified_this_year"], numbers["eliminated_this_year"]) == (2, 1)
    assert [kind["object_type"] for kind in numbers["by_kind"]] == [
        "unstable_exited",
        "edge",
        "sudden_hardship",
    ]
    assert numbers["clues"]["income_near_line"] == 2
    checks = {check["rule_id"]: check["findings"] for check in numbers["checks"]}
    assert checks == {"C50": 1, "C51": 1, "C52": 0, "C53": 0, "C54": 0}


def test_one_village(capsys, town_dir):
    numbers = run_json(capsys, town_dir, "--area", "341182108201")  # 乙村: C and E
    assert (numbers["households"], numbers["open_households"]) == (2, 1)
    checks = {check["rule_id"]: check["findings"] for check in numbers["checks"]}
    assert checks["C50"] == 1 and checks["C51"] == 1
    other = run_json(capsys, town_dir, "--area", "341182108200")  # 甲村: A and B
    assert {check["rule_id"]: check["findings"] for check in other["checks"]}["C50"] == 0


def test_as_text(capsys, town_dir):
    assert main(["monitoring", "summary", "--data", str(town_dir)]) == 0
    out = capsys.readouterr().out
    assert "监测对象 4 户 9 人" in out
    assert "风险消除率 25.0%" in out
    assert "C50 识别后不满6个月即标注风险消除：1 条" in out


def test_a_bad_area_says_what_is_wrong(capsys, town_dir):
    assert main(["monitoring", "summary", "--data", str(town_dir), "--area", "甲村"]) != 0
    err = capsys.readouterr().err
    assert "--area 应为区划代码" in err and "is a code prefix of digits" in err
