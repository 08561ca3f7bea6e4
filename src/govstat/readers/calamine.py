"""Reading .xls (Excel 97–2003, as old Excel and WPS save), .xlsb and .ods with python-calamine.

python-calamine (Rust's calamine) reads all three formats, reports merged ranges, and reads
a 64-row sheet in a fraction of a millisecond; xlrd reads only .xls and is no longer kept up
for anything else. A merged range keeps its text in its top-left cell, as openpyxl reads an
.xlsx, so that every format gives the recogniser the same grid.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, fromstring

from govstat.errors import GovstatError
from govstat.readers.grid import Book, Sheet
from govstat.readers.xlsx import MAX_CELLS, MAX_PART


def is_panic(error: BaseException) -> bool:
    """A panic of calamine's Rust code on a malformed file: pyo3 raises it as a
    ``pyo3_runtime.PanicException``, a BaseException that ``except Exception`` lets through."""
    return type(error).__name__ == "PanicException"


@contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null meanwhile: a Rust panic prints its own lines there
    (and a backtrace with RUST_BACKTRACE) before Python sees it; govstat prints one line."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
        finally:
            os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def read_calamine(path: Path) -> Book:
    """Every sheet of an .xls, .xlsb or .ods workbook. Raises GovstatError on a bad file."""
    with _native_stderr_silenced():
        return _read(path)


def _read(path: Path) -> Book:
    import python_calamine  # imported here: only reading these formats pays for it

    name = str(path)
    try:
        # From the bytes, not the path: calamine would choose the format by the extension.
        with path.open("rb") as handle:
            workbook = python_calamine.CalamineWorkbook.from_filelike(handle)
    except python_calamine.PasswordError as exc:
        raise GovstatError(
            "工作簿设有密码：请去除密码后另存为 .xlsx (the workbook is password-protected)",
            file=name,
        ) from exc
    except BaseException as exc:  # calamine raises several types; its Rust code may panic
        if not is_panic(exc) and not isinstance(exc, Exception):
            raise  # KeyboardInterrupt, SystemExit: not the file's fault
        raise GovstatError(
            f"无法读取工作簿，文件可能已损坏 (cannot read the workbook): {exc}", file=name
        ) from exc
    sheets: list[Sheet] = []
    try:
        for sheet_name in workbook.sheet_names:
            source = workbook.get_sheet_by_name(sheet_name)
            if source.height * source.width > MAX_CELLS:
                raise GovstatError(
                    f"工作表过大（{source.height} 行 × {source.width} 列），"
                    "不像是统计表 (the sheet is too large to be a statistics table)",
                    file=name,
                    where=f"sheet {sheet_name}",
                )
            sheet = Sheet(name=sheet_name)
            for r, row in enumerate(source.to_python(skip_empty_area=False), start=1):
                for c, content in enumerate(row, start=1):
                    if content is None or content == "":
                        continue
                    if isinstance(content, float) and content.is_integer() and abs(content) < 1e15:
                        content = int(content)  # .xls and .ods store every number as a float
                    sheet.cells[(r, c)] = content
            for (top, left), (bottom, right) in _merged_ranges(source):
                sheet.merge(top + 1, left + 1, bottom + 1, right + 1)  # from 0: from 1
            sheets.append(sheet)
        if zipfile.is_zipfile(path):  # .ods: its merged ranges, which calamine does not give
            spans = ods_merges(path)
            for sheet in sheets:
                for top, left, bottom, right in spans.get(sheet.name, []):
                    sheet.merge(top, left, bottom, right)
    except GovstatError:
        raise
    except BaseException as exc:
        if not is_panic(exc) and not isinstance(exc, Exception):
            raise
        raise GovstatError(
            f"无法读取工作表，文件可能已损坏 (cannot read a sheet): {exc}", file=name
        ) from exc
    finally:
        workbook.close()
    return Book(path=name, sheets=sheets)


def _merged_ranges(source: object) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The sheet's merged ranges, from 0 (.xls and .xlsb; calamine reads none from .ods: see
    :func:`ods_merges`). An attribute in the installed python-calamine, a method in its type
    stubs: both are accepted."""
    ranges = getattr(source, "merged_cell_ranges", None)
    if callable(ranges):
        ranges = ranges()
    return list(ranges or [])


_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_MAX_REPEAT = 1_048_576
"""ODS writes the empty rest of a sheet as one row or cell repeated a million times."""


def ods_merges(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """The merged ranges of each sheet of an .ods, from 1: (top, left, bottom, right).

    From content.xml's ``number-rows-spanned``/``number-columns-spanned``, counting repeated
    rows and cells. A part with a DTD, too large, or unreadable gives none: the values were
    read by calamine already, and without ranges the recogniser places heads by their text.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("content.xml")
            if info.file_size > MAX_PART:
                return {}
            data = archive.read(info)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # no entity can expand
            return {}
        root = fromstring(data)
    except (KeyError, OSError, ParseError, zipfile.BadZipFile, ValueError):
        return {}
    return {
        str(table.get(f"{{{_TABLE}}}name", "")): _table_merges(table)
        for table in root.iter(f"{{{_TABLE}}}table")
    }


def _repeat(element: Element, attribute: str) -> int:
    try:
        return max(1, min(int(element.get(f"{{{_TABLE}}}{attribute}", "1")), _MAX_REPEAT))
    except ValueError:
        return 1


def _rows(parent: Element) -> list[Element]:
    """The rows of a table, also inside row groups and header rows, in order."""
    rows = []
    for child in parent:
        name = child.tag.rpartition("}")[2]
        if name == "table-row":
            rows.append(child)
        elif name in ("table-row-group", "table-header-rows", "table-rows"):
            rows.extend(_rows(child))
    return rows


def _table_merges(table: Element) -> list[tuple[int, int, int, int]]:
    merges = []
    row = 1
    for element in _rows(table):
        repeat = _repeat(element, "number-rows-repeated")
        col = 1
        for cell in element:
            if not cell.tag.endswith("table-cell"):  # table-cell and covered-table-cell
                continue
            across = _repeat(cell, "number-columns-repeated")
            rows = _repeat(cell, "number-rows-spanned")
            cols = _repeat(cell, "number-columns-spanned")
            if rows > 1 or cols > 1:
                merges.append((row, col, row + rows - 1, col + cols - 1))
            col += across
        row += repeat
    return merges
