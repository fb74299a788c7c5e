"""What the benefit-programs page (帮扶政策) says besides its charts: its periods, the report's
figures beside the data's, the key numbers of microcredit, the coverage-gap lists and their
sentences, from the frames of `queries/programs_*.sql`, `queries/loans_*.sql`,
`queries/gap_*.sql` and `queries/report_figures.sql`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd

from dashboard import report_figures
from dashboard.access.small_counts import as_number
from dashboard.formatting import format_count, format_date, format_yuan
from dashboard.i18n import text
from dashboard.measures.cards import Card
from dashboard.measures.rules import DUE_MONTHS_AHEAD, GAP_WINDOW_MONTHS
from dashboard.reference import code_label
from dashboard.snapshots import WHOLE_RESULT, is_lacking, shown_or_label

__all__ = ["DUE_MONTHS_AHEAD", "GAP_WINDOW_MONTHS"]

ALL_PERIOD = "all"  # the period choice that spans every payment up to the snapshot

# The coverage-gap lists, in the order the page shows them: (kind, query, unit, colour program).
GAP_KINDS = (
    ("students", "gap_students_without_education_aid", "people", "education_aid"),
    ("vocational", "gap_vocational_without_rainbow_plan", "people", "rainbow_plan"),
    ("migrants", "gap_migrants_without_transport_subsidy", "people", "transport_subsidy"),
    ("housing", "gap_unsafe_housing_without_renovation", "households", "housing_renovation"),
    ("insurance", "gap_members_without_medical_insurance", "people", "health_aid"),
    ("doctor", "gap_households_without_family_doctor", "households", "health_aid"),
)
WINDOWED_GAPS = ("students", "vocational", "migrants")  # lists within benefit_window_months

# The report's figures about programs and microcredit, as the page lists them, with what the
# values of `queries/report_figures.sql` (value_1, value_2) are: a count, a sum of yuan, or both.
REPORT_ROWS = {
    "F15": ("count", "yuan"),
    "F16": ("count", "yuan"),
    "F17": ("count", "yuan"),
    "F26": ("count", "yuan"),
    "F31": ("count", "yuan"),
    "F19": ("count",),
    "F20": ("count",),
    "F23": ("yuan",),
    "F22": ("count", "yuan"),
    "F24": ("count", "yuan"),
    "F25": ("yuan",),
}
HEADLINE_FIGURES = ("F15", "F16", "F17", "F26", "F31")  # the five, as cards
REPORT_UNITS = {
    "F15": "household_years",
    "F16": "households",
    "F17": "household_years",
    "F26": "people",
    "F31": "households",
    "F19": "people",
    "F20": "households",
    "F22": "households",
    "F24": "households",
}


def program_label(program: str, lang: str) -> str:
    """A program's name in `lang` (教育补助 / Education aid), from the reference table."""
    return code_label("payments", "program", program, lang)


# ------------------------------------------------------------------ periods


def period_choices(by_year: pd.DataFrame) -> list[str]:
    """`"all"` then every year with a payment, latest first (`programs_by_year.sql`'s years)."""
    years = sorted({int(year) for year in by_year["year"]}, reverse=True)
    return [ALL_PERIOD, *(str(year) for year in years)]


def period_label(period: str, lang: str) -> str:
    """全部年份 / All years, or 2018年 / 2018."""
    if period == ALL_PERIOD:
        return text("programs.period.all", lang)
    return text("programs.period.year", lang, year=period)


