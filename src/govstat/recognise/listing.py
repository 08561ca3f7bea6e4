"""Reading a list table (label | unit | value, one value per row), as form 2014 prints it.

The table is found by its labels wherever it stands: on any sheet, below title rows, above
the footer, beside extra columns such as 序号 or 代码. Rows are placed by label and by order,
because labels repeat (（二）被依法纠错数 stands under both 四 and 五). Columns come from the
header row (统计指标 | 单位 | 统计数, in any order) or, without one, from what the cells
beside the labels hold.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from govstat.forms import Form, Table, get_form
from govstat.model import Finding, Value, ValueKind
from govstat.readers.grid import Book, Sheet
from govstat.recognise.common import (
    Reporter,
    TableRead,
    label_hits,
    misread,
    numbers_beside,
    place_in_order,
    read_cell,
)
from govstat.recognise.matching import LabelMatch, Matcher
from govstat.values import clean_text, parse_cell

_HEADER_NAMES = {
    "label": {"统计指标", "指标", "指标名称", "项目", "统计项目"},
    "unit": {"单位", "计量单位", "统计单位"},
    "value": {"统计数", "数量", "数值", "统计数据", "统计数字", "数据", "合计"},
}
_UNITS = {"条", "件", "次", "篇", "个", "人", "人次", "万元", "元", "——", "—", "-"}


@cache
def _matcher(form_id: str, table_id: str) -> Matcher:
    table = get_form(form_id).table(table_id)
    return Matcher((row.label, row.aliases) for row in table.rows)


@dataclass
class _Placement:
    """Where a list table stands in one sheet, and which sheet row each of its rows is on."""

    table: Table
    sheet: Sheet
    label_col: int
    rows: dict[int, LabelMatch]  # row position in the table → the label cell
    unplaced: list[LabelMatch] = field(default_factory=list)
    unit_col: int | None = None
    value_col: int | None = None
    header_row: int | None = None

    @property
    def score(self) -> int:
        return sum(1 for i in self.rows if self.table.rows[i].kind is not ValueKind.header)


def _locate(book: Book, form: Form, table: Table) -> _Placement | None:
    """The sheet and label column holding most of the table's labels."""
    best: _Placement | None = None
    for sheet in book.sheets:
        by_col: dict[int, list[LabelMatch]] = defaultdict(list)
        for hit in label_hits(sheet, _matcher(form.id, table.id)):
            by_col[hit.col].append(hit)
        for col, hits in by_col.items():
            placed, left = place_in_order(hits)
            placement = _Placement(table, sheet, col, placed, left)
            if best is None or placement.score > best.score:
                best = placement
    return best


def _find_header(placement: _Placement) -> None:
    """Read the columns from a header row above the table, if there is one."""
    sheet = placement.sheet
    first = min(hit.row for hit in placement.rows.values())
    for row in range(first - 1, max(0, first - 6), -1):
        roles: dict[str, int] = {}
        for c, content in sheet.row(row):
            if not isinstance(content, str):
                continue
            key = clean_text(content)
            for role, names in _HEADER_NAMES.items():
                if key in names or (role == "value" and key.endswith(("统计数", "年度", "数量"))):
                    roles.setdefault(role, c)
        if "value" in roles and ("label" in roles or "unit" in roles):
            placement.header_row = row
            placement.value_col = roles["value"]
            placement.unit_col = roles.get("unit")
            return


def _guess_columns(placement: _Placement) -> None:
    """Without a header: units are where 条/件/次 stand; values are the numbers beside labels."""
    sheet = placement.sheet
    rows = {hit.row for hit in placement.rows.values()}
    unit_votes: Counter[int] = Counter()
    value_votes: Counter[int] = Counter()
    for row in rows:
        for c, content in sheet.row(row):
            if c == placement.label_col:
                continue
            if isinstance(content, str) and clean_text(content) in _UNITS:
                unit_votes[c] += 1
            if parse_cell(content).state in ("number", "mark"):
                value_votes[c] += 1
    for r, c in sheet.formulas_without_value:
        if r in rows:
            value_votes[c] += 1
    if unit_votes:
        placement.unit_col = unit_votes.most_common(1)[0][0]
    candidates = [
        c for c, votes in value_votes.items() if c != placement.unit_col and votes * 3 >= len(rows)
    ]
    right = sorted(c for c in candidates if c > placement.label_col)
    left = sorted((c for c in candidates if c < placement.label_col), reverse=True)
    if right or left:
        placement.value_col = (right or left)[0]


def _strays(placement: _Placement) -> list[LabelMatch]:
    """Text in the label column, inside the table, that matches no row of the form."""
    sheet = placement.sheet
    placed = {hit.row for hit in placement.rows.values()}
    strays = list(placement.unplaced)
    seen = {s.row for s in strays}
    rows = sorted(placed)
    for row in range(rows[0] + 1, rows[-1]):
        text = sheet.text(row, placement.label_col).strip()
        if row in placed or row in seen or not text:
            continue
        value_col = placement.value_col or 0
        if text[0] in "（(" and row - 1 in placed and sheet.get(row, value_col) is None:
            continue  # the bracketed note of the label above, wrapped onto its own row
        strays.append(LabelMatch(row, placement.label_col, text, (), "exact"))
    return sorted(strays, key=lambda s: s.row)


def read_list(book: Book, form: Form, table: Table, reporter: Reporter) -> TableRead | None:
    """Find a list table in ``book`` and read its values; None when none of its labels is there."""
    placement = _locate(book, form, table)
    if placement is None or not placement.rows:
        return None
    _find_header(placement)
    if placement.value_col is None:
        _guess_columns(placement)
    sheet = placement.sheet
    values: dict[str, Value] = {}
    findings: list[Finding] = []
    expected = sum(1 for row in table.rows if row.kind is not ValueKind.header)
    read = TableRead(table, sheet, values, findings, placement.score, expected)
    if placement.value_col is None:
        read.signals.append("no-value-column")
        return read
    for index, row in enumerate(table.rows):
        indicator = table.cell_id(row.id, "")
        hit = placement.rows.get(index)
        if hit is None:
            values[indicator] = Value(indicator=indicator, state="missing")
            if not row.optional:
                findings.append(reporter.missing(row.label, indicator))
            continue
        read.rows_used.add(hit.row)
        read.labels.add(row.label)
        if hit.quality != "exact" and not misread(sheet, hit, row.label):
            findings.append(reporter.drift(sheet, hit, row.label, indicator))
        value, problem = read_cell(
            sheet, hit.row, placement.value_col, indicator, row.label, reporter
        )
        values[indicator] = value
        if problem is not None:
            findings.append(problem)
    findings.extend(reporter.stray(sheet, stray) for stray in _strays(placement))
    first = min(hit.row for hit in placement.rows.values())
    head = placement.header_row or first
    findings.extend(
        numbers_beside(
            sheet,
            sorted((hit.row, table.rows[i].label) for i, hit in placement.rows.items()),
            placement.value_col,
            range(max(1, head - 2), first),
            reporter,
        )
    )
    if placement.header_row is not None:
        read.rows_used.add(placement.header_row)
        read.signals.append(f"header-row:{placement.header_row}")
    return read
