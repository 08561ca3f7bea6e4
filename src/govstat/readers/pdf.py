"""Reading the tables and the text of a published report in PDF, with pdfplumber.

A PDF has no cells, only characters at positions and the lines drawn between them.

- **Ruled tables** (the usual case: the table is printed with borders) are found from their
  lines by pdfplumber; each cell keeps its column, empty or not, and a merged cell leaves the
  positions it covers blank.
- **Tables that run over a page break** are joined: a table that ends the page and one that
  starts the next with the same columns are one table, its header row not repeated.
- **Tables without rules** are rebuilt from the words' positions: a line whose words fall
  apart into several blocks is a row, and each block goes to the column whose span it
  overlaps, never to "the next free column", so a row whose empty cells vanished keeps its
  values in their columns. A block that overlaps no column, or two, is not guessed: it is
  recorded in :attr:`Sheet.doubts`, and the check names it (``<form>-R-04``).
- **Text** outside tables is the report's prose, its lines joined into paragraphs.

A PDF of scanned images has no text: its pages are read by OCR (:mod:`govstat.readers.ocr`).
Pages and time are bounded (:data:`MAX_PAGES`, :data:`MAX_SECONDS`), so a crafted file cannot
hang a check.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from govstat.errors import GovstatError
from govstat.readers.document import DocumentBuilder
from govstat.readers.grid import Book
from govstat.readers.sniff import MAX_FILE_BYTES, read_limited

MAX_PAGES = 300
"""An annual report has a few dozen pages at most."""

MAX_SECONDS = 60.0
"""Reading stops (exit 2) when a PDF takes longer than this."""

MIN_GAP = 1.0
"""Words further apart than this many character heights belong to different cells (the words
of one label stand a space apart, about a third of a character)."""

TOLERANCE = 3.0
"""Points by which two column edges may differ and still be the same edge."""


@dataclass
class _PageTable:
    page: int
    rows: list[list[str | None]]
    pages: list[int]
    top: float
    bottom: float
    columns: list[tuple[float, float]]  # each column's span, left to right
    page_height: float
    doubts: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, column) from 0 and 1 → text that could not be placed for sure."""


