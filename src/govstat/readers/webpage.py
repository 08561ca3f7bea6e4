"""Reading the tables and the text of a published web page (.html) with the standard library.

Published pages put the statistics table in ``<table>`` markup with ``rowspan``/``colspan``,
``<br>`` inside cells and ``&nbsp;`` for empty ones. The cells are laid on a grid as a browser
draws them: a spanning cell keeps its text at its top-left position and the positions it
covers stay blank, so labels and values keep their columns. ``<br>`` and paragraphs inside a
cell become line breaks (a label written one character per paragraph, as Word exports a
narrow cell, is joined back). Text outside tables is the report's prose, one paragraph per
block.

Pages as portals publish them:

- the charset declared in a ``<meta>`` (GB2312, GBK, GB18030, read as GB18030, their
  superset) or not at all (UTF-8 if the bytes decode as UTF-8, else GB18030);
- the table nested in layout tables between navigation and footer: a table that holds
  another table is layout, its own text is prose, and only the innermost tables are read
  as tables, so nothing is read twice;
- a table split over two ``<table>`` elements: the recogniser joins the pieces; a header
  the second piece repeats is read once;
- a page saved as .mhtml/.mht (a MIME message: its HTML part is decoded, quoted-printable
  or base64, with the standard library's email package);
- the page's ``<title>`` and first headings, from which the agency is read when the table
  has no 填报单位.

The standard library's :class:`html.parser.HTMLParser` is enough: it never fetches anything,
expands no entities beyond HTML's own, and tolerates the broken markup of real pages; lxml
would add a compiled dependency for no gain here.
"""

from __future__ import annotations

import codecs
import email
import email.policy
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
    is_mhtml,
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
_HEADINGS = frozenset({"h1", "h2", "h3"})
TITLE_CANDIDATES = 3
"""The page's title and its first headings, where the report's title stands."""
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_GB = frozenset({"gb2312", "gbk", "gb18030", "cp936", "ms936", "euc-cn", "x-gbk", "hz-gb-2312"})


@dataclass
class _Cell:
    parts: list[str] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    cell: _Cell | None = None
    layout: bool = False
    """The table holds another table: it lays out the page, its text is prose."""


class _Parser(HTMLParser):
    def __init__(self, builder: DocumentBuilder) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = builder
        self.tables: list[_Table] = []
        self.text: list[str] = []
        self.skip = 0
        self.paragraphs = 0
        self.titles: list[str] = []
        """The page's <title> and first headings, in that order."""
        self._title: list[str] | None = None
        self._title_tag = ""
        self._head: list[list[str | None]] = []
        """The first rows of the table read last, to know its header repeated."""

    # Text outside tables ----------------------------------------------------------------
    def _flush(self) -> None:
        text = "".join(self.text).replace("\xa0", " ")
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

    def _in_flow(self) -> bool:
        """Outside any table that is read as a table (in the page or in a layout table)."""
        return not self.tables or self.tables[-1].layout

    def _layout(self, table: _Table) -> None:
        """``table`` holds a table: what it held so far is prose, and so is what follows."""
        table.layout = True
        for row in table.rows:
            for cell in row:
                self.text.append("\n" + _text(cell) + "\n")
        table.rows = []
        table.cell = None
        self._flush()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" or (tag in _HEADINGS and len(self.titles) < TITLE_CANDIDATES):
            self._title, self._title_tag = [], tag
            if tag == "title":
                return
        if tag in _SKIP:
            self.skip += 1
            return
        if self._title_tag == "title" and tag in ("body", "table", "p", "div"):
            self._end_title()  # a <title> left open: it ends where the page's body begins
        if tag == "table":
            if self.tables and not self.tables[-1].layout:
                if self.tables[-1].cell is None:
                    # Not inside a cell: as a browser does, the open table ends here.
                    self._end_table()
                else:
                    self._layout(self.tables[-1])
            self._flush()
            self.tables.append(_Table())
            return
        if self._in_flow():
            if tag in _BLOCKS or tag in ("br", "td", "th"):
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
        if self._title is not None and tag in (self._title_tag, "head"):
            self._end_title()
            if tag == "title":
                return
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "table" and self.tables:
            self._end_table()
            return
        if self._in_flow():
            if tag in _BLOCKS or tag in ("td", "th"):
                self.text.append("\n")
            return
        table = self.tables[-1]
        if tag in ("td", "th"):
            table.cell = None
        elif tag in _BLOCKS and tag != "tr":
            self._sink().append("\n")

    def _end_title(self) -> None:
        title = " ".join("".join(self._title or []).split())
        self._title, self._title_tag = None, ""
        if title:
            self.titles.append(title)

    def _end_table(self) -> None:
        """The innermost open table ends: read as a table, or, a layout table, as prose."""
        table = self.tables.pop()
        if table.layout:
            self.text.append("\n")
            self._flush()
            return
        grid, merges = _grid(table.rows, self.builder.path)
        if any(any(cell for cell in row) for row in grid):
            repeated = _repeated_head(self._head, grid)
            self._head = grid[:HEAD_ROWS]
            # The rest of a table split in two, under its header again: the header is read
            # once (its rows stay, blank, so that every other row keeps its number).
            grid[:repeated] = [[None] * len(row) for row in grid[:repeated]]
            merges = {k: v for k, v in merges.items() if k[0] >= repeated}
        self.builder.table(grid, merges=merges)

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)
            if self._title_tag == "title":  # the page's title: not part of its prose
                return
        if self.skip:
            return
        self._sink().append(_SPACES.sub(" ", data))

    def close(self) -> None:
        super().close()
        while self.tables:  # a page cut off inside a table
            self._end_table()
        self._flush()


