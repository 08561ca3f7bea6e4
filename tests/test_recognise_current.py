"""Recognising forms 2019 and 2021 and reading their tables from the layouts real reports use.

Each awkward layout is written with openpyxl in tmp_path (helpers_current.workbook varies the
writers of examples/current_forms.py); every number read is compared with the number written,
at the crossing of its row and column, so a value shifted into another cell fails.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

import govstat
from govstat.cli import app
from govstat.forms import get_form
from govstat.model import FilledTable, Report
from helpers_current import (
    APPLICANT_IDS,
    CF,
    COLUMN_IDS,
    CONSISTENT,
    ERRORS,
    FORM2019,
    OTHER_2021,
    PREVIOUS,
    SHEET_COLUMN,
    expected_numbers,
    t3,
    t3_rows,
    workbook,
    write_t2,
    write_t4,
)

FOUND = re.compile(
    r"工作表「(?P<sheet>[^」]+)」中找到(?P<table>.+?) (?P<found>\d+)/(?P<of>\d+) 个标签"
)
ONLY = re.compile(
    r"仅 (?P<form>\d{4}) 表式有的标签：(?P<labels>.+?)(?:等)?（(?P<rivals>[\d, ]+) 表式没有）"
)


def read(path: Path, form: str | None = None) -> FilledTable:
    return govstat.read_table(path, form)


def numbers(table: FilledTable) -> dict[str, Decimal | None]:
    return {ident: v.number for ident, v in table.values.items() if v.state != "missing"}


def assert_reads_as_written(
    table: FilledTable, extra: frozenset[str] | set[str] = frozenset(), **written: Any
) -> None:
    """Every cell written holds its number (blank stays None); no other cell holds one,
    except ``extra`` (printed subtotals)."""
    expect = expected_numbers(table.form, **written)
    got = numbers(table)
    assert {k: got.get(k) for k in expect} == expect
    assert {k for k, v in got.items() if v is not None} - set(expect) == set(extra)


def own_labels(signals: list[str]) -> tuple[str, list[str], str]:
    (line,) = [s for s in signals if ONLY.match(s)]
    match = ONLY.match(line)
    assert match is not None
    return match["form"], match["labels"].split("、"), match["rivals"]


def all_labels(form_id: str) -> set[str]:
    form = get_form(form_id)
    return {r.label for t in form.tables for r in t.rows} | {
        c.label for t in form.tables for c in t.columns
    }


# ---------------------------------------------------------------- the examples


@pytest.mark.parametrize(
    ("path", "form_id", "tables"),
    [(CONSISTENT, "2021", 6), (ERRORS, "2021", 6), (PREVIOUS, "2021", 6), (FORM2019, "2019", 7)],
    ids=lambda x: x.name if isinstance(x, Path) else str(x),
)
def test_examples_are_recognised_with_reasons(path: Path, form_id: str, tables: int) -> None:
    """Each example is its form; the signals say how much of each table was found and name
    the labels only that form has."""
    report = govstat.validate(path)
    assert report.form == form_id
    found = [m for s in report.signals if (m := FOUND.match(s))]
    assert len(found) == tables  # the blocks of table 二, table 三, table 四
    assert {m["sheet"] for m in found} == {"统计表"}
    assert all(m["found"] == m["of"] for m in found)
    assert any(m["table"] == "三、收到和处理政府信息公开申请情况" for m in found)
    form, labels, rivals = own_labels(report.signals)
    assert form == form_id
    other = "2019" if form_id == "2021" else "2021"
    assert other in rivals
    for label in labels:  # each named label is this form's and not the other's
        assert label in all_labels(form_id) - all_labels(other)


def test_2021_signals_name_the_deciding_head() -> None:
    """Form 2021 is decided by table 二's head 本年制发件数 (forms.md), which the signals name."""
    _, labels, _ = own_labels(govstat.validate(CONSISTENT).signals)
    assert "本年制发件数" in labels


def test_2019_signals_name_a_table_2_head_of_2019() -> None:
    """Form 2019 is decided by table 二's heads, and the signals name one of them."""
    _, labels, _ = own_labels(govstat.validate(FORM2019).signals)
    heads_2019 = {
        c.label for t in get_form("2019").tables if t.id.startswith("t2") for c in t.columns
    }
    heads_2021 = {
        c.label for t in get_form("2021").tables if t.id.startswith("t2") for c in t.columns
    }
    assert set(labels) & (heads_2019 - heads_2021)


