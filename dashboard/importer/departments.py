"""Which department a list comes from (部门筛查预警, 数据比对), and what its rows say by default.

A department's list names its department in a column (部门, 数据来源 …), in its file name
(`2025年6月医保住院结算.xlsx`), or not at all, when the user names it on import. Each is read
here against the contract's department codes, their labels (`data/reference/code_labels.csv`)
and their synonyms (`code_synonyms.csv`: 医疗保障局, 残疾人联合会, 车管所 …).
"""

from __future__ import annotations

from dashboard import contract
from dashboard.importer.values import BadValue, code, code_book, label_key
from dashboard.reference import code_label

TABLE, COLUMN = "department_records", "department"
MIN_NAME_CHARS = 2  # a word of the department found inside a longer name: 县医保局, 医保住院结算

# What a record of a department says when the list has no column for it: the departments whose
# lists to the monitoring have one subject (monitoring-rules.md §4.1; the 2018 回头看's car,
# business and public-payroll comparisons). The wording is what `department_signal`
# (queries/definitions/85_monitoring.sql) reads. Departments whose lists carry several subjects
# (民政: 低保, 特困, 临时救助; 公安: deaths, moves; 教育: dropouts, aid) have none: their lists must
# say what each row is, or a move would be taken for a death.
DEFAULT_KINDS: dict[str, str] = {
    "medical_insurance": "医疗费用个人自付",
    "disability": "新增残疾",
    "emergency": "受灾",
    "vehicles": "车辆登记",
    "market_regulation": "工商注册",
    "public_payroll": "财政供养人员",
    "real_estate": "不动产登记",
}


def department_code(text: object) -> str | None:
    """The department code a cell, a user's choice or a name says; None when it says none.

    An exact code, label or synonym first (医保, medical_insurance, 医疗保障局); else the
    longest label or synonym found inside the text (`县医疗保障局` → medical_insurance,
    `公安交警大队` → vehicles before public_security).

    >>> department_code("县医疗保障局"), department_code("残联"), department_code("天气")
    ('medical_insurance', 'disability', None)
    """
    if text is None or not str(text).strip():
        return None
    try:
        found = code(TABLE, COLUMN, text)
    except BadValue:
        found = None
    if found:
        return str(found)
    key = label_key(str(text))
    words = sorted(
        (
            (word, value)
            for word, value in code_book()[(TABLE, COLUMN)].items()
            if len(word) >= MIN_NAME_CHARS and not word.isascii()
        ),
        key=lambda item: -len(item[0]),
    )
    return next((value for word, value in words if word in key), None)


def department_in_name(file_name: str) -> str | None:
    """The department a file's name says (`2025年6月医保住院结算.xlsx` → medical_insurance)."""
    stem = file_name.rsplit(".", 1)[0]
    return department_code(stem) if stem else None


def department_choices() -> tuple[str, ...]:
    """The contract's department codes, in its order (for the CLI's help and the page's list)."""
    return contract.table(TABLE).column(COLUMN).codes or ()


def department_label(department: str, lang: str) -> str:
    """医保 / Medical insurance."""
    return code_label(TABLE, COLUMN, department, lang)


class UnknownDepartment(ValueError):
    """The user named a department the contract does not know."""

    def __init__(self, text: str):
        labels = "、".join(department_label(d, "zh") for d in department_choices())
        names = ", ".join(department_choices())
        self.message_zh = f"“{text}”不是可识别的部门。可用：{labels}。"
        self.message_en = f"“{text}” is not a department this import knows. Departments: {names}."
        super().__init__(self.message_en)


def named_department(text: str | None) -> str | None:
    """The department a user named (code or label); UnknownDepartment when it names none."""
    if text is None or not str(text).strip():
        return None
    found = department_code(text)
    if found is None:
        raise UnknownDepartment(str(text))
    return found
