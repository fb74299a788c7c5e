"""The county and province demos after 2018-06-30: exits to 2020, the first monitoring year 2021.

`ScaledLaterDemo` is `ScaledDemo` (`scaled.py`) with the later history drawn on top, vectorised,
after every draw of the register, so the eight snapshots to 2018-06-30 stay as they were. It adds
four year-end snapshots (2018 … 2021) rather than the town's ten, to keep the province's build
time reasonable (each snapshot of the province writes ~2.2 million members):

* the households not exited on 2018-06-30 exit by 2020 (the relapsed ones exit again);
* in 2021, monitoring objects of the three kinds: unstable exited and sudden-hardship households
  among the exited, edge and sudden-hardship ordinary households (一般农户) added with status
  `monitored_only` (cloned from the shape of existing households, with their own IDs); a few
  risks eliminated (some too early), a few identified again, measures with gaps;
* 医保 bills and disaster records that raised the illness and disaster risks.

Incomes for 2021 are multiples of the town's monitoring line (`town.MONITORING_LINE`, Anhui).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from dashboard.demo import town
from dashboard.demo.department_records import draw_scaled_records, scaled_records_at
from dashboard.demo.history import SEED_OFFSET
from dashboard.demo.households import (
    add_scaled_ordinary_households,
    draw_scaled_later_exits,
    draw_scaled_later_incomes,
    scaled_households_after_report,
)
from dashboard.demo.monitoring import draw_scaled_spells, scaled_monitoring_at
from dashboard.demo.scaled import Scale, ScaledDemo

LATER_SNAPSHOT_DATES = tuple(dt.date(year, 12, 31) for year in (2018, 2019, 2020, 2021))
ALL_SNAPSHOT_DATES = town.SNAPSHOT_DATES + LATER_SNAPSHOT_DATES


class ScaledLaterDemo(ScaledDemo):
    """A county's or province's register to 2021-12-31 (call `prepare`, then `tables_at`).

    The later years are drawn by the subject modules, in this order (from the later generator):
    `households` (exits, the ordinary households, incomes), `monitoring` (the spells of 2021),
    `department_records` (what raised the risks).
    """

    def __init__(self, scale: Scale) -> None:
        super().__init__(scale)
        self.later_rng = np.random.default_rng(scale.seed + SEED_OFFSET)
        # Income years after 2020 are valued against the monitoring line (see _households_at).
        self.lines = dict(self.lines) | dict(town.MONITORING_LINE)
        registered = self.household_count
        draw_scaled_later_exits(self)
        add_scaled_ordinary_households(self, registered)
        draw_scaled_later_incomes(self)
        draw_scaled_spells(self, registered)
        draw_scaled_records(self)

    def tables_at(self, on: dt.date) -> dict[str, pa.Table]:
        """Every contract table on `on`; after 2018-06-30 with the later history."""
        tables = super().tables_at(on)
        if on <= town.FINAL_DATE:
            return tables
        tables["monitoring"] = scaled_monitoring_at(self, on)
        tables["department_records"] = scaled_records_at(self, on)
        return tables

    def _households_at(self, on: dt.date) -> tuple[pa.Table, np.ndarray]:
        table, keep = super()._households_at(on)
        if on <= town.FINAL_DATE:
            return table, keep
        return scaled_households_after_report(self, on, table, keep), keep
