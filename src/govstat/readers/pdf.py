"""Reading the tables and the text of a published report in PDF, with PDFium (pypdfium2).

A PDF has no cells, only characters at positions and the lines drawn between them. PDFium, a
compiled engine, gives each character with its box and each path with its segments; the
grid is rebuilt here from those.

- **Ruled tables** (the usual case: the table is printed with borders) are found from their
  rules: the straight segments of the page's paths (a thin filled rectangle is a rule too)
  are snapped and joined into lines, their crossings give the cells, and cells that share a
  corner are one table. Each cell keeps its column, empty or not, and a cell spanning rows or
  columns keeps its text at its top-left position and leaves the positions it covers blank,
  as a merged range of a spreadsheet does. Text wrapped over lines inside a cell keeps its
  line breaks.
- **Tables that run over a page break** are joined: a table that ends the page and one that
  starts the next with the same columns are one table, its header row not repeated (a header
  row alone at a page's foot is a table of one row, joined to the rest overleaf).
- **Tables without rules** are rebuilt from the words' positions: a line whose words fall
  apart into several blocks is a row, and each block goes to the column whose span it
  overlaps, never to "the next free column", so a row whose empty cells vanished keeps its
  values in their columns. A block that overlaps no column, or two, is not guessed: it is
  recorded in :attr:`Sheet.doubts`, and the check names it (``<form>-R-04``).
- **Text** outside tables is the report's prose, its lines joined into paragraphs (a paragraph
  cut by a page break is joined again, page numbers are left out).

A PDF of scanned images has no text: its pages are read by OCR (:mod:`govstat.readers.ocr`;
a page is judged by :func:`page_has_no_text`). Pages, time and size are bounded
(:data:`MAX_PAGES`, :data:`MAX_SECONDS`, :data:`MAX_SEGMENTS`), so a crafted file cannot hang a
check. PDFium's objects are not thread-safe; each is closed as soon as it has been read.
"""

from __future__ import annotations

import bisect
import ctypes
import re
import threading
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

MAX_SEGMENTS = 50_000
"""Path segments read on one page: a table has a few hundred; beyond this the page is a
drawing (a map, a chart), and its remaining paths are not looked at for rules."""

MIN_GAP = 1.0
"""Words further apart than this many character heights belong to different cells (the words
of one label stand a space apart, about a third of a character)."""

TOLERANCE = 3.0
"""Points by which two column edges may differ and still be the same edge."""

SNAP = 3.0
"""Points within which two parallel rules are one (a rule drawn as a thin rectangle, the
borders of two adjacent cells), and gaps along a rule that are closed."""

X_TOLERANCE = 1.5
"""Points between two characters of one word."""

Y_TOLERANCE = 2.0
"""Points by which the tops of two characters of one word may differ."""

_PDFIUM = threading.Lock()
"""PDFium is not thread-safe: one document at a time in a process (a web server's threads)."""

Box = tuple[float, float, float, float]
"""x0, top, x1, bottom: points, from the page's top-left corner."""


@dataclass(frozen=True)
class _PageInfo:
    """What the table and prose builders need to know of a page."""

    page_number: int
    width: float
    height: float


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
    merges: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    """A ruled cell taller or wider than one grid position: top-left → bottom-right, from 0."""


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
    import pypdfium2 as pdfium  # imported here: only reading a PDF pays for it

    name = str(path)
    data = read_limited(path, MAX_FILE_BYTES)
    started = time.monotonic()
    builder = DocumentBuilder(name)
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise _unreadable(name, exc) from exc
        try:
            tables, scanned = _read_document(document, name, builder, started)
            pages = len(document)
        except pdfium.PdfiumError as exc:
            raise _unreadable(name, exc) from exc
        finally:
            document.close()
    if len(scanned) == pages:  # a scan: its pages of tables are read by OCR (govstat[ocr])
        from govstat.readers.ocr import read_scanned_pdf

        return read_scanned_pdf(path)
    doubts: dict[tuple[int, int], str] = {}
    for table in tables:
        first = builder.next_row
        builder.table(table.rows, table.pages, merges=table.merges)
        for (r, c), text in table.doubts.items():
            doubts[(first + r, c)] = text
    builder.sheet.doubts.update(doubts)
    return builder.book()


