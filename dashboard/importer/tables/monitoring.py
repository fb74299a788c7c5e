"""The `monitoring` table (contract v1.2): a household's spell as a monitoring object (监测对象)
of the monitoring system's lists, added as its household is checked (`households.assemble`)."""

from __future__ import annotations

import re
import unicodedata

from dashboard.importer.records import Record
from dashboard.importer.tables.context import Context
from dashboard.importer.values import as_text

MONITORED_ONLY = "monitored_only"  # contract v1.2: 一般农户 under monitoring, never registered
MONITORING_TYPE_WORDS = (("不稳定", "unstable_exited"), ("边缘", "edge"),
                         ("突发", "sudden_hardship"), ("严重困难", "sudden_hardship"))  # fmt: skip
MAIN_RISK_WORDS = (("病", "illness"), ("残", "disability"), ("学", "education"),
                   ("灾", "disaster"), ("意外", "accident"), ("产业", "industry_failure"),
                   ("就业", "unstable_employment"), ("务工", "unstable_employment"),
                   ("劳", "lack_labor"), ("住房", "housing"), ("饮水", "drinking_water"))  # fmt: skip


def add_spell(context: Context, main: Record, household_id: str, status: str | None) -> None:
    """The household's spell as a monitoring object (contract v1.2 `monitoring`), when the
    file says it is one: a 监测对象类型, or a 风险识别时间."""
    v = main.values
    written = v.get("monitoring_type")
    identified = v.get("risk_identified_date")
    if not written and identified is None:
        if status == MONITORED_ONLY:
            context.error(
                main,
                "household_type",
                f"户 {household_id} 是一般农户，但没有监测对象类型和风险识别时间。",
                f"Household {household_id} is an ordinary household (一般农户) but has no "
                "monitoring type and no date the risk was identified.",
            )
        return
    object_type = monitoring_object_type(written) if written else None
    if object_type is None:
        object_type = "edge" if status == MONITORED_ONLY else "unstable_exited"
        if written:
            context.error(
                main,
                "monitoring_type",
                f"监测对象类型“{written}”无法识别：应为脱贫不稳定户、边缘易致贫户或突发严重困难户。",
                f"The monitoring type “{written}” is not known: it should be 脱贫不稳定户, "
                "边缘易致贫户 or 突发严重困难户.",
            )
            return
    if identified is None:
        context.error(
            main,
            "risk_identified_date" if "risk_identified_date" in main.headers else None,
            f"户 {household_id} 是监测对象，但没有风险识别时间。",
            f"Household {household_id} is a monitoring object but has no date the risk was "
            "identified (风险识别时间).",
        )
        return
    eliminated_date = v.get("risk_eliminated_date")
    eliminated = v.get("risk_eliminated")
    if eliminated is None:
        eliminated = eliminated_date is not None
    if eliminated and eliminated_date is not None and eliminated_date < identified:
        context.warn(
            main,
            "risk_eliminated_date",
            "风险消除时间早于风险识别时间。",
            "The risk was eliminated before it was identified.",
        )
    risks = [
        part for part in re.split(r"[、,，;；/]+", as_text(v.get("risk_types") or "") or "") if part
    ]
    if not risks and as_text(main.raw.get("main_cause")):
        risks = [as_text(main.raw.get("main_cause"))]
    context.rows["monitoring"].append(
        {
            "household_id": household_id,
            "object_type": object_type,
            "identified_date": identified,
            "risk_types": "、".join(risks[:5]) or None,
            "main_risk": main_risk(risks[0]) if risks else None,
            "eliminated": bool(eliminated),
            "eliminated_date": eliminated_date if eliminated else None,
            "measures": as_text(v.get("measures")),
        }
    )


def by_words(text: str, words: tuple[tuple[str, str], ...]) -> str | None:
    """The code of the first word of `words` that `text` holds (None when it holds none)."""
    text = unicodedata.normalize("NFKC", str(text)).strip()
    return next((code for word, code in words if word in text), None)


def monitoring_object_type(text: str) -> str | None:
    """脱贫不稳定户 → unstable_exited, 边缘易致贫户 → edge, 突发严重困难户 → sudden_hardship."""
    return by_words(text, MONITORING_TYPE_WORDS)


def main_risk(text: str) -> str:
    """The contract's main_risk code of a risk as written (因病 → illness), else `other`."""
    return by_words(text, MAIN_RISK_WORDS) or "other"
