"""The blank fill-in workbook of a form, in the official layout, generated from its tables.

One sheet: the form's title, then 年度 and 填报单位 to fill (read back as the report's
metadata), then each table of the form under its section heading, laid out as printed:

- ``list`` (form 2014): 统计指标 | 单位 | 统计数, header rows shaded and marked ——, the
  signatures below;
- ``matrix`` (the blocks of table 二, table 三): row labels over the label columns, column heads
  merged over several rows, the corner (信息内容 or the 勾稽 note), group rows shaded and
  running down beside their rows;
- ``strip`` (table 四): merged heads over one row of values.

Shaded cells are printed by the form. The sheet is protected so that only the cells to fill
can be typed into, each with the data validation of its kind. ``govstat validate`` reads the
blank template back as its form.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from govstat.fileio import write_atomic
from govstat.forms import Form
from govstat.template.layouts import FOOTER, WRITERS, Grid
from govstat.template.paint import HEADING, LEFT, TITLE, Painter

FIRST_ROW = 5
"""A list table's first indicator row; rows above hold title, year, agency and header."""

SHEET = "统计表"
HEAD = ("年度：", "填报单位：")


def build_template(form: Form) -> Workbook:
    """The template as an openpyxl Workbook."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = SHEET
    paint = Painter(sheet)
    grid = Grid.of(form)
    title = Alignment(horizontal="center")
    paint.box(1, 1, form.title, cols=grid.width, font=TITLE, align=title, border=False)
    for row, caption in enumerate(HEAD, start=2):
        paint.caption(row, caption)
    row = len(HEAD) + 2
    printed = {form.title}
    for table in form.tables:
        # A block of table 二 prints its section's heading once; table 三 and 四 their title.
        heading = table.section or (None if table.anchor else table.title)
        if heading is not None and heading not in printed:
            printed.add(heading)
            paint.box(row + 1, 1, heading, cols=grid.width, font=HEADING, align=LEFT, border=False)
            row += 2
        row = WRITERS[table.layout](paint, form, table, row, grid)
    paint.finish()
    return book


def write_template(form: Form, path: str | Path) -> None:
    """Write the template of ``form`` to ``path`` atomically."""
    book = build_template(form)
    write_atomic(path, lambda tmp: book.save(tmp))


__all__ = ["FIRST_ROW", "FOOTER", "build_template", "write_template"]