@dataclass
class _Line:
    top: float
    bottom: float
    words: list[dict[str, Any]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return float(min(w["x0"] for w in self.words))

    @property
    def x1(self) -> float:
        return float(max(w["x1"] for w in self.words))

    @property
    def height(self) -> float:
        return max(1.0, self.bottom - self.top)

    def text(self) -> str:
        return _join(self.words)


def _join(words: list[dict[str, Any]]) -> str:
    """Words of one line as text: a space between two of them only where one was printed."""
    out = ""
    previous: dict[str, Any] | None = None
    for word in sorted(words, key=lambda w: w["x0"]):
        if previous is not None:
            gap = word["x0"] - previous["x1"]
            size = max(1.0, word["bottom"] - word["top"])
            out += " " if gap > size * 0.1 else ""
        out += word["text"]
        previous = word
    return out


def read_pdf(path: Path) -> Book:
    """The tables of a PDF on one sheet, with their pages; its other text as prose."""
    import pdfplumber  # imported here: only reading a PDF pays for it

    name = str(path)
    read_limited(path, MAX_FILE_BYTES)  # the size check; pdfplumber reads the file itself
    started = time.monotonic()
    builder = DocumentBuilder(name)
    tables: list[_PageTable] = []
    any_text = False
    try:
        with pdfplumber.open(name) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise GovstatError(
                    f"PDF 有 {len(pdf.pages)} 页，远多于任何年度报告 "
                    f"(the PDF has {len(pdf.pages)} pages, far more than any annual report)",
                    file=name,
                )
            paragraph = 0
            open_end = False
            for page in pdf.pages:
                if time.monotonic() - started > MAX_SECONDS:
                    raise GovstatError(
                        f"PDF 读取超过 {MAX_SECONDS:.0f} 秒，已停止 "
                        f"(reading the PDF took over {MAX_SECONDS:.0f} s; stopped)",
                        file=name,
                    )
                found, prose = _read_page(page)
                any_text = any_text or bool(found) or bool(prose.paragraphs)
                for table in found:
                    if tables and _continues(tables[-1], table):
                        _append(tables[-1], table)
                    else:
                        tables.append(table)
                texts = prose.paragraphs
                if texts and open_end and prose.open_start and builder.prose:
                    # A paragraph running on from the page before: one paragraph, not two.
                    last = builder.prose[-1]
                    builder.prose[-1] = replace(last, text=last.text + texts[0])
                    texts = texts[1:]
                for text in texts:
                    paragraph += 1
                    builder.paragraph(text, paragraph=paragraph, page=page.page_number)
                if prose.paragraphs:
                    open_end = prose.open_end
    except GovstatError:
        raise
    except Exception as exc:  # pdfminer raises many types on damaged or encrypted files
        kind = type(exc).__name__
        if "Password" in kind or "Encrypt" in kind:
            raise GovstatError(
                "PDF 设有密码，无法读取：请提供未加密的文件 (the PDF is password-protected)",
                file=name,
            ) from exc
        raise GovstatError(
            f"无法读取 PDF，文件可能已损坏 (cannot read the PDF): {kind}: {exc}", file=name
        ) from exc
    if not any_text:  # a scan: its pages of tables are read by OCR (govstat[ocr])
        from govstat.readers.ocr import read_scanned_pdf

        return read_scanned_pdf(path)
    doubts: dict[tuple[int, int], str] = {}
    for table in tables:
        first = builder.next_row
        builder.table(table.rows, table.pages)
        for (r, c), text in table.doubts.items():
            doubts[(first + r, c)] = text
    builder.sheet.doubts.update(doubts)
    return builder.book()


def _read_page(page: Any) -> tuple[list[_PageTable], _PageText]:
    """The tables of one page (ruled or rebuilt from positions) and its prose paragraphs."""
    # A single row counts: the header row alone at the foot of a page, the table going on
    # overleaf.
    ruled = [t for t in page.find_tables() if t.rows and len(t.columns) >= 2]
    boxes = [t.bbox for t in ruled]
    found: list[_PageTable] = []
    for table in ruled:
        rows = [[_clean(c) for c in row] for row in table.extract()]
        spans: dict[int, tuple[float, float]] = {}
        for row in table.rows:
            for index, cell in enumerate(row.cells):
                if cell is not None:
                    a, b = spans.get(index, (cell[0], cell[2]))
                    spans[index] = (min(a, cell[0]), max(b, cell[2]))
        found.append(
            _PageTable(
                page=page.page_number,
                rows=rows,
                pages=[page.page_number] * len(rows),
                top=table.bbox[1],
                bottom=table.bbox[3],
                columns=[spans[i] for i in sorted(spans)],
                page_height=page.height,
            )
        )
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)
    outside = [w for w in words if not any(_inside(w, box) for box in boxes)]
    lines = _lines(outside)
    prose_lines: list[_Line] = []
    for block in _blocks(lines):
        table = _positional_table(block, page) if not ruled else None
        if table is not None:
            found.append(table)
        else:
            prose_lines.extend(block)
    found.sort(key=lambda t: t.top)
    right = max((w["x1"] for w in words), default=page.width)
    prose_lines = sorted(
        (line for line in prose_lines if not _PAGE_NUMBER.match(line.text())),
        key=lambda line: line.top,
    )
    text = _PageText(_paragraphs(prose_lines, right))
    if prose_lines:
        first, last = prose_lines[0], prose_lines[-1]
        left = min(line.x0 for line in prose_lines)
        text.open_start = first.x0 <= left + 1.5 * first.height and all(
            first.bottom <= t.top for t in found
        )
        text.open_end = not text.paragraphs[-1].endswith(_ENDS) and all(
            last.top >= t.bottom for t in found
        )
    return found, text


@dataclass
class _PageText:
    """A page's prose, and whether its first and last paragraphs may run on across pages."""

    paragraphs: list[str]
    open_start: bool = False
    """The page starts with running text, not indented: the end of a paragraph overleaf."""
    open_end: bool = False
    """The page ends with running text that stops mid-sentence."""


_ENDS = ("。", "！", "？", "；", "：", ":", "!", "?", ";")
_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–－\s]*$"
)


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line) or None


