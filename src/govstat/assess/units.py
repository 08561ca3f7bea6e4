"""Who and when: agency names normalised, and the list of units an office expects
(``--units UNITS.csv``)."""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from govstat.errors import GovstatError
from govstat.values import parse_date


def agency_key(name: str) -> str:
    """The name reports of one unit share: full-width folded, spaces dropped, 人民政府 read as
    政府, a trailing 办公室 dropped (a government's report is often signed by its office)."""
    key = unicodedata.normalize("NFKC", name)
    key = re.sub(r"\s+", "", key).replace("人民政府", "政府")
    key = key.strip("：:，,。")
    return key.removesuffix("办公室") or key


def tidy(name: str) -> str:
    """A name as printed, without stray spaces (full-width ones too)."""
    return re.sub(r"\s+", "", name).strip("：:，,。")


@dataclass
class UnitInfo:
    name: str
    parent: str | None = None
    type: str | None = None


@dataclass
class UnitList:
    """The units of ``--units``: by key, with the publication dates it gives."""

    units: dict[str, UnitInfo] = field(default_factory=dict)
    published: dict[tuple[str, int], datetime.date] = field(default_factory=dict)
    source: str = ""


_HEADS = {
    "name": ("单位", "单位名称", "名称", "name", "unit", "agency"),
    "parent": ("上级单位", "上级", "parent"),
    "type": ("类型", "单位类型", "type"),
    "year": ("年度", "year"),
    "published": ("发布日期", "公开日期", "published"),
}


def read_units(path: str | Path) -> UnitList:
    """Read a CSV of units: name, optional parent, optional type, and optionally a year and
    the date that year's report was published (a unit may stand on several rows). The first
    row is a header when it names the columns (单位, 上级单位, 类型, 年度, 发布日期); otherwise
    the columns are name, parent, type. UTF-8 (with or without BOM) or GBK."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise GovstatError(
            f"无法读取单位清单 (cannot read the list of units): {error.strerror}", file=source
        ) from error
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise GovstatError("单位清单不是 UTF-8 或 GBK 文本 (not UTF-8 or GBK text)", file=source)
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    rows = [row for row in rows if any(row)]
    if not rows:
        raise GovstatError("单位清单是空的 (the list of units is empty)", file=source)
    columns = {"name": 0, "parent": 1, "type": 2}
    first = 1
    head = [unicodedata.normalize("NFKC", c).lower() for c in rows[0]]
    if any(c in names for names in _HEADS.values() for c in head):
        columns = {key: head.index(c) for key, names in _HEADS.items() for c in head if c in names}
        if "name" not in columns:
            raise GovstatError("单位清单没有「单位」列 (no name column)", file=source)
        rows, first = rows[1:], 2
    found = UnitList(source=source)

    def cell(row: list[str], key: str) -> str:
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else ""

    for number, row in enumerate(rows, start=first):
        name = tidy(cell(row, "name"))
        if not name:
            raise GovstatError(f"第 {number} 行没有单位名称 (row {number}: no name)", file=source)
        key = agency_key(name)
        info = found.units.setdefault(key, UnitInfo(name=name))
        info.parent = tidy(cell(row, "parent")) or info.parent
        info.type = cell(row, "type") or info.type
        year, published = cell(row, "year"), cell(row, "published")
        if year or published:
            date = parse_date(published)
            if not year.isdigit() or date is None:
                raise GovstatError(
                    f"第 {number} 行的年度「{year}」或发布日期「{published}」无法识别 "
                    f"(row {number}: cannot read the year or the publication date)",
                    file=source,
                )
            found.published[key, int(year)] = date
    return found
