"""The template's styles, and the painter that lays out boxes and value cells with them."""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from govstat.model import Indicator, ValueKind

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHADE = PatternFill("solid", fgColor="D9D9D9")
"""Printed by the form: titles, heads, group rows. Unshaded boxes are the cells to fill."""
UNLOCKED = Protection(locked=False)
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=16)
HEADING = Font(bold=True, size=12)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right")

# What a value cell of each kind accepts: the data validation and the words that say it.
ACCEPTS: dict[ValueKind, tuple[dict[str, str], str]] = {
    ValueKind.count: (
        {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0"},
        "不小于 0 的整数",
    ),
    ValueKind.money: (
        {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"},
        "不小于 0 的数（可有小数）",
    ),
    ValueKind.signed: (
        {
            "type": "whole",
            "operator": "between",
            "formula1": "-999999999",
            "formula2": "999999999",
        },
        "整数：增加填正数，减少填负数（如 -3）",
    ),
    # 采购总金额 has no unit in the form and real tables write it in the cell (251000元,
    # 25.1万元); the checker keeps the unit written. A number-only rule would make the clerk
    # drop the unit, so this one accepts a number ≥ 0 alone or followed by 元 / 万元 and
    # refuses anything else. {cell} is the first cell the rule covers: Excel reads the
    # formula relative to it.
    ValueKind.amount: (
        {
            "type": "custom",
            "formula1": 'IFERROR(--SUBSTITUTE(SUBSTITUTE({cell},"元",""),"万","")>=0,FALSE)',
        },
        "不小于 0 的金额，可带单位（如 251000元、25.1万元）",
    ),
}


@dataclass
class Painter:
    """Writes boxes (a cell, or a merged range) and value cells onto one sheet."""

    sheet: Worksheet
    widths: dict[int, float] = field(default_factory=dict)
    entries: dict[ValueKind, list[str]] = field(default_factory=dict)
    texts: list[tuple[int, int, int, str]] = field(default_factory=list)
    """(row, column, columns spanned, text) of every one-row box holding text."""
    addresses: dict[str, str] = field(default_factory=dict)
    """Indicator id → the coordinate of its value cell, and caption text → its fill cell."""
    heads: list[tuple[int, int, int]] = field(default_factory=list)
    """(first head row, last head row, last row) of every table painted, in order."""

    def box(
        self,
        row: int,
        col: int,
        value: str | None = None,
        *,
        rows: int = 1,
        cols: int = 1,
        shade: bool = False,
        font: Font | None = None,
        align: Alignment | None = None,
        border: bool = True,
    ) -> Cell:
        """Write ``value`` into the box of ``rows`` × ``cols`` cells whose top left is given."""
        cell = self.sheet.cell(row, col, value)
        assert isinstance(cell, Cell)
        if align is not None:
            cell.alignment = align
        if font is not None:
            cell.font = font
        for r in range(row, row + rows):
            for c in range(col, col + cols):
                inner = self.sheet.cell(r, c)
                if border:
                    inner.border = BORDER
                if shade:
                    inner.fill = SHADE
        if rows > 1 or cols > 1:
            self.sheet.merge_cells(
                start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1
            )
        if isinstance(value, str) and rows == 1:
            self.texts.append((row, col, cols, value))
        return cell

    def entry(self, row: int, col: int, indicator: Indicator, cols: int = 1) -> Cell:
        """The value cell of an indicator: unlocked, and checked as its kind asks."""
        cell = self.box(row, col, cols=cols)
        cell.protection = UNLOCKED
        self.entries.setdefault(indicator.kind, []).append(cell.coordinate)
        self.addresses[indicator.id] = cell.coordinate
        return cell

    def caption(self, row: int, text: str) -> None:
        """``text`` right-aligned in column A, the unlocked cell to fill beside it over B:C."""
        self.sheet.cell(row, 1, text).alignment = RIGHT
        self.sheet.cell(row, 2).protection = UNLOCKED
        self.sheet.cell(row, 2).alignment = Alignment(horizontal="left")  # 2018 beside 年度：
        self.sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        self.addresses[text] = self.sheet.cell(row, 2).coordinate

    def width(self, col: int, width: float) -> None:
        """Make column ``col`` at least ``width`` wide (tables share the sheet's columns)."""
        self.widths[col] = max(width, self.widths.get(col, 0))

    def finish(self) -> None:
        """Column widths, the data validations and the sheet's protection (row heights and
        the print layout are :mod:`govstat.template.printing`'s)."""
        for col, width in sorted(self.widths.items()):
            self.sheet.column_dimensions[get_column_letter(col)].width = width
        for kind in ValueKind:
            if kind in ACCEPTS and self.entries.get(kind):
                self._validate(kind, self.entries[kind])
        # Protect the sheet without a password: the layout stays intact, the clerk fills the
        # unlocked cells, and anyone who must change the layout can lift the protection.
        self.sheet.protection.sheet = True
        self.sheet.protection.formatCells = False
        self.sheet.protection.formatColumns = False

    def _validate(self, kind: ValueKind, cells: list[str]) -> None:
        rule, what = ACCEPTS[kind]
        options = {key: text.format(cell=cells[0]) for key, text in rule.items()}
        validation = DataValidation(**options)  # type: ignore[arg-type]
        validation.error = f"请填写{what}；未发生的填 0，不要留空。"
        validation.errorTitle = "数值不符合要求"
        validation.prompt = f"填写{what}"
        validation.showErrorMessage = True
        validation.showInputMessage = True
        for cell in cells:
            validation.add(cell)
        self.sheet.add_data_validation(validation)
