"""What the data-quality page (数据疑点) says besides its charts: the key numbers of a run of the
check catalogue (`queries/checks/*.sql`, run by `dashboard/checks.py`), the villages and
rules its pickers offer, with their counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard.formatting import format_count, format_date
from dashboard.i18n import text
from dashboard.measures.cards import Card
from dashboard.snapshots import not_in_source_label

ALL_RULES = "all"  # the rule picker's choice of every rule at once


def key_numbers(totals: pd.DataFrame, counts: pd.DataFrame) -> dict[str, int]:
    """Findings, errors, warnings, rules that fired, and distinct households with a finding.

    `totals` is `queries/quality_totals.sql`'s one row, `counts` `checks.counts_by_rule`'s.
    """
    row = totals.iloc[0]
    return {
        "findings": int(row["findings"]),
        "errors": int(row["errors"]),
        "warnings": int(row["warnings"]),
        "firing": int((counts["findings"] > 0).sum()),
        "households": int(row["households"]),
    }


def village_findings(by_village: pd.DataFrame, lang: str) -> tuple[dict[str, int], dict[str, str]]:
    """({village code: findings}, {village code: name}) of `checks.counts_by_village`.

    Findings without a village are under the code "" and named 未关联村 / No village.
    """
    codes = by_village["village_code"].fillna("")
    names = by_village["village_name"].fillna(text("quality.no_village", lang))
    return (
        dict(zip(codes, by_village["findings"], strict=True)),
        dict(zip(codes, names, strict=True)),
    )


def busiest(counts: dict[str, int]) -> str | None:
    """The key with the most findings (the first of equals), None for no keys."""
    return max(counts, key=lambda code: counts[code]) if counts else None


def rule_findings(counts: pd.DataFrame) -> dict[str, int]:
    """{rule id: findings} of `checks.counts_by_rule`, in its order."""
    return dict(zip(counts["rule_id"], counts["findings"], strict=True))


def firing_rules(counts: pd.DataFrame) -> list[str]:
    """The rule ids with at least one finding, in `checks.counts_by_rule`'s order."""
    return [rule_id for rule_id, found in rule_findings(counts).items() if found > 0]


def as_of_sentence(snapshot_date: dt.date, source_kind: str, rules: int, lang: str) -> str:
    """Which snapshot, from what source, checked by how many rules."""
    return text(
        "quality.as_of",
        lang,
        date=format_date(snapshot_date, lang),
        source=text(f"source.{source_kind}", lang),
        rules=rules,
    )


def rules_not_in_source_sentence(unknown_rules: Sequence, lang: str) -> str | None:
    """The rules whose 0 means "cannot tell" (they rest on a column the snapshot's source did
    not carry, `checks.rules_not_in_source`), None when every rule can tell."""
    if not unknown_rules:
        return None
    return text(
        "quality.rules_not_in_source",
        lang,
        label=not_in_source_label(lang),
        rules=text("attention.separator", lang).join(
            f"{rule.rule_id} {rule.title(lang)}" for rule in unknown_rules
        ),
    )


def key_cards(numbers: dict[str, int], rules: int, lang: str) -> list[Card]:
    """Findings (with how many of the `rules` fire), errors, warnings and households, from
    `key_numbers`."""

    def findings(name: str) -> str:
        return text("quality.count.findings", lang, value=format_count(numbers[name]))

    return [
        Card(
            text("quality.metric.findings", lang),
            findings("findings"),
            caption=text(
                "quality.metric.rules_firing", lang, firing=numbers["firing"], rules=rules
            ),
        ),
        Card(text("quality.metric.errors", lang), findings("errors")),
        Card(text("quality.metric.warnings", lang), findings("warnings")),
        Card(
            text("quality.metric.households", lang),
            text("quality.count.households", lang, value=format_count(numbers["households"])),
        ),
    ]


def village_option(
    code: str, counts: Mapping[str, int], names: Mapping[str, str], lang: str
) -> str:
    """The village picker's label of one village: its name and its findings."""
    return text("quality.village_option", lang, name=names[code], count=format_count(counts[code]))


def rule_option(rule_id: str, rules: Mapping, findings: Mapping[str, int], lang: str) -> str:
    """The rule picker's label: every rule, or one rule's id, title and findings."""
    if rule_id == ALL_RULES:
        return text("quality.all_rules", lang)
    return text(
        "quality.rule_option",
        lang,
        rule_id=rule_id,
        title=rules[rule_id].title(lang),
        count=format_count(findings[rule_id]),
    )


def rows_caption(shown: int, listed: int, lang: str) -> str | None:
    """`前 1,000 条（共 5,432 条）` when the list holds fewer rows than the findings, else None."""
    if shown >= listed:
        return None
    return text(
        "quality.rows.first", lang, shown=format_count(shown), findings=format_count(listed)
    )
