"""The xlsx reader against openpyxl, on every example workbook and on hand-written XML.

openpyxl (read in ``data_only`` mode, and again for the formulas, as govstat did before it
read the XML itself) is the oracle: the reader must give the same cells, of the same types.
Hand-written parts cover what openpyxl does not write: inline and rich strings, shared
formulas, cells without addresses, Chinese date formats, a DTD.
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

import govstat
from govstat.readers.xlsx import read_xlsx
from support import EXAMPLES, ROOT

WORKBOOKS = sorted(
    [*EXAMPLES.rglob("*.xlsx"), *(ROOT / "tests" / "data").glob("*.xlsx")],
    key=lambda p: str(p),
)


def oracle(
    path: Path,
) -> dict[str, tuple[dict[tuple[int, int], object], dict[tuple[int, int], str]]]:
    """Cells and formulas without a saved result, per sheet, as openpyxl reads them."""
    values = load_workbook(path, data_only=True)
    formulas = load_workbook(path)
    out = {}
    for sheet in values.worksheets:
        cells = {
            (c.row, c.column): c.value
            for row in sheet.iter_rows()
            for c in row
            if c.value is not None
        }
        unsaved = {
            (c.row, c.column): c.value
            for row in formulas[sheet.title].iter_rows()
            for c in row
            if isinstance(c.value, str)
            and c.value.startswith("=")
            and (c.row, c.column) not in cells
        }
        out[sheet.title] = (cells, unsaved)
    return out


def mine(path: Path) -> dict[str, tuple[dict[tuple[int, int], object], dict[tuple[int, int], str]]]:
    return {s.name: (s.cells, s.formulas_without_value) for s in read_xlsx(path).sheets}


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_every_example_reads_as_openpyxl_reads_it(path: Path) -> None:
    """Same sheets, same cells, same Python types as openpyxl, LibreOffice's file included."""
    expected, got = oracle(path), mine(path)
    assert got == expected
    for name, (cells, _) in expected.items():
        assert {k: type(v) for k, v in cells.items()} == {
            k: type(v) for k, v in got[name][0].items()
        }


