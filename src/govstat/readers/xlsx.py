"""Reading .xlsx/.xlsm workbooks, keeping every cell's address.

The workbook is read in one pass straight from its XML parts (zipfile and ElementTree's C
parser), for speed: importing and running openpyxl cost more than everything else a
validation does. The cells come out as openpyxl's ``data_only`` mode gives them: numbers as
int or float, text as str, TRUE/FALSE as bool, a number in a date format as a datetime, an
error such as ``#DIV/0!`` as its text.

A formula cell is read as the result the file saved. When a formula has no saved result
(a workbook written by a script and never opened in Excel), the cell is recorded as such so
that the check can name it, rather than reading it as blank or 0.

A part holding a DTD is refused: OOXML never needs one, and without one there can be no
entity expansion (XML bombs) and no external entities.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Callable, Generator, Iterator
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree.ElementTree import Element, ParseError, fromstring

from govstat.errors import GovstatError
from govstat.readers.grid import Book, Sheet, address
from govstat.readers.sniff import MAX_INFLATED

MAX_CELLS = 2_000_000
"""More cells than any statistics table has; beyond this the file is refused, not read."""

MAX_PART = 64 * 1024 * 1024
"""The largest XML part parsed whole (uncompressed): far beyond any statistics table.
Worksheets are streamed instead, :data:`CHUNK` bytes at a time, within :data:`MAX_INFLATED`."""

CHUNK = 256 * 1024
"""Bytes of sheet XML inflated and parsed at a time: a statistics table's sheet is one chunk."""

TAIL_ROWS = 300
"""Rows of a sheet read past the last label of any form before its tables count as behind.
Two tables of one sheet (三 and 四) stand a few rows apart, and the rows after a table (notes,
填报单位, 填表日期) within a dozen; a register or export below the table is not read."""

SEARCH_WINDOW = 100
"""While no label has been found past :data:`TAIL_ROWS` rows, only this many rows above the
current one are kept: the title and 填报单位 stand just above a table."""

LABEL_COLUMNS = 64
"""Labels are looked for in a long sheet's first columns only (a table starts far left)."""

SEARCH_ROWS = 100_000
"""A sheet with no label in its first rows up to this one holds no table: the rest of it is
not read (a table is never found below a hundred thousand rows of something else)."""

_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
_WORKSHEET = "/worksheet"
_SHARED_STRINGS = "/sharedStrings"
_STYLES = "/styles"

_COORD = re.compile(r"([A-Za-z]{1,3})(\d+)")
_EMPTY_CELL = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,5}")?(?: t="n")? ?/>')
"""An empty cell as Excel, WPS, LibreOffice and openpyxl write it: <c r="B7" s="3"/>."""
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SHEET_DATA = re.compile(rb"<([A-Za-z_][\w.-]*:)?sheetData(\s[^>]*)?(/?)>")
_MERGE_CELLS = re.compile(rb"<([A-Za-z_][\w.-]*:)?mergeCells(?:\s[^>]*?)?(/?)>")
_MERGE_END = re.compile(rb"</([A-Za-z_][\w.-]*:)?mergeCells>")
_MERGE_REF = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref=[\"']([A-Za-z]{1,3}[0-9]{1,7}:[A-Za-z]{1,3}[0-9]{1,7})[\"']"
)
"""A merged range's ``ref`` (``A1:C1``), in single or double quotes."""
_ROOT_NAME = re.compile(rb"<([A-Za-z_][\w.:-]*)[\s>]")
"""The root element's name: the first start tag that is not ``<?xml`` or ``<!--``."""


