"""The overview's results the way a pandas script computes them, for `tuopin bench`'s third way.

It reads the snapshot's Parquet files and groups them in pandas, without DuckDB. The rules it
applies are not typed again here: which statuses are 未脱贫, registered or exited, which children
are out of school, how many days a visit stays recent are read from the definitions' SQL
(`queries/definitions/`, through `dashboard.definitions`), as every query reads them, so the
pandas way and ours can differ in how they compute, never in what they count.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from dashboard import contract
from dashboard.data import snapshot_files
from dashboard.definitions import codes_where, constant, holds, not_exited_statuses
from dashboard.reference import poverty_line_for


@dataclass(frozen=True)
class Rules:
    """The definitions the overview's results rest on, as the values pandas needs."""

    registered: tuple[str, ...]  # is_registered: the statuses on the register
    exited: tuple[str, ...]  # is_exited
    not_exited: tuple[str, ...]  # is_not_exited (未脱贫: the relapsed count again)
    relapsed: tuple[str, ...]  # is_relapsed
    removed: tuple[str, ...]  # is_removed
    school_ages: tuple[int, int]  # compulsory_school_age_min / _max
    out_of_school: frozenset[tuple[str, str]]  # (school_stage, education) of a child out of school
    recent_days: int  # visit_recent_days: a visit older than this is not recent


@cache
def rules() -> Rules:
    """The rules, read from the definitions' macros (each a DuckDB call, made once)."""
    statuses = contract.HOUSEHOLD_STATUSES
    youngest = int(constant("compulsory_school_age_min"))
    return Rules(
        registered=codes_where("is_registered", statuses),
        exited=codes_where("is_exited", statuses),
        not_exited=not_exited_statuses(),
        relapsed=codes_where("is_relapsed", statuses),
        removed=codes_where("is_removed", statuses),
        school_ages=(youngest, int(constant("compulsory_school_age_max"))),
        # Every stage and level the contract knows, asked of the rule at a school age.
        out_of_school=frozenset(
            (stage, education)
            for stage in contract.SCHOOL_STAGES
            for education in contract.EDUCATION_LEVELS
            if holds("is_child_out_of_school", youngest, stage, education)
        ),
        recent_days=int(constant("visit_recent_days")),
    )


