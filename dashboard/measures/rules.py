"""The values of the domain's rules that Python needs, read from the SQL definitions.

Each value is written once, as a constant macro in `queries/definitions/` (see
`docs/definitions.md`); the pages, their captions and the SQL sandbox read it from here, so a
change of the rule there changes every sentence that quotes it.
"""

from __future__ import annotations

from dashboard.definitions import constant

# 每名帮扶责任人帮扶3至5户 (definition `helper_load`).
MIN_HOUSEHOLDS_PER_HELPER = int(constant("helper_households_min"))
MAX_HOUSEHOLDS_PER_HELPER = int(constant("helper_households_max"))
# 近期走访: a household its own helper has seen within this many days (`visited_recently`).
VISIT_WINDOW_DAYS = int(constant("visit_recent_days"))
# Visits per helper per month are counted over this many months up to the snapshot.
VISIT_RATE_MONTHS = int(constant("visit_rate_months"))
# A benefit paid once a (school) year counts as current for this many months (`benefit_window`).
GAP_WINDOW_MONTHS = int(constant("benefit_window_months"))
# Loans falling due this many months after the snapshot are listed (`loans_due_window`).
DUE_MONTHS_AHEAD = int(constant("loans_due_months"))
