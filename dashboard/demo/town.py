"""The demo town's fixed facts: its units, the report's calibration targets, local items and units.

Everything the township's 2018 report says is a constant here, with the report's figure id
(`shared/reference/seed-figures.md`) beside it; the generator draws everything else.
"""

from __future__ import annotations

import datetime as dt

SEED = 20180511  # the report's date: any fixed seed would do
TOWN_CODE = "341182108"
TOWN_NAME = "女山湖镇"
COUNTY_CODE = "341182"
COUNTY_NAME = "明光市"
# The levels above the county (data contract v1.1), as in data/reference/divisions.csv.
PREFECTURE_CODE = "3411"
PREFECTURE_NAME = "滁州市"
PROVINCE_CODE = "34"
PROVINCE_NAME = "安徽省"

SNAPSHOT_DATES = tuple(
    dt.date.fromisoformat(text)
    for text in (
        "2014-12-31",
        "2015-06-30",
        "2015-12-31",
        "2016-06-30",
        "2016-12-31",
        "2017-06-30",
        "2017-12-31",
        "2018-06-30",
    )
)
FINAL_DATE = SNAPSHOT_DATES[-1]  # the report's date: the 33 figures hold on this snapshot
REPORT_DATE = FINAL_DATE

# After the report (issue 27): half-yearly to the end of the campaign, by which every household
# has exited, then one snapshot a year-end in the 2021–2025 transition period (过渡期), when the
# work is the monitoring of households at risk (防止返贫动态监测和帮扶). Year-end snapshots only
# after 2020, so a snapshot's income year is its own year and its monitoring line applies.
LATER_SNAPSHOT_DATES = tuple(
    dt.date.fromisoformat(text)
    for text in (
        "2018-12-31",
        "2019-06-30",
        "2019-12-31",
        "2020-06-30",
        "2020-12-31",
        "2021-12-31",
        "2022-12-31",
        "2023-12-31",
        "2024-12-31",
        "2025-12-31",
    )
)
ALL_SNAPSHOT_DATES = SNAPSHOT_DATES + LATER_SNAPSHOT_DATES
LAST_DATE = ALL_SNAPSHOT_DATES[-1]
CAMPAIGN_END = dt.date(2020, 12, 31)  # every household has exited by this date
MONITORING_START = dt.date(
    2021, 1, 1
)  # no monitoring row is identified before (中农组发〔2021〕7号)

# The monitoring line (监测范围, yuan per person per year) the demo town uses, by income year.
# 2021 is the national floor, 1.5 x the campaign line (jingbian.gov.cn, confirmed). No Anhui figure
# for 2022–2025 was found (shared/reference/monitoring-rules.md §2): these are the demo's own
# assumption, a yearly rise of the kind the provinces that publish report (Hebei 7,300 in 2022,
# a 2023 data-check tool's 7,300, 7,500 in a 2024 notice, Yunnan 8,700 and Gansu 8,600 in 2025).
MONITORING_LINE = {2021: 6000, 2022: 6600, 2023: 7100, 2024: 7500, 2025: 8000}
MONITORING_LINE_SOURCE = (
    "2021: national floor 6,000 (中农组发〔2021〕7号); 2022–2025: demo assumption, "
    "no published Anhui figure found"
)

# Calibration of the monitoring work to the public figures (monitoring-rules.md §6.1):
# "超六成" (over 60 %) of objects eliminated at 2024-09, 63.5 % in 2023.
ELIMINATED_SHARE_2024 = 0.61  # of every spell identified by 2024-12-31, eliminated by then
# How many households become objects over 2021–2025, by kind (a town of ~650 exited households
# and ~12,000 ordinary ones; objects about 7 % of the exited, as the national ~7 million of
# ~98 million exited people, plus ordinary households).
MONITORING_OBJECTS = {
    "unstable_exited": 44,
    "edge": 30,
    "sudden_hardship_exited": 6,
    "sudden_hardship_ordinary": 8,
}
RELAPSE_SPELLS = 6  # eliminated, then identified again later (a second row)
EARLY_ELIMINATIONS = 7  # eliminated within six months of identification (the rule says >= 6)
LOW_INCOME_ELIMINATIONS = 5  # eliminated while income is still under the line
OBJECTS_WITHOUT_MEASURE = 5  # never given a measure
LABOUR_WITHOUT_DEVELOPMENT = 8  # objects with labour and only non-developmental measures


