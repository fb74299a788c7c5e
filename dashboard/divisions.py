"""The official 统计用区划代码 of all five levels: a code's name, a name's code, a roster's village.

The table (`data/reference/divisions/divisions.parquet`, built by `build.py` beside it from the
National Bureau of Statistics' 2023 list) holds every province (2 digits), prefecture (4),
county (6), town (9) and village-level unit (12) with its official name. A unit's parent is its
code's prefix. Exports write names their own way (明光 / 明光市, 山南村 / 山南村委会, 明珠社区 /
明珠社区居委会), so names are compared in two steps: first as written once the committee words are
cut (村委会 → 村, 社区居委会 → 社区, 街道办事处 → 街道), then, only when that finds nothing, by the
stem left once the level's suffix (市 县 区 镇 乡 街道 村 社区 …) is cut too. Two units that fit
equally well are ambiguous: the answer is then None, never a guess.

    >>> place_village(county="明光市", town="女山湖镇", village="山南村")
    '341182108206'
    >>> official_name("341182108")
    '女山湖镇'

Pure functions over a read-only table; nothing here knows about Streamlit or snapshots.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.snapshots import PROJECT_ROOT

DIVISIONS_FILE = PROJECT_ROOT / "data" / "reference" / "divisions" / "divisions.parquet"
EDITION = "2023"  # the year of the 统计用区划代码 the table holds (see build.py)
LEVEL_DIGITS = {"province": 2, "prefecture": 4, "county": 6, "town": 9, "village": 12}
LEVEL_OF_DIGITS = {digits: level for level, digits in LEVEL_DIGITS.items()}
LEVEL_LABELS = {
    "province": ("省", "province"),
    "prefecture": ("市（地、州）", "prefecture"),
    "county": ("县（市、区）", "county"),
    "town": ("乡（镇、街道）", "town"),
    "village": ("村（社区）", "village"),
}
# Committee words an export may add or leave out; the name is the same unit either way.
_COMMITTEE_WORDS = (
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("村民委员会", "村"),
    ("村委会", "村"),
    ("居民委员会", ""),
    ("居委会", ""),
    ("街道办事处", "街道"),
    ("办事处", ""),
)
# A level's suffixes, longest first: what is left is the stem (明光市 → 明光, 潘村镇 → 潘村).
_SUFFIXES = {
    2: ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"),
    4: ("自治州", "市辖区", "地区", "盟", "市"),
    6: ("自治县", "自治旗", "林区", "特区", "县", "市", "区", "旗"),
    9: ("民族乡", "民族镇", "街道", "苏木", "镇", "乡"),
    12: ("社区", "村", "居"),
}
_WHITESPACE = re.compile(r"\s+")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")  # "山南村（原山南大队）": the note is not the name
# Up to this many units of a level are indexed by name once (a county's villages, a province's
# towns); a wider search (a village with no county) scans instead of holding 620,000 keys.
INDEX_LIMIT = 20_000
MAX_SCOPES = 64  # past this many candidate parents, a name above the village is too vague to use


@dataclass(frozen=True)
class NameDisagreement:
    """A code whose name in the data is not the official one (a warning, never a refusal)."""

    code: str
    name: str
    official: str | None  # None: the code is not in the official list at all
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


# ------------------------------------------------------------------------------------ table
@dataclass(frozen=True)
class _Level:
    codes: np.ndarray  # int64, sorted: 665,000 codes as Python strings would take ~40 MB
    names: pa.StringArray  # in the order of `codes`


@cache
def _level(digits: int) -> _Level:
    """One level of the table, read once: its own row group of the Parquet file (see build.py),
    so naming a county never decodes the 620,000 villages."""
    source = pq.ParquetFile(DIVISIONS_FILE)
    order = source.schema_arrow.metadata[b"row_groups"].decode().split(",")
    rows = source.read_row_group(order.index(str(digits)))
    codes = pc.cast(rows.column("code"), pa.int64()).to_numpy()
    sort = np.argsort(codes, kind="stable")  # sorted by the build already; kept cheap and sure
    return _Level(codes[sort], rows.column("name").combine_chunks().take(sort))


def _span(digits: int, prefix: str) -> tuple[int, int]:
    """The index range of a level's codes that start with `prefix` (codes are sorted)."""
    level = _level(digits)
    if not prefix:
        return 0, len(level.codes)
    if not prefix.isdigit() or len(prefix) > digits:
        return 0, 0
    scale = 10 ** (digits - len(prefix))
    low = int(prefix) * scale
    start, stop = np.searchsorted(level.codes, [low, low + scale])
    return int(start), int(stop)


def _code_text(number: int, digits: int) -> str:
    return f"{number:0{digits}d}"


def official_name(code: str) -> str | None:
    """The official name of a 2-, 4-, 6-, 9- or 12-digit code, or None when it has none.

    >>> official_name("3411"), official_name("341182108200")
    ('滁州市', '荷花村委会')
    """
    code = str(code).strip()
    if len(code) not in LEVEL_OF_DIGITS or not code.isdigit():
        return None
    start, stop = _span(len(code), code)
    return _level(len(code)).names[start].as_py() if stop > start else None


