"""Reading the tables and the text of a published web page (.html) with the standard library.

Published pages put the statistics table in ``<table>`` markup with ``rowspan``/``colspan``,
``<br>`` inside cells and ``&nbsp;`` for empty ones. The cells are laid on a grid as a browser
draws them: a spanning cell keeps its text at its top-left position and the positions it
covers stay blank, so labels and values keep their columns. ``<br>`` and paragraphs inside a
cell become line breaks. Text outside tables is the report's prose, one paragraph per block.

The standard library's :class:`html.parser.HTMLParser` is enough: it never fetches anything,
expands no entities beyond HTML's own, and tolerates the broken markup of real pages; lxml
would add a compiled dependency for no gain here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from govstat.errors import GovstatError
from govstat.readers.document import DocumentBuilder
from govstat.readers.grid import Book
from govstat.readers.sniff import (
    MAX_DOCUMENT_CELLS,
    MAX_TEXT_BYTES,
    decode,
    read_limited,
    too_many_cells,
)

MAX_COLSPAN = 64
MAX_ROWSPAN = 1000
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "title",
        "caption",
        "center",
    }
)
_SKIP = frozenset({"script", "style", "head", "noscript", "template", "svg"})
_SPACES = re.compile(r"[ \t\r\n\f]+")


@dataclass
class _Cell:
    parts: list[str] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    cell: _Cell | None = None


class _Parser(HTMLParser):
    def __init__(self, builder: DocumentBuilder) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = builder
        self.tables: list[_Table] = []
        self.text: list[str] = []
        self.skip = 0
        self.paragraphs = 0

    # Text outside tables ----------------------------------------------------------------
    def _flush(self) -> None:
        text = "".join(self.text)
        self.text = []
        for line in text.split("\n"):
            line = line.strip()
            if line:
                self.paragraphs += 1
                self.builder.paragraph(line, paragraph=self.paragraphs)

    def _sink(self) -> list[str]:
        table = self.tables[-1] if self.tables else None
        if table is not None and table.cell is not None:
            return table.cell.parts
        return self.text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "table":
            if self.tables and self.tables[-1].cell is not None:
                self.tables[-1].cell.parts.append("\n")  # a table nested in a cell: its text
                self.tables.append(_Table())
                self.tables[-1].rows.append([])
                return
            self._flush()
            self.tables.append(_Table())
            return
        if not self.tables:
            if tag in _BLOCKS or tag == "br":
                self.text.append("\n")
            return
        table = self.tables[-1]
        if tag == "tr":
            table.cell = None
            table.rows.append([])
        elif tag in ("td", "th"):
            if not table.rows:
                table.rows.append([])
            values = dict(attrs)
            table.cell = _Cell(
                rowspan=_span(values.get("rowspan"), MAX_ROWSPAN),
                colspan=_span(values.get("colspan"), MAX_COLSPAN),
            )
            table.rows[-1].append(table.cell)
        elif tag == "br" or tag in _BLOCKS:
            self._sink().append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._sink().append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "table" and self.tables:
            table = self.tables.pop()
            if self.tables and self.tables[-1].cell is not None:
                parent = self.tables[-1].cell.parts  # nested: its text joins the outer cell
                for row in table.rows:
                    parent.append(" ".join(_text(c) for c in row) + "\n")
                return
            self._add(table)
            return
        if not self.tables:
            if tag in _BLOCKS:
                self.text.append("\n")
            return
        table = self.tables[-1]
        if tag in ("td", "th"):
            table.cell = None
        elif tag in _BLOCKS and tag != "tr":
            self._sink().append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self._sink().append(_SPACES.sub(" ", data))

    def _add(self, table: _Table) -> None:
        rows, merges = _grid(table.rows, self.builder.path)
        self.builder.table(rows, merges=merges)

    def close(self) -> None:
        super().close()
        while self.tables:  # a page cut off inside a table
            table = self.tables.pop()
            if not self.tables:
                self._add(table)
        self._flush()


def _span(value: str | None, limit: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        return 1
    return min(max(number, 1), limit)


def _text(cell: _Cell) -> str:
    lines = [line.strip() for line in "".join(cell.parts).replace("\xa0", " ").split("\n")]
    return "\n".join(line for line in lines if line)


def _grid(
    rows: list[list[_Cell]], name: str
) -> tuple[list[list[str | None]], dict[tuple[int, int], tuple[int, int]]]:
    """The table as a browser lays it out: spans cover positions, text at the top-left.
    Also returns the spanning cells as merged ranges."""
    grid: dict[tuple[int, int], str | None] = {}
    merges: dict[tuple[int, int], tuple[int, int]] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            for dr in range(cell.rowspan):
                if r + dr >= len(rows):
                    break
                for dc in range(cell.colspan):
                    grid[(r + dr, c + dc)] = None
            grid[(r, c)] = _text(cell)
            if cell.rowspan > 1 or cell.colspan > 1:
                bottom = min(r + cell.rowspan, len(rows)) - 1
                merges[(r, c)] = (bottom, c + cell.colspan - 1)
            c += cell.colspan
            width = max(width, c)
            if len(grid) > MAX_DOCUMENT_CELLS:
                raise too_many_cells(name, MAX_DOCUMENT_CELLS)
    return [[grid.get((r, c)) for c in range(width)] for r in range(len(rows))], merges


def read_html(path: Path) -> Book:
    """The tables of a web page on one sheet, its other text as the report's prose."""
    name = str(path)
    text = decode(read_limited(path, MAX_TEXT_BYTES), name)
    builder = DocumentBuilder(name)
    parser = _Parser(builder)
    try:
        parser.feed(text)
        parser.close()
    except GovstatError:
        raise
    except Exception as exc:  # HTMLParser is lenient; this is a last resort
        raise GovstatError(
            f"无法解析网页 (cannot parse the web page): {type(exc).__name__}: {exc}", file=name
        ) from exc
    return builder.book()
