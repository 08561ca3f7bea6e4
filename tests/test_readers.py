"""Every format govstat reads: the seed's table in each rendition, content sniffing, and the
details of each reader (encodings, spans, merged cells, one cell per line, PDF positions).

The renditions in examples/ were made from 2018-seed.xlsx by LibreOffice
(examples/make_renditions.py); the expected values and findings are the xlsx's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest

import govstat
from govstat.model import Report
from govstat.readers import read_book
from govstat.readers.grid import Book
from support import EXAMPLES, load_example

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEED = EXAMPLES / "2018-seed.xlsx"
EX = load_example("make_examples")

RENDITIONS = {
    "xls": EXAMPLES / "2018-seed.xls",
    "ods": EXAMPLES / "2018-seed.ods",
    "csv-gbk": EXAMPLES / "2018-seed-gbk.csv",
    "html": EXAMPLES / "2018-seed.html",
    "docx": EXAMPLES / "2018-seed.docx",
    "pdf": EXAMPLES / "2018-seed.pdf",
    "pdf-unruled": DATA / "2018-seed-unruled.pdf",
    "seed-libreoffice": DATA / "seed-libreoffice.xlsx",
}
REPORTS = {
    "txt": EXAMPLES / "2018-report.txt",
    "docx": EXAMPLES / "2018-report.docx",
    "pdf": DATA / "2018-report.pdf",
}


def values(report: Report) -> dict[str, tuple[str, Decimal | None, str]]:
    return {v.indicator: (v.state, v.value, v.text) for v in report.values}


def findings(report: Report) -> list[tuple[str, str, str, list[str]]]:
    """Rule, severity, message and the values of the cells named: everything but addresses."""
    return [
        (f.rule, f.severity.value, f.message, [c.value for c in f.cells])
        for f in report.findings
        if f.rule.split("-")[1] != "T"
    ]


@pytest.fixture(scope="module")
def xlsx() -> Report:
    return govstat.validate(SEED)


@pytest.mark.parametrize("name", list(RENDITIONS))
def test_rendition_gives_the_values_of_the_xlsx(name: str, xlsx: Report) -> None:
    """Each rendition of the seed's table reads the same 64 values (state, number, text)."""
    report = govstat.validate(RENDITIONS[name])
    assert report.form == "2014"
    assert values(report) == values(xlsx)


@pytest.mark.parametrize("name", list(RENDITIONS))
def test_rendition_gives_the_findings_of_the_xlsx(name: str, xlsx: Report) -> None:
    """Each rendition yields the xlsx's findings, in order, with the same messages."""
    report = govstat.validate(RENDITIONS[name])
    assert findings(report) == findings(xlsx)
    assert report.counts == xlsx.counts


@pytest.mark.parametrize("name", [n for n in RENDITIONS if n != "seed-libreoffice"])
def test_rendition_gives_the_metadata_of_the_xlsx(name: str, xlsx: Report) -> None:
    """填报单位, 年度, the signatures, phone and date are read from every rendition."""
    assert govstat.validate(RENDITIONS[name]).metadata == xlsx.metadata


@pytest.mark.parametrize("name", list(REPORTS))
def test_example_report_gives_the_findings_of_the_xlsx_plus_its_prose(
    name: str, xlsx: Report
) -> None:
    """A whole example report: the table's findings as in the xlsx, and its prose findings."""
    report = govstat.validate(REPORTS[name])
    assert values(report) == values(xlsx)
    assert findings(report) == findings(xlsx)
    assert (report.metadata.agency, report.metadata.year) == ("东湖市商务局", 2018)


# --- where each value came from --------------------------------------------------------------


def _cell(path: Path, indicator: str) -> str:
    report = govstat.validate(path)
    cell = next(v.cell for v in report.values if v.indicator == indicator)
    assert cell is not None
    return str(cell)


