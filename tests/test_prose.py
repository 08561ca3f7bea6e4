"""The prose of a whole report against its own table (rule <form>-T-01), and the report's
metadata from its text.

The acceptance case is the real 2018 report in ../shared/seed/ (skipped where that folder is
absent): its table gives the xlsx example's findings, and its prose one warning, 「在没有专项经费
的情况下」 against 专项经费 3 万元, and nothing on 620余条, 5件 or the absent reviews and lawsuits.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import govstat
from govstat.model import FilledTable, Report
from govstat.prose import TOPICS, check_prose, document_metadata, statements
from govstat.readers.grid import Paragraph
from support import EXAMPLES, invoke

ROOT = Path(__file__).resolve().parents[1]
SHARED_SEED = ROOT.parent / "shared" / "seed" / "000_8d900a062941073b.txt"
SEED_XLSX = EXAMPLES / "2018-seed.xlsx"
FORM2021 = EXAMPLES / "2023-form2021.xlsx"
DATA = ROOT / "tests" / "data"


def table_findings(report: Report) -> list[tuple[str, str, list[str]]]:
    return [
        (f.rule, f.message, [c.value for c in f.cells])
        for f in report.findings
        if "-T-" not in f.rule
    ]


def prose_findings(report: Report) -> list[str]:
    return [f.message for f in report.findings if f.rule.endswith("-T-01")]


@pytest.fixture(scope="module")
def seed_table() -> FilledTable:
    return govstat.read_table(SEED_XLSX)


def prose(*texts: str) -> list[Paragraph]:
    return [Paragraph(text, line=n) for n, text in enumerate(texts, start=1)]


def check(table: FilledTable, *texts: str) -> list[str]:
    return [f.message for f in check_prose(table, prose(*texts), "zh")]


# --- the acceptance case -----------------------------------------------------------------


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="../shared/seed is not beside this clone")
def test_seed_document_reads_its_table_and_checks_its_prose() -> None:
    """The real report: the xlsx's findings, plus exactly one prose warning, on 专项经费."""
    report = govstat.validate(SHARED_SEED)
    assert table_findings(report) == table_findings(govstat.validate(SEED_XLSX))
    (finding,) = [f for f in report.findings if f.rule == "2014-T-01"]
    assert finding.severity.value == "warning"
    assert "「在没有专项经费的情况下」" in finding.message
    assert "3 万元" in finding.message
    assert [c.indicator for c in finding.cells] == ["", "funding"]
    text, cell = finding.cells
    assert text.cell is not None and text.cell.line is not None
    assert cell.cell is not None and cell.cell.line is not None and cell.value == "3"


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="../shared/seed is not beside this clone")
def test_seed_document_statements_that_hold_are_checked_not_reported() -> None:
    """620余条, 5件 and the absent reviews and lawsuits are found in the prose, and hold."""
    book = govstat.readers.read_book(SHARED_SEED)
    found = {(s.topic.key, s.number, s.lower_bound) for s in statements("2014", book.prose)}
    assert ("proactive", Decimal(620), True) in found
    assert ("received", Decimal(5), False) in found
    assert ("reviews", None, False) in found and ("lawsuits", None, False) in found
    assert ("funding", None, False) in found


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="../shared/seed is not beside this clone")
def test_seed_document_metadata_and_exit_status() -> None:
    """The CLI reads the agency and year of the report and exits 1 (the table has an error)."""
    result = invoke("validate", SHARED_SEED)
    assert result.exit_code == 1
    assert "填报单位：温州市商务局  年度：2018" in result.stdout
    assert "2014-T-01" in result.stdout and "在没有专项经费的情况下" in result.stdout


@pytest.mark.parametrize(
    "path",
    [EXAMPLES / "2018-report.txt", EXAMPLES / "2018-report.docx", DATA / "2018-report.pdf"],
    ids=["txt", "docx", "pdf"],
)
def test_example_report_prose_findings(path: Path) -> None:
    """The example report's prose: three statements disagree with the table, four hold."""
    report = govstat.validate(path)
    assert prose_findings(report) == [
        "正文「其中同意公开3件」写为 3，但统计表中同意公开答复数为 5",
        "正文「我局发生因政府信息公开引起的行政复议1件」写为 1，但统计表中行政复议数量为 0",
        "正文「全年未安排政府信息公开专项经费」称没有专项经费，"
        "但统计表中政府信息公开专项经费为 3 万元",
    ]
    assert report.notes == ["正文中 7 处数字或表述已与统计表核对，3 处不符"]


def test_prose_finding_in_english() -> None:
    """The English message quotes the clause and names the cell in English."""
    report = govstat.validate(EXAMPLES / "2018-report.txt", lang="en")
    messages = [f.message for f in report.findings if f.rule == "2014-T-01"]
    assert messages[0] == ("the text “其中同意公开3件” gives 3, but the table has disclosed = 5")


def test_t01_is_listed_by_govstat_rules() -> None:
    """govstat rules lists the prose check and the PDF doubt under every form."""
    out = invoke("rules").stdout
    for form in ("2014", "2019", "2021"):
        assert f"{form}-T-01  警告" in out and f"{form}-R-04  警告" in out


