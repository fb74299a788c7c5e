"""The cards the measures build for the pages (`dashboard/measures/cards.py` and each page's
measures): labels, values, captions, changes and links, from hand-written rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.measures import helper_overview
from dashboard.measures import overview as measures
from dashboard.measures.cards import Card, counted, households_people


def totals(**changes) -> pd.Series:
    row = {
        "registered_households": 650,
        "registered_people": 1372,
        "exited_households": 445,
        "exited_people": 846,
        "not_exited_households": 205,
        "not_exited_people": 526,
        "rural_population": 43000,
        "incidence": 0.012233,
    }
    return pd.Series({**row, **changes})


def test_counted_and_households_people_in_both_languages():
    assert counted(1234, "unit.households", "zh") == "1,234 户"
    assert households_people(205, 526, "zh") == "205 户 · 526 人"
    assert "526" in households_people(205, 526, "en")


def test_headline_cards_without_a_previous_snapshot():
    items = measures.headline_cards(totals(), None, "zh")
    assert [item.label for item in items] == [
        "建档立卡贫困户",
        "建档立卡贫困人口",
        "已脱贫",
        "未脱贫",
        "贫困发生率",
    ]
    assert [item.value for item in items] == ["650 户", "1,372 人", "445 户", "205 户", "1.22%"]
    # households have their people beneath them; the count of people has nothing beneath it
    assert [item.caption for item in items[:4]] == [
        "650 户 · 1,372 人",
        None,
        "445 户 · 846 人",
        "205 户 · 526 人",
    ]
    assert all(item.delta is None for item in items)
    assert items[-1].delta_color == "inverse" and items[0].delta_color == "off"
    assert "43,000" in items[-1].help


def test_headline_cards_with_the_change_since_the_snapshot_before():
    before = totals(exited_households=400, not_exited_households=250, incidence=0.015)
    items = measures.headline_cards(totals(), before, "zh")
    by_label = {item.label: item.delta for item in items}
    assert by_label["已脱贫"] == 45
    assert by_label["未脱贫"] == -45
    assert by_label["建档立卡贫困户"] == 0
    assert by_label["贫困发生率"] == "-0.28 pp"


def progress_row(**changes) -> pd.Series:
    row = {
        "target_people": 300,
        "target_households": 120,
        "exited_households": 0,
        "planned_households": 130,
        "planned_people": 310,
        "ready_households": 100,
        "not_ready_households": 30,
        "income_below_line": 20,
        "housing_unsafe": 0,
        "water_unsafe": 10,
        "someone_uninsured": 0,
        "child_out_of_school": 0,
    }
    return pd.Series({**row, **changes})


def test_target_cards_and_a_year_without_target():
    target, exited, planned = measures.target_cards(progress_row(), 2018, "全镇", "zh")
    assert (target.label, target.value) == ("目标", "300 人")
    assert "120" in target.caption
    assert (exited.value, planned.value) == ("0 户", "130 户")
    assert planned.caption == "130 户 · 310 人"
    first = measures.target_cards(progress_row(target_people=None), 2018, "山南村", "zh")[0]
    assert isinstance(first, str) and "2018" in first and "山南村" in first


def test_ready_cards_and_the_reasons_sentence():
    ready, not_ready = measures.ready_cards(progress_row(), 2018, 3208, "zh")
    assert (ready.value, not_ready.value) == ("100 户", "30 户")
    assert "3,208" in ready.help
    sentence = measures.reasons_sentence(progress_row(), "zh")
    assert "收入低于贫困线" in sentence and "20" in sentence
    assert "住房" not in sentence  # none unsafe: not listed
    assert (
        measures.reasons_sentence(progress_row(income_below_line=0, water_unsafe=0), "zh") is None
    )


def test_ledger_cards_link_to_the_ledger_filtered():
    items = measures.ledger_cards({"open": 7, "overdue": 2, "fixed_this_month": 0}, "zh")
    assert [item.value for item in items] == ["7", "2", "0"]
    assert [item.link.query_params["state"] for item in items] == [
        "open",
        "overdue",
        "fixed_this_month",
    ]
    assert {item.link.page for item in items} == {"ledger"}


def test_attention_texts_for_villages_and_for_towns():
    heading, caption = measures.attention_texts(True, "村", 90, "zh")
    assert "90" in caption
    town_heading, town_caption = measures.attention_texts(False, "乡镇", 90, "zh")
    assert "乡镇" in town_heading and "乡镇" in town_caption and town_heading != heading


def test_a_helpers_cards():
    numbers = {"households": 12, "people": 30, "not_exited": 5, "not_exited_meeting": 2,
               "not_visited": 1}  # fmt: skip
    items = helper_overview.card_items(numbers, "zh")
    assert [item.value for item in items] == ["12 户", "5 户", "2 户", "1 户"]
    assert all(isinstance(item, Card) for item in items)
    assert str(helper_overview.VISIT_WINDOW_DAYS) in items[-1].label


def test_progress_cards_in_households_and_in_people():
    from dashboard.measures import progress

    row = pd.Series(
        {"registered_households": 650, "exited_households": 445, "exited_people": 846,
         "not_exited_households": 205, "not_exited_people": 526, "relapsed_households": 3}
    )  # fmt: skip
    current = {"target_households": None, "target_people": None,
               "planned_households": 40, "planned_people": 90}  # fmt: skip
    exited, remaining, target, planned = progress.key_cards(row, current, "people", 2018, "zh")
    assert (exited.value, remaining.value, planned.value) == ("846 人", "526 人", "90 人")
    assert exited.caption == "445 户 · 846 人"
    assert target.label == "2018年脱贫目标" and target.value == "未下达" and target.caption is None
    with_target = {**current, "target_households": 120, "target_people": 300}
    target = progress.key_cards(row, with_target, "households", 2018, "zh")[2]
    assert (target.value, target.caption) == ("120 户", "120 户 · 300 人")

    exits = pd.DataFrame({"exit_year": [2017], "exited_households": [445], "exited_people": [846]})
    said = progress.sentences(row, exits, current, dt.date(2018, 6, 30), "全镇", "zh")
    assert len(said) == 2  # no target: no third sentence
    assert "2017年 445 户 846 人" in said[0]
    assert "尚有 205 户 526 人未脱贫（含返贫 3 户）" in said[1]
    said = progress.sentences(row, exits.iloc[0:0], with_target, dt.date(2018, 6, 30), "全镇", "zh")
    assert said[-1].startswith("2018年全镇脱贫目标 120 户 300 人")
    village = progress.sentences(row, exits, with_target, dt.date(2018, 6, 30), "山南村", "zh")
    assert village[-1].startswith("2018年山南村脱贫目标 120 户 300 人")
    assert len(said) == 2  # no exits: no sentence of exits


def test_industry_cards_give_the_exact_yuan_under_a_rounded_sum():
    from dashboard.measures import industry

    projects, yuan, households = industry.key_cards(
        {"projects": 475, "yuan": 781234.0, "households": 300}, "zh"
    )
    assert (projects.value, yuan.value, households.value) == ("475 项", "78.12万元", "300 户")
    assert yuan.caption == "合计 781,234 元"
    assert (
        industry.key_cards({"projects": 1, "yuan": 900.0, "households": 1}, "zh")[1].caption is None
    )
    start, end = dt.date(2017, 1, 1), dt.date(2018, 6, 30)
    assert "2017" in industry.period_sentence(start, end, "zh")
    assert industry.period_sentence(start, end, "zh", swapped=True).startswith("起始日期晚于")


def test_industry_concentration_text_lists_the_dominated_villages():
    from dashboard.measures import industry

    table = pd.DataFrame(
        {"village_name": ["山东村", "山西村"], "dominance": ["one", None], "top_item": ["chicken", "x"],
         "top_share": [0.8, 0.3], "second_item": [None, None], "top_two_share": [0.9, 0.5]}
    )  # fmt: skip
    said = industry.concentration_text(table, "村", "zh")
    lines = said.split("\n")
    assert lines[0] == "一两个品种占主导的村："
    assert len(lines) == 2 and lines[1].startswith("- 山东村")
    assert (
        industry.concentration_text(table.iloc[1:], "村", "zh")
        == "没有村的产业资金由一两个品种主导。"
    )


def test_helper_accountability_cards_and_sentences():
    from dashboard.measures import helper_accountability as helpers

    roster = pd.DataFrame(
        {"level": ["city", "town", "town", "village"],
         "load_band": ["within", "too_many", "none", None]}
    )  # fmt: skip
    missing = pd.DataFrame({"has_helper": [False, True], "has_village_contact": [False, False]})
    responsible, contacts, within, uncovered = helpers.roster_cards(roster, missing, "zh")
    assert (responsible.value, responsible.caption) == ("3 人", "市级 1 人 · 镇级 2 人")
    assert contacts.value == "1 人"
    assert within.value == "1 人"
    assert within.caption == "共 3 人；超过 1 人 · 不足 0 人 · 无帮扶户 1 人"
    assert (uncovered.value, uncovered.caption) == ("2 户", "无帮扶责任人 1 户 · 无村级联系人 2 户")
    assert helpers.loads_sentence(roster, "zh").startswith("3 名市镇帮扶责任人中，1 人帮扶 3–5 户")
    assert helpers.loads_sentence(roster.iloc[0:0], "zh") is None
    assert helpers.uncovered_sentence(missing, "zh").startswith("2 户缺少帮扶人：无帮扶责任人 1 户")

    overdue = pd.DataFrame(
        {"days": [30, 60], "households": [40, 12], "remaining_households": [20, 5]}
    )
    cards = helpers.overdue_cards(overdue, "zh")
    assert [(c.label, c.value, c.caption) for c in cards] == [
        ("30 天未走访", "40 户", "其中未脱贫 20 户"),
        ("60 天未走访", "12 户", "其中未脱贫 5 户"),
    ]
    recency = pd.DataFrame({"household_id": ["A", "B"]})
    assert helpers.recency_caption(recency, None, 9, "zh").startswith("每户距")
    assert helpers.recency_caption(recency, 2, 9, "zh").startswith("等得最久的 2 户（共 9 户在册）")


def test_a_households_cards_and_lines():
    from dashboard.measures import household

    profile = pd.Series(
        {"status": "not_exited", "people": 3, "income_year": 2017, "income_per_capita": 2800.0,
         "attribute": "general", "main_cause": None, "identified_year": 2014, "exit_year": None,
         "planned_exit_year": 2018, "housing_safe": False, "drinking_water_safe": True,
         "family_doctor_signed": None, "helper_id": None, "village_contact_id": None}
    )  # fmt: skip
    status, people, income = household.profile_cards(profile, "zh")
    assert (people.value, income.value) == ("3", "2,800元")
    assert "2017" in income.label
    attributes, years, flags, helper = household.profile_lines(profile, "zh")
    assert attributes.endswith("来源未提供")  # the cause the source did not carry
    assert years == "2014年识别 · 计划2018年脱贫"
    assert flags.startswith("**住房不安全**")
    assert "来源未提供" in flags.split(" · ")[2]
    assert household.payments_caption(pd.DataFrame({"amount_yuan": []}), "zh") is None
    day = dt.date(2018, 6, 30)
    assert household.other_snapshot_note("H1", day, day, "zh") is None
    assert "H1" in household.other_snapshot_note("H1", day, dt.date(2017, 12, 31), "zh")


def test_quality_cards_options_and_captions():
    from dashboard.measures import quality

    numbers = {"findings": 1234, "errors": 1000, "warnings": 234, "households": 56, "firing": 7}
    findings, errors, warnings, households = quality.key_cards(numbers, 40, "zh")
    assert (findings.value, findings.caption) == ("1,234 条", "7 / 40 条规则发现问题")
    assert (errors.value, warnings.value, households.value) == ("1,000 条", "234 条", "56 户")

    class Rule:
        rule_id = "R01"

        def title(self, lang):
            return "收入低于贫困线却已脱贫"

    rules = {"R01": Rule()}
    assert quality.rule_option(quality.ALL_RULES, rules, {}, "zh") == "全部规则"
    assert (
        quality.rule_option("R01", rules, {"R01": 12}, "zh")
        == "R01 收入低于贫困线却已脱贫（12 条）"
    )
    assert quality.village_option("V1", {"V1": 3}, {"V1": "山南村"}, "zh") == "山南村（3 条）"
    assert quality.rows_caption(1000, 1000, "zh") is None
    assert quality.rows_caption(1000, 5432, "zh").startswith("下表列出前 1,000 条，共 5,432 条")
    assert quality.rules_not_in_source_sentence([], "zh") is None
    assert "R01 收入低于贫困线却已脱贫" in quality.rules_not_in_source_sentence([Rule()], "zh")


def test_programs_loan_cards_and_sentences():
    from dashboard.measures import programs

    loans = pd.DataFrame(
        {"mode": ["self_use"], "yuan": [50000.0], "households": [10], "loans": [12],
         "dividends_yuan": [None], "enterprises": [None], "dividend_households": [None]}
    )  # fmt: skip
    enterprise, self_use, dividends, every_loan = programs.loan_cards(loans, "zh")
    assert enterprise is None and dividends is None  # no loan for enterprise use
    assert (self_use.value, self_use.caption) == ("5.00万元", "10 户 · 12 笔")
    assert (every_loan.value, every_loan.caption) == ("5.00万元", "按方式计户数合计 10 户")

    due = pd.DataFrame(
        {"household_id": ["A", "A", "B"], "amount_yuan": [1000.0, 2000.0, 500.0],
         "due_date": [dt.date(2018, 7, 1), dt.date(2018, 8, 1), dt.date(2018, 9, 1)]}
    )  # fmt: skip
    sentence = programs.due_sentence(due, "zh")
    assert "有 3 笔贷款到期（2 户，3,500元）" in sentence
    assert programs.due_sentence(due.iloc[0:0], "zh") is None
    in_period = pd.DataFrame({"program": ["a", "b"], "yuan": [30000.0, 20000.0]})
    assert "共发放 2 项政策补助，合计 5.00万元" in programs.period_sentence(in_period, "all", "zh")
