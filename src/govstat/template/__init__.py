"""The blank fill-in workbook of a form, in the official layout, generated from its tables.

One sheet: the form's title, then 年度 and 填报单位 to fill (read back as the report's
metadata), then each table of the form under its section heading, laid out as printed:

- ``list`` (form 2014): 统计指标 | 单位 | 统计数, header rows shaded and marked ——, the
  signatures below;
- ``matrix`` (the blocks of table 二, table 三): row labels over the label columns, column heads
  merged over several rows, the corner (信息内容 or the 勾稽 note), group rows shaded and
  running down beside their rows;
- ``strip`` (table 四): merged heads over one row of values.

To the right of the tables stands the check block (see :mod:`govstat.template.checks`): every
rule over the printed cells as a formula, a failing total painted red, and cells counting the
rules that fail. Shaded cells are printed by the form. The sheet is protected so that only the
cells to fill can be typed into, each with the data validation of its kind. ``govstat
validate`` reads the blank template back as its form.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from govstat.fileio import write_atomic
from govstat.forms import Form, get_form
from govstat.model import FilledTable, Lang, ValueKind
from govstat.template.checks import CheckBlock, write_checks
from govstat.template.layouts import FOOTER, WRITERS, Grid
from govstat.template.paint import HEADING, LEFT, TITLE, Painter
from govstat.template.printing import fit_rows, set_print_layout

FIRST_ROW = 5
"""A list table's first indicator row; rows above hold title, year, agency and header."""

SHEET = "统计表"
HEAD = ("年度：", "填报单位：")


def build_template(form: Form, filled: FilledTable | None = None) -> Workbook:
    """The template as an openpyxl Workbook; with ``filled``, the same holding its values
    and metadata (a table in the official layout, as ``compile`` and ``render`` write it)."""
    return paint_template(form, filled).book


@dataclass
class Painted:
    """A template as painted: the workbook, the painter (which knows each indicator's cell)
    and the check block beside the tables."""

    book: Workbook
    paint: Painter
    checks: CheckBlock


def paint_template(form: Form, filled: FilledTable | None = None, lang: Lang = "zh") -> Painted:
    """:func:`build_template`, keeping where everything was painted; ``lang`` is the language
    of the check block (the form itself prints its official Chinese)."""
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
    block = write_checks(paint, form, column=grid.width + 2, row=len(HEAD) + 2, lang=lang)
    if filled is not None:
        _fill(paint, filled)
    paint.finish()
    lay_out_for_print(paint, row - 1, grid.width)
    return Painted(book, paint, block)


def lay_out_for_print(paint: Painter, last_row: int, last_col: int) -> None:
    """The print layout (:mod:`govstat.template.printing`): the form alone, the head of its
    longest table (form 2014's list, table 三) repeated on every page."""
    longest = max(paint.heads, key=lambda head: head[2] - head[1])
    fit_rows(paint.sheet, last_row, last_col)
    set_print_layout(paint.sheet, last_row, last_col, longest[:2])


_METADATA_CAPTIONS = {
    "年度：": "year",
    "填报单位：": "agency",
    "单位负责人：": "head",
    "审核人：": "reviewer",
    "填报人：": "preparer",
    "联系电话：": "phone",
    "填报日期：": "date",
}


def _fill(paint: Painter, filled: FilledTable) -> None:
    """Write each value as a number where it is one (a mark or text as written), and the
    metadata beside its caption."""
    form = get_form(filled.form)
    for indicator, coordinate in paint.addresses.items():
        value = filled.values.get(indicator)
        if value is not None and value.state == "number" and value.number is not None:
            number = value.number
            integral = number == number.to_integral_value()
            paint.sheet[coordinate] = int(number) if integral else float(number)
            kind = form.indicator(indicator).kind
            if value.approximate or (kind is ValueKind.amount and value.note):
                # 620余 and 251000元 keep what they say, as the reader reads them back.
                paint.sheet[coordinate] = value.display(kind)
        elif value is not None and value.state in ("mark", "invalid") and value.raw:
            paint.sheet[coordinate] = value.raw
    for caption, field_name in _METADATA_CAPTIONS.items():
        place = paint.addresses.get(caption)
        meta = getattr(filled.metadata, field_name)
        if place is not None and meta is not None:
            paint.sheet[place] = meta


def write_workbook(filled: FilledTable, path: str | Path) -> None:
    """Write a filled table in the official layout to ``path`` atomically."""
    book = build_template(get_form(filled.form), filled)
    write_atomic(path, lambda tmp: book.save(tmp))


def write_template(form: Form, path: str | Path) -> None:
    """Write the template of ``form`` to ``path`` atomically."""
    book = build_template(form)
    write_atomic(path, lambda tmp: book.save(tmp))


__all__ = [
    "FIRST_ROW",
    "FOOTER",
    "Painted",
    "build_template",
    "paint_template",
    "write_template",
    "write_workbook",
]
