"""Reading one cell: codes written as Chinese labels, dates and years in every form, ID numbers.

Every parser takes the raw cell (str, int, float, datetime or None) and returns the value the
contract wants, or raises BadValue with a message in Chinese and English saying what is wrong
and what to do.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache, lru_cache

from dashboard import contract, id_numbers
from dashboard.reference import REFERENCE_DIR, code_labels

SYNONYMS_FILE = REFERENCE_DIR / "code_synonyms.csv"
# The national system's own wordings, 2014-2020 layouts, each with its source (README there).
NATIONAL_VALUES_FILE = REFERENCE_DIR / "national_values.csv"
# Combined health values ("残疾,长期慢性病"): the most serious is kept, the whole text goes to
# members.health_detail. Serious illness first: it costs the household most (因病致贫 is the
# first cause of poverty in the national figures), then disability, then chronic illness.
HEALTH_SEVERITY = ("serious_illness", "disabled", "chronic", "healthy")
COMBINED_SEPARATORS = r"[,，、;；/+＋]|及|和"
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits of a number: longer IDs lose their tail
EXCEL_SERIAL_RANGE = (1, 80_000)  # 1900-01-01 .. 2119: a bare number in this range is a date
YEAR_RANGE = (1900, 2100)
CENT = Decimal("0.01")
TRUE_WORDS = {
    "是",
    "有",
    "y",
    "yes",
    "true",
    "1",
    "√",
    "✓",
    "对",
    "已签约",
    "签约",
    "参加",
    "已参加",
    "安全",
    "已参保",
    "参保",
    "已出列",
}
FALSE_WORDS = {
    "否",
    "无",
    "n",
    "no",
    "false",
    "0",
    "×",
    "✗",
    "未签约",
    "未参加",
    "不安全",
    "未参保",
    "没有",
    "不是",
    "未出列",
}


class BadValue(Exception):
    """A cell that cannot be read as what its column holds."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en


UNKNOWN_COUNTY = "unknown_county"  # Mapped.kind of an ID number whose issuing county is unknown


class Mapped(str):
    """A code read from a wording that says more or other than the code (a grade, a combined
    health value …): the importer keeps the code and warns once per wording, with `note`."""

    original: str
    note_zh: str
    note_en: str
    kind: str  # "wording" (a national wording mapped to a wider code) or "combined"

    def __new__(cls, code: str, original: str, note_zh: str, note_en: str, kind: str):
        value = super().__new__(cls, code)
        value.original, value.note_zh, value.note_en, value.kind = original, note_zh, note_en, kind
        return value


def is_empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def as_text(raw: object) -> str | None:
    """Free text: stripped, a whole number without `.0`; None when empty."""
    if is_empty(raw):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    return unicodedata.normalize("NFKC", str(raw)).strip()


_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?e\+?\d+$", re.IGNORECASE)


def _lost_precision(shown: str) -> BadValue:
    return BadValue(
        f"“{shown}”是 Excel 按数字保存的长编号，末尾几位已丢失（Excel 只保留15位有效数字），"
        "无法恢复。请在原系统中把该列设为“文本”后重新导出。",
        f"“{shown}” is a long number that Excel stored as a number: its last digits are lost "
        "(Excel keeps 15 significant digits) and cannot be recovered. Export it again with the "
        "column formatted as text.",
    )


def identifier(raw: object) -> str | None:
    """A code such as 户编号 or 人编号, as text; refused when Excel already cut its digits."""
    if is_empty(raw):
        return None
    if isinstance(raw, bool):
        raise BadValue(f"“{raw}”不是编号。", f"“{raw}” is not an identifier.")
    if isinstance(raw, float):
        if not raw.is_integer() or abs(raw) >= 10**EXCEL_DIGITS:
            raise _lost_precision(f"{raw:.6G}")
        return str(int(raw))
    if isinstance(raw, int):
        if abs(raw) >= 10**EXCEL_DIGITS and raw % 1000 == 0:
            raise _lost_precision(f"{raw:.6G}")
        return str(raw)
    text = re.sub(r"\s+", "", str(raw)).lstrip("'")
    if _SCIENTIFIC.match(text):
        raise _lost_precision(text)
    return text


