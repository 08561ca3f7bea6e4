"""Scanned-table accuracy and cost: every example of forms 2014/2019/2021, scanned and read.

    python benchmarks/ocr.py            # scans made afresh by examples/make_scans.py
    python benchmarks/ocr.py DIR        # scans already made (make_scans.py --all DIR)

For each example it prints the share of value cells read right (the scan's value against the
original workbook's), whether the findings are the same (rule and figures), any error the scan
finds that the original does not (a false error), and the seconds per page. Then how the
scores split between cells read right and wrong (what :data:`LOW_CONFIDENCE` rests on), and,
on one page, reading the page once against reading each cell on its own. Prints figures;
asserts nothing. Needs soffice, and the govstat[ocr] extra.
"""

from __future__ import annotations

import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import pypdfium2

from govstat.api import validate
from govstat.model import LOW_CONFIDENCE, Report, Severity

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples"))

import make_scans  # noqa: E402  (examples/ is not a package)


def outcome(report: Report) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return sorted(((f.rule, f.reported, f.computed) for f in report.findings), key=repr)


def measure(folder: Path) -> None:
    right = total = 0
    scores_right: list[float] = []
    scores_wrong: list[float] = []
    seconds = pages = 0.0
    print(f"{'example':<24} {'cells right':>14} {'findings':>9} {'false errors':>12} {'s/page':>7}")
    for name in make_scans.EVERY:
        scan = folder / f"{name}-scan.pdf"
        original = validate(ROOT / "examples" / f"{name}.xlsx", hints=False)
        started = time.perf_counter()
        read = validate(scan, hints=False)
        elapsed = time.perf_counter() - started
        document = pypdfium2.PdfDocument(str(scan))
        count = len(document)
        document.close()
        wanted = {v.indicator: v for v in original.values if not v.header}
        got = {v.indicator: v for v in read.values}
        ok = 0
        for indicator, value in wanted.items():
            mine = got.get(indicator)
            same = mine is not None and mine.text == value.text and mine.state == value.state
            ok += same
            score = mine.cell.confidence if mine is not None and mine.cell else None
            if score is not None:
                (scores_right if same else scores_wrong).append(score)
        before = {(f.rule, f.reported, f.computed) for f in original.findings}
        false = [
            f.rule
            for f in read.findings
            if f.severity is Severity.error and (f.rule, f.reported, f.computed) not in before
        ]
        same_findings = "same" if outcome(read) == outcome(original) else "DIFFER"
        right, total = right + ok, total + len(wanted)
        seconds, pages = seconds + elapsed, pages + count
        print(
            f"{name:<24} {ok:>5}/{len(wanted):<4} {ok / len(wanted):>5.1%} {same_findings:>8} "
            f"{len(false):>12} {elapsed / count:>7.1f}"
        )
    print(
        f"{'all':<24} {right:>5}/{total:<4} {right / total:>5.1%} {'':>8} {'':>12} "
        f"{seconds / pages:>7.1f}"
    )
    low_right = sum(s < LOW_CONFIDENCE for s in scores_right)
    low_wrong = sum(s < LOW_CONFIDENCE for s in scores_wrong)
    print(
        f"scores under {LOW_CONFIDENCE}: {low_right} of {len(scores_right)} cells read right, "
        f"{low_wrong} of {len(scores_wrong)} read wrong"
    )


def page_once_or_cell_by_cell(folder: Path) -> None:
    """The second page of the form-2021 scan read both ways: time, and the value cells on
    which the two readings disagree."""
    import numpy as np

    from govstat.readers import ocr

    libs = ocr._libraries("benchmark")
    document = pypdfium2.PdfDocument(str(folder / "2023-form2021-scan.pdf"))
    gray = ocr._gray(libs, document[1].render(scale=ocr.RENDER_DPI / 72).to_numpy())
    document.close()
    ocr.engine()  # loaded before timing
    started = time.perf_counter()
    tables, _ = ocr._read_page(libs, gray, 2)
    once = time.perf_counter() - started
    # Cell by cell: the same grid, each cell's own picture given to detection and recognition.
    # (The page is deskewed the same way first; its rules are left in, as a crop holds them.)
    angle = ocr._skew(libs, gray)
    height, width = gray.shape
    turn = libs.cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    straight = libs.cv2.warpAffine(gray, turn, (width, height), borderValue=255)
    started = time.perf_counter()
    differ = cells = 0
    for table in tables:
        for cell in table.cells:
            x0, y0, x1, y1 = cell.box
            crop = np.ascontiguousarray(straight[y0 + 2 : y1 - 2, x0 + 2 : x1 - 2])
            found, _ = ocr.engine()(libs.cv2.cvtColor(crop, libs.cv2.COLOR_GRAY2BGR))
            text = "".join(str(t) for _, t, _ in found or [])
            mine = ocr._cell_text(cell.lines).replace("\n", "")
            cells += 1
            differ += text != mine
    by_cell = time.perf_counter() - started
    print(
        f"one page of form 2021, {cells} cells: read once {once:.1f} s; cell by cell "
        f"{by_cell:.1f} s, and {differ} cells read otherwise"
    )


def main() -> None:
    if len(sys.argv) > 1:
        folder = Path(sys.argv[1])
        measure(folder)
        page_once_or_cell_by_cell(folder)
        return
    with tempfile.TemporaryDirectory() as tmp:
        make_scans.make(make_scans.EVERY, Path(tmp), png=False)
        measure(Path(tmp))
        page_once_or_cell_by_cell(Path(tmp))


if __name__ == "__main__":
    main()
