"""``govstat template --form 2021 / 2019``: the blank workbook in the official layout (the three
tables of 二、三、四 on one sheet), its protection and data validation, and the round trip
template → filled by a script with an example's figures → ``validate``.

Cells are found by their printed text, and value cells by reading the blank template back:
``govstat.read_table`` gives indicator id → the cell it reads.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

import govstat
from govstat.forms import get_form
from govstat.model import ValueKind
from support import invoke

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXAMPLE = {"2021": EXAMPLES / "2023-form2021.xlsx", "2019": EXAMPLES / "2020-form2019.xlsx"}
ERRORS = EXAMPLES / "2023-form2021-errors.xlsx"
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
FORMS = ["2021", "2019"]
SHADED = "D9D9D9"

# What each kind of value cell accepts: (type, lower bound or None when the rule is custom).
RULE_OF_KIND = {
    ValueKind.count: ("whole", "greaterThanOrEqual"),
    ValueKind.money: ("decimal", "greaterThanOrEqual"),
    ValueKind.signed: ("whole", "between"),
    ValueKind.amount: ("custom", None),
}


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The blank templates of forms 2021 and 2019, written by ``govstat template``."""
    folder = tmp_path_factory.mktemp("templates")
    paths = {}
    for form in FORMS:
        path = folder / f"模板{form}.xlsx"
        result = invoke("template", "-o", path, "--form", form)
        assert result.exit_code == 0, result.output
        paths[form] = path
    return paths


@pytest.fixture(scope="module")
def value_cells(templates: dict[str, Path]) -> dict[str, dict[str, str]]:
    """Form → indicator id → the template cell it is read from (``A1`` style)."""
    cells = {}
    for form, path in templates.items():
        table = govstat.read_table(path)
        cells[form] = {
            ident: value.cell.address for ident, value in table.values.items() if value.cell
        }
    return cells


def sheet_of(path: Path) -> Worksheet:
    book = load_workbook(path)
    assert book.sheetnames == ["统计表"]
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    return sheet


def find(sheet: Worksheet, text: str) -> list[str]:
    """Addresses of the cells printing ``text``, top to bottom."""
    return [c.coordinate for row in sheet.iter_rows() for c in row if c.value == text]


def box(sheet: Worksheet, address: str) -> CellRange:
    """The merged range a cell heads, or the cell alone."""
    for merged in sheet.merged_cells.ranges:
        if merged.coord.split(":")[0] == address:
            return CellRange(merged.coord)
    return CellRange(f"{address}:{address}")


def entry_cell(sheet: Worksheet, caption: str) -> str:
    """The cell to fill beside a caption of the title rows (年度：, 填报单位：)."""
    (address,) = find(sheet, caption)
    return f"B{sheet[address].row}"


def fill(template: Path, example: Path, cells: dict[str, str], target: Path) -> Path:
    """Type the example's figures into the template by script, each into its own cell."""
    source = sheet_of(example)
    read = govstat.read_table(example)
    book = load_workbook(template)
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    for ident, value in read.values.items():
        if value.cell is not None:
            sheet[cells[ident]] = source[value.cell.address].value
    sheet[entry_cell(sheet, "年度：")] = read.metadata.year
    sheet[entry_cell(sheet, "填报单位：")] = read.metadata.agency
    book.save(target)
    return target


def finding_keys(report: govstat.Report) -> list[tuple[Any, ...]]:
    return sorted(
        (
            f.rule,
            f.severity.value,
            f.checkable,
            f.reported,
            f.computed,
            tuple(sorted(c.indicator for c in f.cells)),
        )
        for f in report.findings
    )


# --- reading the blank template back ------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_blank_template_is_recognised_as_its_form(form: str, templates: dict[str, Path]) -> None:
    """A blank template is read as its own form, with no reading finding at all."""
    table = govstat.read_table(templates[form])
    assert table.form == form
    assert table.reading == []
    assert table.metadata.agency is None and table.metadata.year is None


@pytest.mark.parametrize("form", FORMS)
def test_blank_template_is_one_error(
    form: str, templates: dict[str, Path], value_cells: dict[str, dict[str, str]]
) -> None:
    """Validating a blank template is one E-01 error counting its value cells, exit 1."""
    result = invoke("validate", templates[form], "--format", "json")
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    checked = [f for f in doc["findings"] if f["checkable"]]
    assert [(f["rule"], f["severity"]) for f in checked] == [(f"{form}-E-01", "error")]
    assert doc["counts"]["warning"] == 0 and doc["counts"]["info"] == 0
    printed = [i for i in get_form(form).value_indicators() if not i.subtotal and i.official]
    assert len(value_cells[form]) == len(printed)  # a group's subtotal has no cell of its own
    assert f"{len(printed)} 个数值单元格均未填写" in checked[0]["message"]


