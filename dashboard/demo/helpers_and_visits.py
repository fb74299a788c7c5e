"""Helpers and visits: who is responsible for each household, and how often they come.

The town's 143 helpers of the city and the town (F12) take 3 to 5 households each (the report's
rule), its 76 village contacts (F13) one village each; the scaled demos draw the same kinds of
helpers per town. Both draw visits at each helper's own rate, some helpers almost never coming
(工作流于形式, as the report found), half as often once a household has exited, with more
condolence visits around the Spring Festival.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import contract
from dashboard.demo import town
from dashboard.demo.arrays import date_array, days, digits, pick_strings, text_of, year_month_day
from dashboard.demo.history import ScaledHistory, TownHistory
from dashboard.demo.households import household_ids
from dashboard.demo.members import GIVEN_NAMES_IN_ORDER
from dashboard.demo.people import SURNAME_WEIGHTS, SURNAMES

VISITS_FROM = dt.date(2015, 1, 1)  # helpers' visit records start with the 2015 system
EXITED_VISIT_FACTOR = 0.5  # 脱贫不脱帮扶, but less often
# The kinds of visit (contract.VISIT_KINDS: visit, policy, condolence, other), and in January
# and February, when the Spring Festival brings 春节慰问.
VISIT_KIND_WEIGHTS = (0.72, 0.15, 0.08, 0.05)
WINTER_VISIT_KIND_WEIGHTS = (0.5, 0.1, 0.35, 0.05)
WINTER_MONTHS = (1, 2)
# The scaled demos' helper units: the town's own, a county's bureaus (县) for the city's (市).
CITY_UNITS = [unit.replace("市", "县", 1) for unit in town.CITY_UNITS]
TOWN_UNITS = town.TOWN_UNITS


# ------------------------------------------------------------------------------- the town
def draw_town_helpers(history: TownHistory) -> None:
    """帮扶责任人 of the city and the town (F12), 3 to 5 households each, a 2017 reshuffle, and
    the villages' contacts (F13), one of them for each household."""
    rng = history.rng
    number = 0
    for level, count, units in (
        ("city", town.CITY_HELPERS, town.CITY_UNITS),
        ("town", town.TOWN_HELPERS, town.TOWN_UNITS),
    ):
        for _ in range(count):
            number += 1
            sex = "male" if rng.random() < 0.7 else "female"
            birth_year = int(rng.integers(1963, 1992))
            history.helpers.append(
                {
                    "helper_id": f"H{number:04d}",
                    "name": history.people.surname() + history.people.given_name(sex, birth_year),
                    "unit": str(rng.choice(units)),
                    "level": level,
                }
            )
    responsible = [helper["helper_id"] for helper in history.helpers]
    registered = sorted(
        (h for h in history.households if h.removed_date is None),
        key=lambda h: (h.village_code, h.household_id),
    )
    # 包村: helpers take households of one or two neighbouring villages, 3 to 5 each.
    low, high = town.HOUSEHOLDS_PER_HELPER
    loads = [low] * len(responsible)
    extra = len(registered) - low * len(responsible)
    while extra > 0:
        index = int(rng.integers(0, len(loads)))
        if loads[index] < high:
            loads[index] += 1
            extra -= 1
    position = 0
    for helper_id, load in zip(responsible, loads, strict=True):
        for household in registered[position : position + load]:
            household.helper_id = helper_id
        position += load
    # Households removed in 2016 were on the books of helpers with room for one more.
    with_room = [helper for helper, load in zip(responsible, loads, strict=True) if load < high]
    for household in history.households:
        if household.removed_date is not None:
            household.helper_id = str(rng.choice(with_room))

    # A 2017 reshuffle: pairs of households swap helpers, so each helper keeps 3 to 5.
    # Distinct households, so no household is in two swaps and every load stays the same.
    swapped = history.sample(registered, 24)
    for a, b in zip(swapped[0::2], swapped[1::2], strict=True):
        if a.helper_id != b.helper_id:
            change = dt.date(2017, 3, 1)
            a.helper_changes.append((change, b.helper_id))
            b.helper_changes.append((change, a.helper_id))

    contacts_per_village = allocate(
        town.VILLAGE_CONTACTS, [units[5] for units in town.UNITS], minimum=1
    )
    number = 0
    village_contacts: dict[str, list[str]] = {}
    for (code, name, *_), count in zip(town.UNITS, contacts_per_village, strict=True):
        for _ in range(count):
            number += 1
            sex = "male" if rng.random() < 0.6 else "female"
            helper_id = f"C{number:03d}"
            history.helpers.append(
                {
                    "helper_id": helper_id,
                    "name": history.people.surname()
                    + history.people.given_name(sex, int(rng.integers(1960, 1990))),
                    "unit": f"{name}村委会" if name.endswith("村") else name,
                    "level": "village",
                }
            )
            village_contacts.setdefault(code, []).append(helper_id)
    for household in history.households:
        household.village_contact_id = str(rng.choice(village_contacts[household.village_code]))


