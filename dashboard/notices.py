"""The notices of the exit and identification procedures (公示, then 公告), as printable A4 .docx.

The procedure (国务院扶贫办《关于建立贫困退出机制的意见》 and the 建档立卡 identification steps):
a household proposed to exit (or to be identified) is named on a notice in its village for seven
days (村内公示); with no objection upheld, the town announces the result (公告). Both list the
households by villager group with the head's name, the household's size and its main cause of
poverty; ID numbers never appear.

`build_notice` turns the query `notice_candidates` into a `Notice`; `notice_docx` lays it out on
A4 (宋体 body, 黑体 title, the east-Asian font set in the XML, which python-docx does not do by
itself); `dashboard.evaluation.pdf.office_to_pdf` makes the PDF. The rows come from the data
layer with the viewer given, so the names are whole only for a viewer who may see them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dashboard.errors import TuopinError
from dashboard.reference import code_label

KINDS = ("exit", "identify", "monitoring")  # 拟退出, 拟识别, 拟纳入防返贫监测
STAGES = ("notice", "announcement")  # 公示, 公告
NOTICE_DAYS = 7  # the procedure's notice period: seven days, the first day included
# The monitoring's village notice is 5 days (防止返贫动态监测 工作指南: 村内公示不少于5天, shown in
# the village only, with no ID number, phone, bank account or health detail: so no risk type).
DAYS_BY_KIND = {"exit": NOTICE_DAYS, "identify": NOTICE_DAYS, "monitoring": 5}
LATIN_FONT = "Times New Roman"
BODY_FONT = "SimSun"  # 宋体, the body font of government documents (Word and WPS have it)
TITLE_FONT = "SimHei"  # 黑体 for the title
TABLE_HEADER = ("序号", "村民组", "户主姓名", "家庭人口", "致贫原因")
MONITORING_TABLE_HEADER = ("序号", "村民组", "户主姓名", "家庭人口", "监测对象类型")

Runner = Callable[..., pd.DataFrame]  # run(query_name, **params) -> frame


@dataclass(frozen=True)
class Notice:
    """One notice: what it proposes, where, for which year, its period and its rows."""

    kind: str
    stage: str
    year: int
    village_name: str
    town_name: str
    start: dt.date
    phone: str
    rows: pd.DataFrame  # group_name, head_name, people, main_cause (object_type: monitoring)

    @property
    def days(self) -> int:
        """How long the notice and the announcement stand: 7 days, 5 for the monitoring's."""
        return DAYS_BY_KIND[self.kind]

    @property
    def header(self) -> tuple[str, ...]:
        """The table's header row."""
        return MONITORING_TABLE_HEADER if self.kind == "monitoring" else TABLE_HEADER

    @property
    def end(self) -> dt.date:
        """The last day of the notice period (seven days from the start, the start included)."""
        return self.start + dt.timedelta(days=self.days - 1)

    @property
    def announced(self) -> dt.date:
        """The day of the 公告: the day after the village notice's seven days (`start` is always
        the first day of the village notice, so both stages of one year name the same period)."""
        return self.end + dt.timedelta(days=1)

    @property
    def households(self) -> int:
        return len(self.rows)

    @property
    def people(self) -> int:
        return int(self.rows["people"].sum()) if len(self.rows) else 0

    @property
    def title(self) -> str:
        """XX村2018年拟退出贫困户名单公示, or the 公告 that follows it."""
        if self.kind == "monitoring":
            what = (
                "拟纳入防返贫监测对象名单公示"
                if self.stage == "notice"
                else "防返贫监测对象认定公告"
            )
            return f"{self.village_name}{self.year}年{what}"
        if self.stage == "notice":
            what = "拟退出贫困户名单公示" if self.kind == "exit" else "拟识别贫困户名单公示"
        else:
            what = "贫困户退出公告" if self.kind == "exit" else "贫困户识别公告"
        return f"{self.village_name}{self.year}年{what}"

    def body(self) -> list[str]:
        """The paragraphs above the table."""
        period = f"{chinese_date(self.start)}至{chinese_date(self.end)}"
        counted = f"共{self.households}户{self.people}人"
        if self.kind == "monitoring":
            return self._monitoring_body(period, counted)
        if self.stage == "notice":
            if self.kind == "exit":
                opening = (
                    "根据贫困户退出标准和程序，经本户申请、村“两委”和驻村工作队入户核实、"
                    f"村民代表大会民主评议，本村{self.year}年拟退出贫困户{counted}，现予以公示。"
                )
            else:
                opening = (
                    "根据贫困户识别标准和程序，经农户申请、村民小组评议、村“两委”和驻村工作队"
                    f"入户核实、村民代表大会民主评议，本村{self.year}年拟识别贫困户{counted}，"
                    "现予以公示。"
                )
            return [
                opening,
                f"公示期为{self.days}天：{period}。公示期间，如对名单有异议，请以书面、电话"
                f"或当面形式向村民委员会或{self.town_name}扶贫工作站反映。",
                f"监督电话：{self.phone}",
            ]
        decided = "退出" if self.kind == "exit" else "纳入建档立卡贫困户"
        return [
            f"本村{self.year}年{'拟退出' if self.kind == 'exit' else '拟识别'}贫困户名单经村内公示"
            f"（{period}），公示期满无异议，经{self.town_name}人民政府审核，以下{counted}"
            f"予以{decided}，现予以公告。",
            f"公告期为{self.days}天：{chinese_date(self.announced)}至"
            f"{chinese_date(self.announced + dt.timedelta(days=self.days - 1))}。"
            f"如有异议，请向{self.town_name}人民政府反映。",
            f"监督电话：{self.phone}",
        ]

    def _monitoring_body(self, period: str, counted: str) -> list[str]:
        """The monitoring's notice and announcement: who proposed, the days, where to object."""
        if self.stage == "notice":
            return [
                "根据防止返贫动态监测和帮扶工作要求，经农户申请或部门筛查预警、干部排查，"
                "村“两委”和驻村工作队入户核实、村民代表大会民主评议，本村"
                f"{self.year}年拟纳入防返贫监测对象{counted}，现予以公示。",
                f"公示期为{self.days}天：{period}。公示期间，如对名单有异议，请以书面、电话"
                f"或当面形式向村民委员会或{self.town_name}人民政府反映。",
                f"监督电话：{self.phone}",
            ]
        return [
            f"本村{self.year}年拟纳入防返贫监测对象名单经村内公示（{period}），公示期满无异议，"
            f"经{self.town_name}人民政府审核、县级审定，以下{counted}纳入防返贫监测对象，"
            "现予以公告。",
            f"公告期为{self.days}天：{chinese_date(self.announced)}至"
            f"{chinese_date(self.announced + dt.timedelta(days=self.days - 1))}。"
            f"如有异议，请向{self.town_name}人民政府反映。",
            f"监督电话：{self.phone}",
        ]

    def signatures(self) -> list[str]:
        """The signature lines under the table."""
        if self.stage == "notice":
            return [
                f"{self.village_name}村民委员会（盖章）",
                f"{self.town_name}驻{self.village_name}扶贫工作队（盖章）",
                chinese_date(self.start),
            ]
        return [f"{self.town_name}人民政府（盖章）", chinese_date(self.announced)]

    def table_rows(self) -> list[tuple[str, str, str, str, str]]:
        """序号, 村民组, 户主姓名, 家庭人口, 致贫原因 (监测对象类型): the table as printed."""
        return [
            (
                str(number),
                str(row.group_name),
                str(row.head_name or ""),
                str(int(row.people)),
                code_label("monitoring", "object_type", row.object_type, "zh")
                if self.kind == "monitoring"
                else code_label("households", "main_cause", row.main_cause, "zh"),
            )
            for number, row in enumerate(self.rows.itertuples(index=False), start=1)
        ]


