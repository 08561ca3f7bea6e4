"""``govstat template``: the blank fill-in workbook, its layout and protection, and the round trip
template → filled by a script → ``validate``.

Expected labels, units and figures come from ``examples/make_examples.py`` (the real 2018 table).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

import govstat
from support import invoke, load_example

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED = EXAMPLES / "2018-seed.xlsx"
TITLE = "政府信息公开情况统计表"
MARK = "——"
FIRST = 5
"""The template's first indicator row: title, 年度, 填报单位 and the header row stand above."""
LAST = FIRST + 63
FOOTER = ("单位负责人", "审核人", "填报人", "联系电话", "填报日期")
SEED_FOOTER = ("应希克", "郑耀克", "韩磊", "88862893", "2019.1.2")
AGENCY = "温州市商务局"


EX = load_example("make_examples")
ROWS: list[tuple[str, str, str]] = EX.SEED_ROWS
assert len(ROWS) == 64


def squash(text: object) -> str:
    return re.sub(r"\s+", "", str(text))


def is_header(unit: str) -> bool:
    return unit == MARK


VALUE_ROWS = [FIRST + i for i, (_, unit, _) in enumerate(ROWS) if not is_header(unit)]
HEADER_ROWS = [FIRST + i for i, (_, unit, _) in enumerate(ROWS) if is_header(unit)]


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A fresh template written by ``govstat template -o … --form 2014``."""
    path = tmp_path / "模板.xlsx"
    result = invoke("template", "-o", path, "--form", "2014")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"已写入 {path}"
    return path


def sheet_of(path: Path) -> Worksheet:
    book = load_workbook(path)
    assert book.sheetnames == ["统计表"]
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    return sheet


def footer_rows(sheet: Worksheet) -> dict[str, int]:
    """The row of each footer label, found in column A below the table."""
    found: dict[str, int] = {}
    for row in range(LAST + 1, sheet.max_row + 1):
        text = squash(sheet.cell(row, 1).value or "")
        for label in FOOTER:
            if text.startswith(label):
                found[label] = row
    return found


def fill(template: Path, target: Path, corrected: bool = False, metadata: bool = True) -> Path:
    """Type the 2018 table into the template by script, as a clerk would, and save it."""
    book = load_workbook(template)
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    fixes = EX.CORRECTIONS if corrected else {}
    for offset, (label, _, value) in enumerate(ROWS):
        value = fixes.get(label, value)
        if value != "":
            # The seed prints 0 in three header rows; a script can type there, a clerk cannot.
            sheet.cell(FIRST + offset, 3).value = int(value)
    if metadata:
        sheet["B2"] = 2018
        sheet["B3"] = AGENCY
        rows = footer_rows(sheet)
        for label, text in zip(FOOTER, SEED_FOOTER, strict=True):
            sheet.cell(rows[label], 2).value = text
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
            f.difference,
            tuple(str(c.cell) for c in f.cells),
        )
        for f in report.findings
    )


# --- writing the file ----------------------------------------------------------------------


def test_template_refuses_to_overwrite_without_force(template: Path) -> None:
    """An existing output gives exit 2 and stays as it was unless --force is given."""
    template.write_bytes(b"keep me")
    result = invoke("template", "-o", template, "--form", "2014")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(template) in result.stderr
    assert "Traceback" not in result.output
    assert template.read_bytes() == b"keep me"


def test_template_force_overwrites(template: Path) -> None:
    """With --force an existing file is replaced by a valid template."""
    template.write_bytes(b"old")
    result = invoke("template", "-o", template, "--form", "2014", "--force")
    assert result.exit_code == 0, result.output
    assert sheet_of(template)["A1"].value == TITLE


def test_template_leaves_no_temporary_files(template: Path) -> None:
    """Writing (and overwriting with --force) leaves only the template in its folder."""
    assert invoke("template", "-o", template, "--force").exit_code == 0
    assert [p.name for p in template.parent.iterdir()] == [template.name]


def test_template_default_name_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without -o the template is 统计表模板.xlsx in the current folder, form 2021 (the form
    in use today) by default."""
    monkeypatch.chdir(tmp_path)
    result = invoke("template")
    assert result.exit_code == 0, result.output
    assert sheet_of(tmp_path / "统计表模板.xlsx")["A1"].value == "政府信息公开工作年度报告统计表"


