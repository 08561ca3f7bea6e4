"""Damaged and hostile input files, built on the fly for the robustness tests.

Each builder writes one file into a folder and returns its path. None of them needs a network
or a program beyond the test dependencies.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from support import EXAMPLES

SEED = EXAMPLES / "2018-seed.xlsx"

_FREE, _END, _FAT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal but well-formed OLE compound file (CFB v3) holding ``streams``.

    Streams are padded to 4096 bytes so that they live in regular sectors (no mini stream).
    This is the container of an Office file encrypted with a password: an ``EncryptionInfo``
    and an ``EncryptedPackage`` stream.
    """
    names = list(streams)
    assert len(names) <= 3
    data = [streams[n].ljust(4096, b"\0") for n in names]
    sectors_per_stream = [len(d) // 512 for d in data]
    fat = [_FAT, _END]  # sector 0: the FAT itself; sector 1: the directory
    starts = []
    for count in sectors_per_stream:
        start = len(fat)
        starts.append(start)
        fat += [start + i + 1 for i in range(count - 1)] + [_END]
    fat += [_FREE] * (128 - len(fat))
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0003, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 0x1000, _END, 0, _END, 0)
    struct.pack_into("<I", header, 76, 0)
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, _FREE)

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        out = bytearray(128)
        out[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", out, 64, len(encoded), kind, 1)
        struct.pack_into("<III", out, 68, _NOSTREAM, right, child)
        struct.pack_into("<II", out, 116, start, size)
        return bytes(out)

    directory = entry("Root Entry", 5, _NOSTREAM, 1, _END, 0)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else _NOSTREAM
        directory += entry(name, 2, right, _NOSTREAM, starts[index], len(streams[name]))
    directory = directory.ljust(512, b"\0")
    fat_sector = struct.pack("<128I", *fat)
    return bytes(header) + fat_sector + directory + b"".join(data)


def password_xlsx(folder: Path) -> Path:
    path = folder / "加密.xlsx"
    info = struct.pack("<HHI", 4, 4, 0x40) + b"\0" * 64  # an agile EncryptionInfo header
    path.write_bytes(compound_file({"EncryptionInfo": info, "EncryptedPackage": b"\x01" * 600}))
    return path


def old_word(folder: Path) -> Path:
    path = folder / "报告.doc"
    path.write_bytes(compound_file({"WordDocument": b"\xec\xa5" + b"\0" * 100}))
    return path


def truncated(source: Path, name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        data = source.read_bytes()
        path = folder / name
        path.write_bytes(data[: len(data) * 2 // 3])
        return path

    return make


def empty(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(b"")
        return path

    return make


def _rezip(source: Path, target: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, change(data) if info.filename == part else data)
    return target


LAUGHS = "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10))
BOMB_DTD = f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{LAUGHS}]>'


def _bombed(tag: bytes) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        return b'<?xml version="1.0"?>' + BOMB_DTD.encode() + body.replace(tag, tag + b"&lol9;", 1)

    return change


def xml_bomb_xlsx(folder: Path) -> Path:
    return _rezip(SEED, folder / "bomb.xlsx", "xl/worksheets/sheet1.xml", _bombed(b"<sheetData>"))


def xml_bomb_docx(folder: Path) -> Path:
    source = EXAMPLES / "2018-seed.docx"
    return _rezip(source, folder / "bomb.docx", "word/document.xml", _bombed(b"<w:t>"))


def xml_bomb_ods(folder: Path) -> Path:
    source = EXAMPLES / "2018-seed.ods"
    return _rezip(source, folder / "bomb.ods", "content.xml", _bombed(b"<text:p>"))


def huge_sheet_xml(folder: Path) -> Path:
    """A sheet of a million rows of one letter and no table: 70 MB of XML compressed 14 times,
    so not a zip bomb; streamed, and given up after SEARCH_ROWS rows without a label."""
    row = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>'

    def change(xml: bytes) -> bytes:
        start, end = xml.split(b"<sheetData>", 1)[0], xml.split(b"</sheetData>", 1)[1]
        rows = b"".join(row % (i, i) for i in range(1, 1_000_000))
        return start + b"<sheetData>" + rows + b"</sheetData>" + end

    return _rezip(SEED, folder / "huge.xlsx", "xl/worksheets/sheet1.xml", change)


def huge_csv(folder: Path) -> Path:
    path = folder / "huge.csv"
    line = ",".join(["一二三四五六七八"] * 20) + "\n"
    path.write_text(line * 20_000, encoding="utf-8")
    return path


def huge_html_spans(folder: Path) -> Path:
    path = folder / "spans.html"
    cells = '<td colspan="99999" rowspan="99999">x</td>' * 50
    path.write_text("<table>" + f"<tr>{cells}</tr>" * 2000 + "</table>", encoding="utf-8")
    return path


def image_pdf(folder: Path) -> Path:
    """A scanned report: one page that is a picture, no text."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 300), outline="black")
    path = folder / "扫描件.pdf"
    buffer = io.BytesIO()
    image.save(buffer, format="PDF")
    path.write_bytes(buffer.getvalue())
    return path


def password_pdf(folder: Path) -> Path:
    """A PDF that needs a password to open (the standard handler, RC4 40-bit, whose /U entry
    matches no empty password)."""
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"11" * 32, b"22" * 32)
    path = folder / "加密.pdf"
    path.write_bytes(text_pdf([[(72, 100, "secret")]], encrypt=encrypt))
    return path


def random_text(name: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        import random

        rnd = random.Random(name)
        alphabet = "甲乙丙丁申请公开复议诉讼经费abcXYZ 0123456789，。|\t"
        lines = ["".join(rnd.choices(alphabet, k=40)) for _ in range(200)]
        path = folder / name
        path.write_text("\n".join(lines), encoding=encoding)
        return path

    return make


def random_docx(folder: Path) -> Path:
    import random

    import docx

    rnd = random.Random(4)
    document = docx.Document()
    table = document.add_table(rows=30, cols=4)
    for row in table.rows:
        for cell in row.cells:
            cell.text = "".join(rnd.choices("甲乙丙丁申请公开 0123456789", k=10))
    path = folder / "random.docx"
    document.save(str(path))
    return path


def zip_not_office(folder: Path) -> Path:
    path = folder / "附件.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("报告.txt", "不是 Word 文档")
    return path


def binary_garbage(folder: Path) -> Path:
    path = folder / "garbage.csv"
    path.write_bytes(bytes(range(256)) * 40)
    return path


def png_named_xlsx(folder: Path) -> Path:
    path = folder / "截图.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    return path


DAMAGED: dict[str, Callable[[Path], Path]] = {
    "truncated-xlsx": truncated(SEED, "truncated.xlsx"),
    "truncated-docx": truncated(EXAMPLES / "2018-seed.docx", "truncated.docx"),
    "truncated-ods": truncated(EXAMPLES / "2018-seed.ods", "truncated.ods"),
    "truncated-xls": truncated(EXAMPLES / "2018-seed.xls", "truncated.xls"),
    "truncated-pdf": truncated(EXAMPLES / "2018-seed.pdf", "truncated.pdf"),
    "empty-xlsx": empty("empty.xlsx"),
    "empty-csv": empty("empty.csv"),
    "empty-pdf": empty("empty.pdf"),
    "password-xlsx": password_xlsx,
    "old-word": old_word,
    "random-text-csv": random_text("random.csv"),
    "random-text-txt": random_text("random.txt", "gbk"),
    "random-text-html": random_text("random.html"),
    "random-docx": random_docx,
    "xml-bomb-xlsx": xml_bomb_xlsx,
    "xml-bomb-docx": xml_bomb_docx,
    "xml-bomb-ods": xml_bomb_ods,
    "huge-sheet-xml": huge_sheet_xml,
    "huge-csv": huge_csv,
    "huge-html-spans": huge_html_spans,
    "image-pdf": image_pdf,
    "password-pdf": password_pdf,
    "zip-not-office": zip_not_office,
    "binary-garbage": binary_garbage,
    "png-named-xlsx": png_named_xlsx,
}


def text_pdf(
    pages: list[list[tuple[float, float, str]]],
    encrypt: bytes | None = None,
    drawings: list[bytes] | None = None,
    turned: bool = False,
) -> bytes:
    """A minimal PDF whose pages show ASCII text at (x, y from the top) in 12-point Courier
    (``encrypt``: an /Encrypt dictionary for its trailer; ``drawings``: content-stream
    operators drawn on each page, in PDF coordinates of the page as shown). ``turned``: each
    page is stored upright (612 × 792) and shown a quarter turn clockwise (``/Rotate 90``),
    792 wide and 612 high, as some printers store landscape pages."""
    shown_height = 612 if turned else 792
    rotate = "/Rotate 90 " if turned else ""
    objects: list[bytes] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")
    for number, lines in enumerate(pages):
        stream = b"".join(
            f"BT /F1 12 Tf {x} {shown_height - y} Td ({text}) Tj ET\n".encode()
            for x, y, text in lines
        )
        if drawings is not None:
            stream += drawings[number]
        if turned:  # drawn as shown, then turned back into the upright page it is stored as
            stream = b"q 0 1 -1 0 612 0 cm\n" + stream + b"Q\n"
        object_number = len(objects) + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] {rotate}"
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {object_number + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
    trailer = b""
    if encrypt is not None:
        objects.append(encrypt)
        trailer = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), b"ab" * 16, b"ab" * 16)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R".encode()
        + trailer
        + f" >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
