"""How concentrated each village's industry support is: the one-crop index behind /industry.

The report's complaint is that support stays on 花生 and 养鸡 with no 一村一品. The measure is
the Herfindahl(-Hirschman) index of a village's industry yuan over items: with s_i the share of
item i in the village's yuan, HHI = Σ s_i², between 1/n (n items, equal yuan) and 1 (a single
item). Its inverse is the "effective number of items": 1 / 0.25 = 4 items of equal weight.

Pure functions on pandas frames, no Streamlit and no SQL: the page gets the frame of
`queries/industry_by_item.sql` and hands it here.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.access.small_counts import as_number

# A village is flagged when its single largest item takes more than this share of its yuan…
DOMINANT_ITEM_SHARE = 0.50  # one item with over half the money is a one-crop village
# …or else when its two largest items together take more than this share.
DOMINANT_PAIR_SHARE = 0.60  # the example: "花生与养鸡占78%" is well above it

CONCENTRATION_COLUMNS = [
    "village_code",
    "village_name",
    "items",
    "projects",
    "yuan",
    "herfindahl",
    "effective_items",
    "top_item",
    "top_share",
    "second_item",
    "second_share",
    "top_two_share",
    "dominance",
]


def herfindahl(amounts: Iterable[float]) -> float:
    """The Herfindahl index of non-negative amounts: the sum of their squared shares.

    NaN when there is nothing to share (no amount, or all zero).

    >>> herfindahl([50, 50])
    0.5
    >>> herfindahl([300])
    1.0
    """
    values = [float(amount) for amount in amounts]
    if any(value < 0 for value in values):
        raise ValueError("amounts must not be negative")
    total = sum(values)
    if total <= 0:
        return float("nan")
    return sum((value / total) ** 2 for value in values)


def dominance(top_share: float, top_two_share: float) -> str:
    """`"one"` when one item dominates, `"two"` when two do together, else `"none"`.

    >>> dominance(0.55, 0.70), dominance(0.45, 0.78), dominance(0.30, 0.55)
    ('one', 'two', 'none')
    """
    if top_share > DOMINANT_ITEM_SHARE:
        return "one"
    if top_two_share > DOMINANT_PAIR_SHARE:
        return "two"
    return "none"


def village_concentration(by_item: pd.DataFrame) -> pd.DataFrame:
    """One row per village with industry yuan: its index, top items and whether it is flagged.

    `by_item` has one row per village × program × item with `village_code`, `village_name`,
    `item`, `projects` and `yuan` (the frame of `queries/industry_by_item.sql`). An item is
    counted once per village even if it appears under both programs. Rows come most
    concentrated first (ties by village code); shares are fractions 0–1; `second_item` is
    missing (NaN) for a village with one item, and `dominance` is "one", "two" or "none".
    """
    if by_item.empty:
        return pd.DataFrame(columns=CONCENTRATION_COLUMNS)
    by_item = as_number(by_item)  # a visitor's "<5" items count for nothing here
    per_item = (
        by_item.groupby(["village_code", "village_name", "item"], as_index=False, dropna=False)[
            ["projects", "yuan"]
        ]
        .sum()
        .sort_values(["village_code", "yuan", "item"], ascending=[True, False, True])
    )
    rows = []
    for (code, name), items in per_item.groupby(["village_code", "village_name"], sort=True):
        total = float(items["yuan"].sum())
        if total <= 0:
            continue
        shares = [float(value) / total for value in items["yuan"]]
        names = list(items["item"])
        index = herfindahl(items["yuan"])
        top_share = shares[0]
        second_share = shares[1] if len(shares) > 1 else 0.0
        rows.append(
            {
                "village_code": code,
                "village_name": name,
                "items": len(names),
                "projects": int(items["projects"].sum()),
                "yuan": total,
                "herfindahl": index,
                "effective_items": 1 / index,
                "top_item": names[0],
                "top_share": top_share,
                "second_item": names[1] if len(names) > 1 else None,
                "second_share": second_share,
                "top_two_share": top_share + second_share,
                "dominance": dominance(top_share, top_share + second_share),
            }
        )
    frame = pd.DataFrame(rows, columns=CONCENTRATION_COLUMNS)
    return frame.sort_values(
        ["herfindahl", "village_code"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
