"""``govstat render --format html|xlsx|docx``: every example of every form in the official
layout (merged heads, every value in its place), in both languages; HTML pinned by goldens.

Expected values come from reading the example itself (``govstat.read_table``), and the merged
heads from the official forms' column heads in forms.md (申请人情况 over seven columns, 行政诉讼
over ten), not from the layout code.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

import govstat
from govstat.forms import get_form
from govstat.report.words import WORDS
from support import invoke

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("GOVSTAT_UPDATE_GOLDEN") == "1"
ALL = sorted(p.name for p in EXAMPLES.glob("*.xlsx"))
CJK = re.compile(r"[\u4e00-\u9fff]")
UNITS = set("条件次篇个人项元万") | {"人次", "万元"}


class Cells(HTMLParser):
    """The cells of an HTML page: (tag, attributes, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, dict[str, str | None], str]] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th"):
            self._open, self._text = (tag, dict(attrs)), ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._open is not None:
            self.cells.append((*self._open, self._text))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text += data


def cells_of(html: str) -> list[tuple[str, dict[str, str | None], str]]:
    parser = Cells()
    parser.feed(html)
    return parser.cells


def render(name: str, fmt: str, lang: str, out: Path | None = None) -> str:
    args: list[object] = ["render", EXAMPLES / name, "--format", fmt, "--lang", lang]
    if out is not None:
        args += ["-o", out]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def expected_texts(name: str) -> dict[str, str]:
    """Indicator → the value as the table prints it, for every printed value cell."""
    table = govstat.read_table(EXAMPLES / name)
    form = get_form(table.form)
    return {
        ind.id: table.values[ind.id].display(ind.kind)
        for ind in form.value_indicators()
        if ind.official and not ind.subtotal
    }


# --- HTML ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", ALL)
def test_html_render_holds_every_value_in_its_cell(name: str, lang: str) -> None:
    """Every value cell of the form stands once in the page, tagged with its indicator and
    printing the value as read; the page loads nothing from outside."""
    html = render(name, "html", lang)
    found = {
        attrs["data-indicator"]: text
        for _, attrs, text in cells_of(html)
        if attrs.get("data-indicator")
    }
    expected = expected_texts(name)
    assert {k: v for k, v in found.items() if k in expected} == expected
    assert not re.search(r"<(script|link|img)\b|https?://", html)


@pytest.mark.parametrize(
    ("name", "head", "span"),
    [
        ("2023-form2021.xlsx", "申请人情况", "7"),
        ("2023-form2021.xlsx", "法人或其他组织", "5"),
        ("2023-form2021.xlsx", "行政诉讼", "10"),
        ("2020-form2019.xlsx", "行政复议", "5"),
    ],
)
def test_html_render_merges_the_official_heads(name: str, head: str, span: str) -> None:
    """The heads of tables 三 and 四 span the columns under them, as the forms print them."""
    (attrs,) = [a for tag, a, text in cells_of(render(name, "html", "zh")) if text == head]
    assert attrs.get("colspan") == span


def test_html_render_of_form_2014_keeps_the_metadata() -> None:
    """The 2014 page has the title, year and agency above the table and the signatures below."""
    html = render("2018-seed.xlsx", "html", "zh")
    table_at = html.index("<table")
    assert "<h1>政府信息公开情况统计表</h1>" in html[:table_at]
    assert "年度：2018" in html[:table_at] and "填报单位：温州市商务局" in html[:table_at]
    for piece in (
        "单位负责人：应希克",
        "审核人：郑耀克",
        "联系电话：88862893",
        "填报日期：2019.1.2",
    ):
        assert piece in html[html.rindex("</table>") :]


GOLDEN_HTML = [
    ("2018-seed.xlsx", "zh", "2018-seed.zh.html"),
    ("2023-form2021.xlsx", "zh", "2023-form2021.zh.html"),
    ("2020-form2019.xlsx", "en", "2020-form2019.en.html"),
]