def _read_document(
    document: Any, name: str, builder: DocumentBuilder, started: float
) -> tuple[list[_PageTable], list[int]]:
    """Every page's tables (joined over page breaks) and prose (into ``builder``), and the
    numbers of the pages with no text layer (scanned), which are left out.

    Each page and its text are closed as soon as they are read."""
    tables: list[_PageTable] = []
    scanned: list[int] = []
    if len(document) > MAX_PAGES:
        raise GovstatError(
            f"PDF 有 {len(document)} 页，远多于任何年度报告 "
            f"(the PDF has {len(document)} pages, far more than any annual report)",
            file=name,
        )
    paragraph = 0
    open_end = False
    for index in range(len(document)):
        if time.monotonic() - started > MAX_SECONDS:
            raise GovstatError(
                f"PDF 读取超过 {MAX_SECONDS:.0f} 秒，已停止 "
                f"(reading the PDF took over {MAX_SECONDS:.0f} s; stopped)",
                file=name,
            )
        page = document[index]
        try:
            display, width, height = _display(page.get_bbox(), page.get_rotation())
            info = _PageInfo(index + 1, width, height)
            horizontal, vertical = _rules(page, display)
            textpage = page.get_textpage()
            try:
                words = _words(textpage, display, vertical)
            finally:
                textpage.close()
            if page_has_no_text(words):
                # A scanned page: nothing to read without optical character recognition.
                scanned.append(info.page_number)
                continue
        finally:
            page.close()
        found, prose = _read_page(info, words, horizontal, vertical)
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
            builder.paragraph(text, paragraph=paragraph, page=info.page_number)
        if prose.paragraphs:
            open_end = prose.open_end
    return tables, scanned


def page_has_no_text(words: list[dict[str, Any]]) -> bool:
    """Whether a page has no text layer (a scanned page, a picture): no word on it.

    The one place a page is judged scanned: such a page is left out (its number listed by
    :func:`_read_document`), and a PDF made only of them is refused.
    """
    return not words


def _unreadable(name: str, exc: Exception) -> GovstatError:
    """The one-line error for a PDF that PDFium cannot open or read."""
    from pypdfium2 import raw

    if getattr(exc, "err_code", None) in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
        return GovstatError(
            "PDF 设有密码，无法读取：请提供未加密的文件 (the PDF is password-protected)",
            file=name,
        )
    return GovstatError(f"无法读取 PDF，文件可能已损坏 (cannot read the PDF): {exc}", file=name)


Matrix = tuple[float, float, float, float, float, float]
"""An affine map as PDF writes it, (a, b, c, d, e, f): x' = a x + c y + e, y' = b x + d y + f."""