def id_number(raw: object) -> str | None:
    """An 18-character 居民身份证号: a trailing x is X; numbers, wrong lengths, dates, checks refused."""
    if is_empty(raw):
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raise _lost_precision(f"{float(raw):.6G}")
    text = re.sub(r"\s+", "", str(raw)).lstrip("'").upper()
    if _SCIENTIFIC.match(text):
        raise _lost_precision(text)
    if len(text) != 18:
        raise BadValue(
            f"证件号码“{text}”有 {len(text)} 位，应为 18 位。",
            f"The ID number “{text}” has {len(text)} characters; it should have 18.",
        )
    if not re.fullmatch(r"\d{17}[\dX]", text):
        raise BadValue(
            f"证件号码“{text}”含有数字以外的字符（只有最后一位可以是 X）。",
            f"The ID number “{text}” holds characters other than digits (only the last may be X).",
        )
    try:
        id_birth_date(text)
    except ValueError:
        raise BadValue(
            f"证件号码“{text}”中的出生日期 {text[6:14]} 不是真实的日期。",
            f"The ID number “{text}” holds a birth date, {text[6:14]}, that does not exist.",
        ) from None
    expected = id_numbers.check_character(text[:17])
    if text[17] != expected:
        raise BadValue(
            f"证件号码“{text}”的校验位不对（按前17位应为 {expected}），可能有数字录错。",
            f"The ID number “{text}” has a wrong check character (the first 17 digits give "
            f"{expected}); a digit was probably mistyped.",
        )
    if not id_numbers.county_known(text):  # a warning only: the number itself is sound
        area = text[:6]
        return Mapped(
            text,
            area,
            f"证件号码前6位 {area} 不在身份证地址码表（python-stdnum）中，请核对是否录错",
            f"the first six digits {area} are not an area code in the ID card table "
            "(python-stdnum); check for a typing error",
            UNKNOWN_COUNTY,
        )
    return text


def id_birth_date(number: str) -> dt.date:
    """The birth date written in an 18-character ID number (ValueError if it is not a date)."""
    return id_numbers.birth_date(number)


def id_sex(number: str) -> str:
    """`male` or `female`: the 17th character is odd for men."""
    return id_numbers.sex(number)


def _year_error(raw: object) -> BadValue:
    return BadValue(
        f"“{raw}”不是年份。请写成 2016 或 2016年。",
        f"“{raw}” is not a year. Write it as 2016 or 2016年.",
    )


def year(raw: object) -> int | None:
    """2016, 2016.0, 2016年, 2016.05, 2016-5-3, a date, or an Excel date serial → 2016."""
    if is_empty(raw):
        return None
    if isinstance(raw, dt.date | dt.datetime):
        return raw.year
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if YEAR_RANGE[0] <= raw <= YEAR_RANGE[1]:
            return int(raw)
        if EXCEL_SERIAL_RANGE[0] <= raw <= EXCEL_SERIAL_RANGE[1]:
            return (dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))).year
        raise _year_error(raw)
    text = re.sub(r"\s+", "", str(raw))
    match = re.fullmatch(r"(\d{4})(年(度)?)?([./\-年]\d{1,2}(月)?([./\-月]\d{1,2}(日)?)?)?", text)
    if match and YEAR_RANGE[0] <= int(match.group(1)) <= YEAR_RANGE[1]:
        return int(match.group(1))
    raise _year_error(raw)


def _date_error(raw: object) -> BadValue:
    return BadValue(
        f"“{raw}”不是日期。请写成 2016-05-03、2016/5/3 或 2016年5月3日。",
        f"“{raw}” is not a date. Write it as 2016-05-03, 2016/5/3 or 2016年5月3日.",
    )


def date(raw: object) -> dt.date | None:
    """2016-5-3, 2016/05/03, 2016.05.03, 2016年5月3日, 20160503, an Excel serial, or a date.

    A month alone (2016.05, 2016-05) is read as the month's first day.
    """
    if is_empty(raw):
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if float(raw).is_integer() and 19000101 <= raw <= 21001231:
            return date(str(int(raw)))
        if EXCEL_SERIAL_RANGE[0] <= raw <= EXCEL_SERIAL_RANGE[1]:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))
        raise _date_error(raw)
    text = re.sub(r"[ T]0?0:00(:00(\.0+)?)?$", "", str(raw).strip())
    text = re.sub(r"\s+", "", text)
    patterns = (
        r"(\d{4})[./\-](\d{1,2})[./\-](\d{1,2})",
        r"(\d{4})年(\d{1,2})月(\d{1,2})日?",
        r"(\d{4})(\d{2})(\d{2})",
        r"(\d{4})[./\-](\d{1,2})",
        r"(\d{4})年(\d{1,2})月?",
    )
    for pattern in patterns:
        match = re.fullmatch(pattern, text)
        if match:
            parts = [int(part) for part in match.groups()] + [1]
            try:
                return dt.date(parts[0], parts[1], parts[2])
            except ValueError:
                raise _date_error(raw) from None
    raise _date_error(raw)