@pytest.mark.parametrize(
    ("path", "place"),
    [
        (SEED, "统计表!C34"),
        (EXAMPLES / "2018-seed.xls", "统计表!C34"),
        (EXAMPLES / "2018-seed.ods", "统计表!C34"),
        (EXAMPLES / "2018-seed-gbk.csv", "2018-seed-gbk!C34"),
        (EXAMPLES / "2018-seed.html", "表1 第34行第3列"),
        (EXAMPLES / "2018-seed.docx", "表1 第34行第3列"),
        (EXAMPLES / "2018-seed.pdf", "第1页 表1 第31行第3列"),
        (EXAMPLES / "2018-report.txt", "第65行第3栏"),
    ],
    ids=["xlsx", "xls", "ods", "csv", "html", "docx", "pdf", "txt"],
)
def test_each_value_keeps_where_it_came_from(path: Path, place: str) -> None:
    """申请答复数 is named where a person finds it: sheet!A1, table n row r, page p, line l."""
    assert _cell(path, "replies") == place


def test_place_is_worded_in_english_too() -> None:
    """The English report names a PDF cell by page, table, row and column."""
    report = govstat.validate(EXAMPLES / "2018-seed.pdf", lang="en")
    cell = next(v.cell for v in report.values if v.indicator == "trainees")
    assert cell is not None and cell.describe("en") == "page 2, table 1 row 65 column 3"


def test_pdf_table_over_a_page_break_is_one_table() -> None:
    """The PDF's 64 rows run over two pages and are read as one table, pages kept."""
    book = read_book(EXAMPLES / "2018-seed.pdf")
    origins = book.sheets[0].origins.values()
    assert {o.table for o in origins} == {1}
    assert {o.page for o in origins} == {1, 2}


def test_spreadsheet_json_keeps_its_old_shape() -> None:
    """A spreadsheet cell serialises as sheet, address and file only, as before."""
    report = govstat.validate(SEED)
    cell = report.values[1].cell
    assert cell is not None
    assert set(cell.model_dump(mode="json")) == {"sheet", "address", "file"}


# --- sniffing: content decides -----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "name"),
    [
        (SEED, "seed.csv"),
        (EXAMPLES / "2018-seed.xls", "seed.xlsx"),
        (EXAMPLES / "2018-seed.docx", "seed.pdf"),
        (EXAMPLES / "2018-seed.html", "seed.xls"),
        (EXAMPLES / "2018-seed.pdf", "seed.docx"),
        (EXAMPLES / "2018-seed-gbk.csv", "seed.xlsx"),
        (EXAMPLES / "2018-seed.ods", "seed"),
    ],
    ids=[
        "xlsx-as-csv",
        "xls-as-xlsx",
        "docx-as-pdf",
        "html-as-xls",
        "pdf-as-docx",
        "csv-as-xlsx",
        "ods-no-extension",
    ],
)
def test_format_is_told_by_content_not_extension(
    source: Path, name: str, tmp_path: Path, xlsx: Report
) -> None:
    """A file with the wrong extension (or none) is read for what it is."""
    path = tmp_path / name
    shutil.copyfile(source, path)
    assert findings(govstat.validate(path)) == findings(xlsx)


def test_book_kind_names_the_format_read() -> None:
    """read_book records the format it recognised from the content."""
    kinds = {p.suffix: read_book(p).kind for p in RENDITIONS.values() if p.parent == EXAMPLES}
    assert kinds == {
        ".xls": "xls",
        ".ods": "ods",
        ".csv": "csv",
        ".html": "html",
        ".docx": "docx",
        ".pdf": "pdf",
    }


