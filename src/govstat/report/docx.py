"""Word: the filled table in the official layout, ready to paste into the annual report.

The same layout as every render (:mod:`govstat.report.layout`): the title and captions as
paragraphs, each printed table as a Word table with its heads merged, group labels running
down beside their rows and shaded boxes shaded. A form with a wide table (table 四's fifteen
columns) is laid out landscape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govstat.fileio import write_atomic
from govstat.model import FilledTable, Lang
from govstat.report.layout import Band, Box, page

FONT = "SimSun"
"""宋体, the face of printed government tables; Word falls back where it is missing."""
WIDE = 8
"""A band with more columns than this is printed landscape."""


def _east_asian(run: Any, size: float) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.name = FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)


def _shade(cell: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "D9D9D9")
    cell._tc.get_or_add_tcPr().append(shading)


def _table(document: Any, band: Band, room: int) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    columns = max(box.col + box.colspan for row in band.rows for box in row)
    table = document.add_table(rows=len(band.rows), cols=columns)
    table.style = "Table Grid"
    table.autofit = False
    # Widths first, the same in the grid (gridCol) and in every cell (tcW): Word and
    # LibreOffice lay the table out by the grid, and a merged cell takes the sum of its
    # cells' widths.
    shares = band.widths[:columns]
    if not any(box.role == "label" for row in band.rows for box in row):
        # A strip (table 四) has no label column: its fifteen columns are alike, whatever
        # the widths of the sheet columns it shares with table 三's labels.
        shares = [1.0] * columns
    total = sum(shares) or 1
    widths = [int(room * shares[col] / total) for col in range(columns)]
    for col, column in enumerate(table.columns):
        column.width = widths[col]
    for index, cell in enumerate(table._cells):
        cell.width = widths[index % columns]
    placed: list[tuple[int, Box]] = [(r, box) for r, row in enumerate(band.rows) for box in row]
    for r, box in placed:  # merge before writing: a merged cell keeps the top-left's content
        if box.rowspan > 1 or box.colspan > 1:
            top_left = table.cell(r, box.col)
            top_left.merge(table.cell(r + box.rowspan - 1, box.col + box.colspan - 1))
    # The table's cells, row by row, read once (table.cell() rebuilds this list per call).
    grid = table._cells
    align = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    for r, box in placed:
        cell = grid[r * columns + box.col]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        # A head keeps its alignment: a column's head is centred, a list's header row
        # (一、主动公开情况) stands at the left, as in the template and the HTML.
        horizontal = "center" if box.role == "mark" else box.align
        if box.role == "value":
            horizontal = "right"
        paragraph.alignment = align.get(horizontal, WD_ALIGN_PARAGRAPH.LEFT)
        if box.indent:
            paragraph.paragraph_format.left_indent = Pt(10.5 * box.indent)
        run = paragraph.add_run(box.text)
        run.bold = box.bold
        _east_asian(run, 9)
        if box.shade:
            _shade(cell)
    _keep_rows(table, band)


def _keep_rows(table: Any, band: Band) -> None:
    """No row split over two pages (cantSplit), and the head rows (those printing only
    heads, from the top) repeated on every page the table runs over (tblHeader)."""
    from docx.oxml import OxmlElement

    heading = True
    for row, boxes in zip(table.rows, band.rows, strict=True):
        # A list's header rows (一、主动公开情况 ——) are shaded too, but print a mark.
        heading = heading and all(box.shade and box.role in ("head", "label") for box in boxes)
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if heading:
            properties.append(OxmlElement("w:tblHeader"))


def build_docx(filled: FilledTable, lang: Lang = "zh") -> Any:
    """The render as a python-docx Document."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    parts = page(filled, lang)
    document = Document()
    section = document.sections[0]
    wide = any(
        isinstance(p, Band) and max(b.col + b.colspan for row in p.rows for b in row) > WIDE
        for p in parts
    )
    width, height, margin = Mm(210), Mm(297), Mm(15)
    if wide:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, margin)
    for part in parts:
        if isinstance(part, Band):
            _table(document, part, width - 2 * margin)
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(part.text)
        if part.style == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            _east_asian(run, 16)
        elif part.style == "heading":
            run.bold = True
            _east_asian(run, 12)
            paragraph.paragraph_format.space_before = Pt(12)  # apart from the table above
        else:
            _east_asian(run, 10.5)
    return document


def write_docx(filled: FilledTable, path: str | Path, lang: Lang = "zh") -> None:
    """Write the Word render to ``path`` atomically."""
    document = build_docx(filled, lang)
    write_atomic(path, lambda tmp: document.save(str(tmp)))