# --- what counts as a figure -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年主动公开政府信息620条。", []),
        ("全年主动公开政府信息600余条。", []),
        ("全年主动公开政府信息 ６２０ 多条。", []),
        (
            "全年主动公开政府信息700余条。",
            ["正文「全年主动公开政府信息700余条」写为至少 700，但统计表中主动公开政府信息数为 620"],
        ),
        (
            "全年主动公开政府信息621条。",
            ["正文「全年主动公开政府信息621条」写为 621，但统计表中主动公开政府信息数为 620"],
        ),
        ("全年主动公开政府信息约700条。", []),
        (
            "主动公开政府信息逾700条。",
            ["正文「主动公开政府信息逾700条」写为至少 700，但统计表中主动公开政府信息数为 620"],
        ),
        ("通过政府网站主动公开信息400条。", []),
        ("其中主动公开规范性文件3件。", []),
        ("全年共收到政府信息公开申请五件。", []),
        (
            "全年共收到政府信息公开申请六件。",
            ["正文「全年共收到政府信息公开申请六件」写为 6，但统计表中收到申请数为 5"],
        ),
        ("收到申请5件，比上年增加2件。", []),
        ("全年办结申请5件。", []),
        ("按时办结4件。", []),
        ("全年办结申请4件。", ["正文「全年办结申请4件」写为 4，但统计表中申请办结数为 5"]),
        ("同意部分公开2件。", []),
        ("予以公开5件。", []),
        (
            "没有收到政府信息公开申请。",
            ["正文「没有收到政府信息公开申请」称没有申请，但统计表中收到申请数为 5"],
        ),
    ],
)
def test_figures_in_prose(seed_table: FilledTable, text: str, expected: list[str]) -> None:
    """Figures are checked exactly, 余/多/逾 as lower bounds; vague and partial ones are not."""
    assert check(seed_table, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "本年度未发生因政府信息公开引起的行政复议、行政诉讼。",
        "无因政府信息公开申请提起的行政复议和行政诉讼案件。",
        "无论是否发生行政复议，我局都将认真应对。",
        "无正当理由大量反复申请的情形没有出现。",
        "未发生行政复议被纠错的情况。",
        "行政复议和行政诉讼共0件。",
    ],
)
def test_absences_that_hold_or_do_not_apply(seed_table: FilledTable, text: str) -> None:
    """No review, no lawsuit: nothing to report; 无论, 无正当理由, 被纠错 are not absences."""
    assert check(seed_table, text) == []


def test_absence_against_a_non_zero_cell(seed_table: FilledTable) -> None:
    """「没有专项经费」 against 3 万元 is reported once, naming the funding cell."""
    (finding,) = check_prose(seed_table, prose("今年在没有专项经费的情况下完成了任务。"), "zh")
    assert finding.rule == "2014-T-01"
    assert finding.cells[1].indicator == "funding"
    assert finding.computed == Decimal(3) and finding.reported is None


def test_blank_cell_is_not_compared(seed_table: FilledTable) -> None:
    """A statement about a blank cell is left to the table's own rules (0-03), not T-01."""
    blank = seed_table.values["requests_received"].model_copy(
        update={"state": "blank", "number": None}
    )
    table = seed_table.model_copy(
        update={"values": {**seed_table.values, "requests_received": blank}}
    )
    assert check(table, "全年共收到政府信息公开申请9件。") == []


def test_form_2021_topics_against_tables_three_and_four() -> None:
    """On form 2021, received, carried over, reviews and lawsuits are read from tables 三/四."""
    table = govstat.read_table(FORM2021)
    new = table.values["t3.new.total"].number
    carried = table.values["t3.carried.total"].number
    assert new is not None and carried is not None
    good = f"本年新收政府信息公开申请{new}件，上年结转{carried}件。"
    assert check(table, good) == []
    bad = check(table, f"本年新收政府信息公开申请{new + 1}件。")
    assert len(bad) == 1 and "本年新收政府信息公开申请数量" in bad[0]
    lawsuits = sum(table.values[c].number or 0 for c in ("t4.direct_total", "t4.after_total"))
    messages = check(table, "全年未发生行政诉讼案件。")
    assert (messages == []) == (lawsuits == 0)


def test_topics_name_cells_of_their_form() -> None:
    """Every topic's cells exist in the form it is declared for."""
    for form_id, topics in TOPICS.items():
        form = govstat.get_form(form_id)
        for topic in topics:
            assert all(form.has_indicator(c) for c in topic.cells), (form_id, topic.key)


# --- metadata from the text --------------------------------------------------------------


def test_title_over_two_lines_and_the_period_sentence() -> None:
    """Agency on the line above 2018 年度…年度报告; year from 统计期限 when no title has it."""
    meta = document_metadata(prose("某某县统计局", "2018 年度政府信息公开年度报告", "正文。"))
    assert (meta.agency, meta.year) == ("某某县统计局", 2018)
    meta = document_metadata(
        prose("年度报告", "本报告统计期限自2019年1月1日起至2019年12月31日止。")
    )
    assert meta.year == 2019


def test_metadata_lines_win_over_the_title() -> None:
    """填报单位 beside the table is the agency; prose that mentions 负责人 is not a signature."""
    meta = document_metadata(
        prose(
            "甲市乙局2018年政府信息公开工作年度报告",
            "由分管负责人：牵头，各处室配合，全年工作稳步推进，取得了较好的成效，得到了社会公众的广泛认可和好评。"
            * 2,
            "填报单位：甲市乙局办公室",
        )
    )
    assert meta.agency == "甲市乙局办公室"
    assert meta.head is None


def test_metadata_with_kangxi_radicals_from_a_pdf() -> None:
    """PDF text with Kangxi-radical glyphs (⼀ for 一) still gives the agency and the year."""
    meta = document_metadata(prose("填报单位：某县⼈民政府办公室", "（２０１８ 年度）"))
    assert (meta.agency, meta.year) == ("某县人民政府办公室", 2018)