def _number_text(raw: object) -> str:
    text = re.sub(r"[\s,，元¥￥]", "", str(raw))
    return text


def amount(raw: object) -> Decimal | None:
    """Yuan with two decimals: 1200, 1,200.00, 1200元, ￥1200, 1.2万 (and 1.2万元)."""
    if is_empty(raw):
        return None
    if isinstance(raw, bool):
        raise BadValue(f"“{raw}”不是金额。", f"“{raw}” is not an amount.")
    if isinstance(raw, int | float):
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    else:
        text = _number_text(raw)
        factor = Decimal(1)
        if text.endswith("万"):
            text, factor = text[:-1], Decimal(10_000)
        try:
            value = Decimal(text) * factor
        except InvalidOperation:
            raise BadValue(
                f"“{raw}”不是金额。请只写数字，例如 1200 或 1200.50。",
                f"“{raw}” is not an amount. Write a number, e.g. 1200 or 1200.50.",
            ) from None
    if not value.is_finite():
        raise BadValue(f"“{raw}”不是金额。", f"“{raw}” is not an amount.")
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def integer(raw: object) -> int | None:
    """A whole number: 3, 3.0, 3人, 12个月."""
    if is_empty(raw):
        return None
    if isinstance(raw, bool):
        raise BadValue(f"“{raw}”不是整数。", f"“{raw}” is not a whole number.")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = re.sub(r"(个月|个|人|户|月|组|[\s,，])", "", str(raw))
    if re.fullmatch(r"-?\d+(\.0+)?", text):
        return int(float(text))
    raise BadValue(f"“{raw}”不是整数。", f"“{raw}” is not a whole number.")


def boolean(raw: object) -> bool | None:
    """是/否, 有/无, 安全/不安全, √/×, 1/0, TRUE/FALSE."""
    if is_empty(raw):
        return None
    if isinstance(raw, bool):
        return raw
    key = re.sub(r"\s+", "", str(raw)).lower()
    if isinstance(raw, float) and raw.is_integer():
        key = str(int(raw))
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise BadValue(f"“{raw}”不是“是”或“否”。", f"“{raw}” is not yes or no (是/否).")


def label_key(text: str) -> str:
    """The form labels are compared in: half-width, no spaces or brackets, lower case."""
    value = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s()（）【】\[\]\"'“”]", "", value).lower()


def _label_variants(label: str) -> set[str]:
    """特困供养贫困户（五保） → itself, 特困供养贫困户, 五保; 清退/自然减少 → each part."""
    variants = {label}
    normalised = unicodedata.normalize("NFKC", label)
    variants.add(re.sub(r"\([^)]*\)", "", normalised))
    variants.update(re.findall(r"\(([^)]*)\)", normalised))
    for part in re.split(r"[/、]", normalised):
        variants.add(part)
    return {label_key(variant) for variant in variants if variant.strip()}


