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
import pyarrow.compute as pc

from dashboard import contract
from dashboard.demo import town as demo_town
from dashboard.demo.arrays import date_array, days, decimal_yuan, digits, pick_strings
from dashboard.demo.households import household_ids
from dashboard.demo.later import DEVELOPMENTAL, RISK_MEASURES, RISK_WORDS, SEED_OFFSET
from dashboard.demo.scaled import Scale, ScaledDemo

LATER_SNAPSHOT_DATES = tuple(dt.date(year, 12, 31) for year in (2018, 2019, 2020, 2021))
ALL_SNAPSHOT_DATES = demo_town.SNAPSHOT_DATES + LATER_SNAPSHOT_DATES
MONITORING_YEAR = 2021
# Shares of the register (households) that become objects in 2021, by kind.
UNSTABLE_SHARE = 0.05
SUDDEN_EXITED_SHARE = 0.01
EDGE_SHARE = 0.03  # ordinary households, counted against the register's size
SUDDEN_ORDINARY_SHARE = 0.008
EARLY_SHARE = 0.08  # of the objects: eliminated within two to five months
RELAPSE_SHARE = 0.3  # of those eliminated early: identified again before the year's end
NO_MEASURE_SHARE = 0.04
LABOUR_WITHOUT_DEVELOPMENT_SHARE = 0.1
RISKS = list(contract.MONITORING_RISKS)
RISK_WEIGHTS = {
    "illness": 34,
    "disability": 8,
    "education": 6,
    "disaster": 8,
    "accident": 4,
    "industry_failure": 8,
    "unstable_employment": 14,
    "lack_labor": 10,
    "housing": 3,
    "drinking_water": 1,
    "other": 4,
}
SUDDEN_RISKS = ("illness", "accident", "disaster")
STATUS_INDEX = {status: i for i, status in enumerate(contract.HOUSEHOLD_STATUSES)}


