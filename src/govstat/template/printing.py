"""How a painted form prints: A4, the table alone, fit to the page's width, its head repeated,
and every row as tall as the wrapped text of its cells.

A clerk prints the table, signs it and stamps it, so it must print like the official form: the
print area is the form (the check block beside it stays on screen), portrait for form 2014's
three columns and landscape for the wide tables of forms 2019/2021, and the head of the longest
table repeated on every page it runs over. Spreadsheets do not size rows holding merged or
wrapped text themselves when printing, so each row's height is computed here from each cell's
text at its column's width.
"""

from __future__ import annotations

import math
import unicodedata

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

POINTS_PER_LINE = 1.35
"""A line of text is about 1.35 times its font size tall (leading included)."""
PADDING = 4.0
"""Points above and below the text of a row."""
MIN_HEIGHT = 15.0
"""The default row height of a spreadsheet, in points."""
DEFAULT_WIDTH = 8.43
"""A column's width, in characters, when none is set."""
MARGIN = 0.5
"""Page margins in inches."""
LANDSCAPE_WIDTH = 110
"""A form wider than this many characters prints landscape (A4 portrait holds about 95 at a
readable size)."""


def text_width(text: str) -> int:
    """Width in spreadsheet column units: a Chinese (wide or full-width) character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrapped_lines(text: str, room: float) -> int:
    """Lines ``text`` takes in a box ``room`` characters wide, each of its own lines wrapped."""
    room = max(room, 1.0)
    return sum(max(1, math.ceil(text_width(line) / room)) for line in text.split("\n"))


def fit_rows(sheet: Worksheet, last_row: int, last_col: int) -> None:
    """Set the height of rows 1–``last_row`` from the text of their cells in columns
    1–``last_col``: each cell's text wrapped at its (merged) width, scaled by its font; a
    merged box over several rows shares its lines among them. Cells outside (the check block)
    do not count."""
    widths = [
        sheet.column_dimensions[get_column_letter(col)].width or DEFAULT_WIDTH
        for col in range(1, last_col + 1)
    ]
    merged = {
        (r.min_row, r.min_col): (r.max_row, min(r.max_col, last_col))
        for r in sheet.merged_cells.ranges
        if r.min_col <= last_col
    }
    heights = dict.fromkeys(range(1, last_row + 1), MIN_HEIGHT)
    tall: list[tuple[int, int, float]] = []  # boxes over several rows: (first, last, points)
    for cells in sheet.iter_rows(min_row=1, max_row=last_row, max_col=last_col):
        for cell in cells:
            if not isinstance(cell, Cell) or cell.value in (None, ""):
                continue
            bottom, right = merged.get((cell.row, cell.column), (cell.row, cell.column))
            room = sum(widths[cell.column - 1 : right]) - 1
            size = float(cell.font.sz or 11) if cell.font is not None else 11.0
            # A wider font takes more of the column: widths are counted in 11-point digits.
            text = str(cell.value)
            lines = wrapped_lines(text, room * 11.0 / size)
            if cell.alignment is not None and cell.alignment.indent:
                lines = wrapped_lines(text, (room - 2 * cell.alignment.indent) * 11.0 / size)
            points = lines * size * POINTS_PER_LINE + PADDING
            if bottom == cell.row:
                heights[cell.row] = max(heights[cell.row], points)
            else:
                tall.append((cell.row, bottom, points))
    for first, last, points in tall:
        rows = range(first, last + 1)
        short = points - sum(heights[r] for r in rows)
        for r in rows if short > 0 else ():
            heights[r] += short / len(rows)
    for row, height in heights.items():
        sheet.row_dimensions[row].height = round(height, 1)


def refit_rows(sheet: Worksheet) -> None:
    """:func:`fit_rows` again over the print area, after its texts changed (translated)."""
    area = str(sheet.print_area).split("!")[-1].replace("$", "")
    _, _, last_col, last_row = range_boundaries(area)
    assert last_col is not None and last_row is not None
    fit_rows(sheet, last_row, last_col)


def set_print_layout(
    sheet: Worksheet,
    last_row: int,
    last_col: int,
    title_rows: tuple[int, int] | None,
) -> None:
    """Print rows 1–``last_row`` and columns 1–``last_col`` on A4, fit to the page's width,
    landscape when the form is wide, ``title_rows`` repeated on every page."""
    widths = [
        sheet.column_dimensions[get_column_letter(col)].width or DEFAULT_WIDTH
        for col in range(1, last_col + 1)
    ]
    width = sum(widths)
    landscape = width > LANDSCAPE_WIDTH
    sheet.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = MARGIN
    sheet.page_margins.top = sheet.page_margins.bottom = MARGIN
    # Fit to one page wide, as many down as the rows need. (Spreadsheets then ignore manual
    # page breaks, and a fixed scale cannot be computed: Excel and LibreOffice print the
    # same column width differently wide.)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    setup = sheet.sheet_properties.pageSetUpPr
    assert setup is not None  # openpyxl makes one with every sheet
    setup.fitToPage = True
    if title_rows is not None:
        sheet.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
