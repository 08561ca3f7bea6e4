"""The grid every reader produces: sheets of cells, each with an address, and merged ranges."""

from __future__ import annotations

from dataclasses import dataclass, field


def column_letter(col: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def address(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


@dataclass(frozen=True)
class Origin:
    """Where a row of a sheet stands in a document that is not a spreadsheet.

    ``table`` and ``row`` number the document's tables and their rows from 1 (a Word file, a
    web page, a PDF, whose ``page`` is kept too); ``line`` is the line of a text file. The
    column of a cell is its column in the sheet.
    """

    table: int | None = None
    row: int | None = None
    page: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class Paragraph:
    """A piece of a report's running text, outside its tables, with where it stands."""

    text: str
    line: int | None = None
    paragraph: int | None = None
    page: int | None = None


@dataclass
class Sheet:
    """One sheet: cell contents by (row, column), both from 1, as the spreadsheet numbers them."""

    name: str
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    formulas_without_value: dict[tuple[int, int], str] = field(default_factory=dict)
    """Cells holding a formula whose result the file never saved."""
    origins: dict[int, Origin] = field(default_factory=dict)
    """For a sheet made from a document: where each of its rows stands in that document."""
    cell_origins: dict[tuple[int, int], Origin] = field(default_factory=dict)
    """Cells that stand apart from their row's place (a table copied one cell per line)."""
    doubts: dict[tuple[int, int], str] = field(default_factory=dict)
    """Cells whose column the reader could not be sure of (a PDF row that lost cells): the
    text it left out of the grid rather than guess where it belongs."""
    merges: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    """Merged ranges, whatever the format calls them (Excel's mergeCells, an HTML rowspan or
    colspan, Word's vMerge or gridSpan): top-left (row, column) → bottom-right. The text
    stands at the top-left; the positions it covers are blank."""
    confidence: dict[tuple[int, int], float] = field(default_factory=dict)
    """For a table read by OCR: each cell's recognition score, 0–1 (1.0 for a cell with no
    ink, 0.0 for ink the engine could not read). Empty for every other reader."""
    _by_row: dict[int, list[tuple[int, object]]] | None = field(default=None, repr=False)

    def merge(self, top: int, left: int, bottom: int, right: int) -> None:
        """Record a merged range (a single cell is no range)."""
        if bottom > top or right > left:
            self.merges[(top, left)] = (bottom, right)

    def get(self, row: int, col: int) -> object:
        return self.cells.get((row, col))

    def text(self, row: int, col: int) -> str:
        value = self.cells.get((row, col))
        return "" if value is None else str(value)

    def row(self, row: int) -> list[tuple[int, object]]:
        """The (column, content) pairs of one row, left to right."""
        if self._by_row is None:
            by_row: dict[int, list[tuple[int, object]]] = {}
            for (r, c), content in sorted(self.cells.items()):
                by_row.setdefault(r, []).append((c, content))
            self._by_row = by_row
        return self._by_row.get(row, [])


@dataclass
class Book:
    """A whole input file as a list of sheets."""

    path: str
    sheets: list[Sheet]
    prose: list[Paragraph] = field(default_factory=list)
    """The running text of a whole report (a Word file, a web page, a PDF, a text file):
    what surrounds its tables, for the report's metadata and the prose check."""
    kind: str = ""
    """The format the content was read as: xlsx, xls, ods, csv, docx, html, pdf, image, text."""
    titles: list[str] = field(default_factory=list)
    """A web page's <title> and first headings: where the agency is read from when the
    table and the first paragraphs do not name it."""