# --- layout --------------------------------------------------------------------------------


def test_template_has_title_year_agency_and_header(template: Path) -> None:
    """Rows 1–4 hold the title, 年度, 填报单位 and the heading 统计指标 | 单位 | 统计数."""
    sheet = sheet_of(template)
    assert sheet["A1"].value == TITLE
    assert squash(sheet["A2"].value).startswith("年度")
    assert squash(sheet["A3"].value).startswith("填报单位")
    assert [sheet.cell(4, c).value for c in (1, 2, 3)] == ["统计指标", "单位", "统计数"]


def test_template_lists_the_64_rows_in_order_with_units(template: Path) -> None:
    """Rows 5–68 carry the 64 official labels in printed order, each with its unit."""
    sheet = sheet_of(template)
    got = [
        (squash(sheet.cell(row, 1).value), sheet.cell(row, 2).value)
        for row in range(FIRST, LAST + 1)
    ]
    assert got == [(squash(label), unit) for label, unit, _ in ROWS]
    assert squash(sheet.cell(LAST + 1, 1).value or "") == ""


def test_template_footer_follows_the_table(template: Path) -> None:
    """单位负责人, 审核人, 填报人, 联系电话 and 填报日期 stand below the table."""
    assert set(footer_rows(sheet_of(template))) == set(FOOTER)


def test_header_rows_are_shaded_and_print_the_mark(template: Path) -> None:
    """The 7 header rows print —— as value and are shaded; value rows are blank, not shaded."""
    sheet = sheet_of(template)
    assert len(HEADER_ROWS) == 7
    for row in HEADER_ROWS:
        assert sheet.cell(row, 3).value == MARK
        for col in (1, 2, 3):
            fill = sheet.cell(row, col).fill
            assert fill.fill_type == "solid", (row, col)
    shade = sheet.cell(HEADER_ROWS[0], 3).fill.fgColor.rgb
    for row in VALUE_ROWS:
        cell = sheet.cell(row, 3)
        assert cell.value is None
        assert cell.fill.fill_type != "solid" or cell.fill.fgColor.rgb != shade


def test_only_the_cells_to_fill_are_unlocked(template: Path) -> None:
    """The sheet is protected; value cells, 年度, 填报单位 and footer entries are unlocked."""
    sheet = sheet_of(template)
    assert sheet.protection.sheet is True
    unlocked = {
        cell.coordinate
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=3)
        for cell in row
        if not cell.protection.locked
    }
    values = {f"C{row}" for row in VALUE_ROWS}
    assert values <= unlocked
    assert {"B2", "B3"} <= unlocked
    assert {f"B{row}" for row in footer_rows(sheet).values()} <= unlocked
    for row in range(FIRST, LAST + 1):
        assert sheet.cell(row, 1).protection.locked, f"A{row}"
        assert sheet.cell(row, 2).protection.locked, f"B{row}"
    for row in HEADER_ROWS:
        assert sheet.cell(row, 3).protection.locked, f"C{row}"
    for col in (1, 2, 3):
        assert sheet.cell(1, col).protection.locked and sheet.cell(4, col).protection.locked


def test_data_validation_covers_every_value_cell(template: Path) -> None:
    """Each value cell has one rule: a whole number ≥ 0, or a decimal ≥ 0 in the 万元 row."""
    sheet = sheet_of(template)
    rules: dict[str, list[tuple[str, str, str]]] = {}
    for dv in sheet.data_validations.dataValidation:
        assert dv.showErrorMessage
        for rng in dv.sqref.ranges:
            for row, col in rng.cells:
                rules.setdefault(f"{get_column_letter(col)}{row}", []).append(
                    (dv.type, dv.operator, str(dv.formula1))
                )
    expected = {}
    for offset, (_, unit, _) in enumerate(ROWS):
        if not is_header(unit):
            kind = "decimal" if unit == "万元" else "whole"
            expected[f"C{FIRST + offset}"] = [(kind, "greaterThanOrEqual", "0")]
    assert rules == expected
    assert sum(v == [("decimal", "greaterThanOrEqual", "0")] for v in rules.values()) == 1


# --- round trip ----------------------------------------------------------------------------


