"""A workbook holding two tables (last year's and this year's, one sheet each): both are
checked, each under its sheet; ``--sheet`` picks one. A number typed beside a table is R-05."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

import govstat
from helpers_current import CONSISTENT, ERRORS, SEED, workbook
from support import invoke


def _copy(source: Path, target: Worksheet) -> None:
    sheet = load_workbook(source).active
    assert sheet is not None
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                target.cell(cell.row, cell.column, cell.value)
    for merged in sheet.merged_cells.ranges:
        target.merge_cells(str(merged))


def two_tables(path: Path, first: Path = CONSISTENT, second: Path = ERRORS) -> Path:
    """Two report tables on the sheets 2022年 and 2023年 of one workbook."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "2022年"
    _copy(first, sheet)
    _copy(second, book.create_sheet("2023年"))
    book.save(path)
    return path


def test_both_tables_are_checked_each_under_its_sheet(tmp_path: Path) -> None:
    """validate_all gives one report per table, each naming its sheet, with the findings of
    that table alone; validate gives the first, with a note naming both sheets."""
    path = two_tables(tmp_path / "two.xlsx")
    first, second = govstat.validate_all(path)
    assert (first.sheet, second.sheet) == ("2022年", "2023年")
    assert [f.rule for f in first.findings] == []
    want = [f.rule for f in govstat.validate(ERRORS).findings]
    assert [f.rule for f in second.findings] == want
    assert all(c.cell.sheet == "2023年" for f in second.findings for c in f.cells if c.cell)
    assert govstat.validate(path).sheet == "2022年"
    assert any("2 个统计表" in n and "2023年" in n for n in govstat.validate(path).notes)


def test_cli_prints_each_table_and_exits_on_the_worst(tmp_path: Path) -> None:
    """`govstat validate` prints both reports (text and a JSON array) and exits 1 for the
    errors of the second."""
    path = two_tables(tmp_path / "two.xlsx")
    result = invoke("validate", path)
    assert result.exit_code == 1
    assert "（工作表「2022年」）" in result.stdout and "（工作表「2023年」）" in result.stdout
    documents = json.loads(invoke("validate", path, "--format", "json").stdout)
    assert [d["sheet"] for d in documents] == ["2022年", "2023年"]


def test_sheet_option_picks_one(tmp_path: Path) -> None:
    """--sheet NAME checks only the table on that sheet; an unknown sheet exits 2 naming the
    sheets there are."""
    path = two_tables(tmp_path / "two.xlsx")
    result = invoke("validate", path, "--sheet", "2022年", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["sheet"] == "2022年" and doc["findings"] == []
    assert govstat.validate(path, sheet="2023年").sheet == "2023年"
    missing = invoke("validate", path, "--sheet", "2024年")
    assert missing.exit_code == 2
    assert "没有名为「2024年」的工作表（有：2022年、2023年）" in missing.stderr


def test_single_table_json_is_unchanged() -> None:
    """A file of one table: --format json is still exactly govstat.validate(FILE)."""
    result = invoke("validate", CONSISTENT, "--format", "json")
    assert json.loads(result.stdout) == json.loads(govstat.validate(CONSISTENT).model_dump_json())
    assert govstat.validate_all(CONSISTENT) == [govstat.validate(CONSISTENT)]


def test_one_table_over_three_sheets_is_one_table(tmp_path: Path) -> None:
    """Tables 二, 三 and 四 on sheets of their own are still one table, not three."""
    path = tmp_path / "sheets.xlsx"
    workbook(path, layout="sheets")
    (report,) = govstat.validate_all(path)
    assert set(report.sheet.split("、")) == {"统计表", "表三", "表四"}


def test_number_beside_a_list_table_is_a_warning(tmp_path: Path) -> None:
    """A number one column right of form 2014's 统计数, under no header: R-05 naming D34."""
    book = load_workbook(SEED)
    sheet = book.active
    assert sheet is not None
    sheet["D34"] = 7
    path = tmp_path / "beside.xlsx"
    book.save(path)
    (finding,) = [f for f in govstat.validate(path).findings if f.rule == "2014-R-05"]
    assert finding.severity.value == "warning"
    assert finding.cells[0].cell is not None and str(finding.cells[0].cell) == "统计表!D34"
    assert "（三）申请答复数" in finding.message and "7" in finding.message
    assert "2014-R-05" in invoke("validate", path).stdout


def test_number_beside_table_three_and_four(tmp_path: Path) -> None:
    """Numbers right of table 三's 总计 and of table 四's last column: one R-05 each."""
    path = tmp_path / "beside.xlsx"
    rows = workbook(path)
    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    disclosed = rows["（一）予以公开"]
    sheet[f"K{disclosed}"] = 3
    t4_values = max(c.row for row in sheet.iter_rows() for c in row if c.value == "结果维持") + 1
    sheet[f"P{t4_values}"] = 9
    book.save(path)
    findings = [f for f in govstat.validate(path).findings if f.rule == "2021-R-05"]
    cells = sorted(str(f.cells[0].cell) for f in findings)
    assert cells == sorted([f"统计表!K{disclosed}", f"统计表!P{t4_values}"])


def test_a_column_with_a_head_is_not_a_stray_number(tmp_path: Path) -> None:
    """A column beside the value column with a head of its own (备注) raises no R-05."""
    book = load_workbook(SEED)
    sheet = book.active
    assert sheet is not None
    sheet["D4"] = "备注"
    sheet["D34"] = 7
    path = tmp_path / "noted.xlsx"
    book.save(path)
    assert "2014-R-05" not in {f.rule for f in govstat.validate(path).findings}


def test_examples_have_no_stray_numbers() -> None:
    """None of the example workbooks has a number beside its table."""
    for path in (SEED, CONSISTENT, ERRORS):
        assert not [f for f in govstat.validate(path).findings if f.rule.endswith("R-05")]


def test_bulk_row_counts_both_tables(tmp_path: Path) -> None:
    """In a bulk summary a workbook of two tables is one row counting both tables' findings."""
    from govstat.bulk import validate_many

    path = two_tables(tmp_path / "two.xlsx")
    (row,) = validate_many([path], jobs=1).files
    errors = govstat.validate(ERRORS).counts.error
    assert row.errors == errors and row.status == "fail"


def test_junit_and_sarif_of_two_tables(tmp_path: Path) -> None:
    """JUnit names a suite per table with its sheet; SARIF lists the workbook once and each
    result's cell on its own sheet."""
    path = two_tables(tmp_path / "two.xlsx")
    junit = invoke("validate", path, "--format", "junit").stdout
    assert f'name="{path} [2022年]"' in junit and f'name="{path} [2023年]"' in junit
    sarif = json.loads(invoke("validate", path, "--format", "sarif").stdout)
    (run,) = sarif["runs"]
    assert len(run["artifacts"]) == 1
    names = {
        loc["fullyQualifiedName"].split("!")[0]
        for result in run["results"]
        for place in result.get("locations", [])
        for loc in place.get("logicalLocations", [])
    }
    assert names == {"2023年"}
