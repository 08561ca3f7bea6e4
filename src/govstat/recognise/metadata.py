"""Reading what surrounds the tables: 填报单位, 年度, signatures, phone, date, report title."""

from __future__ import annotations

import re

from govstat.model import Metadata
from govstat.readers.grid import Sheet

_META_FIELDS = {
    "agency": ("填报单位", "填报机关", "报送单位"),
    "head": ("单位负责人", "负责人"),
    "reviewer": ("审核人",),
    "preparer": ("填报人", "填表人"),
    "phone": ("联系电话", "电话"),
    "date": ("填报日期", "报送日期"),
    "year": ("年度", "统计年度"),
}
_META_KEY = re.compile(
    "("
    + "|".join(sorted({k for ks in _META_FIELDS.values() for k in ks}, key=len, reverse=True))
    + ")"
    r"\s*[:：]"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度")
_REPORT_TITLE = re.compile(
    r"^(?P<agency>.*?)\s*(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*政府信息公开(?:工作)?年度报告"
)


def read_metadata(sheets: list[tuple[Sheet, set[int]]]) -> Metadata:
    """Read 填报单位, 年度, the signatures, phone and date from the cells around the table."""
    found: dict[str, str] = {}
    for sheet, skip_rows in sheets:
        _scan(sheet, skip_rows, found)
    year_text = found.pop("year", "")
    year_match = re.search(r"(?:19|20)\d{2}", year_text)
    return Metadata(year=int(year_match.group()) if year_match else None, **found)


def _scan(sheet: Sheet, skip_rows: set[int], found: dict[str, str]) -> None:
    for (row, col), content in sorted(sheet.cells.items()):
        if row in skip_rows or isinstance(content, bool) or not isinstance(content, (str, int)):
            continue
        text = str(content).strip()
        if title := _REPORT_TITLE.match(text):  # 某某局2022年政府信息公开工作年度报告
            found.setdefault("year", title["year"])
            if title["agency"].strip():
                found.setdefault("agency", title["agency"].strip())
        if "year" not in found and (year := _YEAR.search(text)):
            found["year"] = year.group(1)
        pieces = _META_KEY.split(text)
        # pieces: [before, key1, value1, key2, value2, ...]
        for key, value in zip(pieces[1::2], pieces[2::2], strict=True):
            value = value.strip()
            if not value:  # "填报单位：" alone: the value stands in the next cell to the right
                value = next(
                    (
                        str(v).strip()
                        for c, v in sheet.row(row)
                        if c > col and str(v).strip() and not _META_KEY.match(str(v).strip())
                    ),
                    "",
                )
            name = next(f for f, keys in _META_FIELDS.items() if key in keys)
            if value and name not in found:
                found[name] = value
