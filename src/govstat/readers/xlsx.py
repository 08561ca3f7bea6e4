"""Reading .xlsx/.xlsm workbooks with openpyxl, keeping every cell's address.

A formula cell is read as the result the file saved. When a formula has no saved result
(a workbook written by a script and never opened in Excel), the cell is recorded as such so
that the check can name it, rather than reading it as blank or 0.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from govstat.errors import GovstatError
from govstat.readers.grid import Book, Sheet

MAX_CELLS = 2_000_000
"""More cells than any statistics table has; beyond this the file is refused, not read."""

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet XML holds a formula, without parsing the workbook twice."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with archive.open(info) as part:
                    if _FORMULA_TAG.search(part.read()):
                        return True
    return False


def _load(path: Path, data_only: bool) -> Any:
    import openpyxl  # imported here: only commands that read a workbook pay for it

    # A file object, not the path: openpyxl refuses a workbook whose extension is not .xlsx,
    # but the content has already told us what it is.
    with path.open("rb") as handle:
        return openpyxl.load_workbook(handle, data_only=data_only, read_only=False)


def read_xlsx(path: Path) -> Book:
    """Read every sheet of a workbook into a :class:`Book`. Raises GovstatError on a bad file."""
    name = str(path)
    try:
        workbook = _load(path, data_only=True)
        formulas = _load(path, data_only=False) if _has_formulas(path) else None
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
    except Exception as exc:  # openpyxl raises many types on malformed parts; all mean "unreadable"
        raise GovstatError(
            f"无法读取工作簿 (cannot read the workbook): {type(exc).__name__}: {exc}", file=name
        ) from exc

    sheets: list[Sheet] = []
    for worksheet in workbook.worksheets:
        if worksheet.max_row * worksheet.max_column > MAX_CELLS:
            raise GovstatError(
                f"工作表过大（{worksheet.max_row} 行 × {worksheet.max_column} 列），"
                "不像是统计表 (the sheet is too large to be a statistics table)",
                file=name,
                where=f"sheet {worksheet.title}",
            )
        sheet = Sheet(name=worksheet.title)
        for row in worksheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    sheet.cells[(cell.row, cell.column)] = cell.value
        if formulas is not None:
            for row in formulas[worksheet.title].iter_rows():
                for cell in row:
                    text = cell.value
                    if (
                        isinstance(text, str)
                        and text.startswith("=")
                        and ((cell.row, cell.column) not in sheet.cells)
                    ):
                        sheet.formulas_without_value[(cell.row, cell.column)] = text
        sheets.append(sheet)
    workbook.close()
    if formulas is not None:
        formulas.close()
    return Book(path=name, sheets=sheets)
