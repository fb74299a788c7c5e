"""The township report's 33 figures: what the report says, beside what the data says.

The report's values are those of `shared/reference/seed-figures.md`; the data's come from
`queries/report_figures.sql`. `tuopin figures` prints the two side by side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dashboard.data import Database

# The report was written on 2018-05-11 about the register of mid-2018: its figures are of the
# snapshot of this date. The demo town goes on to 2025, so on demo data `tuopin figures`
# compares on this snapshot unless another is asked for.
REPORT_SNAPSHOT_DATE = dt.date(2018, 6, 30)


def default_figures_snapshot(database: Database) -> dt.date | None:
    """The snapshot `tuopin figures` compares on when none is named: the report's date when the
    data is the demo town and holds it; otherwise None (the latest)."""
    town = [info for info in database.snapshots if info.demo_scale == "town"]
    if len(town) == len(database.snapshots) and any(
        info.snapshot_date == REPORT_SNAPSHOT_DATE for info in town
    ):
        return REPORT_SNAPSHOT_DATE
    return None


@dataclass(frozen=True)
class ReportFigure:
    """One figure of the report: its id, what it counts, and the report's value(s)."""

    figure_id: str
    label_zh: str
    label_en: str
    reported: tuple[int, ...]
    ceiling_second: bool = False  # F11: the second value must be at most the first, not equal


REPORT_FIGURES: tuple[ReportFigure, ...] = (
    ReportFigure("F01", "建档立卡贫困户（户）", "Registered poor households", (650,)),
    ReportFigure("F02", "建档立卡贫困人口（人）", "Registered poor people", (1372,)),
    ReportFigure("F03", "未脱贫户", "Households not yet exited", (205,)),
    ReportFigure("F04", "未脱贫人口", "People not yet exited", (526,)),
    ReportFigure("F05", "2014年脱贫 户/人", "Exited in 2014: households / people", (167, 181)),
    ReportFigure("F06", "2015年脱贫 户/人", "Exited in 2015: households / people", (114, 227)),
    ReportFigure("F07", "2016年脱贫 户/人", "Exited in 2016: households / people", (65, 167)),
    ReportFigure("F08", "2017年脱贫 户/人", "Exited in 2017: households / people", (99, 271)),
    ReportFigure("F09", "2018年预脱贫人数", "2018 exit target, people", (300,)),
    ReportFigure(
        "F10",
        "村居数 / 其中行政村 / 水上村",
        "Units / of which villages / water villages",
        (11, 9, 2),
    ),
    ReportFigure(
        "F11",
        "村民组（登记组数不超过此数）",
        "Villager groups (groups in the register at most this)",
        (133, 133),
        ceiling_second=True,
    ),
    ReportFigure("F12", "市镇帮扶责任人", "City and town helpers", (143,)),
    ReportFigure("F13", "村级联系人", "Village contacts", (76,)),
    ReportFigure(
        "F14",
        "贫困村数 / 出列年度 / 是山南村",
        "Poor villages / exit year / is 山南村",
        (1, 2016, 1),
    ),
    ReportFigure(
        "F15",
        "教育补助2015-2017 户年/元",
        "Education aid 2015-17: household-years / yuan",
        (412, 319_750),
    ),
    ReportFigure(
        "F16", "雨露计划2016-2017 户/元", "Rainbow Plan 2016-17: households / yuan", (67, 174_000)
    ),
    ReportFigure(
        "F17",
        "外出务工交通补助 户年/元",
        "Transport subsidy 2015-17: household-years / yuan",
        (135, 91_500),
    ),
    ReportFigure(
        "F18", "市就业培训 / 镇技能培训 人", "Trained: city course / town course", (22, 356)
    ),
    ReportFigure("F19", "公益性岗位（人）", "Public-welfare posts, people (2018 H1)", (10,)),
    ReportFigure("F20", "危房改造（户）", "Houses renovated", (14,)),
    ReportFigure("F21", "家庭医生签约率（%）", "Family doctor signed (%)", (100,)),
    ReportFigure(
        "F22", "户贷企用 户/元", "Loans used by enterprises: households / yuan", (78, 3_120_000)
    ),
    ReportFigure("F23", "户贷企用分红（元）", "Dividends on those loans, yuan", (218_400,)),
    ReportFigure("F24", "自贷自用 户/元", "Self-used loans: households / yuan", (85, 4_040_000)),
    ReportFigure("F25", "小额信贷合计（元）", "Microcredit in all, yuan", (7_160_000,)),
    ReportFigure(
        "F26", "2018上半年教育补助 人/元", "Education aid 2018 H1: students / yuan", (123, 76_025)
    ),
    ReportFigure(
        "F27",
        "2017年以来特色种养业 项/元/户",
        "Industry support since 2017: projects / yuan / households",
        (475, 598_160, 368),
    ),
    ReportFigure("F28", "其中养殖 项/元", "of which breeding: projects / yuan", (220, 361_070)),
    ReportFigure("F29", "其中种植 项/元", "of which planting: projects / yuan", (255, 237_090)),
    ReportFigure(
        "F30",
        "2018上半年种养业 户/项/元",
        "Industry support 2018 H1: households / projects / yuan",
        (30, 39, 49_300),
    ),
    ReportFigure("F31", "光伏收益 户/元", "Solar income 2018 H1: households / yuan", (50, 41_600)),
    ReportFigure(
        "F32", "山南村蔬菜大棚（元，招标中）", "山南村 greenhouse, yuan, tendering", (600_000,)
    ),
    ReportFigure("F33", "全镇总人口", "Town population", (43_000,)),
)


@dataclass(frozen=True)
class FigureCheck:
    """A report figure with the values the data gives for it."""

    figure: ReportFigure
    computed: tuple[Decimal | None, ...]
    not_in_source: bool = False  # the figure rests on a column the snapshot's source lacks

    @property
    def matches(self) -> bool:
        reported = self.figure.reported
        values = self.computed[: len(reported)]
        if any(value is None for value in values):
            return False
        if self.figure.ceiling_second:
            return values[0] == reported[0] and values[1] <= values[0]
        return all(Decimal(r) == v for r, v in zip(reported, values, strict=True))

    def as_dict(self) -> dict:
        return {
            "id": self.figure.figure_id,
            "label_zh": self.figure.label_zh,
            "label_en": self.figure.label_en,
            "reported": list(self.figure.reported),
            "computed": [_plain_number(v) for v in self.computed[: len(self.figure.reported)]],
            "matches": self.matches,
            "not_in_source": self.not_in_source,
        }


def check_figures(database: Database, snapshot_date: dt.date) -> list[FigureCheck]:
    """Compute every report figure on a snapshot and pair it with the report's value."""
    frame = database.run_arrow("report_figures", snapshot_date=snapshot_date).to_pylist()
    computed = {row["figure_id"]: (row["value_1"], row["value_2"], row["value_3"]) for row in frame}
    # Figures resting on a column the snapshot's source did not carry (contract v1.2; the query's
    # `-- not_in_source:` header): no count of false values in place of the unknown.
    lacked = set(database.not_in_source("report_figures", snapshot_date))
    checks = []
    for figure in REPORT_FIGURES:
        if figure.figure_id in lacked:
            checks.append(FigureCheck(figure, (None, None, None), not_in_source=True))
        else:
            checks.append(FigureCheck(figure, computed.get(figure.figure_id, (None, None, None))))
    return checks


def _plain_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