# ------------------------------------------------------------------ the report's figures


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def report_figures_table(report: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per report figure of `REPORT_ROWS`: what the data gives, what the report says.

    `report` is `queries/report_figures.sql`'s frame (figure_id, value_1, value_2, …): the
    one place the report's figures are computed (also for `tuopin figures`); the reported
    values and whether they agree come from `dashboard/report_figures.py`.
    """
    computed = {row.figure_id: (row.value_1, row.value_2) for row in report.itertuples()}
    reported = {figure.figure_id: figure for figure in report_figures.REPORT_FIGURES}
    rows = []
    for figure_id, kinds in REPORT_ROWS.items():
        values = [_number(value) for value in computed.get(figure_id, (None, None))]
        figure = reported[figure_id]
        by_kind = dict(zip(kinds, values, strict=False))
        said = dict(zip(kinds, figure.reported, strict=False))
        check = report_figures.FigureCheck(
            figure, tuple(None if value is None else Decimal(str(value)) for value in values)
        )
        count = by_kind.get("count")
        rows.append(
            {
                "figure_id": figure_id,
                "item": text(f"programs.report.{figure_id}", lang),
                "definition": text(f"programs.report.{figure_id}.definition", lang),
                "count": None if count is None else int(count),
                "yuan": by_kind.get("yuan"),
                "reported_count": said.get("count"),
                "reported_yuan": said.get("yuan"),
                "matches": check.matches,
            }
        )
    return pd.DataFrame(rows).astype({"count": "Int64", "reported_count": "Int64"})


def report_card(report: pd.DataFrame, figure_id: str, lang: str) -> tuple[str, str, str]:
    """(label, value, caption) of one report figure's card, from `report_figures_table`.

    The value is the count with its unit (`412 户次`); the caption the yuan and the report's
    own numbers with a mark for whether they agree.
    """
    row = report.set_index("figure_id").loc[figure_id]
    unit = REPORT_UNITS[figure_id]
    value = text(f"programs.card.{unit}", lang, value=format_count(row["count"]))
    caption = text(f"programs.card_unit.{unit}", lang) + text(
        "programs.report.card_caption",
        lang,
        yuan=format_yuan(row["yuan"], lang),
        reported_count=format_count(row["reported_count"]),
        reported_yuan=format_yuan(row["reported_yuan"], lang),
        mark=text("programs.report.match" if row["matches"] else "programs.report.differs", lang),
    )
    return row["item"], value, caption


# ------------------------------------------------------------------ key numbers


def total(frame: pd.DataFrame, column: str) -> float:
    """The sum of one column of a query's frame (0 for an empty frame).

    A visitor's "<5" cells are left out: the sum of what they may see (adding them back would
    let the hidden cell be read off by subtraction).
    """
    return float(as_number(frame[column]).sum()) if not frame.empty else 0.0


def loan_modes(loans_by_mode: pd.DataFrame) -> dict[str, dict[str, object]]:
    """`queries/loans_by_mode.sql` as {mode: {yuan, households, loans, …}}, one entry per mode."""
    return {row["mode"]: row for row in loans_by_mode.to_dict("records")}


def first_due_date(due: pd.DataFrame) -> dt.date | None:
    """The first due date of `queries/loans_due_soon.sql` (ordered by due date), None if none."""
    return None if due.empty else due["due_date"].iloc[0]


def gap_entries(gaps: dict[str, pd.DataFrame]) -> int:
    """Rows on all coverage-gap lists together."""
    return sum(len(frame) for frame in gaps.values())


def gaps_not_in_source(gaps: dict[str, pd.DataFrame]) -> list[str]:
    """The gap kinds whose list rests on a column the snapshot's source did not carry
    (contract v1.2): their lists are unknown, not empty (`Database.run` marks them)."""
    return [kind for kind, *_ in GAP_KINDS if is_lacking(gaps.get(kind), WHOLE_RESULT)]


def gaps_shown_empty(gaps: dict[str, pd.DataFrame]) -> bool:
    """Whether the gap heatmap has nothing to show: every list known and empty. A list the
    source could not give is no empty list: the heatmap then says so in its column."""
    return gap_entries(gaps) == 0 and not gaps_not_in_source(gaps)


# ------------------------------------------------------------------ coverage gaps


def gap_counts_by_village(gaps: dict[str, pd.DataFrame], villages: pd.DataFrame) -> pd.DataFrame:
    """Rows of each gap list per unit: one row per unit (every unit of `villages`, in its
    order), one column per gap kind.

    `gaps` maps a kind of `GAP_KINDS` to its list's frame (one row per village's entry);
    `villages` has village_code and village_name, the units of `gap_villages.sql`: villages,
    or above a town the next level's codes, a prefix of each entry's village code. A list the
    snapshot's source could not give (`gaps_not_in_source`) has no count in any unit: its
    column is None throughout (unknown), never 0 (none missed).
    """
    counts = villages[["village_code", "village_name"]].drop_duplicates().reset_index(drop=True)
    digits = int(counts["village_code"].str.len().max()) if not counts.empty else 0
    unknown = gaps_not_in_source(gaps)
    for kind, _query, _unit, _program in GAP_KINDS:
        frame = gaps.get(kind)
        if kind in unknown:
            counts[kind] = pd.Series([None] * len(counts), index=counts.index, dtype=object)
            continue
        per_village = (
            frame.groupby(frame["village_code"].str[:digits]).size()
            if frame is not None and not frame.empty
            else pd.Series(dtype="int64")
        )
        counts[kind] = [int(per_village.get(code, 0)) for code in counts["village_code"]]
    return counts


def distinct_households(frame: pd.DataFrame) -> int:
    """Distinct households on a list (a member list may name several members of one home)."""
    return int(frame["household_id"].nunique()) if not frame.empty else 0


def last_paid_note(
    all_time: pd.DataFrame | None, program: str, snapshot_date: dt.date, lang: str
) -> str:
    """A sentence when a program paid nobody in the gap window at all, so a cadre sees that the
    whole program is late rather than chasing every name on the list; "" otherwise.

    `all_time` is `queries/programs_in_period.sql` from the beginning to the snapshot date.
    """
    window_start = (pd.Timestamp(snapshot_date) - pd.DateOffset(months=GAP_WINDOW_MONTHS)).date()
    rows = all_time[all_time["program"] == program] if all_time is not None else None
    label = program_label(program, lang)
    if rows is None or rows.empty:
        return text("programs.gap.never_paid", lang, program=label)
    last = rows["last_paid"].iloc[0]
    last = last if isinstance(last, dt.date) else pd.Timestamp(last).date()
    if last > window_start:
        return ""
    return text(
        "programs.gap.program_late",
        lang,
        program=label,
        date=format_date(last, lang),
        months=GAP_WINDOW_MONTHS,
    )


def double_payment_split(frame: pd.DataFrame) -> tuple[int, int]:
    """(cases where each payment names a different person, cases that do not) in
    `queries/programs_possible_double_payments.sql`'s frame.

    Two students of one household paid the same sum on the same day is ordinary; the same
    person (or nobody) paid twice is what to check first.
    """
    if frame.empty:
        return 0, 0
    different = int((frame["distinct_people"] == frame["payments"]).sum())
    return different, len(frame) - different


# ------------------------------------------------------------------ cards and sentences


def loan_cards(loans_by_mode: pd.DataFrame, lang: str) -> list[Card | None]:
    """Microcredit's cards: enterprise use and self use (None where a mode has no loan), the
    dividends of enterprise use (None without it) and all loans, from `loans_by_mode`."""
    modes = loan_modes(loans_by_mode)
    by_mode: list[Card | None] = [
        Card(
            text(f"programs.loans.{mode}", lang),
            format_yuan(modes[mode]["yuan"], lang),
            caption=text(
                "programs.loans.card_caption",
                lang,
                households=format_count(modes[mode]["households"]),
                loans=format_count(modes[mode]["loans"]),
            ),
        )
        if mode in modes
        else None
        for mode in ("enterprise_use", "self_use")
    ]
    enterprise = modes.get("enterprise_use")
    dividends = (
        Card(
            text("programs.loans.dividends", lang),
            format_yuan(enterprise["dividends_yuan"], lang),
            caption=text(
                "programs.loans.dividends_caption",
                lang,
                enterprises=format_count(enterprise["enterprises"]),
                households=format_count(enterprise["dividend_households"]),
            ),
        )
        if enterprise
        else None
    )
    every_loan = Card(
        text("programs.loans.total", lang),
        format_yuan(total(loans_by_mode, "yuan"), lang),
        caption=text(
            "programs.loans.total_caption",
            lang,
            households=format_count(total(loans_by_mode, "households")),
        ),
    )
    return [*by_mode, dividends, every_loan]


def period_sentence(in_period: pd.DataFrame, period: str, lang: str) -> str:
    """`2018年：12 项政策，发放 78.12万元` for `programs_in_period`'s rows."""
    return text(
        "programs.period_sentence",
        lang,
        period=period_label(period, lang),
        yuan=format_yuan(total(in_period, "yuan"), lang),
        programs=format_count(len(in_period)),
    )


