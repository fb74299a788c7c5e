"""The later layouts end to end: the monitoring system's person list (2022 on), the 2019 household
form + person form, and layouts whose headers are varied at random; each is generated from a
model town (tests/importer/national_export.py), imported, written, and read back from Parquet.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import duckdb
import pytest

from dashboard import id_numbers
from dashboard.importer.headers import Mapping
from dashboard.importer.run import plan_import, write_import
from tests.importer.national_export import (
    HEADER_2016,
    MONITORING_DATA_DATE,
    MONITORING_HEADER,
    SNAPSHOT_DATE,
    generate_town,
    monitoring_rows,
    monitoring_spells,
    monitoring_status,
    person_rows,
    vary_layout,
    write_2019_forms,
    write_monitoring_list,
    write_roster,
    write_villages,
)


def snapshot_folder(data_dir: Path, date) -> Path:
    return data_dir / "snapshots" / f"snapshot_date={date.isoformat()}"


def rows_by_key(folder: Path, table: str, key: str) -> dict[str, dict]:
    relation = duckdb.sql(
        "select * from read_parquet($path)", params={"path": str(folder / f"{table}.parquet")}
    )
    columns = relation.columns
    return {
        row[columns.index(key)]: dict(zip(columns, row, strict=True)) for row in relation.fetchall()
    }


@pytest.fixture(scope="module")
def town():
    return generate_town(240, seed=29)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_monitoring_list_imports_with_what_it_lacks_left_null(town, tmp_path, suffix):
    villages = write_villages(town, tmp_path / "村情表.csv")
    roster = write_monitoring_list(town, tmp_path / f"监测对象人员信息{suffix}")
    plan = plan_import([villages, roster], MONITORING_DATA_DATE)
    assert plan.ok, [problem.message_en for problem in plan.errors][:5]
    assert not plan.guesses  # every column of this layout is recognised by itself
    assert plan.not_in_source == {
        "households": ["attribute", "family_doctor_signed"],
        "members": ["medical_insurance", "migrant_months", "migrant_work"],
    }
    data_dir = tmp_path / "data"
    write_import(data_dir, plan)
    folder = snapshot_folder(data_dir, MONITORING_DATA_DATE)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["not_in_source"] == plan.not_in_source
    households = rows_by_key(folder, "households", "household_id")
    spells = monitoring_spells(town)
    assert len(households) == len(town.households)
    for model in town.households:
        row = households[model.household_id]
        status = monitoring_status(model)
        assert row["status"] == status
        assert row["attribute"] is None and row["family_doctor_signed"] is None
        assert row["housing_safe"] == model.housing_safe  # from 危房户, inverted
        assert row["drinking_water_safe"] == model.drinking_water_safe
        assert row["income_year"] == MONITORING_DATA_DATE.year - 1  # from 数据日期
        assert row["natural_village"] == model.group_name
        if status == "exited":
            assert (row["identified_year"], row["exit_year"]) == (
                model.identified_year,
                model.exit_year,
            )
        else:  # never poor: the year it became a monitoring object
            assert row["identified_year"] == spells[model.household_id].identified_date.year
    monitoring = rows_by_key(folder, "monitoring", "household_id")
    assert set(monitoring) == set(spells)
    for household_id, spell in spells.items():
        row = monitoring[household_id]
        assert row["object_type"] == spell.object_type
        assert row["identified_date"] == spell.identified_date
        assert row["eliminated"] == spell.eliminated
        assert row["eliminated_date"] == spell.eliminated_date
    members = rows_by_key(folder, "members", "id_number")
    assert len(members) == len(town.people)
    for person in town.people:
        row = members[person.id_number]
        assert (row["sex"], row["birth_date"]) == (person.sex, person.birth_date)  # derived
        assert row["migrant_work"] is None and row["medical_insurance"] is None
        assert row["ethnicity"] == "汉族"
        assert row["phone"] and len(row["phone"]) == 11


OFFICIAL_CODES = Path(__file__).resolve().parents[2] / "data/reference/divisions/divisions.parquet"


def test_a_monitoring_list_without_villages_file_is_placed_by_the_official_codes(town, tmp_path):
    """No villages file: each village named in the list is placed by the official 统计用区划代码;
    one the official list does not name is refused, once per village, naming it."""
    official = {
        name.removesuffix("村委会") + "村"
        for (name,) in duckdb.execute(
            "select name from read_parquet($path) where code like '341182108___' "
            "and name like '%村委会'",
            {"path": str(OFFICIAL_CODES)},
        ).fetchall()
    }
    unknown = {v["village_name"] for v in town.villages} - official
    assert unknown  # the model town's villages are made up
    roster = write_monitoring_list(town, tmp_path / "监测对象人员信息.csv")
    plan = plan_import([roster], MONITORING_DATA_DATE)
    assert not plan.ok
    messages = [problem.message_en for problem in plan.errors]
    assert len(messages) == len(unknown)  # once per village, not once per row
    for name in unknown:
        assert any(
            f"“{name}”" in m and "official division codes cannot place it" in m for m in messages
        )


def test_a_monitoring_list_naming_real_villages_needs_no_villages_file(town, tmp_path):
    """The same list with the villages named as the official list names them (荷花村委会 is
    written 荷花村 in the register): placed under the official codes, nothing refused."""
    import copy

    real = copy.deepcopy(town)
    names = {"341182108200": "荷花村", "341182108201": "冯郢村"}
    for village in real.villages:
        village["village_name"] = names[village["village_code"]]
    roster = write_monitoring_list(real, tmp_path / "监测对象人员信息.csv")
    plan = plan_import([roster], MONITORING_DATA_DATE)
    assert plan.ok, [p.message_en for p in plan.errors][:5]
    data_dir = tmp_path / "data"
    write_import(data_dir, plan)
    villages = rows_by_key(
        snapshot_folder(data_dir, MONITORING_DATA_DATE), "villages", "village_code"
    )
    assert {code: row["village_name"] for code, row in villages.items()} == names


def test_the_2019_forms_import_once_the_unsure_column_is_confirmed(town, tmp_path):
    files = write_2019_forms(town, tmp_path)
    plan = plan_import(files, SNAPSHOT_DATE)
    guesses = [(match.header, match.field) for _, match in plan.guesses]
    assert guesses == [("致贫主因", "main_cause")]  # named by its values (因病, 因残 …) alone
    confirmed = Mapping(columns={"致贫主因": "main_cause"})
    plan = plan_import(files, SNAPSHOT_DATE, confirmed)
    assert plan.ok and not plan.guesses, [p.message_en for p in plan.errors][:5]
    assert plan.not_in_source == {}
    data_dir = tmp_path / "data"
    write_import(data_dir, plan)
    folder = snapshot_folder(data_dir, SNAPSHOT_DATE)
    households = rows_by_key(folder, "households", "household_id")
    villages = rows_by_key(folder, "villages", "village_code")
    assert {v["village_code"] for v in town.villages} == set(villages)
    for village in town.villages:
        assert villages[village["village_code"]]["groups_count"] == village["groups_count"]
        assert villages[village["village_code"]]["is_poor_village"] == village["is_poor_village"]
    household_fields = ("attribute", "main_cause", "status", "housing_safe", "family_doctor_signed")
    for model in town.households:
        assert_fields(households[model.household_id], model, household_fields)
    members = rows_by_key(folder, "members", "person_id")
    for person in town.people:
        assert_fields(members[person.person_id], person, ("migrant_work", "labor", "health"))


def assert_fields(row: dict, model, names: tuple[str, ...]) -> None:
    """The imported row holds the town model's value in each of the fields `names`."""
    assert {name: row[name] for name in names} == {name: getattr(model, name) for name in names}


