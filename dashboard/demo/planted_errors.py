"""The town's planted errors: a few deliberate data errors for the /quality page to find.

Each is listed in docs/demo-errors.md. The county and province demos plant none.
"""

from __future__ import annotations

import datetime as dt

from dashboard.demo import town
from dashboard.demo.history import TownHistory
from dashboard.demo.people import age_on, school_stage_on


def plant_errors(history: TownHistory) -> None:
    """A few deliberate data errors for the /quality page to find (docs/demo-errors.md).

    Each is an override of one row's values from a snapshot date on, applied by
    `apply_planted_errors` at the end of `tables_at`, or one extra payment row. None
    touches what the report's 33 figures count, nor anything the data contract forbids
    (ID numbers stay valid and agree with the person's sex and birth date).
    """
    final = town.FINAL_DATE
    autumn = town.SNAPSHOT_DATES[-2]  # 2017-12-31: some errors are older, for the trend
    history.planted_overrides = []
    used: set[str] = set()

    def plant(table: str, key: str, value: str, changes: dict, since: dt.date) -> None:
        history.planted_overrides.append((table, key, value, changes, since))

    villages = [code for code, *_ in town.UNITS]

    def pick(households, wanted):
        # Each planted error in the next village in turn, so the page's villages differ.
        village = villages[len(used) % len(villages)]
        order = sorted(households, key=lambda h: (h.village_code != village, h.household_id))
        for household in order:
            if household.household_id in used:
                continue
            member = wanted(household)
            if member is not False and member is not None:
                used.add(household.household_id)
                return household, member
        raise AssertionError("no household fits a planted error")

    registered = [h for h in history.active() if h.registered_on(final)]
    exited = [h for h in registered if h.status_on(final) == "exited"]

    def present(household):
        return [m for m in household.members if m.present_on(final)]

    def aged(low, high, stage=None):
        def wanted(household):
            for member in present(household):
                age = age_on(member.birth_date, final)
                if low <= age <= high and (
                    stage is None
                    or school_stage_on(member.birth_date, member.track, final) == stage
                ):
                    return member
            return None

        return wanted

    # C04: an exited household's child of 9 to 12, in primary school, recorded out of school.
    _, child = pick(exited, aged(9, 12, "primary"))
    plant("members", "person_id", child.person_id, {"school_stage": "none"}, final)
    # C21: a migrant worker whose months were lost: a place, 0 months (since 2017-12-31).
    _, worker = pick(
        [h for h in registered if h.identified_date.year == 2014],
        lambda h: next((m for m in present(h) if m.migrant_work != "none"), None),
    )
    plant("members", "person_id", worker.person_id, {"migrant_months": 0}, autumn)

    # C15: 因学 recorded for a household with no one in school.
    def no_student(household):
        stages = [school_stage_on(m.birth_date, m.track, final) for m in present(household)]
        return household.main_cause == "lack_capital" and all(
            stage in ("none", "preschool") for stage in stages
        )

    household, _ = pick(registered, no_student)
    plant("households", "household_id", household.household_id, {"main_cause": "education"}, final)

    # C13: 因病 recorded for a household whose members are all healthy.
    def all_healthy(household):
        return household.main_cause == "lack_skills" and all(
            m.health == "healthy" for m in present(household)
        )

    household, _ = pick(registered, all_healthy)
    plant("households", "household_id", household.household_id, {"main_cause": "illness"}, final)

    # C28: a wife recorded as a man (with an ID number of a man, so the number stays valid).
    def wife(household):
        heads = [m for m in present(household) if m.relation == "head" and m.sex == "male"]
        wives = [m for m in present(household) if m.relation == "spouse"]
        return wives[0] if heads and wives and wives[0].sex == "female" else None

    _, spouse = pick(registered, wife)
    changes = {"sex": "male", "id_number": history.people.id_number(spouse.birth_date, "male")}
    plant("members", "person_id", spouse.person_id, changes, final)
    # C17: a 14- or 15-year-old recorded as ordinary labour.
    _, teenager = pick(registered, aged(14, 15))
    plant("members", "person_id", teenager.person_id, {"labor": "normal"}, final)
    # C29: a 12- or 13-year-old in junior school recorded in senior school (since 2017-12-31).
    _, pupil = pick([h for h in registered if h.identified_date < autumn], aged(13, 13, "junior"))
    plant("members", "person_id", pupil.person_id, {"school_stage": "senior"}, autumn)
    # C37: a 健康扶贫 payment entered twice, under a new payment id (no figure counts it).
    original = min(
        (
            p
            for p in history.payments
            if p["program"] == "health_aid" and dt.date(2017, 1, 1) <= p["paid_date"] <= autumn
        ),
        key=lambda p: p["payment_id"],
    )
    history.payments.append(dict(original, payment_id="P900001"))


def apply_planted_errors(
    history: TownHistory, rows: dict[str, list], on: dt.date
) -> dict[str, list]:
    """`rows` with the planted overrides of `plant_errors` dated on or before `on`."""
    for table, key, value, changes, since in history.planted_overrides:
        if on < since:
            continue
        rows[table] = [dict(row, **changes) if row[key] == value else row for row in rows[table]]
    return rows
