"""Telling formats apart by their content, and the limits every reader keeps.

A file's extension says what its sender meant; its first bytes say what it is. A workbook
saved as .csv, a web page saved as .xls (as some systems export them) or a Word file renamed
.txt is read for what it is. Only plain text, which has no magic bytes, looks at the
extension, and only to choose between a CSV and a report's text.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from govstat.errors import GovstatError

Kind = Literal["xlsx", "xls", "ods", "csv", "docx", "doc", "html", "pdf", "image", "text"]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Larger than any report with its table; a larger file is refused before it is read."""

MAX_TEXT_BYTES = 16 * 1024 * 1024
"""Plain text (CSV, HTML, TXT): a report is a few hundred kilobytes."""

MAX_XML_PART = 16 * 1024 * 1024
"""The largest XML part of a zip container that is parsed whole (a Word document, an .ods
content, a workbook's shared strings or styles): far above any report, small enough to parse
in seconds. A worksheet of an .xlsx is streamed instead, and bounded by :data:`MAX_INFLATED`."""

MAX_XML_TOTAL = 48 * 1024 * 1024
"""All XML parts parsed whole, together."""

MAX_INFLATED = 1024 * 1024 * 1024
"""All parts of a zip container together, inflated: a workbook formatted to its last row
(1,048,576 rows) holds about 60 MB of sheet XML, a table followed by 200,000 rows of other
data about 40 MB. The streaming reader stops a sheet once its table is behind, so a
gigabyte is never read for a table; beyond it the file is refused from the zip's directory."""

MAX_RATIO = 100
"""Inflated to deflated size of one large part: honest sheet XML compresses 5–20 times (a
sheet formatted to its last row about 11), a zip bomb hundreds or a thousand times."""

RATIO_FROM = 8 * 1024 * 1024
"""Parts that inflate to less than this are not held to :data:`MAX_RATIO` (a small part of
repeated styles can compress far better, and costs nothing to read)."""

MAX_DOCUMENT_CELLS = 200_000
"""Cells a document's tables may hold (the largest official table has 228)."""

ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    NotImplementedError,  # "zip file version 25.0", an unknown compression method
    RuntimeError,  # an encrypted member
    zlib.error,
)
"""What :mod:`zipfile` raises on a damaged or unusual archive: every reader that opens a zip
(the sniffer, the .xlsx reader) turns these into one GovstatError."""

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_IMAGES = {
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"BM": "BMP",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}
_SCANNED = {"PNG", "JPEG", "BMP", "TIFF"}
"""Pictures read by OCR; a GIF (an animation, a logo) is not a scan of a table."""
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<table[\s>]|<body[\s>]", re.IGNORECASE)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(path: Path, head: bytes) -> Kind:
    """What the file holds, from its first bytes (and, for text, its extension and lines)."""
    name = str(path)
    if head.startswith((ZIP_MAGIC, b"PK\x05\x06")):
        return _sniff_zip(path)
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(path)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for magic, image in _IMAGES.items():
        if not head.startswith(magic) or _text_like_bmp(image, head):
            continue
        if image in _SCANNED:
            return "image"  # a picture of a table, read by OCR (govstat[ocr])
        raise GovstatError(
            f"这是一张 {image} 图片，不是表格：请提供 Excel、Word、网页或可复制文字的 PDF "
            f"(a {image} image, not a table: give the workbook, Word file, web page or "
            "a PDF with text)",
            file=name,
        )
    if head.lstrip().startswith(b"{\\rtf"):
        raise GovstatError(
            "这是 RTF 文档：请在 Word 或 WPS 中另存为 .docx (an RTF document: save it as .docx)",
            file=name,
        )
    if is_mhtml(head) or _HTML.search(_ascii_view(head)):
        return "html"
    return "text"


def _text_like_bmp(image: str, head: bytes) -> bool:
    """A text starting "BM" is no bitmap: a bitmap's header has four reserved zero bytes."""
    return image == "BMP" and head[6:10] != b"\0\0\0\0"


def is_mhtml(head: bytes) -> bool:
    """A web page saved as one MIME message (.mhtml, .mht), as browsers and Word save it."""
    start = head[:4096].lower()
    return b"mime-version:" in start and b"multipart/related" in start


