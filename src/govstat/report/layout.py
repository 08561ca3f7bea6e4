"""The official layout of a filled form as boxes, for the renders that draw tables (HTML, Word).

The layout is read off the template (:mod:`govstat.template`), which is the one place that
lays a form out: the same title, the same merged heads, the same group labels running down
beside their rows, the same shading. A page is a list of :class:`Line` (title, headings,
captions) and :class:`Band` (one printed table: its rows of :class:`Box`, each with its row
and column spans).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from govstat.forms import Form, get_form
from govstat.model import FilledTable, Lang, Report, Value
from govstat.report.words import translate
from govstat.template import paint_template
from govstat.template.paint import SHADE, TITLE

LIST_VALUE_COLUMN = 3
"""统计数, the value column of a list table (统计指标 | 单位 | 统计数)."""

Role = Literal["head", "label", "value", "mark", "empty"]


@dataclass
class Box:
    """One printed box: a cell or a merged range."""

    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    shade: bool = False
    bold: bool = False
    align: str = "left"
    indent: int = 0
    indicator: str | None = None
    """The value cell's indicator id."""
    col: int = 0
    """The box's first column in its band, from 0."""


@dataclass
class Band:
    """One printed table: rows of boxes, left to right; ``widths`` in spreadsheet units."""

    rows: list[list[Box]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)


@dataclass
class Line:
    """A line printed outside the tables."""

    text: str
    style: Literal["title", "heading", "text"]


Part = Line | Band


def filled_of(report: Report) -> FilledTable:
    """The table a report was made from, rebuilt from its values (to draw it again)."""
    values = {
        v.indicator: Value(
            indicator=v.indicator,
            state=v.state,
            number=v.value,
            raw=v.text if v.state in ("mark", "invalid") else None,
            approximate=v.state == "number" and v.text.endswith("余"),
            note=v.unit if v.unit != get_form(report.form).indicator(v.indicator).unit else None,
            cell=v.cell,
        )
        for v in report.values
    }
    return FilledTable(
        form=report.form,
        source=report.file,
        sheet=report.sheet,
        metadata=report.metadata,
        values=values,
    )


def page(filled: FilledTable, lang: Lang = "zh", header_values: bool = False) -> list[Part]:
    """The filled form as printed: lines and tables in order, texts in ``lang``; with
    ``header_values``, what a list's header rows hold instead of their —— (for reports)."""
    form = get_form(filled.form)
    painted = paint_template(form, filled)
    sheet = painted.paint.sheet
    last_col = painted.checks.column - 2  # the check block is not part of the form
    at = {c: ind for ind, c in painted.paint.addresses.items() if form.has_indicator(ind)}
    spans = {
        (r.min_row, r.min_col): (
            r.max_row - r.min_row + 1,
            min(r.max_col, last_col) - r.min_col + 1,
        )
        for r in sheet.merged_cells.ranges
        if r.min_col <= last_col
    }
    covered = {
        (row, col)
        for r in sheet.merged_cells.ranges
        for row in range(r.min_row, r.max_row + 1)
        for col in range(r.min_col, r.max_col + 1)
        if (row, col) != (r.min_row, r.min_col)
    }
    widths = [
        sheet.column_dimensions[get_column_letter(col)].width or 8.43
        for col in range(1, last_col + 1)
    ]
    parts: list[Part] = []
    band: list[int] = []

    def close_band() -> None:
        if band:
            parts.append(
                _band(
                    sheet,
                    form,
                    filled,
                    band,
                    last_col,
                    spans,
                    covered,
                    at,
                    widths,
                    lang,
                    header_values,
                )
            )
            band.clear()

    for row in range(1, sheet.max_row + 1):
        cells = [sheet.cell(row, col) for col in range(1, last_col + 1)]
        if any(_bordered(c) for c in cells if (c.row, c.column) not in covered):
            band.append(row)
            continue
        close_band()
        line = _line(form, filled, cells, at, lang)
        if line is not None:
            parts.append(line)
    close_band()
    return parts


def _bordered(cell: object) -> bool:
    return (
        isinstance(cell, Cell)
        and cell.border.left is not None
        and cell.border.left.style is not None
    )


def _line(
    form: Form, filled: FilledTable, cells: Sequence[object], at: dict[str, str], lang: Lang
) -> Line | None:
    texts = [c for c in cells if isinstance(c, Cell) and c.value not in (None, "")]
    if not texts:
        return None
    first = texts[0]
    if first.font is not None and first.font.sz == TITLE.sz and first.font.b:
        return Line(translate(form, str(first.value), lang), "title")
    if first.font is not None and first.font.b:
        return Line(translate(form, str(first.value), lang), "heading")
    caption = translate(form, str(first.value), lang)
    rest = " ".join(str(c.value) for c in texts[1:])
    return Line(f"{caption}{' ' if lang == 'en' and rest else ''}{rest}", "text")


