"""The blank fill-in workbook of a form, in the official layout.

Title, 年度 and 填报单位 on top; 统计指标 | 单位 | 统计数 with every row of the form; header
rows shaded and marked ——; the signatures, phone and date below. The sheet is protected so
that only the cells to fill can be typed into, and each value cell accepts only a
non-negative number (a whole number for counts). ``govstat validate`` reads it back as is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govstat.fileio import write_atomic
from govstat.forms import Form
from govstat.model import ValueKind

FIRST_ROW = 5
"""The row of the form's first indicator; rows above hold title, year, agency and header."""

FOOTER = ["单位负责人：", "审核人：", "填报人：", "联系电话：", "填报日期："]


def build_template(form: Form) -> Any:
    """The template as an openpyxl Workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "统计表"
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    shade = PatternFill("solid", fgColor="D9D9D9")
    unlocked = Protection(locked=False)

    sheet["A1"] = form.title
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells("A1:C1")
    for row, caption in ((2, "年度："), (3, "填报单位：")):
        sheet.cell(row, 1, caption).alignment = Alignment(horizontal="right")
        sheet.cell(row, 2).protection = unlocked
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    for col, head in enumerate(form.header_labels, start=1):
        cell = sheet.cell(FIRST_ROW - 1, col, head)
        cell.font = Font(bold=True)
        cell.fill = shade
        cell.border = border
        cell.alignment = Alignment(horizontal="center")

    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    money = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    for validation, what in ((counts, "不小于 0 的整数"), (money, "不小于 0 的数（可有小数）")):
        validation.error = f"请填写{what}；未发生的填 0，不要留空。"
        validation.errorTitle = "数值不符合要求"
        validation.prompt = f"填写{what}"
        validation.showErrorMessage = True
        validation.showInputMessage = True
        sheet.add_data_validation(validation)

    for offset, ind in enumerate(form.indicators):
        row = FIRST_ROW + offset
        label = sheet.cell(row, 1, ind.label)
        label.alignment = Alignment(indent=ind.level, wrap_text=True, vertical="center")
        unit = sheet.cell(row, 2, ind.unit)
        unit.alignment = Alignment(horizontal="center", vertical="center")
        value = sheet.cell(row, 3)
        for box in (label, unit, value):
            box.border = border
        if ind.is_header:
            value.value = "——"
            value.alignment = Alignment(horizontal="center")
            for box in (label, unit, value):
                box.fill = shade
            label.font = Font(bold=True)
        else:
            value.protection = unlocked
            (money if ind.kind is ValueKind.money else counts).add(value.coordinate)

    footer_row = FIRST_ROW + len(form.indicators) + 1
    for offset, caption in enumerate(FOOTER):
        sheet.cell(footer_row + offset, 1, caption).alignment = Alignment(horizontal="right")
        sheet.cell(footer_row + offset, 2).protection = unlocked
        sheet.merge_cells(
            start_row=footer_row + offset, start_column=2, end_row=footer_row + offset, end_column=3
        )

    sheet.column_dimensions["A"].width = 72
    sheet.column_dimensions["B"].width = 8
    sheet.column_dimensions["C"].width = 14
    sheet.freeze_panes = f"A{FIRST_ROW}"
    # Protect the sheet without a password: the layout stays intact, the clerk fills the
    # unlocked cells, and anyone who must change the layout can lift the protection.
    sheet.protection.sheet = True
    sheet.protection.formatCells = False
    sheet.protection.formatColumns = False
    return book


def write_template(form: Form, path: str | Path) -> None:
    """Write the template of ``form`` to ``path`` atomically."""
    book = build_template(form)
    write_atomic(path, lambda tmp: book.save(tmp))
