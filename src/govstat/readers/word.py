"""Reading the tables and the text of a Word report (.docx) with python-docx.

python-docx parses the document with lxml (entities are not resolved, so a billion-laughs
part cannot expand) and gives paragraphs and tables in the body's order. A cell merged across
columns (``gridSpan``) or down rows (``vMerge``) keeps its text in its top-left position and
leaves the positions it covers blank, as a merged range of a spreadsheet does, so that labels
and values keep their columns. Text in a cell keeps its line breaks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govstat.errors import GovstatError
from govstat.readers.document import DocumentBuilder
from govstat.readers.grid import Book

MAX_GRID_COLUMNS = 64
"""No table of these reports is wider; a wider grid is cut (a damaged or crafted file)."""


def read_docx(path: Path) -> Book:
    """The tables of a Word file on one sheet, its paragraphs as the report's text."""
    import docx  # imported here: only reading a Word file pays for it
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph as DocxParagraph

    name = str(path)
    try:
        document = docx.Document(name)
        body = document.element.body
    except Exception as exc:  # python-docx and lxml raise many types on a malformed file
        raise GovstatError(
            f"无法读取 Word 文档，文件可能已损坏 (cannot read the Word file): "
            f"{type(exc).__name__}: {exc}",
            file=name,
        ) from exc
    builder = DocumentBuilder(name)
    paragraph_number = 0

    def paragraph_text(element: Any) -> str:
        # A paragraph's text (runs, tabs, breaks); no story part is needed to read it.
        text: str = DocxParagraph(element, None).text  # type: ignore[arg-type]
        return text

    def text_of(element: Any) -> str:
        return "\n".join(paragraph_text(p) for p in element.iterchildren(qn("w:p"))).strip()

    def table_rows(
        table: Any,
    ) -> tuple[list[list[str | None]], dict[tuple[int, int], tuple[int, int]]]:
        """The rows of cell texts, and the merged ranges: a gridSpan across columns, a
        vMerge run down rows (its ``continue`` cells are the lower part of the one above)."""
        rows: list[list[str | None]] = []
        merges: dict[tuple[int, int], tuple[int, int]] = {}
        open_merges: dict[int, tuple[int, int]] = {}  # grid column → top-left of its vMerge
        for r, tr in enumerate(table.iterchildren(qn("w:tr"))):
            row: list[str | None] = []
            col = _grid_before(tr, qn)
            row.extend([None] * col)
            for tc in tr.iterchildren(qn("w:tc")):
                span = max(1, min(_int(tc.grid_span), MAX_GRID_COLUMNS))
                continued = tc.vMerge == "continue"
                text = None if continued else _cell_text(tc, text_of, qn)
                top_left = open_merges.get(col) if continued else None
                if top_left is not None:
                    merges[top_left] = (r, merges.get(top_left, (r, col + span - 1))[1])
                else:
                    open_merges.pop(col, None)
                    if tc.vMerge == "restart":
                        open_merges[col] = (r, col)
                    if span > 1 or tc.vMerge == "restart":
                        merges[(r, col)] = (r, col + span - 1)
                row.append(text)
                row.extend([None] * (span - 1))
                col += span
                if col >= MAX_GRID_COLUMNS:
                    break
            rows.append(row)
        return rows, {k: v for k, v in merges.items() if v != k}

    def blocks(parent: Any) -> Iterator[Any]:
        """Paragraphs and tables in order, also inside content controls (``w:sdt``)."""
        for element in parent.iterchildren():
            if element.tag in (qn("w:sdt"), qn("w:customXml")):
                content = element.find(qn("w:sdtContent"))
                yield from blocks(element if content is None else content)
            else:
                yield element

    try:
        for element in blocks(body):
            if element.tag == qn("w:p"):
                paragraph_number += 1
                builder.paragraph(paragraph_text(element), paragraph=paragraph_number)
            elif element.tag == qn("w:tbl"):
                rows, merges = table_rows(element)
                builder.table(rows, merges=merges)
    except GovstatError:
        raise
    except Exception as exc:
        raise GovstatError(
            f"无法读取 Word 文档中的表格 (cannot read the tables of the Word file): "
            f"{type(exc).__name__}: {exc}",
            file=name,
        ) from exc
    return builder.book()


def _int(value: object) -> int:
    return value if isinstance(value, int) else 1


def _grid_before(tr: Any, qn: Any) -> int:
    """Grid columns a row skips at its start (``w:gridBefore``)."""
    tr_pr = tr.find(qn("w:trPr"))
    if tr_pr is None:
        return 0
    before = tr_pr.find(qn("w:gridBefore"))
    if before is None:
        return 0
    try:
        return max(0, min(int(before.get(qn("w:val"))), MAX_GRID_COLUMNS))
    except (TypeError, ValueError):
        return 0


def _cell_text(tc: Any, text_of: Any, qn: Any) -> str:
    """A cell's paragraphs, one per line; a table nested in it adds its text after them."""
    text: str = text_of(tc)
    for nested in tc.iterchildren(qn("w:tbl")):
        for cell in nested.iter(qn("w:tc")):
            inner = text_of(cell)
            if inner:
                text += "\n" + inner
    return text