# Columns a county may leave out of each layout without the import refusing it.
MONITORING_OPTIONAL = ("省", "市", "自然村", "户主姓名", "民族", "文化程度", "是否参加大病保险",
                       "人联系电话", "易返贫致贫户(监测对象)类型", "致贫原因1", "风险消除时间",
                       "是否解决安全饮用水", "危房户", "户联系电话", "数据日期")  # fmt: skip
LAYOUT_2016_OPTIONAL = ("省", "市", "人编号", "人数", "性别", "民族", "文化程度",
                        "务工状况", "务工时间（月）", "是否参加城乡居民基本医疗保险",
                        "是否参加大病保险", "贫困户属性", "主要致贫原因", "识别标准", "脱贫年度",
                        "住房是否安全", "饮水是否安全", "家庭医生签约", "联系电话", "开户银行",
                        "备注")  # fmt: skip


def _import_varied(town, tmp_path, seed, layout):
    rng = random.Random(seed)
    if layout == "monitoring":
        header, rows = vary_layout(
            MONITORING_HEADER, monitoring_rows(town), rng, droppable=MONITORING_OPTIONAL
        )
        suffix = ".xlsx"
    else:
        header, rows = vary_layout(
            HEADER_2016, person_rows(town), rng, droppable=LAYOUT_2016_OPTIONAL
        )
        suffix = ".csv"
    roster = write_monitoring_list(
        town, tmp_path / f"名单{seed}{suffix}", header=tuple(header), rows=rows
    )
    villages = write_villages(town, tmp_path / f"村情表{seed}.csv")
    return plan_import([villages, roster], MONITORING_DATA_DATE), header


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("layout", ["monitoring", "2016"])
def test_layouts_varied_at_random_import_to_the_same_households(town, tmp_path, seed, layout):
    """Columns shuffled, optional ones dropped, headers decorated or reworded: every household
    and person comes back with the values the model gave it, what was dropped is NULL."""
    plan, header = _import_varied(town, tmp_path, seed, layout)
    if plan.guesses:  # what the user would confirm on /import: take the best guesses
        plan = plan_import(
            [Path(s.path) for s in plan.sources],
            MONITORING_DATA_DATE,
            Mapping(columns={m.header: m.field for _, m in plan.guesses}),
            names=[s.name for s in plan.sources],
        )
    assert plan.ok, (header, [p.message_en for p in plan.errors][:5])
    households = {row["household_id"]: row for row in plan.tables["households"].to_pylist()}
    members = {row["id_number"]: row for row in plan.tables["members"].to_pylist()}
    assert set(households) == {h.household_id for h in town.households}
    assert set(members) == {p.id_number for p in town.people}
    for model in town.households:
        row = households[model.household_id]
        expected = monitoring_status(model) if layout == "monitoring" else model.status
        assert row["status"] == expected, header
    for person in town.people:
        row = members[person.id_number]
        assert (row["name"], row["sex"], row["birth_date"]) == (
            person.name,
            person.sex,
            person.birth_date,
        )
    for table, columns in plan.not_in_source.items():
        for column in columns:
            assert all(row[column] is None for row in plan.tables[table].to_pylist())


