"""Web pages as portals publish them: charsets, layout tables, Word's HTML, .mhtml, titles."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import govstat
from govstat.model import Report
from govstat.readers import read_book
from support import EXAMPLES, load_example

EX = load_example("make_examples")
SEED_PAGE = EXAMPLES / "2018-seed.html"
PORTAL = EXAMPLES / "2018-seed-portal.htm"
PORTAL_MHTML = EXAMPLES / "2018-seed-portal.mhtml"
FORM2021_PAGE = Path(__file__).parent / "data" / "2023-form2021-errors.html"


def reading(report: Report) -> tuple[object, ...]:
    """What a report says about its table, leaving out where each cell stands."""
    return (
        report.form,
        [(v.indicator, v.state, v.value) for v in report.values],
        [(f.rule, f.severity, f.message) for f in report.findings],
        report.metadata,
        report.counts,
    )


def seed_rows_html() -> str:
    return "".join(
        f"<tr><td>{label}</td><td>{unit}</td><td>{value or '&nbsp;'}</td></tr>"
        for label, unit, value in EX.SEED_ROWS
    )


@pytest.mark.parametrize("page", [PORTAL, PORTAL_MHTML], ids=["htm-gbk", "mhtml"])
def test_a_saved_portal_page_reads_like_the_plain_utf8_table(page: Path) -> None:
    """The seed's table in a GBK portal page with its chrome (or as .mhtml) gives the same
    values, findings and metadata as the plain UTF-8 page of the same table."""
    assert b"\xcc\xee\xb1\xa8\xb5\xa5\xce\xbb" not in page.read_bytes()  # no 填报单位 in GBK
    portal, plain = govstat.validate(page, hints=False), govstat.validate(SEED_PAGE, hints=False)
    assert reading(portal) == reading(plain)
    assert portal.metadata.agency == "温州市商务局"  # from the page's title and heading
    assert [f.rule for f in portal.findings if f.severity == "error"] == ["2014-3-03"]


def test_layout_tables_are_prose_and_only_the_innermost_tables_are_read() -> None:
    """The navigation, breadcrumbs and footer round the table are prose, never a cell of an
    outer table holding the whole statistics table again."""
    book = read_book(PORTAL)
    sheet = book.sheets[0]
    assert sorted({o.table for o in sheet.origins.values()}) == [1, 2, 3]  # nav + table in two
    assert [v for _, v in sheet.row(1)] == ["首页", "政务公开", "政务服务", "互动交流"]
    assert max(len(str(v)) for v in sheet.cells.values()) < 80  # no cell swallowed a table
    texts = [p.text for p in book.prose]
    assert texts[0].startswith("当前位置：首页 > 政务公开")
    assert "联系我们 | 网站地图" in texts
    assert sum("填报日期：2019.1.2" in t for t in texts) == 1  # read once, not twice


def test_words_split_over_tags_and_one_character_per_paragraph_are_joined() -> None:
    """统/计/指/标 one per <p> is 统计指标; 6 and 20 in two <span>s is 620; &nbsp; is empty."""
    sheet = read_book(PORTAL).sheets[0]
    texts = {str(v) for v in sheet.cells.values()}
    assert "统计指标" in texts
    table = govstat.read_table(PORTAL)
    assert table.values["proactive_total"].number == Decimal(620)
    assert table.values["proactive_channels"].state == "blank"


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        "<meta charset='GBK'>",
        '<meta charset="gb18030" />',
        "",
    ],
    ids=["http-equiv-gb2312", "charset-gbk", "charset-gb18030", "undeclared"],
)
def test_chinese_charsets_declared_in_meta_or_not_at_all(declaration: str, tmp_path: Path) -> None:
    """A GBK page is read right whether its <meta> says GB2312, GBK, GB18030 or nothing,
    including a character GB2312 lacks (镕) under a GB2312 declaration."""
    page = (
        f"<html><head>{declaration}<title>朱镕市商务局2018年政府信息公开工作年度报告</title>"
        f"</head><body><table>{seed_rows_html()}</table></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gbk"))
    table = govstat.read_table(path)
    assert table.values["proactive_total"].number == Decimal(620)
    assert table.metadata.agency == "朱镕市商务局"


def test_a_wrong_charset_declaration_is_not_trusted(tmp_path: Path) -> None:
    """A page declaring UTF-8 but saved in GBK is read by its bytes, as a browser does."""
    page = f"<meta charset='utf-8'><p>填报单位：某局</p><table>{seed_rows_html()}</table>"
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gbk"))
    table = govstat.read_table(path)
    assert table.metadata.agency == "某局"
    assert table.values["requests_received"].number == Decimal(5)


def test_the_agency_comes_from_the_title_after_a_long_navigation(tmp_path: Path) -> None:
    """With no 填报单位, the agency and year are read from <title> even when the page's
    first lines are navigation."""
    nav = "".join(f"<div>栏目{i}</div>" for i in range(12))
    page = (
        "<html><head><title>江北区民政局2018年度政府信息公开工作年度报告-江北区政府网</title>"
        f"</head><body>{nav}<table>{seed_rows_html()}</table></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    metadata = govstat.read_table(path).metadata
    assert (metadata.agency, metadata.year) == ("江北区民政局", 2018)


@pytest.mark.parametrize("split_at", [24, 48, 53], ids=["header-apart", "after-table-3", "in-4"])
def test_a_table_split_over_two_table_elements_reads_as_one(split_at: int, tmp_path: Path) -> None:
    """Form 2021's tables cut into two <table> elements between rows read as the whole page."""
    rows = FORM2021_PAGE.read_text(encoding="utf-8").split("<tr")
    page = (
        "<tr".join(rows[:split_at])
        + "</table><p>（续表）</p><table><tr"
        + "<tr".join(rows[split_at:])
    )
    path = tmp_path / "split.html"
    path.write_text(page, encoding="utf-8")
    assert reading(govstat.validate(path, hints=False)) == reading(
        govstat.validate(FORM2021_PAGE, hints=False)
    )


