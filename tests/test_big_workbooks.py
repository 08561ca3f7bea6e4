"""Big honest workbooks are read, streamed with bounded memory; zip bombs are refused.

Each file is checked in a fresh subprocess that reports its peak memory (``ru_maxrss``), so
that the bound holds for the whole command, not for one test among others.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import bigbooks
from govstat.errors import GovstatError

MEMORY_MIB = 500
TIMEOUT = 120

_CHECK = """
import json, resource, sys
import govstat
try:
    report = govstat.validate(sys.argv[1])
    out = {"findings": sorted(f.rule for f in report.findings),
           "values": {v.indicator: str(v.value) for v in report.values}}
except govstat.GovstatError as error:
    out = {"error": str(error)}
out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out, ensure_ascii=False))
"""


def _check(path: Path) -> dict[str, object]:
    """Validate ``path`` in a fresh Python; its findings, values (or error) and peak memory."""
    result = subprocess.run(
        [sys.executable, "-c", _CHECK, str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


@pytest.fixture(scope="module")
def original() -> dict[str, object]:
    return _check(bigbooks.SOURCE)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("big")


@pytest.mark.parametrize("rows", [20_000, pytest.param(200_000, marks=pytest.mark.slow)])
def test_a_table_followed_by_many_rows_is_read_with_its_findings(
    folder: Path, original: dict[str, object], rows: int
) -> None:
    """A real table followed on its sheet by 200,000 rows of other data (about 40 MB of XML;
    20,000 in the default run): read with the same values and findings as the table alone,
    in under 500 MB."""
    path = bigbooks.table_then_rows(folder, rows)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(bigbooks.SHEET).file_size > rows * 175
    checked = _check(path)
    assert "error" not in checked, checked
    assert checked["findings"] == original["findings"] and checked["findings"]
    assert checked["values"] == original["values"]
    assert float(checked["peak_mib"]) < MEMORY_MIB  # type: ignore[arg-type]


@pytest.mark.slow
def test_a_sheet_formatted_to_its_last_row_is_read(
    folder: Path, original: dict[str, object]
) -> None:
    """Formatting down to row 1,048,576 (styled empty cells and rows, a dimension of
    A1:XFD1048576) changes nothing: the table reads as without it."""
    path = bigbooks.formatted_to_the_last_row(folder)
    checked = _check(path)
    assert checked["findings"] == original["findings"]
    assert checked["values"] == original["values"]
    assert float(checked["peak_mib"]) < MEMORY_MIB  # type: ignore[arg-type]


def test_two_tables_far_apart_on_a_long_sheet_are_both_read(
    folder: Path, original: dict[str, object]
) -> None:
    """On a long sheet, a table standing 250 rows of other data below the first is still
    read: the sheet is cut only well past the last label."""
    import govstat

    path = bigbooks.tables_apart(folder)
    report = govstat.validate(path, hints=False)
    assert {v.indicator: str(v.value) for v in report.values} == original["values"]
    assert sorted(f.rule for f in report.findings) == original["findings"]


def test_a_zip_bomb_is_refused_in_bounded_memory(folder: Path) -> None:
    """A sheet that inflates a thousand times (200 MB from a few hundred kilobytes) is refused
    from the zip's directory, naming the ratio, without inflating it."""
    path = bigbooks.sheet_bomb(folder, megabytes=200)
    checked = _check(path)
    assert "压缩炸弹" in str(checked.get("error")) and "zip bomb" in str(checked["error"])
    assert float(checked["peak_mib"]) < MEMORY_MIB  # type: ignore[arg-type]


def test_the_inflated_budget_is_checked_from_the_directory(tmp_path: Path) -> None:
    """Parts that together claim more than MAX_INFLATED are refused before any is inflated,
    even at an honest ratio; parts parsed whole are held to MAX_XML_PART."""
    import importlib

    sniff = importlib.import_module("govstat.readers.sniff")  # the module, not its function

    def part(name: str, size: int, ratio: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name)
        info.file_size, info.compress_size = size, size // ratio
        return info

    big = [part(f"xl/worksheets/sheet{i}.xml", 400 * 2**20, 10) for i in range(3)]
    with pytest.raises(GovstatError, match="1024 MB"):
        sniff._check_sizes("x.xlsx", big, sniff._is_worksheet)
    sniff._check_sizes("x.xlsx", big[:2], sniff._is_worksheet)  # 800 MB of streamed sheets
    with pytest.raises(GovstatError, match="far beyond"):
        sniff._check_sizes("x.docx", [part("word/document.xml", 40 * 2**20, 10)], None)


def test_a_cut_sheet_keeps_its_merged_ranges(tmp_path: Path) -> None:
    """A long sheet read only until its tables are behind still has the merged ranges listed
    after its rows (``<mergeCells>`` follows ``<sheetData>``)."""
    from govstat.readers.xlsx import read_xlsx
    from govstat.recognise import is_label

    path = bigbooks.table_then_rows(tmp_path, rows=5_000, merged=["A1:O1", "A2:O2"])
    sheet = read_xlsx(path, is_label).sheets[0]
    assert max(r for r, _ in sheet.cells) < 5_000  # cut
    assert sheet.merges == {(1, 1): (1, 15), (2, 1): (2, 15)}


def test_a_long_register_is_read_whole(tmp_path: Path) -> None:
    """Without a label test (a register of requests, read by read_book alone) every row of a
    long sheet is read: only a statistics table's reading stops when its tables are behind."""
    path = bigbooks.table_then_rows(tmp_path, rows=2_000)
    from govstat.readers import read_book

    book = read_book(path)
    assert max(r for r, _ in book.sheets[0].cells) > 2_000


@pytest.mark.parametrize(
    "example", ["2018-seed.xlsx", "2023-form2021-errors.xlsx", "2018-messy.xlsx"]
)
def test_small_batches_read_the_same_cells(example: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet streamed a few hundred bytes at a time (cut at every row) gives exactly the
    cells and unsaved formulas it gives in one batch."""
    from govstat.readers import xlsx
    from support import EXAMPLES

    whole = xlsx.read_xlsx(EXAMPLES / example)
    monkeypatch.setattr(xlsx, "CHUNK", 300)
    pieces = xlsx.read_xlsx(EXAMPLES / example)
    for one, other in zip(whole.sheets, pieces.sheets, strict=True):
        assert one.cells == other.cells
        assert one.formulas_without_value == other.formulas_without_value
        assert one.merges == other.merges


def test_a_sheet_with_prefixed_tags_reads_the_same(tmp_path: Path) -> None:
    """A sheet written with a namespace prefix (``<x:row>``, as some .NET libraries write it)
    reads as the same sheet without one."""
    import re

    from govstat.readers import xlsx

    def prefixed(xml: bytes) -> bytes:
        xml = xml.replace(b' xmlns="', b' xmlns:x="', 1)
        return re.sub(rb"<(/?)(?=[A-Za-z])", rb"<\1x:", xml)

    target = tmp_path / "prefixed.xlsx"
    with (
        zipfile.ZipFile(bigbooks.SOURCE) as zin,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(
                info.filename, prefixed(data) if info.filename == bigbooks.SHEET else data
            )
    plain = xlsx.read_xlsx(bigbooks.SOURCE).sheets[0].cells
    assert xlsx.read_xlsx(target).sheets[0].cells == plain
