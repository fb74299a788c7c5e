"""The explorer's pivot queries (自助分析): subject × measure × up to two dimensions, filtered.

A pivot is one DuckDB query over one snapshot. Its SQL text is put together only from the
allow-lists below (`SUBJECTS`, `MEASURES`, `DIMENSIONS`): a name chosen on the page or in the
URL selects a fragment written here, and anything not in the lists is dropped, so no
identifier or expression ever comes from user text. Every value (the snapshot date, every
filter's chosen values) is a bound `$parameter`, filtered with `list_contains($filter_x, expr)`.

Totals come from the same query with GROUPING SETS, so a distinct count (households of the
members in a cell) is right in the margins too, where summing cells would double count.

Example: disabled people aged 60 and over, in not-exited households of the water villages,
by village::

    spec = PivotSpec(
        subject="members", measure="people", rows="village",
        filters=(("health", ("disabled",)), ("age_band", ("60-69", "70-79", "80+")),
                 ("status", ("not_exited", "relapsed")), ("village_kind", ("water_village",))),
    )
    sql, params = pivot_sql(spec, snapshot_date)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from dashboard import contract
from dashboard.i18n import text
from dashboard.reference import code_label
from dashboard.snapshots import SnapshotInfo, not_in_source_label

NONE_VALUE = "_none"  # a NULL dimension value (no exit year, no item), kept as its own cell
FILTER_PREFIX = "f_"  # URL parameters of filters: ?f_health=disabled&f_age_band=80%2B
MAX_FILTER_VALUES = 500  # a filter's options list; villages, items and years stay far below


@dataclass(frozen=True)
class Subject:
    """What is counted: its tables joined to its household and village, on one snapshot.

    `source` is the FROM clause (aliases: h households, v villages, hp people per household,
    m members, p payments, l loans, vi visits, hl helpers); `condition` the WHERE clause; both
    bind `$snapshot_date` only. `event_date` is the date the year and half-year dimensions use.
    """

    name: str
    source: str
    condition: str
    event_date: str | None = None


_VILLAGE_JOIN = """
    left join villages as v
        on v.snapshot_date = h.snapshot_date and v.village_code = h.village_code"""
# Events (payments, loans, visits) of a household no longer on the register still count:
# their household dimensions are blank (NONE_VALUE) rather than the money vanishing.
_HOUSEHOLD_JOIN = """
    left join households as h
        on h.snapshot_date = {alias}.snapshot_date and h.household_id = {alias}.household_id"""

SUBJECTS: dict[str, Subject] = {
    "households": Subject(
        "households",
        """households as h
    left join (
        select household_id, count(*) as people
        from members
        where snapshot_date = $snapshot_date
        group by household_id
    ) as hp on hp.household_id = h.household_id"""
        + _VILLAGE_JOIN,
        "h.snapshot_date = $snapshot_date",
    ),
    "members": Subject(
        "members",
        "members as m" + _HOUSEHOLD_JOIN.format(alias="m") + _VILLAGE_JOIN,
        "m.snapshot_date = $snapshot_date",
    ),
    "payments": Subject(
        "payments",
        "payments as p" + _HOUSEHOLD_JOIN.format(alias="p") + _VILLAGE_JOIN,
        "p.snapshot_date = $snapshot_date and p.paid_date <= $snapshot_date",
        event_date="p.paid_date",
    ),
    "loans": Subject(
        "loans",
        "loans as l" + _HOUSEHOLD_JOIN.format(alias="l") + _VILLAGE_JOIN,
        "l.snapshot_date = $snapshot_date and l.issued_date <= $snapshot_date",
        event_date="l.issued_date",
    ),
    "visits": Subject(
        "visits",
        "visits as vi"
        + _HOUSEHOLD_JOIN.format(alias="vi")
        + _VILLAGE_JOIN
        + """
    left join helpers as hl
        on hl.snapshot_date = vi.snapshot_date and hl.helper_id = vi.helper_id""",
        "vi.snapshot_date = $snapshot_date and vi.visit_date <= $snapshot_date",
        event_date="vi.visit_date",
    ),
}
SUBJECT_NAMES = tuple(SUBJECTS)
DEFAULT_SUBJECT = "households"


@dataclass(frozen=True)
class Measure:
    """What a cell holds: `aggregate` applied to `value` (`{value}` stands for the column).

    `kind` is "count", "yuan" or "mean_yuan": how the page formats it, and whether a chart may
    stack it (counts and yuan of disjoint cells add up; a mean never does).
    """

    name: str
    value: str
    aggregate: str
    kind: str


MEASURES: dict[str, dict[str, Measure]] = {
    "households": {
        "households": Measure("households", "h.household_id", "count(distinct {value})", "count"),
        "people": Measure("people", "coalesce(hp.people, 0)", "sum({value})", "count"),
        "income_mean": Measure("income_mean", "h.income_per_capita", "avg({value})", "mean_yuan"),
    },
    "members": {
        "people": Measure("people", "m.person_id", "count(distinct {value})", "count"),
        "households": Measure("households", "m.household_id", "count(distinct {value})", "count"),
    },
    "payments": {
        "yuan": Measure("yuan", "p.amount_yuan", "sum({value})", "yuan"),
        "payments": Measure("payments", "p.payment_id", "count({value})", "count"),
        "households": Measure("households", "p.household_id", "count(distinct {value})", "count"),
        "people": Measure("people", "p.person_id", "count(distinct {value})", "count"),
    },
    "loans": {
        "yuan": Measure("yuan", "l.amount_yuan", "sum({value})", "yuan"),
        "loans": Measure("loans", "l.loan_id", "count({value})", "count"),
        "households": Measure("households", "l.household_id", "count(distinct {value})", "count"),
    },
    "visits": {
        "visits": Measure("visits", "vi.visit_id", "count({value})", "count"),
        "households": Measure("households", "vi.household_id", "count(distinct {value})", "count"),
        "helpers": Measure("helpers", "vi.helper_id", "count(distinct {value})", "count"),
    },
}

# Completed years on the snapshot date.
_AGE = "date_part('year', age($snapshot_date, m.birth_date))"
AGE_BANDS: tuple[tuple[str, int | None], ...] = (
    ("0-5", 6),  # 学龄前
    ("6-15", 16),  # 义务教育
    ("16-29", 30),
    ("30-44", 45),
    ("45-59", 60),
    ("60-69", 70),  # from 60 on: 老年人 as the town's reports count them
    ("70-79", 80),
    ("80+", None),
)
_AGE_BAND = (
    "case "
    + " ".join(f"when {_AGE} < {upper} then '{band}'" for band, upper in AGE_BANDS if upper)
    + f" else '{AGE_BANDS[-1][0]}' end"
)
# 村民组 numbered as in queries/village_groups.sql: "三组" → 3, "十一组" → 11.
_CHINESE_DIGITS = dict(zip("一二三四五六七八九", range(1, 10), strict=True))


@dataclass(frozen=True)
class Dimension:
    """A way to split or filter: `expression` per subject (None: all subjects, see `scope`).

    `scope` is "household" (every subject joins its household), "member" or "event" (the
    subject's own date or columns, `expressions` per subject). `label` is an SQL expression
    for the shown name when it comes from the data (village names), `codes` the contract's
    (table, column) when it is a coded column (labels from the reference table, order the
    contract's), `order` the way values sort otherwise: "value", "number" or "age".
    `column` is the contract's (table, column) the dimension reads when it is not `codes`
    (村民组: households.group_name): a snapshot whose source did not carry it (contract v1.2)
    has one blank value there, shown as "来源未提供 / not in the source".
    """

    name: str
    expressions: Mapping[str, str]
    label: str | None = None
    codes: tuple[str, str] | None = None
    order: str = "value"
    column: tuple[str, str] | None = None

    @property
    def source_column(self) -> tuple[str, str] | None:
        """The contract's (table, column) the dimension's values come from, when one does."""
        return self.column or self.codes


def _everywhere(expression: str) -> dict[str, str]:
    return dict.fromkeys(SUBJECT_NAMES, expression)


def _event_dimension(template: str) -> dict[str, str]:
    return {
        name: template.format(date=subject.event_date)
        for name, subject in SUBJECTS.items()
        if subject.event_date
    }


DIMENSIONS: dict[str, Dimension] = {
    dimension.name: dimension
    for dimension in (
        Dimension("village", _everywhere("h.village_code"), label="v.village_name"),
        Dimension("village_kind", _everywhere("v.kind"), codes=("villages", "kind")),
        Dimension(
            "group",
            _everywhere("h.village_code || '/' || h.group_name"),
            label="v.village_name || ' ' || h.group_name",
            order="group",
            column=("households", "group_name"),
        ),
        Dimension("status", _everywhere("h.status"), codes=("households", "status")),
        Dimension("cause", _everywhere("h.main_cause"), codes=("households", "main_cause")),
        Dimension("attribute", _everywhere("h.attribute"), codes=("households", "attribute")),
        Dimension("identified_year", _everywhere("h.identified_year"), order="number"),
        Dimension("exit_year", _everywhere("h.exit_year"), order="number"),
        Dimension("program", {"payments": "p.program"}, codes=("payments", "program")),
        Dimension("item", {"payments": "p.item"}),
        Dimension("loan_mode", {"loans": "l.mode"}, codes=("loans", "mode")),
        Dimension("visit_kind", {"visits": "vi.kind"}, codes=("visits", "kind")),
        Dimension("helper_level", {"visits": "hl.level"}, codes=("helpers", "level")),
        Dimension("year", _event_dimension("year({date})"), order="number"),
        Dimension(
            "half_year",
            _event_dimension(
                "year({date}) || '-H' || case when month({date}) <= 6 then '1' else '2' end"
            ),
        ),
        Dimension("sex", {"members": "m.sex"}, codes=("members", "sex")),
        Dimension("age_band", {"members": _AGE_BAND}, order="age"),
        Dimension("relation", {"members": "m.relation"}, codes=("members", "relation")),
        Dimension("health", {"members": "m.health"}, codes=("members", "health")),
        Dimension("labor", {"members": "m.labor"}, codes=("members", "labor")),
        Dimension("education", {"members": "m.education"}, codes=("members", "education")),
        Dimension("school_stage", {"members": "m.school_stage"}, codes=("members", "school_stage")),
        Dimension("migrant_work", {"members": "m.migrant_work"}, codes=("members", "migrant_work")),
    )
}


def dimensions_not_in_source(info: SnapshotInfo) -> frozenset[str]:
    """The dimensions resting on a column the snapshot's source did not carry (contract v1.2,
    "Not in the source"): every row's value there is blank, and that blank is unknown, not a
    household without a cause or a group."""
    return frozenset(
        name
        for name, dimension in DIMENSIONS.items()
        if dimension.source_column is not None and info.lacks_column(*dimension.source_column)
    )


def measures_of(subject: str) -> tuple[str, ...]:
    """The measures a subject offers, the first being its default."""
    return tuple(MEASURES[subject])


def dimensions_of(subject: str) -> tuple[str, ...]:
    """The dimensions a subject can be split or filtered by, in the order the page lists them."""
    return tuple(name for name, dimension in DIMENSIONS.items() if subject in dimension.expressions)


@dataclass(frozen=True)
class PivotSpec:
    """One view of the explorer; only names from the allow-lists (see `parse_spec`)."""

    subject: str = DEFAULT_SUBJECT
    measure: str = "households"
    rows: str | None = None
    columns: str | None = None
    filters: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=tuple)

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The chosen dimensions, rows first (none, one or two)."""
        return tuple(name for name in (self.rows, self.columns) if name)

    def measure_spec(self) -> Measure:
        """The allow-listed measure this spec counts or sums."""
        return MEASURES[self.subject][self.measure]


def parse_spec(params: Mapping[str, object]) -> PivotSpec:
    """A PivotSpec from URL-like parameters, keeping only what the allow-lists know.

    `params` maps names to a string or a list of strings (repeated URL keys):
    ``{"subject": "members", "rows": "village", "f_health": ["disabled"]}``. An unknown subject
    falls back to households, an unknown measure to the subject's first, an unknown or repeated
    dimension to none; a filter on a dimension the subject lacks, or with no value, is dropped.
    """

    def one(key: str) -> str | None:
        value = params.get(key)
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        return value if isinstance(value, str) and value else None

    subject = one("subject")
    subject = subject if subject in SUBJECTS else DEFAULT_SUBJECT
    measure = one("measure")
    measure = measure if measure in MEASURES[subject] else measures_of(subject)[0]
    allowed = dimensions_of(subject)
    rows = one("rows")
    rows = rows if rows in allowed else None
    columns = one("cols")
    columns = columns if columns in allowed and columns != rows else None
    if rows is None and columns is not None:
        rows, columns = columns, None
    filters = []
    for dimension in allowed:
        raw = params.get(FILTER_PREFIX + dimension)
        values = [raw] if isinstance(raw, str) else list(raw or [])
        chosen = tuple(dict.fromkeys(str(value) for value in values if str(value)))
        if chosen:
            filters.append((dimension, chosen))
    return PivotSpec(subject, measure, rows, columns, tuple(filters))


def spec_params(spec: PivotSpec) -> dict[str, str | list[str]]:
    """The URL parameters of a view (the inverse of `parse_spec`)."""
    params: dict[str, str | list[str]] = {"subject": spec.subject, "measure": spec.measure}
    if spec.rows:
        params["rows"] = spec.rows
    if spec.columns:
        params["cols"] = spec.columns
    for dimension, values in spec.filters:
        params[FILTER_PREFIX + dimension] = list(values)
    return params


def _value_expression(dimension: str, subject: str) -> str:
    """The dimension as VARCHAR, NULL kept as NONE_VALUE so it can be filtered and shown."""
    expression = DIMENSIONS[dimension].expressions[subject]
    return f"coalesce(cast({expression} as varchar), '{NONE_VALUE}')"


def _label_expression(dimension: str) -> str:
    label = DIMENSIONS[dimension].label
    return f"cast({label} as varchar)" if label else "cast(null as varchar)"


def _check(spec: PivotSpec) -> None:
    """Refuse a spec naming anything outside the allow-lists (parse_spec never makes one)."""
    allowed = dimensions_of(spec.subject) if spec.subject in SUBJECTS else ()
    names = [*spec.dimensions, *(dimension for dimension, _ in spec.filters)]
    if (
        spec.subject not in SUBJECTS
        or spec.measure not in MEASURES[spec.subject]
        or any(name not in allowed for name in names)
        or (spec.columns and spec.columns == spec.rows)
        or (spec.columns and not spec.rows)
    ):
        raise ValueError(f"not an explorer view: {spec!r}")


def _where(spec: PivotSpec) -> tuple[str, dict[str, object]]:
    subject = SUBJECTS[spec.subject]
    conditions = [subject.condition]
    params: dict[str, object] = {}
    for dimension, values in spec.filters:
        # The parameter's name is the allow-listed dimension's; the values are bound.
        conditions.append(
            f"list_contains($filter_{dimension}, {_value_expression(dimension, spec.subject)})"
        )
        params[f"filter_{dimension}"] = list(values)
    return "\n  and ".join(conditions), params


def pivot_sql(spec: PivotSpec, snapshot_date: dt.date) -> tuple[str, dict[str, object]]:
    """The SQL text and bound parameters of a view.

    The result has one row per cell and per margin: row_value, row_label, column_value,
    column_label, value, row_is_total, column_is_total (a total's value column is NULL).
    """
    _check(spec)
    subject = SUBJECTS[spec.subject]
    measure = spec.measure_spec()
    where, params = _where(spec)
    params["snapshot_date"] = snapshot_date
    slots = []
    for dimension in (spec.rows, spec.columns):
        if dimension:
            slots.append((_value_expression(dimension, spec.subject), _label_expression(dimension)))
        else:
            slots.append(("cast(null as varchar)", "cast(null as varchar)"))
    # All four sets even with fewer dimensions: a missing one is a constant NULL, so its
    # sets repeat the others, and the shaping below reads every case the same way.
    grouping_sets = "((row_value, column_value), (row_value), (column_value), ())"
    cast = "bigint" if measure.kind == "count" else "double"
    sql = f"""-- explorer pivot: {spec.subject} / {spec.measure} by {spec.rows} × {spec.columns}
with facts as (
    select
        {slots[0][0]} as row_value,
        {slots[0][1]} as row_label,
        {slots[1][0]} as column_value,
        {slots[1][1]} as column_label,
        {measure.value} as measure_value
    from {subject.source}
    where {where}
)

select
    row_value,
    any_value(row_label) as row_label,
    column_value,
    any_value(column_label) as column_label,
    cast({measure.aggregate.format(value="measure_value")} as {cast}) as value,
    grouping(row_value) = 1 as row_is_total,
    grouping(column_value) = 1 as column_is_total
from facts
group by grouping sets {grouping_sets}
"""
    return sql, params


def values_sql(subject: str, dimension: str, snapshot_date: dt.date) -> tuple[str, dict]:
    """The SQL and parameters listing a dimension's values on a snapshot (a filter's options)."""
    if subject not in SUBJECTS or dimension not in dimensions_of(subject):
        raise ValueError(f"{subject!r} has no dimension {dimension!r}")
    source = SUBJECTS[subject]
    sql = f"""-- explorer filter options: {subject} / {dimension}
select
    {_value_expression(dimension, subject)} as value,
    any_value({_label_expression(dimension)}) as label
from {source.source}
where {source.condition}
group by all
limit {MAX_FILTER_VALUES}
"""
    return sql, {"snapshot_date": snapshot_date}


# --- labels and order ---------------------------------------------------------------------------


def _group_number(name: str) -> int | None:
    """三组 → 3, 十一组 → 11, 二十组 → 20; None when the name is not a numbered 组."""
    stem = re.sub(r"组$", "", name.strip())
    if stem.isdigit():
        return int(stem)
    if not stem or any(char not in _CHINESE_DIGITS and char != "十" for char in stem):
        return None
    if "十" not in stem:
        return _CHINESE_DIGITS[stem] if len(stem) == 1 else None
    tens, _, ones = stem.partition("十")
    return (_CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + (
        _CHINESE_DIGITS.get(ones, 0) if ones else 0
    )


def sort_key(dimension: str, value: str) -> tuple:
    """Where a value sits among its dimension's: codes in contract order, ages in band order,
    villages in code order, 组 by number, years by number; blank last."""
    if value == NONE_VALUE:
        return (2,)
    spec = DIMENSIONS[dimension]
    if spec.codes is not None:
        column = contract.table(spec.codes[0]).column(spec.codes[1])
        codes = column.codes or ()
        return (0, codes.index(value)) if value in codes else (1, value)
    if spec.order == "age":
        bands = [band for band, _ in AGE_BANDS]
        return (0, bands.index(value)) if value in bands else (1, value)
    if spec.order == "number":
        try:
            return (0, float(value))
        except ValueError:
            return (1, value)
    if spec.order == "group":
        village, _, group = value.partition("/")
        number = _group_number(group)
        return (0, village, number if number is not None else 10_000, group)
    return (0, value)


def value_label(
    dimension: str,
    value: str,
    data_label: str | None,
    lang: str,
    not_in_source: frozenset[str] = frozenset(),
) -> str:
    """A value as the reader sees it: 因病 / Illness, 山南村, 60–69岁, 2017年上半年.

    The blank value of a dimension in `not_in_source` (`dimensions_not_in_source`) reads
    "来源未提供 / not in the source", not "（空）": the source did not say, rather than said nothing.
    """
    if value == NONE_VALUE:
        if dimension in not_in_source:
            return not_in_source_label(lang)
        return text("explore.value.none", lang)
    spec = DIMENSIONS[dimension]
    if spec.codes is not None:
        return code_label(spec.codes[0], spec.codes[1], value, lang)
    if data_label:
        return data_label
    if spec.order == "age":
        return text("explore.value.age_band", lang, band=value.replace("-", "–"))
    if dimension == "half_year":
        year, _, half = value.partition("-H")
        return text(f"explore.value.half_{half}", lang, year=year)
    if spec.order == "number":
        return text("explore.value.year", lang, year=value) if "year" in dimension else value
    return value


@dataclass(frozen=True)
class PivotResult:
    """A view's answer, ordered and labelled: cells, margins and grand total.

    `row_values`/`column_values` hold the values in display order, `labels` their shown names
    per dimension, `cells` (row, column) → value, `row_totals`, `column_totals`, `total`.
    """

    spec: PivotSpec
    row_values: list[str]
    column_values: list[str]
    labels: dict[str, dict[str, str]]
    cells: dict[tuple[str | None, str | None], float]
    row_totals: dict[str, float]
    column_totals: dict[str, float]
    total: float | None

    @property
    def is_empty(self) -> bool:
        """Whether no row matched (only the grand total came back)."""
        return not self.cells  # no row matched: only the grand total came back


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else value


def shape(
    frame: pd.DataFrame,
    spec: PivotSpec,
    lang: str,
    not_in_source: frozenset[str] = frozenset(),
) -> PivotResult:
    """Order and label the rows of `pivot_sql`'s result (a frame with its columns);
    `not_in_source` as `value_label` takes it."""
    cells: dict[tuple[str | None, str | None], float] = {}
    row_totals: dict[str, float] = {}
    column_totals: dict[str, float] = {}
    total = None
    labels: dict[str, dict[str, str]] = {name: {} for name in spec.dimensions}
    for record in frame.to_dict("records"):
        row, column = record["row_value"], record["column_value"]
        value = _number(record["value"])
        if spec.rows and not record["row_is_total"]:
            labels[spec.rows][row] = value_label(
                spec.rows, row, record["row_label"], lang, not_in_source
            )
        if spec.columns and not record["column_is_total"]:
            labels[spec.columns][column] = value_label(
                spec.columns, column, record["column_label"], lang, not_in_source
            )
        if record["row_is_total"] and record["column_is_total"]:
            total = value
        elif record["column_is_total"]:
            row_totals[row] = value
        elif record["row_is_total"]:
            column_totals[column] = value
        else:
            cells[(row, column)] = value
    row_values = (
        sorted(labels[spec.rows], key=lambda value: sort_key(spec.rows, value)) if spec.rows else []
    )
    column_values = (
        sorted(labels[spec.columns], key=lambda value: sort_key(spec.columns, value))
        if spec.columns
        else []
    )
    return PivotResult(
        spec, row_values, column_values, labels, cells, row_totals, column_totals, total
    )


def describe(spec: PivotSpec, lang: str) -> str:
    """The view in words: 成员 · 人数 · 按 村 × 年龄段 · 筛选 健康状况."""
    parts = [
        text(f"explore.subject.{spec.subject}", lang),
        text(f"explore.measure.{spec.measure}", lang),
    ]
    if spec.dimensions:
        by = " × ".join(text(f"explore.dimension.{name}", lang) for name in spec.dimensions)
        parts.append(text("explore.by", lang, dimensions=by))
    return " · ".join(parts)
