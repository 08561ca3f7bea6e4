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


@dataclass
class Sheet:
    """One sheet: cell contents by (row, column), both from 1, as the spreadsheet numbers them."""

    name: str
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    formulas_without_value: dict[tuple[int, int], str] = field(default_factory=dict)
    """Cells holding a formula whose result the file never saved."""
    _by_row: dict[int, list[tuple[int, object]]] | None = field(default=None, repr=False)

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