def _display(bbox: tuple[float, float, float, float], rotation: int) -> tuple[Matrix, float, float]:
    """The map from PDF space to the page as it is shown (``/Rotate`` applied; points from its
    top-left corner, down), and the shown page's width and height."""
    left, bottom, right, top = bbox
    width, height = right - left, top - bottom
    turns = (rotation // 90) % 4  # clockwise quarter turns
    if turns == 1:
        return (0.0, 1.0, 1.0, 0.0, -bottom, -left), height, width
    if turns == 2:
        return (-1.0, 0.0, 0.0, 1.0, right, -bottom), width, height
    if turns == 3:
        return (0.0, -1.0, -1.0, 0.0, top, right), height, width
    return (1.0, 0.0, 0.0, -1.0, 0.0, top), width, height


def _words(
    textpage: Any, display: Matrix, vertical: list[Box] | None = None
) -> list[dict[str, Any]]:
    """The page's words: characters in a run without a space, a gap or a ``vertical`` rule
    between them (a number right-aligned in its cell and a text left-aligned in the next
    stand closer than a gap), with their box.

    A word is a dict (``x0``, ``x1``, ``top``, ``bottom``, ``text``, and ``space``: whether a
    printed space stands before it), ``top`` measured down from the page's top edge. A
    character's box spans its advance across, and one font size up from a fifth of it below
    the baseline (about as pdfminer draws it), so every character of a line has the same
    height and the gaps between cells are measured in font sizes whatever the font. Boxes are
    taken through ``display``, so that a page shown turned (``/Rotate``) reads as it is shown.
    """
    from pypdfium2 import raw

    handle = textpage.raw  # the raw handle: ctypes calls skip pypdfium2's wrapper
    count = raw.FPDFText_CountChars(handle)
    box = raw.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    words: list[dict[str, Any]] = []
    chars: list[str] = []  # the characters of the word being read
    # The word being read: its left and right edges, top and bottom, the loose top of its
    # first character (to tell its line), and whether a printed space stands before it.
    left = right = top = bottom = word_top = 0.0
    space = before = False

    rules = sorted(vertical or [])  # by x
    upright = display[:4] == (1.0, 0.0, 0.0, -1.0)  # the usual page: only y turns over
    top_edge = display[5]
    get_box, is_generated = raw.FPDFText_GetLooseCharBox, raw.FPDFText_IsGenerated
    for index, char in enumerate(_chars(handle, count)):
        if char.isspace() or char in "\x00\ufffe\uffff":
            if not is_generated(handle, index):
                # A space printed in the PDF ends a word; one PDFium adds does not.
                if chars:
                    words.append(_word(left, right, top, bottom, chars, before))
                    chars = []
                space = True
            continue
        if not get_box(handle, index, box):
            continue
        if upright:
            char_left, char_right, char_top = box.left, box.right, top_edge - box.top
        else:
            (x0, y0) = _apply(display, box.left, box.bottom)
            (x1, y1) = _apply(display, box.right, box.top)
            char_left, char_right, char_top = min(x0, x1), max(x0, x1), min(y0, y1)
        if (
            chars
            and -Y_TOLERANCE <= char_top - word_top <= Y_TOLERANCE
            and -X_TOLERANCE <= char_left - right <= X_TOLERANCE
            and not _rule_between(rules, right, char_left, char_top)
        ):
            chars.append(char)
            if char_right > right:
                right = char_right
            continue
        # A new word: its height and baseline are asked for once, not for every character.
        if not raw.FPDFText_GetCharOrigin(handle, index, x, y):
            continue
        if chars:
            words.append(_word(left, right, top, bottom, chars, before))
        size = raw.FPDFText_GetFontSize(handle, index) or abs(box.top - box.bottom)
        baseline = top_edge - y.value if upright else _apply(display, x.value, y.value)[1]
        bottom = baseline + 0.2 * size
        top = bottom - size
        left, right, word_top = char_left, char_right, char_top
        chars = [char]
        before, space = space, False
    if chars:
        words.append(_word(left, right, top, bottom, chars, before))
    return words


def _rule_between(rules: list[Box], left: float, right: float, top: float) -> bool:
    """Whether a vertical rule stands between x ``left`` and ``right`` (within half a point)
    at the height of a character whose top is ``top``."""
    if not rules:
        return False
    low, high = min(left, right) - 0.5, max(left, right) + 0.5
    start = bisect.bisect_left(rules, (low,))
    for x, rule_top, _, rule_bottom in rules[start:]:
        if x > high:
            return False
        if rule_top - 1 <= top + 1 <= rule_bottom + 1:
            return True
    return False


def _word(
    left: float, right: float, top: float, bottom: float, chars: list[str], space: bool
) -> dict[str, Any]:
    return {"x0": left, "x1": right, "top": top, "bottom": bottom, "text": "".join(chars),
            "space": space}  # fmt: skip


def _chars(handle: Any, count: int) -> str:
    """The page's characters, one for each of PDFium's character indices.

    One call for the whole page; where its text does not line up with the indices (a
    character outside the Basic Multilingual Plane takes two UTF-16 units), one call each.
    """
    from pypdfium2 import raw

    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(handle, 0, count, buffer)
    text = bytes(memoryview(buffer).cast("B")[: max(0, written - 1) * 2]).decode(
        "utf-16-le", errors="replace"
    )
    if len(text) == count:
        return text
    codes = (raw.FPDFText_GetUnicode(handle, index) for index in range(count))
    return "".join(chr(code) if 0 < code < 0x110000 else "\x00" for code in codes)


# --- rules: the page's straight lines ---------------------------------------------------


def _rules(page: Any, display: Matrix) -> tuple[list[Box], list[Box]]:
    """The page's horizontal and vertical rules as boxes of zero height or width.

    Every straight axis-parallel segment of a stroked or filled path counts (the four sides of
    a cell drawn as a rectangle, a thin filled rectangle's long sides, which snap together);
    paths inside form XObjects are followed, their matrices applied.
    """
    from pypdfium2 import raw

    horizontal: list[Box] = []
    vertical: list[Box] = []
    budget = [MAX_SEGMENTS]
    handle = page.raw
    objects = [raw.FPDFPage_GetObject(handle, i) for i in range(raw.FPDFPage_CountObjects(handle))]
    _collect(objects, display, horizontal, vertical, budget, depth=0)
    return _merge(horizontal, vertical=False), _merge(vertical, vertical=True)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _collect(
    objects: list[Any],
    outer: Matrix,
    horizontal: list[Box],
    vertical: list[Box],
    budget: list[int],
    depth: int,
) -> None:
    from pypdfium2 import raw

    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    left, bottom, right, top = (
        ctypes.c_float(),
        ctypes.c_float(),
        ctypes.c_float(),
        ctypes.c_float(),
    )
    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM and depth < 4:
            if not raw.FPDFPageObj_GetMatrix(obj, matrix):
                continue
            own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            children = [
                raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj))
            ]
            _collect(children, _compose(own, outer), horizontal, vertical, budget, depth + 1)
            continue
        if kind != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPath_GetDrawMode(obj, fill, stroke) or not (fill.value or stroke.value):
            continue  # a path neither stroked nor filled (a clip) is not seen
        if raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            # A path no wider or taller than a rule is one (a line, a thin filled rectangle):
            # its bounds say all, without walking its segments.
            p = _apply(outer, left.value, bottom.value)
            q = _apply(outer, right.value, top.value)
            if abs(q[0] - p[0]) <= SNAP or abs(q[1] - p[1]) <= SNAP:
                budget[0] -= 1
                if abs(q[0] - p[0]) <= SNAP:
                    middle = (p[0] + q[0]) / 2
                    _add_segment((middle, p[1]), (middle, q[1]), horizontal, vertical)
                else:
                    middle = (p[1] + q[1]) / 2
                    _add_segment((p[0], middle), (q[0], middle), horizontal, vertical)
                continue
        if not raw.FPDFPageObj_GetMatrix(obj, matrix):
            continue
        a, b, c, d, e, f = _compose(
            (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer
        )
        count = raw.FPDFPath_CountSegments(obj)
        budget[0] -= max(0, count)
        if budget[0] < 0:
            return
        start: tuple[float, float] | None = None
        previous: tuple[float, float] | None = None
        for index in range(count):
            segment = raw.FPDFPath_GetPathSegment(obj, index)
            if not raw.FPDFPathSegment_GetPoint(segment, x, y):
                continue
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            segment_kind = raw.FPDFPathSegment_GetType(segment)
            if segment_kind == raw.FPDF_SEGMENT_MOVETO:
                start = previous = point
                continue
            if segment_kind == raw.FPDF_SEGMENT_LINETO and previous is not None:
                _add_segment(previous, point, horizontal, vertical)
            previous = point
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_segment(point, start, horizontal, vertical)
                previous = start


def _apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    """A point through ``matrix``."""
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _add_segment(
    p: tuple[float, float], q: tuple[float, float], horizontal: list[Box], vertical: list[Box]
) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= 0.5:
        y = (y0 + y1) / 2
        horizontal.append((min(x0, x1), y, max(x0, x1), y))
    elif abs(x1 - x0) < 0.5 and abs(y1 - y0) >= 0.5:
        x = (x0 + x1) / 2
        vertical.append((x, min(y0, y1), x, max(y0, y1)))


def _merge(edges: list[Box], *, vertical: bool) -> list[Box]:
    """Rules snapped to a common position (within :data:`SNAP`) and joined along their length
    where they touch or nearly do; rules shorter than :data:`SNAP` are dropped."""
    at = 0 if vertical else 1  # the fixed coordinate
    lo, hi = (1, 3) if vertical else (0, 2)
    edges = sorted(edges, key=lambda edge: edge[at])
    clusters: list[list[Box]] = []
    for edge in edges:
        if clusters and edge[at] - clusters[-1][-1][at] <= SNAP:
            clusters[-1].append(edge)
        else:
            clusters.append([edge])
    merged: list[Box] = []
    for cluster in clusters:
        position = sum(edge[at] for edge in cluster) / len(cluster)
        spans = sorted((edge[lo], edge[hi]) for edge in cluster)
        joined: list[list[float]] = []
        for a, b in spans:
            if joined and a <= joined[-1][1] + SNAP:
                joined[-1][1] = max(joined[-1][1], b)
            else:
                joined.append([a, b])
        for a, b in joined:
            if b - a >= SNAP:
                merged.append(
                    (position, a, position, b) if vertical else (a, position, b, position)
                )
    return merged


# --- ruled tables: cells from the rules' crossings --------------------------------------


@dataclass
class _Cell:
    box: Box
    words: list[dict[str, Any]] = field(default_factory=list)


def _ruled_tables(horizontal: list[Box], vertical: list[Box]) -> list[list[_Cell]]:
    """Cells enclosed by rules, grouped into tables (cells that share a corner).

    As pdfplumber does: from each crossing, the nearest crossings below and to the right that
    close a rectangle with rules on all four sides make a cell, so a merged cell (no rule
    through it) is one larger cell.
    """
    if len(horizontal) * len(vertical) > 250_000:
        return []  # a drawing, not a table
    # Crossings: point → (the vertical rule, the horizontal rule) through it.
    crossings: dict[tuple[float, float], tuple[int, int]] = {}
    heights = [edge[1] for edge in horizontal]  # _merge gives them top to bottom
    for v, (x, top, _, bottom) in enumerate(vertical):
        first = bisect.bisect_left(heights, top - SNAP)
        last = bisect.bisect_right(heights, bottom + SNAP)
        for h in range(first, last):
            left, y, right, _ = horizontal[h]
            if left - SNAP <= x <= right + SNAP:
                crossings[(x, y)] = (v, h)
    points = sorted(crossings, key=lambda p: (p[1], p[0]))  # row by row, left to right
    by_x: dict[float, list[float]] = {}
    by_y: dict[float, list[float]] = {}
    for x, y in points:
        by_x.setdefault(x, []).append(y)
        by_y.setdefault(y, []).append(x)
    cells: list[Box] = []
    for x, y in points:
        v, h = crossings[(x, y)]
        ys = by_x[x]
        xs = by_y[y]
        if ys[-1] == y or xs[-1] == x:
            continue  # nothing below or to the right: no cell has this top-left corner
        found = False
        for y2 in ys[bisect.bisect_right(ys, y) :]:
            if crossings[(x, y2)][0] != v:
                break  # the rule down from here has ended
            for x2 in xs[bisect.bisect_right(xs, x) :]:
                if crossings[(x2, y)][1] != h:
                    break
                corner = crossings.get((x2, y2))
                if (
                    corner is not None
                    and corner[0] == crossings[(x2, y)][0]
                    and corner[1] == crossings[(x, y2)][1]
                ):
                    cells.append((x, y, x2, y2))
                    found = True
                    break
            if found:
                break
    # Tables: cells joined through shared corners.
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for point in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)):
            if point in owner:
                parent[root(i)] = root(owner[point])
            else:
                owner[point] = i
    groups: dict[int, list[_Cell]] = {}
    for i, box in enumerate(cells):
        groups.setdefault(root(i), []).append(_Cell(box))
    return [group for group in groups.values() if len(group) > 1]


