"""Reading plain text: a CSV/TSV table, or a whole report saved as .txt or .md.

Text comes in UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's "Unicode text"), or
GBK/GB18030 as Excel and Notepad save it on a Chinese Windows (see
:func:`govstat.readers.sniff.decode`).

A CSV is one sheet, named after the file as Excel names it when it opens one, with A1
addresses. A report's text holds its table in one of three shapes, all read onto the sheet
表格 at the row of their line (so a value is named 第57行第3栏, line 57 field 3):

- lines whose cells are separated by tabs, as a table copied out of Word or Excel;
- Markdown pipe tables (``| 统计指标 | 单位 | 统计数 |``);
- one cell per line, as a table copied from some web pages: a label line, then its unit and
  its values on lines of their own. Rows begin at each label; a unit goes to the unit column
  even when the value after it is missing, so nothing shifts into the wrong column.

Every other line is the report's running text (:attr:`Book.prose`).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from govstat.errors import GovstatError
from govstat.readers.document import DocumentBuilder
from govstat.readers.grid import Book, Origin, Sheet
from govstat.readers.sniff import MAX_DOCUMENT_CELLS, MAX_TEXT_BYTES, decode, read_limited
from govstat.values import clean_text, parse_text

_DELIMITED = {".csv", ".tsv", ".tab"}
_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_UNITS = frozenset({"条", "件", "次", "篇", "个", "人", "人次", "万元", "元", "项", "——", "—"})
_HEADS = frozenset({"统计指标", "指标", "指标名称", "项目", "单位", "计量单位", "统计数", "数量"})
MIN_ONE_PER_LINE = 8
"""A run of short lines is a table copied one cell per line when it holds this many values."""


def read_text(path: Path) -> Book:
    """A CSV/TSV file as a sheet, or a report's text as its tables and its prose."""
    name = str(path)
    text = decode(read_limited(path, MAX_TEXT_BYTES), name)
    suffix = path.suffix.lower()
    if suffix in _DELIMITED or (suffix not in {".txt", ".md", ".markdown"} and _is_csv(text)):
        return read_delimited(text, name, path.stem or "Sheet1")
    return read_report_text(text, name)


def _is_csv(text: str) -> bool:
    """Most lines split into the same number (≥ 2) of comma- or semicolon-separated fields."""
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    if len(lines) < 3:
        return False
    for delimiter in ",;":
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        common = max(set(counts), key=counts.count)
        if common >= 2 and counts.count(common) >= 0.6 * len(counts):
            return True
    return False


def _delimiter(text: str) -> str:
    """The delimiter that splits most lines into the same number (≥ 2) of fields, read as
    CSV (quotes respected); on a tie the first of , tab ; |. csv.Sniffer was fooled by a
    cell holding ``;"``."""
    lines = [line for line in text.splitlines()[:100] if line.strip()]
    best, best_score = ",", -1
    for delimiter in ",\t;|":
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        common = max(set(counts), key=counts.count) if counts else 0
        score = counts.count(common) if common >= 2 else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_delimited(text: str, name: str, sheet_name: str) -> Book:
    """A CSV or TSV file as one sheet with A1 addresses, as Excel opens it."""
    sheet = Sheet(name=sheet_name)
    delimiter = _delimiter(text)
    r = 0
    try:
        for r, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            for c, content in enumerate(row, 1):
                if content.strip():
                    sheet.cells[(r, c)] = content
            if len(sheet.cells) > MAX_DOCUMENT_CELLS:
                raise GovstatError(
                    f"CSV 文件超过 {MAX_DOCUMENT_CELLS} 个单元格，不像是统计表 "
                    "(the CSV holds too many cells to be a statistics table)",
                    file=name,
                )
    except csv.Error as exc:
        raise GovstatError(
            f"CSV 文件格式有误 (the CSV file is malformed): {exc}", file=name, where=f"line {r}"
        ) from exc
    return Book(path=name, sheets=[sheet], kind="csv")


