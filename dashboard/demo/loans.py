"""Loans: 户贷企用 (a household's loan used by an enterprise, which pays a dividend) and 自贷自用.

The town's are the report's (F22-F24: 78 enterprise loans of 40,000 yuan, one year's 2,800 yuan
dividend each, 85 self-use loans); the scaled demos lend to a share of the households identified
before 2017, on the same calendar and terms.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pyarrow as pa

from dashboard import contract
from dashboard.demo import town
from dashboard.demo.arrays import date_array, days, decimal_yuan, digits, pick_strings, text_of
from dashboard.demo.history import ScaledHistory, TownHistory
from dashboard.demo.households import household_ids
from dashboard.demo.payments import finish_scaled_payments, number_town_payments, pay

LOANS_FROM_IDENTIFIED_BEFORE = dt.date(2017, 1, 1)  # borrowers were on the register by then
ENTERPRISE_LOANS_FROM = dt.date(2017, 1, 10)  # 户贷企用: issued in the first half of 2017
ENTERPRISE_LOANS_DAYS = 160
ENTERPRISE_LOAN_MONTHS = 36
DIVIDENDS_FROM = dt.date(2018, 1, 15)  # one year's dividend, paid after the year end
DIVIDENDS_DAYS = 20
SELF_USE_LOANS_FROM = dt.date(2015, 6, 1)  # 自贷自用: from mid-2015 to the report
SELF_USE_LOANS_UNTIL = dt.date(2018, 5, 31)
SELF_USE_TERMS = (12, 24, 36)
SELF_USE_TERM_WEIGHTS = (0.3, 0.3, 0.4)
ENTERPRISE_KINDS = (  # the scaled demos' enterprises: a town's name and one of these
    "农业科技有限公司",
    "专业合作社",
    "禽业有限公司",
    "米业有限公司",
    "食品有限公司",
)


# ------------------------------------------------------------------------------- the town
def draw_town_loans(history: TownHistory) -> None:
    """户贷企用 (F22, with one year's dividend F23) and 自贷自用 (F24) loans, then the payments'
    numbers (the dividends are payments too)."""
    rng = history.rng
    active = history.active()
    early = [h for h in active if h.identified_date < LOANS_FROM_IDENTIFIED_BEFORE]
    households, amount = town.ENTERPRISE_LOANS
    self_use_count = sum(count for _, count in town.SELF_USE_LOANS)
    picks = rng.choice(len(early), households + self_use_count, replace=False)
    borrowers = [early[int(i)] for i in picks]
    number = 0
    for household in borrowers[:households]:
        number += 1
        issued = ENTERPRISE_LOANS_FROM + dt.timedelta(int(rng.integers(0, ENTERPRISE_LOANS_DAYS)))
        history.loans.append(
            {
                "loan_id": f"L{number:05d}",
                "household_id": household.household_id,
                "mode": "enterprise_use",
                "amount_yuan": Decimal(amount),
                "issued_date": issued,
                "term_months": ENTERPRISE_LOAN_MONTHS,
                "enterprise": str(rng.choice(town.LOAN_ENTERPRISES)),
            }
        )
        # One year's dividend, 7% of the loan, paid after the year end (F23).
        pay(
            history,
            household,
            "loan_dividend",
            town.LOAN_DIVIDEND_YUAN,
            DIVIDENDS_FROM + dt.timedelta(int(rng.integers(0, DIVIDENDS_DAYS))),
        )
    self_use = borrowers[households:]
    amounts = [yuan for yuan, count in town.SELF_USE_LOANS for _ in range(count)]
    for household, yuan in zip(self_use, amounts, strict=True):
        number += 1
        earliest = max(household.identified_date, SELF_USE_LOANS_FROM)
        issued = earliest + dt.timedelta(
            int(rng.integers(0, (SELF_USE_LOANS_UNTIL - earliest).days))
        )
        history.loans.append(
            {
                "loan_id": f"L{number:05d}",
                "household_id": household.household_id,
                "mode": "self_use",
                "amount_yuan": Decimal(yuan),
                "issued_date": issued,
                "term_months": int(rng.choice(SELF_USE_TERMS, p=SELF_USE_TERM_WEIGHTS)),
                "enterprise": None,
            }
        )
    number_town_payments(history)


# ------------------------------------------------------------- the county and province
def draw_scaled_loans(history: ScaledHistory) -> None:
    """户贷企用 and 自贷自用 loans among the households identified before 2017; the enterprise
    loans' dividends join the payment rows."""
    rng = history.rng
    active = np.flatnonzero(
        (history.hh_removed < 0) & (history.hh_identified < days(LOANS_FROM_IDENTIFIED_BEFORE))
    )
    roll = rng.random(len(active))
    enterprise = active[roll < 0.07]
    self_use = active[(roll >= 0.07) & (roll < 0.15)]
    issued_enterprise = days(ENTERPRISE_LOANS_FROM) + rng.integers(
        0, ENTERPRISE_LOANS_DAYS, len(enterprise)
    )
    earliest = np.maximum(history.hh_identified[self_use], days(SELF_USE_LOANS_FROM))
    issued_self = earliest + (
        rng.random(len(self_use)) * (days(SELF_USE_LOANS_UNTIL) - earliest)
    ).astype(np.int64)
    history.loan_household = np.r_[enterprise, self_use]
    history.loan_mode = np.r_[np.zeros(len(enterprise), int), np.ones(len(self_use), int)]
    history.loan_yuan = np.r_[
        np.full(len(enterprise), town.ENTERPRISE_LOANS[1]),
        rng.choice([50_000, 40_000, 30_000], len(self_use), p=[0.8, 0.12, 0.08]),
    ]
    history.loan_day = np.r_[issued_enterprise, issued_self]
    history.loan_term = np.r_[
        np.full(len(enterprise), ENTERPRISE_LOAN_MONTHS),
        rng.choice(SELF_USE_TERMS, len(self_use), p=SELF_USE_TERM_WEIGHTS),
    ]
    history.loan_enterprise = np.r_[
        history.hh_town[enterprise] * len(ENTERPRISE_KINDS)
        + rng.integers(0, len(ENTERPRISE_KINDS), len(enterprise)),
        np.full(len(self_use), -1),
    ]
    order = np.lexsort((history.loan_household, history.loan_day))
    for name in (
        "loan_household",
        "loan_mode",
        "loan_yuan",
        "loan_day",
        "loan_term",
        "loan_enterprise",
    ):
        setattr(history, name, getattr(history, name)[order])
    # 户贷企用分红: 7% of the loan a year, paid after the year end
    dividend_day = days(DIVIDENDS_FROM) + rng.integers(0, DIVIDENDS_DAYS, len(enterprise))
    history.payment_rows.append(
        (
            enterprise,
            np.full(len(enterprise), -1),
            np.full(len(enterprise), list(contract.PROGRAMS).index("loan_dividend")),
            np.full(len(enterprise), -1),
            np.full(len(enterprise), town.LOAN_DIVIDEND_YUAN * 100),
            dividend_day,
            np.full(len(enterprise), -1),
        )
    )
    finish_scaled_payments(history)


def scaled_loans_table(history: ScaledHistory) -> pa.Table:
    """Every loan of the history, in date order (a snapshot takes a prefix)."""
    enterprise_names = [
        f"{history.names[history.town_county[t]]}{history.town_names[t]}{kind}"
        for t in range(len(history.town_codes))
        for kind in ENTERPRISE_KINDS
    ] + [None]
    enterprise = np.where(
        history.loan_enterprise >= 0, history.loan_enterprise, len(enterprise_names) - 1
    )
    return pa.table(
        {
            "loan_id": text_of(b"L", digits(np.arange(1, len(history.loan_day) + 1), 8)),
            "household_id": household_ids(history, history.loan_household),
            "mode": pick_strings(list(contract.LOAN_MODES), history.loan_mode),
            "amount_yuan": decimal_yuan(history.loan_yuan * 100),
            "issued_date": date_array(history.loan_day),
            "term_months": pa.array(history.loan_term.astype(np.int32)),
            "enterprise": pick_strings(enterprise_names, enterprise),
        }
    )
