"""The evaluation's slides as plain data, so the deck and the /present page show the same thing.

`build_slides(figures, lang, notes)` turns an EvaluationFigures into a list of Slide: each with a
title, key figures (Kpi), charts as categories and series (ChartSpec: drawn natively by
python-pptx in the deck, by Plotly on the page), an optional table, the map's values, and the
notes that define every figure on it. No Streamlit, no SQL, no file access.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from dashboard.access.small_counts import as_number, hidden_label, is_hidden
from dashboard.evaluation.figures import EvaluationFigures, item_mix
from dashboard.evaluation.notes import lines
from dashboard.formatting import format_count, format_date, format_share, format_yuan
from dashboard.hierarchy import LEVEL_LABELS, level_of
from dashboard.i18n import text
from dashboard.reference import code_label
from dashboard.snapshots import lacking, not_in_source_label

SLIDE_KEYS = (
    "title",
    "kpi",
    "exits",
    "remaining",
    "industry",
    "programs",
    "helpers",
    "monitoring",  # only when the closing snapshot has monitoring objects (2021 on)
    "rectification",  # only when the data directory keeps a rectification ledger
    "quality",
    "problems",
)
WALL_SLIDES = ("kpi", "exits", "remaining", "programs", "helpers")  # rotated on the wall display
CHART_KINDS = ("bar", "bar_horizontal", "line", "doughnut", "stacked")


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class Series:
    """A chart's series: `values` one number (or None) per category.

    Built from a query's cells as they are: a visitor's hidden cell ("<5", or "×" beside one)
    becomes None in `values` (no bar, nothing summed) and its label in `hidden`, so every
    drawing of the series (the deck's native chart, the page's figure) labels that point.
    """

    name: str
    values: tuple[float | None, ...]
    hidden: tuple[str | None, ...] = ()

    def __post_init__(self) -> None:
        cells = tuple(self.values)
        labels = tuple(self.hidden) or tuple(hidden_label(cell) for cell in cells)
        object.__setattr__(self, "values", tuple(_number(cell) for cell in cells))
        object.__setattr__(self, "hidden", labels if any(labels) else ())

    def hidden_at(self, index: int) -> str | None:
        """The label of the point at `index` when a visitor may not see it, else None."""
        return self.hidden[index] if index < len(self.hidden) else None


@dataclass(frozen=True)
class ChartSpec:
    """A chart as data: `kind` one of CHART_KINDS, one value per category in every series."""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str = "#,##0"
    query: str = ""

    def shown_categories(self, line_break: str = "\n") -> tuple[str, ...]:
        """The categories as a chart draws them on its axis.

        A bar's hidden point ("<5", "×") stands at 0 with its label; a line's cannot (a 0
        would be a false dip, and a chart draws no label where it draws no point), so its
        category names it: `2017` becomes `2017` + `line_break` + `(<5)`, or with several
        series `(脱贫人数 <5)`. The page's figure breaks the line with `<br>`.
        """
        if self.kind != "line":
            return self.categories
        shown = []
        for index, category in enumerate(self.categories):
            notes = [
                label if len(self.series) == 1 else f"{series.name} {label}"
                for series in self.series
                if (label := series.hidden_at(index))
            ]
            shown.append(f"{category}{line_break}({', '.join(notes)})" if notes else category)
        return tuple(shown)

    def frame(self) -> pd.DataFrame:
        """The chart's data as a table (category, one column per series), for downloads."""
        data = {"": list(self.categories)}
        data.update({s.name: list(s.values) for s in self.series})
        return pd.DataFrame(data)


@dataclass
class Slide:
    key: str
    title: str
    subtitle: str = ""
    kpis: list[Kpi] = field(default_factory=list)
    charts: list[ChartSpec] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    table: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    map_values: pd.DataFrame | None = None  # village_code, village_name, value (an area only)
    # Above a town: the area's villages (village_code, village_name), whose shapes make the units'
    map_villages: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)


def _number(value: object) -> float | None:
    """A chart point: a visitor's "<5" (and a missing value) draws nothing."""
    if value is None or is_hidden(value) or pd.isna(value):
        return None
    return float(value)


