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

import datetime as dt
from decimal import Decimal

import numpy as np

from dashboard.demo import town
from dashboard.demo.generator import DemoTown
from dashboard.demo.history import Household, Member
from dashboard.demo.members import draw_town_members
from dashboard.demo.people import age_on, labor_on, school_stage_on

# Risk codes (data contract `monitoring.main_risk`) and the words an export writes for them.
RISK_WORDS = {
    "illness": "因病",
    "disability": "因残",
    "education": "因学",
    "disaster": "因自然灾害",
    "accident": "因意外事故",
    "industry_failure": "因产业项目失败",
    "unstable_employment": "因务工就业不稳",
    "lack_labor": "缺劳动力",
    "housing": "住房出现安全问题",
    "drinking_water": "饮水安全问题",
    "other": "其他",
}
# The measure each risk calls for (monitoring-rules.md §6.3, the risk ↔ measure table), written
# as the national system's 帮扶措施 kinds (§7): 产业 就业 金融 公益岗位 教育 健康 综合保障 搬迁
# 住房安全 饮水安全 其他.
RISK_MEASURES = {
    "illness": ("健康",),
    "disability": ("综合保障",),
    "education": ("教育",),
    "disaster": ("住房安全", "其他"),
    "accident": ("健康", "综合保障"),
    "industry_failure": ("产业", "金融"),
    "unstable_employment": ("就业",),
    "lack_labor": ("综合保障",),
    "housing": ("住房安全",),
    "drinking_water": ("饮水安全",),
    "other": ("其他",),
}
DEVELOPMENTAL = ("产业", "就业")  # 开发式帮扶: what an object with labour must have
WORKING_LABOR = ("normal", "skilled", "weak")
# Share of each year's new objects (2021 was the first sweep of the new mechanism).
IDENTIFICATION_YEARS = {2021: 0.38, 2022: 0.2, 2023: 0.16, 2024: 0.15, 2025: 0.11}
MINIMUM_MONTHS = 6  # a risk may be marked eliminated only six months after identification
SEED_OFFSET = 2021  # the later history's own generator: seed + 2021


def _days(low: int, high: int, rng: np.random.Generator) -> dt.timedelta:
    return dt.timedelta(int(rng.integers(low, high)))


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, 28))