def test_signals_in_english() -> None:
    """With lang="en" the signals are English and still name the deciding labels."""
    report = govstat.validate(CONSISTENT, lang="en")
    assert any("labels only form 2021 has" in s and "本年制发件数" in s for s in report.signals)
    assert any(s.startswith("29 of 29 labels of III.") for s in report.signals)


@pytest.mark.parametrize("path", [CONSISTENT, FORM2019], ids=["2021", "2019"])
def test_examples_read_every_cell_where_it_was_written(path: Path) -> None:
    """Each number of the consistent examples is read from its own row and column."""
    table = read(path)
    assert_reads_as_written(table)


# ---------------------------------------------------------------- --form


def test_form_option_overrides_recognition() -> None:
    """--form 2019 on a form-2021 report reads it as form 2019, whose rows it then misses."""
    report = govstat.validate(CONSISTENT, form="2019")
    assert report.form == "2019"
    missing = [f for f in report.findings if f.rule == "2019-R-01"]
    assert any("其他对外管理服务事项" in f.message for f in missing)
    assert not any(s.startswith("仅 ") for s in report.signals)  # no contest, no rival


def test_form_option_2021_on_a_2019_report() -> None:
    """--form 2021 on the 2020 report of form 2019: read as 2021, its year and labels noted."""
    report = govstat.validate(FORM2019, form="2021")
    assert report.form == "2021"
    assert {f.rule for f in report.findings} >= {"2021-F-02", "2021-F-01"}


def test_form_option_2014_on_a_2021_report_exits_2() -> None:
    """--form 2014 on a report of form 2021 finds no such table: exit 2, naming form 2014."""
    result = CliRunner().invoke(app, ["validate", str(CONSISTENT), "--form", "2014"])
    assert result.exit_code == 2
    assert "2014" in result.stderr and "Traceback" not in result.output


# ---------------------------------------------------------------- no form at all


def _only_table4(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["四、政府信息公开行政复议、行政诉讼情况"])
    write_t4(sheet)
    book.save(path)


def _prose(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["东湖市市场监督管理局2023年政府信息公开工作年度报告"])
    sheet.append(["一、总体情况", 1, 2, 3])
    book.save(path)


def _only_table2(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    write_t2(sheet, CF.T2_2021)
    book.save(path)


@pytest.mark.parametrize("make", [_only_table4, _only_table2], ids=["t4", "t2"])
def test_part_of_a_table_exits_2_naming_the_nearest_form(make: Any, tmp_path: Path) -> None:
    """A workbook holding only part of a form exits 2 with one line naming the nearest form
    and the labels it found, in Chinese or, with --lang en, in English."""
    path = tmp_path / "report.xlsx"
    make(path)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "最接近 2021 表式" in result.stderr
    assert "（" in result.stderr.split("表式，", 1)[1]  # the labels found, listed
    assert str(path) in result.stderr
    english = CliRunner().invoke(app, ["validate", str(path), "--lang", "en"])
    assert english.exit_code == 2 and "nearest is form 2021" in english.stderr


def test_no_table_at_all_says_so_with_what_it_looked_at(tmp_path: Path) -> None:
    """A workbook of prose only: one line, no table, how many sheets and labels; no form."""
    path = tmp_path / "report.xlsx"
    _prose(path)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "文件中没有统计表：查看了 1 个工作表、0 个统计表标签" in result.stderr
    assert "表式" not in result.stderr


# ---------------------------------------------------------------- awkward layouts

LAYOUTS: list[tuple[str, dict[str, Any]]] = [
    ("one-sheet", {}),
    ("headings-and-notes-between", {"layout": "notes"}),
    ("each-table-on-its-own-sheet", {"layout": "sheets"}),
    ("heads-over-two-rows", {"head_rows": 2}),
    ("heads-in-one-row", {"head_rows": 1}),
    ("labels-in-one-column", {"label_columns": 1}),
    ("labels-in-one-column-heads-over-two-rows", {"label_columns": 1, "head_rows": 2}),
    ("group-labels-one-character-per-line", {"vertical_groups": True}),
    ("one-column-vertical-groups", {"label_columns": 1, "vertical_groups": True}),
    ("no-note-in-the-corner", {"corner": None}),
    ("note-broken-over-two-lines", {"corner": CF.NOTE[:20] + "\n" + CF.NOTE[20:]}),
    (
        "stray-spaces-and-line-breaks",
        {
            "labels": {
                "商业企业": "商业 企业",
                "法律服务机构": "法律服务\n机构",
                "社会公益组织": " 社会公益组织",
                "申请人情况": "申 请 人 情 况",
                "（一）予以公开": "(一)予以公开",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": (
                    "（二）部分公开（区分处理的，只计这一情 形，不计其他情形）"
                ),
                "1.属于国家秘密": "1、属于国家秘密",
                "2.重复申请": " 2.重复\n申请 ",
                "四、结转下年度继续办理": "四、结转下年度\n继续办理",
            },
            "t2_labels": {"本年制发件数": "本年制发\n件数", "行政处罚": "行政 处罚"},
        },
    ),
]