def _split_table_line(line: str) -> list[str] | None:
    """The cells of a tab- or pipe-separated line, or None for a line of text."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        if _PIPE_SEPARATOR.match(stripped):
            return []
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
        return [cell.replace("<br>", "\n").strip() for cell in inner.split("|")]
    inner = line.strip()
    # A tab between two cells, or after a label whose value is empty (一、主动公开情况\t——\t);
    # a paragraph merely indented with a tab is text.
    if "\t" in inner or (line.rstrip("\r\n").endswith("\t") and 0 < len(inner) <= 90):
        return [cell.strip() for cell in line.rstrip("\r\n").split("\t")]
    return None


def _kind(line: str) -> str:
    """value, unit, label, head or prose: what a line is when cells stand one per line."""
    text = clean_text(line)
    if text in _UNITS:
        return "unit"
    if text in _HEADS:
        return "head"
    if len(text) <= 24 and parse_text(line).state in ("number", "mark"):
        return "value"
    if len(text) <= 90 and not text.endswith(("。", "；", ";")):
        return "label"
    return "prose"


def read_report_text(text: str, name: str) -> Book:
    """A report saved as text: its tables (tab, pipe or one cell per line) and its prose."""
    builder = DocumentBuilder(name)
    plain: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        cells = _split_table_line(line)
        if cells is None:
            plain.append((number, line))
        elif cells:
            builder.row_at(number, cells)
    for run in _runs(plain):
        if _is_one_per_line(run):
            _place_one_per_line(builder.sheet, run)
        else:
            for number, line in run:
                builder.paragraph(_unmark(line), line=number)
    book = builder.book()
    book.kind = "text"
    return book


def _unmark(line: str) -> str:
    """A line of Markdown as text: no heading marks, no emphasis."""
    return re.sub(r"^\s*#{1,6}\s*", "", line).replace("**", "").replace("__", "")


def _runs(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Plain lines cut into runs of short lines and single lines of prose."""
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in lines:
        if not line.strip():
            continue
        if _kind(line) == "prose":
            if current:
                runs.append(current)
                current = []
            runs.append([(number, line)])
        else:
            current.append((number, line))
    if current:
        runs.append(current)
    return runs


def _is_one_per_line(run: list[tuple[int, str]]) -> bool:
    kinds = [_kind(line) for _, line in run]
    values = kinds.count("value")
    return values >= MIN_ONE_PER_LINE and values + kinds.count("unit") >= 0.4 * len(kinds)


def _place_one_per_line(sheet: Sheet, run: list[tuple[int, str]]) -> None:
    """Rebuild rows from cells one per line: a row starts at each label line.

    The table has a unit column when most rows give a unit right after their label; then a
    unit always goes to column 2 and values from column 3, so a row whose unit (or value)
    vanished keeps its values in their columns.
    """
    rows: list[list[tuple[int, str, str]]] = []
    heads: list[tuple[int, str, str]] = []
    for number, line in run:
        kind = _kind(line)
        if kind == "head":
            heads.append((number, line, kind))
            continue
        if heads:
            rows.append(heads)
            heads = []
        if kind == "label" or not rows:
            rows.append([(number, line, kind)])
        else:
            rows[-1].append((number, line, kind))
    if heads:
        rows.append(heads)
    with_units = sum(1 for row in rows if len(row) > 1 and row[1][2] == "unit")
    unit_column = with_units * 2 >= len(rows)
    for row in rows:
        first = row[0][0]
        sheet.origins[first] = Origin(line=first)
        if row[0][2] == "head":
            cells = [(number, line) for number, line, _ in row]
            for col, (number, line) in enumerate(cells, start=1):
                sheet.cells[(first, col)] = line.strip()
                sheet.cell_origins[(first, col)] = Origin(line=number)
            continue
        sheet.cells[(first, 1)] = row[0][1].strip()
        sheet.cell_origins[(first, 1)] = Origin(line=first)
        rest = row[1:]
        start = 2
        if unit_column:
            start = 3
            if rest and rest[0][2] == "unit":
                number, line, _ = rest[0]
                sheet.cells[(first, 2)] = line.strip()
                sheet.cell_origins[(first, 2)] = Origin(line=number)
                rest = rest[1:]
        for col, (number, line, _) in enumerate(rest, start=start):
            sheet.cells[(first, col)] = line.strip()
            sheet.cell_origins[(first, col)] = Origin(line=number)
