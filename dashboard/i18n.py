"""Message catalogues: every user-facing string, in Chinese (default) and English.

Pages never hold literal labels; they call `text(key, lang)`. A key missing from a language
falls back to Chinese, and a key missing everywhere shows itself, so a gap is visible, not fatal.
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

MESSAGES: dict[str, dict[str, str]] = {
    "app.title": {"zh": "脱贫攻坚看板", "en": "Poverty-exit dashboard"},
    "nav.overview": {"zh": "总览", "en": "Overview"},
    "sidebar.snapshot": {"zh": "数据快照", "en": "Snapshot"},
    "sidebar.language": {"zh": "语言 Language", "en": "Language 语言"},
    "sidebar.data_dir": {"zh": "数据目录", "en": "Data directory"},
    "banner.demo": {
        "zh": "演示数据：本页数据为合成的女山湖镇，按该镇2018年报告校准，非真实人员信息。",
        "en": "Demo data: a synthetic 女山湖镇 calibrated to the town's 2018 report; "
        "no real person is shown.",
    },
    "overview.heading": {"zh": "总览", "en": "Overview"},
    "overview.as_of": {
        "zh": "数据截至 {date}（来源：{source}）",
        "en": "As of {date} (source: {source})",
    },
    "overview.registered_households": {"zh": "建档立卡贫困户", "en": "Registered households"},
    "overview.registered_people": {"zh": "建档立卡贫困人口", "en": "Registered people"},
    "overview.exited": {"zh": "已脱贫", "en": "Exited households"},
    "overview.not_exited": {"zh": "未脱贫", "en": "Households not yet exited"},
    "overview.households_people": {
        "zh": "{households} 户 · {people} 人",
        "en": "{households} households · {people} people",
    },
    "overview.compared_with": {
        "zh": "数字下方的箭头为较上一快照（{date}）的变化",
        "en": "Arrows show the change since the previous snapshot ({date})",
    },
    # Units follow the number in Chinese (650 户); English labels already name them.
    "unit.households": {"zh": "户", "en": ""},
    "unit.people": {"zh": "人", "en": ""},
    "source.demo": {"zh": "演示数据", "en": "demo"},
    "source.import": {"zh": "导入", "en": "import"},
    "error.no_snapshot": {
        "zh": "数据目录 {data_dir} 中还没有任何快照。请运行 `tuopin demo` 生成演示数据，或用 `tuopin import` 导入。",
        "en": "The data directory {data_dir} holds no snapshot yet. Run `tuopin demo` for the demo, "
        "or `tuopin import` to bring in data.",
    },
    "error.empty_snapshot": {
        "zh": "该快照中没有登记任何贫困户。",
        "en": "This snapshot has no registered household.",
    },
}


def text(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The message `key` in `lang`, with `{placeholders}` filled from `values`."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry[lang] if lang in entry else entry[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template
