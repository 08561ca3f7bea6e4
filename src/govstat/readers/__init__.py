"""Readers turn a file into a :class:`~govstat.readers.grid.Book` of cells with addresses.

Formats: .xlsx/.xlsm (openpyxl); .xls, .xlsb and .ods (python-calamine); .csv/.tsv and
.txt/.md (the standard library); .docx (python-docx); .doc and .wps (through LibreOffice,
when installed); .html, .htm and .mhtml (the standard library's parser); .pdf (pypdfium2,
PDFium); scanned PDFs and .png/.jpg/.tif/.bmp pictures of a table (OCR, the ``govstat[ocr]``
extra). :data:`govstat.paths.SUFFIXES` lists the extensions a folder is searched for.

They know nothing about forms: placing labels is :mod:`govstat.recognise`'s job.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

from govstat.errors import GovstatError
from govstat.readers.grid import Book
from govstat.readers.sniff import MAX_FILE_BYTES, Kind, sniff


def read_book(path: str | Path, is_label: Callable[[str], bool] | None = None) -> Book:
    """Read any supported file into a grid. Raises :class:`GovstatError` when it cannot.

    ``is_label`` (whether a text is a label of a known form, as
    :func:`govstat.recognise.is_label`) lets the .xlsx reader stop a long sheet once its
    tables are behind; without it every row is read (a register of requests, say).

    The format is told by the content (see :mod:`govstat.readers.sniff`), and each reader's
    library is imported only when its format is read, so reading .xlsx stays as fast as before.
    """
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise GovstatError("文件不存在 (file not found)", file=name)
    if path.is_dir():
        raise GovstatError("这是一个文件夹，不是文件 (a folder, not a file)", file=name)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(65536)  # enough to find <table in a page without <html>
    except OSError as exc:
        raise GovstatError(f"无法打开文件 (cannot open): {exc.strerror}", file=name) from exc
    if not head:
        raise GovstatError("文件是空的 (the file is empty)", file=name)
    if size > MAX_FILE_BYTES:
        raise GovstatError(
            f"文件有 {size // (1024 * 1024)} MB，远大于任何统计表或年度报告 "
            f"(the file is {size // (1024 * 1024)} MB, far beyond any report)",
            file=name,
        )
    with quiet_libraries():
        kind = sniff(path, head)
        book = _read_xlsx(path, is_label) if kind == "xlsx" else _READERS[kind](path)
    book.kind = book.kind or kind  # the text reader says csv or text
    return book


LIBRARY_LOGGERS = (
    "pdfminer",
    "pdfplumber",
    "pypdfium2",
    "openpyxl",
    "docx",
    "python_calamine",
    "PIL",
    "fontTools",
    "rapidocr",
    "RapidOCR",
    "onnxruntime",
)
"""The loggers of the libraries under the readers: silenced while a file is read."""


class _Quiet:
    """The state :func:`quiet_libraries` saves on the first entry and restores on the last
    exit, so that files read at once in several threads (a web server) leave it as it was."""

    lock: ClassVar[threading.Lock] = threading.Lock()
    depth: ClassVar[int] = 0
    warnings_saved: ClassVar[warnings.catch_warnings[None] | None] = None
    levels: ClassVar[list[int]] = []


@contextmanager
def quiet_libraries() -> Iterator[None]:
    """While a file is read, the libraries' warnings and log lines never reach stderr.

    pdfminer logs a line per odd font, openpyxl and python-docx warn about what they do not
    support; none of it is the user's business, and stderr carries govstat's own words only.
    What a reader has to say, it says as a :class:`GovstatError` or in the report. Warning
    filters and logger levels are restored afterwards, so a program using govstat keeps
    its own.
    """
    loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
    with _Quiet.lock:
        if _Quiet.depth == 0:
            _Quiet.levels = [logger.level for logger in loggers]
            _Quiet.warnings_saved = warnings.catch_warnings()
            _Quiet.warnings_saved.__enter__()
            warnings.simplefilter("ignore")
            for logger in loggers:
                logger.setLevel(logging.CRITICAL + 1)
        _Quiet.depth += 1
    try:
        yield
    finally:
        with _Quiet.lock:
            _Quiet.depth -= 1
            if _Quiet.depth == 0:
                for logger, level in zip(loggers, _Quiet.levels, strict=True):
                    logger.setLevel(level)
                if _Quiet.warnings_saved is not None:
                    _Quiet.warnings_saved.__exit__(None, None, None)
                    _Quiet.warnings_saved = None


def _read_xlsx(path: Path, is_label: Callable[[str], bool] | None = None) -> Book:
    from govstat.readers.xlsx import read_xlsx

    return read_xlsx(path, is_label)


def _read_calamine(path: Path) -> Book:
    from govstat.readers.calamine import read_calamine

    return read_calamine(path)


def _read_text(path: Path) -> Book:
    from govstat.readers.text import read_text

    return read_text(path)


def _read_docx(path: Path) -> Book:
    from govstat.readers.word import read_docx

    return read_docx(path)


def _read_doc(path: Path) -> Book:
    from govstat.readers.office import read_old_word

    return read_old_word(path)


def _read_html(path: Path) -> Book:
    from govstat.readers.webpage import read_html

    return read_html(path)


def _read_pdf(path: Path) -> Book:
    from govstat.readers.pdf import read_pdf

    return read_pdf(path)


def _read_image(path: Path) -> Book:
    from govstat.readers.ocr import read_image

    return read_image(path)


_READERS: dict[Kind, Callable[[Path], Book]] = {
    "xlsx": _read_xlsx,
    "xls": _read_calamine,
    "ods": _read_calamine,
    "csv": _read_text,
    "text": _read_text,
    "docx": _read_docx,
    "doc": _read_doc,
    "html": _read_html,
    "pdf": _read_pdf,
    "image": _read_image,
}