def test_unfilled_template_is_one_error(template: Path) -> None:
    """An empty template is not a pass: one 2014-E-01 error (no warning per blank cell), exit 1."""
    result = invoke("validate", template)
    assert result.exit_code == 1, result.output
    assert "2014-E-01" in result.stdout and "57 个数值单元格均未填写" in result.stdout
    doc = json.loads(invoke("validate", template, "--format", "json").stdout)
    checked = [f for f in doc["findings"] if f["checkable"]]
    assert [(f["rule"], f["severity"]) for f in checked] == [("2014-E-01", "error")]
    assert doc["counts"]["warning"] == 0 and doc["counts"]["error"] == 1
    assert doc["counts"]["not_checkable"] > 0


def test_template_with_one_cell_filled_warns_for_every_blank(
    template: Path, tmp_path: Path
) -> None:
    """A template with one number: no E-01, but E-02 with the count and a 2014-0-03 warning
    per blank value cell."""
    from openpyxl import load_workbook

    book = load_workbook(template)
    sheet = book["统计表"]
    sheet[f"C{VALUE_ROWS[0]}"] = 3
    path = tmp_path / "one.xlsx"
    book.save(path)
    report = govstat.validate(path)
    rules = [f.rule for f in report.findings if f.checkable]
    assert "2014-E-01" not in rules
    assert rules.count("2014-0-03") == 56
    (mostly_blank,) = [f for f in report.findings if f.rule == "2014-E-02"]
    assert mostly_blank.message.startswith("57 个数值单元格中有 56 个未填写")


def test_template_filled_with_the_seed_validates_like_the_seed(
    template: Path, tmp_path: Path
) -> None:
    """The template filled with the seed's figures gives the seed's findings and metadata."""
    filled = fill(template, tmp_path / "filled.xlsx")
    got = govstat.validate(filled)
    want = govstat.validate(SEED)
    assert finding_keys(got) == finding_keys(want)
    assert {f.rule for f in got.findings} == {"2014-0-02", "2014-3-03", "2014-8-01"}
    assert got.metadata == want.metadata
    assert got.metadata.agency == AGENCY and got.metadata.year == 2018
    assert got.metadata.date == "2019.1.2" and got.metadata.phone == "88862893"
    assert got.counts == want.counts
    assert invoke("validate", filled).exit_code == 1


def test_template_filled_with_the_corrected_table_validates_clean(
    template: Path, tmp_path: Path
) -> None:
    """The template filled with the corrected figures validates with no finding and exit 0."""
    filled = fill(template, tmp_path / "corrected.xlsx", corrected=True)
    result = invoke("validate", filled, "--fail-on", "info")
    assert result.exit_code == 0, result.output
    assert govstat.validate(filled).findings == []


def test_template_values_are_read_back_from_their_cells(template: Path, tmp_path: Path) -> None:
    """Every figure typed into the template is read back, from the cell it was typed in."""
    filled = fill(template, tmp_path / "filled.xlsx", metadata=False)
    table = govstat.read_table(filled)
    form = govstat.get_form("2014")
    for offset, (ind, (_, unit, value)) in enumerate(zip(form.indicators, ROWS, strict=True)):
        if is_header(unit):
            continue
        read = table.values[ind.id]
        assert read.number == int(value), ind.id
        assert str(read.cell) == f"统计表!C{FIRST + offset}"
    assert table.metadata.year is None and table.metadata.agency is None


def test_a_filled_workbook_reads_back_with_the_same_values(tmp_path: Path) -> None:
    """write_workbook lays a read table out in the official layout: reading it back gives the
    same values, metadata and arithmetic findings (header rows print ——, so no 2014-0-02)."""
    from govstat.template import write_workbook

    for example in ("2018-seed.xlsx", "2023-form2021-errors.xlsx", "2020-form2019.xlsx"):
        source = govstat.read_table(EXAMPLES / example)
        target = tmp_path / example
        write_workbook(source, target)
        again = govstat.read_table(target)
        assert again.form == source.form and again.metadata == source.metadata
        for indicator, value in source.values.items():
            if govstat.get_form(source.form).indicator(indicator).is_header:
                continue
            assert again.values[indicator].number == value.number, indicator
        before = [
            (f.rule, f.reported, f.computed) for f in govstat.validate(EXAMPLES / example).findings
        ]
        after = [(f.rule, f.reported, f.computed) for f in govstat.validate(target).findings]
        assert after == [b for b in before if not b[0].endswith("-0-02")]