def read_xlsx(path: Path, is_label: Callable[[str], bool] | None = None) -> Book:
    """Read every worksheet of a workbook into a :class:`Book`. Raises GovstatError on a bad
    file.

    With ``is_label`` (whether a text is a label of some known form), a long sheet is read
    only until its tables are behind: :data:`TAIL_ROWS` rows past the last label."""
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            return _Workbook(archive, name, is_label).read()
    except GovstatError:
        raise
    except zipfile.BadZipFile as exc:
        raise GovstatError(
            f"工作簿已损坏，无法解压 (the workbook is damaged: {exc})", file=name
        ) from exc
    except KeyError as exc:
        raise GovstatError(
            f"不是完整的 Excel 工作簿，缺少部件 {exc} (not a complete workbook)", file=name
        ) from exc
    except ParseError as exc:
        raise GovstatError(
            f"工作表不是有效的 XML (a sheet is not valid XML: {exc})", file=name
        ) from exc
    except Exception as exc:  # bad numbers, odd zips (ZIP_ERRORS): all mean "unreadable"
        raise GovstatError(
            f"无法读取工作簿 (cannot read the workbook): {type(exc).__name__}: {exc}", file=name
        ) from exc


def _local(tag: str) -> str:
    """``{namespace}name`` → ``name``: transitional and strict OOXML alike."""
    return tag.rpartition("}")[2]