def _count(value: object) -> int:
    """A whole count to compute a sentence with; a visitor's "<5" counts as 0."""
    return 0 if value is None or is_hidden(value) or pd.isna(value) else int(value)


def build_slides(
    figures: EvaluationFigures,
    lang: str = "zh",
    notes: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> list[Slide]:
    """Every slide of the evaluation, in SLIDE_KEYS order."""
    builder = _Builder(figures, lang)
    return [
        builder.title(today or dt.date.today()),
        builder.kpi(),
        builder.exits(),
        builder.remaining(),
        builder.industry(),
        builder.programs(),
        builder.helpers(),
        *([builder.monitoring()] if figures.monitoring is not None else []),
        *([builder.rectification()] if figures.rectification is not None else []),
        builder.quality(),
        builder.problems(notes or {}),
    ]


class _Builder:
    def __init__(self, figures: EvaluationFigures, lang: str) -> None:
        self.figures = figures
        self.lang = lang
        self.period = figures.periods.period
        self.closing = figures.closing_date
        # The village, the town, or the area above it (evaluation_scope.sql names it).
        self.scope_name = _name(figures.scope.get("scope_name")) or _name(
            figures.scope.get("town_name")
        )

    def place(self, scope: dict) -> str:
        """Where the evaluation is: the county and town (a town's), else the area's name."""
        county, town = _name(scope.get("county_name")), _name(scope.get("town_name"))
        if self.lang == "zh":
            return county + town or self.scope_name
        return ", ".join(part for part in (town, county) if part) or self.scope_name

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def date(self, value: dt.date | None) -> str:
        return format_date(value, self.lang) if value else "—"

    def source(self, query: str, snapshot: dt.date | None = None) -> str:
        scope = self.figures.village_code or self.scope_name or self.t("evaluation.scope.town")
        return self.t(
            "slide.notes.source",
            query=query,
            date=(snapshot or self.closing).isoformat(),
            scope=scope,
        )

    def change(self, column: str) -> str:
        value = self.figures.change(column)
        if value is None:
            return self.t("slide.kpi.no_change")
        shown = value if isinstance(value, str) else f"{value:+,d}"  # a visitor's "<5"
        return self.t("slide.kpi.change", change=shown)

    # ---------------------------------------------------------------- slides
    def title(self, today: dt.date) -> Slide:
        scope = self.figures.scope
        comparison = self.figures.comparison_date
        subtitle = self.t(
            "slide.title.subtitle",
            place=self.place(scope),
            date=self.date(self.closing),
            comparison=self.t("slide.title.comparison", date=self.date(comparison))
            if comparison
            else self.t("slide.title.no_comparison"),
        )
        window = self.figures.windows["period"]
        return Slide(
            "title",
            self.t("slide.title.title", scope=self.scope_name, period=self.period.label(self.lang)),
            subtitle=subtitle,
            bullets=[self.t("slide.title.made", today=self.date(today))],
            notes=[
                self.t(
                    "slide.def.title",
                    period=self.period.code,
                    start=window.start.isoformat(),
                    end=window.end.isoformat(),
                    closing=self.closing.isoformat(),
                    comparison=comparison.isoformat() if comparison else "—",
                )
            ],
        )

    def kpi(self) -> Slide:
        head = self.figures.headline
        before = self.figures.headline_before
        kpis = [
            Kpi(self.t("slide.kpi.registered"), format_count(head["household_rows"]), self.change("household_rows")),
            Kpi(self.t("slide.kpi.registered_people"), format_count(head["member_rows"]), self.change("member_rows")),
            Kpi(self.t("slide.kpi.exited"), format_count(head["exited_households"]), self.change("exited_households")),
            Kpi(self.t("slide.kpi.exited_people"), format_count(head["exited_people"]), self.change("exited_people")),
            Kpi(self.t("slide.kpi.remaining"), format_count(head["not_exited_households"]), self.change("not_exited_households")),
            Kpi(self.t("slide.kpi.remaining_people"), format_count(head["not_exited_people"]), self.change("not_exited_people")),
        ]  # fmt: skip
        columns = ("exited_households", "not_exited_households", "relapsed_households")
        labels = ("slide.kpi.exited", "slide.kpi.remaining", "slide.kpi.relapsed")
        series = []
        if before:
            series.append(
                Series(
                    self.date(self.figures.comparison_date),
                    tuple(before[c] for c in columns),
                )
            )
        series.append(Series(self.date(self.closing), tuple(head[c] for c in columns)))
        chart = ChartSpec(
            "bar",
            self.t("slide.kpi.chart"),
            tuple(self.t(label) for label in labels),
            tuple(series),
            query="evaluation_headline",
        )
        return Slide(
            "kpi",
            self.t("slide.kpi.title"),
            subtitle=self.period.label(self.lang),
            kpis=kpis,
            charts=[chart],
            notes=[
                self.t("slide.def.registered"),
                self.t("slide.def.exited"),
                self.t("slide.def.remaining"),
                self.t("slide.def.change"),
                self.source("evaluation_headline"),
                self.source("evaluation_headline", self.figures.comparison_date)
                if self.figures.comparison_date
                else "",
            ],
        )

    def exits(self) -> Slide:
        frame = self.figures.exits_by_year
        years = tuple(str(int(y)) for y in frame["year"])

        def chart(kind: str, measure: str) -> ChartSpec:
            """Exits and the target per year of one measure (households or people)."""
            series = tuple(
                Series(self.t(f"slide.exits.{part}_{measure}"), tuple(frame[f"{part}_{measure}"]))
                for part in ("exited", "target")
            )
            title = self.t(f"slide.exits.{measure}_chart")
            return ChartSpec(kind, title, years, series, query="evaluation_exits_by_year")

        households, people = chart("bar", "households"), chart("line", "people")
        year = self.period.year
        target = self.figures.target(year)
        kpis = []
        if target and not pd.isna(target.get("target_people")):
            kpis.append(
                Kpi(
                    self.t("slide.exits.year_target", year=year),
                    f"{format_count(target['target_households'])} / {format_count(target['target_people'])}",
                    f"{self.t('slide.exits.exited_households')} {format_count(target['exited_households'])}",
                )
            )
        scope_key = "town" if self.figures.is_town else "village"
        return Slide(
            "exits",
            self.t("slide.exits.title"),
            subtitle=self.period.label(self.lang),
            kpis=kpis,
            charts=[households, people],
            notes=[
                self.t(
                    "slide.def.exits",
                    target_scope=self.t(f"slide.def.target_scope.{scope_key}"),
                ),
                self.source("evaluation_exits_by_year"),
            ],
        )

    def remaining(self) -> Slide:
        frame = self.figures.remaining_by_unit
        town = self.figures.is_town
        digits = self.figures.unit_digits
        level = level_of("0" * digits) if town else None
        chart = ChartSpec(
            "bar_horizontal",
            self.t("slide.remaining.series"),
            tuple(self.unit_label(name) for name in frame["unit_name"]),
            (
                Series(
                    self.t("slide.remaining.series"),
                    tuple(frame["not_exited_households"]),
                ),
            ),
            query="evaluation_remaining_by_unit",
        )
        map_values = None
        if town:
            map_values = pd.DataFrame(
                {
                    "village_code": frame["unit_code"],
                    "village_name": frame["unit_name"],
                    "value": frame["not_exited_households"],
                }
            )
        if not town:
            title = self.t("slide.remaining.title_groups")
            unit = self.t("slide.def.unit.group")
            unit_kind = self.t("slide.def.unit_kind.group")
        elif level == "village" or level is None:
            title = self.t("slide.remaining.title")
            unit = self.t("slide.def.unit.village")
            unit_kind = self.t("slide.def.unit_kind.village")
        else:  # above a town: the next level down (a county's towns)
            label = LEVEL_LABELS[level][self.lang]
            title = self.t("slide.remaining.title_level", level=label)
            unit = self.t("slide.def.unit.level", level=label)
            unit_kind = self.t("slide.def.unit_kind.level", digits=digits)
        return Slide(
            "remaining",
            title,
            subtitle=self.date(self.closing),
            charts=[chart],
            map_values=map_values,
            map_villages=self.figures.area_villages if town else None,
            notes=[
                self.t("slide.def.remaining_units", unit=unit, unit_kind=unit_kind),
                self.source("evaluation_remaining_by_unit"),
            ],
        )

    def unit_label(self, name: object) -> str:
        """A unit's name on the remaining chart. A village's units are its 村民组: a household
        without one has a blank group, which says "来源未提供 / not in the source" when the
        closing snapshot's source did not carry the groups (contract v1.2), and "未分组"
        otherwise, never "None" or an empty bar label."""
        if isinstance(name, str) and name:
            return name
        if self.figures.is_town:
            return "" if name is None or pd.isna(name) else str(name)
        if self.figures.periods.closing.lacks_column("households", "group_name"):
            return not_in_source_label(self.lang)
        return self.t("slide.remaining.no_group")

    def industry(self) -> Slide:
        since = self.figures.windows["since_last_year"]
        period = self.figures.windows["period"]
        mix = item_mix(self.figures.industry_items, other_label=self.t("slide.industry.other"))
        chart = ChartSpec(
            "doughnut",
            self.t("slide.industry.chart", since=since.start.year),
            tuple(str(i) for i in mix.items["item"]),
            (Series(self.t("slide.programs.series"), tuple(mix.items["yuan"])),),
            query="evaluation_industry_items",
        )
        total_since = self.figures.program("since_last_year", "industry")
        total_period = self.figures.program("period", "industry")

        def projects(row: dict) -> str:
            return f"{format_count(row['payments'])} · {format_yuan(row['yuan'], self.lang)}"

        percent = "—" if pd.isna(mix.top_two_share) else f"{mix.top_two_share:.0%}"
        effective = "—" if pd.isna(mix.herfindahl) else f"{1 / mix.herfindahl:.1f}"
        return Slide(
            "industry",
            self.t("slide.industry.title"),
            subtitle=self.period.label(self.lang),
            kpis=[
                Kpi(self.t("slide.industry.since", since=since.start.year), projects(total_since)),
                Kpi(self.t("slide.industry.period"), projects(total_period)),
                Kpi(self.t("slide.industry.top_two"), percent),
                Kpi(self.t("slide.industry.effective"), effective),
            ],
            charts=[chart],
            bullets=[self.t(f"slide.industry.dominance.{mix.dominance}")],
            notes=[
                self.t(
                    "slide.def.industry",
                    since_start=since.start.isoformat(),
                    since_end=since.end.isoformat(),
                    since_year=since.start.year,
                    start=period.start.isoformat(),
                    end=period.end.isoformat(),
                ),
                self.source("evaluation_industry_items"),
                self.source("evaluation_programs"),
            ],
        )

    def programs(self) -> Slide:
        period = self.figures.windows["period"]
        frame = self.figures.programs["period"]
        frame = frame[frame["program"] != "industry"]
        chart = ChartSpec(
            "bar_horizontal",
            self.t("slide.programs.chart"),
            tuple(code_label("payments", "program", p, self.lang) for p in frame["program"]),
            (Series(self.t("slide.programs.series"), tuple(frame["yuan"])),),
            query="evaluation_programs",
        )
        enterprise = self.figures.loan("enterprise_use")
        self_use = self.figures.loan("self_use")
        credit = (
            float(as_number(self.figures.loans["yuan"]).sum())
            if not self.figures.loans.empty
            else 0
        )
        return Slide(
            "programs",
            self.t("slide.programs.title"),
            subtitle=self.period.label(self.lang),
            kpis=[
                Kpi(self.t("slide.programs.credit"), format_yuan(credit, self.lang)),
                Kpi(
                    self.t("slide.programs.enterprise"),
                    format_yuan(enterprise["yuan"], self.lang),
                    f"{format_count(enterprise['households'])} 户"
                    if self.lang == "zh"
                    else f"{format_count(enterprise['households'])} households",
                ),
                Kpi(
                    self.t("slide.programs.self"),
                    format_yuan(self_use["yuan"], self.lang),
                    f"{format_count(self_use['households'])} 户"
                    if self.lang == "zh"
                    else f"{format_count(self_use['households'])} households",
                ),
                Kpi(
                    self.t("slide.programs.dividend"),
                    format_yuan(enterprise.get("dividends_yuan") or 0, self.lang),
                ),
            ],
            charts=[chart],
            notes=[
                self.t(
                    "slide.def.programs", start=period.start.isoformat(), end=period.end.isoformat()
                ),
                self.t("slide.def.loans"),
                self.source("evaluation_programs"),
                self.source("evaluation_loans"),
            ],
        )

    def helpers(self) -> Slide:
        period = self.figures.windows["period"]
        helpers = self.figures.helpers
        visits = self.figures.visits_by_month
        months = sorted(visits["month"].unique()) if not visits.empty else []
        kinds = [k for k in ("visit", "policy", "condolence", "other") if k in set(visits["kind"])]
        series = []
        for kind in kinds:
            rows = visits[visits["kind"] == kind].set_index("month")["visits"]
            series.append(
                Series(
                    code_label("visits", "kind", kind, self.lang),
                    tuple(rows.get(month, 0) for month in months),
                )
            )
        labels = tuple(
            (f"{pd.Timestamp(m).month}月" if self.lang == "zh" else f"{pd.Timestamp(m):%b}")
            for m in months
        )
        chart = ChartSpec(
            "stacked",
            self.t("slide.helpers.chart"),
            labels,
            tuple(series),
            query="evaluation_visits_by_month",
        )
        remaining = _count(helpers.get("remaining_households"))
        visited = _count(helpers.get("visited_remaining_households"))
        share = f"{visited / remaining:.0%}" if remaining else "—"
        return Slide(
            "helpers",
            self.t("slide.helpers.title"),
            subtitle=self.period.label(self.lang),
            kpis=[
                Kpi(self.t("slide.helpers.helpers"), format_count(helpers.get("helpers"))),
                Kpi(
                    self.t("slide.helpers.contacts"), format_count(helpers.get("village_contacts"))
                ),
                Kpi(self.t("slide.helpers.visits"), format_count(helpers.get("visits"))),
                Kpi(
                    self.t("slide.helpers.remaining_visited"),
                    f"{format_count(visited)} / {format_count(remaining)}",
                    share,
                ),
            ],
            charts=[chart],
            notes=[
                self.t(
                    "slide.def.helpers", start=period.start.isoformat(), end=period.end.isoformat()
                ),
                self.source("evaluation_helpers"),
                self.source("evaluation_visits_by_month"),
            ],
        )

    def monitoring(self) -> Slide:
        """防返贫监测: the objects by kind, the period's identifications and eliminations, the
        elimination rate and the open objects without a measure (the /monitoring page's queries)."""
        figures = self.figures.monitoring
        totals, by_kind, by_month = figures.totals, figures.by_kind, figures.by_month
        period = self.figures.windows["period"]
        identified, eliminated = figures.in_period("identified"), figures.in_period("eliminated")
        rate = totals.get("elimination_rate")
        kinds = ChartSpec(
            "stacked",
            self.t("slide.monitoring.kind_chart"),
            tuple(
                code_label("monitoring", "object_type", k, self.lang)
                for k in by_kind["object_type"]
            ),
            tuple(
                Series(
                    self.t(f"slide.monitoring.{state}"),
                    tuple(_number(v) for v in by_kind[f"{state}_households"]),
                )
                for state in ("open", "eliminated")
            ),
            query="monitoring_by_kind",
        )
        months = ChartSpec(
            "bar",
            self.t("slide.monitoring.month_chart"),
            tuple(
                f"{pd.Timestamp(m).month}月" if self.lang == "zh" else f"{pd.Timestamp(m):%b}"
                for m in by_month["month"]
            ),
            tuple(
                Series(
                    self.t(f"slide.monitoring.{flow}"),
                    tuple(_number(v) for v in by_month[flow]),
                )
                for flow in ("identified", "eliminated")
            ),
            query="monitoring_by_month",
        )
        return Slide(
            "monitoring",
            self.t("slide.monitoring.title"),
            subtitle=self.t(
                "slide.monitoring.subtitle",
                period=self.period.label(self.lang),
                date=self.date(self.closing),
            ),
            kpis=[
                Kpi(
                    self.t("slide.monitoring.objects"),
                    format_count(totals.get("households")),
                    self.t("slide.monitoring.people", people=format_count(totals.get("people"))),
                ),
                Kpi(
                    self.t("slide.monitoring.flows"),
                    f"{format_count(identified)} / {format_count(eliminated)}",
                ),
                Kpi(
                    self.t("slide.monitoring.rate"),
                    format_share(rate),
                    self.t(
                        "slide.monitoring.eliminated_detail",
                        eliminated=format_count(totals.get("eliminated_households")),
                    ),
                ),
                Kpi(
                    self.t("slide.monitoring.without_measure"),
                    format_count(totals.get("open_without_measure")),
                    self.t(
                        "slide.monitoring.open_detail",
                        open=format_count(totals.get("open_households")),
                    ),
                ),
            ],
            charts=[kinds, months] if not by_month.empty else [kinds],
            notes=[
                self.t("slide.def.monitoring_objects"),
                self.t(
                    "slide.def.monitoring_flows",
                    start=period.start.isoformat(),
                    end=period.end.isoformat(),
                ),
                self.t("slide.def.monitoring_rate"),
                self.t("slide.def.monitoring_without_measure"),
                self.source("monitoring_totals"),
                self.source("monitoring_by_kind"),
                self.source("monitoring_by_month"),
            ],
        )

    def rectification(self) -> Slide:
        """The ledger's cards and its categories, closed against open (整改台账)."""
        ledger = self.figures.rectification
        cards, categories = ledger["cards"], ledger["by_category"]
        return Slide(
            "rectification",
            self.t("slide.rectification.title"),
            subtitle=self.date(self.closing),
            kpis=[
                Kpi(self.t(f"slide.rectification.{key}"), format_count(cards[key]))
                for key in ("total", "open", "overdue", "fixed_this_month")
            ],
            charts=[
                ChartSpec(
                    "stacked",
                    self.t("slide.rectification.chart"),
                    tuple(categories["label"]),
                    (
                        Series(
                            self.t("slide.rectification.closed"),
                            tuple(categories["closed"]),
                        ),
                        Series(
                            self.t("slide.rectification.still_open"),
                            tuple(categories["open"]),
                        ),
                    ),
                    query="dashboard/ledger/measures.py",
                )
            ],
            notes=[self.t("slide.def.rectification", date=self.closing.isoformat())],
        )

    def quality(self) -> Slide:
        frame = self.figures.data_quality
        unknown = lacking(frame)  # checks of a column the source did not carry (contract v1.2)
        rows = [
            (
                self.t(f"slide.quality.{check}"),
                not_in_source_label(self.lang) if check in unknown else format_count(found),
            )
            for check, found in zip(frame["check_id"], frame["found"], strict=True)
        ]
        return Slide(
            "quality",
            self.t("slide.quality.title"),
            subtitle=self.date(self.closing),
            table=rows,
            notes=[self.t("slide.def.quality"), self.source("evaluation_data_quality")],
        )

    def problems(self, notes: dict[str, str]) -> Slide:
        empty = [self.t("slide.problems.empty")]
        return Slide(
            "problems",
            self.t("slide.problems.title"),
            subtitle=self.period.label(self.lang),
            sections=[
                (self.t("slide.problems.problems"), lines(notes.get("problems", "")) or empty),
                (self.t("slide.problems.next_steps"), lines(notes.get("next_steps", "")) or empty),
            ],
            notes=[self.t("slide.def.problems", period=self.period.code)],
        )


def _name(value: object) -> str:
    """A name of the scope row, '' when there is none (NULL reads as NaN in a frame's row)."""
    return value if isinstance(value, str) else ""