@pytest.mark.parametrize(("name", "options"), LAYOUTS, ids=[n for n, _ in LAYOUTS])
def test_layouts_read_as_written(name: str, options: dict[str, Any], tmp_path: Path) -> None:
    """Each layout is recognised as form 2021, every number is read where it was written,
    and the consistent figures give no finding."""
    path = tmp_path / f"{name}.xlsx"
    workbook(path, **options)
    report = govstat.validate(path)
    assert report.form == "2021"
    assert report.findings == []
    assert_reads_as_written(read(path))


def test_tables_on_their_own_sheets_keep_their_sheet_names(tmp_path: Path) -> None:
    """With each table on its own sheet, each value's cell names the sheet it stands on."""
    path = tmp_path / "sheets.xlsx"
    workbook(path, layout="sheets")
    table = read(path)
    sheets = {ident.split(".")[0]: v.cell.sheet for ident, v in table.values.items() if v.cell}
    assert sheets == {
        "t2_1": "统计表",
        "t2_5": "统计表",
        "t2_6": "统计表",
        "t2_8": "统计表",
        "t3": "表三",
        "t4": "表四",
    }
    assert set(table.sheet.split("、")) == {"统计表", "表三", "表四"}  # type: ignore[union-attr]


@pytest.mark.parametrize("label_columns", [3, 1])
def test_matrix_cells_keep_their_addresses(label_columns: int, tmp_path: Path) -> None:
    """Each table-三 cell is read at its row's sheet row and its column's sheet column."""
    path = tmp_path / "t3.xlsx"
    where = workbook(path, label_columns=label_columns)
    table = read(path)
    first = 1 + label_columns
    for row_id, label in [("new", "一、本年新收政府信息公开申请数量"), ("other_other", "3.其他")]:
        for index, column in enumerate(COLUMN_IDS):
            cell = table.values[t3(row_id, column)].cell
            assert cell is not None
            letter = chr(ord("A") + first - 1 + index)
            assert cell.address == f"{letter}{where[label]}"


# ---------------------------------------------------------------- wording of real tables


def test_normative_documents_in_a_2021_table_is_noted(tmp_path: Path) -> None:
    """规范性文件 where form 2021 prints 行政规范性文件: read as that row, with one 2021-F-01."""
    path = tmp_path / "normative.xlsx"
    workbook(path, t2_labels={"行政规范性文件": "规范性文件"})
    report = govstat.validate(path)
    assert report.form == "2021"
    (finding,) = report.findings
    assert (finding.rule, finding.severity.value) == ("2021-F-01", "info")
    assert "规范性文件" in finding.message and "行政规范性文件" in finding.message
    assert finding.cells[0].cell is not None and finding.cells[0].cell.address.startswith("A")
    assert_reads_as_written(read(path))


def test_known_typos_are_read_with_a_note(tmp_path: Path) -> None:
    """The typos forms.md lists (其他法律行政止公开, 行政事业型收费) read as their rows, noted."""
    path = tmp_path / "typos.xlsx"
    workbook(
        path,
        labels={"2.其他法律行政法规禁止公开": "2.其他法律行政止公开"},
        t2_labels={"行政事业性收费": "行政事业型收费"},
    )
    report = govstat.validate(path)
    assert (
        sorted((f.rule, f.severity.value) for f in report.findings) == [("2021-F-01", "info")] * 2
    )
    assert_reads_as_written(read(path))


