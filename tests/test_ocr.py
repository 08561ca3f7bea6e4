"""Scanned tables read by OCR (the govstat[ocr] extra): the fixtures of examples/make_scans.py.

Each scan is the example rendered in the official layout, printed by LibreOffice, rasterised
at 150 dpi, turned by up to 1.5°, blurred and saved as JPEG in an image-only PDF (or, for
the seed, as one PNG). OCR takes some seconds a page on a shared machine: the default run
reads three pages, the form-2021 scans are marked slow.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from govstat.api import build_report, read_table, validate
from govstat.model import CellRef, Report
from govstat.readers.sniff import sniff
from support import EXAMPLES, ROOT

SCANS = ROOT / "tests" / "data" / "scans"
HAS_OCR = all(
    importlib.util.find_spec(m) is not None for m in ("rapidocr_onnxruntime", "cv2", "numpy")
)
needs_ocr = pytest.mark.skipif(not HAS_OCR, reason="the govstat[ocr] extra is not installed")


def outcome(report: Report) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """What a report found: each finding's rule and the figures it compared."""
    return sorted(((f.rule, f.reported, f.computed) for f in report.findings), key=repr)


def same_as_original(scan: Path, original: Path) -> Report:
    """The scan's report, after checking that it finds what the original's does."""
    read = validate(scan, hints=False)
    assert outcome(read) == outcome(validate(original, hints=False))
    return read


@needs_ocr
def test_scanned_pdf_of_the_seed_finds_what_the_original_does() -> None:
    """An image-only PDF of the seed's table gives the original's findings, with every value
    the same, and names its cells by page, table, row and column, marked as read by OCR."""
    read = same_as_original(SCANS / "2018-seed-scan.pdf", EXAMPLES / "2018-seed.xlsx")
    original = validate(EXAMPLES / "2018-seed.xlsx", hints=False)
    values = {v.indicator: v.value for v in original.values if not v.header}
    assert {v.indicator: v.value for v in read.values if not v.header} == values
    cells = [c.cell for f in read.findings for c in f.cells if c.cell is not None]
    assert cells and all(c.confidence is not None for c in cells)
    assert all(str(c).startswith("第") and str(c).endswith("（识别）") for c in cells)
    assert read.metadata.year == 2018 and read.metadata.agency == "温州市商务局"


@needs_ocr
def test_png_of_the_seed_finds_what_the_original_does() -> None:
    """A PNG picture of the seed's table gives the original's findings; an image has no
    pages, so its cells are named by table, row and column alone."""
    read = same_as_original(SCANS / "2018-seed.png", EXAMPLES / "2018-seed.xlsx")
    cells = [c.cell for f in read.findings for c in f.cells if c.cell is not None]
    assert cells and all(c.page is None and str(c).startswith("表") for c in cells)


@needs_ocr
@pytest.mark.slow
def test_scanned_pdf_of_form_2021_finds_nothing_as_the_original() -> None:
    """The scan of a correct form-2021 table raises no finding: no false error."""
    read = same_as_original(SCANS / "2023-form2021-scan.pdf", EXAMPLES / "2023-form2021.xlsx")
    assert read.findings == []


@needs_ocr
@pytest.mark.slow
def test_scanned_pdf_of_form_2021_with_errors_finds_the_same_errors() -> None:
    """The scan of the form-2021 table with errors gives the original's findings."""
    same_as_original(
        SCANS / "2023-form2021-errors-scan.pdf", EXAMPLES / "2023-form2021-errors.xlsx"
    )


def test_without_the_extra_a_scan_exits_2_with_one_line_naming_it() -> None:
    """With the OCR engine not importable, a scanned PDF exits 2 with one line that names
    the extra to install."""
    code = (
        "import sys; sys.modules['rapidocr_onnxruntime'] = None\n"
        "from govstat.cli import main\n"
        f"sys.argv = ['govstat', 'validate', {str(SCANS / '2018-seed-scan.pdf')!r}]\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "GOVSTAT_DEBUG": ""},
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'govstat[ocr]'" in lines[0], result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n", "image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image"),
        (b"II*\x00\x08\x00\x00\x00", "image"),
        (b"BM6\x00\x0c\x00\x00\x00\x00\x006\x00", "image"),
        (b"BMW,Audi,VW\n1,2,3\n", "text"),
    ],
)
def test_pictures_are_told_by_their_content(head: bytes, kind: str, tmp_path: Path) -> None:
    """PNG, JPEG, TIFF and BMP are pictures to read by OCR, whatever their name; a text that
    happens to start with BM is still text."""
    path = tmp_path / "file.xlsx"
    path.write_bytes(head)
    assert sniff(path, head) == kind


def test_an_ocr_cell_is_named_as_read_by_ocr() -> None:
    """A cell read by OCR is named with （识别） (OCR) after its place."""
    cell = CellRef(sheet="表格", address="B3", table=4, row=3, column=2, page=4, confidence=0.97)
    assert cell.describe("zh") == "第4页 表4 第3行第2列（识别）"
    assert cell.describe("en") == "page 4, table 4 row 3 column 2 (OCR)"
    assert not cell.doubtful and cell.model_copy(update={"confidence": 0.42}).doubtful
    image = CellRef(sheet="表格", address="C3", table=1, row=3, column=2, confidence=1.0)
    assert str(image) == "表1 第3行第2列（识别）"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_finding_on_a_doubtful_cell_says_so_and_its_hint_comes_first(lang: str) -> None:
    """When OCR read a cell of a broken sum with a low score, the finding says so, and of the
    single cells that would mend the sum as well, that one is suggested first."""
    table = read_table(EXAMPLES / "2018-seed.xlsx", lang=lang)  # type: ignore[arg-type]
    plain = build_report(table, lang)  # type: ignore[arg-type]
    finding = next(f for f in plain.findings if f.rule == "2014-3-03")
    # Read as printed, the first suggestion is another cell: the second becomes doubtful.
    doubtful = finding.hints[1].changes[0].indicator
    values = dict(table.values)
    for indicator, value in values.items():
        assert value.cell is not None
        score = 0.42 if indicator == doubtful else 0.99
        cell = value.cell.model_copy(update={"confidence": score})
        values[indicator] = value.model_copy(update={"cell": cell})
    scanned = build_report(table.model_copy(update={"values": values}), lang)  # type: ignore[arg-type]
    finding = next(f for f in scanned.findings if f.rule == "2014-3-03")
    assert ("识别置信度低" if lang == "zh" else "low confidence") in finding.message
    assert "0.42" in finding.message
    assert finding.hints[0].changes[0].indicator == doubtful
    others = [f for f in scanned.findings if doubtful not in {c.indicator for c in f.cells}]
    assert others and not any("0.42" in f.message for f in others)
