"""Synthetic people for the demo town: names, ID numbers, and life courses that agree with each other."""

from __future__ import annotations

import datetime as dt

import numpy as np

from dashboard import contract, id_numbers

# A child's track decides the school stages it goes through after junior school; drawn with
# these weights in the town and the scaled demos alike (codes 0, 1, 2 in the scaled arrays).
TRACKS = ("academic", "vocational", "dropout")
TRACK_WEIGHTS = (0.45, 0.4, 0.15)
IN_SCHOOL = ("primary", "junior", "senior", "secondary_vocational", "higher_vocational", "college")
VOCATIONAL = ("secondary_vocational", "higher_vocational")
# School stage by age and track: (first age, last age, track or None for any, stage); the first
# row that fits wins, and a child no row fits is at no school ("none").
SCHOOL_STAGES_BY_AGE = (
    (3, 5, None, "preschool"),
    (6, 11, None, "primary"),
    (12, 14, None, "junior"),
    (15, 17, "academic", "senior"),
    (15, 17, "vocational", "secondary_vocational"),
    (18, 20, "vocational", "higher_vocational"),
    (18, 21, "academic", "college"),
)
NEWBORN_UNINSURED_DAYS = 180  # newborns are insured at the next annual enrolment, not at birth
WORKING_AGE = 16  # labour ability is "none" below it
OLD_AGE = 70  # and above it ("lost" for the seriously ill and the disabled)
ADULT_EDUCATION_AGE = 22  # from this age a person keeps the level they were given

# Common surnames of northern Anhui, roughly in order of frequency.
SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛段雷侯龙史陶顾毛郝龚邵万钱"
)
SURNAME_WEIGHTS = np.linspace(3.0, 0.4, len(SURNAMES))
SURNAME_WEIGHTS = SURNAME_WEIGHTS / SURNAME_WEIGHTS.sum()

# Given names change with the generation: older women are 桂英 and 秀兰, children are 子涵 and 浩然.
GIVEN_NAMES = {
    ("male", "old"): [
        "德才",
        "长福",
        "明山",
        "广富",
        "洪才",
        "家贵",
        "守成",
        "国清",
        "开友",
        "玉林",
        "永贵",
        "成礼",
        "志发",
        "传宝",
        "学文",
    ],
    ("female", "old"): [
        "桂英",
        "秀英",
        "玉兰",
        "秀兰",
        "桂兰",
        "凤英",
        "兰英",
        "翠英",
        "淑珍",
        "素珍",
        "秀珍",
        "玉珍",
        "月英",
        "桂芳",
        "玉梅",
    ],
    ("male", "middle"): [
        "建国",
        "建军",
        "国平",
        "卫东",
        "海军",
        "红军",
        "志强",
        "永刚",
        "立新",
        "春生",
        "光明",
        "德胜",
        "勇",
        "军",
        "伟",
    ],
    ("female", "middle"): [
        "红梅",
        "丽",
        "芳",
        "秀云",
        "春梅",
        "小红",
        "玉霞",
        "丽娟",
        "艳",
        "慧",
        "桂香",
        "兰芳",
        "金凤",
        "晓燕",
        "素梅",
    ],
    ("male", "young"): [
        "浩然",
        "子涵",
        "宇轩",
        "俊杰",
        "明轩",
        "浩宇",
        "子豪",
        "家豪",
        "文博",
        "志远",
        "天佑",
        "雨泽",
        "一鸣",
        "晨",
        "磊",
    ],
    ("female", "young"): [
        "欣怡",
        "梓涵",
        "雨萱",
        "诗涵",
        "可馨",
        "佳怡",
        "思琪",
        "梦瑶",
        "雨欣",
        "子琪",
        "婷婷",
        "静怡",
        "嘉怡",
        "悦",
        "晴",
    ],
}

AREA_PREFIX = "341182"  # 明光市


def id_check_digit(first_17: str) -> str:
    """The GB 11643 check character of an ID number's first 17 digits (python-stdnum's)."""
    return id_numbers.check_character(first_17)


def id_number_is_valid(number: str) -> bool:
    """True when `number` has 18 characters, a real birth date and the right check digit."""
    return id_numbers.is_valid(number)