def test_cell_types_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    """Dates, times, durations, booleans, floats, big ints and text, in openpyxl's types."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "类型"
    sheet.append([1, 2.5, 10**15, "５件", True, False, None, ""])
    sheet.append([datetime.datetime(2023, 1, 2), datetime.date(2023, 1, 2), datetime.time(10, 30)])
    sheet.append([datetime.timedelta(hours=30), 0.25, -3, "=SUM(A1:B1)"])
    sheet["B2"].number_format = 'yyyy"年"m"月"d"日"'
    sheet["B3"].number_format = "0.00%"
    book.create_sheet("空")
    path = tmp_path / "types.xlsx"
    book.save(path)
    assert mine(path) == oracle(path)
    assert mine(path)["类型"][1] == {(3, 4): "=SUM(A1:B1)"}


# Hand-written workbooks -----------------------------------------------------------------------

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PNS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def handmade(
    path: Path,
    sheet_data: str,
    strings: list[str] | None = None,
    styles: str = "",
    workbook_target: str = "xl/workbook.xml",
    sheet_target: str = "worksheets/sheet1.xml",
    prolog: str = "",
) -> Path:
    """A minimal workbook whose sheet XML is ``sheet_data`` (the inside of <sheetData>)."""
    shared = "".join(f"<si>{s}</si>" for s in strings or [])
    content_types = "http://schemas.openxmlformats.org/package/2006/content-types"
    relation = '<Relationship Id="{}" Type="' + TYPE + '/{}" Target="{}"/>'
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{content_types}"/>',
        "_rels/.rels": f"<Relationships {PNS}>"
        + relation.format("rId1", "officeDocument", workbook_target)
        + "</Relationships>",
        "xl/workbook.xml": f"<workbook {NS} {RNS}><sheets>"
        '<sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f"<Relationships {PNS}>"
        + relation.format("rId1", "worksheet", sheet_target)
        + relation.format("rId2", "sharedStrings", "sharedStrings.xml")
        + relation.format("rId3", "styles", "styles.xml")
        + "</Relationships>",
        "xl/worksheets/sheet1.xml": f"{prolog}<worksheet {NS}>"
        f"<sheetData>{sheet_data}</sheetData></worksheet>",
        "xl/sharedStrings.xml": f"<sst {NS}>{shared}</sst>",
        "xl/styles.xml": f"<styleSheet {NS}>{styles}</styleSheet>",
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_inline_and_rich_strings_without_phonetic_guides(tmp_path: Path) -> None:
    """Inline strings, rich-text runs and _x000D_ escapes read as their text; rPh is not text."""
    path = handmade(
        tmp_path / "s.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c>'
        '<c r="B1" t="inlineStr"><is><t>（一）予以公开</t></is></c>'
        '<c r="C1" t="s"><v>1</v></c></row>',
        strings=[
            "<r><t>一、本年新收</t></r><r><rPr/><t>政府信息公开申请数量</t></r><rPh><t>ピン</t></rPh>",
            "<t>两行_x000D_标签</t>",
        ],
    )
    assert mine(path)["表"][0] == {
        (1, 1): "一、本年新收政府信息公开申请数量",
        (1, 2): "（一）予以公开",
        (1, 3): "两行\r标签",
    }


def test_cells_without_addresses_follow_their_row(tmp_path: Path) -> None:
    """A <c> without r stands right of the previous cell; a <row> without r below the last."""
    path = handmade(
        tmp_path / "r.xlsx",
        '<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>',
    )
    assert mine(path)["表"][0] == {(3, 2): 1, (3, 3): 2, (4, 1): 3}


def test_a_shared_formula_without_results_is_named_in_each_cell(tmp_path: Path) -> None:
    """A shared formula saved without results gives each cell its own formula text."""
    path = handmade(
        tmp_path / "f.xlsx",
        '<row r="1"><c r="C1"><f t="shared" ref="C1:C2" si="0">A1+B1</f></c></row>'
        '<row r="2"><c r="C2"><f t="shared" si="0"/></c></row>',
    )
    assert mine(path)["表"][1] == {(1, 3): "=A1+B1", (2, 3): "=A2+B2"}


def test_chinese_date_formats_are_dates(tmp_path: Path) -> None:
    """A number in built-in format 31 (2023年1月5日 in Chinese Excel) is a date, not 44931."""
    styles = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="31"/></cellXfs>'
    path = handmade(
        tmp_path / "d.xlsx", '<row r="1"><c r="A1" s="1"><v>44931</v></c></row>', styles=styles
    )
    assert mine(path)["表"][0] == {(1, 1): datetime.datetime(2023, 1, 5)}


def test_absolute_relationship_targets(tmp_path: Path) -> None:
    """Targets written from the package root (/xl/worksheets/sheet1.xml) are found."""
    path = handmade(
        tmp_path / "a.xlsx",
        '<row r="1"><c r="A1"><v>7</v></c></row>',
        workbook_target="/xl/workbook.xml",
        sheet_target="/xl/worksheets/sheet1.xml",
    )
    assert mine(path)["表"][0] == {(1, 1): 7}


def test_a_part_with_a_dtd_is_refused(tmp_path: Path) -> None:
    """An entity-expansion bomb never reaches the parser: a DTD is refused in one message."""
    bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    path = handmade(tmp_path / "b.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>', prolog=bomb)
    with pytest.raises(govstat.GovstatError, match="DTD"):
        read_xlsx(path)


def test_malformed_xml_is_one_readable_error(tmp_path: Path) -> None:
    """A sheet whose XML is broken gives a GovstatError naming the part, not a traceback."""
    path = handmade(tmp_path / "m.xlsx", '<row r="1"><c r="A1"><v>1</v></row>')
    with pytest.raises(govstat.GovstatError, match=r"sheet1\.xml"):
        read_xlsx(path)


def test_a_missing_part_is_named(tmp_path: Path) -> None:
    """A workbook whose sheet part is missing names the part."""
    path = handmade(tmp_path / "p.xlsx", "", sheet_target="worksheets/nowhere.xml")
    with pytest.raises(govstat.GovstatError, match=r"nowhere\.xml"):
        read_xlsx(path)