# ---------------------------------------------------------------- （六）其他处理 as one row


def single_other(**values: list[Any]) -> list[Any]:
    return t3_rows(CF.t3_2019(CF.T3_2021), **values)


@pytest.mark.parametrize("label_columns", [3, 1])
def test_2021_table_with_the_single_other_row(label_columns: int, tmp_path: Path) -> None:
    """A form-2021 report keeping form 2019's single （六）其他处理 row is still form 2021
    (table 二 is 2021's): no R-01 for the three rows it replaces, and nothing else."""
    path = tmp_path / "single.xlsx"
    rows = single_other()
    workbook(path, table3=rows, label_columns=label_columns)
    report = govstat.validate(path)
    assert report.form == "2021"
    assert report.findings == []
    table = read(path)
    assert_reads_as_written(table, table3=rows)
    assert all(table.values[t3(r, c)].state == "missing" for r in OTHER_2021 for c in COLUMN_IDS)


def test_single_other_row_counts_in_3_02(tmp_path: Path) -> None:
    """3-02 sums the single （六）其他处理 row: moving one request of it from 法律服务机构 to
    自然人 breaks those two columns, and the findings point at that row."""
    path = tmp_path / "single.xlsx"
    workbook(path, table3=single_other(**{"（六）其他处理": [3, 0, 0, 0, 0, 0]}))
    report = govstat.validate(path)
    assert [(f.rule, f.cells[0].column, f.reported, f.computed) for f in report.findings] == [
        ("2021-3-02", "自然人", Decimal(41), Decimal(42)),
        ("2021-3-02", "法律服务机构", Decimal(2), Decimal(1)),
    ]
    for finding in report.findings:
        labels = [c.label for c in finding.cells]
        assert "（六）其他处理" in labels
        assert not any(label.startswith(("1.申请人", "2.申请人", "3.其他")) for label in labels)


def test_2021_table_3_under_a_2019_table_2_is_not_misread(tmp_path: Path) -> None:
    """A 2021 report that keeps form 2019's table 二 (forms.md: real reports do) but prints
    form 2021's table 三: its consistent figures give no error, whichever form is chosen."""
    path = tmp_path / "mixed.xlsx"
    workbook(path, year=2021, table2=CF.T2_2019)
    report = govstat.validate(path)
    assert [f.rule for f in report.findings if f.severity.value == "error"] == []
    assert not any(f.rule.endswith("-R-02") for f in report.findings)


# ---------------------------------------------------------------- printed subtotals

SUBTOTALS = {
    "（三）不予公开": [5, 0, 0, 0, 0, 0, 5],
    "（四）无法提供": [6, 1, 0, 0, 0, 0, 7],
    "（五）不予处理": [3, 0, 0, 0, 0, 0, 3],
}
SUBTOTAL_IDS = {
    "（三）不予公开": "refused",
    "（四）无法提供": "unable",
    "（五）不予处理": "not_processed",
}


def subtotal_numbers(subtotals: dict[str, list[int]]) -> dict[str, Decimal]:
    return {
        t3(SUBTOTAL_IDS[label], column): Decimal(v)
        for label, values in subtotals.items()
        for column, v in zip(COLUMN_IDS, values, strict=True)
    }


@pytest.mark.parametrize("label_columns", [3, 1])
def test_printed_subtotals_that_add_up(label_columns: int, tmp_path: Path) -> None:
    """Subtotal rows printed for （三）（四）（五） are read and checked: equal sums, no finding."""
    path = tmp_path / "subtotals.xlsx"
    workbook(path, subtotals=SUBTOTALS, label_columns=label_columns)
    report = govstat.validate(path)
    assert (report.form, report.findings) == ("2021", [])
    table = read(path)
    got = numbers(table)
    assert {k: got.get(k) for k in subtotal_numbers(SUBTOTALS)} == subtotal_numbers(SUBTOTALS)
    assert_reads_as_written(table, extra=set(subtotal_numbers(SUBTOTALS)))


