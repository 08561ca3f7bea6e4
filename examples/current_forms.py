"""Example workbooks of forms 2021 and 2019, for a fictional agency (东湖市市场监督管理局).

The three tables stand on one sheet as a published report prints them: the report title,
section headings, table 二 as blocks 第二十条第（x）项, table 三 with its row labels over three
merged columns and its applicant heads over three rows (the 勾稽 note in the corner), and
table 四 as one row of 15 numbers under a three-level head. Run ``make_examples.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

AGENCY = "东湖市市场监督管理局"
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]

# Table 三, by row: (label or (group, label), six applicant columns); 总计 is added up.
T3_2021: list[tuple[str, str, str, list[int | None]]] = [
    ("一、本年新收政府信息公开申请数量", "", "", [40, 5, 1, 0, 2, 1]),
    ("二、上年结转政府信息公开申请数量", "", "", [3, 1, 0, 0, 0, 0]),
    ("三、本年度办理结果", "（一）予以公开", "", [20, 3, 1, 0, 1, 1]),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", [5, 1, 0, 0, 0, 0]),
    ("", "（三）不予公开", "1.属于国家秘密", [1, 0, 0, 0, 0, 0]),
    ("", "", "2.其他法律行政法规禁止公开", [0, 0, 0, 0, 0, 0]),
    ("", "", "3.危及“三安全一稳定”", [0, 0, 0, 0, 0, 0]),
    ("", "", "4.保护第三方合法权益", [2, 0, 0, 0, 0, 0]),
    ("", "", "5.属于三类内部事务信息", [1, 0, 0, 0, 0, 0]),
    ("", "", "6.属于四类过程性信息", [1, 0, 0, 0, 0, 0]),
    ("", "", "7.属于行政执法案卷", [0, 0, 0, 0, 0, 0]),
    ("", "", "8.属于行政查询事项", [0, 0, 0, 0, 0, 0]),
    ("", "（四）无法提供", "1.本机关不掌握相关政府信息", [4, 1, 0, 0, 0, 0]),
    ("", "", "2.没有现成信息需要另行制作", [1, 0, 0, 0, 0, 0]),
    ("", "", "3.补正后申请内容仍不明确", [1, 0, 0, 0, 0, 0]),
    ("", "（五）不予处理", "1.信访举报投诉类申请", [2, 0, 0, 0, 0, 0]),
    ("", "", "2.重复申请", [1, 0, 0, 0, 0, 0]),
    ("", "", "3.要求提供公开出版物", [0, 0, 0, 0, 0, 0]),
    ("", "", "4.无正当理由大量反复申请", [0, 0, 0, 0, 0, 0]),
    ("", "", "5.要求行政机关确认或重新出具已获取信息", [0, 0, 0, 0, 0, 0]),
    (
        "",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        [1, 0, 0, 0, 0, 0],
    ),
    ("", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0] * 6),
    ("", "", "3.其他", [1, 0, 0, 0, 1, 0]),
    ("", "（七）总计", "", [41, 5, 1, 0, 2, 1]),
    ("四、结转下年度继续办理", "", "", [2, 1, 0, 0, 0, 0]),
]

T4_2023 = [2, 1, 0, 1, 4, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0]

T2_2021 = [
    (
        "第二十条第（一）项",
        ["本年制发件数", "本年废止件数", "现行有效件数"],
        [("规章", [0, 0, 0]), ("行政规范性文件", [5, 2, 31])],
    ),
    ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [1520])]),
    ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", [236]), ("行政强制", [18])]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", [12.5])]),
]

T2_2019 = [
    (
        "第二十条第（一）项",
        ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        [("规章", [0, 0, 0]), ("规范性文件", [6, 6, 28])],
    ),
    (
        "第二十条第（五）项",
        ["上一年项目数量", "本年增/减", "处理决定数量"],
        [("行政许可", [64, "-3", 1388]), ("其他对外管理服务事项", [12, "+2", 96])],
    ),
    (
        "第二十条第（六）项",
        ["上一年项目数量", "本年增/减", "处理决定数量"],
        [("行政处罚", [310, "+12", 198]), ("行政强制", [21, "减4", 15])],
    ),
    ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], [("行政事业性收费", [3, 0])]),
    ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [("政府集中采购", [7, "251000元"])]),
]


def _with_total(values: list[int | None]) -> list[int | None]:
    present = [v for v in values if v is not None]
    return [*values, sum(present)]


def write_table2(sheet: Worksheet, blocks: list[Any]) -> None:
    sheet.append(["二、主动公开政府信息情况"])
    for title, heads, rows in blocks:
        sheet.append([title])
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=4
        )
        sheet.append(["信息内容", *heads])
        if len(heads) == 1:  # a one-column block spans the width of the table
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=4
            )
        for label, values in rows:
            sheet.append([label, *values])
            if len(values) == 1:
                sheet.merge_cells(
                    start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=4
                )
    sheet.append([])


def write_table3(sheet: Worksheet, rows: list[tuple[str, str, str, list[int | None]]]) -> None:
    """Table 三 as published: labels over A:C, heads over three rows, the note in the corner."""
    sheet.append(["三、收到和处理政府信息公开申请情况"])
    top = sheet.max_row + 1
    sheet.append([NOTE, None, None, "申请人情况"])
    sheet.append([None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"])
    sheet.append([None, None, None, None, *APPLICANTS])
    sheet.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=3)
    sheet.merge_cells(start_row=top, start_column=4, end_row=top, end_column=10)
    sheet.merge_cells(start_row=top + 1, start_column=4, end_row=top + 2, end_column=4)
    sheet.merge_cells(start_row=top + 1, start_column=5, end_row=top + 1, end_column=9)
    sheet.merge_cells(start_row=top + 1, start_column=10, end_row=top + 2, end_column=10)
    for first, second, third, values in rows:
        sheet.append([first or None, second or None, third or None, *_with_total(values)])
        row = sheet.max_row
        if first and not second:  # 一、二、四: one label over three columns
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        elif second and not third:  # （一）（二）（七）: one label over two columns
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    # The group labels (三、本年度办理结果 and （三）…（六）) run down their rows.
    last = sheet.max_row
    results = next(
        r for r in range(top, last + 1) if sheet.cell(r, 1).value == "三、本年度办理结果"
    )
    totals = next(r for r in range(top, last + 1) if sheet.cell(r, 2).value == "（七）总计")
    sheet.merge_cells(start_row=results, start_column=1, end_row=totals, end_column=1)
    starts = [
        r for r in range(results, totals) if sheet.cell(r, 3).value and sheet.cell(r, 2).value
    ]
    for start in starts:
        end = start
        while (
            end + 1 < totals
            and sheet.cell(end + 1, 2).value is None
            and sheet.cell(end + 1, 3).value
        ):
            end += 1
        if end > start:
            sheet.merge_cells(start_row=start, start_column=2, end_row=end, end_column=2)
    sheet.append([])


def write_table4(sheet: Worksheet, values: list[int | str | None]) -> None:
    sheet.append(["四、政府信息公开行政复议、行政诉讼情况"])
    top = sheet.max_row + 1
    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    sheet.append(["行政复议", None, None, None, None, "行政诉讼"])
    sheet.append([None] * 5 + ["未经复议直接起诉", None, None, None, None, "复议后起诉"])
    sheet.append(leaves * 3)
    sheet.append(values)
    sheet.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=5)
    sheet.merge_cells(start_row=top, start_column=6, end_row=top, end_column=15)
    sheet.merge_cells(start_row=top + 1, start_column=6, end_row=top + 1, end_column=10)
    sheet.merge_cells(start_row=top + 1, start_column=11, end_row=top + 1, end_column=15)


def report_workbook(
    path: Path,
    year: int,
    table2: list[Any],
    table3: list[tuple[str, str, str, list[int | None]]],
    table4: list[int | str | None],
    edit: dict[tuple[str, str], object] | None = None,
    agency: str = AGENCY,
) -> None:
    """The three tables on one sheet; ``edit`` overwrites cells found by (row text, column)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "统计表"
    sheet.append([f"{agency}{year}年政府信息公开工作年度报告"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["（统计表部分）"])
    sheet.append([])
    write_table2(sheet, table2)
    write_table3(sheet, table3)
    write_table4(sheet, table4)
    sheet.append([])
    sheet.append(["注：行政复议、行政诉讼数量含上年度结转数量。"])
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for (text, column), value in (edit or {}).items():
        _edit(sheet, text, column, value)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["C"].width = 40
    book.save(path)


def _edit(sheet: Worksheet, text: str, column: str, value: object) -> None:
    """Overwrite the cell of the row labelled ``text`` in sheet column ``column``."""
    for row in sheet.iter_rows():
        if any(c.value == text for c in row):
            sheet[f"{column}{row[0].row}"] = value
            return
    raise KeyError(text)


def t3_2019(rows: list[tuple[str, str, str, list[int | None]]]) -> list[Any]:
    """Form 2019's table 三: （六）其他处理 is one row."""
    out: list[Any] = []
    other = [0] * 6
    for first, second, third, values in rows:
        if third.startswith(("1.申请人无正当理由", "2.申请人逾期未按", "3.其他")):
            other = [a + (b or 0) for a, b in zip(other, values, strict=True)]
            if third.startswith("3.其他"):
                out.append(("", "（六）其他处理", "", other))
            continue
        out.append((first, second, third, values))
    return out


def make(here: Path) -> list[Path]:
    """Write the form-2021 and form-2019 examples into ``here``."""
    made = []
    consistent = here / "2023-form2021.xlsx"
    report_workbook(consistent, 2023, T2_2021, T3_2021, T4_2023)
    made.append(consistent)

    # Typical errors: a row whose 总计 is not its sum (予以公开: 27 for 26); a column breaking
    # the 勾稽 note (商业企业: 结转 2 where 5 + 1 = 5 + 1); table 四's 总计 0 over non-zero
    # parts; a blank cell (科研机构 of 2.其他法律行政法规禁止公开).
    errors = here / "2023-form2021-errors.xlsx"
    report_workbook(
        errors,
        2023,
        T2_2021,
        T3_2021,
        [*T4_2023[:4], 0, *T4_2023[5:]],
        edit={
            ("（一）予以公开", "J"): 27,
            ("四、结转下年度继续办理", "E"): 2,
            ("四、结转下年度继续办理", "J"): 4,
            ("2.其他法律行政法规禁止公开", "F"): None,
        },
    )
    made.append(errors)

    # Last year's report (2022): its 结转下年度继续办理 should be this year's 上年结转
    # (3, 1, 0, 0, 0, 0); it says 4 for 自然人. Its 现行有效件数 28 + 5 − 2 = 31 holds.
    previous_rows = [
        ("一、本年新收政府信息公开申请数量", "", "", [35, 4, 0, 1, 1, 0]),
        ("二、上年结转政府信息公开申请数量", "", "", [2, 0, 0, 0, 0, 0]),
        *[(a, b, c, v) for a, b, c, v in T3_2021[2:-2]],
        ("", "（七）总计", "", [41, 5, 1, 0, 2, 1]),
        ("四、结转下年度继续办理", "", "", [4, 1, 0, 0, 0, 0]),
    ]
    # make the 2022 table consistent in itself: 35+2 = 37 = 33 + 4, and so on per column.
    previous_rows[0] = ("一、本年新收政府信息公开申请数量", "", "", [43, 6, 1, 0, 2, 1])
    previous_rows[1] = ("二、上年结转政府信息公开申请数量", "", "", [2, 0, 0, 0, 0, 0])
    previous = here / "2022-form2021.xlsx"
    t2_prev = [
        (
            "第二十条第（一）项",
            ["本年制发件数", "本年废止件数", "现行有效件数"],
            [("规章", [0, 0, 0]), ("行政规范性文件", [4, 1, 28])],
        ),
        *T2_2021[1:],
    ]
    report_workbook(previous, 2022, t2_prev, previous_rows, [1, 0, 0, 0, 1] + [0] * 10)
    made.append(previous)

    form2019 = here / "2020-form2019.xlsx"
    report_workbook(form2019, 2020, T2_2019, t3_2019(T3_2021), T4_2023)
    made.append(form2019)
    return made
