"""The report's sections 一 and 二 written from the demo's 2018-06-30 snapshot.

Every expected phrase is typed from the township's report of 2018-05-11
(shared/reference/000_fb669f2a63a0a6a6.txt), in simplified characters, with the wording of the
narrative's sentences around the report's numbers. Numbers the data contract cannot hold (areas,
"全市12个贫困村之一", meetings and banners) are not expected.
"""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from dashboard.evaluation.figures import compute
from dashboard.evaluation.narrative import build_narrative, plain, to_docx, wan
from dashboard.evaluation.period import parse_period, resolve

# (the report's sentence, in short; the phrase the narrative must contain)
REPORT_PHRASES = [
    ("全镇总人口4.3万人", "总人口4.3万人"),
    ("辖9个行政村1个航运公司1个渔场，133个村民组", "辖9个行政村1个航运公司1个渔场，133个村民组"),
    ("2014年以来", "2014年以来"),
    ("建档立卡贫困户650户、1372人", "建档立卡贫困户650户、1372人"),
    ("未脱贫205户、526人", "未脱贫205户、526人"),
    ("分布在全镇11个村居，133个组", "分布在全镇11个村居，133个组"),
    ("市镇帮扶责任人143人", "市镇帮扶责任人143人"),
    ("村级联系人76人", "村级联系人76人"),
    ("2014年已脱贫167户，181人", "2014年已脱贫167户、181人"),
    ("2015年已脱贫114户227人", "2015年已脱贫114户、227人"),
    ("2016年已脱贫65户、167人", "2016年已脱贫65户、167人"),
    ("2017年脱贫 99户271 人", "2017年已脱贫99户、271人"),
    ("2018年预脱贫300人", "2018年预脱贫300人"),
    ("山南村……2016年实现贫困村出列", "山南村为贫困村，该村2016年实现贫困村出列"),
    ("三年教育补助……412户……319750元", "共申报412户，申请补助资金319750元"),
    ("2016和2017年两年申报“雨露计划”67户发放资金174000元", "2016和2017年两年申报“雨露计划”67户，发放资金174000元"),
    ("外出务工交通补助三年135户91500元", "外出务工交通补助三年135户91500元"),
    ("22人参加……就业培训", "组织22人参加市贫困人口就业培训"),
    ("356人参加本镇贫困人口技能培训", "356人参加本镇贫困人口技能培训"),
    ("公益性岗位10个", "公益性岗位10个"),
    ("危房改造14户", "危房改造14户"),
    ("家庭医生签约服务达100%", "家庭医生签约服务达100%"),
    ("申请小额贷款716万元", "申请小额贷款716万元"),
    ("户贷企用……78户，312万元", "共贷78户、312万元"),
    ("收益分红21.84万元", "收益分红21.84万元"),
    ("自贷自用贷款85户，404万元", "“自贷自用”贷款85户、404万元"),
    ("2018年上半年……123个贫困学生、发放资金76025元", "123个贫困学生、发放资金76025元"),
    ("2017年以来……9个批次", "2017年以来我镇上报9个批次"),
    ("共475项，资金总额为598160元，涉及贫困户368户", "共475项，资金总额为598160元，涉及贫困户368户"),
    ("特色养殖业项目220项，361070元", "特色养殖业项目220项，361070元"),
    ("特色种植业项目255项，237090元", "特色种植业项目255项，237090元"),
    ("2018年上半年……特色种养殖30户，项目数量39个，申报资金量49300元", "2018年上半年我镇共申报特色种养殖30户，项目数量39个，申报资金量49300元"),
    ("全镇650户、1372人贫困人口", "650户、1372人"),
    ("光伏收益“三无”贫困户50户，本年度享受收益41600元", "光伏收益“三无”贫困户50户，本年度享受收益41600元"),
    ("山南村组织挂网招标蔬菜大棚60万元", "山南村组织挂网招标蔬菜大棚60万元"),
]  # fmt: skip


@pytest.fixture(scope="module")
def demo_figures(demo_db):
    periods = resolve(parse_period("2018H1"), demo_db.snapshots)
    return compute(demo_db.run, periods, None)


@pytest.fixture(scope="module")
def demo_text(demo_figures):
    return build_narrative(demo_figures, "zh")


@pytest.mark.parametrize(("report", "phrase"), REPORT_PHRASES, ids=[p for _, p in REPORT_PHRASES])
def test_narrative_says_what_the_report_says(demo_text, report, phrase):
    assert phrase in demo_text, f"report: {report}"


def test_narrative_has_the_two_sections_in_order(demo_text):
    first = demo_text.index("## 一、基本情况")
    second = demo_text.index("## 二、主要做法及成效")
    assert first < second
    assert "三、存在的问题" not in demo_text  # only when people wrote some


def test_written_problems_become_sections_three_and_four(demo_figures):
    text = build_narrative(
        demo_figures, "zh", {"problems": "帮扶干部包保责任不实", "next_steps": "压实主体责任"}
    )
    assert "## 三、存在的问题\n\n1. 帮扶干部包保责任不实" in text
    assert "## 四、下一步工作打算\n\n1. 压实主体责任" in text


def test_english_narrative_has_the_same_numbers(demo_figures):
    text = build_narrative(demo_figures, "en")
    for number in ("650", "1,372", "205", "526", "319,750", "7,160,000", "218,400", "49,300"):
        assert number in text
    assert "女山湖镇" in text


def test_a_village_narrative_speaks_of_the_village(demo_db, demo_sql):
    periods = resolve(parse_period("2018H1"), demo_db.snapshots)
    figures = compute(demo_db.run, periods, "341182108206")
    text = build_narrative(figures, "zh")
    # Counted independently of the query files, on the demo's Parquet files.
    households, people = demo_sql.sql(
        """
        select count(distinct h.household_id), count(m.person_id)
        from households h left join members m
          on m.household_id = h.household_id and m.snapshot_date = h.snapshot_date
        where h.snapshot_date = '2018-06-30' and h.village_code = '341182108206'
        """
    ).fetchall()[0]
    assert f"全村建档立卡贫困户{households}户、{people}人" in text
    assert text.startswith("# 山南村")
    assert "全镇" not in text


def test_money_is_written_as_the_report_writes_it():
    assert (wan(7_160_000), wan(3_120_000), wan(218_400), wan(600_000)) == (
        "716",
        "312",
        "21.84",
        "60",
    )
    assert plain(319_750.0) == "319750"
    assert plain(319_750.0, "en") == "319,750"


def test_docx_names_an_east_asian_font_on_every_run(demo_text):
    document = Document(io.BytesIO(to_docx(demo_text)))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0].text.startswith("女山湖镇脱贫攻坚工作2018年上半年")
    assert any(p.text == "一、基本情况" and p.style.name == "Heading 1" for p in paragraphs)
    for paragraph in paragraphs:
        for run in paragraph.runs:
            fonts = run._element.rPr.rFonts
            assert fonts is not None and fonts.get(qn("w:eastAsia")), run.text
