"""The `villages` table: from the villages file (村情表), with what it lacks taken from the
roster (its town and county) and the village code's digits; and, without a villages file,
villages placed by the official division codes from the names the roster gives.

Also the lookup other tables use to place a row in a village: `village_code_of`.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from dashboard.importer.records import Record
from dashboard.importer.tables.context import Context
from dashboard.reference import division_names

try:  # the official division codes (统计用区划代码), when that reference is installed
    from dashboard.divisions import place_village as _place_village
except ImportError:
    _place_village = None

VILLAGE_CODE_DIGITS = 12
PLACE_COLUMNS = (
    "town_name",
    "town_code",
    "county_name",
    "county_code",
    "prefecture_name",
    "province_name",
)


def assemble(context: Context) -> None:
    """The villages file's rows, checked and completed."""
    records = context.records["villages"]
    town_wide = {
        column: context.most_common("roster", column) or context.most_common("households", column)
        for column in PLACE_COLUMNS
    }
    in_roster = roster_places(context)
    counts = Counter()
    for record in records:
        v = record.values
        code = context.need(record, "village_code")
        name = context.need(record, "village_name")
        if code is not None and not (code.isdigit() and len(code) == VILLAGE_CODE_DIGITS):
            context.error(
                record,
                "village_code",
                f"村代码“{code}”应为12位数字的统计用区划代码。",
                f"The village code “{code}” should be the 12-digit statistical area code.",
            )
            continue
        if code is None or name is None:
            continue
        if code in context.village_by_code:
            context.error(
                record,
                "village_code",
                f"村代码 {code} 重复（第一次出现在第 {context.village_by_code[code].row} 行）。",
                f"The village code {code} appears twice (first on row "
                f"{context.village_by_code[code].row}).",
            )
            continue
        context.village_by_code[code] = record
        if name in context.village_by_name:
            context.warn(
                record,
                "village_name",
                f"村名“{name}”重复，按村名查找时无法区分。",
                f"The village name “{name}” appears twice; it cannot identify a village.",
            )
        context.village_by_name[name] = code
        place = in_roster.get(code) or in_roster.get(name) or {}
        row = {
            "village_code": code,
            "village_name": name,
            "town_code": v.get("town_code") or code[:9],
            "town_name": v.get("town_name") or place.get("town_name") or town_wide["town_name"],
            "county_code": v.get("county_code") or code[:6],
            "county_name": v.get("county_name")
            or place.get("county_name")
            or town_wide["county_name"],
            # Above the county: from the files, else the village code's leading digits and
            # the reference table of divisions (data contract v1.1).
            "prefecture_code": v.get("prefecture_code") or code[:4],
            "prefecture_name": v.get("prefecture_name")
            or place.get("prefecture_name")
            or division_names().get(code[:4]),
            "province_code": v.get("province_code") or code[:2],
            "province_name": v.get("province_name")
            or place.get("province_name")
            or division_names().get(code[:2]),
            "kind": v.get("kind") or village_kind(name),
            "groups_count": context.need(record, "groups_count"),
            "population": context.need(record, "population"),
            "is_poor_village": context.need(record, "is_poor_village"),
            "poor_village_exit_year": v.get("poor_village_exit_year"),
        }
        for column in (
            "town_code",
            "county_code",
            "kind",
            "town_name",
            "county_name",
            "prefecture_name",
            "province_name",
        ):
            if v.get(column) is None and row[column] is not None:
                counts[column] += 1
        for column in ("town_name", "county_name"):
            if row[column] is None:
                label = "乡（镇）" if column == "town_name" else "县"
                context.error(
                    record,
                    None,
                    f"缺少“{label}”：村情表和贫困人口信息表中都没有。",
                    f"No {label} ({column}) in the villages file nor in the roster.",
                )
        optional = {"poor_village_exit_year", "prefecture_name", "province_name"}
        if any(value is None for key, value in row.items() if key not in optional):
            continue
        context.rows["villages"].append(row)
    context.derive(
        "villages",
        "town_code",
        counts["town_code"],
        "取村代码前9位",
        "first 9 digits of the village code",
    )
    context.derive(
        "villages",
        "county_code",
        counts["county_code"],
        "取村代码前6位",
        "first 6 digits of the village code",
    )
    context.derive(
        "villages",
        "kind",
        counts["kind"],
        "由村名推断（…社区、…渔场、…公司，其余为行政村）",
        "from the name (…社区, …渔场, …公司; else a village)",
    )
    context.derive(
        "villages",
        "town_name",
        counts["town_name"],
        "取自贫困人口信息表的“乡（镇）”",
        "from the roster's 乡(镇)",
    )
    context.derive(
        "villages",
        "county_name",
        counts["county_name"],
        "取自贫困人口信息表的“县”",
        "from the roster's 县",
    )
    for column, label in (("prefecture_name", "市"), ("province_name", "省")):
        context.derive(
            "villages",
            column,
            counts[column],
            f"取自贫困人口信息表的“{label}”",
            f"from the roster's {label}",
        )


