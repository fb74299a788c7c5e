"""The demo town after the report: every household exits by 2020, then the monitoring of 2021–2025.

`LaterTown` is the report's `DemoTown` with the years after 2018-06-30 drawn on top, after every
draw of the report's town, so the eight report snapshots (and their 33 figures) stay exactly as
they were. What it adds, all dated after 2018-06-30:

* the exits of the 205 households not yet exited in 2018 (the four relapsed ones exit again);
* incomes from 2021 as multiples of the year's monitoring line (`town.MONITORING_LINE`);
* monitoring objects (防返贫监测对象) of the three kinds, among the exited households and among
  ordinary households (一般农户) added to the register with status `monitored_only`; risks
  identified and eliminated over time, calibrated to the public share eliminated
  (`town.ELIMINATED_SHARE_2024`), some eliminated too early, some relapses, helping measures
  (some objects with none, some with labour and no 产业/就业 measure);
* department records (部门筛查预警): 医保 bills, new disabilities, dropouts, disasters, deaths,
  and the 2018 回头看's cars, businesses and public-payroll staff among registered members.

The rules followed are those of `shared/reference/monitoring-rules.md` (object types §1, the
monitoring line §2, elimination §5); what the rules forbid but the demo does on purpose (an
elimination within six months, or with income under the line) is listed in `docs/demo-errors.md`.
"""

from __future__ import annotations

import numpy as np

from dashboard.demo import town
from dashboard.demo.department_records import (
    draw_flood_2020,
    draw_medical_bills,
    draw_missed_clues,
    draw_outside_register,
    draw_roundup_2018,
    number_department_records,
)
from dashboard.demo.generator import DemoTown
from dashboard.demo.helpers_and_visits import draw_town_later_visits
from dashboard.demo.history import SEED_OFFSET
from dashboard.demo.households import draw_town_later_exits, draw_town_later_incomes
from dashboard.demo.monitoring import (
    draw_town_eliminations,
    draw_town_measures,
    draw_town_object_incomes,
    draw_town_objects,
)


class LaterTown(DemoTown):
    """The demo town 2014–2025: the report's town, then the years after it.

    Each subject's later years are drawn by its own module, in this order (all from the later
    generator): `households` (exits, incomes), `department_records` (the 2020 flood, the 2018
    回头看), `monitoring` (objects, eliminations, measures, incomes), `department_records` again
    (the signals missed, the bills, people outside the register), `helpers_and_visits` (visits).
    """

    def __init__(self, seed: int = town.SEED) -> None:
        super().__init__(seed)
        # A generator of its own: the report's draws above never see these.
        self.later_rng = np.random.default_rng(seed + SEED_OFFSET)
        self.people.rng = self.later_rng  # ID numbers stay unique across both (one used-set)
        # People a payment or a training names must stay in every later snapshot: never these die.
        self.named = {p["person_id"] for p in self.payments if p["person_id"]}
        self.named |= {t["person_id"] for t in self.trainings}
        draw_town_later_exits(self)
        draw_town_later_incomes(self)
        draw_flood_2020(self)
        draw_roundup_2018(self)
        spells = draw_town_objects(self)
        draw_town_eliminations(self, spells)
        draw_town_measures(self, spells)
        draw_town_object_incomes(self, spells)
        draw_missed_clues(self, spells)
        draw_medical_bills(self)
        draw_outside_register(self)
        draw_town_later_visits(self, spells)
        self.monitoring = sorted(spells, key=lambda s: (s["identified_date"], s["household_id"]))
        number_department_records(self)
