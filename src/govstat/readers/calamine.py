"""Reading .xls (Excel 97–2003, as old Excel and WPS save), .xlsb and .ods with python-calamine.

python-calamine (Rust's calamine) reads all three formats, reports merged ranges, and reads
a 64-row sheet in a fraction of a millisecond; xlrd reads only .xls and is no longer kept up
for anything else. A merged range keeps its text in its top-left cell, as openpyxl reads an
.xlsx, so that every format gives the recogniser the same grid.
"""

from __future__ import annotations

from pathlib import Path

from govstat.errors import GovstatError
from govstat.readers.grid import Book, Sheet
from govstat.readers.xlsx import MAX_CELLS


def read_calamine(path: Path) -> Book:
    """Every sheet of an .xls, .xlsb or .ods workbook. Raises GovstatError on a bad file."""
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
    except Exception as exc:  # calamine raises several types on a malformed file
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
    except GovstatError:
        raise
    except Exception as exc:
        raise GovstatError(
            f"无法读取工作表，文件可能已损坏 (cannot read a sheet): {exc}", file=name
        ) from exc
    finally:
        workbook.close()
    return Book(path=name, sheets=sheets)


def _merged_ranges(source: object) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The sheet's merged ranges, from 0 (.xls and .xlsb; calamine reads none from .ods,
    whose merged heads the recogniser places by their text). An attribute in the installed
    python-calamine, a method in its type stubs: both are accepted."""
    ranges = getattr(source, "merged_cell_ranges", None)
    if callable(ranges):
        ranges = ranges()
    return list(ranges or [])
