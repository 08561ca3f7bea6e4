"""Make the other renditions of the seed's table, and the example reports, with LibreOffice.

    python examples/make_renditions.py        # needs soffice (Debian: libreoffice-calc-nogui
                                              # and libreoffice-writer-nogui)

The files it writes are committed, so tests and CI never need LibreOffice. Each comes from
``2018-seed.xlsx`` through LibreOffice headless, by these commands (run in a scratch folder):

    soffice --headless --convert-to xls 2018-seed.xlsx
    soffice --headless --convert-to ods 2018-seed.xlsx
    soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,85,1' 2018-seed.xlsx
        (field separator 44 ",", text delimiter 34 '"', character set 85 = GBK, from line 1)
    soffice --headless --convert-to html 2018-seed.xlsx
    soffice --headless --convert-to 'docx:MS Word 2007 XML' 2018-seed.html
        (Calc's web page of the table, opened by Writer: a Word table as Word writes it)
    soffice --headless --convert-to doc 2018-seed.docx
        (the Word table as an old Word 97–2003 .doc, as reports of 2014–2018 were published)
    soffice --headless --convert-to pdf 2018-seed-print.xlsx
        (2018-seed.xlsx with cell borders and "fit to one page wide" set by openpyxl, as a
        table is printed; the 64 rows run over a page break)
    soffice --headless --convert-to pdf 2018-seed-unruled.xlsx
        (the same without borders, for the tests: tests/data/2018-seed-unruled.pdf, a table
        that must be rebuilt from the positions of its words)

and, for the tests, 2023-form2021-errors.xlsx as .ods, .html and (from the .html) .docx in
tests/data/, by the same commands.

The example reports are written here (their prose is this project's own, about a fictional
agency, 东湖市商务局, with the seed's figures in its table): ``2018-report.txt`` directly, and
``2018-report.docx`` from the same report as a web page:

    soffice --headless --convert-to 'docx:MS Word 2007 XML' 2018-report.html
    soffice --headless --convert-to pdf 2018-report.docx
        (for the tests: tests/data/2018-report.pdf, a whole report as a PDF of five pages)
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Border, Side

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_examples import SEED_ROWS  # noqa: E402  (beside this file, not a package)

SEED = HERE / "2018-seed.xlsx"
TESTS_DATA = HERE.parent / "tests" / "data"

REPORT_AGENCY = "东湖市商务局"
"""Fictional: the example report's agency (the seed's table, this project's prose)."""

REPORT_TITLE = f"{REPORT_AGENCY}2018年政府信息公开工作年度报告"

REPORT_PROSE: list[tuple[str, list[str]]] = [
    (
        "",
        [
            "本报告依据《中华人民共和国政府信息公开条例》编制，分为概述、主动公开、依申请公开、"
            "复议诉讼、工作保障、问题与改进和统计表七个部分。"
            "本报告所列数据的统计期限为2018年1月1日至2018年12月31日。",
        ],
    ),
    (
        "一、概述",
        [
            "2018年，我局把政府信息公开作为服务企业、转变作风的一项基础工作，"
            "由办公室统筹协调，各业务处室按职责分工负责本领域信息的发布。",
        ],
    ),
    (
        "二、主动公开政府信息情况",
        [
            # A lower bound the table meets (620).
            "全年我局通过门户网站、政务微信等渠道主动公开政府信息600余条，"
            "内容涵盖外贸外资、内贸流通和电子商务等领域的政策文件与工作动态。",
        ],
    ),
    (
        "三、依申请公开政府信息情况",
        [
            # Received and completed match the table (5); 同意公开 3 does not (the table has 5).
            "本年度共收到政府信息公开申请5件，均通过网络提交。"
            "全年办结申请5件，均在法定期限内作出答复，其中同意公开3件，"
            "属于已主动公开范围的2件。",
        ],
    ),
    (
        "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
        [
            # One review where the table has none; no lawsuit, as in the table.
            "2018年，我局发生因政府信息公开引起的行政复议1件，未发生行政诉讼案件。",
        ],
    ),
    (
        "五、工作保障情况",
        [
            # No special funding, where the table has 3 万元.
            "我局设政府信息公开工作专门机构1个，配备兼职工作人员1名。"
            "全年未安排政府信息公开专项经费，相关支出从日常办公经费中列支。",
        ],
    ),
    (
        "六、存在的主要问题和改进措施",
        [
            "公开内容以工作动态为主，政策解读偏少；依申请公开答复文书的格式还不够统一。"
            "下一年度，我局将加强政策解读，规范答复流程，并争取将信息公开工作经费纳入年度预算。",
        ],
    ),
]
"""The report's prose: headings and paragraphs. It states, against its table: 600余条 (holds),
收到申请5件 and 办结申请5件 (hold), 同意公开3件 (the table has 5), 行政复议1件 (the table has
0), no lawsuit (holds), and no special funding (the table has 3 万元)."""

REPORT_FOOTER = [
    "单位负责人：林晓东 审核人：周文 填报人：陈静",
    "联系电话：0000-12345678",
    "填报日期：2019.1.10",
]


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise SystemExit("soffice not found: install libreoffice-calc-nogui and -writer-nogui")
    return found


