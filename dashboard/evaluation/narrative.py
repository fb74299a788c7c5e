"""Sections 一 基本情况 and 二 主要做法及成效 of the report, written from the data.

Every number comes from an EvaluationFigures (so from the query files); the sentences are the
report's own, kept in `dashboard/locales/evaluation.toml` (keys `narrative.*`). Yuan are written
as the report writes them: whole yuan without separators (319750元), large sums in 万元 with
no trailing zeros (716万元, 21.84万元). Sections 三 and 四 are the notes people write.

`to_docx(markdown)` turns the text (edited or not) into a Word file whose runs name an
east-Asian font, so Chinese renders in Word, WPS and LibreOffice.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pandas as pd

from dashboard.access.small_counts import SMALL_COUNT_LABEL, as_number, is_hidden
from dashboard.evaluation.figures import EvaluationFigures
from dashboard.evaluation.notes import lines
from dashboard.formatting import format_date, format_share
from dashboard.i18n import text
from dashboard.reference import code_label
from dashboard.snapshots import not_in_source_label

LATIN_FONT = "Times New Roman"
EAST_ASIAN_FONT = "SimSun"  # 宋体: the body font of government reports; Word and WPS have it
HEADING_EAST_ASIAN_FONT = "SimHei"  # 黑体 for headings
UNFINISHED_STATUSES = ("tendering", "building", "planned")

POOR_VILLAGES_NAMED = 5  # up to this many 贫困村 are named (a town's); more are counted


def plain(value: object, lang: str = "zh") -> str:
    """A whole number as the report writes it: 319750 in Chinese, 319,750 in English; a
    visitor's hidden cell as its label ("<5", "×")."""
    if is_hidden(value):
        return value
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "0"
    number = int(round(float(value)))
    return f"{number:,}" if lang == "en" else str(number)


def wan(value: object) -> str:
    """Yuan in 万 (ten-thousands) without trailing zeros: 7160000 → 716, 218400 → 21.84.

    >>> wan(7_160_000), wan(218_400), wan(43_000)
    ('716', '21.84', '4.3')
    """
    if is_hidden(value):  # a visitor's "<5": the sum of so few households is not shown
        return value
    amount = Decimal(str(float(value or 0))) / Decimal(10_000)
    rounded = f"{amount:.2f}".rstrip("0").rstrip(".")
    return rounded or "0"


def percent(value: object) -> str:
    """100.00 → 100, 97.5 → 97.5."""
    if is_hidden(value):
        return value
    if value is None or pd.isna(value):
        return "—"
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def build_narrative(
    figures: EvaluationFigures, lang: str = "zh", notes: dict[str, str] | None = None
) -> str:
    """The report text as Markdown: title, 一 基本情况, 二 主要做法及成效 (and 三, 四 when written)."""
    writer = _Writer(figures, lang)
    parts = [
        f"# {writer.t('narrative.title', scope=writer.scope_name, period=writer.period_label)}",
        f"*{writer.t('narrative.as_of', date=format_date(figures.closing_date, lang))}*",
        f"## {writer.t('narrative.section1')}",
        *writer.basic(),
        f"## {writer.t('narrative.section2')}",
        *writer.achievements(),
    ]
    notes = notes or {}
    for section, key in (("narrative.section3", "problems"), ("narrative.section4", "next_steps")):
        written = lines(notes.get(key, ""))
        if written:
            parts.append(f"## {writer.t(section)}")
            parts += [f"{number}. {line}" for number, line in enumerate(written, 1)]
    return "\n\n".join(parts) + "\n"