def level_of(code: str) -> str | None:
    """ "province" … "village" from a code's length, or None for another length."""
    return LEVEL_OF_DIGITS.get(len(str(code).strip()))


def units_under(prefix: str, level: str) -> list[tuple[str, str]]:
    """(code, official name) of every unit of `level` whose code starts with `prefix`.

    >>> [name for _, name in units_under("341182", "town")][:2]
    ['明光街道', '明东街道']
    """
    digits = LEVEL_DIGITS[level]
    start, stop = _span(digits, str(prefix))
    rows = _level(digits)
    codes = [_code_text(int(number), digits) for number in rows.codes[start:stop]]
    return list(zip(codes, rows.names[start:stop].to_pylist(), strict=True))


@cache
def upper_names() -> dict[str, str]:
    """Name of every province, prefecture, county and town: {"34": "安徽省", …} (~44,000)."""
    return {
        code: name
        for level in ("province", "prefecture", "county", "town")
        for code, name in units_under("", level)
    }


# ------------------------------------------------------------------------------------ names
def canonical_name(name: str) -> str:
    """A name as compared first: half-width, no spaces or notes, committee words cut.

    >>> canonical_name(" 山南村委会"), canonical_name("明珠社区居委会")
    ('山南村', '明珠社区')
    """
    text = _WHITESPACE.sub("", unicodedata.normalize("NFKC", str(name)))
    text = _BRACKETS.sub("", text.replace("（", "(").replace("）", ")"))
    return _without_committee(text, _COMMITTEE_WORDS)


def _without_committee(text: str, rules: tuple[tuple[str, str], ...]) -> str:
    """Cut the first committee word that ends `text`; 山南村村民委员会 is 山南村, not 山南村村."""
    for words, replacement in rules:
        if text.endswith(words) and len(text) > len(words):
            text = text[: -len(words)]
            return text if replacement and text.endswith(replacement) else text + replacement
    return text


def register_name(official: str) -> str:
    """An official village-level name as registers write it: 荷花村委会 → 荷花村, 明珠社区居委会 →
    明珠社区; other names (城关居委会, 开发区管理委员会) as they are.

    >>> register_name("荷花村委会"), register_name("明珠社区居民委员会"), register_name("山南村村民委员会")
    ('荷花村', '明珠社区', '山南村')
    """
    return _without_committee(official, _COMMITTEE_WORDS[:4])  # the 村 and 社区 committees


def name_stem(name: str, digits: int) -> str:
    """The canonical name without its level's suffix (明光市 → 明光); the name if nothing is left.

    >>> name_stem("潘村镇", 9), name_stem("寿县", 6)
    ('潘村', '寿')
    """
    text = canonical_name(name)
    for suffix in _SUFFIXES.get(digits, ()):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


@lru_cache(maxsize=4096)
def _keys(digits: int, prefix: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(canonical name → codes, stem → codes) of a level's units under `prefix`."""
    by_name: dict[str, list[str]] = {}
    by_stem: dict[str, list[str]] = {}
    for code, name in units_under(prefix, LEVEL_OF_DIGITS[digits]):
        by_name.setdefault(canonical_name(name), []).append(code)
        by_stem.setdefault(name_stem(name, digits), []).append(code)
    return by_name, by_stem


def _scan(digits: int, prefix: str, name: str) -> tuple[list[str], list[str]]:
    """(codes named `name`, codes sharing its stem) among many units, without indexing them all.

    Only names that contain the stem can fit, and Arrow finds those in milliseconds; the few
    left are compared as `_keys` would.
    """
    start, stop = _span(digits, prefix)
    rows = _level(digits)
    stem = name_stem(name, digits)
    hits = np.flatnonzero(
        pc.match_substring(rows.names[start:stop], stem).to_numpy(zero_copy_only=False)
    )
    wanted, exact, shared = canonical_name(name), [], []
    for index in hits:
        official = rows.names[start + int(index)].as_py()
        code = _code_text(int(rows.codes[start + int(index)]), digits)
        if canonical_name(official) == wanted:
            exact.append(code)
        if name_stem(official, digits) == stem:
            shared.append(code)
    return exact, shared


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or not str(value).strip()


def codes_for_name(name: str, level: str, within: str = "") -> list[str]:
    """Every code of `level` under `within` whose name fits `name`, best fit first.

    Names written as the official one (committee words aside) win; only when none is, names
    that share the stem. An empty list when nothing fits.

    >>> codes_for_name("明光", "county", within="34")
    ['341182']
    """
    if _is_blank(name):
        return []
    digits = LEVEL_DIGITS[level]
    start, stop = _span(digits, str(within))
    if stop - start > INDEX_LIMIT:
        exact, shared = _scan(digits, str(within), str(name))
        return exact or shared
    by_name, by_stem = _keys(digits, str(within))
    exact = by_name.get(canonical_name(name))
    if exact:
        return list(exact)
    return list(by_stem.get(name_stem(name, digits), ()))


def code_for_name(name: str, level: str, within: str = "") -> str | None:
    """The one code of `level` under `within` named `name`, or None (not found or ambiguous).

    >>> code_for_name("滁州", "prefecture"), code_for_name("潘村镇", "town", within="341182")
    ('3411', '341182110')
    """
    found = codes_for_name(name, level, within)
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=65_536)  # a roster names its few hundred villages over and over
def place_village(
    province: str | None = None,
    prefecture: str | None = None,
    county: str | None = None,
    town: str | None = None,
    village: str | None = None,
) -> str | None:
    """The 12-digit code of a village named as an export names it, or None.

    Each name given narrows where the next is looked for; a name that fits several units keeps
    them all, and the village must then fit exactly one of all their villages. None when a
    name fits nothing, when the village fits several units (ambiguous), or when no village is
    given.

    >>> place_village(county="明光", town="女山湖", village="山南村")
    '341182108206'
    """
    if _is_blank(village):
        return None
    scopes = [""]
    for level, name in (
        ("province", province),
        ("prefecture", prefecture),
        ("county", county),
        ("town", town),
    ):
        if _is_blank(name):
            continue
        narrowed = [code for scope in scopes for code in codes_for_name(name, level, scope)]
        if not narrowed or len(narrowed) > MAX_SCOPES:
            return None
        scopes = narrowed
    found = {code for scope in scopes for code in codes_for_name(village, "village", scope)}
    return found.pop() if len(found) == 1 else None


