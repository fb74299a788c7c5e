"""Problems summarised: grouped by file, column and kind, counts, first five rows, full list."""

from __future__ import annotations

import io

import openpyxl

from dashboard.importer.run import plan_import
from dashboard.importer.summary import group_line, group_problems, problems_workbook
from tests.importer.files import HEAD_ID, SNAPSHOT_DATE, base_set, write_set

ROSTER = "贫困人口信息表.xlsx"


def many_people(files, count: int) -> None:
    """`count` more one-person households H3… in 荷花村, with valid ID numbers."""
    from tests.importer.files import id_number

    roster = files[ROSTER]
    template = roster[3]
    for number in range(count):
        row = list(template)
        row[roster[0].index("户编号")] = f"H{number + 3}"
        row[roster[0].index("人编号")] = f"P{number + 3}1"
        row[roster[0].index("证件号码")] = id_number(f"34118219800101{number:03d}")
        row[roster[0].index("性别")] = None  # from the ID number
        roster.append(row)


def with_empty_column(people: int, column: str) -> dict[str, list[list]]:
    """The base files with `people` more people on the roster, and `column` empty on every row."""
    files = base_set()
    many_people(files, people)
    roster = files[ROSTER]
    for row in roster[1:]:
        row[roster[0].index(column)] = None
    return files


def test_a_hundred_empty_cells_are_one_line(tmp_path):
    files = with_empty_column(110, "务工状况")
    roster = files[ROSTER]
    roster[5][roster[0].index("证件号码")] = HEAD_ID[:17] + ("1" if HEAD_ID[17] == "0" else "0")
    plan = plan_import(write_set(tmp_path, files), SNAPSHOT_DATE)
    groups = group_problems(plan.errors + plan.warnings)
    empty = next(g for g in groups if g.column == "务工状况")
    assert empty.count == 113 and empty.rows[:5] == [2, 3, 4, 5, 6]
    assert group_line(empty, "en") == (
        "贫困人口信息表.xlsx [Sheet]: 务工状况 empty: 113 rows (2, 3, 4, 5, 6 …) → 未外出务工, "
        "warning"
    )
    assert groups[0].severity == "error" and groups[0].column == "证件号码"
    assert "wrong check character" in group_line(groups[0], "en")
    assert HEAD_ID[6:14] not in group_line(groups[0], "en")  # the ID number is masked


def test_the_full_list_has_one_line_per_row(tmp_path):
    files = with_empty_column(7, "在校生状况")
    plan = plan_import(write_set(tmp_path, files), SNAPSHOT_DATE)
    assert plan.ok
    workbook = openpyxl.load_workbook(io.BytesIO(problems_workbook(plan.warnings, "en")))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Severity", "File", "Sheet", "Row")
    assert [row[3] for row in rows[1:]] == list(range(2, 12))
    assert {row[6] for row in rows[1:]} == {"非在校生"}