@pytest.mark.parametrize(("name", "lang", "golden"), GOLDEN_HTML, ids=str)
def test_html_render_matches_golden(
    name: str, lang: str, golden: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HTML render of an example is byte for byte the reviewed golden file."""
    monkeypatch.chdir(EXAMPLES)
    result = invoke("render", name, "--format", "html", "--lang", lang)
    path = GOLDEN / golden
    if UPDATE:
        path.write_text(result.stdout, encoding="utf-8", newline="")
    assert result.stdout == path.read_text(encoding="utf-8")


# --- xlsx ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_xlsx_render_reads_back_as_the_same_table(name: str, tmp_path: Path) -> None:
    """The workbook render, read by govstat, holds the same form, values and metadata."""
    out = tmp_path / "out.xlsx"
    assert render(name, "xlsx", "zh", out) == ""
    source, back = govstat.read_table(EXAMPLES / name), govstat.read_table(out)
    assert back.form == source.form
    for indicator, text in expected_texts(name).items():
        assert back.values[indicator].display(get_form(back.form).indicator(indicator).kind) == (
            text
        )
    assert back.metadata.agency == source.metadata.agency
    assert back.metadata.year == source.metadata.year


def test_xlsx_render_in_english_translates_the_labels(tmp_path: Path) -> None:
    """In English the workbook prints the rows' English names; the values are the same."""
    out = tmp_path / "en.xlsx"
    render("2018-seed.xlsx", "xlsx", "en", out)
    sheet = load_workbook(out).active
    assert sheet is not None
    texts = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert "Replies" in texts and "（三）申请答复数" not in texts
    assert "Rule checks (live)" in texts
    assert sheet["C34"].value == 5


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_binary_render_without_output_exits_2(fmt: str) -> None:
    """xlsx and docx are files: without -o the command says so and exits 2."""
    result = invoke("render", EXAMPLES / "2018-seed.xlsx", "--format", fmt)
    assert result.exit_code == 2
    assert "-o" in result.stderr and result.stdout == ""


# --- docx ----------------------------------------------------------------------------------


def docx_texts(path: Path) -> tuple[list[str], list[list[str]]]:
    document = Document(str(path))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    tables = [[cell.text for row in table.rows for cell in row.cells] for table in document.tables]
    return paragraphs, tables


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", ALL)
def test_docx_render_holds_every_value(name: str, lang: str, tmp_path: Path) -> None:
    """The Word render holds a table per printed table with every value of the example."""
    out = tmp_path / "out.docx"
    assert render(name, "docx", lang, out) == ""
    paragraphs, tables = docx_texts(out)
    form = get_form(govstat.read_table(EXAMPLES / name).form)
    assert len(tables) == (1 if form.id == "2014" else 3)
    cells = [text for table in tables for text in table]
    for text in expected_texts(name).values():
        if text:
            assert text in cells
    assert paragraphs[0] == (form.title if lang == "zh" else paragraphs[0])


def test_docx_render_merges_the_heads_of_table_3(tmp_path: Path) -> None:
    """申请人情况 spans seven columns in the Word table, as printed."""
    out = tmp_path / "t.docx"
    render("2023-form2021.xlsx", "docx", "zh", out)
    table = Document(str(out)).tables[1]
    spans = {cell.text: cell._tc.grid_span for row in table.rows for cell in row.cells if cell.text}
    assert spans["申请人情况"] == 7
    assert spans["法人或其他组织"] == 5


def test_docx_render_of_form_2021_is_landscape(tmp_path: Path) -> None:
    """Table 四's fifteen columns need a landscape page."""
    out = tmp_path / "t.docx"
    render("2023-form2021.xlsx", "docx", "zh", out)
    section = Document(str(out)).sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert section.page_width > section.page_height


# --- English -------------------------------------------------------------------------------


def data_texts(name: str) -> set[str]:
    """Texts that stay as written in any language: the agency, sheet names, units."""
    table = govstat.read_table(EXAMPLES / name)
    meta = table.metadata
    return {t for t in (meta.agency, table.sheet, meta.head, meta.reviewer, meta.preparer) if t}


@pytest.mark.parametrize("name", ALL)
def test_english_html_render_has_no_chinese_but_data(name: str) -> None:
    """In English every heading and label of the page is English; only the agency, names
    and units stay as written."""
    html = render(name, "html", "en")
    text = re.sub(r"<[^>]+>", " ", html)
    for data in data_texts(name):
        text = text.replace(data, " ")
    leftovers = {w for w in re.findall(r"[\u4e00-\u9fff]+", text) if w not in UNITS}
    assert not leftovers


@pytest.mark.parametrize("fmt", ["md", "html", "junit", "sarif"])
def test_english_reports_use_english_words(fmt: str) -> None:
    """The report headings and captions of each format are the English words."""
    result = invoke("validate", EXAMPLES / "2018-seed.xlsx", "--format", fmt, "--lang", "en")
    text = result.stdout
    assert "申请答复数为" not in text and "replies is 5" in text.lower()
    if fmt in ("md", "html"):
        for key in ("report", "file", "form", "agency"):
            assert WORDS[key].en in text
            assert WORDS[key].zh not in text.replace("填报单位：", "")