def test_reading_xlsx_imports_no_other_reader_library() -> None:
    """Reading an .xlsx imports none of calamine, python-docx, pypdfium2 (they cost time)."""
    code = (
        "import sys, govstat; govstat.validate(sys.argv[1]); "
        "print(sorted(m for m in ('python_calamine', 'docx', 'pypdfium2', 'pdfplumber') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# --- CSV and text ------------------------------------------------------------------------


def _seed_lines(delimiter: str) -> list[str]:
    def quote(text: str) -> str:
        return f'"{text}"' if delimiter in text else text

    lines = [f"填报单位：{EX.AGENCY}", delimiter.join(["统计指标", "单位", "统计数"])]
    lines += [delimiter.join(quote(c) for c in row) for row in EX.SEED_ROWS]
    return lines


@pytest.mark.parametrize(
    ("encoding", "delimiter", "suffix"),
    [
        ("utf-8", ",", ".csv"),
        ("utf-8-sig", ",", ".csv"),
        ("gbk", ",", ".csv"),
        ("gb18030", ";", ".csv"),
        ("utf-16", "\t", ".txt"),
        ("utf-8", "\t", ".tsv"),
        ("gbk", ",", ".dat"),
    ],
)
def test_csv_in_every_encoding_and_delimiter(
    encoding: str, delimiter: str, suffix: str, tmp_path: Path, xlsx: Report
) -> None:
    """UTF-8 with or without BOM, GBK, GB18030, UTF-16; comma, semicolon or tab: same table."""
    path = tmp_path / f"table{suffix}"
    path.write_text("\r\n".join(_seed_lines(delimiter)), encoding=encoding)
    report = govstat.validate(path)
    assert values(report) == values(xlsx)
    assert report.metadata.agency == EX.AGENCY


def test_markdown_pipe_table(tmp_path: Path, xlsx: Report) -> None:
    """A Markdown report with a pipe table (and its --- row) reads the seed's values."""
    lines = ["# 某局2018年政府信息公开工作年度报告", "", "| 统计指标 | 单位 | 统计数 |"]
    lines += ["| --- | :---: | ---: |"]
    lines += [f"| {label} | {unit} | {value} |" for label, unit, value in EX.SEED_ROWS]
    path = tmp_path / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = govstat.validate(path)
    assert values(report) == values(xlsx)
    assert (report.metadata.agency, report.metadata.year) == ("某局", 2018)


def test_cells_one_per_line_as_copied_from_a_web_page(tmp_path: Path, xlsx: Report) -> None:
    """Cells one per line (blank values simply absent) rebuild the table, nothing shifted."""
    lines = ["政府信息公开情况统计表", "统计指标", "单位", "统计数"]
    for label, unit, value in EX.SEED_ROWS:
        lines += [label, unit] + ([value] if value else [])
    lines += ["", "填报日期：2019.1.2"]
    path = tmp_path / "copied.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = govstat.validate(path)
    assert values(report) == values(xlsx)
    cell = next(v.cell for v in report.values if v.indicator == "proactive_total")
    assert cell is not None and cell.line == lines.index("620") + 1


def test_one_per_line_row_without_unit_keeps_its_value_column(tmp_path: Path) -> None:
    """A row whose unit vanished puts its value in the value column, not the unit column."""
    lines = ["统计指标", "单位", "统计数"]
    for label, unit, value in EX.SEED_ROWS:
        if label == "制发规范性文件总数":
            lines += [label, value]  # the unit 件 lost in the copy
        else:
            lines += [label, unit] + ([value] if value else [])
    path = tmp_path / "copied.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    table = govstat.read_table(path)
    assert table.values["normative_issued"].number == Decimal(3)
    assert table.values["proactive_normative"].number == Decimal(3)


# --- web pages ---------------------------------------------------------------------------


def test_html_spans_and_line_breaks_keep_labels_and_values_in_place(tmp_path: Path) -> None:
    """rowspan/colspan are laid out as a browser does; <br> and &nbsp; inside cells are read."""
    rows = "".join(
        f"<tr><td>{label.replace('（不同', '<br>（不同')}</td><td>{unit}</td>"
        f"<td>{value or '&nbsp;'}</td></tr>"
        for label, unit, value in EX.SEED_ROWS[1:]
    )
    page = (
        "<html><head><meta charset='gbk'><title>x</title><style>td{}</style></head><body>"
        "<p>填报单位：某局</p><table border=1>"
        "<tr><th rowspan='2'>统计指标</th><th colspan='2'>统计</th></tr>"
        "<tr><th>单位</th><th>统计数</th></tr>"
        f"<tr><td>{EX.SEED_ROWS[0][0]}</td><td colspan='2'>——</td></tr>"
        f"{rows}</table><script>var x = '（一）收到申请数 9';</script></body></html>"
    )
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gbk"))
    table = govstat.read_table(path)
    assert table.values["proactive_total"].number == Decimal(620)
    assert table.values["requests_received"].number == Decimal(5)
    assert table.values["proactive_channels"].state == "blank"
    assert table.metadata.agency == "某局"
    cell = table.values["proactive_total"].cell
    assert cell is not None and (cell.row, cell.column) == (4, 3)


def test_html_rowspan_over_a_value_leaves_the_rows_below_blank(tmp_path: Path) -> None:
    """A value cell spanning two rows belongs to the first; the second reads blank, not shifted."""
    book_rows = []
    for index, (label, unit, value) in enumerate(EX.SEED_ROWS):
        if index == 22:  # 1.当面申请数 spans into 2.传真申请数
            book_rows.append(f"<tr><td>{label}</td><td>{unit}</td><td rowspan=2>0</td></tr>")
        elif index == 23:
            book_rows.append(f"<tr><td>{label}</td><td>{unit}</td></tr>")
        else:
            book_rows.append(f"<tr><td>{label}</td><td>{unit}</td><td>{value}</td></tr>")
    path = tmp_path / "page.html"
    path.write_text("<table>" + "".join(book_rows) + "</table>", encoding="utf-8")
    table = govstat.read_table(path)
    assert table.values["requests_in_person"].number == Decimal(0)
    assert table.values["requests_fax"].state == "blank"
    assert table.values["requests_online"].number == Decimal(5)


# --- Word --------------------------------------------------------------------------------


def test_docx_merged_cells_keep_their_text_at_the_top_left(tmp_path: Path) -> None:
    """A Word table with merged cells (across and down) reads like a merged spreadsheet range."""
    import docx

    document = docx.Document()
    document.add_paragraph("某局2018年政府信息公开工作年度报告")
    table = document.add_table(rows=len(EX.SEED_ROWS) + 2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "政府信息公开情况统计表"
    for col, head in enumerate(["统计指标", "单位", "统计数"]):
        table.cell(1, col).text = head
    for row, (label, unit, value) in enumerate(EX.SEED_ROWS, start=2):
        table.cell(row, 0).text = label
        table.cell(row, 1).text = unit
        table.cell(row, 2).text = value
    # 四、行政复议数量 and its three parts, all 0: one value merged down four rows.
    first = 2 + [label for label, _, _ in EX.SEED_ROWS].index("四、行政复议数量")
    merged = table.cell(first, 2).merge(table.cell(first + 3, 2))
    merged.text = "0"
    path = tmp_path / "report.docx"
    document.save(str(path))
    read = govstat.read_table(path)
    assert read.values["reviews"].number == Decimal(0)
    assert [read.values[i].state for i in ("reviews_upheld", "reviews_other")] == ["blank"] * 2
    assert read.values["lawsuits"].number == Decimal(0)
    assert read.metadata == govstat.read_table(path).metadata
    assert (read.metadata.agency, read.metadata.year) == ("某局", 2018)


# --- PDF ---------------------------------------------------------------------------------


def _word(x0: float, x1: float, top: float, text: str) -> dict[str, object]:
    return {"x0": x0, "x1": x1, "top": top, "bottom": top + 10, "text": text}


class _Page:
    page_number = 1
    height = 800.0
    width = 600.0


def test_pdf_row_that_lost_a_cell_keeps_its_values_in_their_columns() -> None:
    """Rebuilt from positions, a row without its unit puts its value under 统计数."""
    from govstat.readers.pdf import _Line, _positional_table

    rows = [
        [
            _word(50, 100, 100, "统计指标"),
            _word(300, 320, 100, "单位"),
            _word(400, 430, 100, "统计数"),
        ],
        [_word(50, 150, 115, "一、甲"), _word(300, 320, 115, "——")],
        [_word(50, 150, 130, "（一）乙"), _word(420, 430, 130, "7")],
        [_word(50, 150, 145, "（二）丙"), _word(300, 310, 145, "件"), _word(420, 430, 145, "5")],
    ]
    lines = [_Line(r[0]["top"], r[0]["bottom"], list(r)) for r in rows]  # type: ignore[arg-type]
    table = _positional_table(lines, _Page())
    assert table is not None
    assert table.rows[1] == ["一、甲", "——", None]
    assert table.rows[2] == ["（一）乙", None, "7"]
    assert table.doubts == {}


def test_pdf_text_between_two_columns_is_a_doubt_not_a_guess() -> None:
    """A number standing between the unit and value columns is not placed: it is a doubt."""
    from govstat.readers.pdf import _Line, _positional_table

    rows = [
        [
            _word(50, 100, 100, "统计指标"),
            _word(300, 320, 100, "单位"),
            _word(400, 430, 100, "统计数"),
        ],
        [_word(50, 150, 115, "（一）甲"), _word(300, 310, 115, "件"), _word(410, 420, 115, "3")],
        [_word(50, 150, 130, "（二）乙"), _word(315, 405, 130, "12")],
    ]
    lines = [_Line(r[0]["top"], r[0]["bottom"], list(r)) for r in rows]  # type: ignore[arg-type]
    table = _positional_table(lines, _Page())
    assert table is not None
    assert table.rows[2] == ["（二）乙", None, None]
    assert list(table.doubts.values()) == ["12"]


def test_pdf_doubt_on_a_table_row_is_a_finding() -> None:
    """A doubted cell on a row of the form is reported as R-04, naming the row and the text."""
    from govstat.prose import doubt_findings
    from govstat.recognise import recognise

    book = read_book(EXAMPLES / "2018-seed.pdf")
    sheet = book.sheets[0]
    row = next(
        r for r, o in sheet.origins.items() if sheet.text(r, 1) == "2.政府网站公开政府信息数"
    )
    del sheet.cells[(row, 3)]
    sheet.doubts[(row, 3)] = "400"
    table = recognise(book)
    (finding,) = doubt_findings(table, book)
    assert finding.rule == "2014-R-04"
    assert "400" in finding.message and "2.政府网站公开政府信息数" in finding.message
    assert finding.cells[0].cell is not None and finding.cells[0].cell.page == 1


def _book(path: Path) -> Book:
    return read_book(path)


def test_pdf_prose_lines_are_joined_into_paragraphs() -> None:
    """The PDF's text outside the table comes out as whole lines of metadata, not fragments."""
    texts = [p.text for p in _book(EXAMPLES / "2018-seed.pdf").prose]
    assert "填报单位：温州市商务局" in texts
    assert "（2018 年度）" in texts


def test_paragraph_indented_with_a_tab_is_prose(tmp_path: Path) -> None:
    """A text report whose paragraphs start with a tab keeps them as prose, checked as such."""
    text = (EXAMPLES / "2018-report.txt").read_text(encoding="utf-8")
    indented = "\n".join(
        "\t" + line if line.startswith("全年未安排") or "专项经费，" in line else line
        for line in text.splitlines()
    )
    path = tmp_path / "indented.txt"
    path.write_text(indented, encoding="utf-8")
    report = govstat.validate(path)
    assert sum(f.rule == "2014-T-01" for f in report.findings) == 3


@pytest.mark.parametrize("name", ["2018-report.docx", "2018-seed.pdf"])
def test_json_of_a_document_equals_the_library_result(name: str) -> None:
    """``validate --format json`` on a document prints exactly what ``govstat.validate`` returns."""
    import json

    from support import invoke

    cli = json.loads(invoke("validate", EXAMPLES / name, "--format", "json").stdout)
    assert cli == json.loads(govstat.validate(EXAMPLES / name).model_dump_json())
    assert any(v["cell"] and "row" in v["cell"] for v in cli["values"])


def test_render_reads_a_report() -> None:
    """``render`` prints the table of a whole report in the official layout."""
    from support import invoke

    result = invoke("render", EXAMPLES / "2018-report.txt")
    assert result.exit_code == 0
    assert "填报单位：东湖市商务局" in result.stdout
    assert "| （三）申请答复数 | 件 | 5 |" in result.stdout


@pytest.mark.parametrize("suffix", ["ods", "html", "docx"])
def test_form_2021_renditions_give_the_findings_of_the_xlsx(suffix: str) -> None:
    """Form 2021's matrix and strip, as LibreOffice exports them, read as from the workbook."""
    workbook = govstat.validate(EXAMPLES / "2023-form2021-errors.xlsx")
    report = govstat.validate(DATA / f"2023-form2021-errors.{suffix}")
    assert report.form == "2021"
    assert values(report) == values(workbook)
    assert findings(report) == findings(workbook)


def test_docx_table_inside_a_content_control_is_read(tmp_path: Path) -> None:
    """A Word template that wraps the table in a content control (w:sdt) still gives it."""
    import copy

    import docx
    from docx.oxml import OxmlElement

    document = docx.Document(str(EXAMPLES / "2018-seed.docx"))
    body = document.element.body
    table = body.find(docx.oxml.ns.qn("w:tbl"))
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    content.append(copy.deepcopy(table))
    sdt.append(content)
    table.addprevious(sdt)
    body.remove(table)
    path = tmp_path / "template.docx"
    document.save(str(path))
    assert govstat.read_table(path).values["funding"].number == Decimal(3)


def test_html_without_html_tag_after_a_long_preamble(tmp_path: Path) -> None:
    """A saved fragment whose <table> comes after 2 KB of text is still read as a web page."""
    rows = "".join(
        f"<tr><td>{label}</td><td>{unit}</td><td>{value}</td></tr>"
        for label, unit, value in EX.SEED_ROWS
    )
    path = tmp_path / "fragment.txt"
    path.write_text("说明文字。" * 500 + f"<table>{rows}</table>", encoding="utf-8")
    assert govstat.read_table(path).values["proactive_total"].number == Decimal(620)


def test_pdf_paragraph_running_over_a_page_break_is_one_paragraph(tmp_path: Path) -> None:
    """A paragraph cut by a page break (and a page number) is joined; a new one is not."""
    from damaged import text_pdf

    wide = "x" * 60
    pages = [
        [
            (72, 100, "Title"),
            (72, 130, wide),
            (72, 145, wide + "."),
            (72, 175, wide),
            (72, 190, wide),
            (290, 760, "- 1 -"),
        ],
        [(72, 60, wide + "."), (100, 90, "A new paragraph."), (290, 760, "- 2 -")],
    ]
    path = tmp_path / "pages.pdf"
    path.write_bytes(text_pdf(pages))
    texts = [p.text for p in read_book(path).prose]
    assert texts == ["Title", wide * 2 + ".", wide * 3 + ".", "A new paragraph."]


def test_csv_cell_holding_a_semicolon_and_a_quote(tmp_path: Path) -> None:
    """A comma-separated file whose cell holds ``;"`` is still split on commas (csv.Sniffer
    took it for a semicolon file and found no table)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["统计指标", "单位", "统计数"])
    rows = [list(r) for r in EX.SEED_ROWS]
    rows[3][2] = ';"'
    writer.writerows(rows)
    path = tmp_path / "table.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    report = govstat.validate(path)
    assert report.form == "2014"
    assert [v.state for v in report.values][3] == "invalid"


def test_form_2021_report_pdf_gives_the_findings_of_the_xlsx_plus_its_prose() -> None:
    """A five-page published form-2021 report (prose, then tables 二、三、四 with merged heads and
    wrapped labels, table 三 over a page break with its heads repeated) reads as its workbook,
    and its prose is checked."""
    workbook = govstat.validate(EXAMPLES / "2023-form2021-errors.xlsx")
    report = govstat.validate(DATA / "2023-form2021-report.pdf")
    assert report.form == "2021"
    assert values(report) == values(workbook)
    assert findings(report) == findings(workbook)
    assert (report.metadata.agency, report.metadata.year) == ("东湖市市场监督管理局", 2023)
    assert [f.message for f in report.findings if f.rule == "2021-T-01"] == [
        "正文「我局发生因政府信息公开引起的行政复议1件」写为 1，但统计表中行政复议（总计）为 0"
    ]
    assert report.notes == ["正文中 6 处数字或表述已与统计表核对，1 处不符"]
    sheet = read_book(DATA / "2023-form2021-report.pdf").sheets[0]
    heads = [row for (row, _), text in sheet.cells.items() if text == "自然人"]
    assert len(heads) == 1  # table 三's three rows of heads, printed again overleaf, read once
    assert {sheet.origins[r].page for r in sheet.origins if sheet.origins[r].table == 2} == {4, 5}


def _ruled_pdf(tmp_path: Path, style: str) -> Path:
    """Two pages of one ruled table: a header row, a row whose last two cells are merged, and
    overleaf the header repeated. Its rules are thin filled rectangles (as Word draws them), or
    each cell is a stroked rectangle, its sides shared with its neighbours'; or the pages are
    stored turned (``/Rotate 90``) and shown landscape."""
    from damaged import text_pdf

    columns = [72.0, 272.0, 372.0, 472.0]
    height = 612 if style == "turned" else 792

    def rules(tops: list[float], merged: set[int]) -> bytes:
        if style == "outlined":
            return outlines(tops, merged)
        ops = b""
        for y in tops:  # horizontal rules, 0.5 pt thick
            ops += b"%.2f %.2f %.2f 0.5 re f\n" % (columns[0], height - y - 0.25, columns[-1] - 72)
        for row, (top, bottom) in enumerate(pairwise(tops)):
            for index, x in enumerate(columns):
                if index == 2 and row in merged:
                    continue  # no rule between the unit and the count: one merged cell
                ops += b"%.2f %.2f 0.5 %.2f re f\n" % (x - 0.25, height - bottom, bottom - top)
        return ops

    def outlines(tops: list[float], merged: set[int]) -> bytes:
        ops = b"0.5 w\n"
        for row, (top, bottom) in enumerate(pairwise(tops)):
            edges = [x for i, x in enumerate(columns) if not (i == 2 and row in merged)]
            for left, right in pairwise(edges):
                ops += b"%.2f %.2f %.2f %.2f re S\n" % (
                    left,
                    height - bottom,
                    right - left,
                    bottom - top,
                )
        return ops

    first = [480.0, 500.0, 520.0, 540.0]
    second = [60.0, 80.0, 100.0]
    pages = [
        [
            *[(76, 495, "Item"), (276, 495, "Unit"), (376, 495, "Count")],
            *[(76, 515, "A"), (276, 515, "pcs"), (376, 515, "5")],
            *[(76, 535, "B"), (276, 535, "--")],
        ],
        [
            *[(76, 75, "Item"), (276, 75, "Unit"), (376, 75, "Count")],
            *[(76, 95, "C"), (276, 95, "pcs"), (376, 95, "7")],
        ],
    ]
    path = tmp_path / "ruled.pdf"
    drawings = [rules(first, {2}), rules(second, set())]
    path.write_bytes(text_pdf(pages, drawings=drawings, turned=style == "turned"))
    return path


@pytest.mark.parametrize("style", ["thin-rectangles", "outlined", "turned"])
def test_pdf_ruled_table_over_a_page_break(tmp_path: Path, style: str) -> None:
    """Rules drawn as thin filled rectangles or cell outlines, on upright or turned pages, make
    cells; a merged cell keeps its text at its left and leaves the covered column blank; the
    table goes on overleaf, its repeated header row read once."""
    sheet = read_book(_ruled_pdf(tmp_path, style)).sheets[0]
    rows = sorted({r for r, _ in sheet.cells})
    assert [[sheet.get(r, c) for c in (1, 2, 3)] for r in rows] == [
        ["Item", "Unit", "Count"],
        ["A", "pcs", "5"],
        ["B", "--", None],
        ["C", "pcs", "7"],
    ]
    assert [sheet.origins[r].page for r in rows] == [1, 1, 1, 2]
    assert {sheet.origins[r].table for r in rows} == {1}


def test_pdf_reading_in_threads_gives_the_same_book() -> None:
    """PDFium is not thread-safe: PDFs read from several threads at once give the same cells."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [EXAMPLES / "2018-seed.pdf", DATA / "2018-report.pdf"] * 3
    alone = [read_book(path).sheets[0].cells for path in paths]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = [book.sheets[0].cells for book in pool.map(read_book, paths)]
    assert together == alone
