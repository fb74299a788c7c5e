"""The larger demos: a county of about 15 towns, a province of about a million households.

The demo town (`generator.py`) is drawn household by household and calibrated to the report's
33 figures; at a million households that would take hours. This generator draws the same kind
of register with numpy, one array per column, and cuts the eight snapshots out of one history
the same way: a household is on the register from its identification, exits at the end of its
exit year, may relapse or be removed; members are born and die between snapshots; every event
(visit, payment, loan, training) is dated, and a snapshot holds those dated on or before it.

Towns differ as real ones do: each draws its size, its poverty incidence, how early its
households exit, the two or three industries it leans to, and how often its helpers visit.
Nothing here is calibrated to a report: these are synthetic figures for a county or province
office to try the dashboard at scale. Every unit's code and name, from the province down to the
village, is the real one of the official 2023 统计用区划代码 (`dashboard/divisions.py`): the county
demo's towns are 明光市's own (女山湖镇 aside, which is the town demo), their villages the towns'
own 村 and 社区. Only the register inside them is synthetic.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.demo.areas import draw_scaled_areas, scaled_group_names, scaled_villages_table
from dashboard.demo.arrays import days, pick_strings, text_of
from dashboard.demo.helpers_and_visits import (
    contact_ids,
    draw_scaled_helpers,
    draw_scaled_visits,
    helper_ids,
    scaled_helpers_table,
    scaled_visits_table,
)
from dashboard.demo.history import Scale, ScaledHistory
from dashboard.demo.households import draw_scaled_households, household_ids, scaled_households_at
from dashboard.demo.loans import draw_scaled_loans, scaled_loans_table
from dashboard.demo.members import (
    GIVEN_NAMES_IN_ORDER,
    draw_scaled_members,
    person_ids,
    scaled_members_at,
)
from dashboard.demo.payments import draw_scaled_payments, scaled_payments_table
from dashboard.demo.people import SURNAMES
from dashboard.demo.plans import (
    draw_scaled_projects,
    draw_scaled_targets,
    scaled_projects_table,
    scaled_targets_table,
)
from dashboard.demo.trainings import draw_scaled_trainings, scaled_trainings_table
from dashboard.reference import division_names

__all__ = ["SCALES", "Scale", "ScaledDemo", "division_names"]

SCALES = {
    "county": Scale("county", "341182", (15, 15), 700, 20180512),
    # 59 counties x about 14 real towns (at most 20; fewer where the county has fewer) x about
    # 1,100 households: a million households, 2.2 M people.
    "province": Scale("province", "34", (12, 20), 1_100, 20180513),
}


class ScaledDemo(ScaledHistory):
    """A county's or a province's register and its history; `tables_at` cuts snapshots out.

    Each subject is drawn by its own module, in this order (one seeded generator: the order is
    part of the demo): `areas`, `households`, `members`, `helpers_and_visits`, `payments`,
    `loans`, `trainings`, `plans`.
    """

    def __init__(self, scale: Scale) -> None:
        super().__init__(scale)
        draw_scaled_areas(self)
        draw_scaled_households(self)
        draw_scaled_members(self)
        draw_scaled_helpers(self)
        draw_scaled_visits(self)
        draw_scaled_payments(self)
        draw_scaled_loans(self)
        draw_scaled_trainings(self)
        draw_scaled_targets(self)
        draw_scaled_projects(self)

    def prepare(self) -> None:
        """Build the event tables once (snapshots are prefixes of them: events are date-sorted)."""
        self.events = {
            "visits": (scaled_visits_table(self), self.v_day),
            "payments": (scaled_payments_table(self), self.p_day),
            "loans": (scaled_loans_table(self), self.loan_day),
            "trainings": (scaled_trainings_table(self), self.t_day),
        }
        self.static = {
            "villages": scaled_villages_table(self),
            "helpers": scaled_helpers_table(self),
        }
        self.all_household_ids = household_ids(self)
        self.all_person_ids = person_ids(self, np.arange(len(self.m_household)))
        self.all_names = pc.binary_join_element_wise(
            pick_strings(SURNAMES, self.m_surname),
            pick_strings(GIVEN_NAMES_IN_ORDER, self.m_given),
            "",
        )
        self.all_id_numbers = text_of(self.m_id_bytes)
        self.all_helper_ids = pc.if_else(
            pa.array(self.hh_helper >= 0),
            helper_ids(self, np.maximum(self.hh_helper, 0)),
            pa.scalar(None, pa.string()),
        )
        self.all_contact_ids = contact_ids(self, self.hh_contact)
        self.all_group_names = pick_strings(scaled_group_names(), self.hh_group)

    def tables_at(self, on: dt.date) -> dict[str, pa.Table]:
        """Every contract table as registered on `on` (call `prepare` first)."""
        today = days(on)
        tables = dict(self.static)
        for name, (table, event_days) in self.events.items():
            tables[name] = table.slice(0, int(np.searchsorted(event_days, today, side="right")))
        tables["households"], household_mask = self._households_at(on)
        tables["members"] = scaled_members_at(self, on, household_mask)
        tables["targets"] = scaled_targets_table(self, on)
        tables["village_projects"] = scaled_projects_table(self, on)
        return tables

    def _households_at(self, on: dt.date) -> tuple[pa.Table, np.ndarray]:
        """The households on `on` (`ScaledLaterDemo` adds the years after the report)."""
        return scaled_households_at(self, on)
