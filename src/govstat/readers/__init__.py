"""Readers turn a file into a :class:`~govstat.readers.grid.Book` of cells with addresses.

They know nothing about forms: placing labels is :mod:`govstat.recognise`'s job.
"""

from __future__ import annotations

from pathlib import Path

from govstat.errors import GovstatError
from govstat.readers.grid import Book

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_book(path: str | Path) -> Book:
    """Read any supported file into a grid. Raises :class:`GovstatError` when it cannot."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise GovstatError("文件不存在 (file not found)", file=name)
    if path.is_dir():
        raise GovstatError("这是一个文件夹，不是文件 (a folder, not a file)", file=name)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise GovstatError(f"无法打开文件 (cannot open): {exc.strerror}", file=name) from exc
    if not head:
        raise GovstatError("文件是空的 (the file is empty)", file=name)
    if head.startswith(_ZIP_MAGIC):
        from govstat.readers.xlsx import read_xlsx

        return read_xlsx(path)
    if head.startswith(_OLE_MAGIC):
        raise GovstatError(
            "这是加密的工作簿或旧版 .xls 文件，暂不支持：请另存为 .xlsx "
            "(an encrypted workbook or an old .xls file: save it as .xlsx)",
            file=name,
        )
    raise GovstatError(
        "不是 Excel 工作簿（.xlsx）：请在 Excel 或 WPS 中另存为 .xlsx "
        "(not an .xlsx workbook: save it as .xlsx in Excel or WPS)",
        file=name,
    )