def draw_town_visits(history: TownHistory) -> None:
    """Visit records: most helpers come monthly or so, a minority almost never (the report)."""
    rng = history.rng
    rates = {}
    for helper in history.helpers:
        roll = rng.random()
        if helper["level"] == "village":
            rates[helper["helper_id"]] = float(rng.uniform(0.2, 0.5))
        elif roll < 0.1:
            rates[helper["helper_id"]] = float(rng.uniform(0.02, 0.06))  # 工作流于形式
        elif roll < 0.25:
            rates[helper["helper_id"]] = float(rng.uniform(0.15, 0.35))
        else:
            rates[helper["helper_id"]] = float(rng.uniform(0.6, 1.3))
    kinds = list(contract.VISIT_KINDS)
    number = 0
    for household in history.households:
        if household.removed_date is not None:
            continue  # archived with the household; no visit may outlive its household
        month = dt.date(max(household.identified_date.year, VISITS_FROM.year), 1, 1)
        month = max(month, household.identified_date.replace(day=1))
        while month <= town.FINAL_DATE:
            days_in_month = (month.replace(day=28) + dt.timedelta(4)).replace(day=1) - month
            for helper_id in (household.helper_on(month), household.village_contact_id):
                rate = rates[helper_id]
                if household.status_on(month) == "exited":
                    rate *= EXITED_VISIT_FACTOR
                for _ in range(int(rng.poisson(rate))):
                    day = month + dt.timedelta(int(rng.integers(0, days_in_month.days)))
                    if day < household.identified_date or day > town.FINAL_DATE:
                        continue
                    kind_weights = VISIT_KIND_WEIGHTS
                    if month.month in WINTER_MONTHS:
                        kind_weights = WINTER_VISIT_KIND_WEIGHTS
                    number += 1
                    history.visits.append(
                        {
                            "visit_id": f"VS{number:06d}",
                            "helper_id": helper_id,
                            "household_id": household.household_id,
                            "visit_date": day,
                            "kind": str(rng.choice(kinds, p=kind_weights)),
                        }
                    )
            month = (month + dt.timedelta(32)).replace(day=1)