class _Writer:
    def __init__(self, figures: EvaluationFigures, lang: str) -> None:
        self.f = figures
        self.lang = lang
        self.kind = "town" if figures.is_town else "village"
        self.scope_name = figures.scope.get("scope_name") or ""
        self.period_label = figures.periods.period.label(lang)
        # The whole is the area's own level: 全镇 for a town, 全县 for a county's evaluation.
        level = figures.scope.get("scope_level") or self.kind
        self.whole = self.t(f"narrative.whole.{level}")
        self.we = self.t(f"narrative.we.{self.kind}")

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def n(self, value: object) -> str:
        return plain(value, self.lang)

    def money(self, value: object) -> str:
        """万元 figures: 716 in Chinese (the template says 万元), 7,160,000 in English (yuan)."""
        return wan(value) if self.lang == "zh" else plain(value, self.lang)

    # ------------------------------------------------------------ 一、基本情况
    def basic(self) -> list[str]:
        scope, head, helpers = self.f.scope, self.f.headline, self.f.helpers
        unit_parts = [
            self.t(key, count=scope[column])
            for key, column in (
                ("narrative.unit.administrative", "administrative_villages"),
                ("narrative.unit.community", "communities"),
                ("narrative.unit.shipping", "shipping_companies"),
                ("narrative.unit.fishery", "fisheries"),
            )
            if scope.get(column)
        ]
        units_sentence = self.t(
            f"narrative.units.{self.kind}",
            name=self.scope_name,
            population=wan(scope.get("population")),
            population_plain=self.n(scope.get("population")),
            units=("" if self.lang == "zh" else ", ").join(unit_parts),
            groups=self.n(scope.get("groups")),
        )
        registered = self.t(
            "narrative.registered",
            first_year=int(head["first_identified_year"]),
            whole=self.whole,
            households=self.n(head["household_rows"]),
            people=self.n(head["member_rows"]),
            remaining_households=self.n(head["not_exited_households"]),
            remaining_people=self.n(head["not_exited_people"]),
        )
        spread = self.t(
            f"narrative.spread.{self.kind}",
            whole=self.whole,
            units=self.n(scope.get("units")),
            groups=self.n(scope.get("groups")),
            helpers=self.n(helpers.get("helpers")),
            contacts=self.n(helpers.get("village_contacts")),
        )
        year = self.f.periods.period.year
        exits = self.f.exits_by_year
        # A visitor's "<5" year had exits (1-4): it is told, with its label.
        exited = as_number(exits["exited_households"]).gt(0) | exits["exited_households"].map(
            is_hidden
        )
        past = exits[(exits["year"] < year) & exited]
        exit_parts = [
            self.t(
                "narrative.exit_year",
                year=int(row.year),
                households=self.n(row.exited_households),
                people=self.n(row.exited_people),
            )
            for row in past.itertuples()
        ]
        target = self.f.target(year)
        if target and not pd.isna(target.get("target_people")):
            ending = self.t("narrative.target", year=year, people=self.n(target["target_people"]))
        else:
            ending = self.t("narrative.no_target")
        exits_sentence = (
            self.t("narrative.exits_lead")
            + self.t("narrative.exit_separator").join(exit_parts)
            + ending
            if exit_parts
            else ""
        )
        paragraphs = [units_sentence, registered + spread + exits_sentence]
        if (scope.get("poor_villages") or 0) > POOR_VILLAGES_NAMED:
            # A county's or a province's 贫困村 are counted, not named one by one.
            paragraphs.append(
                self.t(
                    "narrative.poor_villages_counted",
                    whole=self.whole,
                    villages=self.n(scope.get("poor_villages")),
                    exited=self.n(scope.get("poor_villages_exited")),
                    remaining=self.n(
                        int(scope.get("poor_villages")) - int(scope.get("poor_villages_exited"))
                    ),
                )
            )
        elif scope.get("poor_villages"):
            exit_year = scope.get("poor_village_exit_year")
            exit_text = (
                self.t("narrative.poor_village_exit", year=int(exit_year))
                if exit_year is not None and not pd.isna(exit_year)
                else self.t("narrative.poor_village_not_exited")
            )
            paragraphs.append(
                self.t(
                    "narrative.poor_village", names=scope.get("poor_village_names"), exit=exit_text
                )
            )
        return paragraphs

    # ------------------------------------------------------------ 二、主要做法及成效
    def achievements(self) -> list[str]:
        f = self.f
        three, two = f.windows["three_years"], f.windows["two_years"]
        education = f.program("three_years", "education_aid")
        rainbow = f.program("two_years", "rainbow_plan")
        transport = f.program("three_years", "transport_subsidy")
        posts = f.program("period", "public_welfare_job")
        policies = self.t(
            "narrative.policies",
            edu_from=three.start.year,
            edu_to=three.end.year,
            edu_households=self.n(education["household_years"]),
            edu_yuan=self.n(education["yuan"]),
            rain_from=two.start.year,
            rain_to=two.end.year,
            rain_households=self.n(rainbow["households"]),
            rain_yuan=self.n(rainbow["yuan"]),
            transport_households=self.n(transport["household_years"]),
            transport_yuan=self.n(transport["yuan"]),
            city_trained=self.n(f.training("city_employment")["people"]),
            town_trained=self.n(f.training("town_skills")["people"]),
            posts=self.n(posts["people"]),
            renovated=self.n(f.headline.get("renovated_households")),
            doctor=self.t(
                "narrative.doctor_not_in_source",
                label=not_in_source_label(self.lang),
            )
            if "family_doctor_percent" in f.headline_not_in_source
            else self.t(
                "narrative.doctor", percent=percent(f.headline.get("family_doctor_percent"))
            ),
        )
        enterprise, self_use = f.loan("enterprise_use"), f.loan("self_use")
        students = f.program("period", "education_aid")
        credit = self.t(
            "narrative.credit",
            whole=self.whole,
            credit=self.money(as_number(f.loans["yuan"]).sum() if not f.loans.empty else 0),
            enterprise_households=self.n(enterprise["households"]),
            enterprise_yuan=self.money(enterprise["yuan"]),
            dividends=self.money(enterprise.get("dividends_yuan") or 0),
            self_households=self.n(self_use["households"]),
            self_yuan=self.money(self_use["yuan"]),
            period=self.period_label,
            students=self.n(students["people"]),
            students_yuan=self.n(students["yuan"]),
        )
        since = f.windows["since_last_year"]
        industry_all = f.program("since_last_year", "industry")
        breeding = f.program("since_last_year", "industry_breeding")
        planting = f.program("since_last_year", "industry_planting")
        industry_period = f.program("period", "industry")
        industry = self.t(
            "narrative.industry",
            since=since.start.year,
            we=self.we,
            batches=self.n(industry_all["batches"]),
            projects=self.n(industry_all["payments"]),
            yuan=self.n(industry_all["yuan"]),
            households=self.n(industry_all["households"]),
            breeding_projects=self.n(breeding["payments"]),
            breeding_yuan=self.n(breeding["yuan"]),
            planting_projects=self.n(planting["payments"]),
            planting_yuan=self.n(planting["yuan"]),
            period=self.period_label,
            period_households=self.n(industry_period["households"]),
            period_projects=self.n(industry_period["payments"]),
            period_yuan=self.n(industry_period["yuan"]),
        )
        solar = f.program("year_to_date", "pv_income")
        register = self.t(
            "narrative.register",
            whole=self.whole,
            households=self.n(f.headline["household_rows"]),
            people=self.n(f.headline["member_rows"]),
            pv_households=self.n(solar["households"]),
            pv_yuan=self.n(solar["yuan"]),
        )
        projects = f.projects
        unfinished = projects[
            projects["status"].isin(UNFINISHED_STATUSES)
            & (projects["year"] == f.periods.period.year)
        ]
        if not unfinished.empty:
            register += (
                self.t("narrative.projects_lead")
                + self.t("narrative.project_separator").join(
                    self.t(
                        "narrative.project",
                        village=row.village_name,
                        status=self.t(f"narrative.status.{row.status}"),
                        name=row.name,
                        budget=self.money(row.budget_yuan),
                    )
                    for row in unfinished.itertuples()
                )
                + self.t("narrative.projects_end")
            )
        paragraphs = [policies, credit, industry, register]
        if f.monitoring is not None:
            paragraphs.append(self.monitoring())
        if f.rectification is not None and f.rectification["cards"]["total"]:
            cards = f.rectification["cards"]
            closed = cards["total"] - cards["open"]
            paragraphs.append(
                self.t(
                    "narrative.rectification",
                    whole=self.whole,
                    total=self.n(cards["total"]),
                    closed=self.n(closed),
                    share=percent(round(100 * closed / cards["total"], 1)) + "%",
                    open=self.n(cards["open"]),
                    overdue=self.n(cards["overdue"]),
                )
            )
        return paragraphs

    def monitoring(self) -> str:
        """防返贫监测: the objects by kind, the period's flows, the elimination rate, the gaps."""
        figures = self.f.monitoring
        totals = figures.totals
        kinds = self.t("narrative.monitoring.kind_separator").join(
            self.t(
                "narrative.monitoring.kind",
                kind=code_label("monitoring", "object_type", row.object_type, self.lang),
                households=self.count(row.open_households, row.eliminated_households),
            )
            for row in figures.by_kind.itertuples()
        )
        without = totals.get("open_without_measure")
        measures = (
            self.t("narrative.monitoring.all_measured")
            if without == 0
            else self.t("narrative.monitoring.without_measure", count=self.n(without))
        )
        return self.t(
            "narrative.monitoring",
            date=format_date(self.f.closing_date, self.lang),
            whole=self.whole,
            households=self.n(totals.get("households")),
            people=self.n(totals.get("people")),
            kinds=kinds,
            period=self.period_label,
            identified=self.n(figures.in_period("identified")),
            eliminated=self.n(figures.in_period("eliminated")),
            eliminated_total=self.n(totals.get("eliminated_households")),
            rate=format_share(totals.get("elimination_rate")),
            open=self.n(totals.get("open_households")),
            open_people=self.n(totals.get("open_people")),
            measures=measures,
        )

    def count(self, *parts: object) -> str:
        """A sum of counts written as the report writes it; "<5" when a part is a visitor's."""
        if any(is_hidden(part) for part in parts):
            return SMALL_COUNT_LABEL
        return self.n(sum(int(part) for part in parts))