def test_a_column_named_only_by_its_values_is_a_guess(town, tmp_path):
    """An ID-number column under a header that says nothing known is guessed from its values."""
    header = ["序号" if h == "序号" else ("号码" if h == "证件号码" else h) for h in HEADER_2016]
    roster = write_monitoring_list(
        town, tmp_path / "roster.csv", header=tuple(header), rows=person_rows(town)
    )
    villages = write_villages(town, tmp_path / "村情表.csv")
    plan = plan_import([villages, roster], SNAPSHOT_DATE)
    assert [(m.header, m.field, m.how) for _, m in plan.guesses] == [
        ("号码", "id_number", "values")
    ]


def test_id_numbers_checked_by_stdnum():
    number = "11010519491231002X"
    assert id_numbers.is_valid(number)
    assert not id_numbers.is_valid(number[:17] + "1")
    assert not id_numbers.is_valid("110105194913310021")  # no 31st of the 13th month
    assert id_numbers.county_known(number)
    assert not id_numbers.county_known("990105194912310021")


def test_an_id_number_of_an_unknown_county_imports_with_a_warning(town, tmp_path):
    """A sound number (its date and check character right) whose first six digits are no
    county in the ID card table is imported as written, with one warning naming the code."""
    villages = write_villages(town, tmp_path / "村情表.csv")
    roster = write_roster(town, tmp_path / "贫困人口信息表.csv")
    content = roster.read_text(encoding="gbk")
    first = next(n for n in re.findall(r"\d{17}[\dX]", content) if id_numbers.is_valid(n))
    body = "990105" + first[6:17]
    unknown = body + id_numbers.check_character(body)
    assert id_numbers.is_valid(unknown) and not id_numbers.county_known(unknown)
    roster.write_text(content.replace(first, unknown, 1), encoding="gbk")
    plan = plan_import([villages, roster], SNAPSHOT_DATE)
    assert plan.ok
    [warning] = [w for w in plan.warnings if w.kind == "unknown_county"]
    assert "990105" in warning.message_zh and "990105" in warning.message_en
    people = {row["id_number"] for row in plan.tables["members"].to_pylist()}
    assert unknown in people