def _place_words(cells: list[_Cell], words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each word whose centre lies in a cell to that cell; return the words left over."""
    xs = sorted({c.box[0] for c in cells} | {c.box[2] for c in cells})
    ys = sorted({c.box[1] for c in cells} | {c.box[3] for c in cells})
    band: dict[tuple[int, int], _Cell] = {}
    for cell in cells:
        x0, top, x1, bottom = cell.box
        for r in range(ys.index(top), ys.index(bottom)):
            for c in range(xs.index(x0), xs.index(x1)):
                band[(r, c)] = cell
    rest: list[dict[str, Any]] = []
    for word in words:
        cx = (word["x0"] + word["x1"]) / 2
        cy = (word["top"] + word["bottom"]) / 2
        r = bisect.bisect_right(ys, cy) - 1
        c = bisect.bisect_right(xs, cx) - 1
        inside = band.get((r, c)) if 0 <= r < len(ys) - 1 and 0 <= c < len(xs) - 1 else None
        if inside is None:
            rest.append(word)
        else:
            inside.words.append(word)
    return rest


def _table_of_cells(cells: list[_Cell], page: _PageInfo) -> _PageTable:
    """A ruled table's rows: one per distinct cell top, one column per distinct cell left; a
    cell spanning rows or columns stands at its top-left position, the others stay None."""
    columns = sorted({cell.box[0] for cell in cells})
    tops = sorted({cell.box[1] for cell in cells})
    at = {(cell.box[1], cell.box[0]): cell for cell in cells}
    rows: list[list[str | None]] = []
    for top in tops:
        row: list[str | None] = []
        for x in columns:
            cell = at.get((top, x))
            row.append(None if cell is None else _cell_text(cell.words))
        rows.append(row)
    spans = []
    for x in columns:
        rights = [cell.box[2] for cell in cells if cell.box[0] == x]
        spans.append((x, max(rights)))
    return _PageTable(
        page=page.page_number,
        rows=rows,
        pages=[page.page_number] * len(rows),
        top=min(tops),
        bottom=max(cell.box[3] for cell in cells),
        columns=spans,
        page_height=page.height,
        merges=_merges(cells, tops, columns),
    )


def _merges(
    cells: list[_Cell], tops: list[float], lefts: list[float]
) -> dict[tuple[int, int], tuple[int, int]]:
    """The cells spanning several rows or columns, as merged ranges of the grid (from 0): each
    covers the rows and columns whose top or left edge stands inside its box."""
    merges = {}
    for cell in cells:
        x0, top, x1, bottom = cell.box
        r, c = tops.index(top), lefts.index(x0)
        last_row = max(i for i, t in enumerate(tops) if i <= r or t < bottom - SNAP)
        last_col = max(i for i, x in enumerate(lefts) if i <= c or x < x1 - SNAP)
        if last_row > r or last_col > c:
            merges[(r, c)] = (last_row, last_col)
    return merges


def _cell_text(words: list[dict[str, Any]]) -> str | None:
    """A cell's text, its printed lines (a label wrapped in its cell) one per line; on a line,
    a space between two words where one was printed or they stand apart (3 points)."""
    if len(words) <= 1:
        return words[0]["text"] if words else None
    lines = []
    for line in _lines(words):
        text = ""
        previous: dict[str, Any] | None = None
        for word in sorted(line.words, key=lambda w: w["x0"]):
            if previous is not None and (word.get("space") or word["x0"] - previous["x1"] > 3):
                text += " "
            text += word["text"]
            previous = word
        lines.append(text)
    return "\n".join(lines) or None


def _read_page(
    page: _PageInfo,
    words: list[dict[str, Any]],
    horizontal: list[Box],
    vertical: list[Box],
) -> tuple[list[_PageTable], _PageText]:
    """The tables of one page (ruled or rebuilt from positions) and its prose paragraphs."""
    # A single row counts: the header row alone at the foot of a page, the table going on
    # overleaf.
    found: list[_PageTable] = []
    outside = words
    for cells in _ruled_tables(horizontal, vertical):
        if len({cell.box[0] for cell in cells}) < 2:
            continue
        outside = _place_words(cells, outside)
        found.append(_table_of_cells(cells, page))
    ruled = bool(found)
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
    """Join ``table`` to the one it continues, leaving out the header rows printed again at
    the top of the new page (as many rows as repeat the first rows of the table)."""
    rows, pages = table.rows, table.pages
    skip = 0
    while skip < min(len(rows), len(previous.rows)) and rows[skip] == previous.rows[skip]:
        skip += 1
    rows, pages = rows[skip:], pages[skip:]
    offset = len(previous.rows) - skip
    for (r, c), text in table.doubts.items():
        if r >= skip:
            previous.doubts[(offset + r, c)] = text
    for (r, c), (bottom, right) in table.merges.items():
        if r >= skip:
            previous.merges[(offset + r, c)] = (offset + bottom, right)
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