class LaterTown(DemoTown):
    """The demo town 2014–2025: the report's town, then the years after it."""

    def __init__(self, seed: int = town.SEED) -> None:
        super().__init__(seed)
        # A generator of its own: the report's draws above never see these.
        self.later_rng = np.random.default_rng(seed + SEED_OFFSET)
        self.people.rng = self.later_rng  # ID numbers stay unique across both (one used-set)
        # People a payment or a training names must stay in every later snapshot: never these die.
        self._named = {p["person_id"] for p in self.payments if p["person_id"]}
        self._named |= {t["person_id"] for t in self.trainings}
        self._draw_exits()
        self._draw_incomes()
        self._draw_flood_2020()
        self._draw_roundup_2018()
        spells = self._draw_objects()
        self._draw_eliminations(spells)
        self._draw_measures(spells)
        self._draw_object_incomes(spells)
        self._draw_missed_clues(spells)
        self._draw_medical_bills()
        self._draw_outside_register()
        self._draw_later_visits(spells)
        self.monitoring = sorted(spells, key=lambda s: (s["identified_date"], s["household_id"]))
        self.department_records.sort(key=lambda r: (r["record_date"], r["id_number"]))
        for number, record in enumerate(self.department_records, start=1):
            record["record_id"] = f"DR{number:06d}"

    # ------------------------------------------------------------------ helpers
    def _record(self, member_or_id, department: str, kind: str, day: dt.date, **extra) -> None:
        if isinstance(member_or_id, Member):
            id_number, name = member_or_id.id_number, member_or_id.name
        else:
            id_number, name = member_or_id
        amount = extra.get("amount")
        self.department_records.append(
            {
                "record_id": "",
                "id_number": id_number,
                "name": name,
                "department": department,
                "kind": kind,
                "record_date": day,
                "amount_yuan": None if amount is None else Decimal(int(amount)),
                "detail": extra.get("detail"),
            }
        )

    def _registered(self) -> list[Household]:
        return [h for h in self.households if h.removed_date is None and not h.ordinary]

    def _present(self, household: Household, on: dt.date) -> list[Member]:
        return [m for m in household.members if m.present_on(on)]

    def _health(self, member: Member, on: dt.date) -> str:
        return member.changes_on(on).get("health", member.health)

    def _workers(self, household: Household, on: dt.date) -> list[Member]:
        return [
            m
            for m in self._present(household, on)
            if labor_on(m.birth_date, self._health(m, on), m.adult_labor, on) in WORKING_LABOR
        ]

    # -------------------------------------------------------------------- exits
    def _draw_exits(self) -> None:
        """The 205 not exited on 2018-06-30 exit as planned (a few a year late), all by 2020."""
        rng = self.later_rng
        for household in self._registered():
            if household.status_on(town.FINAL_DATE) == "exited":
                continue
            planned = household.planned_exit_year or 2020
            year = min(2020, planned + int(rng.random() < (0.12 if planned < 2020 else 0)))
            if household.relapse_date is not None:
                household.second_exit_year = year
            else:
                household.exit_year = year

    def _draw_incomes(self) -> None:
        """From 2021 an exited household earns a multiple of the monitoring line, year by year."""
        rng = self.later_rng
        for household in self._registered():
            base = float(rng.lognormal(np.log(1.9), 0.28))
            base = min(max(base, 1.12), 4.5)
            for year in town.MONITORING_LINE:
                household.later_income[year] = round(base * float(rng.normal(1.0, 0.04)), 4)

    # ----------------------------------------------------------- department data
    def _draw_flood_2020(self) -> None:
        """July 2020: the Huai's flood reaches the lake villages (应急管理 受灾 records)."""
        rng = self.later_rng
        lake = [h for h in self._registered() if h.village_code in self._lake_villages()]
        for household in self._sample_from(lake, 26):
            head = self._present(household, dt.date(2020, 7, 20))[0]
            loss = int(rng.integers(8, 60)) * 100
            self._record(
                head,
                "emergency",
                "受灾",
                dt.date(2020, 7, 20) + _days(0, 21, rng),
                amount=loss,
                detail=f"洪涝灾害，农作物及房屋受损，估计损失{loss}元",
            )

    def _lake_villages(self) -> set[str]:
        return {code for code, _, kind, *_ in town.UNITS if kind in town.WATER_KINDS}

    def _sample_from(self, items: list, count: int) -> list:
        count = min(count, len(items))
        return [items[int(i)] for i in self.later_rng.choice(len(items), count, replace=False)]

    def _draw_roundup_2018(self) -> None:
        """The 2018 回头看's data comparison: registered people with a car, a business or a
        public salary (精准识别 doubts), sent in the second half of 2018."""
        rng = self.later_rng
        day = dt.date(2018, 8, 1)
        adults = [
            m
            for h in self._registered()
            for m in self._present(h, day)
            if 22 <= age_on(m.birth_date, day) <= 60
        ]
        picks = self._sample_from(adults, 8 + 5 + 3)
        for member in picks[:8]:
            price = int(rng.integers(5, 25))
            self._record(
                member,
                "vehicles",
                "车辆登记",
                day + _days(0, 120, rng),
                amount=price * 10_000,
                detail=f"小型轿车，登记价格约{price}万元",
            )
        for member in picks[8:13]:
            capital = int(rng.integers(2, 30))
            self._record(
                member,
                "market_regulation",
                "工商注册",
                day + _days(0, 120, rng),
                amount=capital * 10_000,
                detail=f"个体工商户，注册资金{capital}万元",
            )
        for member in picks[13:]:
            self._record(
                member,
                "public_payroll",
                "财政供养人员",
                day + _days(0, 120, rng),
                detail=str(
                    rng.choice(["镇直单位编外聘用", "市直事业单位在编", "村干部（财政补贴）"])
                ),
            )

    # ------------------------------------------------------------------ objects
    def _identified_date(self) -> dt.date:
        rng = self.later_rng
        years, shares = zip(*IDENTIFICATION_YEARS.items(), strict=True)
        year = int(rng.choice(years, p=np.array(shares) / sum(shares)))
        if year == 2021:
            return dt.date(2021, 3, 1) + _days(0, 270, rng)
        return dt.date(year, 1, 5) + _days(0, 330, rng)

    def _main_risk(self, household: Household, on: dt.date, sudden: bool) -> str:
        """The risk a household's own state points to, as a village's check would record it."""
        rng = self.later_rng
        present = self._present(household, on)
        if sudden:
            return str(rng.choice(["illness", "accident", "disaster"], p=[0.6, 0.25, 0.15]))
        if not self._workers(household, on):
            return "lack_labor"
        sick = any(self._health(m, on) in ("serious_illness", "chronic") for m in present)
        if sick and rng.random() < 0.6:
            return "illness"
        if any(self._health(m, on) == "disabled" for m in present) and rng.random() < 0.6:
            return "disability"
        if (
            any(
                school_stage_on(m.birth_date, m.track, on)
                in ("senior", "college", "higher_vocational")
                for m in present
            )
            and rng.random() < 0.5
        ):
            return "education"
        options = {
            "unstable_employment": 0.3,
            "industry_failure": 0.2,
            "illness": 0.15,
            "housing": 0.1,
            "drinking_water": 0.05,
            "disaster": 0.1,
            "other": 0.1,
        }
        names, weights = zip(*options.items(), strict=True)
        return str(rng.choice(names, p=np.array(weights) / sum(weights)))

    def _spell(
        self,
        household: Household,
        object_type: str,
        identified: dt.date,
        sudden: bool,
        main_risk: str | None = None,
    ) -> dict:
        rng = self.later_rng
        if main_risk is None:
            main_risk = self._main_risk(household, identified, sudden)
            self._make_risk_real(household, main_risk, identified)
        risks = [main_risk]
        for extra in ("illness", "education", "unstable_employment", "lack_labor"):
            if extra != main_risk and rng.random() < 0.15:
                risks.append(extra)
        return {
            "household_id": household.household_id,
            "object_type": object_type,
            "identified_date": identified,
            "risk_types": "、".join(RISK_WORDS[risk] for risk in risks[:5]),
            "main_risk": main_risk,
            "eliminated_date": None,
            "measures": None,
            "measures_date": identified,
            "household": household,
            "sudden": sudden,
        }

    def _make_risk_real(self, household: Household, risk: str, identified: dt.date) -> None:
        """Give the household what its recorded risk says, and the department record that
        raised it (a bill, a disability, an accident, a death, a flood), before identification."""
        rng = self.later_rng
        before = identified - _days(15, 75, rng)
        present = self._present(household, before)
        adults = [m for m in present if 18 <= age_on(m.birth_date, before) <= 75] or present
        if risk == "illness":
            sick = [m for m in present if self._health(m, before) in ("serious_illness", "chronic")]
            member = sick[0] if sick else adults[int(rng.integers(0, len(adults)))]
            member.changes.append((before, {"health": "serious_illness"}))
            bill = int(rng.integers(15, 80)) * 1000
            self._record(
                member,
                "medical_insurance",
                "住院自付费用",
                before,
                amount=bill,
                detail=f"住院治疗，医保报销后个人自付{bill}元",
            )
        elif risk in ("disability", "accident"):
            member = adults[int(rng.integers(0, len(adults)))]
            member.changes.append((before, {"health": "disabled"}))
            if risk == "accident":
                self._record(
                    member,
                    "public_security",
                    "交通事故",
                    before - _days(5, 30, rng),
                    detail="交通事故受伤，致残",
                )
                bill = int(rng.integers(10, 50)) * 1000
                self._record(
                    member,
                    "medical_insurance",
                    "住院自付费用",
                    before,
                    amount=bill,
                    detail=f"外伤住院，个人自付{bill}元",
                )
            self._record(
                member,
                "disability",
                "新增残疾",
                before + _days(0, 10, rng),
                detail=str(rng.choice(["肢体残疾三级", "肢体残疾二级", "视力残疾三级"])),
            )
        elif risk == "disaster":
            head = present[0]
            loss = int(rng.integers(20, 120)) * 100
            self._record(
                head,
                "emergency",
                "受灾",
                before,
                amount=loss,
                detail=f"风雹灾害，房屋及农作物受损，估计损失{loss}元",
            )
        elif risk == "housing":
            household.later_unsafe_housing = (before, identified + _days(120, 300, rng))
            self._record(present[0], "housing", "危房鉴定", before, detail="C级危房")
        elif risk == "unstable_employment":
            workers = self._workers(household, before) or adults
            self._record(
                workers[0], "employment", "失业登记", before, detail="务工企业停产，返乡待业"
            )

    def _killable(self, household: Household, on: dt.date) -> list[Member]:
        """Working members whose death the demo may draw: not the head (one head per household)
        and named by no payment or training (those must stay in every later snapshot)."""
        return [
            m
            for m in self._workers(household, on)
            if m.relation != "head" and m.person_id not in self._named
        ]

    def _die(self, member: Member, day: dt.date) -> None:
        member.present_until = day
        self._record(member, "public_security", "死亡注销", day, detail="户籍注销（死亡）")

    def _new_ordinary_household(self, number: int, identified: dt.date) -> Household:
        """An ordinary household (一般农户) that becomes an object: status monitored_only."""
        rng = self.later_rng
        codes = [code for code, *_ in town.UNITS]
        weights = np.array([population for *_, population, _ in town.UNITS], dtype=float)
        village_code = str(rng.choice(codes, p=weights / weights.sum()))
        neighbours = [h for h in self._registered() if h.village_code == village_code]
        helpers = [h["helper_id"] for h in self.helpers if h["level"] == "town"]
        household = Household(
            household_id=f"{village_code}{8001 + number:04d}",
            village_code=village_code,
            group_name=neighbours[int(rng.integers(0, len(neighbours)))].group_name,
            attribute="general",
            main_cause="illness",
            identified_date=identified,
            exit_year=None,
            planned_exit_year=None,
            income_factor=1.0,
            helper_id=str(rng.choice(helpers)),
            village_contact_id=neighbours[0].village_contact_id,
            ordinary=True,
        )
        # Drawn from the later generator, as every draw after the report.
        size = int(rng.choice([1, 2, 3, 4, 5], p=[0.05, 0.15, 0.3, 0.3, 0.2]))
        draw_town_members(rng, self.people, household, size)
        return household

    def _draw_objects(self) -> list[dict]:
        """The objects of 2021–2025: exited households and new ordinary ones, with relapses."""
        rng = self.later_rng
        counts = town.MONITORING_OBJECTS
        exited = [h for h in self._registered()]
        # Those most at risk are likelier: alone, old, sick, disabled, on 低保/特困.
        weights = []
        for household in exited:
            weight = 1.0
            weight += 2.0 * (household.attribute in ("dibao", "tekun"))
            weight += 1.5 * any(
                m.health in ("serious_illness", "disabled") for m in household.members
            )
            weight += 1.0 * (len(household.members) == 1)
            if not self._workers(household, dt.date(2021, 6, 30)):
                # Whole households without labour are mostly on 兜底 (低保/特困) and fewer of
                # them are objects; those that are stay monitored (never marked eliminated).
                weight *= 0.06
            weights.append(weight)
        probabilities = np.array(weights) / sum(weights)
        total = counts["unstable_exited"] + counts["sudden_hardship_exited"]
        picks = rng.choice(len(exited), total, replace=False, p=probabilities)
        spells = []
        deaths = 0
        for position, index in enumerate(picks):
            household = exited[int(index)]
            sudden = position >= counts["unstable_exited"]
            kind = "sudden_hardship" if sudden else "unstable_exited"
            identified = self._identified_date()
            died = self._killable(household, identified - dt.timedelta(60))
            if not sudden and died and deaths < 3:
                # The main worker dies (公安 死亡注销); the household is identified for labour.
                deaths += 1
                self._die(died[0], identified - _days(30, 90, rng))
                spells.append(self._spell(household, kind, identified, sudden, "lack_labor"))
                continue
            spells.append(self._spell(household, kind, identified, sudden))
        ordinary = counts["edge"] + counts["sudden_hardship_ordinary"]
        for number in range(ordinary):
            sudden = number >= counts["edge"]
            identified = self._identified_date()
            household = self._new_ordinary_household(number, identified)
            self.households.append(household)
            kind = "sudden_hardship" if sudden else "edge"
            spells.append(self._spell(household, kind, identified, sudden))
        return spells

    # ------------------------------------------------------------- eliminations
    def _can_be_eliminated(self, spell: dict, on: dt.date) -> bool:
        """Not a whole household without labour (整户无劳动力: 暂不标注风险消除, §5.1)."""
        return bool(self._workers(spell["household"], on))

    def _draw_eliminations(self, spells: list[dict]) -> None:
        """Durations from identification, then relapses, then the share eliminated by 2024."""
        rng = self.later_rng
        last = town.LAST_DATE
        for spell in spells:
            months = MINIMUM_MONTHS + int(rng.gamma(2.0, 4.5))
            end = _add_months(spell["identified_date"], months) + _days(0, 25, rng)
            if self._can_be_eliminated(spell, end) and end <= last:
                spell["eliminated_date"] = end
        # Eliminated too early: within two to five months of identification.
        candidates = [
            s
            for s in spells
            if s["identified_date"] <= dt.date(2024, 6, 30)
            and self._can_be_eliminated(s, s["identified_date"])
        ]
        for spell in self._sample_from(candidates, town.EARLY_ELIMINATIONS):
            months = int(rng.integers(2, MINIMUM_MONTHS))
            spell["eliminated_date"] = _add_months(spell["identified_date"], months)
            spell["early"] = True
        # Relapses: eliminated by mid-2024, identified again 4 to 18 months later.
        relapsing = [
            s
            for s in spells
            if s["eliminated_date"] is not None and s["eliminated_date"] <= dt.date(2024, 6, 30)
        ]
        for first in self._sample_from(relapsing, town.RELAPSE_SPELLS):
            again = _add_months(first["eliminated_date"], int(rng.integers(4, 19)))
            again = min(again, dt.date(2025, 11, 30))
            household = first["household"]
            second = self._spell(household, first["object_type"], again, first["sudden"])
            months = MINIMUM_MONTHS + int(rng.gamma(2.0, 6.0))
            end = _add_months(again, months)
            second["eliminated_date"] = end if end <= last else None
            second["relapse"] = True
            spells.append(second)
        self._calibrate_share(spells)

    def _calibrate_share(self, spells: list[dict]) -> None:
        """Move eliminations across 2024-12-31 until the share eliminated by then is the target."""
        rng = self.later_rng
        cut = dt.date(2024, 12, 31)
        identified = [s for s in spells if s["identified_date"] <= cut]
        target = round(town.ELIMINATED_SHARE_2024 * len(identified))

        def eliminated_by_cut():
            return [s for s in identified if s["eliminated_date"] and s["eliminated_date"] <= cut]

        relapsed_firsts = {(s["household_id"]) for s in spells if s.get("relapse")}
        while len(eliminated_by_cut()) > target:
            movable = [
                s
                for s in eliminated_by_cut()
                if not s.get("early") and s["household_id"] not in relapsed_firsts
            ]
            spell = max(movable, key=lambda s: (s["eliminated_date"], s["household_id"]))
            later = cut + _days(30, 300, rng)
            spell["eliminated_date"] = later if self._can_be_eliminated(spell, later) else None
        while len(eliminated_by_cut()) < target:
            waiting = [
                s
                for s in identified
                if (s["eliminated_date"] is None or s["eliminated_date"] > cut)
                and _add_months(s["identified_date"], MINIMUM_MONTHS) <= cut
                and self._can_be_eliminated(s, cut)
            ]
            if not waiting:
                break  # every object left is too recent, or a whole household without labour
            spell = min(waiting, key=lambda s: (s["identified_date"], s["household_id"]))
            earliest = _add_months(spell["identified_date"], MINIMUM_MONTHS)
            span = max(1, (cut - earliest).days)
            spell["eliminated_date"] = earliest + _days(0, span, rng)
        # A second spell always starts after the first one's elimination.
        for spell in spells:
            if spell.get("relapse"):
                firsts = [
                    s
                    for s in spells
                    if s["household_id"] == spell["household_id"]
                    and s is not spell
                    and s["identified_date"] < spell["identified_date"]
                ]
                for first in firsts:
                    assert (
                        first["eliminated_date"]
                        and first["eliminated_date"] < spell["identified_date"]
                    ), (first["household_id"], first["eliminated_date"], spell["identified_date"])

    # ----------------------------------------------------------------- measures
    def _draw_measures(self, spells: list[dict]) -> None:
        """Measures matching the risk, 产业/就业 where there is labour; some gaps on purpose."""
        rng = self.later_rng
        with_labour = []
        for spell in spells:
            household, identified = spell["household"], spell["identified_date"]
            chosen = list(RISK_MEASURES[spell["main_risk"]])
            if self._workers(household, identified):
                with_labour.append(spell)
                chosen.append(str(rng.choice(DEVELOPMENTAL)))
                if rng.random() < 0.3:
                    chosen.append(str(rng.choice(["金融", "公益岗位", "就业", "产业"])))
            elif "综合保障" not in chosen:
                chosen.append("综合保障")
            spell["measures"] = "、".join(dict.fromkeys(chosen))
            spell["measures_date"] = identified + _days(5, 45, rng)
        # Objects with labour and no developmental measure (a check the page shows).
        for spell in self._sample_from(with_labour, town.LABOUR_WITHOUT_DEVELOPMENT):
            kept = [m for m in spell["measures"].split("、") if m not in DEVELOPMENTAL]
            spell["measures"] = "、".join(kept or ["综合保障"])
        # 因病 with no 健康 measure: a risk with no matching measure (a check the page shows).
        ill = [s for s in spells if s["main_risk"] == "illness" and s["measures"]]
        for spell in self._sample_from(ill, 2):
            kept = [m for m in spell["measures"].split("、") if m != "健康"]
            spell["measures"] = "、".join(kept or ["产业"])
            spell["measure_mismatch"] = True
        # Objects never given a measure: the newest ones mostly, still not eliminated.
        open_spells = [s for s in spells if s["eliminated_date"] is None]
        for spell in self._sample_from(open_spells, town.OBJECTS_WITHOUT_MEASURE):
            spell["measures"] = None

    # ------------------------------------------------------------------ incomes
    def _draw_object_incomes(self, spells: list[dict]) -> None:
        """Income against the line while at risk, after elimination, and when eliminated early."""
        rng = self.later_rng
        eliminated = [s for s in spells if s["eliminated_date"] is not None]
        low_at_elimination = {
            id(s)
            for s in self._sample_from(
                [s for s in eliminated if not s["sudden"]], town.LOW_INCOME_ELIMINATIONS
            )
        }
        for spell in sorted(spells, key=lambda s: s["identified_date"]):
            household = spell["household"]
            start = spell["identified_date"].year
            end = spell["eliminated_date"].year if spell["eliminated_date"] else 2026
            for year in town.MONITORING_LINE:
                if household.ordinary and year < start:
                    continue
                if start <= year < end:
                    # At risk: under the line, or above it with a sudden hardship (§1).
                    factor = rng.uniform(1.05, 1.6) if spell["sudden"] else rng.uniform(0.7, 0.98)
                elif year == end and id(spell) in low_at_elimination:
                    factor = rng.uniform(0.85, 0.98)  # eliminated while still under the line
                elif year >= end:
                    factor = rng.uniform(1.1, 1.8)
                else:
                    continue  # before an exited household's spell: its own drawn income
                household.later_income[year] = round(float(factor), 4)
            spell["low_income_at_elimination"] = id(spell) in low_at_elimination

    # ------------------------------------------------------------ medical bills
    def _draw_medical_bills(self) -> None:
        """医保: the sick file bills every year; out-of-pocket amounts after reimbursement."""
        rng = self.later_rng
        for household in self.households:
            if household.removed_date is not None:
                continue
            for member in household.members:
                for year in range(2019, 2026):
                    day = dt.date(year, 1, 1) + _days(0, 360, rng)
                    if not member.present_on(day) or day < household.identified_date:
                        continue
                    health = self._health(member, day)
                    rate = {"chronic": 0.4, "serious_illness": 1.2}.get(health, 0.03)
                    for _ in range(int(rng.poisson(rate))):
                        high = 40 if health == "serious_illness" else 5
                        amount = int(rng.uniform(0.3, high) * 1000) // 10 * 10 + 10
                        self._record(
                            member,
                            "medical_insurance",
                            "住院自付费用" if amount >= 2000 else "门诊慢特病自付费用",
                            day,
                            amount=amount,
                            detail=f"医保报销后个人自付{amount}元",
                        )

    def _draw_missed_clues(self, spells: list[dict]) -> None:
        """Signals no one acted on: exited households never identified whose department records
        say they should be looked at (what the early-warning clues must find)."""
        rng = self.later_rng
        objects = {s["household_id"] for s in spells}
        quiet = [h for h in self._registered() if h.household_id not in objects]
        for household in self._sample_from(quiet, 6):  # a big bill against a small income
            day = dt.date(2023, 3, 1) + _days(0, 900, rng)
            adults = [m for m in self._present(household, day) if age_on(m.birth_date, day) >= 18]
            bill = int(rng.integers(25, 70)) * 1000
            self._record(
                adults[0],
                "medical_insurance",
                "住院自付费用",
                day,
                amount=bill,
                detail=f"重病住院，医保报销后个人自付{bill}元",
            )
        dropout_day = dt.date(2023, 3, 6)
        with_pupils = [
            (h, m)
            for h in quiet
            for m in self._present(h, dropout_day)
            if school_stage_on(m.birth_date, m.track, dropout_day) == "junior"
        ]
        for _household, pupil in self._sample_from(with_pupils, 3):  # a dropout at 12 to 14
            day = dropout_day + _days(0, 60, rng)
            pupil.changes.append((day, {"school_stage": "none"}))
            self._record(pupil, "education", "义务教育辍学", day, detail="连续旷课，疑似辍学")
        death_day = dt.date(2022, 5, 1)
        with_workers = [h for h in quiet if self._killable(h, death_day)]
        for household in self._sample_from(with_workers, 2):  # the main worker dies
            day = death_day + _days(0, 900, rng)
            self._die(self._killable(household, death_day)[0], day)
        for household in self._sample_from(quiet, 3):  # a new severe disability
            day = dt.date(2021, 6, 1) + _days(0, 1200, rng)
            adults = [
                m for m in self._present(household, day) if 18 <= age_on(m.birth_date, day) < 70
            ]
            if adults:
                adults[0].changes.append((day, {"health": "disabled"}))
                self._record(
                    adults[0], "disability", "新增残疾", day, detail="肢体残疾一级（重度）"
                )
        # A few exited households whose income fell under the line without being identified.
        for household in self._sample_from(quiet, 5):
            year = int(rng.choice([2023, 2024, 2025]))
            household.later_income[year] = round(float(rng.uniform(0.8, 0.99)), 4)

    def _draw_outside_register(self) -> None:
        """Records about people in the town who are in no household of the register (kept,
        shown only to roles that may see them)."""
        rng = self.later_rng
        for _ in range(18):
            sex = str(rng.choice(["male", "female"]))
            birth = dt.date(1950, 1, 1) + _days(0, 20000, rng)
            person = (
                self.people.id_number(birth, sex),
                self.people.surname() + self.people.given_name(sex, birth.year),
            )
            day = dt.date(2021, 2, 1) + _days(0, 1750, rng)
            if rng.random() < 0.75:
                bill = int(rng.integers(2, 60)) * 1000
                self._record(
                    person,
                    "medical_insurance",
                    "住院自付费用",
                    day,
                    amount=bill,
                    detail=f"医保报销后个人自付{bill}元",
                )
            else:
                self._record(person, "disability", "新增残疾", day, detail="肢体残疾三级")

    # ------------------------------------------------------------------- visits
    def _draw_later_visits(self, spells: list[dict]) -> None:
        """Helpers keep visiting: less often after the exits, monthly while a risk is open."""
        rng = self.later_rng
        number = len(self.visits)
        months = []
        month = dt.date(2018, 7, 1)
        while month <= town.LAST_DATE:
            months.append(month)
            month = (month + dt.timedelta(32)).replace(day=1)
        starts = np.array([m.toordinal() for m in months])
        lengths = np.array(
            [((m.replace(day=28) + dt.timedelta(4)).replace(day=1) - m).days for m in months]
        )
        base_rate = np.where(np.array([m.year for m in months]) <= 2020, 0.3, 0.08)
        spells_by_household: dict[str, list[dict]] = {}
        for spell in spells:
            spells_by_household.setdefault(spell["household_id"], []).append(spell)
        kinds = ["visit", "policy", "condolence", "other"]
        for household in self.households:
            if household.removed_date is not None:
                continue
            rate = base_rate.copy()
            for spell in spells_by_household.get(household.household_id, []):
                end = spell["eliminated_date"] or town.LAST_DATE
                at_risk = (starts >= spell["identified_date"].replace(day=1).toordinal()) & (
                    starts <= end.toordinal()
                )
                rate[at_risk] = 0.9
            rate[starts < household.identified_date.replace(day=1).toordinal()] = 0.0
            counts = rng.poisson(rate)
            for index in np.flatnonzero(counts):
                for _ in range(int(counts[index])):
                    day = months[index] + dt.timedelta(int(rng.integers(0, lengths[index])))
                    if day < household.identified_date or day > town.LAST_DATE:
                        continue
                    number += 1
                    self.visits.append(
                        {
                            "visit_id": f"VS{number:06d}",
                            "helper_id": household.helper_on(day),
                            "household_id": household.household_id,
                            "visit_date": day,
                            "kind": kinds[int(rng.choice(4, p=[0.75, 0.12, 0.08, 0.05]))],
                        }
                    )