def roster_places(context: Context) -> dict[str, dict[str, object]]:
    """Village code or name → the places the roster's rows of that village carry (the
    most common of each: 乡(镇), 县, their codes, 市, 省), for a villages file without them."""
    found: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for record in [*context.records["roster"], *context.records["households"]]:
        v = record.values
        for key in (v.get("village_code"), v.get("village_name")):
            if key:
                for column in PLACE_COLUMNS:
                    if v.get(column):
                        found[key][column][v[column]] += 1
    return {
        key: {column: counter.most_common(1)[0][0] for column, counter in columns.items()}
        for key, columns in found.items()
    }


def village_code_of(context: Context, record: Record, counts: Counter) -> str | None:
    """A row's village: its code, else its name looked up in the villages file."""
    code = record.values.get("village_code")
    if code:
        if code not in context.village_by_code:
            context.error(
                record,
                "village_code",
                f"村代码 {code} 不在村情表中。请同时导入村情表，或核对代码。",
                f"The village code {code} is not in the villages file. Import the villages "
                "file too, or check the code.",
            )
            return None
        return code
    name = record.values.get("village_name")
    if not name:
        context.need(record, "village_name")
        return None
    if name not in context.village_by_name and not context.records["villages"]:
        return placed_by_division(context, record, name, counts)
    if name not in context.village_by_name:
        known = "、".join(context.village_by_name) or "（未导入村情表）"
        context.error(
            record,
            "village_name",
            f"村“{name}”不在村情表中（村情表中有：{known}）。请同时导入村情表，或核对村名。",
            f"The village “{name}” is not in the villages file (it has: "
            f"{', '.join(context.village_by_name) or 'no villages file imported'}). Import the "
            "villages file too, or check the name.",
        )
        return None
    counts["village_code"] += 1
    return context.village_by_name[name]


def placed_by_division(context: Context, record: Record, name: str, counts: Counter) -> str | None:
    """A village named without a code and with no villages file: its official code from the
    division reference (dashboard.divisions, when present), and a villages row made from
    what the roster says of it."""
    v = record.values
    place = division_placer()
    if name in context.unplaced:  # said once per village, not once per row
        return None
    context.unplaced.add(name)
    if place is None:
        context.error(
            record,
            "village_name",
            f"村“{name}”不在村情表中，也没有代码：没有村情表，也没有区划代码参考表，无法确定是哪个村。请同时导入村情表。",
            f"The village “{name}” is not in the villages file and has no code: there is no "
            "villages file and no division reference to place it. Import the villages file "
            "too.",
        )
        return None
    code = place(
        province=v.get("province_name"),
        county=v.get("county_name"),
        town=v.get("town_name"),
        village=name,
    )
    if not code:
        named = [part for part in (v.get("town_name"), v.get("county_name")) if part]
        where_zh = "".join(reversed(named)) if named else "（名单未写县、乡镇）"
        where_en = f" ({', '.join(named)})" if named else " (the roster names no county or town)"
        context.error(
            record,
            "village_name",
            f"村“{name}”不在村情表中（未导入村情表），区划代码也无法确定它是哪个村："
            f"{where_zh}。请核对县、乡镇和村名，或同时导入村情表。",
            f"The village “{name}” is not in the villages file (none was imported), and the "
            f"official division codes cannot place it{where_en}. Check the county, town and "
            "village names, or import the villages file too.",
        )
        return None
    context.village_by_name[name] = code
    context.placed_villages[code] = record
    counts["village_code"] += 1
    return code


def add_placed(context: Context) -> None:
    """A villages row for each village placed by the division codes (no villages file):
    names from the roster, groups and people counted from it, not a poor village."""
    if not context.placed_villages:
        return
    groups: dict[str, set] = defaultdict(set)
    people: Counter = Counter()
    for row in context.rows["households"]:
        groups[row["village_code"]].add(row["group_name"])
        people[row["village_code"]] += row["size"]
    for code, record in context.placed_villages.items():
        v = record.values
        context.rows["villages"].append(
            {
                "village_code": code,
                "village_name": v.get("village_name"),
                "town_code": code[:9],
                "town_name": v.get("town_name") or "",
                "county_code": code[:6],
                "county_name": v.get("county_name") or "",
                "prefecture_code": code[:4],
                "prefecture_name": v.get("prefecture_name"),
                "province_code": code[:2],
                "province_name": v.get("province_name"),
                "kind": village_kind(v.get("village_name") or ""),
                "groups_count": len(groups[code] - {None}),
                "population": people[code],
                "is_poor_village": False,
                "poor_village_exit_year": None,
            }
        )
    for column, zh, en in (
        ("village_code", "按县、乡（镇）、村名在区划代码中查得", "from the official division codes by name"),
        ("groups_count", "名单中该村的村民组数", "the village groups the roster names"),
        ("population", "名单中该村的人数（户籍人口不在来源中）", "the roster's people in the village (its registered residents are not in the source)"),
        ("is_poor_village", "来源未提供，按否导入", "not in the source: imported as no"),
    ):  # fmt: skip
        context.derive("villages", column, len(context.placed_villages), zh, en)


def division_placer():
    """`dashboard.divisions.place_village` when the division reference is installed, else None
    (an import then needs a villages file to place villages named without a code)."""
    return _place_village


def village_kind(name: str) -> str:
    """A village's kind from its name: …社区 community, …渔场 fishery, …公司 company, else village."""
    if name.endswith("社区") or name.endswith("居委会"):
        return "community"
    if name.endswith("渔场"):
        return "fishery"
    if name.endswith("公司"):
        return "shipping_company"
    return "village"
