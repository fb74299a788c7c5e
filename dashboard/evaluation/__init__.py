"""The half-year evaluation (半年一讲评): a period's figures, a PowerPoint deck and the report text.

period.py    which snapshots a period (2018H1, 2017) closes on and compares against
figures.py   every figure of a period and scope, through the query files
deck.py      the .pptx: native charts, east-Asian fonts, notes with definitions
narrative.py sections 一 and 二 of the report, as Markdown and .docx
notes.py     the problems and next steps people write, kept per period
"""
