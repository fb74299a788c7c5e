"""What the demo town's half-year deck must show, shared by the deck's and the exports' tests."""

# The nine slide titles of the 女山湖镇 deck for 2018H1, in order (one PDF page and one PNG each).
DECK_TITLES = [
    "女山湖镇脱贫攻坚2018年上半年讲评",
    "主要指标及本期变化",
    "历年脱贫与计划",
    "各村未脱贫情况",
    "特色种养业结构与集中度",
    "帮扶政策落实",
    "帮扶工作",
    "数据质量",
    "存在的问题和下一步工作打算",
]