def _ascii_view(head: bytes) -> bytes:
    """The head as ASCII, also for UTF-16 text (whose every other byte is a zero)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.replace(b"\x00", b"")
    return head


def _sniff_zip(path: Path) -> Kind:
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except ZIP_ERRORS as exc:
        raise GovstatError(
            "文件已损坏或不完整，无法解压：请重新下载或从原文件另存 "
            f"(the file is damaged or truncated: {exc})",
            file=name,
        ) from exc
    _check_sizes(name, infos, streamed=_is_worksheet if "xl/workbook.xml" in names else None)
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xls"  # .xlsb: python-calamine reads it as it reads .xls
    if "word/document.xml" in names:
        return "docx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        raise GovstatError(
            "这是 OpenDocument 文本（.odt）：请另存为 .docx (an .odt document: save it as .docx)",
            file=name,
        )
    raise GovstatError(
        "这是一个压缩包，但不是 Excel 工作簿或 Word 文档：请解压后选择其中的统计表 "
        "(a zip archive, but neither a workbook nor a Word document: unpack it first)",
        file=name,
    )


def _is_worksheet(part: str) -> bool:
    """A part the .xlsx reader streams rather than parses whole."""
    return part.startswith("xl/worksheets/") and part.endswith(".xml")


def _check_sizes(
    name: str, infos: list[zipfile.ZipInfo], streamed: Callable[[str], bool] | None
) -> None:
    """Refuse a zip bomb from the zip's directory, before inflating anything: a large part
    that inflates :data:`MAX_RATIO` times or more, parts that inflate beyond
    :data:`MAX_INFLATED` together, or an XML part parsed whole beyond :data:`MAX_XML_PART`
    (:data:`MAX_XML_TOTAL` together). The readers hold the inflated bytes to these sizes too."""
    mib = 1024 * 1024
    for info in infos:
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size >= RATIO_FROM and ratio > MAX_RATIO:
            raise GovstatError(
                f"文件中的 {info.filename} 由 {info.compress_size // 1024} KB 解压为 "
                f"{info.file_size // mib} MB（{ratio:.0f} 倍），是压缩炸弹，不予读取 (a part "
                f"inflates {ratio:.0f} times, to {info.file_size // mib} MB: a zip bomb)",
                file=name,
            )
    total = sum(info.file_size for info in infos)
    if total > MAX_INFLATED:
        raise GovstatError(
            f"文件解压后共有 {total // mib} MB，超出上限 {MAX_INFLATED // mib} MB，不予读取 "
            f"(the file inflates to {total // mib} MB, over the limit of {MAX_INFLATED // mib} MB)",
            file=name,
        )
    whole = [
        i
        for i in infos
        if i.filename.endswith((".xml", ".rels", ".vml"))
        and (streamed is None or not streamed(i.filename))
    ]
    biggest = max(whole, key=lambda i: i.file_size, default=None)
    if biggest is not None and (
        biggest.file_size > MAX_XML_PART or sum(i.file_size for i in whole) > MAX_XML_TOTAL
    ):
        raise GovstatError(
            f"文件中的 {biggest.filename} 解压后有 {biggest.file_size // mib} MB，"
            "远大于任何统计表，不予读取 (a part of the file inflates to "
            f"{biggest.file_size // mib} MB, far beyond any statistics table)",
            file=name,
        )


def _sniff_ole(path: Path) -> Kind:
    """An OLE compound file: old Excel (or WPS .et), old Word (or WPS .wps), or an encrypted
    (password) Office file.

    The names of its streams stand in its directory in UTF-16; a scan of the file for them is
    enough to tell these apart (the file is at most :data:`MAX_FILE_BYTES`).
    """
    name = str(path)
    data = path.read_bytes()
    if _utf16("EncryptionInfo") in data or _utf16("EncryptedPackage") in data:
        raise GovstatError(
            "工作簿设有打开密码：请在 Excel 或 WPS 中去除密码后另存为 .xlsx 再检查 "
            "(the file is password-protected: remove the password and save it again)",
            file=name,
        )
    if _utf16("WordDocument") in data:
        return "doc"  # Word 97–2003 and WPS Writer (.wps) alike: read through LibreOffice
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "xls"
    raise GovstatError(
        "这是 Office 旧格式文件，但不是 Excel 工作簿：请另存为 .xlsx "
        "(an old Office file that is not a workbook: save it as .xlsx)",
        file=name,
    )


def decode(data: bytes, name: str) -> str:
    """Text in UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 as Excel and
    Notepad save it on a Chinese Windows."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", name)
    head = data[:8192]
    if head.count(b"\x00") > len(head) // 100 + 2:  # a stray NUL in a cell is still text
        raise GovstatError(
            "这不是文本文件，也不是 govstat 能读的表格格式 "
            "(a binary file of a format govstat does not read: give .xlsx, .xls, .ods, .csv, "
            ".docx, .html, .pdf, .txt or .md)",
            file=name,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # GB18030 is a superset of GBK and GB2312: what a Chinese Windows writes as "ANSI".
    return _decode(data, "gb18030", name)


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise GovstatError(
            f"无法识别文字编码（第 {exc.start} 字节）：请另存为 UTF-8 "
            f"(cannot decode the text at byte {exc.start}: save it as UTF-8)",
            file=name,
        ) from exc


def read_limited(path: Path, limit: int) -> bytes:
    """The whole file, refusing one larger than ``limit`` bytes."""
    size = path.stat().st_size
    if size > limit:
        raise GovstatError(
            f"文件有 {size // (1024 * 1024)} MB，超出此格式可读的上限 {limit // (1024 * 1024)} MB "
            f"(the file is {size // (1024 * 1024)} MB, over the limit of "
            f"{limit // (1024 * 1024)} MB for this format)",
            file=str(path),
        )
    return path.read_bytes()


def too_many_cells(name: str, count: int) -> GovstatError:
    return GovstatError(
        f"文件中的表格有 {count} 个以上单元格，不像是统计表 "
        f"(the tables hold more than {count} cells: not a statistics table)",
        file=name,
    )
