"""Write a published form-2021 report as a PDF: prose pages, then the tables in the official
layout, as an agency prints its Word report (LibreOffice headless).

    python examples/make_report_pdf.py

writes ``tests/data/2023-form2021-report.pdf``: the fictional 东湖市市场监督管理局's 2023
report, its prose (this project's own words) over about three pages, then tables 二、三、四
of 2023-form2021-errors.xlsx as ``govstat render --format docx`` draws them (merged heads,
labels wrapped in their cells, table 三 continued over a page break with its three rows of
heads printed again). Rows are kept whole across page breaks (``cantSplit``), as report
templates usually set. The tests read it as a
whole report and ``benchmarks/pdf.py`` times it.

The prose states, against the table: 收到申请49件, 上年结转4件, 予以公开27件, 结转下年度继续
办理4件 and 行政诉讼2件 (all hold), and 行政复议1件 (the table has 0).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_renditions import TESTS_DATA, convert  # noqa: E402  (beside this file)

AGENCY = "东湖市市场监督管理局"
TITLE = f"{AGENCY}2023年政府信息公开工作年度报告"

PROSE: list[tuple[str, list[str]]] = [
    (
        "",
        [
            "本报告依据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室"
            "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》编制。全文包括总体情况、"
            "主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼"
            "情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。本报告所列数据的统计期限"
            "为2023年1月1日至2023年12月31日。本报告电子版可在本局门户网站下载。",
        ],
    ),
    (
        "一、总体情况",
        [
            "2023年，我局坚持以公开为常态、不公开为例外，围绕市场监管中心工作，"
            "不断完善政府信息公开制度，拓展公开渠道，提升公开质量，"
            "较好地保障了人民群众的知情权、参与权、表达权和监督权。",
            "（一）主动公开。我局通过门户网站、政务新媒体和政务服务大厅等渠道，"
            "及时公开机构职能、政策文件、行政许可、行政处罚、抽查检查结果等信息。"
            "全年在门户网站发布各类信息一千余条，其中政策文件和解读材料百余篇，"
            "行政处罚决定信息在作出决定之日起七个工作日内全部公开。"
            "对涉及企业和群众切身利益的政策文件，做到文件与解读同步起草、同步审签、同步发布。",
            "（二）依申请公开。我局严格执行依申请公开工作规程，规范受理、登记、审核、答复、"
            "归档等环节，统一答复文书格式。本年度共收到政府信息公开申请49件，上年结转4件。"
            "已办理的申请中，予以公开27件，其余分别按部分公开、不予公开、无法提供、不予处理"
            "和其他处理作出答复，结转下年度继续办理4件。全部申请均在法定期限内答复。",
            "（三）政府信息管理。我局建立政府信息公开属性源头认定机制，"
            "公文在拟制时即确定公开属性，未确定公开属性的不予印发。"
            "开展规范性文件清理，对不再适用的文件及时宣布失效或废止并向社会公布。"
            "建立健全信息发布审查机制，坚持先审查、后公开，一事一审、全面审查。",
            "（四）平台建设。我局持续优化门户网站政府信息公开专栏，"
            "完善栏目设置和检索功能，推进政务新媒体规范运行，"
            "全年未发生因信息发布不当引发的舆情事件。"
            "依托12315热线和政务服务大厅设置政府信息查阅点，方便群众就近查阅。",
            "（五）监督保障。我局将政府信息公开工作纳入年度绩效考核，"
            "由办公室负责日常监督检查，每季度通报各科室信息发布情况。"
            "全年组织政府信息公开业务培训两次，覆盖全体信息员。"
            "对群众反映的公开不及时、不规范问题，做到件件有回应、事事有着落。",
        ],
    ),
    (
        "二、主动公开政府信息情况",
        [
            "本年度主动公开的规章、行政规范性文件，以及行政许可、行政处罚、行政强制"
            "和行政事业性收费等信息的数量，见本报告统计表第二部分。",
            "在重点领域信息公开方面，我局按季度公开食品安全监督抽检结果，"
            "对抽检不合格产品的生产经营者、产品名称、不合格项目和处置情况逐一列明；"
            "公开特种设备安全监察、计量和标准化工作动态，公布年度“双随机、一公开”"
            "抽查计划及抽查结果；公开消费投诉举报处理情况和典型案例，"
            "引导经营者诚信经营、消费者理性维权。",
            "在政策解读方面，我局围绕优化营商环境、个体工商户发展和质量强市建设等主题，"
            "采取图文解读、问答解读和负责人解读等方式，对重要政策文件进行解读，"
            "并在文件发布后及时回应企业和群众关切，对咨询较多的问题汇总形成问答，"
            "在门户网站解读回应栏目集中发布。",
            "在公众参与方面，我局在制定涉及市场主体切身利益的规范性文件时，"
            "通过门户网站公开征求意见，并召开企业座谈会听取意见建议，"
            "意见采纳情况在文件公布时一并说明。全年组织开展“政府开放日”活动两次，"
            "邀请人大代表、政协委员和企业代表走进检验检测实验室和执法一线。",
        ],
    ),
    (
        "三、收到和处理政府信息公开申请情况",
        [
            "本年度收到和处理政府信息公开申请的详细情况，按申请人类型分列，"
            "见本报告统计表第三部分。申请主要涉及食品生产经营许可、企业登记档案、"
            "行政处罚案卷和产品质量抽检结果等内容。",
            "在办理过程中，我局对申请内容不明确的，一次性告知申请人作出补正，"
            "说明需要补正的事项和合理的补正期限；对涉及第三方合法权益的，"
            "书面征求第三方意见，依法作出是否公开的决定；对申请公开的信息不属于本机关"
            "负责公开的，告知申请人并说明理由，能够确定负责公开机关的，告知其名称和联系方式。",
            "我局注重依申请公开与主动公开的衔接，对申请较为集中、具有普遍性的信息，"
            "经审查可以公开的，及时转为主动公开，从源头上减少重复申请。",
        ],
    ),
    (
        "四、政府信息公开行政复议、行政诉讼情况",
        [
            "2023年，我局发生因政府信息公开引起的行政复议1件，"
            "发生因政府信息公开引起的行政诉讼2件，均为未经复议直接起诉的案件。"
            "详细情况见本报告统计表第四部分。",
        ],
    ),
    (
        "五、存在的主要问题及改进情况",
        [
            "本年度我局政府信息公开工作取得了一定成效，但仍存在一些不足："
            "一是政策解读形式比较单一，图表、视频等解读方式运用不多；"
            "二是部分科室对公开属性的认定把握不够准确，个别信息发布不够及时；"
            "三是依申请公开答复的说理还不够充分。",
            "下一步，我局将从以下方面加以改进：一是丰富政策解读形式，"
            "提高解读的针对性和可读性；二是加强业务培训，提升信息员的业务能力；"
            "三是规范依申请公开答复文书，做到依据充分、说理清楚。",
        ],
    ),
    (
        "六、其他需要报告的事项",
        [
            "本年度我局未收取政府信息公开信息处理费。"
            "我局政务公开工作年度工作要点落实情况、人大代表建议和政协委员提案办理结果公开情况，"
            "已在门户网站政务公开专栏另行公布。",
        ],
    ),
]


def report_docx(target: Path) -> None:
    """The Word report: title and prose, then the tables as govstat's Word render draws them."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    import govstat
    from govstat.report.docx import build_docx

    filled = govstat.read_table(HERE / "2023-form2021-errors.xlsx")
    document = build_docx(filled)
    body = document.element.body
    first = body[0]
    scratch = docx.Document()  # paragraphs are made here and moved in front of the tables

    def add(text: str, *, size: float, bold: bool = False, centre: bool = False) -> None:
        paragraph = scratch.add_paragraph()
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.paragraph_format.first_line_indent = Pt(2 * size)
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Serif CJK SC")
        first.addprevious(paragraph._p)

    add(TITLE, size=16, bold=True, centre=True)
    for heading, paragraphs in PROSE:
        if heading:
            add(heading, size=12, bold=True)
        for text in paragraphs:
            add(text, size=12)
    tables_start = scratch.add_paragraph()
    tables_start.add_run().add_break(WD_BREAK.PAGE)  # the tables start on a page of their own
    first.addprevious(tables_start._p)
    for row in body.iter(qn("w:tr")):
        properties = row.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
    # Table 三's three rows of heads are printed again on the next page (Word's "repeat header
    # rows"), as long tables in published reports usually are.
    matrix = next(t for t in document.tables if "申请人情况" in t.rows[0].cells[-1].text)
    for row in matrix._tbl.findall(qn("w:tr"))[:3]:
        row.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    document.save(str(target))


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        word = tmp / "2023-form2021-report.docx"
        report_docx(word)
        shutil.copyfile(convert(word, "pdf", tmp), TESTS_DATA / "2023-form2021-report.pdf")
    print("wrote tests/data/2023-form2021-report.pdf")


if __name__ == "__main__":
    main()