@cache
def code_book() -> dict[tuple[str, str], dict[str, str]]:
    """(table, column) → {label key → code}: codes, Chinese and English labels, and synonyms."""
    book: dict[tuple[str, str], dict[str, str]] = {}
    for table_name, column in contract.coded_columns():
        entries = book.setdefault((table_name, column.name), {})
        for code in column.codes or ():
            entries[label_key(code)] = code
    for (table_name, column_name, code), labels in code_labels().items():
        entries = book.setdefault((table_name, column_name), {})
        for variant in _label_variants(labels["zh"]):
            entries.setdefault(variant, code)
        entries.setdefault(label_key(labels["en"]), code)
    with open(SYNONYMS_FILE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            entries = book.setdefault((row["table"], row["column"]), {})
            entries[label_key(row["synonym"])] = row["code"]
    for row in national_values():
        if row["code"]:
            book.setdefault((row["table"], row["column"]), {}).setdefault(
                label_key(row["wording"]), row["code"]
            )
    return book


@cache
def national_values() -> tuple[dict[str, str], ...]:
    """The rows of data/reference/national_values.csv (table, column, wording, code, warn …)."""
    with open(NATIONAL_VALUES_FILE, encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@cache
def national_notes() -> dict[tuple[str, str], dict[str, dict[str, str]]]:
    """(table, column) → {label key → row}: wordings that warn (warn=yes) or have no code."""
    notes: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
    for row in national_values():
        if row["warn"] == "yes" or not row["code"]:
            notes.setdefault((row["table"], row["column"]), {})[label_key(row["wording"])] = row
    return notes


def _split_note(note: str) -> tuple[str, str]:
    zh, _, en = note.partition(" / ")
    return zh.strip(), (en or zh).strip()


_SUFFIXES = ("致贫", "贫困户", "户")


def code(table_name: str, column_name: str, raw: object) -> str | None:
    """A coded value from its code, its label or a synonym: 五保 → tekun, 因病致贫 → illness.

    A national wording that says more than the code (小学三年级 → primary) comes back as a
    `Mapped` code carrying its note; so does a combined health value (残疾,长期慢性病 →
    disabled, the most serious).
    """
    if is_empty(raw):
        return None
    found = _resolve(table_name, column_name, as_text(raw) or "")
    if isinstance(found, BadValue):
        raise found
    return found


@lru_cache(maxsize=8192)
def _resolve(table_name: str, column_name: str, text: str) -> str | BadValue:
    key = label_key(text)
    note = national_notes().get((table_name, column_name), {}).get(key)
    if note is not None and not note["code"]:
        zh, en = _split_note(note["note"])
        return BadValue(
            f"“{text}”是全国扶贫开发信息系统的取值，但数据规范中没有对应的代码：{zh}。",
            f"“{text}” is a value of the national system with no code in the data contract: {en}.",
        )
    found = _lookup(table_name, column_name, text)
    if found is not None:
        if note is not None and note["code"] == found:
            zh, en = _split_note(note["note"])
            return Mapped(found, text, zh, en, "wording")
        return found
    if (table_name, column_name) == ("members", "health"):
        parts = [part for part in re.split(COMBINED_SEPARATORS, text) if part.strip()]
        codes = [_lookup(table_name, column_name, part) for part in parts]
        if len(parts) > 1 and all(codes):
            worst = min(codes, key=HEALTH_SEVERITY.index)
            label = code_labels().get((table_name, column_name, worst), {}).get("zh", worst)
            return Mapped(
                worst,
                text,
                f"多项健康状况，按最严重的“{label}”导入，原值全文保留在 health_detail",
                f"several health states: imported as the most serious, {worst}; the whole "
                "text is kept in health_detail",
                "combined",
            )
    labels = [
        code_labels().get((table_name, column_name, value), {}).get("zh", value)
        for value in contract.table(table_name).column(column_name).codes or ()
    ]
    return BadValue(
        f"“{text}”不是可识别的取值。可用：{'、'.join(labels)}"
        f"（同义词见 data/reference/code_synonyms.csv 与 national_values.csv，可在其中补充）。",
        f"“{text}” is not a value this column takes. Allowed: {', '.join(labels)} (synonyms are "
        "in data/reference/code_synonyms.csv and national_values.csv, where more can be added).",
    )


@lru_cache(maxsize=4096)
def _lookup(table_name: str, column_name: str, text: str) -> str | None:
    entries = code_book()[(table_name, column_name)]
    key = label_key(text)
    candidates = [key] + [key[: -len(suffix)] for suffix in _SUFFIXES if key.endswith(suffix)]
    for candidate in candidates:
        if candidate in entries:
            return entries[candidate]
    return None


def parser_for(parse: str) -> Callable[[object], object]:
    """The parser a field's `parse` string names (see headers.Field)."""
    if parse.startswith("code:"):
        table_name, column_name = parse[len("code:") :].split(".")
        return lambda raw: code(table_name, column_name, raw)
    return {
        "text": as_text,
        "identifier": identifier,
        "id_number": id_number,
        "year": year,
        "date": date,
        "amount": amount,
        "integer": integer,
        "boolean": boolean,
    }[parse]
