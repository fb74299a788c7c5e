"""The import page's steps as values (`dashboard/importer/steps.py`): the cards of a checked
plan and whether it may be written, on plans read from real files."""

from __future__ import annotations

from dashboard.importer import steps
from dashboard.importer.run import plan_import, write_import
from dashboard.snapshots import list_snapshots
from tests.importer.files import SNAPSHOT_DATE, base_set, write_set


def test_a_clean_plan_has_its_cards_and_is_ready_until_written(tmp_path):
    plan = plan_import(write_set(tmp_path / "files", base_set()), SNAPSHOT_DATE)
    cards = {card.label: card.value for card in steps.summary_cards(plan, "en")}
    assert cards["Errors"] == "0"
    assert cards["People (rows)"] == "3"
    assert steps.may_be_written(plan)
    ready = steps.confirmation(plan, None, 0, "en")
    assert ready.kind == "success" and ready.button == "Import"
    assert steps.confirmation(plan, None, 2, "en").button == "Accept the 2 suggestions and import"
    write_import(tmp_path / "town", plan)
    [earlier] = list_snapshots(tmp_path / "town")
    already = steps.confirmation(plan, earlier, 0, "en")
    assert already.kind == "info" and already.button is None
    assert "already imported" in already.sentence


def test_a_plan_with_an_error_is_blocked_with_no_button(tmp_path):
    files = base_set()
    files["资金发放台账.xlsx"][1][3] = -100
    plan = plan_import(write_set(tmp_path / "files", files), SNAPSHOT_DATE)
    assert not steps.may_be_written(plan)
    blocked = steps.confirmation(plan, None, 0, "en")
    assert blocked.kind == "error" and blocked.button is None
    assert blocked.sentence.startswith("1 errors") and "nothing was written" in blocked.sentence
    assert {card.label: card.value for card in steps.summary_cards(plan, "en")}["Errors"] == "1"


def test_every_file_has_a_heading_naming_its_kind(tmp_path):
    plan = plan_import(write_set(tmp_path / "files", base_set()), SNAPSHOT_DATE)
    headings = [steps.file_heading(parsed, "zh") for parsed in plan.files]
    assert len(headings) == len(plan.files) and all(" — " in heading for heading in headings)
    assert any(heading.startswith("贫困人口信息表.xlsx") for heading in headings)
