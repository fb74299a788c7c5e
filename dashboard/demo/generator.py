"""The demo town 女山湖镇: a seeded, synthetic register calibrated to the township's 2018 report.

The generator first draws the town as it stands on the last snapshot date (2018-06-30), with
the report's 33 figures exact, and a life history for everything that changes: when each
household was identified, exited, relapsed or was removed, when each member was born, died
or married out, and the date of every event. `DemoTown.tables_at(date)` then cuts any
snapshot out of that history, which is what keeps the eight snapshots consistent.

Each subject is drawn by its own module, in this order (the draws share one seeded generator,
so the order is part of the demo): `households` (with `members`), `helpers_and_visits`,
`payments`, `loans`, `trainings`, `plans`, then the `planted_errors`. The report's calibration
is `town.py`'s parameters; the rules the county and province demos share live in the subject
modules beside the town's.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard import contract
from dashboard.demo import town
from dashboard.demo.areas import town_villages
from dashboard.demo.helpers_and_visits import draw_town_helpers, draw_town_visits
from dashboard.demo.history import TownHistory
from dashboard.demo.households import (
    draw_town_households,
    draw_town_relapses_and_removals,
    draw_town_unsafe_homes,
    town_households_at,
)
from dashboard.demo.loans import draw_town_loans
from dashboard.demo.members import draw_town_leavers
from dashboard.demo.monitoring import town_monitoring_row
from dashboard.demo.payments import draw_town_payments
from dashboard.demo.plans import TARGET_YEARS_AHEAD, draw_town_targets, town_projects_on
from dashboard.demo.planted_errors import apply_planted_errors, plant_errors
from dashboard.demo.trainings import draw_town_trainings


class DemoTown(TownHistory):
    """The whole synthetic town, its history included; `tables_at` cuts snapshots out of it."""

    def __init__(self, seed: int = town.SEED) -> None:
        super().__init__(np.random.default_rng(seed))
        self.villages = town_villages()
        draw_town_households(self)
        draw_town_relapses_and_removals(self)
        draw_town_leavers(self)
        draw_town_unsafe_homes(self)
        draw_town_helpers(self)
        draw_town_visits(self)
        draw_town_payments(self)
        draw_town_loans(self)
        draw_town_trainings(self)
        draw_town_targets(self)
        plant_errors(self)
        # The report's town ends here. `dashboard.demo.later.LaterTown` draws the years after
        # it on top (after every draw above, so the eight report snapshots stay as they were)
        # and fills `monitoring` and `department_records`.

    def tables_at(self, on: dt.date) -> dict[str, pd.DataFrame]:
        """Every contract table as registered on `on`, with every event dated on or before it."""
        households, members, present_ids = town_households_at(self, on)
        person_ids = {row["person_id"] for row in members}
        payments = [p for p in self.payments if p["paid_date"] <= on]
        missing = [
            p
            for p in payments
            if p["household_id"] not in present_ids
            or (p["person_id"] is not None and p["person_id"] not in person_ids)
        ]
        if missing:
            raise AssertionError(
                f"payments whose household or person is absent on {on}: {missing[:3]}"
            )
        rows = {
            "villages": self.villages,
            "households": households,
            "members": members,
            "helpers": self.helpers,
            "visits": [v for v in self.visits if v["visit_date"] <= on],
            "payments": payments,
            "loans": [row for row in self.loans if row["issued_date"] <= on],
            "trainings": [t for t in self.trainings if t["training_date"] <= on],
            # The plan reaches two years ahead: the county hands down targets to 2020.
            "targets": [t for t in self.targets if t["year"] <= on.year + TARGET_YEARS_AHEAD],
            "village_projects": town_projects_on(on),
            "monitoring": [
                town_monitoring_row(spell, on)
                for spell in self.monitoring
                if spell["identified_date"] <= on
            ],
            "department_records": [r for r in self.department_records if r["record_date"] <= on],
        }
        rows = apply_planted_errors(self, rows, on)
        return {
            name: pd.DataFrame(table_rows, columns=contract.table(name).column_names)
            for name, table_rows in rows.items()
        }