def chinese_date(day: dt.date) -> str:
    """2018年12月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def build_notice(
    run: Runner,
    snapshot_date: dt.date,
    village_code: str,
    year: int,
    *,
    kind: str = "exit",
    stage: str = "notice",
    start: dt.date,
    phone: str,
) -> Notice:
    """The notice of one village and year, from the queries `notice_village` and
    `notice_candidates` (run with the caller's viewer: names are whole only if it may see them)."""
    if kind not in KINDS or stage not in STAGES:
        raise TuopinError(
            f"公示种类应为 {KINDS} 之一、阶段应为 {STAGES} 之一。",
            f"The kind of notice must be one of {KINDS} and its stage one of {STAGES}.",
        )
    if not phone.strip():
        raise TuopinError(
            "请填写受理异议的监督电话。", "Give the phone number for objections (--phone)."
        )
    village = run("notice_village", snapshot_date=snapshot_date, village_code=village_code)
    if village.empty:
        raise TuopinError(
            f"快照 {snapshot_date.isoformat()} 中没有村代码 {village_code}。",
            f"No village with code {village_code} in the snapshot {snapshot_date.isoformat()}.",
        )
    if kind == "monitoring":
        rows = run(
            "notice_monitoring_candidates",
            snapshot_date=snapshot_date,
            village_code=village_code,
            year=year,
        )[["group_name", "head_name", "people", "object_type"]]
    else:
        rows = run(
            "notice_candidates",
            snapshot_date=snapshot_date,
            village_code=village_code,
            year=year,
            kind=kind,
        )[["group_name", "head_name", "people", "main_cause"]]
    first = village.iloc[0]
    return Notice(
        kind=kind,
        stage=stage,
        year=year,
        village_name=str(first["village_name"]),
        town_name=str(first["town_name"]),
        start=start,
        phone=phone.strip(),
        rows=rows,
    )


def notice_docx(notice: Notice) -> bytes:
    """The notice as an A4 Word document: title, paragraphs, the table, the signature lines."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    document.core_properties.author = notice.town_name
    document.core_properties.title = notice.title
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(25))
    section.top_margin, section.bottom_margin = Mm(30), Mm(25)

    def set_fonts(run, east_asian: str, size: float, bold: bool = False) -> None:
        run.font.name = LATIN_FONT
        run.font.size = Pt(size)
        run.font.bold = bold
        fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:ascii"), LATIN_FONT)
        fonts.set(qn("w:hAnsi"), LATIN_FONT)
        fonts.set(qn("w:eastAsia"), east_asian)
        # The language tells a converter without 宋体 to fall back on a Simplified Chinese
        # font (LibreOffice otherwise took Noto Sans CJK JP, with Japanese glyph forms).
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), "zh-CN")
        language.set(qn("w:eastAsia"), "zh-CN")
        run._element.get_or_add_rPr().append(language)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(title.add_run(notice.title), TITLE_FONT, 18, bold=True)
    for text in notice.body():
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(28)  # two characters
        paragraph.paragraph_format.line_spacing = 1.5
        set_fonts(paragraph.add_run(text), BODY_FONT, 14)

    rows = notice.table_rows()
    table = document.add_table(rows=1 + max(len(rows), 1), cols=len(notice.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, notice.header, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_fonts(cell.paragraphs[0].add_run(text), TITLE_FONT, 12)
    if not rows:
        merged = table.rows[1].cells[0].merge(table.rows[1].cells[-1])
        merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_fonts(merged.paragraphs[0].add_run("本年度无符合条件的户"), BODY_FONT, 12)
    for row, values in zip(table.rows[1:], rows, strict=False):
        for cell, text in zip(row.cells, values, strict=True):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_fonts(cell.paragraphs[0].add_run(text), BODY_FONT, 12)

    document.add_paragraph()
    for text in notice.signatures():
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_fonts(paragraph.add_run(text), BODY_FONT, 14)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
