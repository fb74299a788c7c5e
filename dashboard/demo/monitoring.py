"""Monitoring (防返贫动态监测): the objects identified after the report, their risks and measures.

The town's objects are drawn among its exited households (those most at risk likelier) and
among ordinary households, year by year 2021–2025, calibrated to the public share eliminated;
the scaled demos' in the first monitoring year, at shares of the register. Both record a risk
the household's own state points to, with the department record that raised it, measures that
match the risk (产业/就业 where someone can work), and gaps on purpose for the checks to find
(`docs/demo-errors.md`): some eliminated too early, some identified again, some without measure.
The rules followed are those of `shared/reference/monitoring-rules.md`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import contract
from dashboard.demo import town
from dashboard.demo.arrays import date_array, days, pick_strings
from dashboard.demo.department_records import (
    DISASTER_LOSS_HUNDREDS,
    ILLNESS_BILL_THOUSANDS,
    RECORD_BEFORE_DAYS,
    die,
    illness_bill_detail,
    killable,
    record,
)
from dashboard.demo.history import (
    FIRST_SWEEP_DAYS,
    FIRST_SWEEP_FROM,
    Household,
    ScaledHistory,
    TownHistory,
    add_months,
    health_on,
    present_members,
    random_days,
    workers,
)
from dashboard.demo.households import (
    EDGE_SHARE,
    household_ids,
    new_town_ordinary_household,
)
from dashboard.demo.people import age_on, school_stage_on

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
# Share of each year's new objects (2021 was the first sweep of the new mechanism).
IDENTIFICATION_YEARS = {2021: 0.38, 2022: 0.2, 2023: 0.16, 2024: 0.15, 2025: 0.11}
MINIMUM_MONTHS = 6  # a risk may be marked eliminated only six months after identification
# A sudden hardship (突发严重困难) is an illness, an accident or a disaster.
SUDDEN_RISKS = ("illness", "accident", "disaster")
SUDDEN_RISK_WEIGHTS = (0.6, 0.25, 0.15)
MEASURES_AFTER_DAYS = (5, 45)  # measures are recorded some days after the identification
# Income while at risk, as a multiple of the monitoring line: under it, or above it with a
# sudden hardship (monitoring-rules.md §1).
AT_RISK_INCOME = (0.7, 0.98)
SUDDEN_HARDSHIP_INCOME = (1.05, 1.6)
# The scaled demos' first monitoring year: shares of the register (households) that become
# objects, by kind, and of the objects with a gap on purpose.
UNSTABLE_SHARE = 0.05
SUDDEN_EXITED_SHARE = 0.01
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


# ------------------------------------------------------------------------------- the town
def town_monitoring_row(spell: dict, on: dt.date) -> dict:
    """A monitoring spell as a snapshot on `on` records it: eliminated only once it was, and
    its measures only once they were recorded."""
    eliminated = spell["eliminated_date"] is not None and spell["eliminated_date"] <= on
    return {
        "household_id": spell["household_id"],
        "object_type": spell["object_type"],
        "identified_date": spell["identified_date"],
        "risk_types": spell["risk_types"],
        "main_risk": spell["main_risk"],
        "eliminated": eliminated,
        "eliminated_date": spell["eliminated_date"] if eliminated else None,
        "measures": spell["measures"] if spell["measures_date"] <= on else None,
    }


def _identified_date(history: TownHistory) -> dt.date:
    """When an object is identified: a year by `IDENTIFICATION_YEARS`, a day within it."""
    rng = history.later_rng
    years, shares = zip(*IDENTIFICATION_YEARS.items(), strict=True)
    year = int(rng.choice(years, p=np.array(shares) / sum(shares)))
    if year == 2021:
        return FIRST_SWEEP_FROM + random_days(0, FIRST_SWEEP_DAYS, rng)
    return dt.date(year, 1, 5) + random_days(0, 330, rng)


def _main_risk(history: TownHistory, household: Household, on: dt.date, sudden: bool) -> str:
    """The risk a household's own state points to, as a village's check would record it."""
    rng = history.later_rng
    present = present_members(household, on)
    if sudden:
        return str(rng.choice(SUDDEN_RISKS, p=SUDDEN_RISK_WEIGHTS))
    if not workers(household, on):
        return "lack_labor"
    sick = any(health_on(m, on) in ("serious_illness", "chronic") for m in present)
    if sick and rng.random() < 0.6:
        return "illness"
    if any(health_on(m, on) == "disabled" for m in present) and rng.random() < 0.6:
        return "disability"
    if (
        any(
            school_stage_on(m.birth_date, m.track, on) in ("senior", "college", "higher_vocational")
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
    history: TownHistory,
    household: Household,
    object_type: str,
    identified: dt.date,
    sudden: bool,
    main_risk: str | None = None,
) -> dict:
    """A monitoring spell of a household (its risk drawn from its state unless given)."""
    rng = history.later_rng
    if main_risk is None:
        main_risk = _main_risk(history, household, identified, sudden)
        _make_risk_real(history, household, main_risk, identified)
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


def _make_risk_real(
    history: TownHistory, household: Household, risk: str, identified: dt.date
) -> None:
    """Give the household what its recorded risk says, and the department record that
    raised it (a bill, a disability, an accident, a death, a flood), before identification."""
    rng = history.later_rng
    before = identified - random_days(*RECORD_BEFORE_DAYS, rng)
    present = present_members(household, before)
    adults = [m for m in present if 18 <= age_on(m.birth_date, before) <= 75] or present
    if risk == "illness":
        sick = [m for m in present if health_on(m, before) in ("serious_illness", "chronic")]
        member = sick[0] if sick else adults[int(rng.integers(0, len(adults)))]
        member.changes.append((before, {"health": "serious_illness"}))
        bill = int(rng.integers(*ILLNESS_BILL_THOUSANDS)) * 1000
        _hospital_bill(history, member, before, bill, illness_bill_detail(bill))
    elif risk in ("disability", "accident"):
        member = adults[int(rng.integers(0, len(adults)))]
        member.changes.append((before, {"health": "disabled"}))
        if risk == "accident":
            record(
                history,
                member,
                "public_security",
                "交通事故",
                before - random_days(5, 30, rng),
                detail="交通事故受伤，致残",
            )
            bill = int(rng.integers(10, 50)) * 1000
            _hospital_bill(history, member, before, bill, f"外伤住院，个人自付{bill}元")
        record(
            history,
            member,
            "disability",
            "新增残疾",
            before + random_days(0, 10, rng),
            detail=str(rng.choice(["肢体残疾三级", "肢体残疾二级", "视力残疾三级"])),
        )
    elif risk == "disaster":
        head = present[0]
        loss = int(rng.integers(*DISASTER_LOSS_HUNDREDS)) * 100
        record(
            history,
            head,
            "emergency",
            "受灾",
            before,
            amount=loss,
            detail=f"风雹灾害，房屋及农作物受损，估计损失{loss}元",
        )
    elif risk == "housing":
        household.later_unsafe_housing = (before, identified + random_days(120, 300, rng))
        record(history, present[0], "housing", "危房鉴定", before, detail="C级危房")
    elif risk == "unstable_employment":
        able = workers(household, before) or adults
        record(history, able[0], "employment", "失业登记", before, detail="务工企业停产，返乡待业")


def draw_town_objects(history: TownHistory) -> list[dict]:
    """The objects of 2021–2025: exited households and new ordinary ones, with relapses."""
    rng = history.later_rng
    counts = town.MONITORING_OBJECTS
    exited = [h for h in history.registered()]
    # Those most at risk are likelier: alone, old, sick, disabled, on 低保/特困.
    weights = []
    for household in exited:
        weight = 1.0
        weight += 2.0 * (household.attribute in ("dibao", "tekun"))
        weight += 1.5 * any(m.health in ("serious_illness", "disabled") for m in household.members)
        weight += 1.0 * (len(household.members) == 1)
        if not workers(household, dt.date(2021, 6, 30)):
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
        identified = _identified_date(history)
        died = killable(history, household, identified - dt.timedelta(60))
        if not sudden and died and deaths < 3:
            # The main worker dies (公安 死亡注销); the household is identified for labour.
            deaths += 1
            die(history, died[0], identified - random_days(30, 90, rng))
            spells.append(_spell(history, household, kind, identified, sudden, "lack_labor"))
            continue
        spells.append(_spell(history, household, kind, identified, sudden))
    ordinary = counts["edge"] + counts["sudden_hardship_ordinary"]
    for number in range(ordinary):
        sudden = number >= counts["edge"]
        identified = _identified_date(history)
        household = new_town_ordinary_household(history, number, identified)
        history.households.append(household)
        kind = "sudden_hardship" if sudden else "edge"
        spells.append(_spell(history, household, kind, identified, sudden))
    return spells


def _can_be_eliminated(spell: dict, on: dt.date) -> bool:
    """Not a whole household without labour (整户无劳动力: 暂不标注风险消除, §5.1)."""
    return bool(workers(spell["household"], on))


def draw_town_eliminations(history: TownHistory, spells: list[dict]) -> None:
    """Durations from identification, then relapses, then the share eliminated by 2024."""
    rng = history.later_rng
    last = town.LAST_DATE
    for spell in spells:
        months = MINIMUM_MONTHS + int(rng.gamma(2.0, 4.5))
        end = add_months(spell["identified_date"], months) + random_days(0, 25, rng)
        if _can_be_eliminated(spell, end) and end <= last:
            spell["eliminated_date"] = end
    # Eliminated too early: within two to five months of identification.
    candidates = [
        s
        for s in spells
        if s["identified_date"] <= dt.date(2024, 6, 30)
        and _can_be_eliminated(s, s["identified_date"])
    ]
    for spell in history.later_sample(candidates, town.EARLY_ELIMINATIONS):
        months = int(rng.integers(2, MINIMUM_MONTHS))
        spell["eliminated_date"] = add_months(spell["identified_date"], months)
        spell["early"] = True
    # Relapses: eliminated by mid-2024, identified again 4 to 18 months later.
    relapsing = [
        s
        for s in spells
        if s["eliminated_date"] is not None and s["eliminated_date"] <= dt.date(2024, 6, 30)
    ]
    for first in history.later_sample(relapsing, town.RELAPSE_SPELLS):
        again = add_months(first["eliminated_date"], int(rng.integers(4, 19)))
        again = min(again, dt.date(2025, 11, 30))
        household = first["household"]
        second = _spell(history, household, first["object_type"], again, first["sudden"])
        months = MINIMUM_MONTHS + int(rng.gamma(2.0, 6.0))
        end = add_months(again, months)
        second["eliminated_date"] = end if end <= last else None
        second["relapse"] = True
        spells.append(second)
    _calibrate_share(history, spells)


def _calibrate_share(history: TownHistory, spells: list[dict]) -> None:
    """Move eliminations across 2024-12-31 until the share eliminated by then is the target."""
    rng = history.later_rng
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
        later = cut + random_days(30, 300, rng)
        spell["eliminated_date"] = later if _can_be_eliminated(spell, later) else None
    while len(eliminated_by_cut()) < target:
        waiting = [
            s
            for s in identified
            if (s["eliminated_date"] is None or s["eliminated_date"] > cut)
            and add_months(s["identified_date"], MINIMUM_MONTHS) <= cut
            and _can_be_eliminated(s, cut)
        ]
        if not waiting:
            break  # every object left is too recent, or a whole household without labour
        spell = min(waiting, key=lambda s: (s["identified_date"], s["household_id"]))
        earliest = add_months(spell["identified_date"], MINIMUM_MONTHS)
        span = max(1, (cut - earliest).days)
        spell["eliminated_date"] = earliest + random_days(0, span, rng)
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
                    first["eliminated_date"] and first["eliminated_date"] < spell["identified_date"]
                ), (first["household_id"], first["eliminated_date"], spell["identified_date"])


def draw_town_measures(history: TownHistory, spells: list[dict]) -> None:
    """Measures matching the risk, 产业/就业 where there is labour; some gaps on purpose."""
    rng = history.later_rng
    with_labour = []
    for spell in spells:
        household, identified = spell["household"], spell["identified_date"]
        chosen = list(RISK_MEASURES[spell["main_risk"]])
        if workers(household, identified):
            with_labour.append(spell)
            chosen.append(str(rng.choice(DEVELOPMENTAL)))
            if rng.random() < 0.3:
                chosen.append(str(rng.choice(["金融", "公益岗位", "就业", "产业"])))
        elif "综合保障" not in chosen:
            chosen.append("综合保障")
        spell["measures"] = "、".join(dict.fromkeys(chosen))
        spell["measures_date"] = identified + random_days(*MEASURES_AFTER_DAYS, rng)
    # Objects with labour and no developmental measure (a check the page shows).
    for spell in history.later_sample(with_labour, town.LABOUR_WITHOUT_DEVELOPMENT):
        kept = [m for m in spell["measures"].split("、") if m not in DEVELOPMENTAL]
        spell["measures"] = "、".join(kept or ["综合保障"])
    # 因病 with no 健康 measure: a risk with no matching measure (a check the page shows).
    ill = [s for s in spells if s["main_risk"] == "illness" and s["measures"]]
    for spell in history.later_sample(ill, 2):
        kept = [m for m in spell["measures"].split("、") if m != "健康"]
        spell["measures"] = "、".join(kept or ["产业"])
        spell["measure_mismatch"] = True
    # Objects never given a measure: the newest ones mostly, still not eliminated.
    open_spells = [s for s in spells if s["eliminated_date"] is None]
    for spell in history.later_sample(open_spells, town.OBJECTS_WITHOUT_MEASURE):
        spell["measures"] = None


def draw_town_object_incomes(history: TownHistory, spells: list[dict]) -> None:
    """Income against the line while at risk, after elimination, and when eliminated early."""
    rng = history.later_rng
    eliminated = [s for s in spells if s["eliminated_date"] is not None]
    low_at_elimination = {
        id(s)
        for s in history.later_sample(
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
                factor = (
                    rng.uniform(*SUDDEN_HARDSHIP_INCOME)
                    if spell["sudden"]
                    else rng.uniform(*AT_RISK_INCOME)
                )
            elif year == end and id(spell) in low_at_elimination:
                factor = rng.uniform(0.85, 0.98)  # eliminated while still under the line
            elif year >= end:
                factor = rng.uniform(1.1, 1.8)
            else:
                continue  # before an exited household's spell: its own drawn income
            household.later_income[year] = round(float(factor), 4)
        spell["low_income_at_elimination"] = id(spell) in low_at_elimination


# ------------------------------------------------------------- the county and province
def draw_scaled_spells(history: ScaledHistory, registered: int) -> None:
    """The objects of the first monitoring year, their risks, eliminations and measures."""
    rng = history.later_rng
    exited = np.arange(registered)[history.hh_removed[:registered] < 0]
    unstable_count = int(round(UNSTABLE_SHARE * registered))
    sudden_count = int(round(SUDDEN_EXITED_SHARE * registered))
    picks = rng.choice(exited, unstable_count + sudden_count, replace=False)
    ordinary = np.flatnonzero(history.hh_ordinary)
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
        history.hh_ordinary[household],
        history.hh_identified[household],
        days(FIRST_SWEEP_FROM) + rng.integers(0, FIRST_SWEEP_DAYS, count),
    )
    weights = np.array([RISK_WEIGHTS[risk] for risk in RISKS], dtype=float)
    risk = rng.choice(len(RISKS), count, p=weights / weights.sum())
    sudden_risk = np.array([RISKS.index(r) for r in SUDDEN_RISKS])[
        rng.choice(len(SUDDEN_RISKS), count, p=SUDDEN_RISK_WEIGHTS)
    ]
    risk = np.where(kind == 2, sudden_risk, risk)
    # Eliminations in the first year: the rule's six months, so only the early identified;
    # and some too early (two to five months).
    end = identified + 183 + rng.integers(0, 200, count)
    eliminated = np.where(end <= days(dt.date(FIRST_SWEEP_FROM.year, 12, 31)), end, -1)
    eliminated = np.where(rng.random(count) < 0.5, eliminated, -1)
    early = rng.random(count) < EARLY_SHARE
    eliminated = np.where(early, identified + rng.integers(60, 150, count), eliminated)
    # Relapses: some of the early ones are identified again before the year's end.
    again = early & (rng.random(count) < RELAPSE_SHARE)
    again_day = eliminated + 60 + rng.integers(0, 60, count)
    again &= again_day <= days(dt.date(FIRST_SWEEP_FROM.year, 12, 20))
    second = np.flatnonzero(again)
    household = np.concatenate([household, household[second]])
    kind = np.concatenate([kind, kind[second]])
    identified = np.concatenate([identified, again_day[second]])
    risk = np.concatenate([risk, risk[second]])
    eliminated = np.concatenate([eliminated, np.full(len(second), -1)])
    count = len(household)
    # Measures: the risk's own, plus 产业 or 就业 where someone can work; gaps on purpose.
    able = np.zeros(history.household_count, dtype=bool)
    working = (history.m_adult_labor <= 2) & (history.m_present_until < 0)
    able[history.m_household[working]] = True
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
    history.sp_household = household
    history.sp_kind = kind
    history.sp_identified = identified
    history.sp_risk = risk
    history.sp_eliminated = eliminated
    history.sp_measures = measures
    history.sp_measures_day = identified + rng.integers(*MEASURES_AFTER_DAYS, count)
    # Income of 2021 for objects: under the line at risk, above it for a sudden hardship.
    at_risk = rng.uniform(*AT_RISK_INCOME, count)
    above = rng.uniform(*SUDDEN_HARDSHIP_INCOME, count)
    history.hh_factor_2021[household] = np.where(kind == 2, above, at_risk)


def scaled_monitoring_at(history: ScaledHistory, on: dt.date) -> pa.Table:
    """The monitoring rows a snapshot on `on` holds."""
    today = days(on)
    rows = np.flatnonzero(history.sp_identified <= today)
    order = rows[np.lexsort((history.sp_household[rows], history.sp_identified[rows]))]
    eliminated = (history.sp_eliminated[order] >= 0) & (history.sp_eliminated[order] <= today)
    measures = [
        text if day <= today else None
        for text, day in zip(
            history.sp_measures[order], history.sp_measures_day[order], strict=True
        )
    ]
    risk_words = [RISK_WORDS[r] for r in RISKS]
    return pa.table(
        {
            "household_id": household_ids(history, history.sp_household[order]),
            "object_type": pick_strings(
                list(contract.MONITORING_OBJECT_TYPES), history.sp_kind[order]
            ),
            "identified_date": date_array(history.sp_identified[order]),
            "risk_types": pick_strings(risk_words, history.sp_risk[order]),
            "main_risk": pick_strings(RISKS, history.sp_risk[order]),
            "eliminated": pa.array(eliminated),
            "eliminated_date": pc.if_else(
                pa.array(eliminated),
                date_array(np.maximum(history.sp_eliminated[order], 0)),
                pa.scalar(None, pa.date32()),
            ),
            "measures": pa.array(measures, type=pa.string()),
        }
    )


def _hospital_bill(history: TownHistory, member, day: dt.date, bill: int, detail: str) -> None:
    """医保's record of what a stay in hospital left the member to pay (住院自付费用)."""
    record(history, member, "medical_insurance", "住院自付费用", day, amount=bill, detail=detail)
