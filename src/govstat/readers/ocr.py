"""Reading scanned tables by optical character recognition: pictures and image-only PDFs.

A scan has no characters, only pixels. The table's grid is found from the pixels of its
ruling lines, the text by PP-OCR (rapidocr-onnxruntime, whose Chinese models ship inside its
wheel: nothing is fetched when it runs). Both come with the extra ``govstat[ocr]``; without
it a scan is refused with one line naming the extra.

For each page:

1. **Which pages.** A PDF's pages are first rendered at :data:`PROBE_DPI` (a few
   milliseconds each) and only those whose ruling lines cover a table's area are rendered at
   :data:`RENDER_DPI` and read; a report's pages of prose are not read at all.
2. **Deskew.** The angle of the long lines (a probabilistic Hough transform over the dark
   pixels) is the scan's tilt; the page is turned back by it.
3. **Grid.** Horizontal and vertical strokes longer than any character (a morphological
   opening) are the rules; each white region they enclose is a cell. The cells' edges, lined
   up, give the grid's rows and columns; a cell covering several of them is a merged range,
   its text in its top-left position as a spreadsheet keeps it.
4. **Text.** The page, its rules erased (a rule beside a digit reads as 1), is read once;
   each recognised line goes to the cell holding its centre, and a cell's lines are joined
   top to bottom. A line that straddles two cells is read again cell by cell. Text outside
   the tables is the page's prose (the year, the agency).

Every cell of a table carries a confidence (:attr:`Sheet.confidence`): the least of its
lines' recognition scores; 1.0 for a cell with no ink; 0.0 for a cell with ink the engine
could not read, which stays blank (never 0). Tables running over a page break are joined as
the PDF reader joins them.
"""

from __future__ import annotations

import itertools
import re
import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstat.errors import GovstatError
from govstat.readers.document import DocumentBuilder
from govstat.readers.grid import Book

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Image = NDArray[np.uint8]

EXTRA_HINT = "pip install 'govstat[ocr]'"

Merges = dict[tuple[int, int], tuple[int, int]]
"""Merged ranges of a table: top-left (row, column) → bottom-right, both from 0."""

RENDER_DPI = 150
"""PDF pages holding a table are rendered at this resolution for OCR: PP-OCR reads the
10–12 pt print of a statistics table reliably from it (its detector works on at most 2000
pixels a side anyway)."""

PROBE_DPI = 36
"""The cheap first rendering of each PDF page, to find those holding a table."""

MAX_SCAN_PAGES = 40
"""Pages of tables read from one file (a report's tables fill a few)."""

MAX_SECONDS = 600.0
"""Reading stops (exit 2) when a scan takes longer than this."""

DARK = 205
"""Gray levels below this are ink whatever surrounds them (the gray fill of a header cell,
printed at 15% black, is about 217)."""

_DASHES = re.compile(r"[一—–\-－_─]{1,4}")

MAX_PIXELS = 40_000_000
"""An image larger than this (a 600 dpi A3 scan is 35 megapixels) is refused."""


def read_image(path: Path) -> Book:
    """The tables of a picture (PNG, JPEG, TIFF, BMP; each frame of a TIFF a page)."""
    libs = _libraries(str(path))
    from PIL import Image as PILImage

    name = str(path)
    frames: list[Image] = []
    try:
        with PILImage.open(path) as picture:
            for index in range(getattr(picture, "n_frames", 1)):
                picture.seek(index)
                if picture.width * picture.height > MAX_PIXELS:
                    raise GovstatError(
                        f"图片有 {picture.width}×{picture.height} 像素，过大 "
                        f"(the image is {picture.width}×{picture.height} pixels: too large)",
                        file=name,
                    )
                frames.append(libs.np.asarray(picture.convert("L")))
                if len(frames) >= MAX_SCAN_PAGES:
                    break
    except GovstatError:
        raise
    except Exception as exc:  # pillow raises many types on a damaged image
        raise GovstatError(
            f"无法读取图片，文件可能已损坏 (cannot read the image): {type(exc).__name__}",
            file=name,
        ) from exc
    numbered = len(frames) > 1
    pages = ((index + 1 if numbered else None, frame) for index, frame in enumerate(frames))
    return _read_pages(name, pages)