# ---------------------------------------------------------------- .docx
def to_docx(markdown: str) -> bytes:
    """A Word document of the Markdown text: `#` title, `##` headings, other lines paragraphs."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()

    def fonts(element_rpr, east_asian: str) -> None:
        fonts_element = element_rpr.get_or_add_rFonts()
        fonts_element.set(qn("w:ascii"), LATIN_FONT)
        fonts_element.set(qn("w:hAnsi"), LATIN_FONT)
        fonts_element.set(qn("w:eastAsia"), east_asian)

    for style_name, east_asian in (
        ("Normal", EAST_ASIAN_FONT),
        ("Title", HEADING_EAST_ASIAN_FONT),
        ("Heading 1", HEADING_EAST_ASIAN_FONT),
    ):
        style = document.styles[style_name]
        style.font.name = LATIN_FONT
        fonts(style.element.get_or_add_rPr(), east_asian)
    document.styles["Normal"].font.size = Pt(14)

    for block in markdown.split("\n\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("## "):
            paragraph = document.add_heading(block[3:].strip(), level=1)
            east_asian = HEADING_EAST_ASIAN_FONT
        elif block.startswith("# "):
            paragraph = document.add_heading(block[2:].strip(), level=0)
            east_asian = HEADING_EAST_ASIAN_FONT
        else:
            paragraph = document.add_paragraph(block.strip("*"))
            paragraph.paragraph_format.first_line_indent = Pt(
                28
            )  # two characters, as in the report
            east_asian = EAST_ASIAN_FONT
        for run in paragraph.runs:
            run.font.name = LATIN_FONT
            fonts(run._element.get_or_add_rPr(), east_asian)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_docx(markdown: str, path: Path) -> Path:
    path = Path(path)
    path.write_bytes(to_docx(markdown))
    return path
