"""The monitoring's 5-day notice (拟纳入防返贫监测对象名单公示) and its announcement, on the
hand-made 2023 town: who it names, the five days, and nothing it must not show (no ID number,
no phone of a person, no risk type, which is a health detail)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from monitoring_town import SNAPSHOT, monitoring_town, write_monitoring_town

from dashboard.cli import main
from dashboard.data import Viewer, open_database
from dashboard.notices import MONITORING_TABLE_HEADER, build_notice, notice_docx

V1, V2 = "341182108200", "341182108201"
START = dt.date(2023, 6, 1)


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    root = tmp_path_factory.mktemp("notice")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TUOPIN_INSTANCE", str(root / "instance"))
        data_dir = write_monitoring_town(monitoring_town(), root / "data")
        database = open_database(data_dir)
        yield data_dir, database
        database.close()


def notice(database, village: str, stage: str = "notice"):
    def run(name, **params):
        return database.run(name, viewer=Viewer(show_names=True), **params)

    return build_notice(
        run,
        SNAPSHOT,
        village,
        2023,
        kind="monitoring",
        stage=stage,
        start=START,
        phone="0550-1234567",
    )


def test_the_notice_names_the_spells_identified_that_year(town):
    _, database = town
    made = notice(database, V1)  # 甲村: A's second spell (2023-05-20); B was identified in 2021
    assert made.title == "甲村2023年拟纳入防返贫监测对象名单公示"
    assert made.table_rows() == [("1", "一组", "孙德胜", "3", "突发严重困难户")]
    assert made.end == dt.date(2023, 6, 5)  # five days, the first included
    assert "公示期为5天：2023年6月1日至2023年6月5日" in " ".join(made.body())
    other = notice(database, V2)  # 乙村: C (2023-02-01); E was identified in 2022
    assert [row[2] for row in other.table_rows()] == ["郑光明"]


def test_the_announcement_follows_the_five_days(town):
    _, database = town
    made = notice(database, V1, stage="announcement")
    assert made.title == "甲村2023年防返贫监测对象认定公告"
    assert made.announced == dt.date(2023, 6, 6)
    assert "纳入防返贫监测对象" in made.body()[0]


def test_the_document_shows_no_id_number_phone_or_risk(town):
    data_dir, database = town
    made = notice(database, V1)
    document = Document(io.BytesIO(notice_docx(made)))
    table = document.tables[0]
    assert tuple(cell.text for cell in table.rows[0].cells) == MONITORING_TABLE_HEADER
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for row in table.rows for cell in row.cells
    )
    members = database.run_sql("select id_number from members", {})
    assert not any(number in text for number in members["id_number"])
    assert "因意外事故" not in text and "因病" not in text  # the risk is a health detail


def test_the_command_writes_it(tmp_path, town):
    data_dir, _ = town
    out = tmp_path / "notice.docx"
    code = main(
        ["notice", "--data", str(data_dir), "--village", V1, "--year", "2023",
         "--kind", "monitoring", "--start", START.isoformat(), "--phone", "0550-1234567",
         "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    assert "拟纳入防返贫监测对象名单公示" in Document(str(out)).paragraphs[0].text