def _span(value: str | None, limit: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        return 1
    return min(max(number, 1), limit)


def _text(cell: _Cell) -> str:
    lines = [line.strip() for line in "".join(cell.parts).replace("\xa0", " ").split("\n")]
    lines = [line for line in lines if line]
    if len(lines) > 1 and all(len(line) == 1 and not line.isascii() for line in lines):
        return "".join(lines)  # 统/计/指/标: a label one character per paragraph
    return "\n".join(lines)


HEAD_ROWS = 4
"""A table's header has at most this many rows (table 三's has three)."""
_NUMBER = re.compile(r"^[+-]?\d[\d,，.]*$")


def _repeated_head(head: list[list[str | None]], grid: list[list[str | None]]) -> int:
    """How many first rows of ``grid`` repeat the first rows of the table before (``head``):
    rows of the same cells, without a number among them."""
    count = 0
    for before, row in zip(head, grid, strict=False):
        texts = [cell for cell in row if cell]
        if row != before or not texts or any(_NUMBER.match(t) for t in texts):
            break
        count += 1
    return count


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
    data = read_limited(path, MAX_TEXT_BYTES)
    if is_mhtml(data):
        data = _mhtml_page(data, name)
    text = decode_page(data, name)
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
    book = builder.book()
    book.titles = parser.titles
    return book


def decode_page(data: bytes, name: str) -> str:
    """The page's text: by its BOM, else by the charset its <meta> declares, else sniffed.

    GB2312 and GBK are read as GB18030, their superset (pages declaring GB2312 routinely
    hold characters only GBK has). A declared charset the bytes do not fit is not trusted.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data, name)
    declared = _META_CHARSET.search(data[:8192])
    if declared is not None:
        charset = declared.group(1).decode("ascii").lower()
        if charset in _GB:
            charset = "gb18030"
        try:
            return data.decode(codecs.lookup(charset).name)
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown or wrong declaration: tell by the bytes, as browsers do
    return decode(data, name)


def _mhtml_page(data: bytes, name: str) -> bytes:
    """The HTML part of a saved .mhtml page, decoded from quoted-printable or base64.

    Its charset, when the part's header names one, is declared again in front of the page
    so that :func:`decode_page` reads it as the header says.
    """
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset()
        if charset:
            return f'<meta charset="{charset}">'.encode("ascii", "replace") + payload
        return payload
    raise GovstatError(
        "这是一个 MHTML 文件，但其中没有网页 (an .mhtml file with no HTML page in it)", file=name
    )