# (code, name, kind, groups, population, poor households on 2018-06-30)
# groups add up to 133 (F11), population to 43,000 (F33), households to 650 (F01).
UNITS = (
    ("341182108200", "荷花村", "water_village", 8, 3200, 70),
    ("341182108201", "冯郢村", "village", 18, 5400, 75),
    ("341182108202", "对龙村", "village", 15, 4600, 60),
    ("341182108203", "安淮村", "water_village", 10, 3100, 62),
    ("341182108204", "旧县村", "village", 20, 6200, 85),
    ("341182108205", "山东村", "village", 17, 5300, 78),
    ("341182108206", "山南村", "village", 14, 4100, 95),
    ("341182108207", "光明村", "village", 15, 4800, 55),
    ("341182108208", "赤塘村", "village", 13, 4300, 48),
    ("341182108400", "女山湖航运公司", "shipping_company", 2, 1000, 12),
    ("341182108401", "女山湖渔场", "fishery", 1, 1000, 10),
)
POOR_VILLAGE_CODE = "341182108206"  # 山南村, exited 2016 (F14)
POOR_VILLAGE_EXIT_YEAR = 2016
WATER_KINDS = ("water_village", "shipping_company", "fishery")

# Households and people by exit year on 2018-06-30 (F05-F08); None is 未脱贫 (F03/F04).
EXIT_GROUPS = {
    2014: (167, 181),
    2015: (114, 227),
    2016: (65, 167),
    2017: (99, 271),
    None: (205, 526),
}
RELAPSED_HOUSEHOLDS = 4  # 返贫: counted among the 205
REMOVED_HOUSEHOLDS = 6  # 清退 at the 2016 精准识别回头看; gone from the register after
TARGET_2018_PEOPLE = 300  # F09
# Earlier years' town targets (the plan the county handed down; the town beat each).
PAST_TARGETS = {2014: (160, 175), 2015: (110, 220), 2016: (60, 160), 2017: (95, 260)}

CITY_HELPERS = 62
TOWN_HELPERS = 81  # 62 + 81 = 143 (F12)
VILLAGE_CONTACTS = 76  # F13
HOUSEHOLDS_PER_HELPER = (3, 5)  # the report's rule: each helper 3-5 households

CITY_UNITS = [
    "市国土局",
    "市教育局",
    "市财政局",
    "市农委",
    "市水利局",
    "市卫计委",
    "市人社局",
    "市民政局",
    "市交通局",
    "市住建局",
    "市林业局",
    "市审计局",
    "市统计局",
    "市扶贫办",
    "市委组织部",
    "市供电公司",
]
TOWN_UNITS = [
    "镇政府",
    "镇党委",
    "镇财政所",
    "镇农技站",
    "镇卫生院",
    "镇中心学校",
    "镇派出所",
    "镇水利站",
    "镇民政办",
    "镇司法所",
]

# National poverty line by year lives in data/reference/poverty_line.csv; the generator reads it.

# Industry: (item, program, yuan low, yuan high) per project, as a town's declarations run.
INDUSTRY_ITEMS = {
    "花生": ("industry_planting", 300, 1600),
    "水稻": ("industry_planting", 300, 1500),
    "小麦": ("industry_planting", 300, 1200),
    "蔬菜": ("industry_planting", 500, 2500),
    "西瓜": ("industry_planting", 500, 2200),
    "芡实": ("industry_planting", 600, 2500),
    "养鸡": ("industry_breeding", 500, 2400),
    "养鸭": ("industry_breeding", 500, 2400),
    "养鹅": ("industry_breeding", 500, 2400),
    "养猪": ("industry_breeding", 1200, 3600),
    "养羊": ("industry_breeding", 1200, 3600),
    "养牛": ("industry_breeding", 2000, 5000),
    "水产养殖": ("industry_breeding", 1000, 4000),
    "螃蟹": ("industry_breeding", 1000, 4000),
    "小龙虾": ("industry_breeding", 1000, 4000),
}
# Which items each kind of place leans to: peanut-and-chicken villages, the lake's aquatic ones.
PEANUT_CHICKEN = {"花生": 8, "养鸡": 8, "水稻": 1, "小麦": 1, "养鸭": 1, "养猪": 1}
ITEM_PREFERENCES = {
    "341182108200": {"小龙虾": 5, "螃蟹": 4, "水产养殖": 4, "芡实": 4, "养鸭": 3, "花生": 1},
    "341182108201": PEANUT_CHICKEN,
    "341182108202": PEANUT_CHICKEN,
    "341182108203": {"水产养殖": 5, "养鸭": 4, "小龙虾": 3, "芡实": 3, "花生": 2, "养鸡": 2},
    "341182108204": {"水稻": 3, "小麦": 3, "花生": 3, "养猪": 3, "养羊": 2, "养牛": 1, "养鸡": 2},
    "341182108205": PEANUT_CHICKEN,
    "341182108206": {"蔬菜": 5, "西瓜": 3, "养鸡": 3, "养猪": 2, "花生": 2, "养鹅": 1},
    "341182108207": {"花生": 3, "水稻": 2, "养鸡": 3, "养羊": 2, "养牛": 2, "西瓜": 1},
    "341182108208": PEANUT_CHICKEN,
    "341182108400": {"养鸭": 3, "水产养殖": 3, "养鹅": 1, "蔬菜": 1},
    "341182108401": {"水产养殖": 4, "螃蟹": 3, "小龙虾": 3, "芡实": 2},
}
# The report's nine batches since 2017, and when each was paid.
INDUSTRY_BATCHES_2017 = [
    ("2017年第1批", dt.date(2017, 3, 20)),
    ("2017年第2批", dt.date(2017, 5, 18)),
    ("2017年第3批", dt.date(2017, 7, 12)),
    ("2017年第4批", dt.date(2017, 9, 6)),
    ("2017年第5批", dt.date(2017, 10, 25)),
    ("2017年第6批", dt.date(2017, 12, 14)),
]
INDUSTRY_BATCHES_2018 = [
    ("2018年第1批", dt.date(2018, 3, 22)),
    ("2018年第2批", dt.date(2018, 5, 10)),
    ("2018年第3批", dt.date(2018, 6, 20)),
]
INDUSTRY_BATCHES_2016 = [
    ("2016年第1批", dt.date(2016, 6, 15)),
    ("2016年第2批", dt.date(2016, 11, 10)),
]
# F27-F30: (rows, yuan) of each industry program in 2017 and in 2018 H1; their sums are the report's.
INDUSTRY_2017 = {"industry_breeding": (202, 331_270), "industry_planting": (234, 217_590)}
INDUSTRY_2018H1 = {"industry_breeding": (18, 29_800), "industry_planting": (21, 19_500)}
INDUSTRY_HOUSEHOLDS = 368  # F27: distinct households, 2017-01-01..2018-06-30
INDUSTRY_2018H1_HOUSEHOLDS = 30  # F30

