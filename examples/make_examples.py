"""Rebuild the example workbooks of this folder: ``python examples/make_examples.py``.

The figures are those of the statistics table of a real 2018 report (form 2014), printed
with its real errors. The LibreOffice copy in tests/data/ is made only where ``soffice``
is installed (Debian: libreoffice-calc).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent

# (label as printed, unit, value as printed): the 64 rows of the 2018 table.
SEED_ROWS: list[tuple[str, str, str]] = [
    ("一、主动公开情况", "——", ""),
    ("（一）主动公开政府信息数 （不同渠道和方式公开相同信息计 1 条）", "条", "620"),
    ("其中：主动公开规范性文件数", "条", "3"),
    ("制发规范性文件总数", "件", "3"),
    ("（二）通过不同渠道和方式公开政府信息的情况", "——", ""),
    ("1.政府公报公开政府信息数", "条", "0"),
    ("2.政府网站公开政府信息数", "条", "400"),
    ("3.政务微博公开政府信息数", "条", "0"),
    ("4.政务微信公开政府信息数", "条", "120"),
    ("5.其他方式公开政府信息数", "条", "100"),
    ("二、回应解读情况", "——", "0"),
    ("（一）回应公众关注热点或重大舆情数 （不同方式回应同一热点或舆情计1次）", "次", "0"),
    ("（二）通过不同渠道和方式回应解读的情况", "——", "0"),
    ("1.参加或举办新闻发布会总次数", "次", "0"),
    ("其中：主要负责同志参加新闻发布会次数", "次", "0"),
    ("2.政府网站在线访谈次数", "次", "0"),
    ("其中：主要负责同志参加政府网站在线访谈次数", "次", "0"),
    ("3.政策解读稿件发布数", "篇", "0"),
    ("4.微博微信回应事件数", "次", "0"),
    ("5.其他方式回应事件数", "次", "0"),
    ("三、依申请公开情况", "——", "0"),
    ("（一）收到申请数", "件", "5"),
    ("1.当面申请数", "件", "0"),
    ("2.传真申请数", "件", "0"),
    ("3.网络申请数", "件", "5"),
    ("4.信函申请数", "件", "0"),
    ("（二）申请办结数", "件", "5"),
    ("1.按时办结数", "件", "5"),
    ("2.延期办结数", "件", "0"),
    ("（三）申请答复数", "件", "5"),
    ("1.属于已主动公开范围数", "件", "2"),
    ("2.同意公开答复数", "件", "5"),
    ("3.同意部分公开答复数", "件", "0"),
    ("4.不同意公开答复数", "件", "0"),
    ("其中：涉及国家秘密", "件", "0"),
    ("涉及商业秘密", "件", "0"),
    ("涉及个人隐私", "件", "0"),
    ("危及国家安全、公共安全、经济安全和社会稳定", "件", "0"),
    ("不是《条例》所指政府信息", "件", "0"),
    ("法律法规规定的其他情形", "件", "0"),
    ("5.不属于本行政机关公开数", "件", "0"),
    ("6.申请信息不存在数", "件", "0"),
    ("7.告知作出更改补充数", "件", "0"),
    ("8.告知通过其他途径办理数", "件", "0"),
    ("四、行政复议数量", "件", "0"),
    ("（一）维持具体行政行为数", "件", "0"),
    ("（二）被依法纠错数", "件", "0"),
    ("（三）其他情形数", "件", "0"),
    ("五、行政诉讼数量", "件", "0"),
    ("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "0"),
    ("（二）被依法纠错数", "件", "0"),
    ("（三）其他情形数", "件", "0"),
    ("六、举报投诉数量", "件", "0"),
    ("七、机构建设和保障经费情况", "——", ""),
    ("（一）政府信息公开工作专门机构数", "个", "1"),
    ("（二）设置政府信息公开查阅点数", "个", "0"),
    ("（三）从事政府信息公开工作人员数", "人", "1"),
    ("1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", "0"),
    ("2.兼职人员数", "人", "1"),
    (
        "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
        "万元",
        "3",
    ),
    ("八、政府信息公开会议和培训情况", "——", ""),
    ("（一）召开政府信息公开工作会议或专题会议数", "次", "1"),
    ("（二）举办各类培训班数", "次", "0"),
    ("（三）接受培训人员数", "人次", "40"),
]
AGENCY = "温州市商务局"
FOOTER = [
    "单位负责人：应希克 审核人：郑耀克 填报人：韩磊",
    "联系电话：88862893",
    "填报日期：2019.1.2",
]

# The corrected copy: the reply types sum to the 5 replies, header rows carry no number,
# and the 40 trainees come from one training course.
CORRECTIONS = {
    "2.同意公开答复数": "3",
    "二、回应解读情况": "",
    "（二）通过不同渠道和方式回应解读的情况": "",
    "三、依申请公开情况": "",
    "（二）举办各类培训班数": "1",
}


def _number(text: str) -> int | str | None:
    """Store figures as numbers, as a clerk typing into Excel would."""
    if text == "":
        return None
    return int(text) if text.isdigit() else text


def write_as_printed(sheet: Worksheet, rows: list[tuple[str, str, str]]) -> None:
    """The official layout: title, year, agency, header, 64 rows, footer."""
    sheet.append(["政府信息公开情况统计表"])
    sheet.append(["（2018 年度）"])
    sheet.append([f"填报单位：{AGENCY}"])
    sheet.append(["统计指标", "单位", "统计数"])
    for label, unit, value in rows:
        sheet.append([label, unit, _number(value)])
    sheet.append([])
    for line in FOOTER:
        sheet.append([line])
    for row in (1, 2, 3):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.column_dimensions["A"].width = 70
    sheet.column_dimensions["B"].width = 8
    sheet.column_dimensions["C"].width = 10


def seed_workbook(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "统计表"
    write_as_printed(sheet, SEED_ROWS)
    book.save(path)


def corrected_workbook(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "统计表"
    rows = [(label, unit, CORRECTIONS.get(label, value)) for label, unit, value in SEED_ROWS]
    write_as_printed(sheet, rows)
    book.save(path)


def _messy_value(index: int, value: str, unit: str) -> object:
    """Numbers typed the many ways real tables type them."""
    if value in ("", "0"):
        return value or None
    styles = [
        lambda v: f" {v}",  # a leading space
        lambda v: v.translate(str.maketrans("0123456789", "０１２３４５６７８９")),  # full width
        lambda v: f"{v}{unit}",  # with its unit: 5件
        lambda v: f"{int(v):,}",  # thousands separator
        lambda v: int(v),  # a real number
    ]
    return styles[index % len(styles)](value)


def messy_workbook(path: Path) -> None:
    """The same table as a clerk's workbook: an instructions sheet first, then a table with
    title rows, merged cells, a 序号 column, value before unit, numbers typed as text."""
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "填表说明"
    notes.append(["填表说明"])
    notes.append(["1. 本表数据统计期限为 2018 年 1 月 1 日至 12 月 31 日。"])
    notes.append(["2. 标有“——”的行不填数字。"])
    sheet = book.create_sheet("2018年统计表")
    sheet.append(["附件"])
    sheet.append(["政府信息公开情况统计表"])
    sheet.append(["（2018年度）"])
    sheet.append(["填报单位：", AGENCY, None, "填报日期：", "2019.1.2"])
    sheet.append(["序号", "统计指标", None, "统计数", "单位"])
    for index, (label, unit, value) in enumerate(SEED_ROWS, start=1):
        # Labels as people retype them: stray spaces, a line break, 1、 for 1.
        shown = label.replace("1.", "1、") if index % 7 == 0 else label
        if index % 5 == 0:
            shown = shown[:3] + " " + shown[3:]
        if index % 11 == 0:
            shown = shown[:4] + "\n" + shown[4:]
        sheet.append([index, shown, None, _messy_value(index, value, unit), unit])
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=3
        )
    sheet.append([])
    sheet.append(["单位负责人：", "应希克", "审核人：", "郑耀克", "填报人：韩磊"])
    sheet.append(["联系电话：", "88862893"])
    for row in (1, 2, 3):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    sheet.merge_cells("B5:C5")
    book.save(path)


def libreoffice_copy(out_dir: Path) -> Path | None:
    """The seed table with SUM formulas, opened and saved by LibreOffice so that the
    formulas carry cached values, shared strings and styles as LibreOffice writes them."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "seed-libreoffice.xlsx"
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "统计表"
        write_as_printed(sheet, SEED_ROWS)
        # 收到申请数 (row 26) and 申请办结数 (row 31) as formulas over their parts.
        sheet["C26"] = "=SUM(C27:C30)"
        sheet["C31"] = "=SUM(C32:C33)"
        book.save(source)
        converted = Path(tmp) / "out"
        subprocess.run(
            [
                soffice,
                "--headless",
                "--calc",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(converted),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        target = out_dir / "seed-libreoffice.xlsx"
        shutil.copyfile(converted / source.name, target)
    return target


def main() -> None:
    import current_forms  # beside this file: the examples of forms 2019 and 2021
    import region_examples  # the example region (compile) and register (compile --register)

    current_forms.make(HERE)
    region_examples.make(HERE)
    seed_workbook(HERE / "2018-seed.xlsx")
    corrected_workbook(HERE / "2018-corrected.xlsx")
    messy_workbook(HERE / "2018-messy.xlsx")
    made = libreoffice_copy(HERE.parent / "tests" / "data")
    print(
        "wrote the examples"
        + (f" and {made}" if made else " (no soffice: LibreOffice copy skipped)")
    )


if __name__ == "__main__":
    main()