def allocate(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` into whole parts proportional to `weights` (largest remainder), each >= minimum."""
    base = [minimum] * len(weights)
    left = total - minimum * len(weights)
    shares = [left * w / sum(weights) for w in weights]
    parts = [int(share) for share in shares]
    order = sorted(range(len(weights)), key=lambda i: shares[i] - parts[i], reverse=True)
    for i in order[: left - sum(parts)]:
        parts[i] += 1
    return [b + p for b, p in zip(base, parts, strict=True)]


# ------------------------------------------------------------- the county and province
def draw_scaled_helpers(history: ScaledHistory) -> None:
    """帮扶责任人 3 to 5 households each, within one village; 村级联系人 per village."""
    rng = history.rng
    registered = np.flatnonzero(history.hh_removed < 0)  # households are in village order
    count = len(registered)
    loads = rng.integers(3, 6, count // 3 + 2)
    helper_of = np.repeat(np.arange(len(loads)), loads)[:count]
    history.helper_count = int(helper_of.max()) + 1
    history.hh_helper = np.full(history.household_count, -1)
    history.hh_helper[registered] = helper_of
    removed = np.flatnonzero(history.hh_removed >= 0)
    # removed households had been on the books of a helper of their own village
    history.hh_helper[removed] = history.hh_helper[np.maximum(removed - 1, 0)]
    history.hh_helper[removed[history.hh_helper[removed] < 0]] = 0
    first_household = np.full(history.helper_count, -1)
    first_household[helper_of[::-1]] = registered[::-1]
    history.helper_town = history.hh_town[first_household]
    history.helper_city = rng.random(history.helper_count) < 0.43
    roll = rng.random(history.helper_count)
    rate = np.where(
        roll < 0.1,
        rng.uniform(0.02, 0.06, history.helper_count),  # 工作流于形式
        np.where(
            roll < 0.25,
            rng.uniform(0.15, 0.35, history.helper_count),
            rng.uniform(0.45, 1.0, history.helper_count),
        ),
    )
    history.helper_rate = rate * history.town_visit_factor[history.helper_town]
    # village contacts: one per 8 households or so, at least one per village
    village_households = np.bincount(history.hh_village, minlength=len(history.village_codes))
    contacts = np.maximum(1, village_households // 8)
    history.contact_village = np.repeat(np.arange(len(contacts)), contacts)
    history.contact_first = np.cumsum(contacts) - contacts
    history.hh_contact = history.contact_first[history.hh_village] + (
        rng.integers(0, 1_000_000, history.household_count) % contacts[history.hh_village]
    )
    history.contact_rate = rng.uniform(0.1, 0.3, len(history.contact_village))


def scaled_helpers_table(history: ScaledHistory) -> pa.Table:
    """The helpers table (every snapshot holds the same): names and units drawn here, from a
    generator of their own, so they never move the register's draws."""
    rng = np.random.default_rng(history.scale.seed + 1)
    helpers, contacts = history.helper_count, len(history.contact_village)
    total = helpers + contacts
    level = np.r_[np.where(history.helper_city, 0, 1), np.full(contacts, 2)]
    birth_year = rng.integers(1960, 1992, total)
    male = rng.random(total) < 0.65
    generation = np.where(birth_year < 1960, 0, 1)
    given = (np.where(male, 0, 3) + generation) * 15 + rng.integers(0, 15, total)
    units = CITY_UNITS + TOWN_UNITS
    unit_index = np.where(
        history.helper_city,
        rng.integers(0, len(CITY_UNITS), helpers),
        len(CITY_UNITS) + rng.integers(0, len(TOWN_UNITS), helpers),
    )
    helper_unit = pc.binary_join_element_wise(
        pc.if_else(
            pa.array(history.helper_city),
            pick_strings(
                [history.names[code] for code in history.town_county], history.helper_town
            ),
            pick_strings(history.town_names, history.helper_town),
        ),
        pick_strings(units, unit_index),
        "",
    )
    contact_unit = pc.binary_join_element_wise(
        pick_strings(history.village_names, history.contact_village), pa.scalar("村委会"), ""
    )
    return pa.table(
        {
            "helper_id": pa.concat_arrays([helper_ids(history), contact_ids(history)]),
            "name": pc.binary_join_element_wise(
                pick_strings(SURNAMES, rng.choice(len(SURNAMES), total, p=SURNAME_WEIGHTS)),
                pick_strings(GIVEN_NAMES_IN_ORDER, given),
                "",
            ),
            "unit": pa.concat_arrays([helper_unit, contact_unit]),
            "level": pick_strings(list(contract.HELPER_LEVELS), level),
        }
    )


def helper_ids(history: ScaledHistory, index: np.ndarray | None = None) -> pa.Array:
    """H and seven digits, of helpers `index` (all when None)."""
    index = np.arange(history.helper_count) if index is None else index
    return text_of(b"H", digits(index + 1, 7))


def contact_ids(history: ScaledHistory, index: np.ndarray | None = None) -> pa.Array:
    """C and seven digits, of village contacts `index` (all when None)."""
    index = np.arange(len(history.contact_village)) if index is None else index
    return text_of(b"C", digits(index + 1, 7))


def draw_scaled_visits(history: ScaledHistory) -> None:
    """Visits at each helper's rate, half as often once a household has exited."""
    rng = history.rng
    active = history.hh_removed < 0
    start = np.maximum(history.hh_identified, days(VISITS_FROM))
    final = days(town.FINAL_DATE)
    exit_day = np.where(
        history.hh_exit_year > 0,
        np.array([days(dt.date(y, 12, 31)) if y > 0 else 0 for y in range(2013, 2019)])[
            np.clip(history.hh_exit_year - 2013, 0, 5)
        ],
        final,
    )
    exit_day = np.where(history.hh_relapse > 0, final, np.clip(exit_day, start, final))
    poor_months = (exit_day - start) / 30.4
    exited_months = (final - exit_day) / 30.4
    chunks = []
    for who, rate in (
        (0, history.helper_rate[history.hh_helper]),
        (1, history.contact_rate[history.hh_contact]),
    ):
        for low, length, factor in (
            (start, poor_months, 1.0),
            (exit_day, exited_months, EXITED_VISIT_FACTOR),
        ):
            counts = rng.poisson(np.where(active, rate * length * factor, 0.0))
            household = np.repeat(np.arange(history.household_count), counts)
            span = np.repeat(np.maximum(length * 30.4, 1).astype(np.int64), counts)
            day = np.repeat(low, counts) + (rng.random(len(household)) * span).astype(np.int64)
            chunks.append((household, np.full(len(household), who), np.minimum(day, final)))
    household = np.concatenate([c[0] for c in chunks])
    contact = np.concatenate([c[1] for c in chunks]).astype(bool)
    day = np.concatenate([c[2] for c in chunks])
    order = np.lexsort((household, day))
    history.v_household, history.v_contact, history.v_day = (
        household[order],
        contact[order],
        day[order],
    )
    month = year_month_day(history.v_day)[1]
    winter = np.isin(month, WINTER_MONTHS)
    history.v_kind = np.where(
        winter,
        rng.choice(len(contract.VISIT_KINDS), len(order), p=WINTER_VISIT_KIND_WEIGHTS),
        rng.choice(len(contract.VISIT_KINDS), len(order), p=VISIT_KIND_WEIGHTS),
    )


def scaled_visits_table(history: ScaledHistory) -> pa.Table:
    """Every visit of the history (a snapshot takes those dated on or before it)."""
    helper = pc.if_else(
        pa.array(history.v_contact),
        contact_ids(history, history.hh_contact[history.v_household]),
        helper_ids(history, history.hh_helper[history.v_household]),
    )
    return pa.table(
        {
            "visit_id": text_of(b"VS", digits(np.arange(1, len(history.v_day) + 1), 9)),
            "helper_id": helper,
            "household_id": household_ids(history, history.v_household),
            "visit_date": date_array(history.v_day),
            "kind": pick_strings(list(contract.VISIT_KINDS), history.v_kind),
        }
    )


# ------------------------------------------------------------ the town after the report
def draw_town_later_visits(history: TownHistory, spells: list[dict]) -> None:
    """Helpers keep visiting: less often after the exits, monthly while a risk is open."""
    rng = history.later_rng
    number = len(history.visits)
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
    kinds = list(contract.VISIT_KINDS)
    for household in history.households:
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
                history.visits.append(
                    {
                        "visit_id": f"VS{number:06d}",
                        "helper_id": household.helper_on(day),
                        "household_id": household.household_id,
                        "visit_date": day,
                        "kind": kinds[int(rng.choice(4, p=[0.75, 0.12, 0.08, 0.05]))],
                    }
                )