class ScaledLaterDemo(ScaledDemo):
    """A county's or province's register to 2021-12-31 (call `prepare`, then `tables_at`)."""

    def __init__(self, scale: Scale) -> None:
        super().__init__(scale)
        self.later_rng = np.random.default_rng(scale.seed + SEED_OFFSET)
        # Income years after 2020 are valued against the monitoring line (see _households_at).
        self.lines = dict(self.lines) | dict(demo_town.MONITORING_LINE)
        registered = self.household_count
        self._draw_exits()
        self._add_ordinary_households(registered)
        self._draw_incomes()
        self._draw_spells(registered)
        self._draw_records()

    # -------------------------------------------------------------------- exits
    def _draw_exits(self) -> None:
        """Everyone not exited on 2018-06-30 exits as planned, a few a year late, by 2020."""
        rng = self.later_rng
        count = self.household_count
        slip = (rng.random(count) < 0.12).astype(np.int64)
        planned = np.where(self.hh_planned > 0, self.hh_planned, 2020)
        late_exit = np.minimum(2020, np.maximum(planned, 2018) + slip)
        waiting = (self.hh_exit_year < 0) & (self.hh_removed < 0)
        self.hh_exit_year = np.where(waiting, late_exit, self.hh_exit_year)
        self.hh_second_exit = np.where(self.hh_relapse >= 0, late_exit, -1)
        self.hh_ordinary = np.zeros(count, dtype=bool)

    def _add_ordinary_households(self, registered: int) -> None:
        """Ordinary households (一般农户) that become objects in 2021, status monitored_only.

        Each takes the shape of a registered household (its size, ages, health) with its own
        number (8001 on in its village), identification in 2021, and its own ID numbers.
        """
        rng = self.later_rng
        total = int(round((EDGE_SHARE + SUDDEN_ORDINARY_SHARE) * registered))
        templates = np.sort(rng.choice(registered, total, replace=False))
        template_members = np.flatnonzero(
            np.isin(self.m_household, templates) & (self.m_present_until < 0)
        )
        household_arrays = [
            name
            for name, value in vars(self).items()
            if name.startswith("hh_") and isinstance(value, np.ndarray) and len(value) == registered
        ]
        member_count = len(self.m_household)
        member_arrays = [
            name
            for name, value in vars(self).items()
            if name.startswith("m_")
            and isinstance(value, np.ndarray)
            and len(value) == member_count
        ]
        new_index = registered + np.arange(total)
        for name in household_arrays:
            values = getattr(self, name)
            setattr(self, name, np.concatenate([values, values[templates]]))
        # Household facts of their own.
        village = self.hh_village[new_index]
        order = np.argsort(village, kind="stable")
        rank = np.empty(total, dtype=np.int64)
        sorted_village = village[order]
        starts = np.r_[True, sorted_village[1:] != sorted_village[:-1]]
        group_start = np.maximum.accumulate(np.where(starts, np.arange(total), 0))
        rank[order] = np.arange(total) - group_start
        self.hh_number[new_index] = 8001 + rank
        identified = days(dt.date(MONITORING_YEAR, 3, 1)) + rng.integers(0, 270, total)
        self.hh_identified[new_index] = identified
        self.hh_identified_year[new_index] = MONITORING_YEAR
        for name in (
            "hh_exit_year",
            "hh_relapse",
            "hh_removed",
            "hh_unsafe_housing",
            "hh_unsafe_water",
            "hh_second_exit",
        ):
            getattr(self, name)[new_index] = -1
        self.hh_planned[new_index] = -1
        self.hh_doctor[new_index] = identified
        self.hh_ordinary[new_index] = True
        # Members: copies of the templates' present members, in the new households.
        new_of_template = np.full(registered, -1, dtype=np.int64)
        new_of_template[templates] = new_index
        for name in member_arrays:
            values = getattr(self, name)
            setattr(self, name, np.concatenate([values, values[template_members]]))
        new_members = member_count + np.arange(len(template_members))
        self.m_household[new_members] = new_of_template[self.m_household[new_members]]
        self.m_present_from[new_members] = -1
        self.m_surname[new_members] = rng.permutation(self.m_surname[new_members])
        self._unique_id_numbers(new_members)

    def _unique_id_numbers(self, new_members: np.ndarray) -> None:
        """New ID numbers for cloned people: the same birth date and sex, a sequence counted
        down from 999 (the register's count up from 000), and the check character again."""
        rng = self.later_rng
        body = self.m_id_bytes[new_members, :17].copy()
        male = self.m_male[new_members].astype(np.int64)
        key = np.array([row.tobytes() for row in body[:, :14]])
        order = np.lexsort((rng.random(len(key)), male, key))
        sorted_key = key[order] + np.char.mod("%d", male[order]).astype(bytes)
        starts = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
        group_start = np.maximum.accumulate(np.where(starts, np.arange(len(key)), 0))
        rank = np.empty(len(key), dtype=np.int64)
        rank[order] = np.arange(len(key)) - group_start
        sequence = 998 - rank * 2 + male
        body[:, 14:17] = digits(sequence, 3)
        weights = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
        total = ((body - ord("0")).astype(np.int64) * weights).sum(axis=1) % 11
        check = np.frombuffer(b"10X98765432", dtype=np.uint8)[total]
        self.m_id_bytes[new_members] = np.hstack([body, check[:, None]])
        numbers = self.m_id_bytes.view(f"S{self.m_id_bytes.shape[1]}").ravel()
        if len(np.unique(numbers)) != len(numbers):
            raise AssertionError("cloned ID numbers collide with the register's")

    # ------------------------------------------------------------------ incomes
    def _draw_incomes(self) -> None:
        """2021 income per person as a multiple of the monitoring line (objects set theirs)."""
        rng = self.later_rng
        base = np.clip(rng.lognormal(np.log(1.9), 0.28, self.household_count), 1.12, 4.5)
        self.hh_factor_2021 = base

    # ------------------------------------------------------------------- spells
    def _draw_spells(self, registered: int) -> None:
        rng = self.later_rng
        exited = np.arange(registered)[self.hh_removed[:registered] < 0]
        unstable_count = int(round(UNSTABLE_SHARE * registered))
        sudden_count = int(round(SUDDEN_EXITED_SHARE * registered))
        picks = rng.choice(exited, unstable_count + sudden_count, replace=False)
        ordinary = np.flatnonzero(self.hh_ordinary)
        edge_count = int(round(EDGE_SHARE * registered))
        household = np.concatenate([picks, ordinary])
        kind = np.concatenate(
            [
                np.zeros(unstable_count, dtype=np.int64),  # unstable_exited
                np.full(sudden_count, 2),  # sudden_hardship
                np.ones(edge_count, dtype=np.int64),  # edge
                np.full(len(ordinary) - edge_count, 2),
            ]
        )
        count = len(household)
        identified = np.where(
            self.hh_ordinary[household],
            self.hh_identified[household],
            days(dt.date(MONITORING_YEAR, 3, 1)) + rng.integers(0, 270, count),
        )
        weights = np.array([RISK_WEIGHTS[risk] for risk in RISKS], dtype=float)
        risk = rng.choice(len(RISKS), count, p=weights / weights.sum())
        sudden_risk = np.array([RISKS.index(r) for r in SUDDEN_RISKS])[
            rng.choice(3, count, p=[0.6, 0.25, 0.15])
        ]
        risk = np.where(kind == 2, sudden_risk, risk)
        # Eliminations in the first year: the rule's six months, so only the early identified;
        # and some too early (two to five months).
        end = identified + 183 + rng.integers(0, 200, count)
        eliminated = np.where(end <= days(dt.date(MONITORING_YEAR, 12, 31)), end, -1)
        eliminated = np.where(rng.random(count) < 0.5, eliminated, -1)
        early = rng.random(count) < EARLY_SHARE
        eliminated = np.where(early, identified + rng.integers(60, 150, count), eliminated)
        # Relapses: some of the early ones are identified again before the year's end.
        again = early & (rng.random(count) < RELAPSE_SHARE)
        again_day = eliminated + 60 + rng.integers(0, 60, count)
        again &= again_day <= days(dt.date(MONITORING_YEAR, 12, 20))
        second = np.flatnonzero(again)
        household = np.concatenate([household, household[second]])
        kind = np.concatenate([kind, kind[second]])
        identified = np.concatenate([identified, again_day[second]])
        risk = np.concatenate([risk, risk[second]])
        eliminated = np.concatenate([eliminated, np.full(len(second), -1)])
        count = len(household)
        # Measures: the risk's own, plus 产业 or 就业 where someone can work; gaps on purpose.
        able = np.zeros(self.household_count, dtype=bool)
        working = (self.m_adult_labor <= 2) & (self.m_present_until < 0)
        able[self.m_household[working]] = True
        texts = []
        roll = rng.random(count)
        development = rng.choice(DEVELOPMENTAL, count)
        for index in range(count):
            chosen = list(RISK_MEASURES[RISKS[risk[index]]])
            if able[household[index]] and roll[index] >= LABOUR_WITHOUT_DEVELOPMENT_SHARE:
                chosen.append(str(development[index]))
            elif not able[household[index]] and "综合保障" not in chosen:
                chosen.append("综合保障")
            texts.append("、".join(dict.fromkeys(chosen)))
        no_measure = (rng.random(count) < NO_MEASURE_SHARE) & (eliminated < 0)
        measures = np.where(no_measure, None, np.array(texts, dtype=object))
        self.sp_household = household
        self.sp_kind = kind
        self.sp_identified = identified
        self.sp_risk = risk
        self.sp_eliminated = eliminated
        self.sp_measures = measures
        self.sp_measures_day = identified + rng.integers(5, 45, count)
        # Income of 2021 for objects: under the line at risk, above it for a sudden hardship.
        at_risk = rng.uniform(0.7, 0.98, count)
        above = rng.uniform(1.05, 1.6, count)
        self.hh_factor_2021[household] = np.where(kind == 2, above, at_risk)

    def _draw_records(self) -> None:
        """The department records behind the illness and disaster risks, before identification."""
        rng = self.later_rng
        first_member = np.full(self.household_count, -1, dtype=np.int64)
        present = self.m_present_until < 0
        first_member[self.m_household[present][::-1]] = np.flatnonzero(present)[::-1]
        illness, disaster = RISKS.index("illness"), RISKS.index("disaster")
        spells = np.flatnonzero((self.sp_risk == illness) | (self.sp_risk == disaster))
        person = first_member[self.sp_household[spells]]
        spells, person = spells[person >= 0], person[person >= 0]
        is_bill = self.sp_risk[spells] == illness
        self.r_person = person
        self.r_day = self.sp_identified[spells] - rng.integers(15, 75, len(spells))
        self.r_bill = is_bill
        self.r_amount = np.where(
            is_bill,
            rng.integers(15, 80, len(spells)) * 1000,
            rng.integers(20, 120, len(spells)) * 100,
        )

    # ---------------------------------------------------------------- snapshots
    def tables_at(self, on: dt.date) -> dict[str, pa.Table]:
        """Every contract table on `on`; after 2018-06-30 with the later history."""
        tables = super().tables_at(on)
        if on <= demo_town.FINAL_DATE:
            return tables
        tables["monitoring"] = self._monitoring_at(on)
        tables["department_records"] = self._records_at(on)
        return tables

    def _households_at(self, on: dt.date) -> tuple[pa.Table, np.ndarray]:
        table, keep = super()._households_at(on)
        if on <= demo_town.FINAL_DATE:
            return table, keep
        today = days(on)
        index = np.flatnonzero(keep)
        second = self.hh_second_exit[index]
        exited_again = (second > 0) & (today >= _year_end(second))
        ordinary = self.hh_ordinary[index]
        codes = pc.index_in(
            table.column("status"), value_set=pa.array(contract.HOUSEHOLD_STATUSES)
        ).to_numpy()
        codes = np.where(exited_again, STATUS_INDEX["exited"], codes)
        codes = np.where(ordinary, STATUS_INDEX["monitored_only"], codes)
        exit_year = table.column("exit_year").to_numpy(zero_copy_only=False)
        exit_year = np.where(exited_again, second, np.nan_to_num(exit_year.astype(float), nan=0))
        exit_year = exit_year.astype(np.int64)
        table = table.set_column(
            table.schema.get_field_index("status"),
            "status",
            pick_strings(list(contract.HOUSEHOLD_STATUSES), codes),
        )
        table = table.set_column(
            table.schema.get_field_index("exit_year"),
            "exit_year",
            pa.array(exit_year.astype(np.int32), mask=(exit_year == 0) | ordinary),
        )
        table = table.set_column(
            table.schema.get_field_index("attribute"),
            "attribute",
            pc.if_else(pa.array(ordinary), pa.scalar(None, pa.string()), table.column("attribute")),
        )
        table = table.set_column(
            table.schema.get_field_index("planned_exit_year"),
            "planned_exit_year",
            pc.if_else(
                pa.array(ordinary), pa.scalar(None, pa.int32()), table.column("planned_exit_year")
            ),
        )
        income_year = on.year if on.month == 12 else on.year - 1
        if income_year in demo_town.MONITORING_LINE:
            line = demo_town.MONITORING_LINE[income_year]
            cents = np.round(line * self.hh_factor_2021[index] * 100).astype(np.int64)
            table = table.set_column(
                table.schema.get_field_index("income_per_capita"),
                "income_per_capita",
                decimal_yuan(cents),
            )
        return table, keep

    def _monitoring_at(self, on: dt.date) -> pa.Table:
        today = days(on)
        rows = np.flatnonzero(self.sp_identified <= today)
        order = rows[np.lexsort((self.sp_household[rows], self.sp_identified[rows]))]
        eliminated = (self.sp_eliminated[order] >= 0) & (self.sp_eliminated[order] <= today)
        measures = [
            text if day <= today else None
            for text, day in zip(self.sp_measures[order], self.sp_measures_day[order], strict=True)
        ]
        risk_words = [RISK_WORDS[r] for r in RISKS]
        return pa.table(
            {
                "household_id": household_ids(self, self.sp_household[order]),
                "object_type": pick_strings(
                    list(contract.MONITORING_OBJECT_TYPES), self.sp_kind[order]
                ),
                "identified_date": date_array(self.sp_identified[order]),
                "risk_types": pick_strings(risk_words, self.sp_risk[order]),
                "main_risk": pick_strings(RISKS, self.sp_risk[order]),
                "eliminated": pa.array(eliminated),
                "eliminated_date": pc.if_else(
                    pa.array(eliminated),
                    date_array(np.maximum(self.sp_eliminated[order], 0)),
                    pa.scalar(None, pa.date32()),
                ),
                "measures": pa.array(measures, type=pa.string()),
            }
        )

    def _records_at(self, on: dt.date) -> pa.Table:
        today = days(on)
        rows = np.flatnonzero(self.r_day <= today)
        rows = rows[np.argsort(self.r_day[rows], kind="stable")]
        person = self.r_person[rows]
        bill = self.r_bill[rows]
        amount = self.r_amount[rows]
        details = [
            f"住院治疗，医保报销后个人自付{yuan}元"
            if is_bill
            else f"自然灾害受损，估计损失{yuan}元"
            for is_bill, yuan in zip(bill, amount, strict=True)
        ]
        return pa.table(
            {
                "record_id": pa.array([f"DR{number:07d}" for number in rows]),
                "id_number": self.all_id_numbers.take(pa.array(person)),
                "name": self.all_names.take(pa.array(person)),
                "department": pick_strings(
                    ["medical_insurance", "emergency"], np.where(bill, 0, 1)
                ),
                "kind": pick_strings(["住院自付费用", "受灾"], np.where(bill, 0, 1)),
                "record_date": date_array(self.r_day[rows]),
                "amount_yuan": decimal_yuan(amount * 100, precision=14),
                "detail": pa.array(details, type=pa.string()),
            }
        )


def _year_end(years: np.ndarray) -> np.ndarray:
    """Day numbers of 31 December of each year (2000–2030; others clipped)."""
    table = np.array([days(dt.date(year, 12, 31)) for year in range(2000, 2031)])
    return table[np.clip(years, 2000, 2030) - 2000]