def test_a_page_saved_with_its_files_folder_reads_without_it(tmp_path: Path) -> None:
    """A page saved as .htm beside its _files folder reads the same with the folder gone."""
    alone = tmp_path / PORTAL.name
    shutil.copyfile(PORTAL, alone)
    assert reading(govstat.validate(alone, hints=False)) == reading(
        govstat.validate(PORTAL, hints=False)
    )


def test_an_mhtml_file_without_a_page_says_so(tmp_path: Path) -> None:
    """A MIME file with no HTML part is one line naming it, not a crash."""
    path = tmp_path / "empty.mhtml"
    path.write_bytes(
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/css\r\n\r\nbody{}\r\n--b--\r\n"
    )
    with pytest.raises(govstat.GovstatError, match="MHTML"):
        govstat.read_table(path)


def test_a_table_left_open_ends_where_the_next_table_starts(tmp_path: Path) -> None:
    """A <table> opened between the rows of an unclosed table ends that table, as a browser
    reads it: the statistics table stays a table, not prose."""
    page = (
        "<title>某局2018年政府信息公开工作年度报告<body>"  # <title> left open too
        f"<table>{seed_rows_html()}<table><tr><td>附表</td><td>1</td></tr></table>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    book = read_book(path)
    assert sorted({o.table for o in book.sheets[0].origins.values()}) == [1, 2]
    table = govstat.read_table(path)
    assert table.values["proactive_total"].number == Decimal(620)
    assert table.metadata.agency == "某局"


def test_cells_of_a_portal_page_are_named_by_the_table_they_stand_in() -> None:
    """After the navigation table, the statistics table is 表2, its rest after the page
    break 表3: each value is named where it stands on the page."""
    report = govstat.validate(PORTAL, hints=False)
    cells = {v.indicator: str(v.cell) for v in report.values}
    assert cells["replies"] == "表2 第31行第3列"
    assert cells["replies_not_this_agency"] == "表3 第3行第3列"


def test_a_split_table_under_its_header_again_reads_its_header_once(tmp_path: Path) -> None:
    """The rest of a table in a second <table> that repeats the header row reads as the
    whole table: the repeated 统计指标 row is no unknown label (R-02), the rows keep their
    numbers in their own table."""
    head = "<tr><th>统计指标</th><th>单位</th><th>统计数</th></tr>"
    rows = [f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in EX.SEED_ROWS]
    split, whole = tmp_path / "split.html", tmp_path / "whole.html"
    agency = "<p>填报单位：温州市商务局</p>"
    split.write_text(
        f"{agency}<table>{head}{''.join(rows[:30])}</table><p>续表</p>"
        f"<table>{head}{''.join(rows[30:])}</table>",
        encoding="utf-8",
    )
    whole.write_text(f"{agency}<table>{head}{''.join(rows)}</table>", encoding="utf-8")
    report = govstat.validate(split, hints=False)
    assert reading(report) == reading(govstat.validate(whole, hints=False))
    cell = next(v.cell for v in report.values if v.indicator == "replies_already_public")
    assert str(cell) == "表2 第2行第3列"