def _band(
    sheet: Worksheet,
    form: Form,
    filled: FilledTable,
    rows: list[int],
    last_col: int,
    spans: dict[tuple[int, int], tuple[int, int]],
    covered: set[tuple[int, int]],
    at: dict[str, str],
    widths: list[float],
    lang: Lang,
    header_values: bool,
) -> Band:
    used = [
        col
        for row in rows
        for col in range(1, last_col + 1)
        if (row, col) not in covered and _bordered(sheet.cell(row, col))
    ]
    first, last = min(used), max(used)
    for (row, col), (_, cols) in spans.items():
        if row in rows and first <= col <= last:
            last = max(last, col + cols - 1)
    band = Band(widths=widths[first - 1 : last])
    for row in rows:
        boxes: list[Box] = []
        row_indicator = next(
            (at[c.coordinate] for c in sheet[row] if isinstance(c, Cell) and c.coordinate in at),
            None,
        ) or _header_row(form, sheet, row, first, last)
        for col in range(first, last + 1):
            if (row, col) in covered:
                continue
            cell = sheet.cell(row, col)
            assert isinstance(cell, Cell)
            rowspan, colspan = spans.get((row, col), (1, 1))
            colspan = min(colspan, last - col + 1)
            box = _box(form, filled, cell, rowspan, colspan, at, row_indicator, lang, header_values)
            box.col = col - first
            boxes.append(box)
        band.rows.append(boxes)
    return band


def _header_row(form: Form, sheet: Worksheet, row: int, first: int, last: int) -> str | None:
    """The header indicator a list's row prints, found by its label."""
    label = sheet.cell(row, first).value
    for ind in form.indicators:
        if ind.is_header and ind.label == label:
            return ind.id
    return None


def _box(
    form: Form,
    filled: FilledTable,
    cell: Cell,
    rowspan: int,
    colspan: int,
    at: dict[str, str],
    row_indicator: str | None,
    lang: Lang,
    header_values: bool = False,
) -> Box:
    shade = (
        cell.fill is not None
        and cell.fill.fgColor is not None
        and (cell.fill.fgColor.rgb == SHADE.fgColor.rgb)
    )
    bold = bool(cell.font is not None and cell.font.b)
    horizontal = cell.alignment.horizontal if cell.alignment is not None else None
    indent = int(cell.alignment.indent or 0) if cell.alignment is not None else 0

    def box(text: str, role: Role, align: str, indicator: str | None = None) -> Box:
        return Box(text, role, rowspan, colspan, shade, bold, align, indent, indicator)

    indicator = at.get(cell.coordinate)
    if (
        indicator is None
        and row_indicator is not None
        and form.indicator(row_indicator).is_header
        and cell.value == "——"
        and cell.alignment is not None
        and cell.column == LIST_VALUE_COLUMN
    ):
        # A list's header row prints ——, the form's own mark, in every render (the workbook
        # render too); a report on the table shows what it held there, which a finding names.
        value = filled.values.get(row_indicator)
        if header_values and value is not None and value.display():
            return box(value.display(), "value", "right", row_indicator)
        return box("——", "mark", "center", row_indicator)
    if indicator is not None and form.has_indicator(indicator):
        value = filled.values.get(indicator)
        text = value.display(form.indicator(indicator).kind) if value is not None else ""
        return box(text, "value", "right", indicator)
    text = "" if cell.value is None else str(cell.value)
    if text == "——":
        return box(text, "mark", "center")
    if not text:
        return box("", "empty", "left")
    text = cell_text(form, text, row_indicator, lang)
    role: Role = "head" if shade and bold else "label"
    return box(text, role, horizontal or "left")


def cell_text(form: Form, text: str, row_indicator: str | None, lang: Lang) -> str:
    """A text the form prints in a row, in ``lang``: a row's label by the row's own English
    (labels repeat: （二）被依法纠错数 stands under 四 and 五), anything else by the form's."""
    if lang == "en" and row_indicator is not None:
        ind = form.indicator(row_indicator)
        if text == ind.label:
            return ind.en
    return translate(form, text, lang)


def translate_sheet(form: Form, sheet: Worksheet, addresses: dict[str, str], lang: Lang) -> None:
    """Put every text the form prints on a painted sheet into ``lang``; values stay."""
    if lang == "zh":
        return
    values = set(addresses.values())
    by_row: dict[int, str] = {}
    for ind, coordinate in addresses.items():
        if form.has_indicator(ind):
            by_row.setdefault(int(coordinate.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), ind)
    for row in sheet.iter_rows():
        for cell in row:
            if not isinstance(cell, Cell) or cell.coordinate in values:
                continue
            if isinstance(cell.value, str) and not cell.value.startswith("="):
                indicator = by_row.get(cell.row) or _header_row(form, sheet, cell.row, 1, 1)
                cell.value = cell_text(form, cell.value, indicator, lang)