EDUCATION_AID_HOUSEHOLD_YEARS = {2015: 131, 2016: 138, 2017: 143}  # 412 (F15)
EDUCATION_AID_YUAN_2015_2017 = 319_750
EDUCATION_AID_2018H1 = (123, 76_025)  # students, yuan (F26)
RAINBOW_HOUSEHOLDS = 67  # F16
RAINBOW_SEMESTER_YUAN = 1_500  # 3,000 a year, paid by semester
RAINBOW_PAYMENTS = 116  # 116 x 1,500 = 174,000 (F16)
TRANSPORT_HOUSEHOLD_YEARS = {2015: 40, 2016: 45, 2017: 50}  # 135 (F17)
TRANSPORT_YUAN = 91_500
CITY_TRAINEES = 22  # F18
TOWN_TRAINEES = 356
WELFARE_JOB_PEOPLE = 10  # F19
WELFARE_JOB_MONTHLY_YUAN = 500
WELFARE_POSTS = ("保洁员", "护林员", "护路员", "水面保洁员")
RENOVATED_HOUSEHOLDS = 14  # F20
ENTERPRISE_LOANS = (78, 40_000)  # households, yuan each: 3,120,000 (F22)
LOAN_DIVIDEND_YUAN = 2_800  # 7% a year of 40,000, once per household: 218,400 (F23)
SELF_USE_LOANS = ((50_000, 70), (40_000, 9), (30_000, 6))  # 85 households, 4,040,000 (F24)
LOAN_ENTERPRISES = (
    "明光市女山湖水产养殖专业合作社",
    "明光市绿源农业科技有限公司",
    "明光市湖滨禽业有限公司",
    "安徽淮上米业有限公司",
)
PV_HOUSEHOLDS = 50  # F31
PV_QUARTER_YUAN = 416  # two quarters in 2018 H1: 50 x 2 x 416 = 41,600

VILLAGE_PROJECTS = (
    # (village code, name, category, budget yuan, year, status on 2018-06-30)
    ("341182108206", "蔬菜大棚", "industry", 600_000, 2018, "tendering"),  # F32
    ("341182108206", "村村通道路硬化", "infrastructure", 1_280_000, 2015, "done"),
    ("341182108206", "村级光伏电站", "industry", 480_000, 2016, "done"),
    ("341182108206", "安全饮水工程", "infrastructure", 350_000, 2016, "done"),
    ("341182108200", "渔民上岸安置点配套", "infrastructure", 900_000, 2017, "done"),
    ("341182108200", "芡实加工车间", "industry", 260_000, 2018, "planned"),
    ("341182108201", "机耕路修建", "infrastructure", 420_000, 2017, "done"),
    ("341182108202", "农田水利沟渠清淤", "infrastructure", 300_000, 2017, "done"),
    ("341182108203", "小龙虾养殖基地", "industry", 380_000, 2018, "building"),
    ("341182108204", "村部文化广场", "other", 150_000, 2016, "done"),
    ("341182108204", "道路拓宽", "infrastructure", 650_000, 2018, "building"),
    ("341182108205", "花生烘干设备", "industry", 180_000, 2017, "done"),
    ("341182108207", "桥梁维修", "infrastructure", 220_000, 2017, "done"),
    ("341182108208", "路灯安装", "infrastructure", 120_000, 2018, "planned"),
)