class PandasOverview:
    """The overview's results the way a pandas script computes them: read the files, group."""

    RESULTS = ("household_totals", "exit_target_progress", "exits_by_year", "village_attention")

    def __init__(self, info) -> None:
        self.info = info
        self.on = pd.Timestamp(info.snapshot_date)
        self.rules = rules()

    def read(self, table: str, columns: list[str]) -> pd.DataFrame:
        files = snapshot_files(self.info, table)
        return pd.concat(
            [pd.read_parquet(file, columns=columns) for file in files], ignore_index=True
        )

    def run(self, name: str) -> pd.DataFrame:
        return getattr(self, name)()

    def _people(self) -> pd.Series:
        members = self.read("members", ["household_id"])
        return members.groupby("household_id").size()

    def household_totals(self) -> pd.DataFrame:
        households = self.read("households", ["household_id", "status"])
        people = households["household_id"].map(self._people()).fillna(0)
        population = self.read("villages", ["population"])["population"].sum()
        status = households["status"]
        registered = status.isin(self.rules.registered)
        exited = status.isin(self.rules.exited)
        poor = status.isin(self.rules.not_exited)
        return pd.DataFrame(
            {
                "registered_households": [int(registered.sum())],
                "registered_people": [int(people[registered].sum())],
                "exited_households": [int(exited.sum())],
                "exited_people": [int(people[exited].sum())],
                "not_exited_households": [int(poor.sum())],
                "not_exited_people": [int(people[poor].sum())],
                "relapsed_households": [int(status.isin(self.rules.relapsed).sum())],
                "removed_households": [int(status.isin(self.rules.removed).sum())],
                "rural_population": [int(population)],
                "incidence": [people[poor].sum() / population if population else None],
            }
        )

    def exits_by_year(self) -> pd.DataFrame:
        households = self.read("households", ["household_id", "status", "exit_year"])
        exited = households[households["status"].isin(self.rules.exited)].copy()
        exited["people"] = exited["household_id"].map(self._people()).fillna(0)
        grouped = exited.groupby("exit_year").agg(
            households=("household_id", "size"), people=("people", "sum")
        )
        return grouped.reset_index().sort_values("exit_year").reset_index(drop=True)

    def _member_flags(self) -> pd.DataFrame:
        members = self.read(
            "members",
            ["household_id", "birth_date", "school_stage", "education", "medical_insurance"],
        )
        birth = pd.to_datetime(members["birth_date"])
        age = (
            self.on.year
            - birth.dt.year
            - ((birth.dt.month * 100 + birth.dt.day) > (self.on.month * 100 + self.on.day))
        )
        youngest, oldest = self.rules.school_ages
        stage_and_education = pd.Series(
            list(zip(members["school_stage"], members["education"], strict=True)),
            index=members.index,
        )
        members["out_of_school"] = age.between(youngest, oldest) & stage_and_education.isin(
            self.rules.out_of_school
        )
        members["uninsured"] = ~members["medical_insurance"].astype(bool)
        return members.groupby("household_id").agg(
            people=("household_id", "size"),
            uninsured=("uninsured", "sum"),
            children_out_of_school=("out_of_school", "sum"),
        )

    def exit_target_progress(self) -> pd.DataFrame:
        year = self.on.year
        line = poverty_line_for(year)[1]
        targets = self.read(
            "targets", ["year", "village_code", "town_code", "households", "people"]
        )
        # The area's own row, else the sum of the highest level's rows (a county: its towns').
        target = targets[targets["year"] == year]
        code = target["village_code"].fillna(target["town_code"]).fillna("")
        target = target[code.str.len() == code.str.len().min()].sum(numeric_only=True)
        households = self.read(
            "households",
            [
                "household_id",
                "status",
                "exit_year",
                "planned_exit_year",
                "income_per_capita",
                "housing_safe",
                "drinking_water_safe",
            ],
        )
        flags = self._member_flags()
        joined = households.join(flags, on="household_id")
        joined[["people", "uninsured", "children_out_of_school"]] = joined[
            ["people", "uninsured", "children_out_of_school"]
        ].fillna(0)
        joined["income_below_line"] = joined["income_per_capita"].astype(float) <= line
        joined["housing_unsafe"] = ~joined["housing_safe"]
        joined["water_unsafe"] = ~joined["drinking_water_safe"]
        joined["someone_uninsured"] = joined["uninsured"] > 0
        joined["child_out_of_school"] = joined["children_out_of_school"] > 0
        reasons = [
            "income_below_line",
            "housing_unsafe",
            "water_unsafe",
            "someone_uninsured",
            "child_out_of_school",
        ]
        planned = joined[
            joined["status"].isin(self.rules.not_exited) & (joined["planned_exit_year"] == year)
        ]
        meets = ~planned[reasons].any(axis=1)
        exited = joined[joined["status"].isin(self.rules.exited) & (joined["exit_year"] == year)]
        row = {
            "year": year,
            "target_households": int(target["households"]) if len(code) else None,
            "target_people": int(target["people"]) if len(code) else None,
            "exited_households": len(exited),
            "exited_people": int(exited["people"].sum()),
            "planned_households": len(planned),
            "planned_people": int(planned["people"].sum()),
            "ready_households": int(meets.sum()),
            "ready_people": int(planned.loc[meets, "people"].sum()),
            "not_ready_households": int((~meets).sum()),
        }
        row |= {reason: int(planned[reason].sum()) for reason in reasons}
        return pd.DataFrame([row])

    def village_attention(self) -> pd.DataFrame:
        villages = self.read("villages", ["village_code", "village_name", "kind", "population"])
        households = self.read(
            "households",
            [
                "household_id",
                "village_code",
                "status",
                "helper_id",
                "housing_safe",
                "drinking_water_safe",
            ],
        )
        households = households[households["status"].isin(self.rules.registered)]
        flags = self._member_flags()
        visits = self.read("visits", ["household_id", "helper_id", "visit_date"])
        own = visits.merge(
            households[["household_id", "helper_id"]], on=["household_id", "helper_id"]
        )
        last_visit = own.groupby("household_id")["visit_date"].max()
        joined = households.join(flags, on="household_id")
        joined["people"] = joined["people"].fillna(0)
        joined["poor"] = joined["status"].isin(self.rules.not_exited)
        joined["unmet"] = (
            ~joined["housing_safe"]
            | ~joined["drinking_water_safe"]
            | (joined["uninsured"].fillna(0) > 0)
            | (joined["children_out_of_school"].fillna(0) > 0)
        )
        last = pd.to_datetime(joined["household_id"].map(last_visit))
        stale_before = self.on - pd.Timedelta(days=self.rules.recent_days)
        joined["unvisited"] = joined["poor"] & (last.isna() | (last < stale_before))
        joined["poor_people"] = joined["people"].where(joined["poor"], 0)
        per_village = joined.groupby("village_code").agg(
            not_exited_households=("poor", "sum"),
            not_exited_people=("poor_people", "sum"),
            unmet_households=("unmet", "sum"),
            unvisited_households=("unvisited", "sum"),
        )
        result = villages.join(per_village, on="village_code").fillna(
            {
                "not_exited_households": 0,
                "not_exited_people": 0,
                "unmet_households": 0,
                "unvisited_households": 0,
            }
        )
        result["incidence"] = result["not_exited_people"] / result["population"].replace(0, np.nan)
        return result.sort_values("village_code").reset_index(drop=True)