def read_scanned_pdf(path: Path) -> Book:
    """The tables of a PDF whose pages are images: the pages holding a ruled table, by OCR."""
    name = str(path)
    libs = _libraries(name)
    import pypdfium2

    # PDFium is not thread-safe: pages are rendered under the PDF reader's lock, then read.
    from govstat.readers.pdf import _PDFIUM

    rendered: list[tuple[int | None, Image]] = []
    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(str(path))
        except pypdfium2.PdfiumError as exc:
            raise GovstatError(
                f"无法读取 PDF，文件可能已损坏 (cannot read the PDF): {exc}", file=name
            ) from exc
        try:
            for index in range(len(document)):
                page = document[index]
                probe = _gray(libs, page.render(scale=PROBE_DPI / 72).to_numpy())
                if not _has_table(libs, probe):
                    continue  # a page of prose, a cover: not worth its OCR
                if len(rendered) >= MAX_SCAN_PAGES:
                    raise GovstatError(
                        f"扫描件中有表格的页超过 {MAX_SCAN_PAGES} 页 "
                        f"(more than {MAX_SCAN_PAGES} pages of tables in the scan)",
                        file=name,
                    )
                full = page.render(scale=RENDER_DPI / 72, grayscale=True).to_numpy()
                rendered.append((index + 1, _gray(libs, full).copy()))
        finally:
            document.close()
    return _read_pages(name, iter(rendered))


# ---------------------------------------------------------------- the libraries


@dataclass(frozen=True)
class _Libraries:
    np: Any
    cv2: Any


def _libraries(name: str) -> _Libraries:
    """numpy and OpenCV, or the one-line refusal naming the extra."""
    try:
        import cv2
        import numpy
        import rapidocr_onnxruntime  # noqa: F401  (the engine, loaded on first read)
    except ImportError as exc:
        raise GovstatError(
            f"这是扫描件或图片，需要安装文字识别组件：{EXTRA_HINT} "
            f"(a scan or a picture needs the OCR extra: {EXTRA_HINT})",
            file=name,
        ) from exc
    return _Libraries(numpy, cv2)


@lru_cache(maxsize=1)
def engine() -> Any:
    """The OCR engine, loaded once per process (its models take a quarter of a second)."""
    from rapidocr_onnxruntime import RapidOCR

    # The angle classifier is for text printed upside down, which a table does not hold.
    return RapidOCR(use_cls=False)


def _gray(libs: _Libraries, pixels: Any) -> Image:
    """A rendered page (BGR, BGRA or gray) as 8-bit gray."""
    cv2 = libs.cv2
    if pixels.ndim == 2:
        return pixels  # type: ignore[no-any-return]
    code = cv2.COLOR_BGRA2GRAY if pixels.shape[2] == 4 else cv2.COLOR_BGR2GRAY
    return cv2.cvtColor(pixels, code)  # type: ignore[no-any-return]


# ---------------------------------------------------------------- pages


@dataclass
class _Cell:
    row: int
    col: int
    rows: int
    cols: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the page's pixels
    lines: list[tuple[float, float, str, float]] = field(default_factory=list)
    """(centre y, left x, text, score) of each recognised line."""