@pytest.mark.parametrize("label_columns", [3, 1])
def test_printed_subtotals_that_do_not_add_up(label_columns: int, tmp_path: Path) -> None:
    """A printed subtotal that is not the sum of its rows is a 3-04 error on that cell; its
    总计 that is not the row's sum is a 3-03 error too."""
    bad = {
        **SUBTOTALS,
        "（四）无法提供": [6, 1, 0, 0, 0, 0, 8],
        "（三）不予公开": [4, 0, 0, 0, 0, 0, 4],
    }
    path = tmp_path / "subtotals.xlsx"
    workbook(path, subtotals=bad, label_columns=label_columns)
    report = govstat.validate(path)
    got = [
        (f.rule, f.cells[0].label, f.cells[0].column, f.reported, f.computed)
        for f in report.findings
    ]
    d = Decimal
    assert got == [
        ("2021-3-03", "（四）无法提供", "总计", d(8), d(7)),
        ("2021-3-04", "（三）不予公开", "自然人", d(4), d(5)),
        ("2021-3-04", "（三）不予公开", "总计", d(4), d(5)),
        ("2021-3-04", "（四）无法提供", "总计", d(8), d(7)),
    ]


def test_subtotals_with_the_single_other_row(tmp_path: Path) -> None:
    """Subtotals and the single （六） row together: still form 2021, nothing reported."""
    path = tmp_path / "both.xlsx"
    workbook(path, table3=single_other(), subtotals=SUBTOTALS)
    report = govstat.validate(path)
    assert (report.form, report.findings) == ("2021", [])


# ---------------------------------------------------------------- cells left blank


@pytest.mark.parametrize("label_columns", [3, 1])
def test_row_filled_only_in_its_total(label_columns: int, tmp_path: Path) -> None:
    """A row filled only in 总计 (| | | | | | | 1) is read as such: 总计 = 1 in its own cell,
    the six applicant cells blank (0-01 warnings), nothing shifted."""
    label = "1.属于国家秘密"
    rows = t3_rows(**{label: [None] * 6})
    path = tmp_path / "only-total.xlsx"
    where = workbook(path, table3=rows, totals={label: 1}, label_columns=label_columns)
    table = read(path)
    assert_reads_as_written(table, table3=rows, totals={label: 1})
    total = table.values[t3("refused_secret", "total")]
    assert total.number == Decimal(1)
    assert total.cell is not None
    assert total.cell.address == f"{chr(ord('A') + label_columns + 6)}{where[label]}"
    report = govstat.validate(path)
    warnings = [f for f in report.findings if f.rule == "2021-0-01"]
    assert [(f.cells[0].label, f.cells[0].column) for f in warnings] == [
        (label, column)
        for column in ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    ]
    assert all(f.severity.value == "warning" for f in warnings)
    not_checkable = [(f.rule, f.cells[0].column) for f in report.findings if not f.checkable]
    assert not_checkable == [
        ("2021-3-02", c)
        for c in ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    ] + [("2021-3-03", "总计")]
    assert report.counts.error == 0


def test_row_with_its_total_left_blank(tmp_path: Path) -> None:
    """A row filled in every column but 总计: the blank total warns and its sums are not
    checkable; the six values stay in their columns."""
    rows = CF.T3_2021
    path = tmp_path / "no-total.xlsx"
    workbook(path, totals={"（一）予以公开": None})
    table = read(path)
    assert_reads_as_written(table, table3=rows, totals={"（一）予以公开": None})
    report = govstat.validate(path)
    assert [(f.rule, f.checkable, f.cells[0].column) for f in report.findings] == [
        ("2021-0-01", True, "总计"),
        ("2021-3-02", False, "总计"),
        ("2021-3-03", False, "总计"),
    ]


def test_blank_cells_in_table_4(tmp_path: Path) -> None:
    """Table 四 with a blank and a —— cell: both warn (0-01) and their sums are not checkable."""
    values = list(CF.T4_2023)
    values[2] = None
    values[10] = "——"
    path = tmp_path / "t4.xlsx"
    workbook(path, table4=values)
    report = govstat.validate(path)
    assert [
        (f.rule, f.checkable, f.cells[0].label, f.cells[0].column) for f in report.findings
    ] == [
        ("2021-0-01", True, "行政复议", "其他结果"),
        ("2021-0-01", True, "行政诉讼·复议后起诉", "结果维持"),
        ("2021-4-01", False, "行政复议", "总计"),
        ("2021-4-01", False, "行政诉讼·复议后起诉", "总计"),
    ]
    assert "——" in report.findings[1].message