class PeopleFactory:
    """Draws names and unique ID numbers from one seeded generator."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self._used_ids: set[str] = set()

    def surname(self) -> str:
        """A surname, as common as it is in northern Anhui."""
        return str(self.rng.choice(SURNAMES, p=SURNAME_WEIGHTS))

    def given_name(self, sex: str, birth_year: int) -> str:
        """A given name of the person's sex and generation."""
        generation = "old" if birth_year < 1960 else "middle" if birth_year < 1990 else "young"
        return str(self.rng.choice(GIVEN_NAMES[(sex, generation)]))

    def id_number(self, birth_date: dt.date, sex: str) -> str:
        """A unique 18-character ID number whose birth date and sex digit match the person."""
        while True:
            sequence = int(self.rng.integers(0, 500)) * 2 + (1 if sex == "male" else 0)
            first_17 = f"{AREA_PREFIX}{birth_date:%Y%m%d}{sequence:03d}"
            number = first_17 + id_check_digit(first_17)
            if number not in self._used_ids:
                self._used_ids.add(number)
                return number


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Whole years of age on a date."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def _stages_by_age_and_track() -> dict[tuple[int, str], str]:
    """`SCHOOL_STAGES_BY_AGE` as a lookup by (age, track): the first row that fits wins."""
    lookup: dict[tuple[int, str], str] = {}
    for low, high, stage_track, stage in SCHOOL_STAGES_BY_AGE:
        for age in range(low, high + 1):
            for track in TRACKS if stage_track is None else (stage_track,):
                lookup.setdefault((age, track), stage)
    return lookup


_STAGE_BY_AGE_AND_TRACK = _stages_by_age_and_track()  # the town asks for every member, often


def school_stage_on(birth_date: dt.date, track: str, on: dt.date) -> str:
    """School stage on a date from age and the child's track (`academic`, `vocational`, `dropout`)."""
    return _STAGE_BY_AGE_AND_TRACK.get((age_on(birth_date, on), track), "none")


def school_stage_codes(age: np.ndarray, track: np.ndarray) -> np.ndarray:
    """`school_stage_on` for arrays: ages and track codes in, `contract.SCHOOL_STAGES` codes out."""
    stages = list(contract.SCHOOL_STAGES)
    conditions = [
        (age >= low)
        & (age <= high)
        & (True if stage_track is None else track == TRACKS.index(stage_track))
        for low, high, stage_track, _ in SCHOOL_STAGES_BY_AGE
    ]
    choices = [stages.index(stage) for *_, stage in SCHOOL_STAGES_BY_AGE]
    return np.select(conditions, choices, stages.index("none"))


def education_on(birth_date: dt.date, track: str, adult_level: str, on: dt.date) -> str:
    """The highest education reached on a date; adults keep the level they were given."""
    age = age_on(birth_date, on)
    if age >= ADULT_EDUCATION_AGE:
        return adult_level
    if age < 7:
        return "illiterate"
    if age < 13:
        return "primary"
    if age < 16 or track == "dropout":
        return "junior"
    if track == "vocational":
        return "vocational"
    return "senior" if age < 19 else "college"


def education_codes(age: np.ndarray, track: np.ndarray, adult_level: np.ndarray) -> np.ndarray:
    """`education_on` for arrays: ages, track codes and the adults' `contract.EDUCATION_LEVELS`
    codes in, education codes out."""
    levels = list(contract.EDUCATION_LEVELS)
    dropout, vocational = TRACKS.index("dropout"), TRACKS.index("vocational")
    return np.select(
        [
            age >= ADULT_EDUCATION_AGE,
            age < 7,
            age < 13,
            (age < 16) | (track == dropout),
            track == vocational,
            age < 19,
        ],
        [
            adult_level,
            levels.index("illiterate"),
            levels.index("primary"),
            levels.index("junior"),
            levels.index("vocational"),
            levels.index("senior"),
        ],
        levels.index("college"),
    )


def labor_on(birth_date: dt.date, health: str, adult_labor: str, on: dt.date) -> str:
    """Labour ability on a date: none for children and the very old, as the national system asks."""
    age = age_on(birth_date, on)
    if age < WORKING_AGE:
        return "none"
    if age > OLD_AGE:
        return "lost" if health in ("serious_illness", "disabled") else "none"
    return adult_labor


def labor_codes(age: np.ndarray, health: np.ndarray, adult_labor: np.ndarray) -> np.ndarray:
    """`labor_on` for arrays: ages, `contract.HEALTH_STATES` codes and the adults'
    `contract.LABOR_ABILITIES` codes in, labour codes out."""
    abilities, states = list(contract.LABOR_ABILITIES), list(contract.HEALTH_STATES)
    none, lost = abilities.index("none"), abilities.index("lost")
    gravely_ill = health >= states.index("serious_illness")  # serious_illness or disabled
    return np.select(
        [age < WORKING_AGE, (age > OLD_AGE) & gravely_ill, age > OLD_AGE],
        [none, lost, none],
        adult_labor,
    )