class _Workbook:
    def __init__(
        self, archive: zipfile.ZipFile, name: str, is_label: Callable[[str], bool] | None
    ) -> None:
        self.archive = archive
        self.name = name
        self.is_label = is_label
        self.parts = {info.filename: info for info in archive.infolist()}
        self.inflated = 0  # bytes of sheet XML inflated so far, held to MAX_INFLATED

    def xml(self, part: str) -> Element:
        info = self.parts.get(part)
        if info is None:
            raise KeyError(part)
        if info.file_size > MAX_PART:
            raise GovstatError(
                f"部件 {part} 过大（{info.file_size // 2**20} MiB），不像是统计表 "
                "(a part too large for a statistics table)",
                file=self.name,
            )
        data = self.archive.read(info)
        if b"<!DOCTYPE" in data or "<!DOCTYPE".encode("utf-16-le") in data:
            raise GovstatError(
                f"部件 {part} 含有 DTD，拒绝读取 (a part holds a DTD)", file=self.name
            )
        try:
            return fromstring(data)
        except ParseError as exc:
            raise GovstatError(
                f"部件 {part} 不是有效的 XML (a part is not valid XML: {exc})", file=self.name
            ) from exc

    def relations(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of each relationship of ``part``."""
        folder = PurePosixPath(part).parent
        rels = f"{folder}/_rels/{PurePosixPath(part).name}.rels".lstrip("./")
        if part == "":
            rels = "_rels/.rels"
        if rels not in self.parts:
            return []
        out = []
        for rel in self.xml(rels):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            resolved = target.lstrip("/") if target.startswith("/") else _join(folder, target)
            out.append((rel.get("Id", ""), rel.get("Type", ""), resolved))
        return out

    def read(self) -> Book:
        office = [t for _, kind, t in self.relations("") if kind.endswith(_OFFICE_DOCUMENT)]
        workbook_part = office[0] if office else "xl/workbook.xml"
        workbook = self.xml(workbook_part)
        rels = self.relations(workbook_part)
        by_id = {rid: (kind, target) for rid, kind, target in rels}
        strings_part = next((t for _, k, t in rels if k.endswith(_SHARED_STRINGS)), None)
        styles_part = next((t for _, k, t in rels if k.endswith(_STYLES)), None)
        strings = self.shared_strings(strings_part) if strings_part else []
        date1904 = False
        sheets: list[tuple[str, str]] = []
        for child in workbook:
            local = _local(child.tag)
            if local == "workbookPr":
                date1904 = child.get("date1904", "").lower() in ("1", "true")
            elif local == "sheets":
                for entry in child:
                    rid = next((v for k, v in entry.attrib.items() if k.endswith("}id")), "")
                    kind, target = by_id.get(rid, ("", ""))
                    if kind.endswith(_WORKSHEET):
                        sheets.append((entry.get("name", ""), target))
        styles = _Styles(self, styles_part)
        epoch = datetime.datetime(1904, 1, 1) if date1904 else datetime.datetime(1899, 12, 30)
        book = Book(path=self.name, sheets=[])
        for title, target in sheets:
            if target not in self.parts:
                raise KeyError(target)
            batches = self.sheet_batches(target)
            try:
                sheet = _read_sheet(batches, title, strings, styles, epoch, self)
            finally:
                batches.close()
            for ref in self.merged_ranges(target):
                top_left, _, bottom_right = ref.partition(":")
                if bottom_right and _COORD.fullmatch(top_left) and _COORD.fullmatch(bottom_right):
                    sheet.merge(*_position(top_left), *_position(bottom_right))
            book.sheets.append(sheet)
        return book

    def merged_ranges(self, part: str) -> list[str]:
        """The ``ref`` of each merged range of a worksheet (``A1:C1``): its ``<mergeCells>``,
        which follows ``<sheetData>``, found by scanning the inflated part without parsing
        the rows again (a long sheet is inflated to its end, not held: :data:`CHUNK` at a
        time)."""
        with self.archive.open(self.parts[part]) as stream:
            tail = b""
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    return []
                data = tail + chunk
                match = _MERGE_CELLS.search(data)
                if match is not None:
                    break
                tail = data[-64:]
            if match.group(2) == b"/":
                return []  # <mergeCells/>
            segment = data[match.end() :]
            while (end := _MERGE_END.search(segment)) is None:
                chunk = stream.read(CHUNK)
                if not chunk or len(segment) > MAX_PART:
                    return []  # a cut or oversized list of ranges: the cells are read as they are
                segment += chunk
        return [ref.decode("ascii") for ref in _MERGE_REF.findall(segment[: end.start()])]

    def sheet_batches(self, part: str) -> Generator[Element, None, None]:
        """A worksheet part as a series of small documents, each its ``<worksheet>`` head and
        the next rows of its ``<sheetData>``, inflated :data:`CHUNK` bytes at a time.

        Rows are cut at a row's start tag, so each batch parses alone with the C parser, as
        fast as the whole part would; memory holds one batch. What follows ``</sheetData>``
        is not parsed (the merged ranges are found by :meth:`merged_ranges`). A part with a
        DTD is refused (no entity can then expand)."""
        with self.archive.open(self.parts[part]) as stream:
            buffer = b""
            while True:
                chunk = self._inflate(stream, part)
                buffer += chunk
                match = _SHEET_DATA.search(buffer)
                if match is not None or not chunk:
                    break
                if len(buffer) > MAX_PART:
                    raise GovstatError(
                        f"部件 {part} 中找不到 sheetData (no sheetData in a sheet part)",
                        file=self.name,
                    )
            if match is None:
                return  # a sheet without sheetData: no cells
            head = buffer[: match.end()]
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise GovstatError(
                    f"部件 {part} 含有 DTD，拒绝读取 (a part holds a DTD)", file=self.name
                )
            if match.group(3):
                return  # <sheetData/>: an empty sheet
            root = _ROOT_NAME.search(head)
            if root is None:
                raise GovstatError(
                    f"部件 {part} 不是有效的 XML (a part is not valid XML)", file=self.name
                )
            prefix = match.group(1) or b""
            close = b"</" + prefix + b"sheetData></" + root.group(1) + b">"
            end_tag = b"</" + prefix + b"sheetData>"
            row_tag = b"<" + prefix + b"row"
            rest = buffer[match.end() :]
            while True:
                end = rest.find(end_tag)
                if end >= 0:
                    yield self._batch(head, rest[:end], close, part)
                    return
                cut = rest.rfind(row_tag)
                if cut > 0:
                    yield self._batch(head, rest[:cut], close, part)
                    rest = rest[cut:]
                elif len(rest) > MAX_PART:
                    raise GovstatError(
                        f"工作表 {part} 的一行解压后超过 {MAX_PART // 2**20} MB，不像是统计表 "
                        f"(a row of the sheet inflates beyond {MAX_PART // 2**20} MB)",
                        file=self.name,
                    )
                chunk = self._inflate(stream, part)
                if not chunk:
                    yield self._batch(head, rest, close, part)  # no </sheetData>: a parse error
                    return
                rest += chunk

    def _inflate(self, stream: IO[bytes], part: str) -> bytes:
        chunk = stream.read(CHUNK)
        self.inflated += len(chunk)
        if self.inflated > MAX_INFLATED:
            raise GovstatError(
                f"工作表解压后超过 {MAX_INFLATED // 2**20} MB，不予读取 (the sheets inflate "
                f"beyond {MAX_INFLATED // 2**20} MB)",
                file=self.name,
                where=part,
            )
        return chunk

    def _batch(self, head: bytes, rows: bytes, close: bytes, part: str) -> Element:
        # Cells with a style and nothing in them are most of a formatted sheet: cut them
        # before parsing (they hold no value; what they would cost is the parse).
        try:
            return fromstring(head + _EMPTY_CELL.sub(b"", rows) + close)
        except ParseError as exc:
            raise GovstatError(
                f"部件 {part} 不是有效的 XML (a part is not valid XML: {exc})", file=self.name
            ) from exc

    def shared_strings(self, part: str) -> list[str]:
        return [_text(item) for item in self.xml(part)]


def _text(item: Element) -> str:
    """The text of a string item: its <t>, or its runs of rich text (rPh, the phonetic
    guide, is not part of the text)."""
    pieces = []
    for child in item:
        local = _local(child.tag)
        if local == "t":
            pieces.append(child.text or "")
        elif local == "r":
            pieces += [t.text or "" for t in child if _local(t.tag) == "t"]
    return _unescape("".join(pieces))


def _join(folder: PurePosixPath, target: str) -> str:
    parts: list[str] = [p for p in str(folder).split("/") if p and p != "."]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _unescape(text: str) -> str:
    """Excel writes control characters as ``_x000D_``."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


# Styles: which cells hold dates ----------------------------------------------------------------

_DATE_BUILTINS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_CJK_DATE_BUILTINS = frozenset({*range(27, 37), *range(50, 59)})
"""Built-in formats of Chinese (and Japanese, Korean) Excel: 2023年1月5日, 1月5日, 10时30分.
openpyxl does not know them and reads such a cell as its serial number; a register's date
typed in Chinese Excel would then be 44931."""
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def is_date_format(code: str) -> bool:
    """A number format that shows a date or time (as openpyxl decides it)."""
    first = _STRIP.sub("", code.split(";")[0])
    return _DATE_CODE.search(first) is not None


class _Styles:
    """The cell styles in a date format, read only when a number cell has a style."""

    def __init__(self, workbook: _Workbook, part: str | None) -> None:
        self.workbook = workbook
        self.part = part
        self._dates: dict[int, bool] | None = None  # style index → is a timedelta

    def dates(self) -> dict[int, bool]:
        if self._dates is None:
            self._dates = self._read() if self.part else {}
        return self._dates

    def _read(self) -> dict[int, bool]:
        assert self.part is not None
        root = self.workbook.xml(self.part)
        custom: dict[int, str] = {}
        xfs: list[int] = []
        for child in root:
            local = _local(child.tag)
            if local == "numFmts":
                for fmt in child:
                    custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
            elif local == "cellXfs":
                xfs = [int(xf.get("numFmtId", "0")) for xf in child]
        out = {}
        for index, fmt_id in enumerate(xfs):
            code = custom.get(fmt_id)
            if code is None:
                if fmt_id in _DATE_BUILTINS or fmt_id in _CJK_DATE_BUILTINS:
                    out[index] = fmt_id == 46  # [h]:mm:ss, a duration
                continue
            if is_date_format(code):
                out[index] = _TIMEDELTA.search(code.split(";")[0]) is not None
        return out


def from_excel(
    value: float, epoch: datetime.datetime, timedelta: bool
) -> datetime.datetime | datetime.time | datetime.timedelta:
    """An Excel serial number as the date, time or duration it shows (as openpyxl does)."""
    if timedelta:
        return datetime.timedelta(days=value)
    day, fraction = divmod(value, 1)
    diff = datetime.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return datetime.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch.year == 1899:
        day += 1  # Excel's 1900 leap-year bug
    return epoch + datetime.timedelta(days=day) + diff


# Worksheets ------------------------------------------------------------------------------------

_REFS: dict[str, tuple[int, int]] = {}
"""A1 reference → (row, column): the same few hundred in every file of a bulk run."""


def _position(ref: str) -> tuple[int, int]:
    position = _REFS.get(ref)
    if position is None:
        match = _COORD.fullmatch(ref)
        if match is None:
            raise ValueError(f"bad cell reference {ref!r}")
        column = 0
        for char in match.group(1).upper():
            column = column * 26 + ord(char) - 64
        position = (int(match.group(2)), column)
        if len(_REFS) >= 100_000:
            _REFS.clear()
        _REFS[ref] = position
    return position


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


def _read_sheet(
    batches: Iterator[Element],
    title: str,
    strings: list[str],
    styles: _Styles,
    epoch: datetime.datetime,
    workbook: _Workbook,
) -> Sheet:
    sheet = Sheet(name=title)
    cells = sheet.cells
    shared: dict[str, tuple[str, int, int]] = {}  # shared formula id → (text, row, column)
    dated: list[tuple[int, int, int]] = []  # (row, column, style) of numbers with a style
    count = max_row = max_col = 0
    row_number = 0
    behind = _Behind(cells, workbook.is_label)
    for root in batches:
        ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
        v_tag, f_tag, is_tag = f"{ns}v", f"{ns}f", f"{ns}is"
        data = root.find(f"{ns}sheetData")
        if data is None:
            break
        for row in data:
            r = row.get("r")
            row_number = int(r) if r else row_number + 1
            if behind.passed(row_number, max_col):
                break
            col_number = 0
            for cell in row:
                ref = cell.get("r")
                if ref:
                    row_at, col_number = _position(ref)
                else:
                    row_at, col_number = row_number, col_number + 1
                count += 1
                if not len(cell):
                    continue  # a cell with a style and nothing in it
                kind = cell.get("t", "n")
                raw: str | None = None
                formula: Element | None = None
                inline: Element | None = None
                for child in cell:
                    tag = child.tag
                    if tag == v_tag:
                        raw = child.text
                    elif tag == f_tag:
                        formula = child
                    elif tag == is_tag:
                        inline = child
                value: object = None
                if kind == "inlineStr":
                    if inline is not None:
                        value = _text(inline)
                elif raw:
                    if kind == "n":
                        value = _number(raw)
                        style = cell.get("s")
                        if style and style != "0":
                            dated.append((row_at, col_number, int(style)))
                    elif kind == "s":
                        value = strings[int(raw)]
                    elif kind == "b":
                        value = bool(int(raw))
                    elif kind == "d":
                        value = datetime.datetime.fromisoformat(raw.replace("Z", ""))
                    else:  # str (a formula's text result), e (an error such as #N/A)
                        value = raw
                if value is not None:
                    cells[(row_at, col_number)] = value
                elif formula is not None:
                    text = _formula(formula, shared, row_at, col_number)
                    if text is None:
                        continue
                    sheet.formulas_without_value[(row_at, col_number)] = text
                else:
                    continue
                if row_at > max_row:
                    max_row = row_at
                if col_number > max_col:
                    max_col = col_number
        else:
            continue
        break  # the tables are behind: the rest of the sheet is not read
    if behind.dropped:
        max_row = max((r for r, _ in cells), default=0)
        max_col = max((c for _, c in cells), default=0)
        count = len(cells)
        dated = [d for d in dated if (d[0], d[1]) in cells]
        for key in [k for k in sheet.formulas_without_value if k[0] < behind.kept_from]:
            del sheet.formulas_without_value[key]
    if count > MAX_CELLS or max_row * max_col > MAX_CELLS:
        raise GovstatError(
            f"工作表过大（{max_row} 行 × {max_col} 列），"
            "不像是统计表 (the sheet is too large to be a statistics table)",
            file=workbook.name,
            where=f"sheet {title}",
        )
    if dated:
        dates = styles.dates()
        for row_at, col_number, style_index in dated:
            if style_index in dates:
                number = cells[(row_at, col_number)]
                assert isinstance(number, (int, float))
                try:
                    duration = dates[style_index]
                    cells[(row_at, col_number)] = from_excel(number, epoch, duration)
                except (OverflowError, ValueError):
                    cells[(row_at, col_number)] = "#VALUE!"
    return sheet


class _Behind:
    """Whether a sheet's tables are behind the row being read: :data:`TAIL_ROWS` rows past the
    last row holding a label of any form, or :data:`SEARCH_ROWS` rows without any label.
    Checked only once a sheet is that long, so a statistics table's sheet costs nothing; with
    no label found yet, the rows more than :data:`SEARCH_WINDOW` above are dropped, so that
    memory stays bounded while the table is looked for further down."""

    def __init__(
        self, cells: dict[tuple[int, int], object], is_label: Callable[[str], bool] | None
    ) -> None:
        self.cells = cells
        self.is_label = is_label
        self.last_label = 0
        self.scanned = 0  # rows up to this one have been looked at for labels
        self.kept_from = 1
        self.dropped = False

    def passed(self, row: int, columns: int) -> bool:
        """Whether ``row`` (about to be read) is behind the tables; ``columns``: the widest
        row so far."""
        if self.is_label is None or row <= TAIL_ROWS or row - self.scanned <= SEARCH_WINDOW:
            return False
        self._scan(row, columns)  # once every SEARCH_WINDOW rows
        if self.last_label:
            return row > self.last_label + TAIL_ROWS
        if row > SEARCH_ROWS:
            return True
        if row - SEARCH_WINDOW > self.kept_from:
            self._drop_above(row - SEARCH_WINDOW)
        return False

    def _scan(self, row: int, columns: int) -> None:
        """Look for labels in the rows read since the last scan, in their first
        :data:`LABEL_COLUMNS` columns (cell by cell: a scan costs the rows it looks at)."""
        assert self.is_label is not None
        is_label, cells = self.is_label, self.cells
        for r in range(max(self.scanned, self.kept_from - 1) + 1, row):
            for c in range(1, min(columns, LABEL_COLUMNS) + 1):
                value = cells.get((r, c))
                if isinstance(value, str) and is_label(value):
                    self.last_label = r
                    break
        self.scanned = row - 1

    def _drop_above(self, row: int) -> None:
        for key in [k for k in self.cells if k[0] < row]:
            del self.cells[key]
        self.kept_from = row
        self.dropped = True


def _formula(
    element: Element, shared: dict[str, tuple[str, int, int]], row: int, col: int
) -> str | None:
    """A formula's text as Excel shows it (``=SUM(C27:C30)``); a shared formula's dependent
    cell gets the master's formula moved to its place."""
    text = element.text
    if element.get("t") == "shared":
        key = element.get("si", "")
        if text:
            shared[key] = (text, row, col)
        elif key in shared:
            master, master_row, master_col = shared[key]
            from openpyxl.formula.translate import Translator  # rare: imported when needed

            origin, here = address(master_row, master_col), address(row, col)
            return str(Translator(f"={master}", origin=origin).translate_formula(here))
    return f"={text}" if text else None