# ---------------------------------------------------------------- form 2019


def test_2022_report_on_form_2019(tmp_path: Path) -> None:
    """Some 2022 reports still use form 2019 entirely: form 2019, with a 2019-F-02 warning."""
    path = tmp_path / "2022-form2019.xlsx"
    workbook(path, year=2022, table2=CF.T2_2019, table3=CF.t3_2019(CF.T3_2021))
    report = govstat.validate(path)
    assert report.form == "2019"
    (finding,) = report.findings
    assert (finding.rule, finding.severity.value) == ("2019-F-02", "warning")
    assert "2022" in finding.message


def test_form_2019_heads_with_line_breaks(tmp_path: Path) -> None:
    """Form 2019's heads written 本年新\\n制作数量 and 对外公开 总数量 read as printed heads."""
    path = tmp_path / "2020.xlsx"
    rows = CF.t3_2019(CF.T3_2021)
    workbook(
        path,
        year=2020,
        table2=CF.T2_2019,
        table3=rows,
        t2_labels={
            "本年新制作数量": "本年新\n制作数量",
            "对外公开总数量": "对外公开 总数量",
            "本年增/减": "本年增／减",
        },
    )
    report = govstat.validate(path)
    assert (report.form, report.findings) == ("2019", [])
    assert_reads_as_written(read(path), table2=CF.T2_2019, table3=rows)


def test_form_2019_on_its_own_sheets(tmp_path: Path) -> None:
    """Form 2019 with each table on its own sheet and heads over two rows reads as written."""
    path = tmp_path / "2020.xlsx"
    rows = CF.t3_2019(CF.T3_2021)
    workbook(path, year=2020, table2=CF.T2_2019, table3=rows, layout="sheets", head_rows=2)
    report = govstat.validate(path)
    assert (report.form, report.findings) == ("2019", [])
    assert_reads_as_written(read(path), table2=CF.T2_2019, table3=rows)


def test_values_report_of_applicant_columns_in_order() -> None:
    """The report lists table 三's cells row by row in the official column order."""
    report: Report = govstat.validate(CONSISTENT)
    t3_values = [v for v in report.values if v.indicator.startswith("t3.")]
    assert [v.column for v in t3_values[:7]] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert [v.indicator.split(".")[2] for v in t3_values[:7]] == [*APPLICANT_IDS, "total"]
    assert [v.cell.address[0] for v in t3_values[:7] if v.cell] == [
        SHEET_COLUMN[c] for c in COLUMN_IDS
    ]


# ---------------------------------------------------------------- column heads


def test_a_column_head_alias_is_read_with_an_f01_note(tmp_path: Path) -> None:
    """现行有效件数（历史累计） reads as 现行有效件数, with a 2021-F-01 note."""
    path = tmp_path / "alias.xlsx"
    workbook(path, t2_labels={"现行有效件数": "现行有效件数（历史累计）"})
    report = govstat.validate(path)
    notes = [f for f in report.findings if f.rule == "2021-F-01"]
    assert [(f.cells[0].value, f.severity.value) for f in notes] == [
        ("现行有效件数（历史累计）", "info")
    ]
    value = next(v for v in report.values if v.indicator == "t2_1.normative.valid")
    assert value.value == 31


def test_an_unknown_column_head_is_placed_by_position_and_said(tmp_path: Path) -> None:
    """A head that matches no column (商业企业单位) is read by its position between the heads
    that match, and the F-01 note names the head as written and the official one."""
    path = tmp_path / "unknown-head.xlsx"
    workbook(path, labels={"商业企业": "商业企业单位"})
    report = govstat.validate(path)
    notes = [f for f in report.findings if f.rule == "2021-F-01"]
    assert len(notes) == 1
    assert "商业企业单位" in notes[0].message and "「商业企业」" in notes[0].message
    assert [f.rule for f in report.findings if f.severity.value != "info"] == []
    value = next(v for v in report.values if v.indicator == "t3.new.commercial")
    assert value.value == 5
