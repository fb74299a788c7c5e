"""The exit and identification notices: who they name, how they read, that no ID number appears."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile

import pandas as pd
import pytest
from docx import Document

from dashboard.cli import main
from dashboard.data import Viewer
from dashboard.notices import TABLE_HEADER, build_notice, notice_docx
from dashboard.reference import poverty_line_for

SNAPSHOT = dt.date(2018, 6, 30)
START = dt.date(2018, 12, 1)
NAMES = Viewer(show_names=True)


def expected_exit_households(demo_db, village_code: str, year: int) -> set[str]:
    """The exit standard worked out again in pandas, straight from the contract's tables."""
    households = demo_db.run_sql(
        "select * from households where snapshot_date = $day and village_code = $village",
        {"day": SNAPSHOT, "village": village_code},
    )
    members = demo_db.run_sql("select * from members where snapshot_date = $day", {"day": SNAPSHOT})
    birth = pd.to_datetime(members["birth_date"])
    day = pd.Timestamp(SNAPSHOT)
    age = (
        day.year
        - birth.dt.year
        - (
            (birth.dt.month > day.month)
            | ((birth.dt.month == day.month) & (birth.dt.day > day.day))
        )
    )
    out_of_school = (
        age.between(6, 15)
        & members["school_stage"].isin(["none", "preschool"])
        & members["education"].isin(["illiterate", "primary"])
    )
    bad_members = set(members.loc[out_of_school | ~members["medical_insurance"], "household_id"])
    chosen = set()
    for row in households.itertuples():
        if row.status not in ("not_exited", "relapsed") or row.planned_exit_year != year:
            continue
        line = poverty_line_for(max(row.income_year, year))[1]
        if (
            float(row.income_per_capita) > line
            and row.housing_safe
            and row.drinking_water_safe
            and row.household_id not in bad_members
        ):
            chosen.add(row.household_id)
    return chosen


@pytest.mark.parametrize("village_code", ["341182108200", "341182108206", "341182108400"])
def test_the_exit_notice_names_the_planned_households_that_meet_the_standard(demo_db, village_code):
    run = lambda name, **params: demo_db.run(name, viewer=NAMES, **params)  # noqa: E731
    notice = build_notice(run, SNAPSHOT, village_code, 2018, start=START, phone="0550-8123456")
    listed = set(
        demo_db.run(
            "notice_candidates",
            snapshot_date=SNAPSHOT,
            village_code=village_code,
            year=2018,
            kind="exit",
        )["household_id"]
    )
    assert listed == expected_exit_households(demo_db, village_code, 2018)
    assert notice.households == len(listed) > 0
    assert notice.end == dt.date(2018, 12, 7)


def test_the_document_reads_as_the_procedure_wants_and_holds_no_id_number(demo_db):
    run = lambda name, **params: demo_db.run(name, viewer=NAMES, **params)  # noqa: E731
    notice = build_notice(run, SNAPSHOT, "341182108206", 2018, start=START, phone="0550-8123456")
    document = Document(io.BytesIO(notice_docx(notice)))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[0] == "山南村2018年拟退出贫困户名单公示"
    assert any("2018年12月1日至2018年12月7日" in text for text in paragraphs)
    assert any("0550-8123456" in text for text in paragraphs)
    assert any("村民委员会（盖章）" in text for text in paragraphs)
    assert any("工作队（盖章）" in text for text in paragraphs)
    table = document.tables[0]
    assert tuple(cell.text for cell in table.rows[0].cells) == TABLE_HEADER
    assert len(table.rows) == 1 + notice.households
    heads = [row.cells[2].text for row in table.rows[1:]]
    assert all(head and "*" not in head for head in heads)  # whole names, as a notice needs
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    with zipfile.ZipFile(io.BytesIO(notice_docx(notice))) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert not re.search(r"\d{17}[\dXx]", xml)
    assert 'w:eastAsia="SimSun"' in xml
    assert '<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>' in xml  # a stand-in font of Chinese forms


def test_without_a_viewer_who_may_see_names_the_notice_is_masked(demo_db):
    notice = build_notice(demo_db.run, SNAPSHOT, "341182108206", 2018, start=START, phone="1")
    assert all(head.endswith("**") for head in notice.rows["head_name"])


def test_the_announcement_and_the_identification_notice(demo_db):
    run = lambda name, **params: demo_db.run(name, viewer=NAMES, **params)  # noqa: E731
    announcement = build_notice(
        run, SNAPSHOT, "341182108206", 2018, stage="announcement", start=START, phone="1"
    )
    assert announcement.title == "山南村2018年贫困户退出公告"
    assert "女山湖镇人民政府（盖章）" in announcement.signatures()
    # The 公告 follows the seven days of the village notice (1-7 December): dated the 8th.
    assert announcement.signatures()[-1] == "2018年12月8日"
    assert any("2018年12月8日至2018年12月14日" in line for line in announcement.body())
    assert any("（2018年12月1日至2018年12月7日）" in line for line in announcement.body())
    identify = build_notice(
        run, SNAPSHOT, "341182108200", 2016, kind="identify", start=START, phone="1"
    )
    identified = demo_db.run_sql(
        "select count(*) as n from households where snapshot_date = $day "
        "and village_code = '341182108200' and identified_year = 2016 and status <> 'removed'",
        {"day": SNAPSHOT},
    )["n"][0]
    assert identify.households == identified
    assert identify.title == "荷花村2016年拟识别贫困户名单公示"


def test_the_command_writes_a_pdf_of_one_a4_page(demo_dir, tmp_path, capsys):
    out = tmp_path / "notice.pdf"
    code = main(
        [
            "notice",
            "--data",
            str(demo_dir),
            "--village",
            "341182108206",
            "--year",
            "2018",
            "--start",
            "2018-12-01",
            "--phone",
            "0550-8123456",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\b", info)
    assert "(A4)" in info
    assert "5 户" in capsys.readouterr().out


def test_an_unknown_village_is_a_clear_error(demo_dir, tmp_path, capsys):
    code = main(
        [
            "notice",
            "--data",
            str(demo_dir),
            "--village",
            "999",
            "--phone",
            "1",
            "--out",
            str(tmp_path / "x.docx"),
        ]
    )
    assert code == 2
    error = capsys.readouterr().err
    assert "没有村代码 999" in error and "No village with code 999" in error