def due_sentence(due: pd.DataFrame, lang: str) -> str | None:
    """The loans of `loans_due_soon` due within `DUE_MONTHS_AHEAD` months, their households and
    yuan, and the first date; None when none is due."""
    if due.empty:
        return None
    return text(
        "programs.due_sentence",
        lang,
        loans=format_count(len(due)),
        households=format_count(distinct_households(due)),
        yuan=format_yuan(total(due, "amount_yuan"), lang),
        months=DUE_MONTHS_AHEAD,
        first=format_date(first_due_date(due), lang),
    )


def doubles_sentence(doubles: pd.DataFrame, lang: str) -> str:
    """The possible double payments: cases, yuan, and how many with a different or the same
    amount."""
    different, same = double_payment_split(doubles)
    return text(
        "programs.doubles_sentence",
        lang,
        cases=format_count(len(doubles)),
        yuan=format_yuan(total(doubles, "possibly_overpaid_yuan"), lang),
        different=format_count(different),
        same=format_count(same),
    )


def gap_sentences(
    kind: str,
    program: str,
    gap_list: pd.DataFrame,
    all_time: pd.DataFrame,
    snapshot_date: dt.date,
    lang: str,
) -> list[str]:
    """What a coverage gap's tab says above its list: how many, in how many households, and
    for a gap within the benefit window when the program was last paid at all."""
    said = [
        text(
            f"programs.gap.{kind}.sentence",
            lang,
            count=format_count(len(gap_list)),
            households=format_count(distinct_households(gap_list)),
        )
    ]
    if kind in WINDOWED_GAPS:
        note = last_paid_note(all_time, program, snapshot_date, lang)
        if note:
            said.append(note)
    return said


def gap_tab_label(kind: str, gap_list: pd.DataFrame, lang: str) -> str:
    """A gap's tab: its name and how many are listed (`来源未提供` where the source lacks it)."""
    count = shown_or_label(gap_list, WHOLE_RESULT, format_count(len(gap_list)), lang)
    return text(f"programs.gap.{kind}.tab", lang, count=count)
