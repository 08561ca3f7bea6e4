"""Shared helpers for the form-2014 tests: the seed's figures as Values, and workbook builders.

The seed's 64 rows come from ``examples/make_examples.py`` (loaded by path, since ``examples``
is not a package), so the tests and the example workbooks share one copy of the real table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from govstat.forms import get_form
from govstat.model import CellRef, FilledTable, Value
from support import load_example

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"


EX = load_example("make_examples")
FORM = get_form("2014")
SEED_ROWS: list[tuple[str, str, str]] = EX.SEED_ROWS
SHEET = "统计表"
FIRST_ROW = 5
"""Where the seed workbook's first table row stands (title, year, agency, header above)."""

assert len(SEED_ROWS) == len(FORM.indicators) == 64

ID_BY_ROW = [ind.id for ind in FORM.indicators]
"""Indicator ids in printed order: ID_BY_ROW[n - 1] is row n of the form."""


def seed_texts(corrected: bool = False) -> dict[str, str]:
    """The seed's value column as printed (or corrected), by indicator id."""
    out = {}
    for ind, (label, _unit, value) in zip(FORM.indicators, SEED_ROWS, strict=True):
        out[ind.id] = EX.CORRECTIONS.get(label, value) if corrected else value
    return out


def address_of(indicator_id: str) -> str:
    """The value cell of an indicator in the seed workbook layout (column C)."""
    return f"C{FORM.indicator(indicator_id).number + FIRST_ROW - 1}"


def make_value(indicator_id: str, content: Any) -> Value:
    """A Value as the reader would make it: a number, "" for blank, or a mark/invalid text."""
    cell = CellRef(sheet=SHEET, address=address_of(indicator_id))
    if content is None or content == "":
        return Value(indicator=indicator_id, state="blank", cell=cell)
    if isinstance(content, (int, Decimal)) or (isinstance(content, str) and _numeric(content)):
        number = Decimal(str(content))
        return Value(
            indicator=indicator_id, state="number", number=number, raw=str(content), cell=cell
        )
    if content in ("——", "—", "-", "/", "无"):
        return Value(indicator=indicator_id, state="mark", raw=content, cell=cell)
    return Value(indicator=indicator_id, state="invalid", raw=str(content), cell=cell)


def _numeric(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def consistent_values() -> dict[str, Value]:
    """The corrected seed: a table on which every rule of form 2014 holds."""
    return {ident: make_value(ident, text) for ident, text in seed_texts(corrected=True).items()}


def filled(
    changes: dict[str, Any] | None = None, base: dict[str, Value] | None = None
) -> FilledTable:
    """A FilledTable of the corrected seed with some values replaced (see :func:`make_value`)."""
    values = dict(base if base is not None else consistent_values())
    for ident, content in (changes or {}).items():
        assert ident in values, ident
        values[ident] = make_value(ident, content)
    return FilledTable(form="2014", source="test.xlsx", sheet=SHEET, values=values)


# ---------------------------------------------------------------- workbooks


def seed_number(text: str) -> Any:
    """A value as a clerk types it into Excel: digits become numbers, blank becomes None."""
    return EX._number(text)


def table_block(
    rows: Sequence[tuple[str, str, str]] = SEED_ROWS,
    *,
    order: Sequence[str] = ("label", "unit", "value"),
    header: bool = True,
) -> list[list[Any]]:
    """The table as sheet rows: an optional header row, then one row per (label, unit, value).

    ``order`` names the columns left to right among ``label``, ``unit``, ``value``, ``index``
    (序号) and ``code`` (代码).
    """
    heads = {
        "label": "统计指标",
        "unit": "单位",
        "value": "统计数",
        "index": "序号",
        "code": "代码",
    }
    out: list[list[Any]] = []
    if header:
        out.append([heads[c] for c in order])
    for number, (label, unit, value) in enumerate(rows, start=1):
        cells = {
            "label": label,
            "unit": unit,
            "value": seed_number(value),
            "index": number,
            "code": f"A{number:03d}",
        }
        out.append([cells[c] for c in order])
    return out


TITLE = [["政府信息公开情况统计表"], ["（2018 年度）"], [f"填报单位：{EX.AGENCY}"]]
FOOTER = [[], *([line] for line in EX.FOOTER)]


def save_book(
    path: Path,
    sheets: Iterable[tuple[str, list[list[Any]]]],
    merges: dict[str, list[str]] | None = None,
) -> Path:
    """Write sheets of rows to ``path`` with openpyxl; ``merges`` maps sheet → ranges."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
    book.save(path)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