def names_agree(name: str, official: str, digits: int) -> bool:
    """True when `name` is the official name as an export may write it (明光 ~ 明光市)."""
    return canonical_name(name) == canonical_name(official) or name_stem(name, digits) == name_stem(
        official, digits
    )


def check_name(code: str, name: str) -> NameDisagreement | None:
    """A warning when the data names `code` otherwise than the official list; None when it agrees.

    >>> check_name("341182108206", "山南村") is None
    True
    >>> check_name("341182108206", "荷花村").official
    '山南村委会'
    """
    code = str(code).strip()
    level = level_of(code)
    if level is None or _is_blank(name):
        return None
    official = official_name(code)
    zh_level, en_level = LEVEL_LABELS[level]
    if official is None:
        return NameDisagreement(
            code,
            str(name),
            None,
            f"区划代码 {code}（{name}）不在国家统计局{EDITION}年统计用区划代码中，请核对该{zh_level}代码。",
            f"Division code {code} ({name}) is not in the official {EDITION} statistical division "
            f"codes; check this {en_level} code.",
        )
    if names_agree(str(name), official, len(code)):
        return None
    return NameDisagreement(
        code,
        str(name),
        official,
        f"区划代码 {code} 在数据中名为“{name}”，而国家统计局{EDITION}年统计用区划代码中为“{official}”。"
        "请核对代码或名称。",
        f"Division code {code} is named “{name}” in the data but “{official}” in the official "
        f"{EDITION} statistical division codes. Check the code or the name.",
    )


def match_unit_names(names: list[str], codes: list[str]) -> dict[str, str]:
    """Which of `codes` (one level) each of `names` is, by official name: {name: code}.

    For a boundary file keyed by name (ECharts' and DataV's maps: 明光市, 滁州) matched to the
    units of the data. A name that fits none or several of the codes is left out.

    >>> match_unit_names(["明光市", "滁州"], ["341182", "341181", "3411"])
    {'明光市': '341182', '滁州': '3411'}
    """
    by_name: dict[str, set[str]] = {}
    by_stem: dict[str, set[str]] = {}
    for code in codes:
        official = official_name(code)
        if official is None:
            continue
        by_name.setdefault(canonical_name(official), set()).add(code)
        by_stem.setdefault(name_stem(official, len(code)), set()).add(code)
    lengths = {len(code) for code in codes}
    matched: dict[str, str] = {}
    for name in names:
        if _is_blank(name):
            continue
        found = by_name.get(canonical_name(name))
        if not found:
            stems = {name_stem(name, digits) for digits in lengths}
            found = set().union(*(by_stem.get(stem, set()) for stem in stems))
        if len(found) == 1:
            matched[name] = next(iter(found))
    return matched


CONTRACT_LEVELS = ("province", "prefecture", "county", "town", "village")  # villages table columns


def name_warnings(villages) -> list[NameDisagreement]:
    """Every code of a villages table (data contract columns `<level>_code`, `<level>_name`) whose
    name is not the official one, once per code, from the province down; an empty list when all
    agree. Columns the table lacks are skipped.

    >>> [w.code for w in name_warnings(pd.DataFrame({"village_code": ["341182108206"],
    ...                                              "village_name": ["荷花村"]}))]
    ['341182108206']
    """
    warnings: list[NameDisagreement] = []
    for level in CONTRACT_LEVELS:
        code_column, name_column = f"{level}_code", f"{level}_name"
        if code_column not in villages.columns or name_column not in villages.columns:
            continue
        pairs = villages[[code_column, name_column]].dropna().drop_duplicates(code_column)
        for code, name in pairs.itertuples(index=False, name=None):
            warning = check_name(str(code), str(name))
            if warning is not None:
                warnings.append(warning)
    return warnings