def _inside(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx = (float(word["x0"]) + float(word["x1"])) / 2
    cy = (float(word["top"]) + float(word["bottom"])) / 2
    return x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1


def _lines(words: list[dict[str, Any]]) -> list[_Line]:
    """Words grouped into printed lines, top to bottom."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        for line in reversed(lines[-3:]):
            if line.top - 1 <= middle <= line.bottom + 1:
                line.words.append(word)
                line.top = min(line.top, word["top"])
                line.bottom = max(line.bottom, word["bottom"])
                break
        else:
            lines.append(_Line(word["top"], word["bottom"], [word]))
    return sorted(lines, key=lambda line: line.top)


def _segments(line: _Line) -> list[list[dict[str, Any]]]:
    """A line's words in blocks: a wide gap (:data:`MIN_GAP` character heights) splits them."""
    blocks: list[list[dict[str, Any]]] = []
    for word in sorted(line.words, key=lambda w: w["x0"]):
        if blocks and word["x0"] - blocks[-1][-1]["x1"] <= MIN_GAP * line.height:
            blocks[-1].append(word)
        else:
            blocks.append([word])
    return blocks


def _blocks(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of consecutive lines that split into several blocks (table rows), and the rest."""
    out: list[list[_Line]] = []
    current: list[_Line] = []
    current_is_table = False
    for line in lines:
        is_table = len(_segments(line)) >= 2
        if current and is_table != current_is_table:
            out.append(current)
            current = []
        current.append(line)
        current_is_table = is_table
    if current:
        out.append(current)
    return out


def _positional_table(block: list[_Line], page: Any) -> _PageTable | None:
    """A table rebuilt from word positions, or None when the lines are not one."""
    rows_blocks = [_segments(line) for line in block]
    if len(block) < 3 or max(len(b) for b in rows_blocks) < 2:
        return None
    # Columns: the spans of the blocks of the widest rows, merged where they overlap.
    width = max(len(b) for b in rows_blocks)
    spans: list[tuple[float, float]] = []
    for blocks in rows_blocks:
        if len(blocks) == width:
            for index, words in enumerate(blocks):
                x0 = min(w["x0"] for w in words)
                x1 = max(w["x1"] for w in words)
                if index < len(spans):
                    spans[index] = (min(spans[index][0], x0), max(spans[index][1], x1))
                else:
                    spans.append((x0, x1))
    rows: list[list[str | None]] = []
    doubts: dict[tuple[int, int], str] = {}
    for r, blocks in enumerate(rows_blocks):
        row: list[str | None] = [None] * width
        for words in blocks:
            x0 = min(w["x0"] for w in words)
            x1 = max(w["x1"] for w in words)
            text = _join(words)
            hits = [i for i, (a, b) in enumerate(spans) if x0 < b and a < x1]
            if len(hits) == 1 and row[hits[0]] is None:
                row[hits[0]] = text
            elif not hits and x1 <= spans[0][1]:
                row[0] = (row[0] or "") + text  # a label that starts left of the others
            else:
                # Overlapping two columns or none: where it belongs is not sure.
                middle = (x0 + x1) / 2
                nearest = min(range(width), key=lambda i: abs(sum(spans[i]) / 2 - middle))
                doubts[(r, nearest + 1)] = text
        rows.append(row)
    return _PageTable(
        page=page.page_number,
        rows=rows,
        pages=[page.page_number] * len(rows),
        top=block[0].top,
        bottom=block[-1].bottom,
        columns=spans,
        page_height=page.height,
        doubts=doubts,
    )


def _continues(previous: _PageTable, table: _PageTable) -> bool:
    """Whether ``table`` goes on with ``previous`` across a page break."""
    if table.page != previous.pages[-1] + 1 or len(table.columns) != len(previous.columns):
        return False
    for (a0, a1), (b0, b1) in zip(table.columns, previous.columns, strict=True):
        if a0 >= b1 + TOLERANCE or b0 >= a1 + TOLERANCE:
            return False  # a column that does not stand under the one above it
    near_bottom = previous.bottom > previous.page_height * 0.6
    near_top = table.top < table.page_height * 0.4
    return near_bottom and near_top


def _append(previous: _PageTable, table: _PageTable) -> None:
    rows, pages = table.rows, table.pages
    skip = 1 if rows and previous.rows and rows[0] == previous.rows[0] else 0
    rows, pages = rows[skip:], pages[skip:]  # the header row printed again on the new page
    offset = len(previous.rows) - skip
    for (r, c), text in table.doubts.items():
        if r >= skip:
            previous.doubts[(offset + r, c)] = text
    previous.rows.extend(rows)
    previous.pages.extend(pages)
    previous.bottom = table.bottom


def _paragraphs(lines: list[_Line], right: float) -> list[str]:
    """Printed lines joined into paragraphs (Chinese needs no space where lines join).

    A paragraph starts on a line set in from the left margin (a first-line indent, a centred
    title) or after a vertical gap; it ends on a line that stops short of the right margin
    ``right`` or ends a sentence.
    """
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    out: list[str] = []
    current = ""
    previous: _Line | None = None
    for line in lines:
        text = line.text().strip()
        indented = line.x0 > left + 1.5 * line.height
        gap = previous is not None and line.top - previous.bottom > 0.8 * line.height
        if current and (indented or gap):
            out.append(current)
            current = ""
        current += text
        short = line.x1 < right - 2 * line.height
        if short or text.endswith(_ENDS):
            out.append(current)
            current = ""
        previous = line
    if current:
        out.append(current)
    return out