# --- layout --------------------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_table3_heads_and_the_note_in_the_corner(form: str, templates: dict[str, Path]) -> None:
    """Table 三 prints the 勾稽 note over A:C and three head rows, 申请人情况 over the seven
    columns, 法人或其他组织 over five, 自然人 and 总计 down two rows."""
    sheet = sheet_of(templates[form])
    (note,) = find(sheet, NOTE)
    corner = box(sheet, note)
    top = corner.min_row
    assert corner.bounds == (1, top, 3, top + 2)
    assert box(sheet, f"D{top}").bounds == (4, top, 10, top)
    assert sheet[f"D{top}"].value == "申请人情况"
    assert [sheet.cell(top + 1, c).value for c in (4, 5, 10)] == [
        "自然人",
        "法人或其他组织",
        "总计",
    ]
    assert box(sheet, f"D{top + 1}").bounds == (4, top + 1, 4, top + 2)
    assert box(sheet, f"E{top + 1}").bounds == (5, top + 1, 9, top + 1)
    assert box(sheet, f"J{top + 1}").bounds == (10, top + 1, 10, top + 2)
    assert [sheet.cell(top + 2, c).value for c in range(5, 10)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert sheet.cell(top + 3, 1).value == "一、本年新收政府信息公开申请数量"
    for address in (note, f"D{top}", f"E{top + 2}"):
        assert sheet[address].fill.fgColor.rgb.endswith(SHADED), address


@pytest.mark.parametrize("form", FORMS)
def test_table3_groups_run_down_beside_their_rows(form: str, templates: dict[str, Path]) -> None:
    """三、本年度办理结果 runs down column A and （三）不予公开 … down column B beside their rows,
    shaded, with the rows in column C; a group has no value cells of its own."""
    sheet = sheet_of(templates[form])
    (results,) = find(sheet, "三、本年度办理结果")
    (total,) = find(sheet, "（七）总计")
    first = sheet[results].row
    assert results == f"A{first}" and box(sheet, results).bounds == (1, first, 1, sheet[total].row)
    assert sheet.cell(first, 2).value == "（一）予以公开"
    sizes = {"（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5}
    if form == "2021":
        sizes["（六）其他处理"] = 3
    for label, size in sizes.items():
        (address,) = find(sheet, label)
        row = sheet[address].row
        assert address == f"B{row}" and box(sheet, address).bounds == (2, row, 2, row + size - 1)
        assert sheet.cell(row, 3).value.startswith("1.")
        assert sheet[address].fill.fgColor.rgb.endswith(SHADED)
    assert sheet[results].fill.fgColor.rgb.endswith(SHADED)
    read = govstat.read_table(templates[form])
    for group in ("refused", "unable", "not_processed"):
        assert read.values[f"t3.{group}.total"].cell is None


@pytest.mark.parametrize("form", FORMS)
def test_table4_heads_over_three_rows(form: str, templates: dict[str, Path]) -> None:
    """Table 四 prints 行政复议 over five columns and two rows, 行政诉讼 over ten, its two kinds
    over five each, the 15 leaves in the third row and the values under them."""
    sheet = sheet_of(templates[form])
    (review,) = find(sheet, "行政复议")
    top = sheet[review].row
    assert review == f"A{top}" and box(sheet, review).bounds == (1, top, 5, top + 1)
    assert box(sheet, f"F{top}").bounds == (6, top, 15, top)
    assert sheet[f"F{top}"].value == "行政诉讼"
    assert sheet[f"F{top + 1}"].value == "未经复议直接起诉"
    assert box(sheet, f"F{top + 1}").bounds == (6, top + 1, 10, top + 1)
    assert sheet[f"K{top + 1}"].value == "复议后起诉"
    assert box(sheet, f"K{top + 1}").bounds == (11, top + 1, 15, top + 1)
    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [sheet.cell(top + 2, c).value for c in range(1, 16)] == leaves * 3


@pytest.mark.parametrize("form", FORMS)
def test_table2_blocks_under_the_section_heading(form: str, templates: dict[str, Path]) -> None:
    """Table 二 stands under its heading as blocks: a shaded title 第二十条第（x）项, then
    信息内容 over A:C beside the column heads, then the rows."""
    sheet = sheet_of(templates[form])
    (heading,) = find(sheet, "二、主动公开政府信息情况")
    blocks = [t for t in get_form(form).tables if t.anchor]
    assert len(blocks) == (4 if form == "2021" else 5)
    previous = sheet[heading].row
    for table in blocks:
        assert table.anchor is not None
        (title,) = find(sheet, table.anchor)
        row = sheet[title].row
        assert row > previous and title == f"A{row}"
        assert sheet[title].fill.fgColor.rgb.endswith(SHADED)
        assert sheet.cell(row + 1, 1).value == "信息内容"
        assert box(sheet, f"A{row + 1}").bounds == (1, row + 1, 3, row + 1)
        heads = [v for v in (sheet.cell(row + 1, c).value for c in range(4, 7)) if v]
        assert heads == [c.label for c in table.columns]
        assert [sheet.cell(row + 2 + i, 1).value for i in range(len(table.rows))] == [
            r.label for r in table.rows
        ]
        previous = row


# --- protection and data validation --------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_only_value_cells_and_title_entries_are_unlocked(
    form: str, templates: dict[str, Path], value_cells: dict[str, dict[str, str]]
) -> None:
    """The sheet is protected; exactly the value cells, 年度 and 填报单位 are unlocked (a
    merged range counts as its top-left cell: openpyxl lends the others its protection)."""
    sheet = sheet_of(templates[form])
    assert sheet.protection.sheet is True
    unlocked = {
        c.coordinate
        for row in sheet.iter_rows()
        for c in row
        if not isinstance(c, MergedCell) and not c.protection.locked
    }
    year, agency = entry_cell(sheet, "年度："), entry_cell(sheet, "填报单位：")
    assert unlocked == {*value_cells[form].values(), year, agency}


@pytest.mark.parametrize("form", FORMS)
def test_data_validation_covers_every_value_cell(
    form: str, templates: dict[str, Path], value_cells: dict[str, dict[str, str]]
) -> None:
    """Each value cell has one rule of its kind: whole ≥ 0 for counts, decimal ≥ 0 for money,
    whole of any sign for 本年增/减, and for 采购总金额 a rule that lets the unit through."""
    sheet = sheet_of(templates[form])
    rules: dict[str, list[Any]] = {}
    for dv in sheet.data_validations.dataValidation:
        assert dv.showErrorMessage and dv.error
        for rng in dv.sqref.ranges:
            for row, col in rng.cells:
                rules.setdefault(f"{get_column_letter(col)}{row}", []).append(dv)
    assert set(rules) == set(value_cells[form].values())
    kinds: dict[ValueKind, int] = {}
    definition = get_form(form)
    for ident, address in value_cells[form].items():
        (dv,) = rules[address]
        kind = definition.indicator(ident).kind
        kinds[kind] = kinds.get(kind, 0) + 1
        assert (dv.type, dv.operator) == RULE_OF_KIND[kind], (ident, address)
        if kind in (ValueKind.count, ValueKind.money):
            assert dv.formula1 == "0"
        elif kind is ValueKind.signed:
            assert int(str(dv.formula1)) < 0 < int(str(dv.formula2))
        else:  # text with a unit passes: the formula strips 元 / 万 before comparing
            assert address in str(dv.formula1) and "元" in str(dv.formula1)
    if form == "2021":
        assert kinds == {ValueKind.count: 199, ValueKind.money: 1}
    else:
        assert kinds == {ValueKind.count: 192, ValueKind.signed: 5, ValueKind.amount: 1}


# --- round trip ----------------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_template_filled_with_the_example_validates_clean(
    form: str,
    templates: dict[str, Path],
    value_cells: dict[str, dict[str, str]],
    tmp_path: Path,
) -> None:
    """Filled with the consistent example's figures, agency and year, the template validates
    with no finding (exit 0) and reads back the example's values and metadata."""
    example = EXAMPLE[form]
    filled = fill(templates[form], example, value_cells[form], tmp_path / "filled.xlsx")
    result = invoke("validate", filled, "--fail-on", "info")
    assert result.exit_code == 0, result.output
    report = govstat.validate(filled)
    assert report.findings == []
    want = govstat.read_table(example)
    got = govstat.read_table(filled)
    assert got.form == form
    assert {k: (v.number, v.raw) for k, v in got.values.items()} == {
        k: (v.number, v.raw) for k, v in want.values.items()
    }
    assert got.metadata.agency == want.metadata.agency
    assert got.metadata.year == want.metadata.year
    if form == "2019":
        assert got.values["t2_9.procurement.amount"].raw == "251000元"
        assert got.values["t2_5.licensing.change"].number == Decimal(-3)


def test_template_filled_with_the_errors_example_finds_its_errors(
    templates: dict[str, Path], value_cells: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    """Filled with the errors example's figures, the template gives the example's findings:
    the same rules, severities, reported and computed values, on the same indicators."""
    filled = fill(templates["2021"], ERRORS, value_cells["2021"], tmp_path / "errors.xlsx")
    got, want = govstat.validate(filled), govstat.validate(ERRORS)
    assert finding_keys(got) == finding_keys(want)
    assert {f.severity.value for f in got.findings} >= {"error", "warning"}
    assert got.counts == want.counts
    assert invoke("validate", filled).exit_code == 1