@dataclass
class _Table:
    page: int | None
    box: tuple[int, int, int, int]
    page_height: int
    columns: list[int]  # the x of each column's edge, left to right
    cells: list[_Cell]
    ink: dict[tuple[int, int], bool] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        return max(c.row + c.rows for c in self.cells)

    @property
    def n_cols(self) -> int:
        return len(self.columns) - 1

    def grid(self) -> tuple[list[list[str | None]], dict[tuple[int, int], float], Merges]:
        """Rows of cell texts, each position's confidence (row from 0, column from 1) and the
        merged ranges (both from 0, as :meth:`DocumentBuilder.table` takes them)."""
        rows: list[list[str | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        confidence: dict[tuple[int, int], float] = {}
        merges: Merges = {}
        for cell in self.cells:
            if cell.rows > 1 or cell.cols > 1:
                merges[(cell.row, cell.col)] = (cell.row + cell.rows - 1, cell.col + cell.cols - 1)
            text = _cell_text(cell.lines)
            if text:
                rows[cell.row][cell.col] = text
                score = min(line[3] for line in cell.lines)
            else:
                score = 0.0 if self.ink.get((cell.row, cell.col)) else 1.0
            for r in range(cell.row, cell.row + cell.rows):
                for c in range(cell.col, cell.col + cell.cols):
                    confidence[(r, c + 1)] = round(score, 3)
        return rows, confidence, merges


def _read_pages(name: str, pages: Iterator[tuple[int | None, Image]]) -> Book:
    """OCR each page, join the tables over page breaks, and build the book."""
    libs = _libraries(name)
    started = time.monotonic()
    tables: list[_Table] = []
    builder = DocumentBuilder(name)
    paragraph = 0
    for page, gray in pages:
        if time.monotonic() - started > MAX_SECONDS:
            raise GovstatError(
                f"文字识别超过 {MAX_SECONDS:.0f} 秒，已停止 "
                f"(the OCR took over {MAX_SECONDS:.0f} s; stopped)",
                file=name,
            )
        found, prose = _read_page(libs, gray, page)
        tables.extend(found)
        for text in prose:
            paragraph += 1
            builder.paragraph(text, paragraph=paragraph, page=page)
    if not tables:
        raise GovstatError(
            "扫描件中没有找到带框线的表格 (no ruled table was found in the scan)", file=name
        )
    joined: list[_Joined] = []
    previous: _Table | None = None
    for table in tables:
        rows, confidence, merges = table.grid()
        pages_of = [table.page] * len(rows)
        if previous is not None and _continues(previous, table) and joined:
            last = joined[-1]
            skip = 1 if rows and rows[0] == last.rows[0] else 0  # the header printed again
            offset = len(last.rows) - skip
            for (r, c), score in confidence.items():
                if r >= skip:
                    last.confidence[(offset + r, c)] = score
            for (top, left), (bottom, right) in merges.items():
                if top >= skip:
                    last.merges[(offset + top, left)] = (offset + bottom, right)
            last.rows.extend(rows[skip:])
            last.pages.extend(pages_of[skip:])
        else:
            joined.append(_Joined(rows, pages_of, confidence, merges))
        previous = table
    for part in joined:
        first, before = builder.next_row, builder.tables
        builder.table(part.rows, part.pages, part.merges)
        if builder.tables > before:
            for (r, c), score in part.confidence.items():
                builder.sheet.confidence[(first + r, c)] = score
    return builder.book()


@dataclass
class _Joined:
    """A table as it goes onto the sheet, its pieces over page breaks joined."""

    rows: list[list[str | None]]
    pages: list[int | None]
    confidence: dict[tuple[int, int], float]
    merges: Merges


def _continues(previous: _Table, table: _Table) -> bool:
    """Whether ``table`` goes on with ``previous`` across a page break: the next page, the
    same columns (their widths, as a scan may sit elsewhere on the sheet), ending and
    starting near the page's edges."""
    if previous.page is None or table.page != previous.page + 1:
        return False
    if previous.n_cols != table.n_cols:
        return False
    width = max(previous.box[2] - previous.box[0], 1)
    a = [b - a for a, b in zip(previous.columns, previous.columns[1:], strict=False)]
    b = [y - x for x, y in zip(table.columns, table.columns[1:], strict=False)]
    if any(abs(x - y) > 0.02 * width for x, y in zip(a, b, strict=True)):
        return False
    return previous.box[3] > 0.6 * previous.page_height and table.box[1] < 0.4 * table.page_height


def _read_page(libs: _Libraries, gray: Image, page: int | None) -> tuple[list[_Table], list[str]]:
    """The ruled tables of one page and its prose lines."""
    cv2, np = libs.cv2, libs.np
    angle = _skew(libs, gray)
    if abs(angle) > 0.05:
        height, width = gray.shape
        turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        gray = cv2.warpAffine(gray, turn, (width, height), flags=cv2.INTER_CUBIC, borderValue=255)
    texts = _detect(libs, gray)
    ink = _binary(libs, gray)
    rules = _rules(libs, ink, texts)
    tables = [
        t
        for t in (_table(libs, rules, box, page, gray.shape[0]) for box in _boxes(libs, rules))
        if t
    ]
    # The page with its rules erased (a rule beside a digit reads as 1), each line cut out.
    clean = gray.copy()
    clean[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 255
    pieces: list[tuple[tuple[int, int, int, int], _Cell | None]] = []
    for box in texts:
        pieces.extend(_pieces(tables, box))
    read = _recognise(libs, clean, [box for box, _ in pieces])
    prose: list[tuple[float, float, str]] = []
    for (box, cell), found in zip(pieces, read, strict=True):
        if found is None:
            continue
        text, score = found
        middle = (box[1] + box[3]) / 2
        if cell is None:
            prose.append((middle, box[0], text))
        else:
            cell.lines.append((middle, box[0], text, score))
    ink = ink.copy()
    ink[cv2.dilate(rules, np.ones((5, 5), np.uint8)) > 0] = 0
    unread: list[tuple[_Cell, tuple[int, int, int, int]]] = []
    for table in tables:
        for cell in table.cells:
            x0, y0, x1, y1 = cell.box
            inner = ink[y0 + 2 : y1 - 2, x0 + 2 : x1 - 2]
            inked = int(inner.sum() // 255) > 12
            table.ink[(cell.row, cell.col)] = inked
            if inked and not cell.lines:
                # Ink the detector passed over (a lone faint 0): the ink itself is read.
                ys, xs = np.nonzero(inner)
                left, top = x0 + 2 + int(xs.min()), y0 + 2 + int(ys.min())
                unread.append((cell, (left, top, x0 + 3 + int(xs.max()), y0 + 3 + int(ys.max()))))
    for (cell, box), found in zip(
        unread, _recognise(libs, clean, [box for _, box in unread]), strict=True
    ):
        if found is not None:
            cell.lines.append(((box[1] + box[3]) / 2, box[0], found[0], found[1]))
    return tables, [line for line in _prose_lines(prose) if line.strip()]


def _detect(libs: _Libraries, gray: Image) -> list[tuple[int, int, int, int]]:
    """The boxes of the page's lines of text, found by the OCR engine's detector."""
    bgr = libs.cv2.cvtColor(gray, libs.cv2.COLOR_GRAY2BGR)
    found, _ = engine()(bgr, use_det=True, use_cls=False, use_rec=False)
    boxes = []
    for points in found or []:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        boxes.append((int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1))
    return boxes


def _pieces(
    tables: list[_Table], box: tuple[int, int, int, int]
) -> list[tuple[tuple[int, int, int, int], _Cell | None]]:
    """A line of text and the cell it belongs to (None outside every table); a line the
    detector ran over a rule is cut into the part in each cell."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    for table in tables:
        tx0, ty0, tx1, ty1 = table.box
        if not (tx0 <= cx <= tx1 and ty0 <= cy <= ty1):
            continue
        over = [
            c
            for c in table.cells
            if c.box[0] < x1 - 3 and x0 + 3 < c.box[2] and c.box[1] <= cy <= c.box[3]
        ]
        if len(over) == 1:
            return [(box, over[0])]
        return [
            ((max(x0, c.box[0]), y0, min(x1, c.box[2]), y1), c)
            for c in over
            if min(x1, c.box[2]) - max(x0, c.box[0]) > 4
        ]
    return [(box, None)]


def _recognise(
    libs: _Libraries, clean: Image, boxes: list[tuple[int, int, int, int]]
) -> list[tuple[str, float] | None]:
    """The text and score of each cut-out line, in one batch; None where nothing was read
    (a score under the engine's own floor of 0.5 is noise, not text)."""
    if not boxes:
        return []
    height, width = clean.shape
    crops = []
    for x0, y0, x1, y1 in boxes:
        crop = clean[max(0, y0 - 2) : min(height, y1 + 2), max(0, x0 - 2) : min(width, x1 + 2)]
        crops.append(libs.cv2.cvtColor(crop, libs.cv2.COLOR_GRAY2BGR))
    results, _ = engine().text_rec(crops)
    out: list[tuple[str, float] | None] = []
    for text, score in results:
        text = str(text).strip()
        out.append((text, float(score)) if text and float(score) >= 0.5 else None)
    return out


def _binary(libs: _Libraries, gray: Image) -> Image:
    """Dark pixels as 255: darker than their neighbourhood (a scan's paper is unevenly lit),
    or dark outright (a faint thin rule beside text, where the neighbourhood is dark too;
    the light gray fill of a header cell stays white)."""
    cv2 = libs.cv2
    local = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15
    )
    _, dark = cv2.threshold(gray, DARK, 255, cv2.THRESH_BINARY_INV)
    return cv2.bitwise_or(local, dark)  # type: ignore[no-any-return]


def _skew(libs: _Libraries, gray: Image) -> float:
    """The page's tilt in degrees (counter-clockwise positive), from its long straight lines;
    0 when it has none."""
    cv2, np = libs.cv2, libs.np
    ink = _binary(libs, gray)
    width = gray.shape[1]
    # Only the pieces of near-horizontal strokes (a tilted rule keeps runs this long): the
    # transform then has a few thousand pixels to vote, not every character's.
    runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(20, width // 60)), np.uint8))
    found = cv2.HoughLinesP(
        runs, 1, np.pi / 1800, threshold=200, minLineLength=width // 4, maxLineGap=8
    )
    if found is None:
        return 0.0
    angles = []
    for x0, y0, x1, y1 in found.reshape(-1, 4).tolist():
        if x1 != x0:
            degrees = float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))
            if abs(degrees) < 5:
                angles.append(degrees)
    return statistics.median(angles) if angles else 0.0


def _rules(libs: _Libraries, ink: Image, texts: Sequence[tuple[int, int, int, int]] = ()) -> Image:
    """The pixels of the ruling lines.

    A horizontal rule is a stroke far longer than a character is wide. A vertical rule may be
    as short as one row (between two merged header cells), no longer than the stroke of a 1:
    it is told apart by running all the way from one horizontal rule to the next with white
    on both sides, and by standing outside every line of text the detector found (``texts``).
    """
    cv2, np = libs.cv2, libs.np
    width = ink.shape[1]
    length = max(30, width // 30)
    # A faint rule beside text comes out of the threshold in pieces: once the strokes are
    # known to be rules, gaps along them are bridged (a gap would let two cells run into one).
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    if texts:
        # The bottoms of bold characters touching one another make a long stroke too; it
        # runs through a line of text, which a rule runs beside.
        _drop_inside(libs, horizontal, texts, across=False)
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, np.ones((3, 25), np.uint8))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    if texts:
        # Strokes of characters stacked in tight header rows can line up into a long one.
        _drop_inside(libs, vertical, texts, across=True)
    # The bands between consecutive horizontal rules, and in each, the strokes spanning it.
    ruled = (horizontal > 0).sum(axis=1) > width * 0.04
    runs: list[tuple[int, int]] = []
    for y in np.flatnonzero(ruled).tolist():
        if runs and y <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    found: list[tuple[int, int, int, int, Any, bool]] = []
    """Each stroke spanning a band: the band, x0, x1, top, its mask, white on both sides."""
    for number, ((_, above), (below, end)) in enumerate(itertools.pairwise(runs)):
        gap = below - above - 1
        if gap < 6:
            continue
        top = max(0, above - 1)
        band = ink[top : end + 1]
        spans = cv2.morphologyEx(band, cv2.MORPH_OPEN, np.ones((gap + 2, 1), np.uint8))
        inside = band[above - top + 1 : below - top]
        count, labels, stats, _ = cv2.connectedComponentsWithStats(spans, connectivity=8)
        for index in range(1, count):
            x, _, w, _ = (int(v) for v in stats[index][:4])
            if w <= 6:
                alone = _stands_alone(inside, x - 4, x + w + 3)
                found.append((number, x, x + w, top, labels == index, alone))
    # A rule has white on both sides and stands outside every line of text; a stroke that
    # does not (a tight bold header, a line the detector ran over a rule) is a rule still
    # when a rule continues it in the next row, or a long rule right above or below.
    sure = [
        alone
        and not any(
            a + 3 < (x0 + x1) / 2 < b - 3 and c < top + m.shape[0] / 2 < d for a, c, b, d in texts
        )
        for _, x0, x1, top, m, alone in found
    ]
    height = ink.shape[0]
    long_rules = vertical.copy()
    for (number, x0, x1, top, mask, _), certain in zip(found, sure, strict=True):
        bottom = top + mask.shape[0]
        left, right = max(0, x0 - 3), x1 + 3
        above = long_rules[max(0, top - 8) : top, left:right]
        below = long_rules[bottom : min(height, bottom + 8), left:right]
        continued = (
            above.any()
            or below.any()
            or any(
                ok and abs(other - number) == 1 and a < x1 + 3 and x0 - 3 < b
                for (other, a, b, _, _, _), ok in zip(found, sure, strict=True)
            )
        )
        if certain or continued:
            vertical[top : top + mask.shape[0]][mask] = 255
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, np.ones((25, 3), np.uint8))
    rules = cv2.bitwise_or(horizontal, vertical)
    rules = cv2.morphologyEx(rules, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    # Only strokes joined into a table's frame: a dash (——) or an underline stands alone.
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    framed = (stats[:, cv2.CC_STAT_WIDTH] > width * 0.3) & (stats[:, cv2.CC_STAT_HEIGHT] > 20)
    framed[0] = False
    return np.where(framed[labels], 255, 0).astype(np.uint8)  # type: ignore[no-any-return]


def _drop_inside(
    libs: _Libraries, strokes: Image, texts: Sequence[tuple[int, int, int, int]], across: bool
) -> None:
    """Remove from ``strokes`` those lying for the most part inside lines of text (well
    within a line's box, not along its edge): characters' strokes, not rules."""
    cv2 = libs.cv2
    count, labels, stats, _ = cv2.connectedComponentsWithStats(strokes, connectivity=8)
    for index in range(1, count):
        x, y, w, h = (int(v) for v in stats[index][:4])
        if across:  # a vertical stroke: how much of its height is inside a line of text
            middle, start, size = x + w / 2, y, h
            spans = [(c, d) for a, c, b, d in texts if a + 3 < middle < b - 3]
        else:  # a horizontal one: a rule may graze a line's box, a baseline is well in it
            middle, start, size = y + h / 2, x, w
            spans = [
                (a, b) for a, c, b, d in texts if c + (d - c) * 0.15 < middle < d - (d - c) * 0.15
            ]
        covered = 0
        end = start
        for low, high in sorted(spans):
            low, high = max(low, end, start), min(high, start + size)
            if high > low:
                covered += high - low
                end = high
        if covered > 0.3 * size:
            strokes[labels == index] = 0


def _stands_alone(band: Image, left: int, right: int) -> bool:
    """Whether a vertical stroke has white on both sides (a rule), not other strokes
    crossing or touching it (the upright of 十 or 第, which may span a tight row)."""
    height, width = band.shape
    if height == 0:
        return False
    sides = [band[:, x] for x in (left, right) if 0 <= x < width]
    return all(int((side > 0).sum()) <= 0.1 * height for side in sides)


def _boxes(libs: _Libraries, rules: Image) -> list[tuple[int, int, int, int]]:
    """The boxes of the tables: connected rules spanning a good part of the page."""
    cv2 = libs.cv2
    width = rules.shape[1]
    count, _, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    boxes = []
    for index in range(1, count):
        x, y, w, h = (int(v) for v in stats[index][:4])
        if w > width * 0.3 and h > 20:
            boxes.append((x, y, x + w, y + h))
    return sorted(boxes, key=lambda b: b[1])


def _has_table(libs: _Libraries, gray: Image) -> bool:
    """Whether a page rendered small holds a ruled table."""
    rules = _rules(libs, _binary(libs, gray))
    return bool(_boxes(libs, rules))


def _table(
    libs: _Libraries,
    rules: Image,
    box: tuple[int, int, int, int],
    page: int | None,
    page_height: int,
) -> _Table | None:
    """The cells of one ruled table: the white regions its rules enclose, on a grid."""
    cv2, np = libs.cv2, libs.np
    x0, y0, x1, y1 = box
    region = rules[y0:y1, x0:x1]
    space = cv2.bitwise_not(region)
    count, _, stats, _ = cv2.connectedComponentsWithStats(space, connectivity=4)
    height, width = region.shape
    found: list[tuple[int, int, int, int]] = []
    for index in range(1, count):
        x, y, w, h = (int(v) for v in stats[index][:4])
        touches = x <= 0 or y <= 0 or x + w >= width or y + h >= height
        if touches or w < 8 or h < 8:
            continue  # outside the frame, or a speck between two rules
        found.append((x0 + x, y0 + y, x0 + x + w, y0 + y + h))
    if len(found) < 2:
        return None
    columns = _edges([b[0] for b in found] + [b[2] for b in found])
    rows = _edges([b[1] for b in found] + [b[3] for b in found])
    if len(columns) < 3:
        return None  # one column: a frame around text, not a table
    cells = []
    for cx0, cy0, cx1, cy1 in found:
        c0, c1 = _nearest(columns, cx0), _nearest(columns, cx1)
        r0, r1 = _nearest(rows, cy0), _nearest(rows, cy1)
        if c1 > c0 and r1 > r0:
            cells.append(_Cell(r0, c0, r1 - r0, c1 - c0, (cx0, cy0, cx1, cy1)))
    del np
    return _Table(page, box, page_height, columns, cells)


def _edges(values: Sequence[int], tolerance: int = 10) -> list[int]:
    """Cell edges lined up: values within ``tolerance`` pixels of each other are one edge (the
    two sides of one rule; a row is never this thin)."""
    edges: list[list[int]] = []
    for value in sorted(values):
        if edges and value - edges[-1][-1] <= tolerance:
            edges[-1].append(value)
        else:
            edges.append([value])
    return [round(sum(group) / len(group)) for group in edges]


def _nearest(edges: list[int], value: int) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _cell_text(lines: list[tuple[float, float, str, float]]) -> str:
    """A cell's recognised lines in reading order: top to bottom, left to right on a line.

    A cell holding only dashes is the empty mark ——, which the engine often reads as 一
    (the same stroke) or a single dash.
    """
    if not lines:
        return ""
    if all(_DASHES.fullmatch(text) for _, _, text, _ in lines):
        return "——"
    text = _joined(lines)
    # The engine often loses a bracket closing a cell's last line: a label's note is closed.
    if text.count("（") + text.count("(") == text.count("）") + text.count(")") + 1:
        text += "）"
    return text


def _joined(lines: list[tuple[float, float, str, float]]) -> str:
    """The lines of a cell, grouped into printed lines by their height on the page."""
    out: list[list[tuple[float, float, str, float]]] = []
    for line in sorted(lines):
        if out and abs(line[0] - out[-1][0][0]) < 8:
            out[-1].append(line)
        else:
            out.append([line])
    return "\n".join(
        "".join(t for _, _, t, _ in sorted(group, key=lambda g: g[1])) for group in out
    )


def _prose_lines(lines: list[tuple[float, float, str]]) -> list[str]:
    """The text outside the tables, a printed line at a time, top to bottom."""
    out: list[list[tuple[float, float, str]]] = []
    for line in sorted(lines):
        if out and abs(line[0] - out[-1][0][0]) < 10:
            out[-1].append(line)
        else:
            out.append([line])
    return [" ".join(t for _, _, t in sorted(group, key=lambda g: g[1])) for group in out]
