"""What the data-quality page (数据疑点) says besides its charts: the key numbers of a run of the
check catalogue (`queries/checks/*.sql`, run by `dashboard/checks.py`), the villages and
rules its pickers offer, with their counts."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import text


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
