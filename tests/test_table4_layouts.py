"""Table 四 in its official layout and its published variants, through every reader."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import govstat
from govstat.readers import read_book
from table4_layouts import (
    LAYOUTS,
    PLANTED,
    T4_IDS,
    VALUES,
    fixture,
    workbook,
    write_csv,
    write_docx,
    write_html,
    write_text,
)

FORMS = ["2021", "2019"]
MERGED = ["official", "official-unmerged"]


def _check(path: Path, form_id: str) -> None:
    """All fifteen cells of table 四 as written, the two planted 4-01 errors, nothing else."""
    report = govstat.validate(path, hints=False)
    assert report.form == form_id
    values = {v.indicator: v for v in report.values if v.indicator.startswith("t4.")}
    assert [values[i].value for i in T4_IDS] == [Decimal(v) for v in VALUES]
    errors = {
        f.cells[0].indicator: (f.reported, f.computed)
        for f in report.findings
        if f.rule == f"{form_id}-4-01" and f.checkable
    }
    assert errors == {k: (Decimal(a), Decimal(b)) for k, (a, b) in PLANTED.items()}
    # Nothing else: the whole table (二, 三, 四) is read as it was written.
    assert [f.rule for f in report.findings] == [f"{form_id}-4-01"] * len(PLANTED)


@pytest.mark.parametrize("form_id", FORMS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_in_a_workbook(tmp_path: Path, form_id: str, layout: str) -> None:
    """Every layout of table 四 (official, unmerged, all on row 3, broken labels, 与/和) gives
    all fifteen cells and both planted 4-01 errors."""
    _check(workbook(tmp_path / "t.xlsx", form_id, layout), form_id)


WRITERS = {"csv": write_csv, "txt": write_text, "html": write_html, "docx": write_docx}


@pytest.mark.parametrize(
    ("form_id", "layout"),
    [*(("2021", layout) for layout in LAYOUTS), *(("2019", layout) for layout in MERGED)],
)
@pytest.mark.parametrize("kind", list(WRITERS))
def test_every_layout_in_every_document(
    tmp_path: Path, form_id: str, layout: str, kind: str
) -> None:
    """Every layout (form 2021; the official one, merged and not, of form 2019) written as a
    CSV or a tab-separated text (no merges at all), a web page (rowspan, colspan, <br> inside
    labels) or a Word table (vMerge, gridSpan) is read as the workbook is."""
    xlsx = workbook(tmp_path / "t.xlsx", form_id, layout)
    _check(WRITERS[kind](xlsx, tmp_path / f"t.{kind}"), form_id)


@pytest.mark.parametrize("form_id", FORMS)
@pytest.mark.parametrize("layout", MERGED)
@pytest.mark.parametrize("kind", ["ods", "xls", "html", "docx", "pdf"])
def test_official_layout_saved_by_libreoffice(form_id: str, layout: str, kind: str) -> None:
    """The official layout as LibreOffice saves it (ods, xls, a web page with rowspan, a Word
    table with vMerge, a ruled PDF), merged and unmerged, gives all fifteen cells and both
    planted 4-01 errors."""
    _check(fixture(form_id, layout, kind), form_id)


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods", "html", "docx", "pdf"])
def test_merged_ranges_are_in_the_grid(tmp_path: Path, kind: str) -> None:
    """Each format's merged ranges reach the grid the same: 行政复议's five heads each cover
    rows 2–3 of table 四's head, whether Excel, .xls, .ods, an HTML rowspan, Word's vMerge or
    a PDF's tall ruled cell made them."""
    path = (
        workbook(tmp_path / "t.xlsx", "2021", "official")
        if kind == "xlsx"
        else fixture("2021", "official", kind)
    )
    sheet = read_book(path).sheets[0]
    head = next(r for (r, c), v in sheet.cells.items() if v == "未经复议直接起诉")
    for col in range(1, 6):
        assert sheet.merges.get((head, col)) == (head + 1, col), col
    assert sheet.merges[(head, 6)] == (head, 10)  # 未经复议直接起诉 over five columns
    unmerged = read_book(fixture("2021", "official-unmerged", kind if kind != "xlsx" else "ods"))
    assert unmerged.sheets[0].merges == {}


def test_pdf_words_are_cut_at_the_rules() -> None:
    """In a ruled PDF a number right-aligned in its cell and a signed figure left-aligned in
    the next (form 2019's 本年增/减) are two cells, not one word ``64-3``."""
    sheet = read_book(fixture("2019", "official", "pdf")).sheets[0]
    (row,) = [r for (r, c), v in sheet.cells.items() if v == "行政许可"]
    assert [v for _, v in sheet.row(row)] == ["行政许可", "64", "-3", "1388"]
