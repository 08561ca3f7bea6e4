"""Building a :class:`Book` from a document: its tables stacked on one sheet, its text apart.

A Word file, a web page, a PDF or a report's text holds tables among paragraphs. The tables
go, in document order, onto one sheet named 表格 (a blank row between two tables), each row
remembering its table, its row in that table and its page or line, so that a value is named
as a person finds it (表2 第14行第3列). The running text goes to :attr:`Book.prose`, for the
report's metadata and the prose check: it never reaches the table recogniser, so a heading
that repeats a row label (三、依申请公开情况) is not taken for a row of the table.
"""

from __future__ import annotations

from collections.abc import Sequence

from govstat.readers.grid import Book, Origin, Paragraph, Sheet
from govstat.readers.sniff import MAX_DOCUMENT_CELLS, too_many_cells

TABLE_SHEET = "表格"


class DocumentBuilder:
    """Collects a document's tables and paragraphs, in order, into a Book."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.sheet = Sheet(name=TABLE_SHEET)
        self.prose: list[Paragraph] = []
        self.tables = 0
        self._next_row = 1
        self._cells = 0

    @property
    def next_row(self) -> int:
        """The sheet row the next table starts on."""
        return self._next_row

    def paragraph(
        self,
        text: str,
        *,
        line: int | None = None,
        paragraph: int | None = None,
        page: int | None = None,
    ) -> None:
        if text.strip():
            self.prose.append(Paragraph(text.strip(), line=line, paragraph=paragraph, page=page))

    def table(
        self,
        rows: Sequence[Sequence[str | None]],
        pages: Sequence[int | None] | None = None,
        merges: dict[tuple[int, int], tuple[int, int]] | None = None,
    ) -> None:
        """Add one table: its rows of cell texts (None or "" for an empty cell) and its
        merged ranges, top-left → bottom-right (row, column), both counted from 0."""
        if not any(any(c and c.strip() for c in row) for row in rows):
            return
        self.tables += 1
        for (top, left), (bottom, right) in (merges or {}).items():
            start = self._next_row
            self.sheet.merge(start + top, left + 1, start + bottom, right + 1)
        for index, cells in enumerate(rows):
            row = self._next_row
            self._next_row += 1
            page = pages[index] if pages is not None else None
            self.sheet.origins[row] = Origin(table=self.tables, row=index + 1, page=page)
            for col, text in enumerate(cells, start=1):
                if text is not None and text.strip():
                    self.sheet.cells[(row, col)] = text
                    self._cells += 1
            if self._cells > MAX_DOCUMENT_CELLS:
                raise too_many_cells(self.path, MAX_DOCUMENT_CELLS)
        self._next_row += 1  # a blank row between two tables

    def row_at(self, line: int, cells: Sequence[str | None]) -> None:
        """One row of a text file's table, on the sheet row of its line."""
        self.sheet.origins[line] = Origin(line=line)
        for col, text in enumerate(cells, start=1):
            if text is not None and text.strip():
                self.sheet.cells[(line, col)] = text
                self._cells += 1
        if self._cells > MAX_DOCUMENT_CELLS:
            raise too_many_cells(self.path, MAX_DOCUMENT_CELLS)

    def book(self) -> Book:
        return Book(path=self.path, sheets=[self.sheet], prose=self.prose)