def convert(source: Path, target: str, out_dir: Path) -> Path:
    """``soffice --headless --convert-to TARGET SOURCE``; returns the file it wrote."""
    subprocess.run(
        [soffice(), "--headless", "--convert-to", target, "--outdir", str(out_dir), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    extension = target.split(":")[0]
    return out_dir / f"{source.stem}.{extension}"


def print_copy(source: Path, target: Path, borders: bool = True) -> None:
    """The seed workbook as it is printed: borders round the table, one page wide."""
    book = load_workbook(source)
    sheet = book.active
    assert sheet is not None
    thin = Side(style="thin")
    for row in sheet.iter_rows(min_row=4, max_row=4 + len(SEED_ROWS), max_col=3):
        for cell in row:
            if borders:
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    book.save(target)


def report_lines() -> list[str]:
    """The example report as text: prose, then the table tab-separated as in a Word copy."""
    lines = [REPORT_TITLE, ""]
    for heading, paragraphs in REPORT_PROSE:
        if heading:
            lines += [heading, ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    lines += [
        "七、政府信息公开情况统计表",
        "",
        "政府信息公开情况统计表",
        "（2018 年度）",
        f"填报单位：{REPORT_AGENCY}",
        "",
        "统计指标\t单位\t统计数",
    ]
    lines += [f"{label}\t{unit}\t{value}" for label, unit, value in SEED_ROWS]
    lines += ["", *REPORT_FOOTER, ""]
    return lines


def report_html() -> str:
    """The example report as a web page: a header row of the form whose unit and value are
    both —— prints them as one merged cell (colspan), as many published tables do."""
    e = html.escape
    body = [f"<h1>{e(REPORT_TITLE)}</h1>"]
    for heading, paragraphs in REPORT_PROSE:
        if heading:
            body.append(f"<h2>{e(heading)}</h2>")
        body += [f"<p>{e(p)}</p>" for p in paragraphs]
    body += [
        "<h2>七、政府信息公开情况统计表</h2>",
        "<p align='center'><b>政府信息公开情况统计表</b></p>",
        "<p align='center'>（2018 年度）</p>",
        f"<p>填报单位：{e(REPORT_AGENCY)}</p>",
        "<table border='1' cellspacing='0' width='100%'>",
        "<col width='76%'><col width='10%'><col width='14%'>",
        "<tr><th>统计指标</th><th>单位</th><th>统计数</th></tr>",
    ]
    for label, unit, value in SEED_ROWS:
        if unit == "——" and value == "":
            body.append(f"<tr><td>{e(label)}</td><td colspan='2'>——</td></tr>")
        else:
            body.append(f"<tr><td>{e(label)}</td><td>{e(unit)}</td><td>{e(value)}</td></tr>")
    body.append("</table>")
    body += [f"<p>{e(line)}</p>" for line in REPORT_FOOTER]
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{e(REPORT_TITLE)}</title></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        seed = tmp / "2018-seed.xlsx"
        shutil.copyfile(SEED, seed)
        shutil.copyfile(convert(seed, "xls", tmp), HERE / "2018-seed.xls")
        shutil.copyfile(convert(seed, "ods", tmp), HERE / "2018-seed.ods")
        csv = convert(seed, "csv:Text - txt - csv (StarCalc):44,34,85,1", tmp)
        shutil.copyfile(csv, HERE / "2018-seed-gbk.csv")
        page = convert(seed, "html", tmp)
        shutil.copyfile(page, HERE / "2018-seed.html")
        word = convert(page, "docx:MS Word 2007 XML", tmp)
        shutil.copyfile(word, HERE / "2018-seed.docx")
        shutil.copyfile(convert(word, "doc", tmp), HERE / "2018-seed.doc")
        printed = tmp / "2018-seed-print.xlsx"
        print_copy(seed, printed)
        shutil.copyfile(convert(printed, "pdf", tmp), HERE / "2018-seed.pdf")
        unruled = tmp / "2018-seed-unruled.xlsx"
        print_copy(seed, unruled, borders=False)
        shutil.copyfile(convert(unruled, "pdf", tmp), TESTS_DATA / "2018-seed-unruled.pdf")

        # Form 2021 (a matrix and a strip under multi-level heads), for the tests.
        errors = tmp / "2023-form2021-errors.xlsx"
        shutil.copyfile(HERE / errors.name, errors)
        for target, suffix in (("ods", "ods"), ("html", "html")):
            shutil.copyfile(convert(errors, target, tmp), TESTS_DATA / f"{errors.stem}.{suffix}")
        errors_page = tmp / f"{errors.stem}.html"
        shutil.copyfile(
            convert(errors_page, "docx:MS Word 2007 XML", tmp), TESTS_DATA / f"{errors.stem}.docx"
        )

        (HERE / "2018-report.txt").write_text("\n".join(report_lines()), encoding="utf-8")
        report = tmp / "2018-report.html"
        report.write_text(report_html(), encoding="utf-8")
        word = convert(report, "docx:MS Word 2007 XML", tmp)
        shutil.copyfile(word, HERE / "2018-report.docx")
        shutil.copyfile(convert(word, "pdf", tmp), TESTS_DATA / "2018-report.pdf")
    print("wrote the renditions of 2018-seed.xlsx and the example reports")


if __name__ == "__main__":
    main()
