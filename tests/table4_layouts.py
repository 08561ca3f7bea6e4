"""Table 四 in the layouts published reports use, inside a whole form-2021 or form-2019 table,
written as every format govstat reads.

The official layout (forms.md, "Table 四") puts 行政复议's five labels on the second header
row, each merged down over the third, and only 行政诉讼's ten labels on the third row, so the
cell right above 行政复议's values is the blank lower half of a merge. Published copies drop
the merges, put all fifteen labels on the third row, break labels over lines, write
行政复议与行政诉讼 over the whole head, or word the heading with 和.

    python tests/table4_layouts.py      # rewrites tests/data/table4/ (needs soffice)

writes the committed renditions LibreOffice makes of the official layout (merged and not):
``.ods``, ``.xls``, ``.html`` (Calc's page: rowspan/colspan), ``.docx`` (Writer from that
page: vMerge and gridSpan) and ``.pdf`` (Calc's print of the workbook, ruled), by the commands

    soffice --headless --convert-to ods|xls|html|pdf t4-<form>-<layout>.xlsx
    soffice --headless --convert-to 'docx:MS Word 2007 XML' t4-<form>-<layout>.html

The tests write .xlsx, .csv and .txt themselves (no LibreOffice needed).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Side
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "examples"))

import current_forms as CF  # noqa: E402  (examples/, not a package)

DATA = HERE / "data" / "table4"

LEAVES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

VALUES = [2, 1, 0, 1, 5, 3, 0, 1, 0, 4, 0, 2, 0, 1, 1]
"""Fifteen values, told apart so that a cell read from the wrong column shows. Planted
errors: 行政复议 总计 5 for 2 + 1 + 0 + 1 = 4, 复议后起诉 总计 1 for 0 + 2 + 0 + 1 = 3;
未经复议直接起诉 holds (3 + 0 + 1 + 0 = 4)."""

PLANTED = {"t4.review_total": (5, 4), "t4.after_total": (1, 3)}
"""The 4-01 errors planted: cell → (reported, computed)."""

T4_IDS = [
    f"t4.{case}_{part}"
    for case in ("review", "direct", "after")
    for part in ("upheld", "corrected", "other", "pending", "total")
]

LAYOUTS = ["official", "official-unmerged", "third-row", "broken-labels", "with-and"]


def write_table4(sheet: Worksheet, values: list[int], layout: str) -> None:
    """Table 四 under its heading, in ``layout``."""
    heading = "四、政府信息公开行政复议、行政诉讼情况"
    if layout == "with-and":
        heading = "四、政府信息公开行政复议和行政诉讼情况"
    sheet.append([heading])
    if layout == "with-and":
        sheet.append(["行政复议与行政诉讼"])  # a head over the whole table
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=15
        )
    top = sheet.max_row + 1
    leaves = LEAVES
    if layout == "broken-labels":
        leaves = ["结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计"]
    sheet.append(["行政复议", None, None, None, None, "行政诉讼"])
    if layout in ("official", "official-unmerged", "broken-labels", "with-and"):
        sheet.append([*leaves, "未经复议直接起诉", None, None, None, None, "复议后起诉"])
        sheet.append([None] * 5 + leaves * 2)
    else:  # third-row: all fifteen on the third row, 行政复议 merged over two rows
        sheet.append([None] * 5 + ["未经复议直接起诉", None, None, None, None, "复议后起诉"])
        sheet.append(leaves * 3)
    sheet.append(values)
    if layout == "official-unmerged":
        return
    sheet.merge_cells(start_row=top, start_column=6, end_row=top, end_column=15)
    sheet.merge_cells(start_row=top + 1, start_column=6, end_row=top + 1, end_column=10)
    sheet.merge_cells(start_row=top + 1, start_column=11, end_row=top + 1, end_column=15)
    if layout == "third-row":
        sheet.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=5)
        return
    sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=5)
    for col in range(1, 6):
        sheet.merge_cells(start_row=top + 1, start_column=col, end_row=top + 2, end_column=col)


def workbook(path: Path, form_id: str, layout: str, values: list[int] | None = None) -> Path:
    """A whole report table of ``form_id`` (tables 二, 三, 四) with table 四 in ``layout``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "统计表"
    year = 2023 if form_id == "2021" else 2020
    sheet.append([f"{CF.AGENCY}{year}年政府信息公开工作年度报告"])
    sheet.append([])
    if form_id == "2021":
        CF.write_table2(sheet, CF.T2_2021)
        CF.write_table3(sheet, CF.T3_2021)
    else:
        CF.write_table2(sheet, CF.T2_2019)
        CF.write_table3(sheet, CF.t3_2019(CF.T3_2021))
    if layout == "official-unmerged":
        sheet.merged_cells.ranges = set()  # the whole table without merges
    write_table4(sheet, values or VALUES, layout)
    sheet.append([])
    sheet.append(["注：行政复议、行政诉讼数量含上年度结转数量。"])
    thin = Side(style="thin")
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    widths = [16, 30, 44, *[10] * 12]
    for letter, width in zip("ABCDEFGHIJKLMNO", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows():
        # Row heights for the wrapped labels: LibreOffice does not fit them when it prints a
        # workbook openpyxl wrote, and text running over the rules would end in another row.
        lines = [
            max(text.count("\n") + 1, -(-len(text) * 2 // widths[cell.column - 1]))
            for cell in row
            if isinstance(text := cell.value, str)
        ]
        if lines and max(lines) > 1:
            sheet.row_dimensions[row[0].row].height = 15 * max(lines)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    book.save(path)
    return path


def grid_rows(path: Path) -> list[list[str]]:
    """The workbook's cells as text rows (a merged range's text at its top-left)."""
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    assert sheet is not None
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def write_csv(xlsx: Path, path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(grid_rows(xlsx))
    return path


def write_text(xlsx: Path, path: Path) -> Path:
    """The table as tab-separated lines, as copied from a spreadsheet into a text file;
    a line break inside a label becomes a space, as pasting does."""
    lines = ["\t".join(c.replace("\n", " ") for c in row) for row in grid_rows(xlsx)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _merges(xlsx: Path) -> dict[tuple[int, int], tuple[int, int]]:
    """The workbook's merged ranges from 0: top-left → bottom-right."""
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet is not None
    return {
        (m.min_row - 1, m.min_col - 1): (m.max_row - 1, m.max_col - 1)
        for m in sheet.merged_cells.ranges
    }


def write_html(xlsx: Path, path: Path) -> Path:
    """The table as a hand-written page: merges as rowspan/colspan, line breaks as <br>."""
    import html

    rows = grid_rows(xlsx)
    merges = _merges(xlsx)
    covered = {
        (r, c)
        for (top, left), (bottom, right) in merges.items()
        for r in range(top, bottom + 1)
        for c in range(left, right + 1)
        if (r, c) != (top, left)
    }
    lines = ["<html><body><table border=1>"]
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            span = ""
            if (r, c) in merges:
                bottom, right = merges[(r, c)]
                span += f' rowspan="{bottom - r + 1}"' if bottom > r else ""
                span += f' colspan="{right - c + 1}"' if right > c else ""
            body = "<br>".join(html.escape(part) for part in text.split("\n")) or "&nbsp;"
            cells.append(f"<td{span}>{body}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table></body></html>")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_docx(xlsx: Path, path: Path) -> Path:
    """The table as a Word table made by python-docx: merges as gridSpan and vMerge."""
    import docx

    rows = grid_rows(xlsx)
    width = max(len(row) for row in rows)
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=width)
    cells = [row.cells for row in table.rows]  # table.cell(r, c) walks the table each time
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                cells[r][c].text = text
    for (top, left), (bottom, right) in _merges(xlsx).items():
        text = cells[top][left].text
        merged = cells[top][left].merge(cells[bottom][right])
        merged.text = text  # merging joins the texts of the cells it covers
    document.save(str(path))
    return path


def fixture(form_id: str, layout: str, suffix: str) -> Path:
    return DATA / f"t4-{form_id}-{layout}.{suffix}"


def _convert(soffice: str, source: Path, target: str, out: Path) -> Path:
    subprocess.run(
        [soffice, "--headless", "--convert-to", target, "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{source.stem}.{target.split(':')[0]}"


def make() -> list[Path]:
    """Write the LibreOffice renditions into tests/data/table4/."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice not found (Debian: libreoffice-calc, libreoffice-writer)")
    DATA.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for form_id in ("2021", "2019"):
            for layout in ("official", "official-unmerged"):
                xlsx = workbook(work / f"t4-{form_id}-{layout}.xlsx", form_id, layout)
                for target in ("ods", "xls", "html", "pdf"):
                    made_file = _convert(soffice, xlsx, target, work)
                    made.append(Path(shutil.copy(made_file, fixture(form_id, layout, target))))
                html = work / f"t4-{form_id}-{layout}.html"
                docx = _convert(soffice, html, "docx:MS Word 2007 XML", work)
                made.append(Path(shutil.copy(docx, fixture(form_id, layout, "docx"))))
    return made


if __name__ == "__main__":
    for made_path in make():
        print(made_path.relative_to(HERE.parent))