def test_the_2016_roster_still_imports_as_before(town, tmp_path):
    villages = write_villages(town, tmp_path / "村情表.csv")
    roster = write_roster(town, tmp_path / "贫困人口信息表.csv")
    plan = plan_import([villages, roster], SNAPSHOT_DATE)
    assert plan.ok and not plan.guesses and plan.not_in_source == {}


def _cli(*arguments: str):
    from tests.importer.command import tuopin

    return tuopin(*arguments)


def test_the_cli_asks_to_confirm_a_guess_and_remembers_the_layout(town, tmp_path):
    """Unsure: nothing written, the guess printed with how to confirm. --save-mapping writes
    the guesses; --mapping with that file imports; the next file of the same layout imports
    without asking, the confirmed mapping being kept in the data directory."""
    (tmp_path / "first").mkdir()
    files = write_2019_forms(town, tmp_path / "first")
    data_dir = tmp_path / "data"
    saved = tmp_path / "mapping.toml"
    arguments = ["import", "--data", str(data_dir), "--snapshot-date", "2020-06-30"]
    refused = _cli(*arguments, "--save-mapping", str(saved), *map(str, files))
    assert refused.returncode == 1, refused.stdout
    assert "“致贫主因” → main_cause" in refused.stdout
    assert "--accept-guesses" in refused.stdout and "--mapping" in refused.stdout
    assert not data_dir.exists()  # nothing written
    assert '"致贫主因" = "main_cause"' in saved.read_text("utf-8")
    confirmed = _cli(*arguments, "--mapping", str(saved), *map(str, files))
    assert confirmed.returncode == 0, confirmed.stdout
    (tmp_path / "second").mkdir()
    later = write_2019_forms(generate_town(120, seed=30), tmp_path / "second")
    again = _cli(*arguments[:-1], "2020-12-31", *map(str, later))
    assert again.returncode == 0, again.stdout
    assert "待确认 to confirm 0" in again.stdout and "待确认 to confirm 1" not in again.stdout


def test_accept_guesses_still_refuses_a_missing_required_field(town, tmp_path):
    header = [h for h in HEADER_2016 if h not in ("识别年度",)]
    rows = [
        [value for h, value in zip(HEADER_2016, row, strict=True) if h != "识别年度"]
        for row in person_rows(town)
    ]
    roster = write_monitoring_list(town, tmp_path / "roster.csv", header=tuple(header), rows=rows)
    villages = write_villages(town, tmp_path / "村情表.csv")
    data_dir = tmp_path / "data"
    result = _cli(
        "import", "--data", str(data_dir), "--snapshot-date", "2020-06-30", "--accept-guesses",
        str(villages), str(roster),
    )  # fmt: skip
    assert result.returncode == 1
    assert "识别年度" in result.stdout
    assert not data_dir.exists()
