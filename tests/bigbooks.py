"""Big honest workbooks and a zip bomb, built on the fly for the reader's limits.

- :func:`table_then_rows`: a real table (the 2023-errors example, form 2021) followed on the
  same sheet by 200,000 rows of other data, about 35 MB of sheet XML;
- :func:`formatted_to_the_last_row`: the same table, its sheet formatted down to row 1,048,576
  (styled empty cells, ``<dimension ref="A1:XFD1048576">``, rows with only style attributes);
- :func:`sheet_bomb`: a sheet that inflates to gigabytes from a few megabytes.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from support import EXAMPLES

SOURCE = EXAMPLES / "2023-form2021-errors.xlsx"
SHEET = "xl/worksheets/sheet1.xml"
LAST_ROW = 1_048_576


def _rewrite(
    target: Path, change: Callable[[bytes], Iterator[bytes]], source: Path = SOURCE
) -> Path:
    """``source`` with its first sheet's XML replaced by the chunks ``change`` yields from it,
    written in pieces so that the test itself never holds the whole part."""
    with (
        zipfile.ZipFile(source) as zin,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename != SHEET:
                zout.writestr(info.filename, data)
                continue
            with zout.open(SHEET, "w", force_zip64=True) as part:
                for chunk in change(data):
                    part.write(chunk)
    return target


def _split(xml: bytes) -> tuple[bytes, bytes, bytes, int]:
    """(before </sheetData>, the rest, the last row number) of a sheet's XML."""
    head, tail = xml.split(b"</sheetData>", 1)
    last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', head))
    return head, b"</sheetData>" + tail, b"", last


def table_then_rows(folder: Path, rows: int = 200_000, merged: list[str] | None = None) -> Path:
    """The table, then ``rows`` rows of a register's other data: ids, dates, names, numbers;
    with ``merged``, these ranges listed as the sheet's merged cells (instead of its own)."""

    def change(xml: bytes) -> Iterator[bytes]:
        head, tail, _, last = _split(xml)
        if merged is not None:
            tail = re.sub(rb"<mergeCells.*?</mergeCells>|<mergeCells[^>]*/>", b"", tail)
            cells = b"".join(b'<mergeCell ref="%s"/>' % ref.encode() for ref in merged)
            tail = tail.replace(
                b"</sheetData>",
                b'</sheetData><mergeCells count="%d">%s</mergeCells>' % (len(merged), cells),
                1,
            )
        yield head
        batch = []
        for i in range(1, rows + 1):
            r = last + 10 + i
            batch.append(
                f'<row r="{r}"><c r="A{r}"><v>{i}</v></c>'
                f'<c r="B{r}" t="inlineStr"><is><t>2023-{i % 12 + 1:02d}-{i % 28 + 1:02d}</t>'
                "</is></c>"
                f'<c r="C{r}" t="inlineStr"><is><t>申请人{i:06d}</t></is></c>'
                f'<c r="D{r}"><v>{i * 7 % 1000}</v></c></row>'.encode()
            )
            if len(batch) == 5000:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch)
        yield tail

    return _rewrite(folder / "table-then-rows.xlsx", change)


def tables_apart(folder: Path, gap: int = 250, rows: int = 20_000) -> Path:
    """The tables with ``gap`` rows of other data between 三 and 四 (row 50 on), then ``rows``
    rows more: a long sheet whose second table stands well below its first."""

    def shift(match: re.Match[bytes]) -> bytes:
        column, row = match.group(1), int(match.group(2))
        return b'r="%s%d"' % (column, row + gap if row >= 50 else row)

    def filler(first: int, count: int) -> bytes:
        return b"".join(
            b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>note %d</t>'
            b"</is></c></row>" % (r, r, r, r, r)
            for r in range(first, first + count)
        )

    def change(xml: bytes) -> Iterator[bytes]:
        head, tail, _, last = _split(xml)
        head = re.sub(rb'r="([A-Z]*)(\d+)"', shift, head)
        before, after = head.split(b'<row r="%d"' % (50 + gap), 1)
        yield before + filler(49, gap) + b'<row r="%d"' % (50 + gap) + after
        yield filler(last + gap + 5, rows)
        yield tail

    return _rewrite(folder / "tables-apart.xlsx", change)


def formatted_to_the_last_row(folder: Path) -> Path:
    """The table on a sheet formatted to its last row: every row styled, cells styled empty."""

    def change(xml: bytes) -> Iterator[bytes]:
        xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        head, tail, _, last = _split(xml)
        yield head
        batch = []
        for r in range(last + 1, LAST_ROW + 1):
            if r % 3:
                batch.append(b'<row r="%d" s="2" customFormat="1" ht="15"/>' % r)
            else:
                batch.append(
                    b'<row r="%d" s="2"><c r="A%d" s="2"/><c r="B%d" s="2"/></row>' % (r, r, r)
                )
            if len(batch) == 10000:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch)
        yield tail

    return _rewrite(folder / "formatted.xlsx", change)


def sheet_bomb(folder: Path, megabytes: int = 200) -> Path:
    """A sheet whose XML inflates to ``megabytes`` MB of one repeated cell: a zip bomb."""
    cell = b'<c r="A1" t="inlineStr"><is><t>x</t></is></c>' * 20_000

    def change(xml: bytes) -> Iterator[bytes]:
        head, tail, _, _ = _split(xml)
        yield head + b'<row r="99999">'
        for _ in range(megabytes * 2**20 // len(cell)):
            yield cell
        yield b"</row>" + tail

    return _rewrite(folder / "bomb.xlsx", change)
